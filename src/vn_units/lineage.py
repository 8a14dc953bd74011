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
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from vn_units._catalog import registry
from vn_units._errors import AmbiguousUnitError
from vn_units._registry import coerce_code
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


class Document(BaseModel):
    """A legal document that changed units, e.g. ``1656/NQ-UBTVQH15`` of 2025-06-16."""

    model_config = ConfigDict(frozen=True)

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
    ``"silent:A"``, ``"split:A"``, ``"contested:A"`` (see docs/provenance.md).

    >>> import vn_units
    >>> e = vn_units.legacy.provinces["02"].successors[0]          # Hà Giang
    >>> e.kind, e.current_unit.full_name, e.document
    ('whole', 'Tỉnh Tuyên Quang', '202/2025/QH15')
    """

    legacy_level: _LegacyLevel
    legacy_code: str
    current_level: _CurrentLevel
    current_code: str
    kind: Kind
    document: str
    effective_date: _dt.date
    evidence: str | None = None

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


class _RawEdge(BaseModel):
    model_config = ConfigDict(defer_build=True)

    legacy: str = Field(pattern=r"^\d{2,5}$")
    current: str = Field(pattern=r"^(\d{2}|\d{5})$")
    kind: Kind
    document: str
    evidence: str | None = None


class _RawDocument(BaseModel):
    model_config = ConfigDict(defer_build=True)

    title: str
    date: _dt.date


class _RawFile(BaseModel):
    """The shape of ``lineage.json``, validated in one pass when it is loaded."""

    model_config = ConfigDict(defer_build=True)

    effective_date: _dt.date
    documents: dict[str, _RawDocument]
    provinces: list[_RawEdge]
    districts: list[_RawEdge]
    communes: list[_RawEdge]


class _Lineage:
    """Edge indexes, loaded on first use, once, under a lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded = False
        self.documents: dict[str, Document] = {}
        self.by_legacy: dict[tuple[str, str], tuple[LineageEdge, ...]] = {}
        self.by_current: dict[tuple[str, str], tuple[LineageEdge, ...]] = {}
        self.edges: tuple[LineageEdge, ...] = ()

    def load(self) -> _Lineage:
        if self._loaded:
            return self
        with self._lock:
            if not self._loaded:
                from pydantic import ValidationError

                from vn_units._errors import DataError
                from vn_units._resources import read_bytes

                try:
                    raw = _RawFile.model_validate_json(read_bytes("lineage.json"))
                except ValidationError as exc:
                    raise DataError(f"bundled lineage.json failed validation: {exc}") from exc
                effective = raw.effective_date
                docs = {
                    number: Document(number=number, title=d.title, date=d.date)
                    for number, d in raw.documents.items()
                }
                edges: list[LineageEdge] = []
                groups: tuple[tuple[list[_RawEdge], _LegacyLevel, _CurrentLevel], ...] = (
                    (raw.provinces, "province", "province"),
                    (raw.districts, "district", "commune"),
                    (raw.communes, "commune", "commune"),
                )
                for group, legacy_level, current_level in groups:
                    for e in group:
                        if e.document not in docs:
                            raise DataError(f"lineage.json cites unknown {e.document!r}")
                        edges.append(
                            LineageEdge(
                                legacy_level, e.legacy, current_level, e.current,
                                e.kind, e.document, effective, e.evidence,
                            )
                        )
                by_legacy: dict[tuple[str, str], list[LineageEdge]] = {}
                by_current: dict[tuple[str, str], list[LineageEdge]] = {}
                for edge in edges:
                    by_legacy.setdefault((edge.legacy_level, edge.legacy_code), []).append(edge)
                    by_current.setdefault((edge.current_level, edge.current_code), []).append(
                        edge
                    )
                self.documents = docs
                self.edges = tuple(edges)
                self.by_legacy = {k: tuple(v) for k, v in by_legacy.items()}
                self.by_current = {k: tuple(v) for k, v in by_current.items()}
                self._loaded = True
        return self


_LINEAGE = _Lineage()


def edges() -> tuple[LineageEdge, ...]:
    """Every lineage edge (provinces, island districts, communes).

    >>> len([e for e in edges() if e.legacy_level == "province"])
    63
    """
    return _LINEAGE.load().edges


def _commune_pairs() -> list[tuple[str, str, str]]:
    """``(legacy level, legacy code, current code)`` of every edge into a current commune.

    For the address reader, which checks a skipped legacy district against the communes that
    took in part of it: read from the bundled file without building the edges (about 15 ms
    instead of 100 ms) unless they are built already. The file is the one :func:`edges`
    validates; a malformed one raises :class:`~vn_units.DataError` here too."""
    if _LINEAGE._loaded:
        return [
            (e.legacy_level, e.legacy_code, e.current_code)
            for e in _LINEAGE.edges if e.current_level == "commune"
        ]
    import json

    from vn_units._errors import DataError
    from vn_units._resources import read_bytes

    try:
        raw = json.loads(read_bytes("lineage.json"))
        return [
            (level, str(e["legacy"]), str(e["current"]))
            for level, group in (("district", raw["districts"]), ("commune", raw["communes"]))
            for e in group
        ]
    except (ValueError, KeyError, TypeError) as exc:
        raise DataError(f"bundled lineage.json is malformed: {exc!r}") from exc


def documents() -> dict[str, Document]:
    """The legal documents cited by the lineage, by number."""
    return dict(_LINEAGE.load().documents)


def successors_of(unit: Unit) -> tuple[LineageEdge, ...]:
    """Edges from a legacy unit. A legacy district that is not an island district has no edge
    of its own: its communes do (see :func:`convert`)."""
    return _LINEAGE.load().by_legacy.get((unit.level, unit.code), ())


def predecessors_of(unit: Unit) -> tuple[LineageEdge, ...]:
    """Edges into a current unit."""
    return _LINEAGE.load().by_current.get((unit.level, unit.code), ())


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
            raise TypeError(
                "pass a legacy unit, or a code as a zero-padded str (2, 3 or 5 digits) "
                "or with level='province' | 'district' | 'commune'"
            )
        width = len(unit_or_code.strip())
        level = {2: "province", 3: "district", 5: "commune"}.get(width)
        if level is None:
            coerce_code(unit_or_code, "commune")  # raises InvalidCodeError for junk
            raise TypeError(
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
    lineage = _LINEAGE.load()
    found: Sequence[LineageEdge] = lineage.by_legacy.get((unit.level, unit.code), ())
    if not found and isinstance(unit, LegacyDistrict):
        found = [e for c in unit.communes for e in lineage.by_legacy.get(("commune", c.code), ())]
    seen: dict[tuple[str, str], Province | Commune] = {}
    for edge in found:
        key = (edge.current_level, edge.current_code)
        if key not in seen:
            seen[key] = edge.current_unit
    candidates = tuple(sorted(seen.values()))
    assert isinstance(unit, LegacyProvince | LegacyDistrict | LegacyCommune)
    return ConversionResult(source=unit, candidates=candidates, edges=tuple(found))
