"""The label mapping of benchmarks/heldout.py: labels are placed by name, never by the parser.

The examples here are written for this test (no text of a held-out set is quoted). The last test
reads the cached sealed files and is skipped when they are not cached; nothing here needs the
network.
"""

from __future__ import annotations

import contextlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("heldout", ROOT / "benchmarks" / "heldout.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("heldout", module)
    spec.loader.exec_module(module)
    return module


heldout = _load()


@pytest.mark.parametrize(("expected", "labels"), [
    ("12 Ngõ 3 Kim Mã, Phường Kim Mã, Quận Ba Đình, Hà Nội, Việt Nam",
     ("Hà Nội", "Quận Ba Đình", "Phường Kim Mã")),
    ("Phường Tân Tạo, Quận Bình Tân", ("", "Quận Bình Tân", "Phường Tân Tạo")),
    # a part without its type word is not graded: only the province is labelled
    ("Số 5, Láng Hạ, Đống Đa, Hà Nội, Việt Nam", ("Hà Nội", "", "")),
    # the ward is the part right before the district, not an earlier "Phường" part
    ("Phường Kim Mã cũ, Tổ 4, Quận Ba Đình, Hà Nội", ("Hà Nội", "Quận Ba Đình", "")),
    # a lone street names no unit; a last part with a digit is no province
    ("29 Hoàng Đạo Thúy", ("", "", "")),
    ("Tòa A, 29 Hoàng Đạo Thúy", ("", "", "")),
])
def test_formatter_labels(expected: str, labels: tuple[str, str, str]) -> None:
    assert heldout.formatter_labels(expected) == labels


def test_pelias_rows_skip_commented_asserts() -> None:
    js = """
  assert('5 Kim Mã, Kim Mã, Ba Đình, Hà Nội', [
    { housenumber: '5' }, { street: 'Kim Mã' },
    { locality: 'Kim Mã' }, { county: 'Ba Đình' }, { region: 'Hà Nội' }
  ])
  assert('5 Kim Mã', [{ housenumber: '5' }, { street: 'Kim Mã' }])
  // assert('Thanh Hà, Hải Dương', [
  //   { county: 'Thanh Hà' }, { region: 'Hải Dương'}
  // ])
"""
    rows = heldout.pelias_rows(js)
    assert [r["text"] for r in rows] == ["5 Kim Mã, Kim Mã, Ba Đình, Hà Nội", "5 Kim Mã"]
    assert rows[0]["result"] == {"province": "Hà Nội", "district": "Ba Đình", "ward": "Kim Mã"}
    assert rows[1]["result"] == {"province": None, "district": None, "ward": None}


def _names(codes: dict[str, str]) -> dict[str, str]:
    import vn_units

    tables: dict[str, Any] = {"province": vn_units.legacy.provinces,
                              "district": vn_units.legacy.districts,
                              "commune": vn_units.legacy.communes}
    return {level: tables[level][code].name for level, code in codes.items()}


def test_labels_are_placed_by_name_within_their_parent() -> None:
    labeller = heldout.Labeller()
    exp = labeller.expected({"province": "Hà Nội", "district": "Quận Ba Đình",
                             "commune": "Phường Kim Mã"})
    assert _names(exp.codes) == {"province": "Hà Nội", "district": "Ba Đình",
                                 "commune": "Kim Mã"}
    # numbered units: a leading zero and the type word do not matter
    exp = labeller.expected({"province": "Hồ Chí Minh", "district": "Quận 05",
                             "commune": "Phường 02"})
    assert _names(exp.codes) == {"province": "Hồ Chí Minh", "district": "5", "commune": "2"}
    # a ward looked up under the wrong district is a label failure, not a guess
    with pytest.raises(heldout.LabelError):
        labeller.expected({"province": "Hà Nội", "district": "Quận Hoàn Kiếm",
                           "commune": "Phường Kim Mã"})


def test_sealed_sets_from_the_cache() -> None:
    cache = heldout.CACHE
    if not all(heldout.cached(name, cache).exists() for name in ("format", "extract",
                                                                  "pelias-vi")):
        pytest.skip("the sealed files are not cached (benchmarks/heldout.py --from-git)")
    sets = heldout.build_sets(cache, sealed_too=True)
    assert set(heldout.SEALED) <= set(sets)
    for name in ("sealed-delivery", "sealed-geocoder"):
        labelled = sum(1 for r in sets[name] if any(r["result"].values()))  # a count: no texts
        assert labelled >= 20
    others = {s["text"] for n in sets if n not in heldout.SEALED for s in sets[n]}
    held = sum(r["text"] in others for name in heldout.SEALED for r in sets[name])
    assert held == 0


def test_converter_rows_label_the_commune_and_province_of_2025() -> None:
    table = ("old_address,new_address\n"
             '"5 Lý Tự Trọng, Phường 3, Quận 9, TP HCM","5 Lý Tự Trọng, Phường X, Thành phố Y"\n'
             '"Thôn 2, Xã A, Huyện B, Tỉnh C","Thôn 2, Tỉnh D, Việt Nam"\n')
    rows = heldout.converter_rows(table)
    assert [r["text"] for r in rows] == ["5 Lý Tự Trọng, Phường 3, Quận 9, TP HCM",
                                         "Thôn 2, Xã A, Huyện B, Tỉnh C"]
    # a new address has no district: "Thành phố Y" is the province, not a district
    assert rows[0]["result"] == {"province": "Thành phố Y", "district": None, "ward": "Phường X"}
    # a part without a ward type word is no commune label
    assert rows[1]["result"] == {"province": "Tỉnh D", "district": None, "ward": ""}


def test_normalizer_rows_read_the_tests_as_a_literal() -> None:
    source = '''
import sys
raise SystemExit("never run")
TESTS = [
    {"id": 1, "input": "p kim ma ba dinh hn", "expect_province": "Thành phố Hà Nội",
     "expect_ward": "Phường Ngọc Hà", "expect_valid": True},
    {"id": 2, "input": "nowhere", "expect_province": None, "expect_ward": None,
     "expect_valid": False},
]
'''
    rows = heldout.normalizer_rows(source)
    assert rows[0] == {"text": "p kim ma ba dinh hn",
                       "result": {"province": "Thành phố Hà Nội", "district": None,
                                  "ward": "Phường Ngọc Hà"}}
    assert rows[1]["result"] == {"province": None, "district": None, "ward": None}


def test_current_labels_are_placed_by_name_and_graded_through_the_lineage() -> None:
    import vn_units

    labeller = heldout.Labeller()
    exp = labeller.expected_current({"province": "Thành phố Hà Nội", "district": "",
                                     "commune": "Phường Ba Đình"})
    assert vn_units.provinces[exp.codes["province"]].name == "Hà Nội"
    assert vn_units.communes[exp.codes["commune"]].full_name == "Phường Ba Đình"
    with pytest.raises(heldout.LabelError):  # a legacy name is no commune of 2025
        labeller.expected_current({"province": "Hà Nội", "district": "",
                                   "commune": "Phường Kim Mã"})
    # a legacy reading is right when its unit went into the labelled one
    parsed = vn_units.parse_address("Phường Kim Mã, Quận Ba Đình, Hà Nội", era="legacy")
    assert parsed.commune is not None
    successors = heldout.successors("commune", parsed.commune.code)
    assert successors and all(heldout.current_right("commune", code, parsed)
                              for code in successors)
    other = next(c.code for c in vn_units.provinces[exp.codes["province"]].communes
                 if c.code not in successors)
    assert not heldout.current_right("commune", other, parsed)
    # read in the current era, only the labelled commune itself is right
    current = vn_units.parse_address("Phường Ba Đình, Hà Nội", era="current")
    assert heldout.current_right("commune", exp.codes["commune"], current)
    assert not heldout.current_right("commune", other, current) or other == exp.codes["commune"]


def test_current_labelled_sealed_sets_from_the_cache() -> None:
    cache = heldout.CACHE
    if not all(heldout.cached(name, cache).exists() for name in ("convert-table",
                                                                  "normalizer")):
        pytest.skip("the sealed files are not cached (benchmarks/heldout.py --from-git)")
    sets = heldout.build_sets(cache, sealed_too=True)
    labeller = heldout.Labeller()
    for name in ("sealed-converter", "sealed-normalizer"):
        assert name in heldout.SEALED and name in heldout.CURRENT_LABELS
        placed = 0
        for r in sets[name]:
            labels = {lv: (r["result"].get(heldout.LABEL_KEYS[lv]) or "").strip()
                      for lv in heldout.LEVELS}
            if any(labels.values()):
                with contextlib.suppress(heldout.LabelError):
                    placed += bool(labeller.expected_current(labels).codes)
        assert placed >= 5
