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
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

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


class LineageEdge(BaseModel):
    """One edge of the lineage: a legacy unit went (wholly or partly) into a current unit.

    >>> import vn_units
    >>> e = vn_units.legacy.provinces["02"].successors[0]          # Hà Giang
    >>> e.kind, e.current_unit.full_name, e.document
    ('whole', 'Tỉnh Tuyên Quang', '202/2025/QH15')
    """

    model_config = ConfigDict(frozen=True)

    legacy_level: Literal["province", "district", "commune"]
    legacy_code: str
    current_level: Literal["province", "commune"]
    current_code: str
    kind: Kind
    document: str = Field(description="Number of the legal document, e.g. '1656/NQ-UBTVQH15'")
    effective_date: _dt.date
    evidence: str | None = Field(
        default=None,
        description="How the data build settled the edge (commune edges only): 'agree:A+B+C' "
        "and the like, or 'silent:A', 'split:A', 'contested:A'; see docs/provenance.md",
    )

    @property
    def legacy_unit(self) -> LegacyProvince | LegacyDistrict | LegacyCommune:
        """The legacy unit at the start of the edge."""
        from vn_units import legacy

        registry: Any = getattr(legacy, _PLURAL[self.legacy_level])
        unit: LegacyProvince | LegacyDistrict | LegacyCommune = registry[self.legacy_code]
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


_PLURAL = {"province": "provinces", "district": "districts", "commune": "communes"}


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
                from vn_units._errors import DataError
                from vn_units._resources import read_json

                raw = read_json("lineage.json")
                try:
                    effective = _dt.date.fromisoformat(raw["effective_date"])
                    docs = {
                        number: Document(number=number, title=d["title"], date=d["date"])
                        for number, d in raw["documents"].items()
                    }
                    edges: list[LineageEdge] = []
                    groups: tuple[tuple[str, _LegacyLevel, _CurrentLevel], ...] = (
                        ("provinces", "province", "province"),
                        ("districts", "district", "commune"),
                        ("communes", "commune", "commune"),
                    )
                    for group, legacy_level, current_level in groups:
                        for e in raw[group]:
                            edges.append(
                                LineageEdge(
                                    legacy_level=legacy_level,
                                    legacy_code=e["legacy"],
                                    current_level=current_level,
                                    current_code=e["current"],
                                    kind=e["kind"],
                                    document=e["document"],
                                    effective_date=effective,
                                    evidence=e.get("evidence"),
                                )
                            )
                except (KeyError, TypeError, ValueError) as exc:
                    raise DataError(f"bundled lineage.json is malformed: {exc!r}") from exc
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


class ConversionResult(BaseModel):
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

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

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
    from vn_units import legacy

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
    registry: Any = getattr(legacy, _PLURAL[level])
    found: Unit = registry[unit_or_code]
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
