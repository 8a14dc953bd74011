"""The dated history: every province, district and commune from 2021-11-01 to 2025-06-30.

The statistics office's list at eleven dates (2021-11-01 .. 2025-03-01, the day each batch of
resolutions took effect) and the legacy tables of 2025-06-30 make the snapshots;
``history.json`` keeps each unit's versions (type, name, parent, ``valid_from`` inclusive,
``valid_to`` exclusive) and the change events between snapshots, each with the resolution(s)
the source gives for it. Nothing is read until first use; then once, under a lock.

>>> import vn_units
>>> h = vn_units.on("2023-01-01")
>>> h.districts["448"].full_name, h.districts["448"].valid_to      # Lộc Hà, merged 2025-01-01
('Huyện Lộc Hà', datetime.date(2025, 1, 1))
>>> [u.full_name for u in vn_units.history.successors("448", on="2023-01-01", level="district")]
['Thành phố Hà Tĩnh', 'Huyện Thạch Hà']
"""

from __future__ import annotations

import datetime as _dt
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, NamedTuple

from vn_units._errors import (
    AmbiguousUnitError,
    DateOutOfRangeError,
    InvalidArgumentError,
    UnitNotFoundError,
    check_choice,
)
from vn_units._registry import coerce_code
from vn_units._types import LEVEL_BY_WIDTH, UnitType

if TYPE_CHECKING:
    from vn_units.models import Commune, LegacyCommune, LegacyDistrict, LegacyProvince, Province

__all__ = [
    "ChangeEvent",
    "HistoricConversion",
    "HistoricUnit",
    "Snapshot",
    "convert",
    "events",
    "full_name_on",
    "on",
    "predecessors",
    "snapshot_dates",
    "successors",
]

HistoryLevel = Literal["province", "district", "commune"]
_LEVELS: tuple[HistoryLevel, ...] = ("province", "district", "commune")
_CURRENT_START = _dt.date(2025, 7, 1)


class HistoricUnit(NamedTuple):
    """One unit as it was over a span of dates: ``valid_from`` (inclusive; the first snapshot,
    2021-11-01, for a unit that existed then) to ``valid_to`` (exclusive; ``None`` when it is
    still so on 2025-06-30). ``parent_code`` is the district of a commune, the province of a
    district, ``None`` for a province.

    >>> u = on("2022-01-01").communes["27139"]                     # Quận 3, HCMC
    >>> u.full_name, u.parent_code, u.valid_to is None
    ('Phường Võ Thị Sáu', '770', True)
    """

    level: HistoryLevel
    code: str
    type: UnitType
    name: str
    parent_code: str | None
    valid_from: _dt.date
    valid_to: _dt.date | None

    @property
    def full_name(self) -> str:
        """Type and name, as written on a date the version was valid ("Huyện Lộc Hà")."""
        return f"{self.type.capitalized} {self.name}"

    def describe(self) -> str:
        end = self.valid_to.isoformat() if self.valid_to else "2025-06-30"
        return f"{self.full_name} [{self.code}] ({self.valid_from.isoformat()} to {end})"

    def __str__(self) -> str:
        return self.full_name


@dataclass(frozen=True, slots=True)
class ChangeEvent:
    """A change between two snapshots, dated by the day it took effect.

    ``kind`` is ``"rename"``, ``"type"``, ``"parent"`` (``before`` / ``after`` hold the old and
    new name, type or parent code), ``"merge"`` (the unit ended; ``into`` the codes it went
    into on that date, empty when the source does not tell) or ``"create"``. ``documents`` are
    the resolutions the source gives for the batch that brought the change in (see
    docs/history.md: exact for most dates, the headline resolution only for 2024-11-01 and
    2025-01-01); a merger settled from the resolution's text has that resolution instead.
    ``clause`` is the clause of the resolution that makes the change (``"Điều 1 khoản 8 điểm
    h"``) where it is known, else ``None`` (most events: the snapshots give none).

    >>> e = [e for e in events(level="district") if e.code == "448"][0]
    >>> e.kind, e.before, e.into, e.date.isoformat(), e.documents
    ('merge', 'Lộc Hà', ('436', '445'), '2025-01-01', ('1318/NQ-UBTVQH15',))
    """

    date: _dt.date
    level: HistoryLevel
    kind: str
    code: str
    before: str | None
    after: str | None
    into: tuple[str, ...]
    documents: tuple[str, ...]
    clause: str | None = None


class _History:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded = False
        self.start = _dt.date(2021, 11, 1)
        self.end = _dt.date(2025, 6, 30)
        self.dates: tuple[_dt.date, ...] = ()
        self.versions: dict[str, dict[str, tuple[HistoricUnit, ...]]] = {}
        self.events: tuple[ChangeEvent, ...] = ()
        self.ends: dict[tuple[str, str], list[ChangeEvent]] = {}
        self.snapshots: dict[_dt.date, Snapshot] = {}

    def load(self) -> _History:
        if self._loaded:
            return self
        with self._lock:
            if not self._loaded:
                from vn_units._errors import DataError
                from vn_units._resources import bulk_load, read_checked

                with bulk_load():
                    raw = read_checked("history.json")
                    try:
                        self._build(raw)
                    except (KeyError, TypeError, ValueError, AttributeError) as exc:
                        raise DataError(
                            f"bundled history.json is malformed: {type(exc).__name__} {exc}"
                        ) from exc
                self._loaded = True
        return self

    def _build(self, raw: dict[str, object]) -> None:
        day = _dt.date.fromisoformat
        self.start, self.end = day(str(raw["start"])), day(str(raw["end"]))
        self.dates = tuple(day(s["date"]) for s in raw["snapshots"])  # type: ignore[attr-defined]
        dates: dict[str, _dt.date | None] = {"": None}
        types = {t.value: t for t in UnitType}
        make = HistoricUnit
        for level, key in zip(_LEVELS, ("provinces", "districts", "communes"), strict=True):
            by_code: dict[str, list[HistoricUnit]] = {}
            for row in raw[key]:  # type: ignore[attr-defined]
                code, typ, name, parent, start, stop = row.split("|")
                if start not in dates:
                    dates[start] = day(start)
                if stop not in dates:
                    dates[stop] = day(stop)
                unit = make(level, code, types[typ], name, parent or None,
                            dates[start], dates[stop])  # type: ignore[arg-type]
                same = by_code.get(code)
                if same is None:
                    by_code[code] = [unit]
                else:
                    same.append(unit)
            self.versions[level] = {c: tuple(v) for c, v in by_code.items()}
        found: list[ChangeEvent] = []
        for e in raw["events"]:  # type: ignore[attr-defined]
            kind = e["kind"]
            before = e.get("from")
            after = e.get("to")
            found.append(ChangeEvent(
                day(e["date"]), e["level"], kind, e["code"], before, after,
                tuple(e.get("into") or ()), tuple(e["documents"]), e.get("clause")))
        self.events = tuple(found)
        for ev in self.events:
            if ev.kind == "merge":
                self.ends.setdefault((ev.level, ev.code), []).append(ev)


_HISTORY = _History()


def _date(when: object) -> _dt.date:
    h = _HISTORY.load()
    start, end = h.start.isoformat(), h.end.isoformat()
    if isinstance(when, _dt.datetime):
        when = when.date()
    if isinstance(when, str):
        try:
            day = _dt.date.fromisoformat(when.strip())
        except ValueError:
            raise DateOutOfRangeError(
                when, start, end, "not a date (write it as YYYY-MM-DD)") from None
    elif isinstance(when, _dt.date):
        day = when
    else:
        raise DateOutOfRangeError(when, start, end, "not a date (a datetime.date or YYYY-MM-DD)")
    if day < h.start:
        raise DateOutOfRangeError(
            when, start, end,
            "no permissively licensed source of the statistics office's list before 2021-11-01"
            " was found (see docs/history.md)")
    if day > h.end:
        raise DateOutOfRangeError(
            when, start, end,
            "from 2025-07-01 use the current era (vn_units.provinces, vn_units.communes)")
    return day


class _Level(Mapping[str, HistoricUnit]):
    """The units of one level on one date, by code (codes are coerced like the registries')."""

    def __init__(self, level: HistoryLevel, day: _dt.date,
                 versions: dict[str, tuple[HistoricUnit, ...]]) -> None:
        self.level = level
        self.date = day
        self._units = {
            code: v for code, vs in versions.items() for v in vs
            if v.valid_from <= day and (v.valid_to is None or day < v.valid_to)
        }

    def __getitem__(self, code: object) -> HistoricUnit:
        key = coerce_code(code, self.level)
        found = self._units.get(key)
        if found is None:
            raise UnitNotFoundError(
                code, f"history {self.date.isoformat()}", self.level,
                hint=_elsewhere(self.level, key, self.date))
        return found

    def get(self, code: object, default: object = None) -> HistoricUnit | None:  # type: ignore[override]
        try:
            return self[code]
        except KeyError:
            return None

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._units))

    def __len__(self) -> int:
        return len(self._units)

    def __repr__(self) -> str:
        return f"<{len(self)} {self.level}s on {self.date.isoformat()}>"


def _elsewhere(level: str, code: str, day: _dt.date) -> str:
    versions = _HISTORY.load().versions[level].get(code, ())
    if not versions:
        return f"no {level} of the dated history has code {code}"
    spans = ", ".join(v.describe() for v in versions)
    return f"code {code} was {spans}, not on {day.isoformat()}"


class Snapshot:
    """The hierarchy on one date: ``provinces``, ``districts`` and ``communes``, each a
    read-only mapping from code to :class:`HistoricUnit`.

    >>> s = on("2021-12-31")
    >>> len(s.provinces), len(s.districts), len(s.communes)
    (63, 705, 10599)
    >>> s.communes["27139"].full_name
    'Phường Võ Thị Sáu'
    """

    def __init__(self, day: _dt.date) -> None:
        h = _HISTORY.load()
        self.date = day
        self.provinces = _Level("province", day, h.versions["province"])
        self.districts = _Level("district", day, h.versions["district"])
        self.communes = _Level("commune", day, h.versions["commune"])

    def level(self, level: str) -> Mapping[str, HistoricUnit]:
        """The mapping of one level by name ("province", "district", "commune")."""
        check_choice("level", level, _LEVELS)
        found: Mapping[str, HistoricUnit] = getattr(self, level + "s")
        return found

    def __repr__(self) -> str:
        return (f"<Snapshot {self.date.isoformat()}: {len(self.provinces)} provinces, "
                f"{len(self.districts)} districts, {len(self.communes)} communes>")


def snapshot_dates() -> tuple[_dt.date, ...]:
    """The dates the source lists were taken at (the last one holds until 2025-06-30).

    >>> [d.isoformat() for d in snapshot_dates()][:3]
    ['2021-11-01', '2022-04-10', '2022-07-01']
    """
    return _HISTORY.load().dates


def on(when: _dt.date | str) -> Snapshot:
    """The hierarchy in force on a date from 2021-11-01 to 2025-06-30 ("on a date" counts
    from the day a change took effect). Other dates raise :class:`~vn_units.DateOutOfRangeError`.

    >>> on("2024-10-31").districts["448"].name, len(on("2025-06-30").communes)
    ('Lộc Hà', 10035)
    """
    day = _date(when)
    h = _HISTORY.load()
    found = h.snapshots.get(day)
    if found is None:
        found = h.snapshots.setdefault(day, Snapshot(day))
    return found


def _unit(unit_or_code: object, when: object, level: str | None) -> HistoricUnit:
    if isinstance(unit_or_code, HistoricUnit):
        return unit_or_code
    if when is None:
        raise InvalidArgumentError("on", when, "a date for a code (YYYY-MM-DD)")
    if level is None:
        if not isinstance(unit_or_code, str):
            raise InvalidArgumentError(
                "level", level, "'province', 'district' or 'commune' for a code that is not a "
                "zero-padded str")
        level = LEVEL_BY_WIDTH.get(len(unit_or_code.strip()))
        if level is None:
            coerce_code(unit_or_code, "commune")  # InvalidCodeError for junk
            raise InvalidArgumentError("level", level, "given for a code of this width")
    check_choice("level", level, _LEVELS)
    found: _Level = on(when).level(level)  # type: ignore[arg-type, assignment]
    return found[unit_or_code]


def _finals(level: str, code: str, after: _dt.date, seen: frozenset[str]) -> list[str]:
    h = _HISTORY.load()
    versions = h.versions[level].get(code, ())
    if versions and versions[-1].valid_to is None:
        return [code]
    ends = [e for e in h.ends.get((level, code), ()) if e.date > after]
    if not ends or code in seen:
        return []
    end = min(ends, key=lambda e: e.date)
    out: list[str] = []
    for target in end.into:
        for x in _finals(level, target, end.date, seen | {code}):
            if x not in out:
                out.append(x)
    return out


def successors(unit_or_code: object, *, on: _dt.date | str | None = None,
               level: str | None = None) -> tuple[LegacyProvince | LegacyDistrict | LegacyCommune,
                                                  ...]:
    """The units of 2025-06-30 (legacy era) that a unit of ``on`` went into, across any number
    of renames and mergers; empty when the source does not say where a merged unit went.
    ``on`` is needed for a code, not for a :class:`HistoricUnit`.

    >>> [u.full_name for u in successors("13540", on="2022-01-01")]   # An Nội, Nam Định
    ['Xã Bình An']
    """
    unit = _unit(unit_or_code, on, level)
    from vn_units._catalog import registry

    reg = registry("legacy", unit.level)
    return tuple(reg[c] for c in _finals(unit.level, unit.code, unit.valid_from, frozenset()))


def predecessors(unit_or_code: object, *, level: str | None = None) -> tuple[HistoricUnit, ...]:
    """Every earlier version of a unit of 2025-06-30 and of the units merged into it since
    2021-11-01, oldest first (the unit's own versions included).

    >>> [(u.name, u.valid_to.isoformat()) for u in predecessors("445", level="district")
    ...  if u.code != "445"]
    [('Lộc Hà', '2025-01-01')]
    """
    from vn_units._catalog import registry

    if level is None and isinstance(unit_or_code, str):
        level = LEVEL_BY_WIDTH.get(len(unit_or_code.strip()))
    lv = getattr(unit_or_code, "level", level)
    if lv is None:
        raise InvalidArgumentError("level", level, "'province', 'district' or 'commune'")
    check_choice("level", lv, _LEVELS)
    code = getattr(unit_or_code, "code", None) or registry("legacy", lv)[unit_or_code].code
    h = _HISTORY.load()
    out = [v for c, vs in h.versions[lv].items() for v in vs
           if code in _finals(lv, c, v.valid_from, frozenset())]
    return tuple(sorted(out, key=lambda v: (v.valid_from, v.code)))


@dataclass(frozen=True, slots=True)
class HistoricConversion:
    """Where a unit of an earlier date is now: ``legacy`` the units of 2025-06-30 it went into,
    ``current`` today's units (through :func:`vn_units.convert`). ``one()`` returns the single
    current unit or raises :class:`~vn_units.AmbiguousUnitError`; an empty result (the source
    does not say where a merged unit went) raises :class:`~vn_units.UnitNotFoundError`.

    >>> r = convert("448", on="2024-01-01", level="district")            # Huyện Lộc Hà
    >>> [u.full_name for u in r.legacy], r.is_ambiguous
    (['Thành phố Hà Tĩnh', 'Huyện Thạch Hà'], True)
    """

    source: HistoricUnit
    legacy: tuple[LegacyProvince | LegacyDistrict | LegacyCommune, ...]
    current: tuple[Province | Commune, ...]

    @property
    def is_ambiguous(self) -> bool:
        return len(self.current) > 1

    def one(self) -> Province | Commune:
        if len(self.current) == 1:
            return self.current[0]
        if not self.current:
            raise UnitNotFoundError(
                self.source.describe(), "current", self.source.level,
                hint="the source lists the unit as merged but does not say into which unit")
        raise AmbiguousUnitError(self.source.describe(), self.current,
                                 hint="The unit was divided; street-level detail is needed.")


def convert(unit_or_code: object, *, on: _dt.date | str | None = None,
            level: str | None = None) -> HistoricConversion:
    """Convert a unit of any date from 2021-11-01 to 2025-06-30 (a code read on ``on``) to the
    units of 2025-06-30 and on to today's.

    >>> r = convert("13540", on="2022-01-01")                  # Xã An Nội (Bình Lục, Hà Nam)
    >>> r.source.full_name, [u.full_name for u in r.legacy], [u.full_name for u in r.current]
    ('Xã An Nội', ['Xã Bình An'], ['Xã Bình An'])
    """
    from vn_units.lineage import convert as convert_legacy

    unit = _unit(unit_or_code, on, level)
    legacy = successors(unit)
    current: list[Province | Commune] = []
    for u in legacy:
        for c in convert_legacy(u).candidates:
            if c not in current:
                current.append(c)
    return HistoricConversion(unit, legacy, tuple(sorted(current)))


def full_name_on(code: object, when: _dt.date | str, *, level: str | None = None) -> str:
    """The full name a code had on a date, in any era: the dated history up to 2025-06-30,
    the current era from 2025-07-01 (where a type change counts from its effective date).

    >>> full_name_on("448", "2024-12-31", level="district")
    'Huyện Lộc Hà'
    >>> full_name_on("75", "2026-04-29"), full_name_on("75", "2026-04-30")
    ('Tỉnh Đồng Nai', 'Thành phố Đồng Nai')
    """
    day = _dt.date.fromisoformat(when) if isinstance(when, str) else when
    if isinstance(day, _dt.date) and day >= _CURRENT_START:
        from vn_units._catalog import registry

        if level is None and isinstance(code, str):
            level = LEVEL_BY_WIDTH.get(len(code.strip()))
        check_choice("level", level, ("province", "commune"))
        assert level is not None
        unit = registry("current", level)[code]
        return str(unit.full_name_on(day))
    return _unit(code, when, level).full_name


def events(*, level: str | None = None, code: str | None = None) -> tuple[ChangeEvent, ...]:
    """The change events, oldest first, of one level and/or one code.

    >>> [(e.kind, e.before, e.after) for e in events(level="district", code="474")]
    [('rename', 'Huế', 'Thuận Hóa'), ('type', 'thành phố', 'quận')]
    """
    if level is not None:
        check_choice("level", level, _LEVELS)
    return tuple(e for e in _HISTORY.load().events
                 if (level is None or e.level == level) and (code is None or e.code == code))
