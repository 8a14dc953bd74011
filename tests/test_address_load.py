"""The address reader's indexes and first-use tables: built per need, from the keys of
name_keys.json, the same as when made from the names at run time."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import vn_units
from vn_units import legacy
from vn_units.address import parse_address
from vn_units.address._candidates import (
    _district_names,
    _only_districts,
    _province_commune_names,
)
from vn_units.address._gazetteer import _ERAS, _district_heirs, _era
from vn_units.address._words import _name_key, _spelling_variants
from vn_units.lineage import edges


def test_a_unit_written_twice_builds_the_tables_of_its_province_only() -> None:
    # the copies of a unit are looked for among the last words of every key of the level
    # (read from name_keys.json), not in the tables of every province (legacy: 63 provinces)
    code = textwrap.dedent(
        """
        from vn_units.address import parse_address
        from vn_units.address._gazetteer import _ERAS
        a = parse_address("Phường Bến Nghé Quận 1 Phường Bến Nghé Quận 1, TP HCM")
        assert a.commune is not None and a.commune.code == "26740", a
        idx = _ERAS["legacy"].index["commune"]
        print(idx._exact is None, len(idx._pending))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out[0] == "True" and int(out[1]) >= 60


def test_the_keys_read_from_name_keys_json_are_those_of_the_names() -> None:
    parse_address("Phường Bến Thành, Thành phố Hồ Chí Minh")
    assert _era("current") is not None
    for era in _ERAS.values():
        for level in era.levels:
            idx = era.index[level]
            from_rows = idx.last_words()
            tables = idx.exact  # (every table built)
            keys = set(tables)
            for table in idx.former.values():
                keys.update(table)
            assert from_rows == idx.last_words() == {k.rsplit(" ", 1)[-1] for k in keys}
            assert idx.name_keys == [_name_key(u.name) for u in idx.all]
            assert {id(u): _spelling_variants(_name_key(u.name)) for u in idx.all} == {
                id(u): idx.variants.get(id(u), []) for u in idx.all
            }
            assert idx.variants or level == "province"  # (some names of each level have some)


def test_the_legacy_tables_made_from_name_keys_are_those_made_from_the_registries() -> None:
    parse_address("Phường 12, Quận 10, TP.HCM")
    district_of = {c.code: c.district_code for c in legacy.communes}
    heirs: dict[str, set[str]] = {}
    for e in edges():
        if e.current_level == "commune":
            d = district_of.get(e.legacy_code) if e.legacy_level == "commune" else e.legacy_code
            if d is not None:
                heirs.setdefault(d, set()).add(e.current_code)
    assert _district_heirs() == {d: frozenset(v) for d, v in heirs.items()}
    by_province: dict[str, set[str]] = {}
    for c in legacy.communes:
        by_province.setdefault(c.province_code, set()).add(_name_key(c.name))
    assert len(by_province) == 63
    assert all(_province_commune_names(p) == v for p, v in by_province.items())
    assert _district_names() == {_name_key(d.name) for d in legacy.districts}
    by_key: dict[str, list[str]] = {}
    for ld in legacy.districts:
        by_key.setdefault(_name_key(ld.name), []).append(ld.code)
    provinces = {_name_key(p.name) for p in (*vn_units.provinces, *legacy.provinces)}
    found = {k: ds[0] for k, ds in by_key.items() if len(ds) == 1 and k not in provinces}
    other = {found[k] for c in legacy.communes if (k := _name_key(c.name)) in found
             and c.district_code != found[k]}
    other |= {found[k] for c in vn_units.communes if (k := _name_key(c.name)) in found
              and c.code not in heirs.get(found[k], ())}
    expected = {k for k, code in found.items() if code not in other}
    assert _only_districts() == expected and len(expected) > 100
