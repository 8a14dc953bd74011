"""The generated ``name_keys.json`` (``python -m databuild``, databuild/names.py) holds what the
address reader would otherwise work out from the bundled tables at its first address: the
words of every unit's name and the keys each unit is found under. Here both are worked out
again from the installed tables, as the reader did before the file existed, and compared with
what the reader loads, for both eras and every level."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

import pytest

from vn_units._catalog import ERAS_LEVELS, registry
from vn_units._resources import read_bytes, read_checked
from vn_units._search import aliases
from vn_units.address import _gazetteer, _words
from vn_units.address._gazetteer import (
    _GROUPS,
    _decode_keys,
    _Era,
    _unit_types,
    encode_keys,
    unit_keys,
)
from vn_units.text import normalize

FILE: dict[str, Any] = read_checked(_words.NAME_KEYS)
UNITS = [u for era, level in ERAS_LEVELS for u in registry(era, level)]


def test_the_file_is_listed_with_its_provenance_and_counts() -> None:
    manifest = json.loads(read_bytes("MANIFEST.json"))
    derived = {d["file"]: d for d in manifest["derived"]}
    assert set(derived[_words.NAME_KEYS]["from"]) == {
        "aliases.json", "provinces.json", "communes.json", "legacy_provinces.json",
        "legacy_districts.json", "legacy_communes.json",
    }
    assert manifest["counts"][_words.NAME_KEYS] == {k: len(v) for k, v in FILE.items()}
    assert sum(len(FILE[g]) for g in _GROUPS.values()) == len(UNITS) == 14149


def test_the_words_of_the_names_are_those_of_the_tables() -> None:
    written = frozenset(
        w for u in UNITS for w in unicodedata.normalize("NFC", u.name.lower()).split()
    )
    assert _words._name_written() == written
    assert FILE["written"] == sorted(written)
    keys = {tuple(normalize(u.name).split()) for u in UNITS}
    assert _words._name_words() == frozenset(w for k in keys for w in k)
    assert _words._name_firsts() == frozenset(k[0] for k in keys if k)
    assert _words._name_pairs() == frozenset(" ".join(k[:2]) for k in keys if len(k) > 1)
    assert _words._name_starts() == frozenset(
        " ".join(k[:2]) for k in keys if len(k) > 1 and k[0] in _words._PREFIX_LAST
    )
    assert "phuong duc" in _words._name_starts()  # (Phường Phường Đúc)


@pytest.mark.parametrize(("era", "level"), ERAS_LEVELS)
def test_each_units_keys_are_those_its_name_and_aliases_give(era: str, level: str) -> None:
    units = list(registry(era, level))
    rows = FILE[_GROUPS[era, level]]
    assert len(rows) == len(units)
    by_code = aliases(era, level)
    cities = 0
    for unit, row in zip(units, rows, strict=True):
        city = level == "province" and "thành phố" in _unit_types(unit)
        cities += city
        expected = unit_keys(unit.name, by_code.get(unit.code, []), city)
        assert _decode_keys(row) == expected, (unit.code, unit.name, row)
        assert expected[0] == _words._name_key(unit.name)
    if level == "province":
        assert cities == (6 if era == "legacy" else 9)


@pytest.mark.parametrize(("era", "level"), ERAS_LEVELS)
def test_the_index_holds_every_key_of_every_unit_in_order(era: str, level: str) -> None:
    built = _gazetteer._era(era)  # type: ignore[arg-type]
    assert built is not None
    index = built.index[level]
    by_code = aliases(era, level)
    exact: dict[str, tuple[Any, ...]] = {}
    for unit in registry(era, level):
        city = level == "province" and "thành phố" in _unit_types(unit)
        for k in unit_keys(unit.name, by_code.get(unit.code, []), city)[1]:
            found = exact.get(k, ())
            if unit not in found:
                exact[k] = (*found, unit)
    assert index.exact == exact
    assert list(index.exact) == list(exact)  # (in the same order)


def test_a_ceiling_is_known_before_the_index_is_built() -> None:
    era = _Era("legacy")
    for level in ("district", "commune"):
        assert level not in era.index
        ceiling = era.ceiling(level)
        assert ceiling == era.index[level].top
    with pytest.raises(KeyError):
        era.ceiling("ward")


def test_known_units_keys() -> None:
    hcm = registry("current", "province")["79"]
    name_key, keys = unit_keys(hcm.name, aliases("current", "province")["79"], True)
    assert name_key == "ho chi minh"
    assert {"ho chi minh", "hochiminh", "tphochiminh", "hcm"} <= set(keys)
    assert unit_keys("Ea H'Leo", [], False)[1] == ["ea h leo", "eahleo", "ea hleo"]


def test_a_row_that_would_not_read_back_is_refused() -> None:
    assert encode_keys("ben nghe", ["ben nghe", "bennghe"]) == "ben nghe"
    assert _decode_keys("") == ("", [])
    with pytest.raises(ValueError, match="cannot be written"):
        encode_keys("ben nghe", ["ben nghe"])  # (the reader would add "bennghe")
    with pytest.raises(ValueError, match="cannot be written"):
        encode_keys("ben nghe", ["bennghe"])
