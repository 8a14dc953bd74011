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
    assert set(FORMER) == {"source", "legacy_districts", "legacy_communes"}
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
                assert seen.setdefault(where, code) == code, (group, code, key)
