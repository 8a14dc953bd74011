"""parse_address, resolve_address, convert_address, format_address."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vn_units
from vn_units import AddressParseError, AmbiguousUnitError, legacy
from vn_units.address import (
    AddressConversion,
    ParsedAddress,
    convert_address,
    format_address,
    parse_address,
    resolve_address,
)


def codes(a: ParsedAddress) -> tuple[str | None, str | None, str | None]:
    return (
        a.province.code if a.province else None,
        a.district.code if a.district else None,
        a.commune.code if a.commune else None,
    )


# -- spelling styles of one legacy address ---------------------------------------------------
BEN_THANH_LEGACY = ("79", "760", "26743")


@pytest.mark.parametrize(
    "text",
    [
        "65 Lê Lợi, Phường Bến Thành, Quận 1, Thành phố Hồ Chí Minh",
        "65 Le Loi, Phuong Ben Thanh, Quan 1, Thanh pho Ho Chi Minh",
        "65 lê lợi, p. bến thành, q.1, tp.hcm",
        "65 Lê Lợi P.Bến Thành Q1 TPHCM",
        "65 Lê Lợi phường Bến Thành quận 1 TP HCM Việt Nam",
        "65 Le Loi, Ben Thanh Ward, District 1, Ho Chi Minh City, Vietnam",
        "65 Lê Lợi, F. Bến Thành, Q. 1, Sài Gòn 700000",
        "65 LÊ LỢI, PHƯỜNG BẾN THÀNH, QUẬN 1, TP. HỒ CHÍ MINH",
        "65 Lê Lợi, Phường Bến Thành, Quận 1, TP Hồ Chí Mnh",  # a typo
        "65 Lê Lợi, Phường Bến Thành, Quận 1",  # no province
    ],
)
def test_spelling_styles(text: str) -> None:
    a = parse_address(text)
    assert codes(a) == BEN_THANH_LEGACY, a
    assert a.era == "legacy"
    assert a.street is not None and a.street.lower().replace("ê", "e").startswith("65 le")


def test_nfd_input() -> None:
    import unicodedata

    text = unicodedata.normalize("NFD", "Phường Bến Thành, Quận 1, Thành phố Hồ Chí Minh")
    assert codes(parse_address(text)) == BEN_THANH_LEGACY


def test_current_era_and_english() -> None:
    a = parse_address("Ben Thanh Ward, Ho Chi Minh City")
    assert (a.era, codes(a)) == ("current", ("79", None, "26743"))
    assert a.confidence == 1.0 and a.warnings == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Phường 1, Quận 3, TP.HCM", ("79", "770", "27160")),
        ("P1 Q3 HCM", ("79", "770", "27160")),
        ("F.01, Q.03, Sài Gòn", ("79", "770", "27160")),
        ("P.12, Q.Tân Bình, TP.HCM", ("79", "766", "26971")),
    ],
)
def test_numbered_units(text: str, expected: tuple[str, str, str]) -> None:
    assert codes(parse_address(text)) == expected


def test_house_numbers_that_look_like_units() -> None:
    a = parse_address("Số 5 đường 3 tháng 2, Phường 12, Quận 10, TP.HCM")
    assert a.street == "Số 5 đường 3 tháng 2"
    assert a.commune is not None and a.commune.full_name == "Phường 12"
    for street in ("12/3A Ngõ 10", "Tổ 3, Ấp 2", "Khu phố 4", "Thôn Đông", "Ngõ 10 Tổ 3"):
        a = parse_address(f"{street}, Phường Bến Thành, TP Hồ Chí Minh")
        assert a.street == street
        assert codes(a) == ("79", None, "26743")


def test_city_inside_a_city_and_thi_xa() -> None:
    a = parse_address("Phường Linh Trung, TP Thủ Đức, TP HCM")
    assert a.district is not None and a.district.full_name == "Thành phố Thủ Đức"
    a = parse_address("số 12 phường linh trung thành phố thủ đức tp hcm")
    assert a.district is not None and a.district.code == a.commune.district_code  # type: ignore[union-attr]
    a = parse_address("Xã Sơn Đông, Thị xã Sơn Tây, Hà Nội")
    assert a.district is not None and a.district.full_name == "Thị xã Sơn Tây"
    assert a.commune is not None and a.commune.full_name == "Xã Sơn Đông"


def test_missing_province_is_inferred() -> None:
    a = parse_address("Phường Bến Thành, Quận 1")
    assert codes(a) == BEN_THANH_LEGACY


def test_missing_district_is_inferred() -> None:
    a = parse_address("Xã Hồng Hà, Hà Nội", era="legacy")
    assert codes(a) == ("01", "273", "09796")
    assert any("inferred" in w for w in a.warnings)


def test_ambiguous_name_is_flagged() -> None:
    a = parse_address("Xã Tân Phú")
    assert a.commune is not None
    assert a.confidence < 0.5
    assert len(a.alternatives) >= 2
    assert any("alternatives" in w for w in a.warnings)
    with pytest.raises(AmbiguousUnitError):
        resolve_address("Xã Tân Phú")


def test_current_address_naming_its_legacy_province() -> None:
    a = parse_address("Phường Thủ Dầu Một, Tỉnh Bình Dương")
    assert a.era == "current"
    assert codes(a) == ("79", None, "25747")
    assert any("legacy era" in w for w in a.warnings)


def test_legacy_address_naming_its_current_province() -> None:
    # Đan Phượng is in Hà Nội; with a current province name (Tây Ninh took in Long An):
    a = parse_address("Xã An Thạnh, Huyện Bến Lức, Tỉnh Tây Ninh", era="legacy")
    assert a.province is not None and a.province.name == "Long An"
    assert a.district is not None and a.district.name == "Bến Lức"


def test_current_address_with_a_legacy_district() -> None:
    a = parse_address("12 Lê Lợi, Phường Sài Gòn, Quận 1, TP HCM")
    assert a.era == "current"
    assert codes(a) == ("79", None, "26740")
    assert a.street == "12 Lê Lợi"
    assert any("abolished" in w for w in a.warnings)


def test_era_can_be_forced() -> None:
    assert parse_address("Phường Bến Thành, TP HCM", era="legacy").era == "legacy"
    assert parse_address("Phường Bến Thành, Quận 1, TP HCM", era="current").era == "current"
    with pytest.raises(ValueError):
        parse_address("x", era="2020")  # type: ignore[arg-type]


def test_nothing_found() -> None:
    a = parse_address("12 Lê Lợi")
    assert a.era is None and a.units == () and a.street == "12 Lê Lợi"
    assert a.confidence == 0.0
    with pytest.raises(AddressParseError) as info:
        resolve_address("12 Lê Lợi")
    assert info.value.partial == a
    assert parse_address("").street is None


def test_resolve() -> None:
    a = resolve_address("P. Bến Thành, Q.1, TP.HCM")
    assert codes(a) == BEN_THANH_LEGACY
    assert resolve_address("Quận 1, TP.HCM", level="district").district.code == "760"  # type: ignore[union-attr]
    with pytest.raises(AddressParseError):
        resolve_address("Quận 1, TP.HCM")


def test_not_a_string() -> None:
    for bad in (None, 12, b"Ha Noi", ["Ha Noi"]):
        with pytest.raises(TypeError):
            parse_address(bad)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            resolve_address(bad)  # type: ignore[arg-type]


def test_result_is_frozen_and_street_kept_across_cached_tails() -> None:
    a = parse_address("1 Lê Lợi, Phường Bến Thành, TP HCM")
    b = parse_address("2 Lê Lợi, Phường Bến Thành, TP HCM")
    assert (a.street, b.street) == ("1 Lê Lợi", "2 Lê Lợi")
    assert a.text.startswith("1 ") and b.text.startswith("2 ")
    with pytest.raises(AttributeError):
        a.street = "x"  # type: ignore[misc]
    for alt in parse_address("1 Lê Lợi, Xã Tân Phú, Tỉnh Đồng Nai").alternatives:
        assert alt.street == "1 Lê Lợi"


# -- format ----------------------------------------------------------------------------------
def test_format_styles() -> None:
    c = vn_units.communes["26743"]
    assert format_address(c) == "Phường Bến Thành, Thành phố Hồ Chí Minh"
    assert format_address(c, style="short") == "P.Bến Thành, TP.Hồ Chí Minh"
    lc = legacy.communes["26743"]
    assert format_address(lc, street="65 Lê Lợi") == (
        "65 Lê Lợi, Phường Bến Thành, Quận 1, Thành phố Hồ Chí Minh"
    )
    assert format_address(lc, style="english") == "Ben Thanh Ward, District 1, Ho Chi Minh City"
    a = parse_address("65 le loi p ben thanh q1 tphcm")
    assert a.format() == "65 le loi, Phường Bến Thành, Quận 1, Thành phố Hồ Chí Minh"
    assert str(a) == a.format()
    with pytest.raises(TypeError):
        format_address("Phường Bến Thành")  # type: ignore[arg-type]


# -- convert ---------------------------------------------------------------------------------
def test_convert_whole_commune() -> None:
    r = convert_address("12 Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh")
    assert isinstance(r, AddressConversion)
    assert not r.is_ambiguous
    assert r.one().code == "26740"
    assert r.one_address() == "12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh"
    assert r.province is not None and r.province.code == "79"


def test_convert_split_commune_returns_every_candidate() -> None:
    r = convert_address("Thôn Đông, Xã Hồng Hà, Huyện Đan Phượng, Hà Nội")
    assert r.parsed.commune is not None and r.parsed.commune.code == "09796"
    assert r.is_ambiguous and len(r.candidates) == 4
    assert len(r.addresses) == 4
    assert all(x.startswith("Thôn Đông, Xã ") for x in r.addresses)
    assert {c.code for c in r.candidates} == {
        c.code for c in vn_units.convert(legacy.communes["09796"]).candidates
    }
    with pytest.raises(AmbiguousUnitError):
        r.one()


def test_convert_current_input_unchanged_in_structure() -> None:
    r = convert_address("12 Lê Lợi, P. Sài Gòn, TP.HCM")
    assert r.parsed.era == "current"
    assert r.addresses == ("12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh",)


def test_convert_without_commune() -> None:
    r = convert_address("12 Lê Lợi, Tỉnh Long An")
    assert r.candidates == () and r.province is not None and r.province.code == "80"
    assert r.addresses == ("12 Lê Lợi, Tỉnh Tây Ninh",)
    with pytest.raises(AddressParseError):
        r.one()
    assert convert_address("nothing here").addresses == ()


# -- robustness ------------------------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses(text: str) -> None:
    a = parse_address(text)
    assert isinstance(a, ParsedAddress)
    assert 0.0 <= a.confidence <= 1.0
    convert_address(text)


@settings(max_examples=100, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("Phường Quận Xã, .-/0123456789\u0300\u0301\U0001f600\x00\n")),
        max_size=200,
    )
)
def test_address_like_noise_parses(text: str) -> None:
    parse_address(text)


def test_ten_kilobytes_quickly() -> None:
    texts = [
        "Phường Bến Thành, Quận 1, TP.HCM " * 330,
        "x\u0301\U0001f600\x00, " * 2000,
        "a" * 10_000,
        ", " * 5_000,
        "Phuong 1 Quan 3 " * 650,
        "a - " * 2_500,  # spaced dashes: each may cut the address (was 130 ms)
        "Quận 1 - " * 1_100,
        "(cũ Phường 1) " * 700,  # remarks in parentheses (was 60 ms)
        "Huyện Củ Chi Xã Tân Phú " * 420,
        "TP HCM Quận 1 Phường 2 " * 430,
    ]
    parse_address("12 Trần Phú Ba Đình Hà Nội")  # loads what a first reading may need, once
    for text in texts:
        # each a text never parsed before; the fastest of three, so that a pause of the
        # garbage collector (which walks every object of the test process) is not counted
        spent = []
        for tail in (" unique tail", " other tail", " third tail"):
            t0 = time.perf_counter()
            parse_address(text + tail)
            spent.append(time.perf_counter() - t0)
        assert min(spent) < 0.05, (text[:40], spent)


def test_a_former_district_name_is_ignored_and_the_district_inferred() -> None:
    # "TP Huế" was split into Quận Phú Xuân and Quận Thuận Hóa in 2025: no one district has it
    b = parse_address("Phường Đông Ba, TP Huế, Thừa Thiên Huế")
    assert b.commune is not None and b.commune.code == "19768"
    assert b.district is not None and b.district.full_name == "Quận Phú Xuân"
    assert any("ignored 'TP Huế'" in w for w in b.warnings)
    # a district that exists on 2025-06-30, only under another province, is not "former"
    c = parse_address("Xã An Thạnh, Huyện Bến Lức, Tỉnh Tây Ninh", era="legacy")
    assert c.district is not None and c.district.name == "Bến Lức"


def test_legacy_address_naming_its_current_province_in_auto_mode() -> None:
    # Bến Lức was in Long An, which Tây Ninh took in: the legacy reading wins, with a warning
    a = parse_address("Xã An Thạnh, Huyện Bến Lức, Tỉnh Tây Ninh")
    assert a.era == "legacy"
    assert codes(a) == ("80", "803", "28012")
    assert any("named as in the current era" in w for w in a.warnings)


def test_results_made_fast_are_whole_parsed_addresses() -> None:
    """``_parsed`` builds a ParsedAddress without its ``__init__``: every field must be set."""
    import dataclasses

    from vn_units._reader import _parsed

    names = [f.name for f in dataclasses.fields(ParsedAddress)]
    # a value of the right type for each field (the reader may be compiled: types are checked)
    c = vn_units.legacy.communes["26743"]
    values = [
        "text", "street", c.province, c.district, c, "legacy", 0.5, ("a warning",), (),
        "prefix", 1.5, None,
    ]
    made = _parsed(*values)  # type: ignore[arg-type]
    assert vars(made) == dict(zip(names, values, strict=True))
    assert made == ParsedAddress(*values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected", "current"),
    [
        # Phường 6, 7 and 8 of Quận 3 were merged into Phường Võ Thị Sáu in 2020
        ("12 Võ Văn Tần, Phường 6, Quận 3, TP HCM", ("79", "770", "27139"), "Phường Xuân Hòa"),
        # Phường 11 of Quận 10 went into Phường 10 before 2025-06-30
        ("Hẻm 51 Đường 3/2, P.11, Q.10, HCM", ("79", "771", None), None),
        # Quận 2 became part of Thành phố Thủ Đức in 2021
        ("45 Nguyễn Duy Trinh, P. Bình Trưng Tây, Quận 2, Hồ Chí Minh", ("79", "769", "27100"),
         "Phường Bình Trưng"),
    ],
)
def test_names_from_before_a_merger_are_read_as_the_unit_they_went_into(
    text: str, expected: tuple[str, str, str | None], current: str | None
) -> None:
    a = parse_address(text)
    assert a.era == "legacy"
    got = codes(a)
    assert got[:2] == expected[:2]
    if expected[2] is not None:
        assert got[2] == expected[2]
    else:
        assert a.commune is not None and a.commune.name == "10"
    assert any("a name from before 2025-06-30" in w for w in a.warnings)
    assert a.street == text.split(",")[0].strip()
    if current is not None:
        assert convert_address(text).one().full_name == current


def test_a_former_name_never_beats_a_unit_that_has_the_name() -> None:
    # Quận 3 still has a Phường 4 (a former name of no other ward there): read as itself
    a = parse_address("Phường 4, Quận 3, TP HCM")
    assert a.commune is not None and a.commune.full_name == "Phường 4"
    assert not any("a name from before 2025-06-30" in w for w in a.warnings)
    # and a former name is never read without its district: Phường 6 is in other districts
    b = parse_address("Phường 6, TP HCM", era="legacy")
    assert not any("a name from before 2025-06-30" in w for w in b.warnings)


def test_a_former_district_name_is_read_without_its_province() -> None:
    # Phường Bình An of Quận 2 went into Phường An Khánh (Thành phố Thủ Đức) in 2020
    a = parse_address("36 Đường số 9, Phường Bình An, Quận 2")
    assert codes(a) == ("79", "769", "27094")
    assert a.street == "36 Đường số 9"


def test_parsing_from_many_threads_gives_the_same_results() -> None:
    import threading

    from vn_units import address

    texts = [
        "12 Võ Văn Tần, Phường 6, Quận 3, TP HCM",  # a former name (second pass)
        "60 3 tháng 2, Xã Đan Hti, Tỉnh Hà Tĩnh",  # a typo (second pass, pruned branches)
        "Xã An Thạnh, Huyện Bến Lức, Tỉnh Tây Ninh",  # the other era's province
        "65 Lê Lợi, P. Bến Thành, Q.1, TP.HCM",
        "Xã Hồng Hà, Huyện Đan Phượng, Hà Nội",
        "Phường 1, Quận 10",
    ] * 5

    def snapshot(t: str) -> tuple[object, ...]:
        a = parse_address(t)
        return (codes(a), a.street, a.confidence, a.warnings, a.is_ambiguous,
                [codes(x) for x in a.alternatives])

    address._clear_caches()
    expected = [snapshot(t) for t in texts]
    address._clear_caches()
    barrier = threading.Barrier(8)
    got: list[list[tuple[object, ...]]] = []

    def worker() -> None:
        barrier.wait()
        got.append([snapshot(t) for t in texts])

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 8 and all(g == expected for g in got)


@pytest.mark.parametrize(
    ("era", "text", "province"),
    [
        # a current address that names its legacy province, in a process that has only ever
        # read the current era (the legacy names must be indexed all the same)
        ("current", "Xã Lũng Cú, Tỉnh Hà Giang", "08"),
        # and the reverse
        ("legacy", "Xã Lũng Cú, Huyện Đồng Văn, Tỉnh Tuyên Quang", "02"),
    ],
)
def test_reading_does_not_depend_on_the_era_read_first(
    era: str, text: str, province: str
) -> None:
    import subprocess
    import sys

    code = (
        "from vn_units import parse_address\n"
        f"a = parse_address({text!r}, era={era!r})\n"
        "print(a.province.code, a.commune.code)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == [province, "00715"]


@pytest.mark.parametrize(
    ("text", "legacy_province", "current_province"),
    [
        # a bare province name that some current communes also bear: the province, not a
        # commune found in another province ("Xã Bình Định" is in Hưng Yên)
        ("Bình Định", "52", "Tỉnh Gia Lai"),
        ("Thái Bình", "34", "Tỉnh Hưng Yên"),
        ("Long An", "80", "Tỉnh Tây Ninh"),
        ("Hoà Bình, Việt Nam", "17", "Tỉnh Phú Thọ"),
        ("12 Lê Lợi, Bình Định", "52", "Tỉnh Gia Lai"),
    ],
)
def test_a_bare_province_name_is_the_province(
    text: str, legacy_province: str, current_province: str
) -> None:
    a = parse_address(text)
    assert (a.era, a.province.code, a.commune) == ("legacy", legacy_province, None)
    r = convert_address(text)
    assert r.province is not None and r.province.full_name == current_province
    assert r.candidates == ()


def test_a_commune_named_like_a_province_under_its_province() -> None:
    # with its province written, "Long An" is the commune (Phường Long An, Tây Ninh)
    a = parse_address("Long An, Tây Ninh")
    assert (a.era, a.commune.full_name, a.province.full_name) == (
        "current", "Phường Long An", "Tỉnh Tây Ninh"
    )


@pytest.mark.parametrize(
    ("text", "commune", "street"),
    [
        ("TP HCM, Quận 1, Phường Bến Nghé", "26740", None),
        ("Thành phố Hồ Chí Minh, Quận 1, Phường Bến Nghé, 12 Lê Lợi", "26740", "12 Lê Lợi"),
        ("Tỉnh Bình Dương, TP Thủ Dầu Một, Phường Phú Cường, 1 Quang Trung, Tổ 5",
         "25747", "1 Quang Trung, Tổ 5"),
        ("Cần Thơ, Ninh Kiều, An Hòa", "31120", None),
    ],
)
def test_an_address_written_from_the_province_down(
    text: str, commune: str, street: str | None
) -> None:
    a = parse_address(text)
    assert a.commune is not None and a.commune.code == commune
    assert a.street == street
    assert any("reverse order" in w for w in a.warnings)
    # its alternatives are read the same way, and a current-era one converts as usual
    assert all(alt.text == text for alt in a.alternatives)
    b = parse_address("Tỉnh Đồng Nai, Phường Long Bình")
    assert (b.era, b.commune.full_name) == ("current", "Phường Long Bình")


def test_a_province_first_segment_does_not_flip_a_better_forward_reading() -> None:
    a = parse_address("Hải Phòng, Phường Thạch Thang, Hải Châu, Đà Nẵng")
    assert a.commune.full_name == "Phường Thạch Thang" and a.street == "Hải Phòng"
    assert not any("reverse order" in w for w in a.warnings)


@pytest.mark.parametrize(
    ("text", "ignored"),
    [
        ("Phường Bến Nghé, Quận 1, Hồ Chí Minh, XYZ", "XYZ"),
        ("12 Lê Lợi, Phường Bến Nghé, Quận 1, TP HCM, gọi anh Bình", "gọi anh Bình"),
        ("12 Lê Lợi, Phường Bến Nghé, Quận 1, TP HCM, giao giờ hành chính",
         "giao giờ hành chính"),
        ("12 Lê Lợi, Phường Bến Nghé, Quận 1, TP HCM (gần chợ Bến Thành)",
         "gần chợ Bến Thành"),
    ],
)
def test_a_note_after_the_province_is_ignored(text: str, ignored: str) -> None:
    a = parse_address(text)
    assert (a.commune.full_name, a.district.full_name, a.province.full_name) == (
        "Phường Bến Nghé", "Quận 1", "Thành phố Hồ Chí Minh"
    )
    assert f"ignored {ignored!r}: it does not fit the rest of the address" in a.warnings


def test_parentheses_separate_parts() -> None:
    a = parse_address("12 Lê Lợi (gần chợ), Phường Bến Nghé (Q1) TP HCM")
    assert a.street == "12 Lê Lợi (gần chợ)"
    assert (a.commune.full_name, a.district.full_name) == ("Phường Bến Nghé", "Quận 1")


@pytest.mark.parametrize(
    ("text", "province", "district"),
    [
        ("Phường An Hòa, Ninh Kiều, CT", "Thành phố Cần Thơ", "Quận Ninh Kiều"),
        ("Phường Phú Cường, Thủ Dầu Một, BD", "Tỉnh Bình Dương", "Thành phố Thủ Dầu Một"),
        ("Xã Ea Tu, TP BMT, Đắk Lắk", "Tỉnh Đắk Lắk", "Thành phố Buôn Ma Thuột"),
        ("Phường Máy Chai, Quận Ngô Quyền, HP", "Thành phố Hải Phòng", "Quận Ngô Quyền"),
    ],
)
def test_common_abbreviations(text: str, province: str, district: str) -> None:
    a = parse_address(text)
    assert (a.province.full_name, a.district.full_name) == (province, district)
    assert a.commune is not None and not a.warnings


def test_the_former_province_ha_tay_is_ha_noi() -> None:
    a = parse_address("Xã Sơn Đông, Thị xã Sơn Tây, Hà Tây")
    assert (a.commune.full_name, a.district.full_name, a.province.full_name) == (
        "Xã Sơn Đông", "Thị xã Sơn Tây", "Thành phố Hà Nội"
    )
    assert not a.warnings


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("Xã Ea Ral, Ea Hleo, Dak Lak", "Huyện Ea H'leo"),
        ("Xã Ia Dom, Ia HDrai, Kon Tum", "Huyện Ia H'Drai"),
        ("Xã Ea Ral, Huyện Ea H’Leo, Tỉnh Đắk Lắk", "Huyện Ea H'leo"),
    ],
)
def test_a_name_written_without_its_apostrophe(text: str, district: str) -> None:
    a = parse_address(text)
    assert a.district.full_name == district and a.commune is not None
    assert not any("misspelt" in w for w in a.warnings)


@pytest.mark.parametrize(
    "text",
    [
        "Hà Nội - Quận Thanh Xuân - Phường Thượng Đình",
        "Hà Nội / Thanh Xuân / Thượng Đình",
        "Hà Nội/Thanh Xuân/Thượng Đình/Số 5 Nguyễn Trãi",
    ],
)
def test_province_first_with_dashes_or_slashes(text: str) -> None:
    a = parse_address(text)
    assert (a.commune.full_name, a.district.full_name, a.province.full_name) == (
        "Phường Thượng Đình", "Quận Thanh Xuân", "Thành phố Hà Nội"
    )
    assert a.street == ("Số 5 Nguyễn Trãi" if "Số 5" in text else None)
    # a forward address with slashes is not flipped
    assert not any("reverse" in w for w in parse_address("P5/Q3/HCM").warnings)


@settings(max_examples=400, deadline=None)
@given(
    st.integers(min_value=0, max_value=10_000),
    st.sampled_from(["drop", "add", "swap", "cut", "extend"]),
    st.integers(min_value=0, max_value=30),
    st.sampled_from("aehnotu "),
    st.sampled_from([75.0, 80.0, 85.0, 88.0]),
)
def test_the_length_window_of_fuzzy_choices_changes_no_match(
    pick: int, edit: str, at: int, char: str, cutoff: float
) -> None:
    from rapidfuzz import fuzz, process

    from vn_units._reader import _era, _fuzzy_choices

    era = _era("legacy")
    assert era is not None
    province = next(u for u in era.index["province"].all if u.code == "02")
    pool = _fuzzy_choices(era.index["commune"], (province,))
    # a misspelling of one of the keys (or a street-like query much shorter or longer)
    key = pool.keys[pick % len(pool.keys)]
    at %= len(key)
    query = {
        "drop": key[:at] + key[at + 1 :],
        "add": key[:at] + char + key[at:],
        "swap": key[:at] + char + key[at + 1 :],
        "cut": key[: max(1, at // 3)],
        "extend": key + " nguyen thi minh khai"[: at + 1],
    }[edit]
    found = process.extractOne(
        query, pool.keys, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff
    )
    assert pool.best(query, cutoff) == (None if found is None else (found[0], found[1]))


def test_a_commune_that_does_not_fit_its_district_is_flagged() -> None:
    # Bến Nghé is in Quận 1: the district is kept, the commune left in the street, with a warning
    a = parse_address("Phường Bến Nghé, Quận 3, TP HCM")
    assert (a.district.full_name, a.commune, a.street) == ("Quận 3", None, "Phường Bến Nghé")
    assert a.warnings == (
        "'Phường Bến Nghé' names a commune of Thành phố Hồ Chí Minh, but it does not fit"
        " Quận 3: left in the street part",
    )
    # a hamlet or an unknown name in the same place is not flagged
    assert parse_address("Thôn 3, Quận 3, TP HCM").warnings == ()
    assert parse_address("Phường Xyz, Quận 3, TP HCM").warnings == ()


@pytest.mark.parametrize(
    ("text", "district", "commune"),
    [
        # a legacy address whose province is written as it is now, with its district bare: the
        # district is not the current commune that bears its name
        ("216 Lê Thánh Tông, Xã Đông Xá, Đông Hưng, Tỉnh Hưng Yên", "Huyện Đông Hưng",
         "Xã Đông Xá"),
        ("Xã Tân Đồng, Trấn Yên, Tỉnh Lào Cai", "Huyện Trấn Yên", "Xã Tân Đồng"),
        ("138 Nguyễn Văn Linh, Xã Tân Việt, Thanh Hà, Thành phố Hải Phòng", "Huyện Thanh Hà",
         "Xã Tân Việt"),
        ("Xã Cát Hưng, Phù Cát, Tỉnh Gia Lai", "Huyện Phù Cát", "Xã Cát Hưng"),
    ],
)
def test_legacy_address_with_its_current_province_and_a_bare_district(
    text: str, district: str, commune: str
) -> None:
    a = parse_address(text)
    assert (a.era, a.district.full_name, a.commune.full_name) == ("legacy", district, commune)
    assert a.warnings == ("the province is named as in the current era",)


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("135 Tôn Đức Thắng - Văn Phú - Sơn Dương - Tuyên Quang",
         ("Xã Văn Phú", "Huyện Sơn Dương", "Tỉnh Tuyên Quang")),
        ("363 Nguyễn Huệ - Xã Tam Ngãi - Huyện Cầu Kè - Tỉnh Tru Vinh",
         ("Xã Tam Ngãi", "Huyện Cầu Kè", "Tỉnh Trà Vinh")),
        ("Tan Luoc Commune - Binh Tan District - Vinh Long Province",
         ("Xã Tân Lược", "Huyện Bình Tân", "Tỉnh Vĩnh Long")),
        # a dash inside a name does not cut it
        ("Xã Long Sơn - TP Vũng Tàu - Bà Rịa - Vũng Tàu",
         ("Xã Long Sơn", "Thành phố Vũng Tàu", "Tỉnh Bà Rịa - Vũng Tàu")),
        ("Phường Đô Vinh - TP Phan Rang - Tháp Chàm - Ninh Thuận",
         ("Phường Đô Vinh", "Thành phố Phan Rang - Tháp Chàm", "Tỉnh Ninh Thuận")),
    ],
)
def test_spaced_dashes_cut_the_address_like_commas(text: str, units: tuple[str, ...]) -> None:
    a = parse_address(text)
    assert tuple(u.full_name for u in a.units) == units
    assert a.era == "legacy"


def test_a_current_address_with_a_four_word_legacy_province() -> None:
    # "Bà Rịa - Vũng Tàu" (now part of Hồ Chí Minh City) is longer than any current name
    a = parse_address("315/16B Bà Triệu, Phường Tam Long, Tỉnh Bà Rịa - Vũng Tàu")
    assert (a.era, a.commune.full_name, a.province.full_name) == (
        "current", "Phường Tam Long", "Thành phố Hồ Chí Minh"
    )
    assert a.warnings == ("the province is named as in the legacy era",)


@pytest.mark.parametrize(
    ("text", "district", "commune", "street"),
    [
        ("12/3A Cách Mạng Tháng 8, Phường 4, 3, TP.HCM", "Quận 3", "Phường 4",
         "12/3A Cách Mạng Tháng 8"),
        ("72 Lê Thánh Tôn, Bến Nghé, 1, HCM", "Quận 1", "Phường Bến Nghé", "72 Lê Thánh Tôn"),
        # a number that starts the address, or shares its part, is still a house number
        ("12, Lê Lợi, Phường Bến Nghé, Quận 1, TP HCM", "Quận 1", "Phường Bến Nghé",
         "12, Lê Lợi"),
        ("Tổ 5, 3, Phường Bến Nghé, Quận 1, TP HCM", "Quận 1", "Phường Bến Nghé", "Tổ 5, 3"),
    ],
)
def test_a_bare_number_as_a_whole_part_is_a_unit_number(
    text: str, district: str, commune: str, street: str
) -> None:
    a = parse_address(text)
    assert (a.district.full_name, a.commune.full_name, a.street) == (district, commune, street)


@pytest.mark.parametrize(
    ("text", "commune", "province"),
    [
        # a note after an address written without commas, or after its country name
        ("289 Hai Bà Trưng P.Tân Định Q1 HCM, giao giờ hành chính", "Phường Tân Định",
         "Thành phố Hồ Chí Minh"),
        ("63 Trường Chinh, Xã Mỹ Tú, Thành phố Cần Thơ, Vietnam, giao giờ hành chính",
         "Xã Mỹ Tú", "Thành phố Cần Thơ"),
        # a misspelt province before a note
        ("113 Bạch Đằng, Xã Nghĩa Lộc, Tỉnh Nghệ nA, giao giờ hành chính", "Xã Nghĩa Lộc",
         "Tỉnh Nghệ An"),
        # a misspelt province after its type word, without commas
        ("Xóm Bến Xã Đồng Xuân Tỉnh Đắkk Lắk", "Xã Đồng Xuân", "Tỉnh Đắk Lắk"),
        # spaced slashes cut like commas
        ("Hẻm 21 đường Nguyễn Thị Minh Khai / Xã Ia Pa / Tỉnh Gia Lai", "Xã Ia Pa",
         "Tỉnh Gia Lai"),
        # English type words after their names, without commas
        ("88 Le Hong Phong Bac Dong Hung Commune Hung Yen Province", "Xã Bắc Đông Hưng",
         "Tỉnh Hưng Yên"),
        # from the province down, after the country and with a postal code
        ("Việt Nam, Tỉnh Nghệ An 700000, Xã Quảng Châu, Xóm Bến", "Xã Quảng Châu",
         "Tỉnh Nghệ An"),
    ],
)
def test_messier_forms(text: str, commune: str, province: str) -> None:
    a = parse_address(text)
    assert a.commune is not None and a.province is not None
    assert (a.commune.full_name, a.province.full_name) == (commune, province)


@pytest.mark.parametrize(
    ("text", "units"),
    [
        # "Láng" and "Tây Hồ" are names, not the street words "làng" and "hộ"
        ("181 Thái Hà P. Láng HN", ("Phường Láng", "Thành phố Hà Nội")),
        ("Phường Quảng An Quận Tây Hồ Hà Nội",
         ("Phường Quảng An", "Quận Tây Hồ", "Thành phố Hà Nội")),
        # a country name and a postal code in one part after the province
        ("322 Trường Chinh, An Sơn, Văn Quan, Lạng Sơn, Việt Nam 700000",
         ("Xã An Sơn", "Huyện Văn Quan", "Tỉnh Lạng Sơn")),
    ],
)
def test_street_words_by_their_spelling(text: str, units: tuple[str, ...]) -> None:
    assert tuple(u.full_name for u in parse_address(text).units) == units
    # written as the street word, or without diacritics, it still starts a street
    assert parse_address("làng Hà Nội").units == ()


def test_from_the_district_down_without_a_province() -> None:
    a = parse_address("Quận Tân Bình, Phường 2, 58 Trường Sơn")
    assert (a.commune.full_name, a.district.full_name, a.street) == (
        "Phường 2", "Quận Tân Bình", "58 Trường Sơn"
    )
    assert "read with its parts in reverse order: it starts with its largest unit" in a.warnings


def test_english_type_words_after_names_without_commas() -> None:
    a = parse_address("Ngo 87 Nguyen Hue Hiep Thanh Ward Nga Bay City Hau Giang Province")
    assert tuple(u.full_name for u in a.units) == (
        "Phường Hiệp Thành", "Thành phố Ngã Bảy", "Tỉnh Hậu Giang"
    )
    assert a.street == "Ngo 87 Nguyen Hue" and not a.warnings


def test_from_a_misspelt_province_down() -> None:
    a = parse_address("Tỉnh Giaa Lai, Huyện Ia Pa, Xã Kim Tân, Ấp Tân Lập, Xóm Bến")
    assert tuple(u.full_name for u in a.units) == ("Xã Kim Tân", "Huyện Ia Pa", "Tỉnh Gia Lai")
    assert a.street == "Ấp Tân Lập, Xóm Bến"
    # a provincial road ("tỉnh lộ") starting an address is not taken for a province
    b = parse_address("Tỉnh lộ 10, Xã Bình Chánh, TP HCM")
    assert b.street == "Tỉnh lộ 10" and b.commune.full_name == "Xã Bình Chánh"


@pytest.mark.parametrize(
    ("text", "units", "street"),
    [
        ("Xã Tân Thạnh Đông (cũ), Huyện Củ Chi (cũ), TP HCM",
         ("Xã Tân Thạnh Đông", "Huyện Củ Chi", "Thành phố Hồ Chí Minh"), None),
        ("12 Lê Lợi, P. Bến Nghé cũ, Q1 cũ, TP HCM",
         ("Phường Bến Nghé", "Quận 1", "Thành phố Hồ Chí Minh"), "12 Lê Lợi"),
        # a remark in parentheses that names the former unit is read around
        ("12 Lê Lợi, Phường Sài Gòn (P. Bến Nghé cũ), TP HCM",
         ("Phường Sài Gòn", "Thành phố Hồ Chí Minh"), "12 Lê Lợi"),
        ("12 Lê Lợi, Phường Sài Gòn, TP HCM (trước đây là Phường Bến Nghé, Quận 1)",
         ("Phường Sài Gòn", "Thành phố Hồ Chí Minh"), "12 Lê Lợi"),
        ("12 Lê Lợi, Phường Bến Nghé, Quận 1 (nay là Phường Sài Gòn), TP HCM",
         ("Phường Bến Nghé", "Quận 1", "Thành phố Hồ Chí Minh"), "12 Lê Lợi"),
    ],
)
def test_the_word_cu_marks_a_former_name(
    text: str, units: tuple[str, ...], street: str | None
) -> None:
    a = parse_address(text)
    assert tuple(u.full_name for u in a.units) == units and a.street == street
    if "Bến Nghé" in text:  # Bến Nghé went whole into Phường Sài Gòn
        assert convert_address(a).one().full_name == "Phường Sài Gòn"


@pytest.mark.parametrize(
    "text",
    ["12 Lê Lợi, Phường Sài Gòn (mới), TP HCM", "12 Lê Lợi, Phường Sài Gòn mới, TP HCM"],
)
def test_the_word_moi_marks_a_new_name(text: str) -> None:
    a = parse_address(text)
    assert (a.commune.full_name, a.street, a.warnings) == ("Phường Sài Gòn", "12 Lê Lợi", ())
    # and names that end with it are still read whole
    assert parse_address("Xã Chợ Mới, Tỉnh An Giang").commune.full_name == "Xã Chợ Mới"


@pytest.mark.parametrize(
    ("text", "units"),
    [
        # "Phượng", "Xá", "Quán", "Quân" are name words, not "Phường", "Xã", "Quận"
        ("xã tân hội đan phượng hà nội",
         ("Xã Tân Hội", "Huyện Đan Phượng", "Thành phố Hà Nội")),
        ("Phùng Xá Mỹ Đức Hà Nội", ("Xã Phùng Xá", "Huyện Mỹ Đức", "Thành phố Hà Nội")),
        ("289 Hoàng Diệu Định Quán Đồng Nai", ("Xã Định Quán", "Thành phố Đồng Nai")),
        ("36/35A Lạc Long Quân Quảng Uyên Cao Bằng", ("Xã Quảng Uyên", "Tỉnh Cao Bằng")),
    ],
)
def test_a_word_with_other_diacritics_is_no_type_word(
    text: str, units: tuple[str, ...]
) -> None:
    assert tuple(u.full_name for u in parse_address(text).units) == units
    # written without diacritics, or as the type word, it is still one
    a = parse_address("Xa Tan Hoi, Phuong Ha Noi")
    assert "the type word of the province does not match Thành phố Hà Nội" in a.warnings
    assert parse_address("PHƯỜNG BẾN NGHÉ QUẬN 1 TPHCM").commune.full_name == "Phường Bến Nghé"


@pytest.mark.parametrize(
    ("text", "district", "commune"),
    [
        ("12 Cộng Hòa, P.4, Q.TB, TP.HCM", "Quận Tân Bình", "Phường 4"),
        ("P.Mễ Trì, Q.NTL, Hà Nội", "Quận Nam Từ Liêm", "Phường Mễ Trì"),
        ("Xã Tân Thông Hội, H.CC, TP.HCM", "Huyện Củ Chi", "Xã Tân Thông Hội"),
        # "BT" is Bình Thạnh and Bình Tân: the commune decides
        ("5 Cộng Hòa, P.13, Q.BT, HCM", "Quận Bình Thạnh", "Phường 13"),
    ],
)
def test_a_district_written_with_its_initials(text: str, district: str, commune: str) -> None:
    a = parse_address(text)
    assert (a.district.full_name, a.commune.full_name) == (district, commune)
    assert any("initials" in w for w in a.warnings)
    assert a.confidence < 1.0


def test_initials_need_a_type_word_or_a_part_and_a_province() -> None:
    # with no type word and no part of their own, or no province to look under, they are no
    # district
    for text in ("P.4 TB, TP.HCM", "12 Cộng Hòa, P.4, Q.TB"):
        a = parse_address(text)
        assert not any("initials" in w for w in a.warnings)
        assert a.district is None or a.is_ambiguous


@pytest.mark.parametrize(
    ("text", "district", "commune"),
    [
        ("P.4, TB, TP.HCM", "Quận Tân Bình", "Phường 4"),
        ("55/30 Nguyễn Thượng Hiền,P5,BT, TP. Hồ Chí Minh", "Quận Bình Thạnh", "Phường 5"),
        ("12 Lê Lợi, P.13, PN, TP.HCM", "Quận Phú Nhuận", "Phường 13"),
    ],
)
def test_district_initials_as_a_part_of_their_own(
    text: str, district: str, commune: str
) -> None:
    # "BT" is Bình Thạnh or Bình Tân: Phường 5 is only in the first
    a = parse_address(text)
    assert (a.district.full_name, a.commune.full_name) == (district, commune)
    assert any("initials" in w for w in a.warnings)


@pytest.mark.parametrize("province", ["TT-Huế", "TT Huế", "T.T.Huế"])
def test_thua_thien_hue_abbreviated(province: str) -> None:
    a = parse_address(f"Phường Phú Hội, Quận Thuận Hóa, {province}")
    assert a.province.code == "46" and a.commune.full_name == "Phường Phú Hội"


@pytest.mark.parametrize(
    "text",
    ["12 Lê Lợi, P.Bến Nghé, Q.1, T.P.H.C.M", "12 Lê Lợi, P.Bến Nghé, Q.1, H.C.M",
     "T.P.H.C.M, Quận 1, Phường Bến Nghé, 12 Lê Lợi"],
)
def test_single_letters_joined_by_dots_are_one_word(text: str) -> None:
    a = parse_address(text)
    assert (a.province.code, a.commune.full_name) == ("79", "Phường Bến Nghé")
    assert a.street == "12 Lê Lợi"
    # two letters stay a type word and its letter ("T.P" is thành phố)
    assert parse_address("P.Bến Nghé, Q.1, T.P Hồ Chí Minh").warnings == ()


def test_diacritics_decide_only_in_an_address_written_with_them() -> None:
    # Chư Prông has both Xã Ia Băng and Xã Ia Bang
    a = parse_address("246 Trần Hưng Đạo, X. Ia Bang, H. Chư Prông, T. Gia Lai")
    assert (a.commune.code, a.is_ambiguous) == ("23924", False)
    a = parse_address("246 TRAN HUNG DAO, X. IA BANG, H. CHU PRONG, T. GIA LAI")
    assert a.is_ambiguous and a.confidence <= 0.5
    assert {a.commune.code, *(x.commune.code for x in a.alternatives if x.commune)} >= {
        "23905", "23924"
    }


def test_a_country_name_twice_after_the_province() -> None:
    a = parse_address("208 Nguyễn Hữu Cảnh, Phường 22, Bình Thạnh, Hồ Chí Minh, Việt Nam, "
                      "Việt Nam 700000")
    assert (a.commune.full_name, a.district.full_name) == ("Phường 22", "Quận Bình Thạnh")
    assert a.street == "208 Nguyễn Hữu Cảnh"


@pytest.mark.parametrize(
    ("text", "commune"),
    [
        # "Phong" (no diacritics) in an address written with them is no "phòng"
        ("88 Lê Hồng Phong Thanh Thủy Tuyên Quang", "Xã Thanh Thủy"),
        ("28 Trường Chinh Xã Tân Phong Sơn La", "Xã Tân Phong"),
        # "Kiệt" ending a street name is no "kiệt" (alley)
        ("Ngõ 35 Võ Văn Kiệt Toàn Thắng Phú Thọ", "Xã Toàn Thắng"),
        ("224/24A Lý Thường Kiệt Hiệp Thành Quận 12 Thành phố Hồ Chí Minh", "Phường Hiệp Thành"),
    ],
)
def test_a_street_word_that_ends_a_name_starts_no_street(text: str, commune: str) -> None:
    assert parse_address(text).commune.full_name == commune
    # a street word starting its part still does, and is no part of a misspelt name
    assert parse_address("Thôn Phước Thành, Đà Nẵng").commune is None


@pytest.mark.parametrize(
    "text",
    [
        "200 Xô Viết Nghệ Tĩnh, Phường 21, Bình Thạnh, TP HCM",
        "125 Điện Biên Phủ P15 Bình Thạnh HCM",
        "55/2 Nguyễn Du, Xã Tri Ph, Chiêm Hóa, Tỉnh Tuyên Quang",
    ],
)
def test_a_typed_commune_is_not_left_in_the_street(text: str) -> None:
    # its name is a former one, or misspelt: the second pass reads it, in the legacy era,
    # over a current commune named like the district after it
    a = parse_address(text)
    assert a.era == "legacy" and a.commune is not None and a.district is not None
    assert a.warnings


@pytest.mark.parametrize(
    ("text", "province", "commune"),
    [
        # "ĐN" is Đà Nẵng, Đồng Nai or Đắk Nông: the units below it decide
        ("KP2 P.Tân Mai TP Biên Hòa ĐN", "Tỉnh Đồng Nai", "Phường Tân Mai"),
        ("12 Lê Lợi, Hòa Cường Bắc, Hải Châu, ĐN", "Thành phố Đà Nẵng", "Phường Hòa Cường Bắc"),
        ("12 Trần Phú, Phường 4, TP Tân An, LA", "Tỉnh Long An", "Phường 4"),
    ],
)
def test_a_province_written_with_its_initials(text: str, province: str, commune: str) -> None:
    a = parse_address(text)
    assert (a.province.full_name, a.commune.full_name) == (province, commune)
    assert any("initials" in w for w in a.warnings)


def test_province_initials_alone_are_ambiguous_and_need_capitals() -> None:
    a = parse_address("12 Lê Lợi, ĐN")
    assert a.is_ambiguous and a.confidence < 0.5
    assert parse_address("KP2 P.Tân Mai TP Biên Hòa dn").province is None


@pytest.mark.parametrize(
    ("text", "district", "commune"),
    [
        ("12 Ly Tu Trong, Ben Nghe, D1, HCMC", "Quận 1", "Phường Bến Nghé"),
        ("Ward 5, D.3, HCMC", "Quận 3", "Phường 5"),
        # a commune's initials, in capitals after its type word
        ("123/45/6 Nguyễn Văn Quá, P.ĐHT, Q.12, HCM", "Quận 12", "Phường Đông Hưng Thuận"),
    ],
)
def test_english_d_for_district_and_commune_initials(
    text: str, district: str, commune: str
) -> None:
    a = parse_address(text)
    assert (a.district.full_name, a.commune.full_name) == (district, commune)


def test_d_is_a_district_only_before_its_number() -> None:
    # "Đ" and "D" before a name are letters of a name ("Thanh pho D Nang": a misspelt Đà Nẵng)
    a = parse_address("301/33B Ngo Quyen, Xa Nui Thanh, Thanh pho D Nang")
    assert a.province.full_name == "Thành phố Đà Nẵng"
    assert parse_address("Đường D1, Phường 25, Quận Bình Thạnh, TP HCM").street == "Đường D1"
    assert parse_address("Đường D1").units == ()  # a street, not District 1
    # initials of a commune are read only in capitals after a type word
    assert parse_address("Tu An Commune, An Khe Town, Gia Lai Province").commune.name != "An Nhơn"


def test_a_legacy_name_is_no_misspelling_of_a_current_one() -> None:
    # read as current, a legacy commune of the province is not taken for a misspelt current
    # commune (it read Phường Mông Dương); in the legacy era, or "auto", it is the unit
    text = "phường phương đông, thành phố uông bí, tỉnh quảng ninh"
    a = parse_address(text, era="current")
    assert a.commune is None and a.province.full_name == "Thành phố Quảng Ninh"
    assert parse_address(text).commune.full_name == "Phường Phương Đông"
    # a misspelling that is a legacy name elsewhere is still a misspelling ("Tả Thàng")
    a = parse_address("86 Phan Đình Phùng, Phường Ta Thắng, Thành phố Hồ Chí Minh")
    assert a.commune.full_name == "Phường Tam Thắng"


@pytest.mark.parametrize(
    "text",
    ["Tỉnh Nghệ An > Huyện Quỳnh Lưu > Xã Quỳnh Thạch", "Nghệ An » Quỳnh Lưu » Quỳnh Thạch",
     "Xã Quỳnh Thạch → Huyện Quỳnh Lưu → Tỉnh Nghệ An"],
)
def test_breadcrumb_separators(text: str) -> None:
    a = parse_address(text)
    assert (a.commune.full_name, a.district.full_name) == ("Xã Quỳnh Thạch", "Huyện Quỳnh Lưu")
    assert a.street is None


def test_a_typed_commune_left_in_the_street_is_flagged() -> None:
    # read as current, the legacy commune has no unit: the reading says it was left out
    a = parse_address("Xã Tân Đồng, Trấn Yên, Tỉnh Lào Cai", era="current")
    assert a.street == "Xã Tân Đồng"
    assert "'Xã Tân Đồng' is written as a commune but left in the street part" in a.warnings
    assert parse_address("12 Lê Lợi, Phường Sài Gòn, TP HCM").warnings == ()


def test_a_dot_that_ends_a_sentence_cuts_the_address() -> None:
    a = parse_address("12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM. SĐT: 0903 123 456")
    assert (a.commune.full_name, a.province.code) == ("Phường Bến Nghé", "79")
    assert a.street == "12 Lê Lợi" and a.confidence > 0.9
    # after a type word it is an abbreviation ("TP. Hồ Chí Minh", "Q. 1")
    b = parse_address("12 Lê Lợi, P. Bến Nghé, Q. 1, TP. Hồ Chí Minh")
    assert b.confidence == 1.0 and b.warnings == ()


def test_quotes_are_no_part_of_the_street() -> None:
    a = parse_address('“Phường Bến Nghé”, "Quận 1", \'TP HCM\'')
    assert a.street is None and a.commune.full_name == "Phường Bến Nghé"


@pytest.mark.parametrize(
    "text",
    ["12 Lê Lợi, Phuờng Bến Nghé, Quân 1, TP HCM", "12 Lê Lợi, Phường Bến Nghé, Quân 1, TP HCM"],
)
def test_a_type_word_with_diacritics_left_out_is_still_one(text: str) -> None:
    # "Quân" is "Quận" typed in haste (its dot below left out), "Phuờng" is "Phường"
    a = parse_address(text)
    assert (a.commune.full_name, a.district.full_name) == ("Phường Bến Nghé", "Quận 1")
    # but such a word that does not fit the unit after it is a name word
    b = parse_address("192/27B Nguyễn Huệ Gia Phương Gia Viễn Ninh Bình")
    assert (b.commune.full_name, b.district.full_name) == ("Xã Gia Phương", "Huyện Gia Viễn")


def test_a_skipped_legacy_district_must_hold_part_of_the_commune() -> None:
    # the current reading that skips "Ba Đình" reads no Xã Trần Phú of Hà Nội, which took in no
    # land of Quận Ba Đình: "Trần Phú" is the street
    a = parse_address("12 Trần Phú Ba Đình Hà Nội")
    assert a.commune is None or "Trần Phú" not in a.commune.name
    assert a.street is not None and "Trần Phú" in a.street
    # era="current" on a legacy address: no current commune of the same name elsewhere
    b = parse_address("Khóm 5, Xã Phú Xuân, Huyện Thọ Xuân, Tỉnh Thanh Hóa", era="current")
    assert b.commune is None and b.province is not None and b.province.name == "Thanh Hóa"
    # a current commune that did take in part of the district keeps it
    c = parse_address("12 Nguyễn Huệ, Phường Sài Gòn, Quận 1, TP.HCM")
    assert c.era == "current" and c.commune.full_name == "Phường Sài Gòn"
    assert any("abolished" in w for w in c.warnings)


@pytest.mark.parametrize(
    ("text", "district", "commune"),
    [
        ("xã phước vĩnh an củ chi", "Huyện Củ Chi", "Xã Phước Vĩnh An"),
        ("Xa Dong Thanh Hoc Mon", "Huyện Hóc Môn", "Xã Đông Thạnh"),
        ("hoa khanh bac lien chieu", "Quận Liên Chiểu", "Phường Hòa Khánh Bắc"),
        # a name the commune had: Phường 7 is part of Phường 1 since 2025
        ("P7 Gò Vấp", "Quận Gò Vấp", "Phường 1"),
    ],
)
def test_a_district_name_alone_at_the_end_confirmed_by_its_commune(
    text: str, district: str, commune: str
) -> None:
    a = parse_address(text)
    assert (a.district.full_name, a.commune.full_name) == (district, commune)
    assert a.confidence < 0.6 and "province inferred" in a.warnings


def test_a_district_name_alone_needs_a_commune_written_exactly() -> None:
    # "Vinh" ends the address, but "Phường Trường" is no commune of Thành phố Vinh (only a
    # misspelt Trường Thi): no legacy reading
    assert parse_address("33 Quốc lộ 1A, Phường Trường Vinh", era="legacy").units == ()
    assert parse_address("12 Trần Hưng Đạo Tân Bình").units == ()


@pytest.mark.parametrize(
    ("text", "units", "street"),
    [
        (
            "TP.HCM Quận 1 Phường Bến Nghé 12 Lê Lợi",
            ("Phường Bến Nghé", "Quận 1", "Thành phố Hồ Chí Minh"),
            "12 Lê Lợi",
        ),
        (
            "Ha Noi Cau Giay Dich Vong Hau",
            ("Phường Dịch Vọng Hậu", "Quận Cầu Giấy", "Thành phố Hà Nội"),
            None,
        ),
        (
            "thanh pho ho chi minh quan 1 phuong ben nghe",
            ("Phường Bến Nghé", "Quận 1", "Thành phố Hồ Chí Minh"),
            None,
        ),
        (
            "TP HCM Phường Sài Gòn 12 Nguyễn Huệ",
            ("Phường Sài Gòn", "Thành phố Hồ Chí Minh"),
            "12 Nguyễn Huệ",
        ),
        (  # a country name before, a postal code after the province
            "Việt Nam TP.HCM 700000 Quận 7 Tân Phong 101 Tôn Dật Tiên",
            ("Phường Tân Phong", "Quận 7", "Thành phố Hồ Chí Minh"),
            "101 Tôn Dật Tiên",
        ),
        (  # no province: the first part has its type word
            "quận 8 phường 5 212 Phạm Thế Hiển",
            ("Phường 5", "Quận 8", "Thành phố Hồ Chí Minh"),
            "212 Phạm Thế Hiển",
        ),
        (  # misspelt names after their type words
            "Thành phố Đồng Ni Xã Thống Nhất 8 Hai Bà Trưng",
            ("Xã Thống Nhất", "Thành phố Đồng Nai"),
            "8 Hai Bà Trưng",
        ),
        (  # English type words after the names
            "Hai Duong Province Tu Ky District Tan Ky Commune 182 Hung Vuong",
            ("Xã Tân Kỳ", "Huyện Tứ Kỳ", "Tỉnh Hải Dương"),
            "182 Hung Vuong",
        ),
    ],
)
def test_from_the_province_down_without_separators(
    text: str, units: tuple[str, ...], street: str | None
) -> None:
    a = parse_address(text)
    assert tuple(u.full_name for u in a.units) == units
    assert a.street == street
    assert any("reverse order" in w for w in a.warnings)


@pytest.mark.parametrize(
    "text",
    [
        "Phường Bến Nghé Q.1 HCM 0903123456",
        "Phường Bến Nghé Q.1 HCM SĐT 0903 123 456",
        "12 Lê Lợi P.Bến Nghé Q1 HCM ĐT: 0903.123.456",
        "Phường Bến Nghé Q.1 HCM +84 903 123 456",
    ],
)
def test_a_phone_number_at_the_end_is_dropped(text: str) -> None:
    a = parse_address(text)
    assert codes(a) == ("79", "760", "26740")


@pytest.mark.parametrize(
    "text",
    [
        "208 Nguyễn Hữu Cảnh, Phường 22, Bình Thạnh, Hồ Chí Minh, Việt Nam - 0903123456",
        "47 Nguyễn Tuân Mộ Lao Hà Đông Hà Nội - 0903123456",
    ],
)
def test_what_is_dropped_at_the_end_cuts_no_part(text: str) -> None:
    # the part after the province is a country name and a phone number: the commune before
    # is read as in the same address without them
    a = parse_address(text)
    b = parse_address(text.rsplit(" - ", 1)[0].removesuffix(", Việt Nam"))
    assert a.commune is not None and codes(a) == codes(b)


@pytest.mark.parametrize(
    ("text", "commune", "district"),
    [
        ("Quận 3, Phường 6, TP.HCM", "Phường Võ Thị Sáu", "Quận 3"),
        ("Số 5, Quận Hoàn Kiếm, Phường Hàng Trống", "Phường Hàng Trống", "Quận Hoàn Kiếm"),
        ("Quận Cầu Giấy, Phường Dịch Vọng Hậu, Hà Nội", "Phường Dịch Vọng Hậu", "Quận Cầu Giấy"),
    ],
)
def test_a_district_written_before_its_commune(text: str, commune: str, district: str) -> None:
    a = parse_address(text)
    assert (a.commune.full_name, a.district.full_name) == (commune, district)
    assert any("swapped" in w for w in a.warnings)
    assert a.street in (None, "Số 5")


def test_a_province_name_written_with_a_dash_it_has_not() -> None:
    a = parse_address("Phường Phú Hội, Thừa Thiên - Huế")
    assert a.commune.full_name == "Phường Phú Hội" and a.province.code == "46"
    # only a whole part is one: "Phước Hà - Tỉnh" holds no "Hà Tĩnh"
    b = parse_address("159 Lê Hồng Phong - Xã Phước Hà - Tỉnh Khánh Hòa")
    assert (b.street, b.commune.full_name, b.confidence) == (
        "159 Lê Hồng Phong", "Xã Phước Hà", 1.0
    )


def test_a_road_named_with_a_type_word_holds_none() -> None:
    # "Xa lộ" (highway), "Tỉnh lộ" (provincial road): no Xã, no Tỉnh
    a = parse_address("Xa lộ Hà Nội, Phường Thảo Điền, Quận 2")
    assert a.commune.full_name == "Phường Thảo Điền" and a.street == "Xa lộ Hà Nội"
    assert not any("written as a commune" in w for w in a.warnings)
    b = parse_address("45 Tỉnh lộ 8 Xã Phước Vĩnh An Củ Chi")
    assert (b.street, b.commune.full_name) == ("45 Tỉnh lộ 8", "Xã Phước Vĩnh An")
    # but "Xã Lộ An" is a commune (a misspelt Xã Lộc An), its type word no part of a road
    c = parse_address("360 Phan Chu Trinh, Xã Lộ An, Huyện Long Thành, Tỉnh Đồng Nai")
    assert (c.street, c.commune.full_name) == ("360 Phan Chu Trinh", "Xã Lộc An")


@pytest.mark.parametrize("text", ["Thành phố", "Thị xã", "Tỉnh", "12 Lê Lợi, Thành phố"])
def test_a_type_word_alone_is_no_misspelt_name(text: str) -> None:
    # "Thành phố" is close to "Thanh Hóa", but a type word is no name
    assert parse_address(text).units == ()


def test_an_unmarked_end_of_a_name_lowers_the_confidence() -> None:
    # no separator, number or street word after "Xã Quế Sơn": "Trunf" may be part of the
    # name (a misspelt Quế Sơn Trung), so the reading is not trusted as much
    a = parse_address("Thành phố Đà Nẵng Xã Quế Sơn Trunf Số 38 đường Lê Lợi")
    assert a.confidence <= 0.8 and any("'Trunf'" in w for w in a.warnings)
    b = parse_address("TP.HCM Quận 1 Phường Bến Nghé 12 Lê Lợi")
    assert b.confidence == 1.0


@pytest.mark.parametrize("text", ["12 Nguyễn Huệ", "đường Nguyễn Huệ"])
def test_a_province_written_with_other_diacritics_is_none(text: str) -> None:
    # "Huệ" (the street Nguyễn Huệ) is no "Huế"; without diacritics it may be
    assert parse_address(text).units == ()
    assert parse_address("12 Lê Lợi, Hue").province.name == "Huế"
    assert parse_address("Phường Phú Hội, Thành phố Huế").province.name == "Huế"


def test_a_legacy_district_left_in_a_current_reading_street_is_flagged() -> None:
    # read as current (its legacy district written before the commune, no separators, no
    # province type word after): say what was left, and trust it less
    a = parse_address("54 Nguyễn Huệ Huyện Hữu Lũng Xã Tân Thành Lạng Sơn")
    assert a.era == "current"
    assert any("'Huyện Hữu Lũng' is written as a legacy district" in w for w in a.warnings)
    assert a.confidence <= 0.8


@pytest.mark.parametrize(
    "text",
    [
        "Tỉnh Lạng Sơn, Xã Tân Thành, Huyện Hữu Lũng, 54 Nguyễn Huệ",
        "TP HCM, Phường Bến Nghé, Quận 1, 12 Lê Lợi",
        "Tỉnh Lạng Sơn Xã Tân Thành Huyện Hữu Lũng 54 Nguyễn Huệ",
        "TP HCM Phường Bến Nghé Quận 1 12 Lê Lợi",
    ],
)
def test_from_the_province_down_with_the_commune_before_its_district(text: str) -> None:
    # reversed, and the commune part before the district part: read both ways round (it read
    # the current commune, warned)
    a = parse_address(text)
    assert a.era == "legacy" and a.district is not None and a.commune is not None
    assert a.commune.district_code == a.district.code
    assert any("reverse order" in w for w in a.warnings)
    assert any("swapped" in w for w in a.warnings)


@pytest.mark.parametrize(
    "text",
    [
        "216 Nguyễn Thị Minh Khai Huyện Cao Lộc Xã Thuỵ Hùng Tỉnh Lạng Sơn",
        "Thôn 3 H. Cẩm Xuyên X. Cẩm Trung T. Hà Tĩnh",
    ],
)
def test_a_district_before_its_commune_without_separators(text: str) -> None:
    a = parse_address(text)
    assert a.era == "legacy" and a.district is not None and a.commune is not None
    assert any("swapped" in w for w in a.warnings)


@pytest.mark.parametrize(
    "text",
    [
        "12 Lê Lợi, Phường Sài Gòn (P. Bến Nghé cũ), TP.HCM",
        "Phường Sài Gòn (trước đây là Phường Bến Nghé, Quận 1), TP.HCM",
    ],
)
def test_the_legacy_era_reads_the_former_unit_a_remark_names(text: str) -> None:
    a = parse_address(text, era="legacy")
    assert (a.commune.full_name, a.district.full_name) == ("Phường Bến Nghé", "Quận 1")
    assert any("remark" in w for w in a.warnings)
    assert parse_address(text).commune.full_name == "Phường Sài Gòn"  # the current era


def test_the_commune_pairs_read_raw_are_the_lineage_edges(monkeypatch: pytest.MonkeyPatch) -> None:
    # the address reader's check of a skipped district reads the lineage file without building
    # the edges; both ways give the same pairs
    from vn_units import lineage

    edges = lineage.edges()
    built = lineage._commune_pairs()
    monkeypatch.setattr(lineage._LINEAGE, "_loaded", False)
    raw = lineage._commune_pairs()
    assert sorted(raw) == sorted(built)
    assert sorted(built) == sorted(
        (e.legacy_level, e.legacy_code, e.current_code)
        for e in edges if e.current_level == "commune"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("xã Vạn Kim, HuyệnMỹ Đức, T.P Hà Nội", ("01", "282", "10483")),
        ("Liên Minh,,TỉnhThái Nguyên", ("19", "170", "05752")),
        ("357/28 Trần Quang Diệu,P1,Q3,TP.HồChíMinh.", ("79", "770", "27160")),
        ("P.AnKhánh,TP.Thủ Đức, TPHồ Chí Minh", ("79", "769", "27094")),
        ("Đức Lợi,H Mộ Đức,TỉnhQuảng Ngãi", ("51", "533", "21406")),
    ],
)
def test_words_written_together_are_read_apart(text: str, expected: tuple[str, ...]) -> None:
    # a capital letter after a small one ("HuyệnMỹ"), or after two capitals ("TPHồ"), starts
    # another word; "Quảng" cut from "TỉnhQuảng" is no type word "Quận"
    a = parse_address(text)
    assert codes(a) == expected
    assert a.confidence >= 0.5


@pytest.mark.parametrize("word", ["HNội", "hTành", "TPHCM", "BlockA", "Phường"])
def test_a_word_in_capitals_or_with_one_capital_before_stays_whole(word: str) -> None:
    from vn_units._reader import _Tokens
    from vn_units.text import normalize

    assert _Tokens(f"12 Lê Lợi, {word}").keys[3:] == [normalize(word)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("46/2 Nguyễn Du, P.An Hội Tây, HCM (gần chợ), giao giờ hành chính", ("79", None, "26882")),
        ("25 Hai Bà Trưng, Xã Thiên Phủ, Tỉnh Thanh Hoá, giao giờ hành chính (gần chợ)",
         ("38", None, "14908")),
        # the province after its type word at the end of an address without separators, and
        # a country name between it and the two parts skipped
        ("319/17A Tôn Đức Thắng Xã Tân Phú Tỉnh Đồng Tháp, giao giờ hành chính (gần chợ)",
         ("82", None, "28468")),
        ("Hẻm 76 đường Nguyễn Văn Cừ, Xã Trà Côn, Huyện Trà Ôn, Tỉnh Vĩnh Long, Việt Nam (gần"
         " chợ), giao giờ hành chính", ("86", "862", "29836")),
    ],
)
def test_two_parts_after_the_province_are_skipped(
    text: str, expected: tuple[str | None, ...]
) -> None:
    # a remark and a note after the province: both skipped, the province before them read
    a = parse_address(text)
    assert codes(a) == expected
    assert a.street is not None and "giao" not in a.street and "chợ" not in a.street
    assert any(w.startswith("ignored") for w in a.warnings)


def test_a_province_before_two_skipped_parts_is_a_whole_part() -> None:
    # "Nguyen Hue" in a street is no Huế, even when the two parts after it name no province
    a = parse_address("Hem 20 duong Nguyen Hue, Xa Ngu Phuc, Huyen Kien Thuy", era="current")
    assert a.province is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Xã Quảng Lâm Tỉnh Điện Biên giao giờ hành chính", ("11", "03164")),
        ("390/24 Hai Ba Trung Xa Duc Chau Tinh Nghe An giao giờ hành chính", ("40", "17416")),
    ],
)
def test_a_note_after_a_typed_province_without_separator(
    text: str, expected: tuple[str, ...]
) -> None:
    a = parse_address(text)
    assert (a.province.code, a.commune.code) == expected
    assert "ignored 'giao giờ hành chính': it does not fit the rest of the address" in a.warnings


def test_a_province_after_a_district_city_is_no_note() -> None:
    # "TP Cà Mau Cà Mau": the district city and its province, read without a cut
    a = parse_address("99 Nguyễn Trãi phường 5 thành phố Cà Mau Cà Mau")
    assert not any(w.startswith("ignored") for w in a.warnings)


@pytest.mark.parametrize(
    ("text", "expected", "street"),
    [
        ("Tỉnh Ninh Bình Xã Đồng Thịnh Tổ 3, giao giờ hành chính", ("37", None, "13900"),
         "giao giờ hành chính, Tổ 3"),
        ("Thành phố Bắc Ninh Xã Tam Giang 268 Lạc Long Quân (gần chợ)", ("24", None, "09202"),
         "268 Lạc Long Quân (gần chợ)"),
        ("Việt Nam 700000 Thành phố Hồ Chí Minh Phường Bình Cơ 203 Điện Biên Phủ",
         ("79", None, "25915"), "203 Điện Biên Phủ"),
    ],
)
def test_from_the_province_down_in_a_first_part_or_after_a_postal_code(
    text: str, expected: tuple[str | None, ...], street: str
) -> None:
    # written from the province down without separators, then a note or a remark (what
    # follows the first part goes to the street), or after a country name and postal code
    a = parse_address(text)
    assert codes(a) == expected
    assert a.street == street
    assert any("reverse order" in w for w in a.warnings)


@pytest.mark.parametrize(
    ("word", "read"),
    [
        ("N5am", "Nam"), ("Sơ6n", "Sơn"), ("Yê0", "Yê"), ("9hanh", "hanh"), ("P0húc", "Phúc"),
        # numbers that mean something stay
        ("Phuong5", "Phuong5"), ("Hem12", "Hem12"), ("KP3", "KP3"), ("P5", "P5"), ("5A", "5A"),
        ("Q10", "Q10"), ("284DBis", "284DBis"), ("12B", "12B"),
    ],
)
def test_a_stray_digit_among_letters_is_dropped(word: str, read: str) -> None:
    from vn_units._reader import _without_stray_digit

    assert _without_stray_digit(word) == read


def test_a_name_with_a_stray_digit_is_read_exactly() -> None:
    a = parse_address("X. Hải Minh,,N5am Đị8nh")
    assert a.province.name == "Nam Định" and a.commune.name == "Hải Minh"
    assert not any("misspelt" in w for w in a.warnings)


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("Phường Lê Lợi, T.X. Sơn Tây, Hà Nội", "Thị xã Sơn Tây"),
        ("Nghi Sơn, T.X. Nghi Sơn, Thanh Hóa", "Thị xã Nghi Sơn"),
        ("P Thủy Châu,T.X. hươngThủy,Thừa.t.Huế", "Thị xã Hương Thủy"),
    ],
)
def test_t_x_with_dots_is_thi_xa(text: str, district: str) -> None:
    # "T.X." was keyed as ("t", "10"), the x read as a roman ten: "X. Sơn Tây" was a commune
    a = parse_address(text)
    assert a.era == "legacy" and a.district.full_name == district
    assert a.street is None


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Khu 3, T.Trấn Phong Điền, H.Phong Điền, TP Cần Thơ", "Khu 3"),
        ("Tổ 2, T. trấn Phong Điền, Huyện Phong Điền, Cần Thơ", "Tổ 2"),
        ("khu 3 t.tran phong dien h.phong dien can tho", "khu 3"),
    ],
)
def test_t_tran_is_thi_tran(text: str, street: str) -> None:
    # "T.Trấn" was no type word: the reading was right, with "T.Trấn" left in the street
    a = parse_address(text)
    assert a.era == "legacy" and a.commune.full_name == "Thị trấn Phong Điền"
    assert a.street == street and a.confidence > 0.8


def test_t_tran_is_not_read_in_a_name() -> None:
    # "Trần" (a surname) is no "trấn": a street named after one is no thị trấn
    a = parse_address("Số 5 T.Trần Phú, P.1, Q.5, HCM")
    assert a.commune.full_name == "Phường 1" and a.street == "Số 5 T.Trần Phú"


@pytest.mark.parametrize(
    ("text", "district", "commune"),
    [
        # a legacy commune's former name before a legacy district that a current commune is
        # named after: read in the legacy era (it read the current commune, the rest left)
        ("Xóm 2, Hưng Mỹ, Hưng Nguyên, Nghệ An", "Huyện Hưng Nguyên", "Xã Thịnh Mỹ"),
        ("Thôn 3 Sơn Hải, Quỳnh Lưu, Nghệ An", "Huyện Quỳnh Lưu", "Xã Văn Hải"),
        ("Tổ 11 Sài Đồng, Long Biên, Hà Nội", "Quận Long Biên", "Phường Phúc Lợi"),
    ],
)
def test_a_former_commune_name_before_a_district_named_like_a_current_commune(
    text: str, district: str, commune: str
) -> None:
    a = parse_address(text)
    assert (a.era, a.district.full_name, a.commune.full_name) == ("legacy", district, commune)
    assert a.street is not None and a.street.split()[0] in ("Xóm", "Thôn", "Tổ")


def test_a_hamlet_part_before_such_a_commune_is_no_misspelling() -> None:
    # the second pass looks for former names only: an unknown hamlet name is not read as a
    # misspelt commune
    a = parse_address("Xóm 3, Nghi Phong, Nghi Lộc, Nghệ An")
    assert not any("misspelt" in w for w in a.warnings)


def test_a_name_after_a_hamlet_and_its_number_is_bounded() -> None:
    # "Thôn 16 Cư Prông": the commune starts a part of its own
    a = parse_address("Thôn 16 Cư Prông, Ea Kar, Đắk Lắk")
    b = parse_address("Thôn 16, Cư Prông, Ea Kar, Đắk Lắk")
    assert a.commune is not None and a.commune == b.commune
    assert a.street == "Thôn 16" and a.confidence == b.confidence


def test_a_remark_after_the_province_of_a_reversed_address_goes_to_the_street() -> None:
    a = parse_address("T. Nghệ An (gần chợ), X. Châu Hồng, Số 253 đường Nguyễn Văn Cừ")
    assert (a.province.name, a.commune.name) == ("Nghệ An", "Châu Hồng")
    assert a.street == "Số 253 đường Nguyễn Văn Cừ, gần chợ"


def test_parsed_addresses_pickle_small_and_whole() -> None:
    """A result pickles without the reader's indexes (its alternatives are made again from
    the text after unpickling), and so does a conversion (multiprocessing, dask)."""
    import pickle

    a = parse_address("12 Lê Lợi, P. Bến Thành, Q.1, TP.HCM")
    data = pickle.dumps(a)
    assert len(data) < 10_000
    again = pickle.loads(data)
    assert again == a
    assert again.is_ambiguous == a.is_ambiguous
    assert again.alternatives == a.alternatives and len(a.alternatives) > 0
    tail = parse_address("Số 7, ngõ 2, Phường 12, Quận 10, TP HCM")  # a reading of its tail
    assert pickle.loads(pickle.dumps(tail)).alternatives == tail.alternatives
    c = convert_address("Xã Hồng Hà, Huyện Đan Phượng, Hà Nội")
    assert pickle.loads(pickle.dumps(c)) == c
