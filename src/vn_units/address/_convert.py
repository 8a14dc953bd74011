"""Conversion between the eras (``convert_address``): the current communes of every tying
reading of an address, each with its address written in the current structure."""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from typing import Any

from vn_units.address._format import Style, unit_tail, units_text, with_street
from vn_units.address._results import AddressConversion, ParsedAddress
from vn_units.models import Commune, Province, Unit


@lru_cache(maxsize=4096)
def current_units(unit: Unit) -> tuple[Any, ...]:
    """The candidates of ``vn_units.lineage.convert(unit)``, kept (the lineage of a unit never
    changes): the current communes a legacy commune or district went into, or the current
    province of a legacy province."""
    from vn_units.lineage import convert

    return tuple(c for c in convert(unit).candidates if isinstance(c, (Commune, Province)))


def current_province(unit: Unit | None) -> Province | None:
    """The current province of a province of either era (each legacy province went wholly
    into one), or None."""
    if unit is None or isinstance(unit, Province):
        return unit
    return next((c for c in current_units(unit) if isinstance(c, Province)), None)


def converted(parsed: ParsedAddress, style: Style) -> AddressConversion:
    """The result of ``convert_address`` for the reading ``parsed`` (see there): the
    candidates of every reading that ties with it (``parsed.ties``: of its era, or a unit of
    another level read in the other era, converted through the lineage), in the order of the
    readings, each with its address. A tie is never broken silently."""
    readings = parsed.ties
    if len(readings) == 1:
        return AddressConversion(parsed, *_converted_one(parsed, style))
    cands: dict[Commune, str] = {}  # every candidate of every tying reading, with its address
    provinces: dict[Province | None, None] = {}
    for reading in readings:
        rc, ra, rp = _converted_one(reading, style)
        for c, a in zip(rc, ra if rc else (), strict=True):  # (a reading without a commune
            cands.setdefault(c, a)  # has an address, its province's, and no candidate)
        provinces[rp] = None
    prov = next(iter(provinces)) if len(provinces) == 1 else None
    if cands:
        return AddressConversion(parsed, tuple(cands), tuple(cands.values()), prov)
    # tying readings without a commune: an address only if they agree on the province
    addresses = _converted_one(parsed, style)[1] if prov is not None else ()
    return AddressConversion(parsed, (), addresses, prov)


def _converted_one(
    parsed: ParsedAddress, style: Style
) -> tuple[tuple[Commune, ...], tuple[str, ...], Province | None]:
    """The current communes, addresses and province of one reading."""
    if parsed.era == "current":
        cands: tuple[Commune, ...] = (
            (parsed.commune,) if isinstance(parsed.commune, Commune) else ()
        )
        prov = parsed.province if isinstance(parsed.province, Province) else None
        addr = with_street(parsed.street, units_text(parsed.units, style)) if parsed.units else (
            parsed.street or ""
        )
        return cands, (addr,), prov
    source: Unit | None = parsed.commune or parsed.district
    prov = current_province(parsed.province)
    if source is None:
        if prov is None:
            return (), (), None
        tail = unit_tail(prov, style, _dt.date.today())
        return (), (with_street(parsed.street, tail),), prov
    cands = tuple(c for c in current_units(source) if isinstance(c, Commune))
    if cands and prov is None:
        prov = cands[0].province
    today = _dt.date.today()  # read once for every candidate
    addresses = tuple(with_street(parsed.street, unit_tail(c, style, today)) for c in cands)
    return cands, addresses, prov
