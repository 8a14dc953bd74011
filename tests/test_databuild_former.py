"""Checks over the committed ``former_names.json`` (json module only, no network)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from vn_units.text import normalize

DATA = Path(__file__).resolve().parent.parent / "src" / "vn_units" / "_data"

if not (DATA / "former_names.json").exists():
    pytest.skip("former_names.json not generated yet (python -m databuild)",
                allow_module_level=True)


def _load(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


FORMER: dict[str, Any] = _load("former_names.json")
DISTRICTS = {r["code"]: r for r in _load("legacy_districts.json")}
COMMUNES = {r["code"]: r for r in _load("legacy_communes.json")}


def test_source_and_size() -> None:
    assert FORMER["source"] == "vietnamadminunits 1.0.4 parser_legacy.json"
    assert set(FORMER) == {"source", "legacy_districts", "legacy_communes", "dated",
                           "dated_source", "parents", "types", "spellings", "homonyms"}
    names = sum(len(v) for v in FORMER["legacy_communes"].values())
    assert 800 <= len(FORMER["legacy_communes"]) <= 1500 and 1000 <= names <= 3000
    assert 10 <= len(FORMER["legacy_districts"]) <= 60


def test_known_mergers() -> None:
    communes, districts = FORMER["legacy_communes"], FORMER["legacy_districts"]
    # Phường 6, 7, 8 of Quận 3 -> Phường Võ Thị Sáu (2020); Phường 1, 2, 3 of Quận 8 -> Rạch Ông
    assert communes["27139"] == ["6", "7", "8"]
    assert COMMUNES["27139"]["name"] == "Võ Thị Sáu"
    assert communes["27397"] == ["1", "2", "3"]
    # Quận 2 and Quận 9 -> Thành phố Thủ Đức (2021); Hoành Bồ -> Hạ Long (2019)
    assert districts["769"] == ["2", "9"]
    assert "hoanh bo" in districts["193"]


def test_every_name_is_normalised_new_and_unambiguous() -> None:
    for group, units, parent in (
        ("legacy_communes", COMMUNES, "district_code"),
        ("legacy_districts", DISTRICTS, "province_code"),
    ):
        taken = {(r[parent], normalize(r["name"])) for r in units.values()}
        seen: dict[tuple[str, str], str] = {}
        for code, keys in FORMER[group].items():
            assert code in units, (group, code)
            assert keys == sorted(set(keys)) and keys
            for key in keys:
                assert key == normalize(key)  # a key, as the indexes compare them
                where = (units[code][parent], key)
                assert where not in taken, (group, code, key)  # no unit has the name there
                # one unit a name under one parent, unless the history says the unit of that
                # name was divided among several (Huyện Lộc Hà: Thạch Hà and Thành phố Hà Tĩnh)
                if seen.setdefault(where, code) != code:
                    dated = FORMER["dated"][group]
                    assert key in dated.get(code, {}), (group, code, key)
                    assert key in dated.get(seen[where], {}), (group, code, key)


def test_dated_names() -> None:
    """Names from the dated history carry when they were in use and the change that ended
    them; every one of them is among the unit's former names."""
    dated = FORMER["dated"]
    assert set(dated) == {"legacy_districts", "legacy_communes"}
    for group in ("legacy_districts", "legacy_communes"):
        for code, keys in dated[group].items():
            for key, spans in keys.items():
                assert key in FORMER[group][code], (group, code, key)
                for start, end, docs in spans:
                    assert "2021-11-01" <= start < end <= "2025-06-30"
                    assert docs and all(d.endswith("/NQ-UBTVQH15") for d in docs)
    districts = dated["legacy_districts"]
    # Lộc Hà was divided between Thạch Hà (445) and Thành phố Hà Tĩnh (436) on 2025-01-01
    assert districts["445"]["loc ha"] == [["2021-11-01", "2025-01-01", ["1318/NQ-UBTVQH15"]]]
    assert "loc ha" in districts["436"]
    assert "mi loc" in FORMER["legacy_districts"]["356"]  # Mỹ Lộc -> Thành phố Nam Định
    # Thành phố Huế (474) was divided into Thuận Hóa (474) and Phú Xuân (475) on 2025-01-01:
    # both keep "hue", a key that folds it with the "Huệ" of street names (see spellings)
    assert "hue" in districts["474"] and "hue" in districts["475"]


def test_spellings() -> None:
    """Every dated name has its spellings (as the history writes it), and they fold to it."""
    spellings = FORMER["spellings"]
    for group in ("legacy_districts", "legacy_communes"):
        assert spellings[group].keys() == FORMER["dated"][group].keys()
        for code, keys in spellings[group].items():
            assert keys.keys() == FORMER["dated"][group][code].keys()
            for key, names in keys.items():
                assert names and all(normalize(n) == key for n in names), (code, key, names)
    assert spellings["legacy_districts"]["474"]["hue"] == ["Huế"]


def test_types_of_earlier_dates() -> None:
    """The types a unit had before 2025-06-30 (itself, or a unit merged into it) where they
    differ from its type then, each under a name it is known by (its own or a former name;
    a province: its earlier name, which its aliases hold), within the history's dates."""
    types = FORMER["types"]
    assert set(types) == {"legacy_provinces", "legacy_districts", "legacy_communes"}
    provinces = {r["code"]: r for r in _load("legacy_provinces.json")}
    for group, units in (("legacy_provinces", provinces), ("legacy_districts", DISTRICTS),
                         ("legacy_communes", COMMUNES)):
        for code, rows in types[group].items():
            assert rows == sorted(rows) and rows, (group, code)
            for typ, key, start, end in rows:
                assert typ != units[code]["type"], (group, code, typ)
                assert key == normalize(key)
                if group != "legacy_provinces":
                    assert key == normalize(units[code]["name"]) or key in FORMER[group][code]
                assert "2021-11-01" <= start < end <= "2025-06-30"
    # Thừa Thiên Huế became Thành phố Huế, Huyện Phong Điền a thị xã, Thị trấn Phong Điền
    # Phường Phong Thu on 2025-01-01
    assert types["legacy_provinces"]["46"] == [["tỉnh", "thua thien hue", "2021-11-01",
                                                "2025-01-01"]]
    assert ["huyện", "phong dien", "2021-11-01", "2025-01-01"] in types["legacy_districts"]["476"]
    assert ["thị trấn", "phong dien", "2021-11-01", "2025-01-01"] in types["legacy_communes"][
        "19819"]
    assert 200 <= sum(len(v) for v in types["legacy_communes"].values()) <= 2000


def test_homonyms() -> None:
    """A former name that another unit under the same parent has on 2025-06-30 is kept apart,
    with its type then, only where none of those units has that type (the type word tells
    them apart); it is no former name of the unit's."""
    homonyms = FORMER["homonyms"]
    for group, units, parent in (("legacy_districts", DISTRICTS, "province_code"),
                                 ("legacy_communes", COMMUNES, "district_code")):
        for code, rows in homonyms[group].items():
            for typ, key, start, end in rows:
                others = [r for c, r in units.items() if c != code
                          and r[parent] == units[code][parent] and normalize(r["name"]) == key]
                assert others and all(r["type"] != typ for r in others), (code, key)
                assert key not in FORMER[group].get(code, [])
                assert "2021-11-01" <= start < end <= "2025-06-30"
    # Xã Yên Bình, into Xã Bạch Hà on 2025-01-01, beside Thị trấn Yên Bình
    assert homonyms["legacy_communes"]["04762"] == [["xã", "yen binh", "2021-11-01",
                                                     "2025-01-01"]]
