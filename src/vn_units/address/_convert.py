"""Conversion between the eras (``convert_address``) and the writing of units
(``format_address``)."""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from typing import Any, Final

from vn_units.address._results import AddressConversion, ParsedAddress, Style
from vn_units.models import Commune, Province, Unit

_SHORT: Final = {
    "tỉnh": "T.", "thành phố": "TP.", "quận": "Q.", "huyện": "H.", "thị xã": "TX.",
    "phường": "P.", "xã": "X.", "thị trấn": "TT.", "đặc khu": "ĐK.",
}  # fmt: skip


def _unit_text(unit: Unit, style: Style) -> str:
    if style == "full":
        return unit.full_name
    if style == "english":
        return unit.english_name
    return f"{_SHORT[unit.unit_type.value]}{unit.name}"


@lru_cache(maxsize=8192)
def _unit_tail(unit: Unit, style: Style, today: _dt.date) -> str:
    """A unit and its parents, written in ``style`` (kept per day, as a current unit's type,
    and so its full name, can change on a date: conversion writes the same few thousand
    current communes over and over)."""
    return ", ".join(_unit_text(u, style) for u in (unit, *unit._parents()))


@lru_cache(maxsize=4096)
def _convert(unit: Unit) -> tuple[Any, ...]:
    """The candidates of ``vn_units.lineage.convert(unit)``, kept (the lineage of a unit never
    changes): current communes, or the current province of a legacy province."""
    from vn_units.lineage import convert

    return tuple(c for c in convert(unit).candidates if isinstance(c, (Commune, Province)))


def _with_street(street: str | None, tail: str) -> str:
    """``street, tail``, as format_address writes an address (either may be empty)."""
    street = street.strip() if street else None
    if not street:
        return tail
    return f"{street}, {tail}" if tail else street


def _parsed_tail(parsed: ParsedAddress, style: Style) -> str:
    """The units of a reading, smallest first, written in ``style``."""
    units = (parsed.commune, parsed.district, parsed.province)
    return ", ".join(_unit_text(u, style) for u in units if u is not None)


def _converted(parsed: ParsedAddress, style: Style) -> AddressConversion:
    """The result of ``convert_address`` for the reading ``parsed`` (see there): the
    candidates of ``parsed`` and of every other reading of its era that scores as well and
    finds the same levels (a tie is never broken silently; a bare name that is a province and
    also a district stays the province)."""
    readings = [parsed]
    if parsed.is_ambiguous:
        levels = _levels(parsed)
        readings.extend(
            a for a in parsed.alternatives
            if a.era == parsed.era and a._score >= parsed._score and _levels(a) == levels
        )
    if len(readings) == 1:
        return AddressConversion(parsed, *_converted_one(parsed, style))
    cands: dict[Commune, str] = {}  # every candidate of every tying reading, with its address
    provinces: dict[Province | None, None] = {}
    for reading in readings:
        rc, ra, rp = _converted_one(reading, style)
        if rc:
            for c, a in zip(rc, ra, strict=True):
                cands.setdefault(c, a)
        provinces[rp] = None
    prov = next(iter(provinces)) if len(provinces) == 1 else None
    if cands:
        return AddressConversion(parsed, tuple(cands), tuple(cands.values()), prov)
    # tying readings without a commune: an address only if they agree on the province
    addresses = _converted_one(parsed, style)[1] if prov is not None else ()
    return AddressConversion(parsed, (), addresses, prov)


def _levels(a: ParsedAddress) -> tuple[bool, bool, bool]:
    return a.province is None, a.district is None, a.commune is None


def _converted_one(
    parsed: ParsedAddress, style: Style
) -> tuple[tuple[Commune, ...], tuple[str, ...], Province | None]:
    """The current communes, addresses and province of one reading."""
    if parsed.era == "current":
        cands: tuple[Commune, ...] = (
            (parsed.commune,) if isinstance(parsed.commune, Commune) else ()
        )
        prov = parsed.province if isinstance(parsed.province, Province) else None
        addr = _with_street(parsed.street, _parsed_tail(parsed, style)) if parsed.units else (
            parsed.street or ""
        )
        return cands, (addr,), prov
    source: Unit | None = parsed.commune or parsed.district
    prov = None
    if parsed.province is not None:
        prov = next((c for c in _convert(parsed.province) if isinstance(c, Province)), None)
    if source is None:
        if prov is None:
            return (), (), None
        tail = _unit_tail(prov, style, _dt.date.today())
        return (), (_with_street(parsed.street, tail),), prov
    cands = tuple(c for c in _convert(source) if isinstance(c, Commune))
    if cands and prov is None:
        prov = cands[0].province
    today = _dt.date.today()  # read once for every candidate
    addresses = tuple(_with_street(parsed.street, _unit_tail(c, style, today)) for c in cands)
    return cands, addresses, prov
