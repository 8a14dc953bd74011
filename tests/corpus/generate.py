"""Generate the labelled address corpus ``tests/corpus/generated.jsonl`` from the bundled data.

Deterministic (seeded): ``python tests/corpus/generate.py`` rewrites the same file byte for byte
as long as the data is the same; ``--check`` fails when the committed file differs.

Each line: ``{"id", "style", "era", "text", "expected": {"province", ["district",] "commune"}}``
with the codes of the unit the address was written from. Styles (see ``docs/addresses.md``):
clean, no_diacritics, abbreviated, lowercase, nfd, old_tones, typo, no_commas, english,
bare_names, country_postal, missing_province, and per era: legacy_province_name (current
communes with the legacy province they came from), missing_district and current_province_name
(legacy communes and districts with the current province that took in theirs); then the forms
of hand-typed and form-filled data: type_in_brackets, doubled_type, type_typo, province_first,
province_first_no_commas, glued, and (legacy) district_first; then search_query (current: a place, a
commune name of a legacy province the current one took in, the province: the province alone) and
sibling_district (legacy: the district written as its namesake of another type in the province);
then glued_letter (a type letter against each name: "XĐịnh Hòa, HGò Quao, TKiên Giang") and
glued_words (each part without spaces: "PhườngĐôngVĩnh,ThànhphốVinh,TỉnhNghệAn"); then noisy
text: typo_no_commas (one misspelt name, no separators), typo_both (the commune and its parent
misspelt), typo_bare (a letter dropped or added in a bare commune name), spelling_variant (the
spellings of ethnic-minority names platforms use: "Krông Pắk", "Eabar", "Cư K Róa", "Zuôich"),
and (legacy) query_district (a search query ending with a district's name no other place has)
and roman_ward (a numbered ward as a Roman numeral without its type word: "VII, Vị Thanh") and
typo_no_province (no province, the typed district misspelt: "Xã Tân An, Huyện Thanh Hàa");
then repeated_parts (forms that write a run of units twice: "…, Quận 1, TP HCM, , Quận 1, HCM");
then (legacy) district_in_part (the district's bare name in the commune's part, no separator
between them: "Tây Tựu Bắc Từ Liêm, Hà Nội"); then chat_spelling (the commune's name with "f"
for "ph" and "kw" for "qu" starting a word: "Phường fú đô", "Phường kwảng phú"); last
typo_type_named (one letter wrong in a later word of a commune's name whose first word is also a
type word: "Phường Phương Maii", "Xã Tinh Nhu"); last digit_for_letter (the last letter of a
word of the commune's name replaced by a digit: "TT Qu7 Nhất", "Xã Ph8 Tân").
A misspelt name (typo, typo_no_commas, typo_both, typo_bare) is left out where the slip makes it
as close to the name of another unit of its level under the same parent, as written (see
``readable``): no reader could tell which unit it is.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "generated.jsonl"
SEED = 20250701
PER_STYLE = 100

STREETS = [
    "Lê Lợi", "Nguyễn Huệ", "Trần Hưng Đạo", "Lý Thường Kiệt", "Hai Bà Trưng", "Nguyễn Trãi",
    "Lê Duẩn", "Điện Biên Phủ", "Cách Mạng Tháng Tám", "3 tháng 2", "Quang Trung",
    "Hùng Vương", "Phan Chu Trinh", "Ngô Quyền", "Bạch Đằng", "Trần Phú", "Nguyễn Văn Cừ",
    "Võ Văn Kiệt", "Phạm Văn Đồng", "Lê Hồng Phong", "Nguyễn Thị Minh Khai", "Hoàng Diệu",
    "Lạc Long Quân", "Tôn Đức Thắng", "Nguyễn Du", "Bà Triệu", "Lê Thánh Tông", "Quốc lộ 1A",
    "Tỉnh lộ 10", "Nguyễn Văn Linh", "Hoàng Văn Thụ", "Trường Chinh", "Phan Đình Phùng",
]  # fmt: skip
HAMLETS = ["Ấp 2", "Ấp Tân Lập", "Thôn Đông", "Thôn 3", "Tổ 3", "Khu phố 4", "Xóm Bến",
           "Bản Nà Phặc", "Tổ dân phố 7", "Khóm 5"]  # fmt: skip

OLD_TONES = {
    "òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ",
    "òe": "oè", "óe": "oé", "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ",
    "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ",
}  # fmt: skip
SHORT = {
    "tỉnh": "T.", "thành phố": "TP.", "quận": "Q.", "huyện": "H.", "thị xã": "TX.",
    "phường": "P.", "xã": "X.", "thị trấn": "TT.", "đặc khu": "ĐK.",
}  # fmt: skip
NEAR = "qwertyuiopasdfghjklzxcvbnm"


def fold(text: str) -> str:
    from vn_units.text import ascii_fold

    return ascii_fold(text)


def street(rng: random.Random) -> str:
    r = rng.random()
    n = rng.randint(1, 399)
    name = rng.choice(STREETS)
    if r < 0.35:
        return f"{n} {name}"
    if r < 0.50:
        return f"{n}/{rng.randint(1, 40)}{rng.choice(['', 'A', 'B'])} {name}"
    if r < 0.58:
        return f"Số {n} đường {name}"
    if r < 0.66:
        return f"Ngõ {rng.randint(1, 200)} {name}"
    if r < 0.78:
        return rng.choice(HAMLETS)
    if r < 0.84:
        return f"{rng.choice(HAMLETS)}, {rng.choice(HAMLETS)}"
    if r < 0.90:
        return f"Hẻm {rng.randint(1, 99)} đường {name}"
    return ""


def typo(rng: random.Random, word: str) -> str:
    letters = [i for i, ch in enumerate(word) if ch.isalpha() and i > 0]
    if not letters:
        return word
    i = rng.choice(letters)
    kind = rng.choice(["sub", "del", "swap", "dup"])
    if kind == "sub":
        return word[:i] + rng.choice(NEAR) + word[i + 1 :]
    if kind == "del":
        return word[:i] + word[i + 1 :]
    if kind == "dup":
        return word[:i] + word[i] + word[i:]
    if i + 1 < len(word) and word[i + 1].isalpha():
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i + 1 :]


def readable(misspelt: str, unit: Any, folded: bool, typed: bool = True) -> bool:
    """Whether ``misspelt`` (``unit``'s name with one slip, as written: without diacritics
    when ``folded``) is still closer to ``unit``'s name than to the name of any other unit of
    its level under its parent (of its type, when ``typed``: written with its type word): a
    slip that makes it as close to another ("Trà Dn" under Nam
    Trà My, which has Trà Dơn and Trà Don; "Lịch Hộội Thượng" written bare, a Thị trấn and a
    Xã of Trần Đề have the name) leaves a text no reader can read, and no label."""
    from rapidfuzz.distance import OSA

    def form(name: str) -> str:
        low = unicodedata.normalize("NFC", name.lower())
        return fold(low) if folded else low

    written = form(misspelt)
    own = OSA.distance(written, form(unit.name))
    return all(
        OSA.distance(written, form(name)) > own
        for name, kind in beside(unit) if not typed or kind == unit.unit_type.value
    )


@cache
def _beside(kind: str, parent: str, code: str) -> tuple[tuple[str, str], ...]:
    import vn_units
    from vn_units import legacy

    units: Any
    if kind == "Commune":
        units = (c for c in vn_units.communes if c.province_code == parent)
    elif kind == "LegacyCommune":
        units = (c for c in legacy.communes if c.district_code == parent)
    elif kind == "LegacyDistrict":
        units = (d for d in legacy.districts if d.province_code == parent)
    else:
        units = vn_units.provinces if kind == "Province" else legacy.provinces
    return tuple((u.name, u.unit_type.value) for u in units if u.code != code)


def beside(unit: Any) -> tuple[tuple[str, str], ...]:
    """The names and types of the other units of ``unit``'s level and era under its parent (a legacy
    commune's district; a district's or a current commune's province; every province)."""
    kind = type(unit).__name__
    parent = getattr(unit, "district_code", None) or getattr(unit, "province_code", "") or ""
    return _beside(kind, parent, unit.code)


def old_tones(text: str) -> str:
    out = text
    for a, b in OLD_TONES.items():
        out = out.replace(a, b).replace(a.capitalize(), b.capitalize())
    return out


def join(parts: list[str], sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


def full(unit: Any) -> str:
    return str(unit.full_name)


def short(unit: Any) -> str:
    prefix = SHORT[unit.unit_type.value]
    sep = "" if unit.name[:1].isdigit() or unit.unit_type.value in ("phường", "quận") else " "
    return f"{prefix}{sep}{unit.name}"


def chain(commune: Any) -> list[Any]:
    units = [commune]
    if getattr(commune, "district_code", None):
        units.append(commune.district)
    units.append(commune.province)
    return units


def render(style: str, rng: random.Random, commune: Any, extra: dict[str, Any]) -> str | None:
    units = chain(commune)
    st = street(rng)
    if style == "clean":
        return join([st, *map(full, units)])
    if style == "no_diacritics":
        return fold(join([st, *map(full, units)]))
    if style == "abbreviated":
        parts = [short(u) for u in units]
        if units[-1].code == "79" and rng.random() < 0.5:
            parts[-1] = rng.choice(["TP.HCM", "TPHCM", "TP HCM", "HCM"])
        if units[-1].code == "01" and rng.random() < 0.5:
            parts[-1] = rng.choice(["HN", "TP.Hà Nội", "Hà Nội"])
        return join([st, *parts])
    if style == "lowercase":
        return join([st, *map(full, units)]).lower()
    if style == "nfd":
        return unicodedata.normalize("NFD", join([st, *map(full, units)]))
    if style == "old_tones":
        text = join([st, *map(full, units)])
        changed = old_tones(text)
        return changed if changed != text else None
    if style == "typo":
        names = [full(u) for u in units]
        i = 0 if rng.random() < 0.6 else len(units) - 1
        unit = units[i]
        if unit.name.isdigit() or len(unit.name) < 5:
            return None
        misspelt = typo(rng, unit.name)
        if not readable(misspelt, unit, False):
            return None
        names[i] = full(unit)[: -len(unit.name)] + misspelt
        return join([st, *names])
    if style == "no_commas":
        parts = [full(u) if rng.random() < 0.7 else short(u) for u in units]
        text = join([st.replace(",", ""), *parts], " ")
        return fold(text) if rng.random() < 0.3 else text
    if style == "english":
        return join([fold(st), *(u.english_name for u in units)])
    if style == "bare_names":
        if any(u.name.isdigit() for u in units):
            return None
        return join([st, *(u.name for u in units)])
    if style == "country_postal":
        tail = rng.choice([", Việt Nam", ", Vietnam", ", VN", " 700000, Việt Nam", " 100000"])
        return join([st, *map(full, units)]) + tail
    if style == "missing_province":
        if not extra["unique_without_province"]:
            return None
        return join([st, *map(full, units[:-1])])
    if style == "missing_district":
        if not extra["unique_without_district"]:
            return None
        return join([st, full(units[0]), full(units[-1])])
    if style == "current_province_name":
        new = extra.get("current_province")
        if new is None:
            return None
        return join([st, full(units[0]), full(units[1]), full(new)])
    if style == "legacy_province_name":
        old = extra.get("legacy_province")
        if old is None or old.name == units[-1].name:
            return None
        return join([st, full(units[0]), full(old)])
    if style == "type_in_brackets":
        # as dropdown lists that tell apart units of one name write them
        pad = rng.choice(["", "", " "])
        parts = [f"{u.name} ({pad}{u.unit_type.value.capitalize()}{pad})" for u in units[:-1]]
        return join([st, *parts, rng.choice([full, lambda u: u.name])(units[-1])])
    if style == "doubled_type":
        # the type written twice: a short type glued by a form to a full name, or a numbered
        # unit's name read as holding its type ("P. Phường 12", "Phuong Phuong 3")
        parts = [
            f"{SHORT[u.unit_type.value]} {full(u)}"
            if u.name.isdigit() or rng.random() < 0.5 else full(u)
            for u in units[:-1]
        ]
        if all(p == full(u) for p, u in zip(parts, units, strict=False)):
            return None
        text = join([st, *parts, full(units[-1])])
        return fold(text) if rng.random() < 0.3 else text
    if style == "type_typo":
        # one letter wrong in a type word ("Phươnng 9", "Huyệnn")
        i = rng.randrange(len(units))
        unit = units[i]
        word = unit.unit_type.value.capitalize()
        if len(word) < 5:
            return None
        names = [full(u) for u in units]
        names[i] = f"{typo(rng, word)} {unit.name}"
        return join([st, *names])
    if style == "province_first":
        return join([*map(full, reversed(units)), st])
    if style == "province_first_no_commas":
        return join([*map(full, reversed(units)), st.replace(",", "")], " ")
    if style == "glued":
        # a type word written against its name ("HuyệnMỹ Đức", "TỉnhQuảng Nam")
        i = rng.randrange(len(units))
        names = [full(u) for u in units]
        unit = units[i]
        if unit.name[:1].isdigit():
            return None
        names[i] = f"{unit.unit_type.value.capitalize()}{unit.name}"
        return join([st, *names], rng.choice([", ", ","]))
    if style == "district_first":
        return join([st, full(units[1]), full(units[0]), full(units[2])])
    if style == "sibling_district":
        # the commune under the district of the province that shares its district's name, of
        # another type ("Xã Thanh Hòa, Huyện Cai Lậy": Thanh Hòa is in Thị xã Cai Lậy)
        sibling = extra["sibling"]
        text = join([st, full(units[0]), full(sibling), full(units[2])])
        return fold(text) if rng.random() < 0.3 else text
    if style == "search_query":
        # a map-search query: a place, the name of a commune of another legacy province that
        # the current province took in, and the province ("dai hoc duy tan da nang"): the
        # province alone (the commune of the name is elsewhere, see rows_for_era)
        text = f"{rng.choice(PLACES)} {commune.name} {extra['province'].name}"
        return fold(text).lower() if rng.random() < 0.6 else text
    if style == "glued_letter":
        # a type letter or abbreviation written against the capitalised name ("XĐịnh Hòa,
        # HGò Quao, TKiên Giang"; "F" for phường), the parts cut by commas, or not at all
        parts = [
            f"{rng.choice(GLUED_LETTERS[u.unit_type.value])}{u.name}"
            if not u.name[:1].isdigit() else short(u)
            for u in units
        ]
        return join([st, *parts], rng.choice([", ", ",", " "]))
    if style == "glued_words":
        # each part written without spaces ("PhườngĐôngVĩnh,ThànhphốVinh,TỉnhNghệAn")
        parts = [full(u).replace(" ", "") for u in units]
        return join([st, *parts], rng.choice([",", ", "]))
    if style == "typo_no_commas":
        # no separators, and one letter wrong in one name (any level): the words around the
        # misspelt name tell nothing of where it ends ("Xã Mường Nhe Huyện Mường Nhé Điện Biên")
        i = rng.randrange(len(units))
        unit = units[i]
        if unit.name[:1].isdigit() or len(unit.name) < 5:
            return None
        # (a numbered unit keeps its type word: "Phường 2 3 Hồ Chí Minh" names no Quận 3)
        parts = [
            full(u) if rng.random() < 0.6 or u.name[:1].isdigit()
            else (u.name if u is not units[0] else full(u))
            for u in units
        ]
        named = parts[i]
        misspelt = typo(rng, unit.name)
        parts[i] = named[: -len(unit.name)] + misspelt
        text = join([st.replace(",", ""), *parts], rng.choice([" ", "  "]))
        folded = rng.random() < 0.3
        if not readable(misspelt, unit, folded, named != unit.name):
            return None
        return fold(text) if folded else text
    if style == "typo_both":
        # one letter wrong in the commune and one in its parent (the district; the province in
        # the current era), each written with its type word
        parent = units[1]
        if any(u.name[:1].isdigit() or len(u.name) < 5 for u in (units[0], parent)):
            return None
        names = [full(u) for u in units]
        misspelt = []
        for i in (0, 1):
            misspelt.append(typo(rng, units[i].name))
            names[i] = full(units[i])[: -len(units[i].name)] + misspelt[i]
        text = join([st, *names])
        folded = rng.random() < 0.3
        if not all(readable(m, u, folded) for m, u in zip(misspelt, units, strict=False)):
            return None
        return fold(text) if folded else text
    if style == "typo_bare":
        # one letter dropped or added in a commune's bare name, under its parents written with
        # or without type words ("Tinh Nhuệ" misspelt under its district)
        unit = units[0]
        if unit.name[:1].isdigit() or len(unit.name) < 5:
            return None
        letters = [i for i, ch in enumerate(unit.name) if ch.isalpha() and i > 0]
        i = rng.choice(letters)
        if rng.random() < 0.5:
            name = unit.name[:i] + unit.name[i + 1 :]
        else:
            name = unit.name[:i] + rng.choice([unit.name[i], rng.choice(NEAR)]) + unit.name[i:]
        rest = [full(u) if rng.random() < 0.5 else u.name for u in units[1:]]
        if any(u.name.isdigit() for u in units[1:]):
            rest = [full(u) for u in units[1:]]
        sep = rng.choice([", ", ","])
        if not readable(name, unit, False, typed=False):
            return None
        return join([st, name, *rest], sep)
    if style == "typo_no_province":
        # no province, and one letter wrong in the district, written with its type word (the
        # commune written exactly): "Xã Tân An, Huyện Thanh Hàa"
        if not extra["unique_without_province"] or units[1].name[:1].isdigit():
            return None
        if len(units[1].name) < 5:
            return None
        district = full(units[1])[: -len(units[1].name)] + typo(rng, units[1].name)
        return join([st, full(units[0]), district], rng.choice([", ", ","]))
    if style == "query_district":
        # a map-search query ending with a legacy district's name that no other place of
        # either era has ("nha hang ngon cam le"): the district (see _pools)
        name = units[1].name
        text = f"{rng.choice(PLACES)} {rng.choice(STREETS)} {name}"
        words = _key(text).split()
        spans = {" ".join(words[a:b]) for a in range(len(words)) for b in range(a + 1, len(words))}
        if spans & extra["names_under"]:
            return None  # the query names a commune of the district too
        return fold(text).lower() if rng.random() < 0.7 else text
    if style == "spelling_variant":
        # a name spelt as e-commerce platforms and forms spell ethnic-minority names: a final
        # c for k or k for c ("Krông Pắk"), "ch" for a final h ("Zuôich"), two syllables
        # joined ("Eabar") or a first consonant split from its syllable ("Cư K Róa"); the unit
        # is the commune, or its district
        i = 0 if era_of(commune) == "current" or rng.random() < 0.6 else 1
        if not minority(units[i].name):
            i = 1 - i
        unit = units[i]
        written = respell(rng, unit.name) if minority(unit.name) else None
        if written is None:
            return None
        names = [full(u) if rng.random() < 0.5 else u.name for u in units]
        named = names[i]
        names[i] = named[: -len(unit.name)] + written
        return join([st, *names])
    if style == "roman_ward":
        # a numbered ward written as a Roman numeral without its type word ("VII, Vị Thanh,
        # Hậu Giang"; "XIV, Quận 10, TP HCM")
        number = roman_number(units[0].name)
        if number is None:
            return None
        rest = [full(u) if rng.random() < 0.5 or u.name.isdigit() else u.name for u in units[1:]]
        return join([st, ROMAN[number], *rest])
    if style == "repeated_parts":
        return repeated(rng, units, st)
    if style == "district_in_part":
        # the district's bare name in the commune's part, no separator between them, as forms
        # of one field write them ("Tây Tựu Bắc Từ Liêm, Hà Nội"; "Xã Bình Phú Càng Long, Trà
        # Vinh"): the commune written with its type word, or bare
        district = units[1]
        if district.name[:1].isdigit():
            return None
        commune_part = full(units[0])
        if rng.random() < 0.5 and not units[0].name[:1].isdigit():
            commune_part = units[0].name
        province = rng.choice([full, lambda u: u.name])(units[2])
        text = join([st, f"{commune_part} {district.name}", province], rng.choice([", ", ","]))
        return fold(text) if rng.random() < 0.3 else text
    if style == "chat_spelling":
        # the commune's name as chat and quick typing spell it: "f" for "ph", "kw" for "qu" at
        # the start of a word ("Phường fú đô", "Phường kwảng phú"), under its parents
        written = chat_spelt(units[0].name)
        if written == units[0].name:
            return None
        if rng.random() < 0.5:
            written = written.lower()
        names = [full(u) for u in units]
        names[0] = full(units[0])[: -len(units[0].name)] + written
        text = join([st, *names])
        return fold(text) if rng.random() < 0.3 else text
    if style == "typo_type_named":
        # one letter wrong in a later word of a commune's name whose first word is also a type
        # word ("Phường Phương Maii", "Xã Tinh Nhu", "Xã Quan Sơnn"; see _pools), written with
        # its type word under its parents
        unit = units[0]
        words = unit.name.split(" ")
        j = rng.randrange(1, len(words))
        if len(words[j]) < 3 or words[j][:1].isdigit():
            return None
        words[j] = typo(rng, words[j])
        misspelt = " ".join(words)
        folded = rng.random() < 0.3
        if misspelt == unit.name or not readable(misspelt, unit, folded):
            return None
        names = [full(u) for u in units]
        names[0] = full(unit)[: -len(unit.name)] + misspelt
        text = join([st, *names])
        return fold(text) if folded else text
    if style == "digit_for_letter":
        # the last letter of a word of the commune's name (not its only letter) replaced by a
        # digit, as hasty typing does ("TT Qu7 Nhất", "Xã Ph8 Tân"), under its parents
        unit = units[0]
        if unit.name[:1].isdigit() or len(unit.name) < 5:
            return None
        letters = [
            i for i, ch in enumerate(unit.name)
            if ch.isalpha() and i > 0 and unit.name[i - 1] != " "
            and (i + 1 == len(unit.name) or unit.name[i + 1] == " ")
        ]
        if not letters:
            return None
        i = rng.choice(letters)
        misspelt = unit.name[:i] + str(rng.randint(0, 9)) + unit.name[i + 1 :]
        folded = rng.random() < 0.3
        if not readable(misspelt, unit, folded):
            return None
        names = [full(u) for u in units]
        names[0] = full(unit)[: -len(unit.name)] + misspelt
        text = join([st, *names])
        return fold(text) if folded else text
    raise ValueError(style)


def chat_spelt(name: str) -> str:
    """``name`` with "f" for "ph" and "kw" for "qu" starting a word (chat_spelling)."""
    out = re.sub(r"\bPh", "F", name)
    out = re.sub(r"\bph", "f", out)
    out = re.sub(r"\bQu", "Kw", out)
    return re.sub(r"\bqu", "kw", out)


def repeated(rng: random.Random, units: list[Any], st: str) -> str:
    """A form that writes units again (repeated_parts): a run of levels (the province; the
    district and province; the commune and district; the commune and province; all) written a
    second time right after the first, each unit of the copy with its full name, its short type
    or its bare name; an empty part (", ,") before the copy, after the commune or nowhere; the
    commune and district written twice without separators."""
    k = len(units)
    runs = [(k - 1, k), (0, k)]  # the province; every level
    if k == 3:
        runs += [(1, 3), (0, 2)]  # the district and province; the commune and district
    lo, hi = rng.choice(runs)

    def written(u: Any) -> str:
        way = rng.choice(["full", "short", "bare"])
        if way == "bare" and not u.name[:1].isdigit():
            return str(u.name)
        return short(u) if way == "short" else full(u)

    first = [full(u) if rng.random() < 0.7 else short(u) for u in units]
    copy = [written(u) for u in units[lo:hi]]
    if k == 3 and (lo, hi) == (0, 2) and rng.random() < 0.4:
        # "Phường Bến Nghé Quận 1 Phường Bến Nghé Quận 1, TP HCM"
        glued = " ".join([*first[:2], *(full(u) for u in units[:2])])
        return join([st, glued, first[2]])
    empty = rng.choice(["copy", "commune", "none"])
    parts = [*first[:hi], *([""] if empty == "copy" else []), *copy, *first[hi:]]
    if empty == "commune":
        parts.insert(1, "")
    return ", ".join([st, *parts] if st else parts)


ROMAN = {
    1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII", 9: "IX", 10: "X",
    11: "XI", 12: "XII", 13: "XIII", 14: "XIV", 15: "XV", 16: "XVI", 17: "XVII", 18: "XVIII",
    19: "XIX", 20: "XX",
}  # fmt: skip


def roman_number(name: str) -> int | None:
    """The number of a ward named with one ("7", "VII"), up to 20; None otherwise."""
    if name.isdigit():
        return int(name) if 1 <= int(name) <= 20 else None
    by_letters = {v: k for k, v in ROMAN.items()}
    return by_letters.get(name)


def era_of(commune: Any) -> str:
    return "legacy" if getattr(commune, "district_code", None) else "current"


# first consonants of ethnic-minority syllables that Vietnamese spelling has no cluster for
CLUSTERS = ("kr", "dr", "đr", "pl", "bl", "br", "gl", "kl", "tr'", "hr", "hl")
# the words that start ethnic-minority names of the Central Highlands and the north-west
NAME_PREFIXES = ("ea", "ia", "đắk", "đăk", "krông", "cư", "chư", "kon", "buôn", "m'")


_MINORITY_LETTERS = re.compile(
    r"(?:^|\s)(?:kr|dr|đr|pl|bl|br|gl|kl|hr|hl|z|j|w|f)|k(?:\s|$)|(?<![nctpkg])h(?:\s|$)|'|’|(?:^|\s)(?:ea|ia|đắk|đăk|krông|cư|chư|kon|buôn)\s",
    re.IGNORECASE,
)


def minority(name: str) -> bool:
    """Whether ``name`` is spelt as ethnic-minority names are: a first consonant cluster or a
    letter Vietnamese spelling has not ("Krông", "Zuôih", "Đrắk"), a final k or h, an
    apostrophe, or a prefix word of such names ("Ea", "Ia", "Đắk", "Cư")."""
    return _MINORITY_LETTERS.search(name) is not None


def respell(rng: random.Random, name: str) -> str | None:
    """``name`` respelt by one rule of those that apply to it (see spelling_variant), or None
    when none does."""
    words = name.split()
    options: list[str] = []
    for j, w in enumerate(words):
        low = w.lower()
        # a final c written k, and k written c (after a vowel: "Pắc" <-> "Pắk")
        if len(w) > 2 and low[-1] in "ck" and low[-2] not in "cknh":
            options.append(" ".join([*words[:j], w[:-1] + ("k" if low[-1] == "c" else "c"),
                                     *words[j + 1 :]]))
        # a final h written ch ("Zuôih" -> "Zuôich"), after a vowel
        if len(w) > 2 and low[-1] == "h" and low[-2] not in "cnkpgt":
            options.append(" ".join([*words[:j], w[:-1] + "ch", *words[j + 1 :]]))
        # a first consonant split from its syllable ("Króa" -> "K Róa")
        for c in CLUSTERS:
            if low.startswith(c) and len(w) > len(c) + 1 and c[-1] != "'":
                options.append(" ".join([*words[:j], w[:1], w[1:].capitalize(),
                                         *words[j + 1 :]]))
                break
    # two syllables joined, after a prefix word ("Ea Bar" -> "Eabar", "EaBar")
    if len(words) >= 2 and words[0].lower() in NAME_PREFIXES:
        second = words[1] if rng.random() < 0.5 else words[1].lower()
        options.append(" ".join([words[0] + second, *words[2:]]))
    if not options:
        return None
    return rng.choice(options)


# the keys of type words that are also the first word of names (typo_type_named)
TYPE_NAMED = frozenset({"phuong", "tinh", "quan", "xa", "huyen"})


# type letters and abbreviations written against a name, by type (glued_letter)
GLUED_LETTERS = {
    "tỉnh": ["T"], "thành phố": ["TP", "Tp"], "quận": ["Q"], "huyện": ["H"], "thị xã": ["TX"],
    "phường": ["P", "F"], "xã": ["X"], "thị trấn": ["TT"], "đặc khu": ["ĐK"],
}  # fmt: skip


# the first words of map-search queries for a place (a school, a shop, a hotel, ...)
PLACES = [
    "Đại học", "Trường THPT", "Bệnh viện", "Khách sạn", "Nhà hàng", "Cà phê", "Hồ bơi",
    "Siêu thị", "Công ty", "Nhà sách", "Tiệm bánh", "Sân bóng", "Trung tâm tiếng Anh",
]  # fmt: skip


COMMON = [
    "clean", "no_diacritics", "abbreviated", "lowercase", "nfd", "old_tones", "typo",
    "no_commas", "english", "bare_names", "country_postal", "missing_province",
]  # fmt: skip
# written as people and forms write them, beyond the styles above
MORE = [
    "type_in_brackets", "doubled_type", "type_typo", "province_first",
    "province_first_no_commas", "glued",
]  # fmt: skip
# types and names written together: a type letter against each name, no spaces in a part
GLUED = ["glued_letter", "glued_words"]
# noisy text: typos without separators, in two levels at once, in a bare name; the spellings of
# ethnic-minority names that platforms use
NOISY = ["typo_no_commas", "typo_both", "typo_bare", "spelling_variant"]
STYLES = {
    "current": [
        *COMMON, "legacy_province_name", *MORE, "search_query", *GLUED, *NOISY, "repeated_parts",
        "chat_spelling", "typo_type_named", "digit_for_letter",
    ],
    "legacy": [
        *COMMON, "missing_district", "current_province_name", *MORE, "district_first",
        "sibling_district", *GLUED, *NOISY, "query_district", "roman_ward", "typo_no_province",
        "repeated_parts", "district_in_part", "chat_spelling", "typo_type_named",
        "digit_for_letter",
    ],
}


def _key(text: str) -> str:
    from vn_units.text import normalize

    return normalize(text)


def rows_for_era(era: str) -> list[dict[str, Any]]:
    import vn_units
    from vn_units import legacy

    communes = list(vn_units.communes if era == "current" else legacy.communes)
    # uniqueness checks for the "missing level" styles
    no_province: Counter[tuple[str, ...]] = Counter()
    no_district: Counter[tuple[str, ...]] = Counter()
    for c in communes:
        if era == "current":
            no_province[(c.unit_type.value, _key(c.name))] += 1
        else:
            d = c.district
            no_province[(c.unit_type.value, _key(c.name), d.unit_type.value, _key(d.name))] += 1
            no_district[(c.unit_type.value, _key(c.name), c.province_code)] += 1
    province_names = {_key(p.name) for p in legacy.provinces} if era == "legacy" else set()
    legacy_names = set()
    current_names = set()
    current_of = {}
    if era == "current":
        legacy_names = {(c.unit_type.value, _key(c.name), c.province_code) for c in legacy.communes}
    else:
        current_names = {
            (t.type.value, _key(c.name), c.province_code)
            for c in vn_units.communes
            for t in c.types
        }
        current_of = {lc: p.code for p in vn_units.provinces for lc in p.legacy_codes}
    pools = _pools(era, communes)
    rows: list[dict[str, Any]] = []
    for style in STYLES[era]:
        rng = random.Random(f"{SEED}-{era}-{style}")
        pool = pools.get(style, communes)
        made = 0
        tries = 0
        while made < PER_STYLE and tries < 50 * PER_STYLE and pool:
            tries += 1
            c = rng.choice(pool)
            extra: dict[str, Any] = {}
            if style in pools:
                extra.update(pools[f"{style}:extra"][c.code])
            if era == "current":
                extra["unique_without_province"] = (
                    no_province[(c.unit_type.value, _key(c.name))] == 1
                )
                if style == "legacy_province_name":
                    preds = [e.legacy_unit for e in c.predecessors if e.legacy_level == "commune"]
                    olds = {p.province.code for p in preds}
                    old = legacy.provinces[olds.pop()] if len(olds) == 1 else None
                    # only names that did not exist there before: otherwise the text is also a
                    # legacy address with its district left out, and the era cannot be told
                    name = (c.unit_type.value, _key(c.name))
                    if old is not None and (*name, old.code) in legacy_names:
                        old = None
                    extra["legacy_province"] = old
            else:
                d = c.district
                extra["unique_without_province"] = (
                    no_province[(c.unit_type.value, _key(c.name), d.unit_type.value, _key(d.name))]
                    == 1
                    and _key(d.name) not in province_names
                )
                # and the current province has no commune of that type and name (otherwise
                # the text is also a current-era address)
                extra["unique_without_district"] = (
                    no_district[(c.unit_type.value, _key(c.name), c.province_code)] == 1
                    and (c.unit_type.value, _key(c.name), current_of[c.province_code])
                    not in current_names
                )
                if style == "current_province_name":
                    # the current province that took in this one, under another name (Long An
                    # addresses written with "Tây Ninh"), where the commune's type and name are
                    # not also a current commune there (else it is a current-era address too)
                    new = vn_units.provinces[current_of[c.province_code]]
                    if new.name == c.province.name or (
                        c.unit_type.value, _key(c.name), new.code
                    ) in current_names:
                        new = None
                    extra["current_province"] = new
            text = render(style, rng, c, extra)
            if text is None:
                continue
            expected = {"province": c.province_code, "commune": c.code}
            if style == "search_query":
                expected = {"province": extra["province"].code, "commune": None}
            elif style == "query_district":
                expected = {
                    "province": c.province_code, "district": c.district_code, "commune": None,
                }
            elif era == "legacy":
                expected = {
                    "province": c.province_code,
                    "district": c.district_code,
                    "commune": c.code,
                }
            rows.append(
                {"id": f"{era}-{style}-{made:03d}", "style": style, "era": era,
                 "text": text, "expected": expected}
            )
            made += 1
    return rows


def _pools(era: str, communes: list[Any]) -> dict[str, Any]:
    """The communes a style of few units is written from (``style``), each with what its
    text needs (``style + ":extra"``, by commune code); the other styles draw from all."""
    import vn_units
    from vn_units import legacy

    out: dict[str, Any] = {}
    # the communes whose name, or whose district's, is spelt as ethnic-minority names are
    out["spelling_variant"] = [
        c for c in communes
        if minority(c.name) or (era == "legacy" and minority(c.district.name))
    ]
    out["spelling_variant:extra"] = {c.code: {} for c in out["spelling_variant"]}
    # the communes whose name's first word is also a type word ("Phương Mai", "Tinh Nhuệ",
    # "Quan Sơn"), of two words or more
    out["typo_type_named"] = [
        c for c in communes
        if len(_key(c.name).split()) > 1 and _key(c.name).split()[0] in TYPE_NAMED
    ]
    out["typo_type_named:extra"] = {c.code: {} for c in out["typo_type_named"]}
    if era == "legacy":
        # districts of a name of two words or more that no other unit of either era has (a
        # province, a district, a commune) but the district's own communes and the current
        # communes that took in its land: a query ending with it names it
        counts: Counter[str] = Counter()
        for units in (vn_units.provinces, legacy.provinces, legacy.districts):
            counts.update(_key(u.name) for u in units)
        elsewhere: set[tuple[str, str]] = set()  # (name, district) of a unit elsewhere
        for c in communes:
            elsewhere.add((_key(c.name), c.district_code))
        for cc in vn_units.communes:
            lds = {e.legacy_unit.district_code for e in cc.predecessors
                   if e.legacy_level == "commune"}
            elsewhere.add((_key(cc.name), "|".join(sorted(lds))))
        named: dict[str, set[str]] = {}
        for k, where in elsewhere:
            named.setdefault(k, set()).add(where)
        under: dict[str, set[str]] = {}
        for c in communes:
            under.setdefault(c.district_code, set()).add(_key(c.name))
        seen: set[str] = set()
        pool = []
        extra = {}
        for c in communes:
            d = c.district
            k = _key(d.name)
            if d.code in seen or counts[k] != 1 or " " not in k or d.name[:1].isdigit() or any(
                d.code not in where.split("|") for where in named.get(k, ())
            ):
                continue
            seen.add(d.code)
            pool.append(c)
            extra[c.code] = {"names_under": under[d.code]}
        out["query_district"] = pool
        out["query_district:extra"] = extra

        # districts of a province sharing a name, of different types (Huyện and Thị xã Cai
        # Lậy); a commune of one whose type and name no commune of the other has
        by_name: dict[tuple[str, str], list[Any]] = {}
        for d in legacy.districts:
            by_name.setdefault((d.province_code, _key(d.name)), []).append(d)
        names_under: dict[str, set[tuple[str, str]]] = {}
        for c in communes:
            names_under.setdefault(c.district_code, set()).add((c.unit_type.value, _key(c.name)))
        pool = []
        extra: dict[str, dict[str, Any]] = {}
        for c in communes:
            siblings = [
                d for d in by_name[(c.province_code, _key(c.district.name))]
                if d.code != c.district_code and d.unit_type != c.district.unit_type
                and (c.unit_type.value, _key(c.name)) not in names_under.get(d.code, set())
            ]
            if len(siblings) == 1:
                pool.append(c)
                extra[c.code] = {"sibling": siblings[0]}
        out["sibling_district"] = pool
        out["sibling_district:extra"] = extra
    else:
        # legacy communes of a legacy province that a current province of another name took
        # in, no end of whose name (its last word, its last two, ...) a current commune of
        # that province, a legacy commune or district of the legacy province of the current
        # one's name or a province has, with no type word in it ("Xuân Phường")
        current_names = {(c.province_code, _key(c.name)) for c in vn_units.communes}
        province_names = {_key(p.name) for p in (*vn_units.provinces, *legacy.provinces)}
        legacy_by_province: dict[str, set[str]] = {}
        for lc in legacy.communes:
            legacy_by_province.setdefault(lc.province_code, set()).add(_key(lc.name))
        for ld in legacy.districts:
            legacy_by_province.setdefault(ld.province_code, set()).add(_key(ld.name))
        type_words = {"phuong", "xa", "quan", "huyen", "thi", "tinh", "thanh", "tran", "pho"}
        pool = []
        extra = {}
        for p in vn_units.provinces:
            same = [lp for lp in legacy.provinces if lp.code in p.legacy_codes
                    and _key(lp.name) == _key(p.name)]
            if not same:
                continue
            for lp_code in p.legacy_codes:
                if lp_code == same[0].code:
                    continue
                for lc in legacy.communes:
                    k = _key(lc.name)
                    words = k.split()
                    ends = [" ".join(words[i:]) for i in range(len(words))]
                    if (
                        lc.province_code != lp_code or lc.name.isdigit() or len(k) < 5
                        or type_words & set(words)
                        or any(
                            (p.code, e) in current_names or e in province_names
                            or e in legacy_by_province[same[0].code]
                            for e in ends
                        )
                    ):
                        continue
                    pool.append(lc)
                    extra[lc.code] = {"province": p}
        out["search_query"] = sorted(pool, key=lambda u: u.code)
        out["search_query:extra"] = extra
    return out


def build(eras: tuple[str, ...] = ("current", "legacy")) -> str:
    rows = [r for era in eras for r in rows_for_era(era)]
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the file differs")
    parser.add_argument("--era", choices=["current", "legacy"], action="append")
    args = parser.parse_args(argv)
    text = build(tuple(args.era or ("current", "legacy")))
    if args.check:
        if OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} is out of date: run python {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10))} addresses to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
