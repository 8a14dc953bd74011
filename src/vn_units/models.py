"""Typed, frozen records for the units of both eras.

Records are immutable, hashable, equal when era, level and code are equal, and ``str()`` gives
the full name. They are plain objects with one slot per field that pydantic sees as models
(``model_dump``, ``model_validate``, ``model_json_schema``, fields of a ``BaseModel`` or a
FastAPI model: see :mod:`vn_units._records`); pydantic is imported on the first such use, not
to load or look units up. Parents, children and lineage are reached through the
registries (by code), never embedded copies.

>>> from vn_units import communes
>>> c = communes["00004"]
>>> str(c), c.type.value, c.province.name
('Phường Ba Đình', 'phường', 'Hà Nội')
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from vn_units._records import Record
from vn_units._types import Era, Level, TypeChange, UnitType

if TYPE_CHECKING:
    from vn_units.lineage import LineageEdge

__all__ = [
    "Commune",
    "LegacyCommune",
    "LegacyDistrict",
    "LegacyProvince",
    "Province",
    "Unit",
]


def _english(name: str, ascii_name: str, type_: UnitType) -> str:
    word = type_.english
    # "Phường 1" -> "Ward 1", "Quận 3" -> "District 3": numbered units put the word first.
    if name[:1].isdigit():
        return f"{word} {ascii_name}"
    return f"{ascii_name} {word}"


class Unit(Record):
    """Fields and behaviour common to every unit of either era.

    >>> import vn_units
    >>> unit = vn_units.communes["26743"]
    >>> isinstance(unit, vn_units.Unit), unit.era, unit.level, unit.slug
    (True, 'current', 'commune', 'ben-thanh')
    """

    __slots__ = ("__weakref__", "ascii_name", "code", "name", "slug")
    _config: ClassVar[dict[str, Any]] = {"frozen": True, "extra": "ignore"}
    _field_args: ClassVar[dict[str, dict[str, Any]]] = {
        "code": {"pattern": r"^\d{2,5}$", "description": "GSO code, zero-padded"},
        "name": {"description": "Bare name without the type, e.g. 'Bến Thành'"},
        "ascii_name": {"description": "The name without diacritics, e.g. 'Ben Thanh'"},
        "slug": {"description": "Lower-case ASCII words joined by hyphens, e.g. 'ben-thanh'"},
    }
    _computed: ClassVar[dict[str, Any]] = {"full_name": str, "english_name": str}

    era: ClassVar[Era]
    level: ClassVar[Level]

    code: str
    name: str
    ascii_name: str
    slug: str

    @property
    def unit_type(self) -> UnitType:
        raise NotImplementedError  # pragma: no cover

    @property
    def full_name(self) -> str:
        """Type and name, e.g. ``"Phường Bến Thành"``."""
        return f"{self.unit_type.capitalized} {self.name}"

    @property
    def english_name(self) -> str:
        """A generated, unofficial English name, e.g. ``"Ben Thanh Ward"``, ``"Ward 1"``."""
        return _english(self.name, self.ascii_name, self.unit_type)

    @classmethod
    def _validated(cls, record: Any) -> Any:
        """A record validates only if it is the bundled record of its code, and then *is* that
        record: a made-up ``Province`` given as a dict (a form field typed ``Province``) is
        refused, not accepted. (The bundled tables are not validated when loaded: see
        :meth:`_from_rows`.)"""
        from vn_units._catalog import registry

        code = getattr(record, "code", None)
        known: Unit | None = registry(cls.era, cls.level).get(code)
        if known is None:
            raise ValueError(f"no {cls.era} {cls.level} has code {code!r}")
        if known is not record and known._values() != record._values():
            raise ValueError(
                f"does not match the bundled {cls.era} {cls.level} {code} "
                f"({known.describe()})"
            )
        return known

    def __str__(self) -> str:
        return self.full_name

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, full_name={self.full_name!r})"

    def __eq__(self, other: object) -> bool:
        if self is other:  # the registries hold one record per code: the usual case
            return True
        if not isinstance(other, Unit):
            return NotImplemented
        return self.code == other.code and self.era == other.era and self.level == other.level

    def __hash__(self) -> int:
        return hash((self.era, self.level, self.code))

    # -- loading the bundled tables ----------------------------------------------------------
    # field name -> how a JSON value becomes the field's value (others are kept as read)
    _convert: ClassVar[dict[str, Callable[[Any], Any]]] = {}

    @classmethod
    def _from_rows(cls, rows: list[dict[str, Any]]) -> list[Any]:
        """Records of this class from the rows of a bundled file, without validation.

        What ``model_construct`` does, in one loop: the bundled files are checked
        against the SHA-256 the data build recorded (``_resources.read_checked``), and the test
        suite validates every record of them with these models (``tests/test_models.py``), so
        validating 13,000 records again at every start would only cost time. Values are
        converted as validation would (enums, dates, tuples), repeated values shared (parent
        codes, type histories)."""
        from vn_units._errors import DataError

        names = cls._fields
        # each slot's own setter (a C call; object.__setattr__ would look the name up first)
        required = [(n, getattr(cls, n).__set__) for n in names if n not in cls._defaults]
        optional = [(n, getattr(cls, n).__set__, cls._defaults[n])
                    for n in names if n in cls._defaults]
        converters = [(n, f) for n, f in cls._convert.items() if n in names]
        parents = [n for n in ("province_code", "district_code") if n in names]
        texts = [n for n in ("name", "ascii_name", "slug") if n in names]
        new = object.__new__
        shared: dict[str, str] = {}
        out: list[Any] = []
        try:
            for row in rows:
                for name, convert in converters:
                    row[name] = convert(row[name])
                for name in parents:  # a parent's code: one str object for all its children
                    code = row[name]
                    row[name] = shared.setdefault(code, code)
                for name in texts:  # and one for each name, ASCII name, slug written the same
                    text = row[name]
                    row[name] = shared.setdefault(text, text)
                unit = new(cls)
                for name, set_ in required:
                    set_(unit, row[name])
                for name, set_, default in optional:
                    set_(unit, row.get(name, default))
                out.append(unit)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DataError(
                f"bundled {cls.__name__} records are malformed: {type(exc).__name__} {exc}"
            ) from exc
        return out

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Unit):
            return NotImplemented
        return (self.era, self.level, self.code) < (other.era, other.level, other.code)

    def describe(self) -> str:
        """The full name with its code and parents, as error messages list candidates.

        >>> from vn_units import communes
        >>> communes["26737"].describe()
        'Phường Tân Định [26737], Thành phố Hồ Chí Minh'
        """
        parts = [f"{self.full_name} [{self.code}]"]
        parts.extend(p.full_name for p in self.parents())
        text = ", ".join(parts)
        return f"{text} (legacy)" if self.era == "legacy" else text

    def parents(self) -> tuple[Unit, ...]:
        """The units this one lies in, smallest first (none for a province).

        >>> from vn_units import communes, legacy
        >>> [p.full_name for p in legacy.communes["26743"].parents()]
        ['Quận 1', 'Thành phố Hồ Chí Minh']
        >>> communes["26743"].parents()
        (Province(code='79', full_name='Thành phố Hồ Chí Minh'),)
        """
        return ()


_TypeKey = tuple[str, str, str, str]  # type, valid_from, document, adopted ("" for none)
_TYPE_HISTORIES: dict[tuple[_TypeKey, ...], tuple[TypeChange, ...]] = {}


def _type_history(raw: list[dict[str, str]]) -> tuple[TypeChange, ...]:
    """A type history from JSON, shared by every unit with the same one (a few dozen distinct
    histories for 3,355 units)."""
    if len(raw) == 1:
        c = raw[0]
        key: tuple[_TypeKey, ...] = (
            (c["type"], c["valid_from"], c["document"], c.get("adopted", "")),
        )
    else:
        key = tuple((c["type"], c["valid_from"], c["document"], c.get("adopted", ""))
                    for c in raw)
    found = _TYPE_HISTORIES.get(key)
    if found is None:
        changes = []
        for type_, valid_from, document, adopted in key:
            change = TypeChange._make({
                "type": UnitType(type_),
                "valid_from": _dt.date.fromisoformat(valid_from),
                "document": document,
                "adopted": _dt.date.fromisoformat(adopted) if adopted else None,
            })
            changes.append(change)
        found = _TYPE_HISTORIES.setdefault(key, tuple(changes))
    return found


class _CurrentUnit(Unit):
    __slots__ = ("types",)
    era: ClassVar[Era] = "current"
    _convert: ClassVar[dict[str, Callable[[Any], Any]]] = {"types": _type_history}
    _field_args: ClassVar[dict[str, dict[str, Any]]] = {
        **Unit._field_args,
        "types": {
            "min_length": 1,
            "description": "Type history, oldest first; the first from 2025-07-01",
        },
    }
    _computed: ClassVar[dict[str, Any]] = {**Unit._computed, "type": UnitType}

    types: tuple[TypeChange, ...]

    def type_on(self, when: _dt.date | str) -> UnitType:
        """The unit's type on a date (the current era starts on 2025-07-01).

        >>> from vn_units import provinces
        >>> provinces["75"].type_on("2025-07-01").value, provinces["75"].type_on("2026-11-01").value
        ('tỉnh', 'thành phố')
        """
        day = _dt.date.fromisoformat(when) if isinstance(when, str) else when
        if day < self.types[0].valid_from:
            raise ValueError(
                f"{day.isoformat()} is before the current era (from "
                f"{self.types[0].valid_from.isoformat()}): use vn_units.legacy for older dates"
            )
        found = self.types[0].type
        for change in self.types:
            if change.valid_from <= day:
                found = change.type
        return found

    @property
    def type(self) -> UnitType:
        """The type today (see :meth:`type_on` for another date and :attr:`types`)."""
        today = _dt.date.today()
        found = self.types[0].type
        for change in self.types:
            if change.valid_from <= today:
                found = change.type
        return found

    @property
    def unit_type(self) -> UnitType:
        return self.type

    def full_name_on(self, when: _dt.date | str) -> str:
        """The full name as it was on a date.

        >>> from vn_units import provinces
        >>> provinces["75"].full_name_on("2025-07-01")
        'Tỉnh Đồng Nai'
        """
        return f"{self.type_on(when).capitalized} {self.name}"

    @property
    def predecessors(self) -> tuple[LineageEdge, ...]:
        """Lineage edges from the legacy units that went (wholly or partly) into this unit."""
        from vn_units import lineage

        return lineage.predecessors_of(self)


class Province(_CurrentUnit):
    """A province-level unit of the current era (34: 6 cities and 28 provinces on 2025-07-01).

    >>> from vn_units import provinces
    >>> p = provinces[79]
    >>> p.full_name, p.english_name, p.legacy_codes
    ('Thành phố Hồ Chí Minh', 'Ho Chi Minh City', ('74', '77', '79'))
    """

    __slots__ = ("legacy_codes",)
    level: ClassVar[Level] = "province"
    _fields: ClassVar[tuple[str, ...]] = (
        "code", "name", "ascii_name", "slug", "types", "legacy_codes",
    )
    _convert: ClassVar[dict[str, Callable[[Any], Any]]] = {
        "types": _type_history, "legacy_codes": tuple,
    }
    _field_args: ClassVar[dict[str, dict[str, Any]]] = {
        **_CurrentUnit._field_args,
        "legacy_codes": {"description": "Codes of the legacy provinces merged into this one"},
    }

    legacy_codes: tuple[str, ...]

    @property
    def communes(self) -> tuple[Commune, ...]:
        """The communes of this province, sorted by code."""
        from vn_units.current import communes

        return communes.within(self)

    @property
    def legacy_provinces(self) -> tuple[LegacyProvince, ...]:
        """The legacy provinces that went into this one."""
        from vn_units.legacy import provinces

        return tuple(provinces[c] for c in self.legacy_codes)


class Commune(_CurrentUnit):
    """A commune-level unit of the current era: a phường, xã or đặc khu (3,321 on 2025-07-01).

    >>> from vn_units import communes
    >>> c = communes["26737"]
    >>> c.full_name, c.english_name, c.province_code
    ('Phường Tân Định', 'Tan Dinh Ward', '79')
    """

    __slots__ = ("area_km2", "latitude", "longitude", "province_code")
    level: ClassVar[Level] = "commune"
    _fields: ClassVar[tuple[str, ...]] = (
        "code", "name", "ascii_name", "slug", "types", "province_code", "area_km2", "latitude",
        "longitude",
    )
    _defaults: ClassVar[dict[str, Any]] = {"area_km2": None, "latitude": None, "longitude": None}
    _field_args: ClassVar[dict[str, dict[str, Any]]] = {
        **_CurrentUnit._field_args,
        "province_code": {"pattern": r"^\d{2}$"},
        "area_km2": {
            "description": "Area in km² as stated by the administrative reference map "
            "(sapnhap.bando.com.vn)",
        },
        "latitude": {
            "description": "Latitude of a point inside the commune (pole of inaccessibility)",
        },
        "longitude": {
            "description": "Longitude of a point inside the commune (pole of inaccessibility)",
        },
    }

    province_code: str
    area_km2: float | None
    latitude: float | None
    longitude: float | None

    @property
    def province(self) -> Province:
        """The province this commune lies in."""
        from vn_units.current import provinces

        return provinces[self.province_code]

    def parents(self) -> tuple[Unit, ...]:
        return (self.province,)


class _LegacyUnit(Unit):
    __slots__ = ("type",)
    era: ClassVar[Era] = "legacy"
    # UnitType(value) without the enum machinery: a KeyError for a value that is no type
    _convert: ClassVar[dict[str, Callable[[Any], Any]]] = {
        "type": {t.value: t for t in UnitType}.__getitem__,
    }

    type: UnitType

    @property
    def unit_type(self) -> UnitType:
        return self.type

    @property
    def successors(self) -> tuple[LineageEdge, ...]:
        """Lineage edges to the current units this unit went into (wholly or partly)."""
        from vn_units import lineage

        return lineage.successors_of(self)


class LegacyProvince(_LegacyUnit):
    """A province-level unit as of 2025-06-30 (63).

    >>> from vn_units import legacy
    >>> legacy.provinces["80"].full_name
    'Tỉnh Long An'
    """

    level: ClassVar[Level] = "province"
    _fields: ClassVar[tuple[str, ...]] = ("code", "name", "ascii_name", "slug", "type")

    @property
    def districts(self) -> tuple[LegacyDistrict, ...]:
        from vn_units.legacy import districts

        return districts.within(self)

    @property
    def communes(self) -> tuple[LegacyCommune, ...]:
        from vn_units.legacy import communes

        return communes.within(self)


class LegacyDistrict(_LegacyUnit):
    """A district-level unit as of 2025-06-30 (696); the level was abolished on 2025-07-01.

    >>> from vn_units import legacy
    >>> legacy.districts["760"].full_name
    'Quận 1'
    """

    __slots__ = ("province_code",)
    level: ClassVar[Level] = "district"
    _fields: ClassVar[tuple[str, ...]] = (
        "code", "name", "ascii_name", "slug", "type", "province_code",
    )
    _field_args: ClassVar[dict[str, dict[str, Any]]] = {
        **Unit._field_args, "province_code": {"pattern": r"^\d{2}$"},
    }

    province_code: str

    @property
    def province(self) -> LegacyProvince:
        from vn_units.legacy import provinces

        return provinces[self.province_code]

    @property
    def communes(self) -> tuple[LegacyCommune, ...]:
        from vn_units.legacy import communes

        return communes.within(self)

    def parents(self) -> tuple[Unit, ...]:
        return (self.province,)


class LegacyCommune(_LegacyUnit):
    """A commune-level unit as of 2025-06-30 (10,035: phường, xã, thị trấn).

    >>> from vn_units import legacy
    >>> legacy.communes["00004"].describe()
    'Phường Trúc Bạch [00004], Quận Ba Đình, Thành phố Hà Nội (legacy)'
    """

    __slots__ = ("district_code", "province_code")
    level: ClassVar[Level] = "commune"
    _fields: ClassVar[tuple[str, ...]] = (
        "code", "name", "ascii_name", "slug", "type", "district_code", "province_code"
    )
    _field_args: ClassVar[dict[str, dict[str, Any]]] = {
        **Unit._field_args,
        "district_code": {"pattern": r"^\d{3}$"},
        "province_code": {"pattern": r"^\d{2}$"},
    }

    district_code: str
    province_code: str

    @property
    def district(self) -> LegacyDistrict:
        from vn_units.legacy import districts

        return districts[self.district_code]

    @property
    def province(self) -> LegacyProvince:
        from vn_units.legacy import provinces

        return provinces[self.province_code]

    def parents(self) -> tuple[Unit, ...]:
        return (self.district, self.province)


def records_from_rows(model: type[Unit], rows: list[dict[str, Any]]) -> list[Any]:
    """The records of ``model`` made from the rows of a bundled file, without validation (see
    ``Unit._from_rows``): how the registries load their tables.

    >>> from vn_units.models import LegacyProvince
    >>> records_from_rows(LegacyProvince, [
    ...     {"code": "01", "name": "Hà Nội", "ascii_name": "Ha Noi", "slug": "ha-noi",
    ...      "type": "thành phố"}])
    [LegacyProvince(code='01', full_name='Thành phố Hà Nội')]
    """
    return model._from_rows(rows)


AnyUnit = Province | Commune | LegacyProvince | LegacyDistrict | LegacyCommune
"""Any unit of either era."""
