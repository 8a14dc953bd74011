"""The writing of units and addresses (``format_address``, the addresses of
``convert_address``): below the result classes, which write themselves with it, and above the
unit models only."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from functools import lru_cache
from typing import Final, Literal

from vn_units.models import Unit

Style = Literal["full", "short", "english"]

STYLES: Final[tuple[Style, ...]] = ("full", "short", "english")
"""The styles of :func:`vn_units.address.format_address`."""

_SHORT: Final = {
    "tỉnh": "T.", "thành phố": "TP.", "quận": "Q.", "huyện": "H.", "thị xã": "TX.",
    "phường": "P.", "xã": "X.", "thị trấn": "TT.", "đặc khu": "ĐK.",
}  # fmt: skip


def unit_text(unit: Unit, style: Style) -> str:
    """One unit written in ``style``: "Phường Bến Thành", "P.Bến Thành", "Ben Thanh Ward"."""
    if style == "full":
        return unit.full_name
    if style == "english":
        return unit.english_name
    return f"{_SHORT[unit.unit_type.value]}{unit.name}"


def units_text(units: Iterable[Unit | None], style: Style) -> str:
    """Units (smallest first; ``None`` skipped) written in ``style``, comma-separated."""
    return ", ".join(unit_text(u, style) for u in units if u is not None)


@lru_cache(maxsize=8192)
def unit_tail(unit: Unit, style: Style, today: _dt.date) -> str:
    """A unit and its parents, written in ``style`` (kept per day, as a current unit's type,
    and so its full name, can change on a date: conversion writes the same few thousand
    current communes over and over)."""
    return units_text((unit, *unit.parents()), style)


def spaced(street: str) -> str:
    """``street`` with each run of spaces, tabs, line breaks or non-breaking spaces written as
    one space, as a form field holds it ("12\xa0 Lê  Lợi" is "12 Lê Lợi")."""
    return " ".join(street.split())


def with_street(street: str | None, tail: str) -> str:
    """``street, tail``, as format_address writes an address (either may be empty)."""
    street = street.strip() if street else None
    if not street:
        return tail
    return f"{street}, {tail}" if tail else street
