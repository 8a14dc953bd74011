"""Small value types shared by the models: unit types, eras, levels, type history entries."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from enum import Enum
from types import MappingProxyType
from typing import Any, ClassVar, Literal

from vn_units._records import Record

__all__ = [
    "CODE_WIDTHS",
    "ERAS",
    "LEVELS",
    "LEVEL_BY_WIDTH",
    "MAX_NAME_LENGTH",
    "Era",
    "Level",
    "TypeChange",
    "UnitType",
    "longest_code",
]

Era = Literal["current", "legacy"]
"""The two eras: ``"legacy"`` (until 2025-06-30) and ``"current"`` (from 2025-07-01)."""

Level = Literal["province", "district", "commune"]
"""Levels: province and commune in both eras, district in the legacy era only."""

ERAS: tuple[Era, ...] = ("current", "legacy")
LEVELS: tuple[Level, ...] = ("province", "district", "commune")

CODE_WIDTHS: Mapping[str, int] = MappingProxyType({"province": 2, "district": 3, "commune": 5})
"""The number of digits of a code, per level (the one home of these widths)."""

LEVEL_BY_WIDTH: Mapping[int, str] = MappingProxyType({w: lv for lv, w in CODE_WIDTHS.items()})
"""The level of a zero-padded code, by its width: 2 a province, 3 a district, 5 a commune."""


def longest_code(level: str) -> int:
    """The longest code text accepted for ``level``: its width, and for provinces one digit
    more, since the citizen ID number writes them with three digits ("079").

    >>> longest_code("province"), longest_code("commune")
    (3, 5)
    """
    width = CODE_WIDTHS[level]
    return width + 1 if level == "province" else width


MAX_NAME_LENGTH = 100
"""The longest text taken as the name of a unit (the longest full name has 31 characters);
longer text is refused at once, without fuzzy search."""


class UnitType(str, Enum):
    """The type of an administrative unit; the value is the Vietnamese word.

    >>> UnitType.PHUONG.value
    'phường'
    >>> UnitType("thành phố").english
    'City'
    """

    TINH = "tỉnh"
    THANH_PHO = "thành phố"
    QUAN = "quận"
    HUYEN = "huyện"
    THI_XA = "thị xã"
    PHUONG = "phường"
    XA = "xã"
    THI_TRAN = "thị trấn"
    DAC_KHU = "đặc khu"

    def __str__(self) -> str:
        return self.value

    @property
    def capitalized(self) -> str:
        """The type as it begins a full name: ``"Thành phố"``, ``"Phường"``."""
        return _CAPITALIZED[self._value_]  # every full name asks: a dict, not an enum lookup

    @property
    def english(self) -> str:
        """An English word for the type (unofficial; Vietnam has no official English names)."""
        return _ENGLISH[self]


_CAPITALIZED = {t.value: t.value[:1].upper() + t.value[1:] for t in UnitType}

_ENGLISH = {
    UnitType.TINH: "Province",
    UnitType.THANH_PHO: "City",
    UnitType.QUAN: "District",
    UnitType.HUYEN: "District",
    UnitType.THI_XA: "Town",
    UnitType.PHUONG: "Ward",
    UnitType.XA: "Commune",
    UnitType.THI_TRAN: "Township",
    UnitType.DAC_KHU: "Special Zone",
}


class TypeChange(Record):
    """One entry of a unit's type history: the type it has from ``valid_from`` on (the date
    the change took effect: the law counts from it), the date its legal document was adopted
    where that differs (``adopted``; ``None`` otherwise, or where the effective date is not
    known and ``valid_from`` is the adoption date) and that document.

    >>> t = TypeChange(type="thành phố", valid_from="2026-04-30", adopted="2026-04-24",
    ...                document="30/2026/QH16")
    >>> t.type.value, t.valid_from.isoformat(), t.adopted.isoformat()
    ('thành phố', '2026-04-30', '2026-04-24')
    """

    __slots__ = ("adopted", "document", "type", "valid_from")
    _fields: ClassVar[tuple[str, ...]] = ("type", "valid_from", "document", "adopted")
    _defaults: ClassVar[dict[str, Any]] = {"adopted": None}

    type: UnitType
    valid_from: _dt.date
    document: str
    adopted: _dt.date | None
