"""Checks over the committed current-era tables (``provinces.json``, ``communes.json``).

Plain ``json`` and ``pytest`` only: no network, no build, no import of the package.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parent.parent / "src" / "vn_units" / "_data"
START = "2025-07-01"
PROVINCE_KEYS = ["code", "name", "ascii_name", "slug", "types", "legacy_codes"]
COMMUNE_KEYS = ["code", "name", "ascii_name", "slug", "province_code", "types", "area_km2",
                "latitude", "longitude"]
TYPE_KEYS = ["type", "valid_from", "document"]


@cache
def _load(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def provinces() -> list[dict[str, Any]]:
    return _load("provinces.json")  # type: ignore[no-any-return]


def communes() -> list[dict[str, Any]]:
    return _load("communes.json")  # type: ignore[no-any-return]


def _count(records: list[dict[str, Any]], index: int) -> dict[str, int]:
    return dict(Counter(r["types"][index]["type"] for r in records))


def _strings(obj: Any) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, list):
        return [s for x in obj for s in _strings(x)]
    if isinstance(obj, dict):
        return [s for k, v in obj.items() for s in [k, *_strings(v)]]
    return []


@pytest.mark.parametrize("name", ["provinces.json", "communes.json"])
def test_serialisation_is_canonical(name: str) -> None:
    raw = (DATA / name).read_bytes()
    obj = json.loads(raw)
    assert raw == (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    assert all(unicodedata.is_normalized("NFC", s) for s in _strings(obj))


def test_record_counts() -> None:
    assert len(provinces()) == 34
    assert len(communes()) == 3321


def test_province_types_as_of_2025_07_01_and_today() -> None:
    assert _count(provinces(), 0) == {"thành phố": 6, "tỉnh": 28}
    cities = {p["name"] for p in provinces() if p["types"][0]["type"] == "thành phố"}
    assert cities == {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}
    assert _count(provinces(), -1) == {"thành phố": 9, "tỉnh": 25}


def test_commune_types_as_of_2025_07_01_and_today() -> None:
    assert _count(communes(), 0) == {"phường": 687, "xã": 2621, "đặc khu": 13}
    assert _count(communes(), -1) == {"phường": 709, "xã": 2599, "đặc khu": 13}


def test_2026_changes() -> None:
    by_code = {p["code"]: p for p in provinces()}
    # valid_from is the effective date (vietnamese-provinces-database's decree table for
    # 30/2026/QH16 and 237/NQ-UBTVQH16, overrides/effective.csv for the others), adopted the
    # adoption date
    assert by_code["75"]["types"][1] == {
        "type": "thành phố", "valid_from": "2026-04-30", "document": "30/2026/QH16",
        "adopted": "2026-04-24"}
    assert by_code["22"]["types"][1] == {
        "type": "thành phố", "valid_from": "2026-09-01", "document": "36/2026/QH16",
        "adopted": "2026-08-24"}
    assert by_code["24"]["types"][1] == {
        "type": "thành phố", "valid_from": "2026-09-20", "document": "39/2026/QH16",
        "adopted": "2026-08-24"}
    changed = [p["code"] for p in provinces() if len(p["types"]) > 1]
    assert changed == ["22", "24", "75"]
    changed_communes = Counter(
        (c["province_code"], c["types"][0]["type"], *c["types"][1].values())
        for c in communes() if len(c["types"]) > 1
    )
    assert changed_communes == {
        ("75", "xã", "phường", "2026-04-30", "237/NQ-UBTVQH16", "2026-04-14"): 10,
        ("24", "xã", "phường", "2026-09-20", "388/NQ-UBTVQH16", "2026-08-04"): 12,
    }


def test_effective_dates_from_the_decree_table() -> None:
    """The decree table (pinned extract) dates 30/2026/QH16 and 237/NQ-UBTVQH16; a reviewed
    row for a document it dates is refused, so the table and the overrides cannot disagree."""
    from databuild import current, github
    from databuild.common import Override

    listed = github.VPD_DECREES.load()["documents"]
    assert listed["30/2026/QH16"] == listed["237/NQ-UBTVQH16"] == {
        "issued": "2026-04-14", "effective": "2026-04-30", "release": "v3.1.0"}
    assert listed["1365/NQ-UBTVQH15"]["effective"] == "2025-03-01"
    row = Override("30/2026/QH16", "effective_date", "2026-04-30", "30/2026/QH16", "x", "")
    with pytest.raises(SystemExit, match="drop the row"):
        current.effective_dates({("30/2026/QH16", "effective_date"): row}, listed)
    other = Override("36/2026/QH16", "effective_date", "2026-09-01", "36/2026/QH16", "x", "")
    dates = current.effective_dates({("36/2026/QH16", "effective_date"): other}, listed)
    assert dates["36/2026/QH16"] == "2026-09-01" and dates["30/2026/QH16"] == "2026-04-30"


def test_type_histories() -> None:
    for rec in [*provinces(), *communes()]:
        types = rec["types"]
        assert all(list(t) in (TYPE_KEYS, [*TYPE_KEYS, "adopted"]) for t in types), rec["code"]
        assert all(t.get("adopted", "") < t["valid_from"] for t in types), rec["code"]
        dates = [t["valid_from"] for t in types]
        assert dates[0] == START and dates == sorted(set(dates)), rec["code"]
        assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates)
        assert all(a["type"] != b["type"] for a, b in itertools.pairwise(types))
    assert {p["types"][0]["document"] for p in provinces()} == {"202/2025/QH15"}
    # One NQ-UBTVQH15 resolution per province, and a different one for each province.
    docs: dict[str, set[str]] = {}
    for c in communes():
        docs.setdefault(c["province_code"], set()).add(c["types"][0]["document"])
    assert all(len(d) == 1 for d in docs.values())
    flat = [d.pop() for d in docs.values()]
    assert len(set(flat)) == 34
    assert all(re.fullmatch(r"\d{4}/NQ-UBTVQH15", d) for d in flat)
    assert docs.keys() == {p["code"] for p in provinces()}


@pytest.mark.parametrize("which", ["provinces", "communes"])
def test_codes_unique_sorted_well_formed(which: str) -> None:
    records, width = (provinces(), 2) if which == "provinces" else (communes(), 5)
    codes = [r["code"] for r in records]
    assert codes == sorted(set(codes))
    assert all(re.fullmatch(rf"\d{{{width}}}", c) for c in codes)


def test_key_order() -> None:
    assert all(list(p) == PROVINCE_KEYS for p in provinces())
    assert all(list(c) == COMMUNE_KEYS for c in communes())


def test_every_commune_has_a_province() -> None:
    codes = {p["code"] for p in provinces()}
    assert {c["province_code"] for c in communes()} == codes


def test_names() -> None:
    for rec in [*provinces(), *communes()]:
        name, ascii_name, slug = rec["name"], rec["ascii_name"], rec["slug"]
        assert name and name == name.strip() and "  " not in name
        assert not re.match(r"(?i)(phường|xã|đặc khu|tỉnh|thành phố)\s", name), name
        folded = unicodedata.normalize("NFD", ascii_name)
        assert not any(unicodedata.combining(ch) for ch in folded) and "đ" not in folded.lower()
        assert len(ascii_name) == len(name)
        assert re.fullmatch(r"[0-9a-z]+(-[0-9a-z]+)*", slug), slug
    by_code = {c["code"]: c for c in communes()}
    assert by_code["00004"]["name"] == "Ba Đình"
    assert by_code["26732"]["name"] == "Côn Đảo"
    assert by_code["26732"]["types"][0]["type"] == "đặc khu"


def test_overridden_types() -> None:
    """vietnamadminunits swaps phường/xã for these four; the stored types follow the names."""
    by_code = {c["code"]: c for c in communes()}
    assert [by_code[c]["types"][0]["type"] for c in ("10543", "11848", "31213", "31299")] == [
        "phường", "xã", "phường", "xã"]


def test_legacy_codes() -> None:
    all_codes = [code for p in provinces() for code in p["legacy_codes"]]
    assert len(all_codes) == len(set(all_codes)) == 63
    assert all(re.fullmatch(r"\d{2}", c) for c in all_codes)
    by_code = {p["code"]: p["legacy_codes"] for p in provinces()}
    assert all(codes == sorted(codes) and codes for codes in by_code.values())
    assert by_code["80"] == ["72", "80"]  # Tây Ninh = Tây Ninh (72) + Long An (80)
    assert by_code["79"] == ["74", "77", "79"]
    assert by_code["46"] == ["46"]
    assert sum(len(v) == 1 for v in by_code.values()) == 11


def test_coordinates_and_area() -> None:
    for c in communes():
        lat, lon, area = c["latitude"], c["longitude"], c["area_km2"]
        assert (lat is None) == (lon is None)
        if lat is not None:
            assert 6 <= lat <= 24 and 102 <= lon <= 118, c["code"]
        assert area is None or area > 0
