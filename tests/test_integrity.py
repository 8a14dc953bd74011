"""Integrity over every record of both eras, through the public API."""

from __future__ import annotations

import re
from collections import Counter

import pytest

import vn_units
from vn_units import legacy

REGISTRIES = {
    "current provinces": (vn_units.provinces, 2, 34),
    "current communes": (vn_units.communes, 5, 3321),
    "legacy provinces": (legacy.provinces, 2, 63),
    "legacy districts": (legacy.districts, 3, 696),
    "legacy communes": (legacy.communes, 5, 10035),
}


@pytest.mark.parametrize("label", REGISTRIES)
def test_counts_codes_and_round_trip_by_code(label: str) -> None:
    registry, width, count = REGISTRIES[label]
    units = list(registry)
    assert len(units) == len(registry) == count
    codes = [u.code for u in units]
    assert len(set(codes)) == count
    assert codes == sorted(codes)
    assert all(re.fullmatch(rf"\d{{{width}}}", c) for c in codes)
    for unit in units:
        assert registry[unit.code] is unit
        assert registry[int(unit.code)] is unit


def test_legacy_counts_by_type() -> None:
    assert Counter(p.type.value for p in legacy.provinces) == {"tỉnh": 57, "thành phố": 6}
    assert Counter(d.type.value for d in legacy.districts) == {
        "huyện": 508, "quận": 49, "thành phố": 87, "thị xã": 52,
    }
    assert Counter(c.type.value for c in legacy.communes) == {
        "xã": 7692, "phường": 1726, "thị trấn": 617,
    }


def test_parents_exist_and_children_partition() -> None:
    for c in vn_units.communes:
        assert c.province.code == c.province_code
    for d in legacy.districts:
        assert d.province.code == d.province_code
    for c in legacy.communes:
        assert c.district.province_code == c.province_code
    assert sum(len(d.communes) for d in legacy.districts) == 10035
    empty = sorted(d.code for d in legacy.districts if not d.communes)
    assert empty == ["318", "471", "498", "536", "755"]


def _find_within(registry: object, unit: object, parent: object) -> object:
    return registry.find(unit.full_name, within=parent)  # type: ignore[attr-defined]


def test_every_current_unit_is_found_by_its_own_name() -> None:
    for p in vn_units.provinces:
        assert vn_units.provinces.find(p.full_name) is p
        assert vn_units.provinces.find(p.name) is p
    for c in vn_units.communes:
        assert vn_units.communes.find(c.full_name, within=c.province) is c


def test_every_legacy_unit_is_found_by_its_own_name_within_its_parent() -> None:
    for p in legacy.provinces:
        assert legacy.provinces.find(p.full_name) is p
    for d in legacy.districts:
        assert legacy.districts.find(d.full_name, within=d.province) is d
    for c in legacy.communes:
        assert legacy.communes.find(c.full_name, within=c.district) is c


def test_names_are_nfc_and_bare() -> None:
    import unicodedata

    for registry, _, _ in REGISTRIES.values():
        for u in registry:
            assert unicodedata.is_normalized("NFC", u.name)
            assert u.full_name.endswith(u.name)
            assert u.slug == u.slug.lower() and " " not in u.slug
