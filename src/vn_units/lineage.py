"""Lineage between the eras, and conversion of legacy units to the current structure.

The lineage is an edge table: each edge says that a legacy unit went into a current unit,
``"whole"`` or ``"partial"``, by which legal document, from which date. A legacy commune split
between several current communes has one ``partial`` edge per part; conversion then returns
every candidate and says it is ambiguous, never picking one silently.

>>> import vn_units
>>> r = vn_units.convert(vn_units.legacy.provinces["80"])   # Long An
>>> r.one().full_name, r.one().code
('Tỉnh Tây Ninh', '80')
"""

from __future__ import annotations

import datetime as _dt
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal, TypeVar

from vn_units._catalog import registry
from vn_units._errors import AmbiguousUnitError, DataError, InvalidTypeError
from vn_units._records import Record
from vn_units._registry import coerce_code
from vn_units._types import LEVEL_BY_WIDTH
from vn_units.models import (
    Commune,
    LegacyCommune,
    LegacyDistrict,
    LegacyProvince,
    Province,
    Unit,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["ConversionResult", "Document", "LineageEdge", "convert"]

Kind = Literal["whole", "partial"]
_LegacyLevel = Literal["province", "district", "commune"]
_CurrentLevel = Literal["province", "commune"]


class Document(Record):
    """A legal document that changed units, e.g. ``1656/NQ-UBTVQH15`` of 2025-06-16."""

    __slots__ = ("date", "number", "title")
    _fields: ClassVar[tuple[str, ...]] = ("number", "title", "date")

    number: str
    title: str
    date: _dt.date


@dataclass(frozen=True, slots=True)
class LineageEdge:
    """One edge of the lineage: a legacy unit went (wholly or partly) into a current unit.

    ``legacy_level`` is ``"province"``, ``"district"`` (island districts that became a đặc
    khu) or ``"commune"``; ``current_level`` is ``"province"`` or ``"commune"``. ``kind`` is
    ``"whole"`` or ``"partial"``; ``document`` the legal document's number; ``evidence`` (commune
    edges) how the data build settled the edge: ``"agree:A+B+C"`` and the like, or
    ``"silent:A"``, ``"split:A"``, ``"contested:A"`` (see docs/provenance.md); ``clause`` the
    clause of the document that names the edge, where it was found in the text (all commune
    edges but 2, and the island districts: ``"Điều 1 khoản 107"``), else ``None`` (the 63
    province edges: the text of 202/2025/QH15 is not in the sources).

    >>> import vn_units
    >>> e = vn_units.legacy.provinces["02"].successors[0]          # Hà Giang
    >>> e.kind, e.current_unit.full_name, e.document
    ('whole', 'Tỉnh Tuyên Quang', '202/2025/QH15')
    >>> [(e.current_code, e.kind, e.clause) for e in vn_units.legacy.communes["11461"].successors]
    [('11455', 'partial', 'Điều 1 khoản 19'), ('11737', 'partial', 'Điều 1 khoản 18')]
    """

    legacy_level: _LegacyLevel
    legacy_code: str
    current_level: _CurrentLevel
    current_code: str
    kind: Kind
    document: str
    effective_date: _dt.date
    evidence: str | None = None
    clause: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        """The edge as JSON-ready values (the date in ISO form)."""
        return {
            "legacy_level": self.legacy_level,
            "legacy_code": self.legacy_code,
            "current_level": self.current_level,
            "current_code": self.current_code,
            "kind": self.kind,
            "document": self.document,
            "effective_date": self.effective_date.isoformat(),
            "evidence": self.evidence,
            "clause": self.clause,
        }

    @property
    def legacy_unit(self) -> LegacyProvince | LegacyDistrict | LegacyCommune:
        """The legacy unit at the start of the edge."""
        unit: LegacyProvince | LegacyDistrict | LegacyCommune = registry(
            "legacy", self.legacy_level
        )[self.legacy_code]
        return unit

    @property
    def current_unit(self) -> Province | Commune:
        """The current unit at the end of the edge."""
        from vn_units import current

        if self.current_level == "province":
            return current.provinces[self.current_code]
        return current.communes[self.current_code]

    @property
    def is_partial(self) -> bool:
        return self.kind == "partial"


# the columns of a row of lineage.json (databuild/legacy.py: lineage_rows)
_COLUMNS = "legacy|current|kind|document|evidence|clause"

# an edge, or the edges, of one unit: the edge itself where it is the unit's only one (most
# legacy communes: no 1-tuple each)
_Edges = LineageEdge | tuple[LineageEdge, ...]


class _Lineage:
    """The edge table, read on first use, once, under a lock: the rows of ``lineage.json`` by
    legacy unit, each unit's made into :class:`LineageEdge` objects the first time they are
    asked for (a first ``convert()`` makes a few edges, not 10,634), every edge the first time
    all are (:attr:`edges`, :meth:`by_current`). An edge is made without ``__init__`` (its
    slots set directly, as the records are), every str shared with the other edges that have
    it, and a unit's edges are the same objects however they were reached."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._loaded = False
        self.effective: _dt.date = _dt.date(2025, 7, 1)
        self.raw_documents: dict[str, tuple[str, str]] = {}
        # level -> legacy code -> its row, or rows, of lineage.json (until all edges are made)
        self._rows: dict[str, dict[str, str | tuple[str, ...]]] = {}
        # each group's legacy level and rows, in the order of the file (until all are made)
        self._lines: list[tuple[str, list[str]]] = []
        self._edges: tuple[LineageEdge, ...] | None = None
        # level -> code -> edges made so far (nested: no (level, code) tuple per unit)
        self.by_legacy: dict[str, dict[str, _Edges]] = {}
        self._by_current: dict[str, dict[str, _Edges]] | None = None
        self._documents: dict[str, Document] | None = None
        # every str of the edges made, shared: a code, a document, an evidence or a clause is
        # one object however many edges have it (the levels are literals)
        self._shared: dict[str, str] = {}

    def load(self) -> _Lineage:
        if self._loaded:
            return self
        with self._lock:
            if not self._loaded:
                from vn_units._resources import read_checked

                raw = read_checked("lineage.json")
                try:
                    self._index(raw)
                except DataError:
                    raise
                except (KeyError, TypeError, ValueError, AttributeError) as exc:
                    raise _malformed(exc) from exc
                self._loaded = True
        return self

    def _index(self, raw: dict[str, object]) -> None:
        documents: dict[str, tuple[str, str]] = {
            str(number): (str(d["title"]), str(d["date"]))
            for number, d in raw["documents"].items()  # type: ignore[attr-defined]
        }
        if raw["columns"] != _COLUMNS:
            raise DataError(f"lineage.json has columns {raw['columns']!r}, not {_COLUMNS!r}")
        effective = _dt.date.fromisoformat(str(raw["effective_date"]))
        rows: dict[str, dict[str, str | tuple[str, ...]]] = {}
        lines: list[tuple[str, list[str]]] = []
        for group, legacy_level in (
            ("provinces", "province"), ("districts", "district"), ("communes", "commune")
        ):
            table = rows.setdefault(legacy_level, {})
            found_lines: list[str] = raw[group]  # type: ignore[assignment]
            for line in found_lines:
                _group(table, line[: line.index("|")], line)
            lines.append((legacy_level, found_lines))
        self.effective = effective
        self.raw_documents = documents
        self._rows = rows
        self._lines = lines
        self.by_legacy = {level: {} for level in rows}

    def _made(self, level: str, code: str) -> _Edges | None:
        """The edges of a legacy unit, made now where they are not yet; None where it has
        none."""
        with self._lock:
            table = self.by_legacy.get(level)
            if table is None:
                return None
            found = table.get(code)
            if found is not None:
                return found
            rows = self._rows.get(level, _NO_ROWS).get(code)
            if rows is None:
                return None
            try:
                if type(rows) is tuple:
                    found = tuple(self._edge(level, row) for row in rows)
                else:
                    found = self._edge(level, rows)  # type: ignore[arg-type]
            except DataError:
                raise
            except (TypeError, ValueError) as exc:
                raise _malformed(exc) from exc
            table[code] = found
            return found

    def _edge(self, legacy_level: str, row: str) -> LineageEdge:
        legacy_code, current_code, kind, document, evidence, clause = row.split("|")
        if document not in self.raw_documents:
            raise DataError(f"lineage.json cites unknown {document!r}")
        share = self._shared.setdefault
        edge: LineageEdge = _new(LineageEdge)
        _SET_LEGACY_LEVEL(edge, legacy_level)
        _SET_LEGACY_CODE(edge, share(legacy_code, legacy_code))
        _SET_CURRENT_LEVEL(edge, "province" if legacy_level == "province" else "commune")
        _SET_CURRENT_CODE(edge, share(current_code, current_code))
        _SET_KIND(edge, share(kind, kind))
        _SET_DOCUMENT(edge, share(document, document))
        _SET_DATE(edge, self.effective)
        _SET_EVIDENCE(edge, share(evidence, evidence) if evidence else None)
        _SET_CLAUSE(edge, share(clause, clause) if clause else None)
        return edge

    @property
    def edges(self) -> tuple[LineageEdge, ...]:
        """Every edge, in the order of ``lineage.json`` (each unit's made now where not yet)."""
        found = self._edges
        if found is None:
            from vn_units._resources import bulk_load

            with self._lock, bulk_load():
                if self._edges is None:
                    out: list[LineageEdge] = []
                    for level, lines in self._lines:
                        seen: dict[str, int] = {}
                        for line in lines:
                            code = line[: line.index("|")]
                            made = self._made(level, code)
                            i = seen.get(code, 0)
                            seen[code] = i + 1
                            out.append(made if type(made) is LineageEdge else made[i])  # type: ignore[index]
                    self._edges = tuple(out)
                    self._lines = []
                    self._rows = {}
                    self._shared = {}  # (every edge is made: nothing more to share with)
                found = self._edges
        return found

    def code_pairs(self, level: str) -> list[tuple[str, str]]:
        """The legacy and current codes of every edge from a legacy unit of ``level``, in the
        order of ``lineage.json``, read from its rows where the edges are not all made (no edge
        is made for it)."""
        with self._lock:
            if self._edges is None:
                out: list[tuple[str, str]] = []
                for legacy_level, lines in self._lines:
                    if legacy_level == level:
                        for line in lines:
                            legacy_code, current_code, _rest = line.split("|", 2)
                            out.append((legacy_code, current_code))
                return out
            return [(e.legacy_code, e.current_code) for e in self._edges
                    if e.legacy_level == level]

    def by_current(self) -> dict[str, dict[str, _Edges]]:
        """The edges by current unit, grouped on first use (conversion needs the other way)."""
        found = self._by_current
        if found is None:
            with self._lock:
                if self._by_current is None:
                    groups: dict[str, dict[str, _Edges]] = {}
                    for edge in self.edges:
                        table = groups.get(edge.current_level)
                        if table is None:
                            table = groups[edge.current_level] = {}
                        _group(table, edge.current_code, edge)
                    self._by_current = groups
                found = self._by_current
        return found

    def edges_of(self, side: str, level: str, code: str) -> tuple[LineageEdge, ...]:
        """The edges from (``side="legacy"``) or into (``"current"``) one unit."""
        if side == "legacy":
            found = self.by_legacy.get(level, _NO_EDGES).get(code)
            if found is None:
                found = self._made(level, code)
        else:
            found = self.by_current().get(level, _NO_EDGES).get(code)
        if found is None:
            return ()
        return found if type(found) is tuple else (found,)  # type: ignore[return-value]

    def documents(self) -> dict[str, Document]:
        found = self._documents
        if found is None:
            found = self._documents = {
                number: Document._make(
                    {"number": number, "title": title, "date": _dt.date.fromisoformat(day)}
                )
                for number, (title, day) in self.raw_documents.items()
            }
        return found


_NO_EDGES: dict[str, _Edges] = {}


_NO_ROWS: dict[str, str | tuple[str, ...]] = {}


def _malformed(exc: Exception) -> DataError:
    return DataError(f"bundled lineage.json is malformed: {type(exc).__name__} {exc}")


# each slot's own setter (the dataclass is frozen: its __setattr__ refuses), and a bare edge
_SLOTS = LineageEdge.__dict__
_SET_LEGACY_LEVEL = _SLOTS["legacy_level"].__set__
_SET_LEGACY_CODE = _SLOTS["legacy_code"].__set__
_SET_CURRENT_LEVEL = _SLOTS["current_level"].__set__
_SET_CURRENT_CODE = _SLOTS["current_code"].__set__
_SET_KIND = _SLOTS["kind"].__set__
_SET_DOCUMENT = _SLOTS["document"].__set__
_SET_DATE = _SLOTS["effective_date"].__set__
_SET_EVIDENCE = _SLOTS["evidence"].__set__
_SET_CLAUSE = _SLOTS["clause"].__set__
_new = object.__new__


_T = TypeVar("_T")


def _group(table: dict[str, _T | tuple[_T, ...]], code: str, item: _T) -> None:
    """Add ``item`` (an edge, or its row) to those of ``code`` in ``table``, after those already
    there: one item is kept alone, several as a tuple."""
    found: _T | tuple[_T, ...] | None = table.get(code)
    if found is None:
        table[code] = item
    elif type(found) is tuple:
        table[code] = (*found, item)
    else:
        table[code] = (found, item)  # type: ignore[assignment]


_LINEAGE = _Lineage()


def edges() -> tuple[LineageEdge, ...]:
    """Every lineage edge (provinces, island districts, communes).

    >>> len([e for e in edges() if e.legacy_level == "province"])
    63
    """
    return _LINEAGE.load().edges


def code_pairs(level: str) -> list[tuple[str, str]]:
    """(legacy code, current code) of every edge from a legacy unit of ``level``, in the order
    of ``lineage.json``, without making the edges (the address reader's use).

    >>> ("77", "79") in code_pairs("province")  # Bà Rịa - Vũng Tàu went into Hồ Chí Minh City
    True
    """
    return _LINEAGE.load().code_pairs(level)


def documents() -> dict[str, Document]:
    """The legal documents cited by the lineage, by number."""
    return dict(_LINEAGE.load().documents())


def successors_of(unit: Unit) -> tuple[LineageEdge, ...]:
    """Edges from a legacy unit. A legacy district that is not an island district has no edge
    of its own: its communes do (see :func:`convert`)."""
    return _LINEAGE.load().edges_of("legacy", unit.level, unit.code)


def predecessors_of(unit: Unit) -> tuple[LineageEdge, ...]:
    """Edges into a current unit."""
    return _LINEAGE.load().edges_of("current", unit.level, unit.code)


@dataclass(frozen=True, slots=True)
class ConversionResult:
    """The current units a legacy unit went into.

    ``candidates`` lists every current unit, ``edges`` the lineage edges behind them, and
    ``is_ambiguous`` is true when there is more than one candidate (a split commune, or a
    district spread over several communes). ``one()`` returns the single candidate or raises
    :class:`~vn_units.AmbiguousUnitError` listing them.

    >>> import vn_units
    >>> r = vn_units.convert(vn_units.legacy.districts["760"])    # legacy Quận 1
    >>> r.is_ambiguous, r.province.name
    (True, 'Hồ Chí Minh')
    """

    source: LegacyProvince | LegacyDistrict | LegacyCommune | Province | Commune
    candidates: tuple[Province | Commune, ...]
    edges: tuple[LineageEdge, ...]

    @property
    def is_ambiguous(self) -> bool:
        return len(self.candidates) > 1

    def one(self) -> Province | Commune:
        """The single current unit, or :class:`AmbiguousUnitError` listing the candidates."""
        if len(self.candidates) == 1:
            return self.candidates[0]
        raise AmbiguousUnitError(
            self.source.describe(),
            self.candidates,
            hint="The legacy unit was split; street-level detail is needed to choose.",
        )

    @property
    def province(self) -> Province:
        """The current province of every candidate (always one: each legacy province went
        wholly into one current province)."""
        first = self.candidates[0]
        return first if isinstance(first, Province) else first.province


def _legacy_unit(unit_or_code: object, level: str | None) -> Unit:
    if isinstance(unit_or_code, Unit):
        return unit_or_code

    if level is None:
        if not isinstance(unit_or_code, str):
            raise InvalidTypeError(
                "pass a legacy unit, or a code as a zero-padded str (2, 3 or 5 digits) "
                "or with level='province' | 'district' | 'commune'"
            )
        width = len(unit_or_code.strip())
        level = LEVEL_BY_WIDTH.get(width)
        if level is None:
            coerce_code(unit_or_code, "commune")  # raises InvalidCodeError for junk
            raise InvalidTypeError(
                f"cannot tell the level of code {unit_or_code!r}: pass level='province' | "
                "'district' | 'commune'"
            )
    found: Unit = registry("legacy", level)[unit_or_code]
    return found


def convert(unit_or_code: object, *, level: str | None = None) -> ConversionResult:
    """Convert a legacy unit (or a legacy code) to the current unit(s) it went into.

    A bare code is always read as a *legacy* code here (conversion starts in the legacy era):
    2 digits a province, 3 a district, 5 a commune, or say ``level=``. A current unit converts
    to itself.

    >>> import vn_units
    >>> r = vn_units.convert("26743")           # legacy Phường Bến Thành, Quận 1
    >>> r.is_ambiguous, r.one().full_name
    (False, 'Phường Bến Thành')
    >>> r = vn_units.convert("09796")           # legacy Xã Hồng Hà, Đan Phượng: split
    >>> r.is_ambiguous, len(r.candidates)
    (True, 4)
    """
    unit = _legacy_unit(unit_or_code, level)
    if unit.era == "current":
        assert isinstance(unit, Province | Commune)
        return ConversionResult(source=unit, candidates=(unit,), edges=())
    done = _CONVERTED.get((unit.level, unit.code))
    if done is not None:  # each legacy unit is converted once: the result is immutable
        return done
    lineage = _LINEAGE.load()
    found: Sequence[LineageEdge] = lineage.edges_of("legacy", unit.level, unit.code)
    if not found and isinstance(unit, LegacyDistrict):
        found = [e for c in unit.communes for e in lineage.edges_of("legacy", "commune", c.code)]
    seen: dict[tuple[str, str], Province | Commune] = {}
    for edge in found:
        key = (edge.current_level, edge.current_code)
        if key not in seen:
            seen[key] = edge.current_unit
    candidates = tuple(sorted(seen.values()))
    assert isinstance(unit, LegacyProvince | LegacyDistrict | LegacyCommune)
    result = ConversionResult(source=unit, candidates=candidates, edges=tuple(found))
    return _CONVERTED.setdefault((unit.level, unit.code), result)


# the conversion of each legacy unit converted so far, by (level, code)
_CONVERTED: dict[tuple[str, str], ConversionResult] = {}
