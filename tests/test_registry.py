"""The verb set of the current registries, code handling and errors."""

from __future__ import annotations

import pickle
import threading

import pytest

import vn_units
from vn_units import (
    AmbiguousUnitError,
    InvalidCodeError,
    UnitNotFoundError,
    VNUnitsError,
)


@pytest.mark.parametrize("code", ["79", "079", 79, " 79 "])
def test_province_code_forms(code: object) -> None:
    assert vn_units.provinces[code].code == "79"


@pytest.mark.parametrize("code", ["4", 4, "00004", "004"])
def test_commune_code_forms(code: object) -> None:
    assert vn_units.communes[code].full_name == "Phường Ba Đình"


def test_numpy_style_integers_are_accepted() -> None:
    class Index:
        def __index__(self) -> int:
            return 1

    assert vn_units.provinces[Index()].name == "Hà Nội"


@pytest.mark.parametrize("code", ["7x9", "", "123", "-1", -1, "1.0", "٧٩", 100])
def test_malformed_province_code(code: object) -> None:
    with pytest.raises(InvalidCodeError) as info:
        vn_units.provinces[code]
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, VNUnitsError)
    assert repr(code) in str(info.value)
    assert info.value.level == "province"


@pytest.mark.parametrize("code", [None, 79.0, ["79"], True, b"79"])
def test_non_codes_raise_type_error(code: object) -> None:
    with pytest.raises(TypeError, match="code must be a str or an int"):
        vn_units.provinces[code]


def test_unknown_code_names_input_and_suggests() -> None:
    with pytest.raises(UnitNotFoundError) as info:
        vn_units.provinces["78"]
    err = info.value
    assert isinstance(err, KeyError) and isinstance(err, LookupError)
    assert err.query == "78" and err.era == "current" and err.level == "province"
    assert 0 < len(err.suggestions) <= 5
    assert "79" in {s.code for s in err.suggestions}
    assert "'78'" in str(err)


def test_unknown_code_that_exists_in_the_other_era_says_so() -> None:
    with pytest.raises(UnitNotFoundError) as info:
        vn_units.provinces["02"]  # legacy Hà Giang
    assert "legacy code of Tỉnh Hà Giang" in str(info.value)


def test_get() -> None:
    assert vn_units.provinces.get("79") is vn_units.provinces["79"]
    assert vn_units.provinces.get("78") is None
    assert vn_units.provinces.get("garbage") is None
    sentinel = vn_units.provinces["01"]
    assert vn_units.provinces.get("78", sentinel) is sentinel
    assert vn_units.provinces.get(None) is None  # as dict.get
    assert vn_units.provinces.get(None, sentinel) is sentinel
    with pytest.raises(TypeError):
        vn_units.provinces.get(79.5)


def test_contains_iter_len() -> None:
    assert "79" in vn_units.provinces and 79 in vn_units.provinces
    assert "78" not in vn_units.provinces and None not in vn_units.provinces
    assert len(vn_units.provinces) == 34 and len(vn_units.communes) == 3321
    codes = [p.code for p in vn_units.provinces]
    assert codes == sorted(codes)


def test_parent_and_children() -> None:
    hcm = vn_units.provinces["79"]
    children = hcm.communes
    assert children and all(c.province == hcm for c in children)
    assert sum(len(p.communes) for p in vn_units.provinces) == 3321
    assert vn_units.communes.within("79") == children
    assert vn_units.communes.within(79) == children


def test_find_is_insensitive_to_case_diacritics_and_type() -> None:
    expected = vn_units.communes["26743"]
    for text in ("Phường Bến Thành", "bến thành", "BEN THANH", "P. Ben Thanh", "phuong ben thanh"):
        assert vn_units.communes.find(text, within="79") == expected
    assert vn_units.provinces.find("tp hcm").code == "79"
    assert vn_units.provinces.find("Thành phố Hà Nội").code == "01"


def test_find_ambiguous_lists_candidates_with_parents() -> None:
    with pytest.raises(AmbiguousUnitError) as info:
        vn_units.communes.find("Tân Phú")
    err = info.value
    assert len(err.candidates) >= 2
    assert all(c.name == "Tân Phú" for c in err.candidates)
    assert "Tỉnh" in str(err) or "Thành phố" in str(err)  # parents are named


def test_find_unknown_suggests() -> None:
    with pytest.raises(UnitNotFoundError) as info:
        vn_units.provinces.find("Ho Chi Mnh Cty")
    assert info.value.suggestions[0].code == "79"


def test_find_within_a_parent_name() -> None:
    assert vn_units.communes.find("Tân Định", within="Hồ Chí Minh").code == "26737"


def test_find_rejects_non_str() -> None:
    with pytest.raises(TypeError):
        vn_units.provinces.find(79)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "exc",
    [
        InvalidCodeError("7x", "province", "expected 1 to 2 digits"),
        UnitNotFoundError("78", "current", "province", (), "hint"),
        AmbiguousUnitError("Tân Phú", ("a", "b"), "narrow it"),
        vn_units.AddressParseError("some text", "no province", None),
        vn_units.DataError("broken"),
    ],
)
def test_exceptions_pickle(exc: Exception) -> None:
    again = pickle.loads(pickle.dumps(exc))
    assert type(again) is type(exc)
    assert str(again) == str(exc)


def test_not_found_with_units_pickles() -> None:
    try:
        vn_units.provinces["78"]
    except UnitNotFoundError as exc:
        again = pickle.loads(pickle.dumps(exc))
        assert again.suggestions == exc.suggestions
        assert str(again) == str(exc)


def test_thread_safe_single_load() -> None:
    from vn_units._registry import Registry
    from vn_units.models import Commune

    calls = []
    import vn_units._resources as res

    original = res.read_checked

    def counting(name: str) -> object:
        calls.append(name)
        return original(name)

    registry: Registry[Commune] = Registry(
        era="current", level="commune", filename="communes.json", model=lambda: Commune
    )
    res.read_checked = counting  # type: ignore[assignment]
    try:
        barrier = threading.Barrier(16)
        results: list[int] = []

        def worker() -> None:
            barrier.wait()
            results.append(len(registry))

        threads = [threading.Thread(target=worker) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        res.read_checked = original
    assert results == [3321] * 16
    assert calls == ["communes.json"]
    len(registry)
    assert calls == ["communes.json"]  # a second access does not re-read


def test_within_with_two_parent_levels_needs_a_padded_code() -> None:
    communes = vn_units.legacy.communes
    assert len(communes.within("760")) == len(communes.within(vn_units.legacy.districts["760"]))
    assert all(c.province_code == "79" for c in communes.within("79"))
    with pytest.raises(TypeError, match="zero-padded str"):
        communes.within(79)


def test_find_suggests_the_unit_that_took_in_a_former_name() -> None:
    from vn_units import legacy

    with pytest.raises(UnitNotFoundError) as info:
        legacy.communes.find("Phường 6", within=legacy.districts["770"])  # Quận 3
    assert info.value.suggestions[0].code == "27139"  # Phường Võ Thị Sáu, 2020
    assert "before 2025-06-30" in info.value.hint
    with pytest.raises(UnitNotFoundError) as info:
        legacy.districts.find("Quận 9")
    assert info.value.suggestions[0].code == "769"  # Thành phố Thủ Đức, 2021
    # a name no unit ever had gets no such hint
    with pytest.raises(UnitNotFoundError) as info:
        legacy.districts.find("Quận Không Có")
    assert info.value.hint == ""


# -- issue 20: codes ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("level", "bad"),
    [("province", "00004"), ("province", "0079"), ("province", "100"), ("district", "0760"),
     ("commune", "000004"), ("province", 100), ("commune", 100000)],
)  # fmt: skip
def test_a_code_longer_than_its_level_is_invalid(level: str, bad: object) -> None:
    from vn_units._catalog import registry

    with pytest.raises(InvalidCodeError) as info:
        registry("current" if level != "district" else "legacy", level)[bad]
    assert info.value.code == bad
    assert "expected 1 to" in str(info.value)


def test_code_widths_have_one_home() -> None:
    from vn_units._types import CODE_WIDTHS

    assert dict(CODE_WIDTHS) == {"province": 2, "district": 3, "commune": 5}
    with pytest.raises(TypeError):
        CODE_WIDTHS["province"] = 3  # type: ignore[index]
    for registry in (vn_units.provinces, vn_units.communes, vn_units.legacy.districts):
        assert {len(u.code) for u in registry} == {CODE_WIDTHS[registry.level]}


def test_a_huge_integer_is_an_invalid_code_and_not_in_the_registry() -> None:
    huge = 10**5000  # str() of it raises ValueError (more than 4,300 digits)
    with pytest.raises(InvalidCodeError) as info:
        vn_units.communes[huge]
    assert "an integer of about 5001 digits" in str(info.value)
    assert huge not in vn_units.communes
    assert vn_units.communes.get(huge) is None
    assert -1 not in vn_units.provinces


def test_lookup_takes_a_code_or_a_name() -> None:
    hcm = vn_units.provinces["79"]
    for value in ("79", 79, "079", "TP.HCM", "Hồ Chí Minh", "tphcm", "Sài Gòn"):
        assert vn_units.provinces.lookup(value) is hcm
    assert vn_units.communes.lookup("Tân Phú, Đồng Nai").code == "26116"
    assert vn_units.communes.lookup("Tân Phú", within="79").code == "27031"
    assert vn_units.communes.lookup("26743", within="79").code == "26743"
    with pytest.raises(UnitNotFoundError, match="is not in the province 01"):
        vn_units.communes.lookup("26743", within="01")
    with pytest.raises(AmbiguousUnitError):
        vn_units.communes.lookup("Tân Phú")
    with pytest.raises(UnitNotFoundError):
        vn_units.communes.lookup("Tân Phú, Atlantis")
    with pytest.raises(InvalidCodeError):
        vn_units.provinces.lookup("00004")


def test_find_with_a_code_says_to_use_brackets() -> None:
    with pytest.raises(UnitNotFoundError) as info:
        vn_units.provinces.find("79")
    assert str(info.value) == (
        "no current province matches '79': '79' is a code, not a name: look codes up with "
        "provinces['79'] or provinces.lookup('79')"
    )
    assert info.value.suggestions == (vn_units.provinces["79"],)


def test_an_overlong_name_is_refused_at_once_and_not_echoed_whole() -> None:
    import time

    name = "Bến Thành " * 100_000  # 1 MB
    start = time.perf_counter()
    with pytest.raises(UnitNotFoundError) as info:
        vn_units.communes.find(name)
    assert time.perf_counter() - start < 0.5
    assert len(str(info.value)) < 200
    assert info.value.query == name  # the attribute keeps it all


# -- issue 20: legacy names --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "now"),
    [
        ("Bình Dương", "Thành phố Hồ Chí Minh [79]"),
        ("Hà Giang", "Tỉnh Tuyên Quang [08]"),
        ("Quảng Nam", "Thành phố Đà Nẵng [48]"),
        ("binh duong", "Thành phố Hồ Chí Minh [79]"),
    ],
)
def test_a_legacy_province_name_says_what_it_became(name: str, now: str) -> None:
    with pytest.raises(UnitNotFoundError) as info:
        vn_units.provinces.find(name)
    err = info.value
    legacy_name = vn_units.legacy.provinces.find(name).name
    assert err.hint == f"{legacy_name} is a legacy province (until 2025-06-30), now part of {now}"
    # said first, with no misleading "did you mean"
    assert str(err) == f"no current province matches {name!r}: {err.hint}"
    assert err.suggestions[0].describe() == now


def test_a_legacy_commune_name_names_the_legacy_commune_and_its_successor() -> None:
    with pytest.raises(UnitNotFoundError) as info:
        vn_units.communes.find("Bến Nghé", within="79")
    err = info.value
    assert [u.code for u in err.suggestions] == ["26740"]  # Phường Sài Gòn, not Bến Thành
    assert "Bến Nghé is a legacy commune (until 2025-06-30)" in err.hint
    assert "Phường Bến Nghé [26740], Quận 1" in err.hint
    assert "now part of Phường Sài Gòn [26740]" in err.hint
    assert "Bến Thành" not in str(err)


def test_a_split_legacy_commune_lists_every_successor() -> None:
    checked = 0
    for old in vn_units.legacy.communes:
        if len(old.successors) < 2 or old.name in {u.name for u in vn_units.communes}:
            continue
        province = old.successors[0].current_unit.province_code
        with pytest.raises(UnitNotFoundError) as info:
            vn_units.communes.find(old.full_name, within=province)
        assert "now split between" in info.value.hint, old
        assert old.describe() in info.value.hint
        checked += 1
        if checked == 20:
            break
    assert checked == 20


def test_a_legacy_name_outside_the_parent_gets_the_usual_suggestions() -> None:
    with pytest.raises(UnitNotFoundError) as info:
        vn_units.communes.find("Bến Nghé", within="01")
    assert "legacy" not in info.value.hint


# -- issue 20: pickling, copying, arguments ----------------------------------------------------
def test_registries_pickle_as_themselves_and_copy_as_themselves() -> None:
    import copy

    for registry in (vn_units.provinces, vn_units.communes, vn_units.legacy.districts):
        assert pickle.loads(pickle.dumps(registry)) is registry
        assert copy.copy(registry) is registry and copy.deepcopy(registry) is registry
    get = pickle.loads(pickle.dumps(vn_units.communes.get))
    assert get("26743") is vn_units.communes["26743"]


def test_a_spawned_pool_maps_registry_get() -> None:
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        found = pool.map(vn_units.communes.get, ["26743", "00004", "99999"])
    assert [None if u is None else u.code for u in found] == ["26743", "00004", None]


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"level": "bogus"}, "level"),
        ({"era": "bogus"}, "era"),
        ({"level": "district"}, "era"),  # districts are legacy: era="current" finds none
        ({"limit": -1}, "limit"),
        ({"score_cutoff": 500}, "score_cutoff"),
        ({"score_cutoff": -1}, "score_cutoff"),
    ],
)
def test_search_options_outside_their_values_are_typed_errors(
    kwargs: dict[str, object], name: str
) -> None:
    with pytest.raises(vn_units.InvalidArgumentError) as info:
        vn_units.search("Huế", **kwargs)  # type: ignore[arg-type]
    assert isinstance(info.value, ValueError) and isinstance(info.value, VNUnitsError)
    assert info.value.name == name
    if name != "era" or "level" not in kwargs:
        with pytest.raises(vn_units.InvalidArgumentError):
            vn_units.provinces.search("Huế", **kwargs) if name in ("limit", "score_cutoff") else (
                vn_units.search("Huế", **kwargs)  # type: ignore[arg-type]
            )
    assert pickle.loads(pickle.dumps(info.value)).name == name


def test_search_limit_zero_and_none() -> None:
    assert vn_units.search("Huế", limit=0) == []
    assert len(vn_units.provinces.search("h", limit=None, score_cutoff=0)) == 34


def test_a_legacy_code_says_first_what_it_became() -> None:
    with pytest.raises(UnitNotFoundError) as info:
        vn_units.provinces["02"]
    assert str(info.value) == (
        "no current province matches '02': 02 is the legacy code of Tỉnh Hà Giang [02] "
        "(legacy), now part of Tỉnh Tuyên Quang [08]; codes are era-specific"
    )
    assert info.value.suggestions[0].code == "08"
    with pytest.raises(UnitNotFoundError) as info:
        vn_units.communes["00001"]  # legacy Phường Phúc Xá
    assert "now part of Phường Hồng Hà [00097]" in str(info.value)
    assert info.value.suggestions[0].code == "00097"


def test_a_query_longer_than_any_name_matches_none_at_once() -> None:
    import time

    start = time.perf_counter()
    assert vn_units.search("Bến Thành " * 100_000, era=None) == []
    assert vn_units.communes.search("x" * 1_000_000) == []
    assert time.perf_counter() - start < 0.5  # was 15 s and 2.5 s


def test_a_current_name_on_a_legacy_registry_says_what_it_was_formed_from() -> None:
    with pytest.raises(UnitNotFoundError) as info:
        vn_units.legacy.communes.find("Sài Gòn", within="79")
    err = info.value
    assert err.hint.startswith(
        "Sài Gòn is a current commune (from 2025-07-01), not a legacy one: "
        "Phường Sài Gòn [26740], Thành phố Hồ Chí Minh, formed from part of Phường Đa Kao"
    )
    assert str(err).startswith("no legacy commune matches 'Sài Gòn': Sài Gòn is a current")
    assert {u.code for u in err.suggestions} == {"26737", "26740", "26746"}
    assert all(u.era == "legacy" for u in err.suggestions)
    # a former name of a legacy unit keeps its own hint
    with pytest.raises(UnitNotFoundError) as info:
        vn_units.legacy.communes.find("Phường 6", within="770")
    assert "name from before 2025-06-30" in info.value.hint
