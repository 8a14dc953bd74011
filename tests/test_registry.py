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


@pytest.mark.parametrize("code", ["79", "079", 79, " 79 ", "0079"])
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
    with pytest.raises(TypeError):
        vn_units.provinces.get(None)


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

    original = res.read_models

    def counting(name: str, adapter: object) -> object:
        calls.append(name)
        return original(name, adapter)  # type: ignore[arg-type]

    registry: Registry[Commune] = Registry(
        era="current", level="commune", filename="communes.json", model=lambda: Commune
    )
    res.read_models = counting  # type: ignore[assignment]
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
        res.read_models = original
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
