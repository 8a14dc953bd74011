"""Tests for vn_units.text (normalize, compact_key, split_type): examples for every
documented form, and properties."""

from __future__ import annotations

import random
import time
import unicodedata

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from vn_units.text import (
    TYPE_FORMS,
    ascii_fold,
    compact_key,
    normalize,
    slugify,
    split_type,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# ---------------------------------------------------------------------------------------------
# ascii_fold / slugify keep their behaviour (the data build depends on them)
# ---------------------------------------------------------------------------------------------


def test_ascii_fold_and_slugify_unchanged() -> None:
    assert ascii_fold("Phường Bến Thành") == "Phuong Ben Thanh"
    assert ascii_fold("Đắk Lắk") == "Dak Lak"
    assert ascii_fold("Ea H'Leo") == "Ea H'Leo"
    assert slugify("Thừa Thiên Huế") == "thua-thien-hue"
    assert slugify("Bà Rịa - Vũng Tàu") == "ba-ria-vung-tau"
    assert slugify("1") == "1"


# ---------------------------------------------------------------------------------------------
# normalize: examples
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variants", "key"),
    [
        # tone placement, old and new style
        (["Hoà", "Hòa", "HOÀ", "hoa"], "hoa"),
        (["Thuỷ", "Thủy", "thuy"], "thuy"),
        (["Khoẻ", "Khỏe"], "khoe"),
        (["Khánh Hoà", "Khánh Hòa", "KHÁNH HÒA", "Khanh Hoa"], "khanh hoa"),
        # i/y where the spelling varies
        (["Quy", "Qui", "Quý", "Quí"], "qui"),
        (["Mỹ", "Mĩ"], "mi"),
        (["Kỳ", "Kì"], "ki"),
        (["Lý", "Lí"], "li"),
        (["Quy Nhơn", "Qui Nhơn", "QUY NHON"], "qui nhon"),
        (["Sỹ", "Sĩ"], "si"),
        # đ, Đắk/Đắc/Dak
        (["Đà Nẵng", "đà nẵng", "Da Nang"], "da nang"),
        (["Đắk", "Đắc", "Dak", "Đăk", "DAK"], "dak"),
        (["Đắk Lắk", "Đắc Lắc", "Dak Lak"], "dak lak"),
        # hyphens, dashes, punctuation and whitespace
        (["Bà Rịa - Vũng Tàu", "Bà Rịa–Vũng Tàu", "Bà Rịa—Vũng Tàu", "  Bà  Rịa\tVũng Tàu "],
         "ba ria vung tau"),
        (["Ea H'Leo", "Ea H’Leo", "Ea H Leo"], "ea h leo"),
        (["Hồ Chí Minh.", "(Hồ Chí Minh)", "Hồ\u00a0Chí\u200bMinh"], "ho chi minh"),
        # numbers
        (["Phường 1", "Phường 01", "Phường 001", "PHƯỜNG 1", "Phường I"], "phuong 1"),
        (["P.01", "P01", "P 1", "p.1"], "p 1"),
        (["Quận 10", "Quận X"], "quan 10"),
        (["Tam Xuân II", "Tam Xuân 2"], "tam xuan 2"),
        (["Phường VI", "Phường 6", "Phường 06"], "phuong 6"),
        (["0", "00"], "0"),
    ],
)  # fmt: skip
def test_normalize_variants(variants: list[str], key: str) -> None:
    for text in variants:
        assert normalize(text) == key, text
        assert normalize(nfd(text)) == key, f"NFD {text}"


def test_normalize_keeps_uy_diphthong() -> None:
    assert normalize("Thủy") == "thuy"
    assert normalize("Huy") == "huy"
    assert normalize("Tuy Hòa") == "tuy hoa"
    assert normalize("Quỳnh") == "quynh"
    assert normalize("Duy Xuyên") == "duy xuyen"
    assert normalize("Ý Yên") == "y yen"  # a lone "y" is a word of its own
    assert normalize("Hải Phòng") == "hai phong"


def test_normalize_keeps_syllables_that_look_roman() -> None:
    assert normalize("Ba Vì") == "ba vi"
    assert normalize("Pú Xi") == "pu xi"
    assert normalize("Phường Vĩ Dạ") == "phuong vi da"
    assert normalize("Bạch Long Vĩ") == "bach long vi"
    assert normalize("X. Tân Phú") == "x tan phu"
    assert normalize("Vị Xuyên") == "vi xuyen"


def test_normalize_other_scripts_and_empty() -> None:
    assert normalize("") == ""
    assert normalize("   \t\n") == ""
    assert normalize("...--") == ""
    assert normalize("İstanbul") == "istanbul"
    assert normalize("Straße") == "strasse"
    assert normalize("ＨＡ ＮＯＩ") == "ha noi"  # full-width
    assert normalize("北京") == "bei jing"


def test_normalize_type_words_stay() -> None:
    # normalize is a key, not a parser: type words are kept (split_type removes them)
    assert normalize("Thành phố Hồ Chí Minh") == "thanh pho ho chi minh"
    assert normalize("TP.HCM") == "tp hcm"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Daklak", "Đắk Lắk"),
        ("Daklak", "Đắc Lắc"),
        ("Kontum", "Kon Tum"),
        ("Đaknông", "Đắk Nông"),
        ("Hochiminh", "Hồ Chí Minh"),
        ("Bà Rịa-Vũng Tàu", "BaRia VungTau"),
        ("F12", "F 12"),
    ],
)
def test_compact_key_joined_and_split(a: str, b: str) -> None:
    assert compact_key(a) == compact_key(b)
    assert " " not in compact_key(a)


# ---------------------------------------------------------------------------------------------
# split_type: examples
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # thành phố
        ("Thành phố Hồ Chí Minh", ("thành phố", "Hồ Chí Minh")),
        ("THÀNH PHỐ HÀ NỘI", ("thành phố", "HÀ NỘI")),
        ("thanh pho Ha Noi", ("thành phố", "Ha Noi")),
        ("Thanh pho Hồ Chí Minh", ("thành phố", "Hồ Chí Minh")),
        ("TP. Hồ Chí Minh", ("thành phố", "Hồ Chí Minh")),
        ("TP Hồ Chí Minh", ("thành phố", "Hồ Chí Minh")),
        ("Tp Hồ Chí Minh", ("thành phố", "Hồ Chí Minh")),
        ("T.P Hà Nội", ("thành phố", "Hà Nội")),
        ("T.P. Hà Nội", ("thành phố", "Hà Nội")),
        ("TP.HCM", ("thành phố", "HCM")),
        ("Tp.Hồ Chí Minh", ("thành phố", "Hồ Chí Minh")),
        ("Ho Chi Minh City", ("thành phố", "Ho Chi Minh")),
        ("Thu Duc city", ("thành phố", "Thu Duc")),
        # tỉnh
        ("Tỉnh Hà Tĩnh", ("tỉnh", "Hà Tĩnh")),
        ("tinh Ha Tinh", ("tỉnh", "Ha Tinh")),
        ("T. Bình Dương", ("tỉnh", "Bình Dương")),
        ("T.Bình Dương", ("tỉnh", "Bình Dương")),
        ("Dong Nai Province", ("tỉnh", "Dong Nai")),
        ("Province Dong Nai", ("tỉnh", "Dong Nai")),
        # quận, huyện, thị xã
        ("Quận 1", ("quận", "1")),
        ("Quận Bình Thạnh", ("quận", "Bình Thạnh")),
        ("Q.1", ("quận", "1")),
        ("Q1", ("quận", "1")),
        ("Q 1", ("quận", "1")),
        ("Q.Bình Thạnh", ("quận", "Bình Thạnh")),
        ("Q. Bình Thạnh", ("quận", "Bình Thạnh")),
        ("Huyện Củ Chi", ("huyện", "Củ Chi")),
        ("huyen Cu Chi", ("huyện", "Cu Chi")),
        ("H. Củ Chi", ("huyện", "Củ Chi")),
        ("H.Củ Chi", ("huyện", "Củ Chi")),
        ("Thị xã Sơn Tây", ("thị xã", "Sơn Tây")),
        ("Thi xa Son Tay", ("thị xã", "Son Tay")),
        ("TX. Sơn Tây", ("thị xã", "Sơn Tây")),
        ("TX Sơn Tây", ("thị xã", "Sơn Tây")),
        ("District 1", ("quận", "1")),
        ("District 01", ("quận", "1")),
        ("1 District", ("quận", "1")),
        ("Cu Chi District", ("huyện", "Cu Chi")),
        ("Son Tay Town", ("thị xã", "Son Tay")),
        # phường, xã, thị trấn, đặc khu
        ("Phường Bến Thành", ("phường", "Bến Thành")),
        ("Phường 1", ("phường", "1")),
        ("Phường 01", ("phường", "1")),
        ("P.01", ("phường", "1")),
        ("P1", ("phường", "1")),
        ("P 12", ("phường", "12")),
        ("P. Bến Thành", ("phường", "Bến Thành")),
        ("P.Bến Thành", ("phường", "Bến Thành")),
        ("F.12", ("phường", "12")),
        ("F12", ("phường", "12")),
        ("F1", ("phường", "1")),
        ("Phường IV", ("phường", "IV")),
        ("Ben Thanh Ward", ("phường", "Ben Thanh")),
        ("Ward 5", ("phường", "5")),
        ("Xã Tân Phú", ("xã", "Tân Phú")),
        ("X. Tân Phú", ("xã", "Tân Phú")),
        ("X.Tân Phú", ("xã", "Tân Phú")),
        ("Tan Phu Commune", ("xã", "Tan Phu")),
        ("Commune Tan Phu", ("xã", "Tan Phu")),
        ("Thị trấn Củ Chi", ("thị trấn", "Củ Chi")),
        ("TT. Củ Chi", ("thị trấn", "Củ Chi")),
        ("TT Củ Chi", ("thị trấn", "Củ Chi")),
        ("Cu Chi Township", ("thị trấn", "Cu Chi")),
        ("Đặc khu Phú Quốc", ("đặc khu", "Phú Quốc")),
        ("Dac khu Phu Quoc", ("đặc khu", "Phu Quoc")),
        ("Phu Quoc Special Zone", ("đặc khu", "Phu Quoc")),
        ("Con Dao Special Administrative Zone", ("đặc khu", "Con Dao")),
        ("Xã Phường", ("xã", "Phường")),
        # whitespace
        ("  Phường   Bến  Thành ", ("phường", "Bến Thành")),
    ],
)
def test_split_type_forms(text: str, expected: tuple[str, str]) -> None:
    assert split_type(text) == expected
    assert split_type(nfd(text)) == expected, "NFD input"


@pytest.mark.parametrize(
    "text",
    [
        "Thanh Hóa",  # not "T. hanh Hóa"
        "Hà Tĩnh",  # keeps "Tĩnh"
        "Tĩnh Gia",
        "Tịnh Biên",
        "Tinh Nhuệ",  # unaccented name syllable in an accented name
        "Quan Hóa",
        "Quản Bạ",
        "Quán Thánh",
        "Phương Liệt",
        "Xà Bang",
        "Huyền Hội",
        "Thi Sơn",
        "Tân Phú",
        "Phú Yên",
        "Phú Quốc",
        "Quảng Ninh",
        "Hà Nội",
        "Xuân Trường",
        "Thị Cầu",
        "TPHCM",  # "TP" needs a boundary
        "Townsville",
        "Cityland",
        "Quận",  # a type word alone is not split
        "Thị xã",
        "Phường",
        "TP.",
        "P.",
        "Q",
        "",
    ],
)
def test_split_type_leaves_names_alone(text: str) -> None:
    type_, name = split_type(text)
    assert type_ is None
    assert name == " ".join(text.split())


def test_split_type_level() -> None:
    assert split_type("Thành phố Thủ Đức", level="district") == ("thành phố", "Thủ Đức")
    assert split_type("Thành phố Thủ Đức", level="commune") == (None, "Thành phố Thủ Đức")
    assert split_type("Quận 1", level="province") == (None, "Quận 1")
    # without diacritics "Quan Hoa" could be "Quận Hoa"; a level rules it out
    assert split_type("Quan Hoa") == ("quận", "Hoa")
    assert split_type("Quan Hoa", level="commune") == (None, "Quan Hoa")
    assert split_type("Binh Chanh town", level="commune") == ("thị trấn", "Binh Chanh")
    assert split_type("Binh Chanh town", level="district") == ("thị xã", "Binh Chanh")
    assert split_type("T. Bình Dương", level="commune") == (None, "T. Bình Dương")


def test_type_forms_table_is_consistent() -> None:
    types = {"tỉnh", "thành phố", "quận", "huyện", "thị xã", "phường", "xã", "thị trấn",
             "đặc khu"}  # fmt: skip
    for form in TYPE_FORMS:
        assert form.type in types
        assert form.form == unicodedata.normalize("NFC", form.form).lower()
        assert form.levels
        if form.kind in ("letter", "letter-digit"):
            assert len(form.form) == 1
        if form.kind in ("abbr", "english", "letter", "letter-digit"):
            assert form.form.isascii()
    assert {f.type for f in TYPE_FORMS} == types


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------

_VI_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
vietnamese_text = st.text(
    alphabet=st.sampled_from(
        _VI_LETTERS + _VI_LETTERS.upper() + "0123456789 .-,'()/\t–IVX\u0300\u0301\u0303\u0309\u0323"
    )
)
any_text = st.text() | vietnamese_text | st.text(st.characters(codec="utf-8"))


@given(any_text)
def test_normalize_total_and_idempotent(text: str) -> None:
    key = normalize(text)
    assert isinstance(key, str)
    assert normalize(key) == key
    assert key == key.strip()
    assert "  " not in key
    assert all(ch == " " or ch.isdigit() or "a" <= ch <= "z" for ch in key)


@given(any_text)
def test_normalize_nfc_equals_nfd(text: str) -> None:
    assert normalize(unicodedata.normalize("NFD", text)) == normalize(
        unicodedata.normalize("NFC", text)
    )


@given(any_text)
def test_compact_key_total(text: str) -> None:
    key = compact_key(text)
    assert " " not in key
    # the key of a text and of its normalised form agree (joining words may create new
    # tokens, e.g. "I:V0" -> "iv0", so compact_key is not applied to its own output)
    assert compact_key(normalize(text)) == key


@given(st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)) | any_text)
def test_normalize_never_raises_on_surrogates(text: str) -> None:
    normalize(text)
    split_type(text)


@given(any_text, st.sampled_from([None, "province", "district", "commune"]))
def test_split_type_total(text: str, level: str | None) -> None:
    type_, name = split_type(text, level)  # type: ignore[arg-type]
    assert type_ is None or type_ in {f.type for f in TYPE_FORMS}
    assert isinstance(name, str)


KNOWN_NAMES = [
    "Bến Thành", "Hồ Chí Minh", "Hà Nội", "Thanh Hóa", "Hà Tĩnh", "Tân Phú", "Phú Yên",
    "Thủ Đức", "Quan Hóa", "Phương Liệt", "Tịnh Biên", "Tĩnh Gia", "Tinh Nhuệ", "Xa Dung",
    "Quán Thánh", "Quản Bạ", "Đắk Lắk", "Đắk R'Lấp", "Ea H'Leo", "Bà Rịa - Vũng Tàu",
    "Phan Rang - Tháp Chàm", "Cây Trường II", "Tam Xuân I", "1", "12", "1 Bảo Lộc", "A Lưới 1",
    "Củ Chi", "Sơn Tây", "Phú Quốc", "Côn Đảo", "Vị Thanh", "Ý Yên", "Huyền Hội", "Xà Bang",
    "Thị Cầu", "Thi Sơn", "Quy Nhơn", "Mỹ Tho", "Kon Tum", "Lộ 25", "Tr'Hy", "Hòa Bình",
    "Khánh Hòa", "Thừa Thiên Huế", "Cần Thơ", "Xuân Trường", "Phường", "Quận", "Đặc khu",
]  # fmt: skip


TYPE_WORD_NAMES = {"Phường", "Quận", "Đặc khu"}


def _written_forms(form_text: str, kind: str) -> list[str]:
    """Ways a table form is written before a name, separator included."""
    if kind in ("letter", "letter-digit"):
        return [f"{form_text}. ", f"{form_text}."]
    if kind == "abbr":
        return [f"{form_text} ", f"{form_text}. ", f"{form_text}."]
    return [f"{form_text} "]


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(
    form=st.sampled_from(TYPE_FORMS),
    name=st.sampled_from(KNOWN_NAMES),
    data=st.data(),
)
def test_split_type_recovers_the_name(form: object, name: str, data: st.DataObject) -> None:
    from vn_units.text import TypeForm

    assert isinstance(form, TypeForm)
    level = data.draw(st.sampled_from([None, *sorted(form.levels)]))
    use_ascii = form.kind in ("word", "name-word") and data.draw(st.booleans())
    form_text = ascii_fold(form.form) if use_ascii else form.form
    if use_ascii:
        name = ascii_fold(name)  # unaccented type words are for unaccented text
    form_text = data.draw(st.sampled_from([form_text, form_text.upper(), form_text.title()]))
    if form.kind == "english" and data.draw(st.booleans()):
        # "Phường town" reads as the type phường first; such names only go after a prefix
        assume(name not in TYPE_WORD_NAMES)
        text = f"{name} {form_text}"
    else:
        text = data.draw(st.sampled_from(_written_forms(form_text, form.kind))) + name
    if data.draw(st.booleans()):
        text = nfd(text)
    # the type the table gives this form at this level (first row wins on ties)
    expected_type = next(
        f.type for f in TYPE_FORMS if f.form == form.form and (level is None or level in f.levels)
    )
    if form.form == "district" and name.isdigit():
        expected_type = "quận"
    type_, bare = split_type(text, level)  # type: ignore[arg-type]
    assert (type_, bare) == (expected_type, name), text


# ---------------------------------------------------------------------------------------------
# Speed and linear time
# ---------------------------------------------------------------------------------------------


def _megabyte(seed: int) -> str:
    rng = random.Random(seed)
    alphabet = _VI_LETTERS + _VI_LETTERS.upper() + "0123456789 .-,'IVX\u0301" + "北京ßΩ"
    return "".join(rng.choice(alphabet) for _ in range(600_000))  # > 1 MB in UTF-8


def test_one_megabyte_in_linear_time() -> None:
    """Time grows linearly with length: 1 MB costs at most 20x what 100 KB costs (a quadratic
    step would cost 100x). CPU time, so a busy machine does not fail it; the speed itself
    (1 MB well under a second) is measured by the benchmark, not here."""
    for text in (
        _megabyte(1),
        "Phường 01, Quận I, TP.HCM; Đắc Lắc - Quý " * 30_000,
        "a" * 1_000_000,
        " " * 1_000_000,
        "y " * 500_000,
    ):
        assert len(text.encode("utf-8")) >= 1_000_000
        tenth = text[: len(text) // 10]
        for function in (normalize, compact_key, split_type):
            spent = []
            for sample in (tenth, text):
                start = time.process_time()
                function(sample)
                spent.append(time.process_time() - start)
            assert spent[1] <= 20 * spent[0] + 0.05, (function.__name__, spent)


def test_island_district_form() -> None:
    assert split_type("Huyện đảo Lý Sơn") == ("huyện", "Lý Sơn")
    assert split_type("huyen dao Con Co") == ("huyện", "Con Co")
