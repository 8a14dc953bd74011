"""Pure text normalisation for Vietnamese unit names. Imports no data.

The data build uses the same functions, so build-time and run-time keys never disagree.
This module must never import anything else from ``vn_units``.

* :func:`ascii_fold` and :func:`slugify` produce the ``ascii_name`` and ``slug`` fields.
* :func:`normalize` and :func:`compact_key` produce matching keys (lower-case ASCII).
* :func:`split_type` separates a unit-type word ("Phường", "TP.", "Q.", "Ward", ...) from a
  bare name, using the single table :data:`TYPE_FORMS`.

The rules are documented in ``docs/normalization.md``.

>>> ascii_fold("Phường Bến Thành")
'Phuong Ben Thanh'
>>> slugify("Thừa Thiên Huế")
'thua-thien-hue'
>>> normalize("Thành phố  Hồ Chí Minh") == normalize("THANH PHO HO CHI MINH")
True
>>> split_type("TP.HCM")
('thành phố', 'HCM')
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final, Literal, NamedTuple

__all__ = [
    "TYPE_FORMS",
    "Level",
    "TypeForm",
    "UnitTypeName",
    "ascii_fold",
    "compact_key",
    "normalize",
    "slugify",
    "split_type",
]

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def ascii_fold(text: str) -> str:
    """Remove Vietnamese diacritics, keeping case, spacing and punctuation.

    >>> ascii_fold("Đắk Lắk")
    'Dak Lak'
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens.

    >>> slugify("Bà Rịa - Vũng Tàu")
    'ba-ria-vung-tau'
    """
    return _NON_ALNUM.sub("-", ascii_fold(text).lower()).strip("-")


# --------------------------------------------------------------------------------------------
# Translation tables (built once at import from ~800 code points; well under a millisecond)
# --------------------------------------------------------------------------------------------


def _latin_letter_folds() -> dict[int, str]:
    """Map every precomposed Latin letter whose base is an ASCII letter to that base, lower-case.

    Covers all of Vietnamese (ă â ê ô ơ ư with the five tones, in both cases) plus đ/Đ, and the
    other accented Latin letters (ç, ñ, ü, ...) in the same blocks.
    """
    out: dict[int, str] = {ord("đ"): "d", ord("Đ"): "d"}
    for block in (range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        for cp in block:
            base = unicodedata.normalize("NFD", chr(cp))[0]
            if base != chr(cp) and base.isascii() and base.isalpha():
                out[cp] = base.lower()
    return out


_LETTER_FOLDS: Final = _latin_letter_folds()

# Non-ASCII characters that are separators in practice: no-break and typographic spaces,
# zero-width space, dashes, curly quotes, ellipsis, middle dot, ideographic space.
_UNICODE_SEPARATORS: Final = (
    "\u00a0\u00b7\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f"
    "\u200b\u2026\u2027\u2028\u2029\u202f\u205f\u2212\u3000"
)
# Invisible characters that are deleted: zero-width (non-)joiners, word joiner, BOM, soft hyphen.
_INVISIBLE: Final = "\u00ad\u200c\u200d\u2060\ufeff"


def _key_table() -> dict[int, str | None]:
    """The one-pass table of :func:`normalize`: lower-case, fold letters, delete combining marks,
    turn every ASCII non-alphanumeric and common Unicode separators into a space."""
    table: dict[int, str | None] = {}
    for cp in range(128):
        ch = chr(cp)
        if ch.isdigit() or ("a" <= ch <= "z"):
            continue
        table[cp] = ch.lower() if "A" <= ch <= "Z" else " "
    table.update(_LETTER_FOLDS)
    for cp in range(0x300, 0x370):  # combining diacritical marks (NFD input)
        table[cp] = None
    for ch in _UNICODE_SEPARATORS:
        table[ord(ch)] = " "
    for ch in _INVISIBLE:
        table[ord(ch)] = None
    return table


_KEY_TABLE: Final = _key_table()

# A length-preserving fold used by split_type to compare type words without their marks.
_SHADOW_TABLE: Final = dict(_LETTER_FOLDS)


def _fold_rest(text: str) -> str:
    """Slow path for characters outside Vietnamese: compatibility-decompose, drop marks,
    transliterate what is left with ``unidecode``, then apply the key table again."""
    from unidecode import unidecode  # lazy: only non-Vietnamese input pays for it

    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(
        ch
        for ch in decomposed
        if not unicodedata.combining(ch) and not "\ud800" <= ch <= "\udfff"  # lone surrogates
    )
    return unidecode(stripped).translate(_KEY_TABLE)


# --------------------------------------------------------------------------------------------
# normalize / compact_key
# --------------------------------------------------------------------------------------------

_DIGIT = re.compile(r"[0-9]")
_DIGIT_RUN = re.compile(r"0*([0-9]+)")  # the run, without its leading zeros (keeps one digit)
# i/y: a syllable made of one initial consonant (or qu) + "y" is also written with "i"
# (Quý/Quí, Mỹ/Mĩ, Kỳ/Kì, Lý/Lí, Sỹ/Sĩ, Hy/Hi). "uy" after a consonant (Thủy, Huy, Tuy) and
# "ay/ây/oay" keep their "y": the rule needs the consonant directly before the "y".
_Y_AFTER_CONSONANT = re.compile(r"\b(qu|ch|gh|kh|ng|nh|ph|th|tr|[bcdghklmnprstvx])y\b")
# Đắk / Đăk / Dak / Đắc: one word written several ways; "Đắc Lắc" for Đắk Lắk.
_DAC = re.compile(r"\bdac\b")
_DAK_LAC = re.compile(r"\bdak lac\b")
_ROMAN: Final = {
    "i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8",
    "ix": "9", "x": "10", "xi": "11", "xii": "12", "xiii": "13", "xiv": "14", "xv": "15",
    "xvi": "16", "xvii": "17", "xviii": "18", "xix": "19", "xx": "20",
}  # fmt: skip
# Roman numerals that are never Vietnamese words: converted wherever they stand.
_ROMAN_ANYWHERE = re.compile(r"\b(ii|iii|iv|vii|viii|ix|xii|xiii|xiv|xv|xvi|xvii|xviii|xix|xx)\b")
# Words after which a final "vi"/"xi" is a number (Phường VI), not a syllable (Ba Vì, Pú Xi).
_NUMBERED_TYPES: Final = frozenset({"phuong", "quan", "p", "q", "f", "ward", "district"})


# ... and only when written in capitals: "Phường VI" is a number, "Phượng Vĩ" a name.
_UPPER_VI_XI = re.compile(r"(?:VI|XI)[\s.,;]*$")


def _roman_sub(match: re.Match[str]) -> str:
    return _ROMAN[match.group(1)]


def normalize(text: str) -> str:
    """Return the matching key of ``text``: lower-case ASCII words separated by single spaces.

    Equal keys mean "the same name, written differently". The steps, in order:

    1. NFC or NFD, any case: letters are lower-cased and lose their diacritics, ``đ`` → ``d``
       (so tone placement, "Hoà"/"Hòa", folds away); other scripts go through ``unidecode``.
    2. Every character that is not a letter or digit (hyphen, dot, comma, apostrophe, dashes)
       becomes a space; whitespace runs collapse to one space; the ends are stripped.
    3. Letters and digits are split apart ("P01" → "p 1"), and leading zeros dropped ("01" → "1").
    4. i/y: a syllable made of a single initial consonant (or ``qu``) followed by ``y`` ends in
       ``i`` ("Quý" and "Qui", "Mỹ" and "Mĩ" → "qui", "mi"); "uy" (Thủy, Huy) is untouched.
    5. "dac" → "dak" (Đắc/Đắk/Dak), and "dak lac" → "dak lak".
    6. Roman numerals become numbers: II..XX (except VI, XI) anywhere; I, V, X as the last word;
       VI, XI only as the last word, in capitals, right after phường/quận/P/Q/F/ward/district
       ("Phường VI" is 6, "Phượng Vĩ" is a name).

    Never raises on a ``str``; idempotent; linear time. Type words are *not* removed here
    (see :func:`split_type`).

    >>> normalize("Thừa Thiên - Huế")
    'thua thien hue'
    >>> normalize("Khánh Hoà") == normalize("Khánh Hòa") == normalize("KHANH HOA")
    True
    >>> normalize("P.01"), normalize("Quy Nhơn"), normalize("Phường IV")
    ('p 1', 'qui nhon', 'phuong 4')
    >>> normalize("Thủy") != normalize("Thúi")
    True
    >>> normalize("Phường VI"), normalize("Phượng Vĩ")
    ('phuong 6', 'phuong vi')
    """
    key = text.translate(_KEY_TABLE)
    if not key.isascii():
        key = _fold_rest(key)
    if _DIGIT.search(key):  # "p01" -> "p 1 ": numbers are words of their own
        key = _DIGIT_RUN.sub(r" \1 ", key)
    key = " ".join(key.split())
    if not key:
        return key
    if "y" in key:
        key = _Y_AFTER_CONSONANT.sub(r"\1i", key)
    if "dac" in key:
        key = _DAC.sub("dak", key)
    if "dak lac" in key:
        key = _DAK_LAC.sub("dak lak", key)
    if "i" in key or "v" in key or "x" in key:
        key = _ROMAN_ANYWHERE.sub(_roman_sub, key)
        head, _, last = key.rpartition(" ")
        if last in ("i", "v", "x"):
            key = f"{head} {_ROMAN[last]}" if head else _ROMAN[last]
        elif (
            last in ("vi", "xi")
            and head.rpartition(" ")[2] in _NUMBERED_TYPES
            and _UPPER_VI_XI.search(text)
        ):
            key = f"{head} {_ROMAN[last]}"
    return key


def compact_key(text: str) -> str:
    """:func:`normalize` without spaces, to match joined and split spellings.

    >>> compact_key("Đắk Lắk") == compact_key("Daklak") == compact_key("Đắc Lắc")
    True
    >>> compact_key("Kon Tum") == compact_key("KonTum")
    True
    """
    return normalize(text).replace(" ", "")


# --------------------------------------------------------------------------------------------
# Unit-type words
# --------------------------------------------------------------------------------------------

UnitTypeName = Literal[
    "tỉnh", "thành phố", "quận", "huyện", "thị xã", "phường", "xã", "thị trấn", "đặc khu"
]
"""The Vietnamese unit types, equal to the values of ``vn_units.UnitType``."""

Level = Literal["province", "district", "commune"]
"""An administrative level; ``district`` exists only in the legacy era."""

FormKind = Literal["word", "name-word", "abbr", "letter", "letter-digit", "english"]


class TypeForm(NamedTuple):
    """One written form of a unit type (a row of :data:`TYPE_FORMS`)."""

    form: str
    """Lower-case, NFC; Vietnamese words with their diacritics."""
    type: UnitTypeName
    levels: frozenset[Level]
    kind: FormKind
    """How the form is recognised:

    ``word``
        a Vietnamese word, before the name; also recognised without diacritics
        ("Thanh pho", "Thi xa"), since no name starts with these syllables.
    ``name-word``
        a Vietnamese word whose unaccented spelling also starts real names (Quan Hóa, Phương
        Liệt, Tịnh Biên, Xa Dung): recognised with its diacritics, and without them only when the
        whole text carries no diacritics at all.
    ``abbr``
        an abbreviation before the name; the next character must not be a letter ("TP.HCM",
        "TP HCM", "TX.Sơn Tây"; not "TPHCM").
    ``letter``
        a one-letter abbreviation, only when a dot follows ("H. Củ Chi").
    ``letter-digit``
        a one-letter abbreviation when a dot or a number follows ("P.12", "P12", "P 12", "Q.Bình
        Thạnh"), never as the first letter of a word ("Phú", "Quảng").
    ``english``
        an English word, before ("District 1") or after ("Ben Thanh Ward") the name.
    """


_P: Final[frozenset[Level]] = frozenset({"province"})
_D: Final[frozenset[Level]] = frozenset({"district"})
_C: Final[frozenset[Level]] = frozenset({"commune"})
_PD: Final[frozenset[Level]] = frozenset({"province", "district"})

TYPE_FORMS: Final[tuple[TypeForm, ...]] = (
    # province (and "thành phố" of a district-level city)
    TypeForm("thành phố", "thành phố", _PD, "word"),
    TypeForm("t.p", "thành phố", _PD, "abbr"),
    TypeForm("tp", "thành phố", _PD, "abbr"),
    TypeForm("tỉnh", "tỉnh", _P, "name-word"),
    TypeForm("t", "tỉnh", _P, "letter"),
    TypeForm("city", "thành phố", _PD, "english"),
    TypeForm("province", "tỉnh", _P, "english"),
    # legacy district
    TypeForm("quận", "quận", _D, "name-word"),
    TypeForm("q", "quận", _D, "letter-digit"),
    TypeForm("huyện đảo", "huyện", _D, "word"),  # island district (no district name starts "Đảo")
    TypeForm("huyện", "huyện", _D, "word"),
    TypeForm("h", "huyện", _D, "letter"),
    TypeForm("thị xã", "thị xã", _D, "word"),
    TypeForm("tx", "thị xã", _D, "abbr"),
    # English "district" is quận or huyện; see split_type for the rule.
    TypeForm("district", "huyện", _D, "english"),
    TypeForm("town", "thị xã", _D, "english"),
    # commune
    TypeForm("phường", "phường", _C, "name-word"),
    TypeForm("p", "phường", _C, "letter-digit"),
    TypeForm("f", "phường", _C, "letter-digit"),
    TypeForm("xã", "xã", _C, "name-word"),
    TypeForm("x", "xã", _C, "letter"),
    TypeForm("thị trấn", "thị trấn", _C, "word"),
    TypeForm("tt", "thị trấn", _C, "abbr"),
    TypeForm("đặc khu", "đặc khu", _C, "word"),
    TypeForm("ward", "phường", _C, "english"),
    TypeForm("commune", "xã", _C, "english"),
    TypeForm("township", "thị trấn", _C, "english"),
    TypeForm("town", "thị trấn", _C, "english"),
    TypeForm("special administrative zone", "đặc khu", _C, "english"),
    TypeForm("special zone", "đặc khu", _C, "english"),
)
"""Every recognised written form of a unit type, with its type, levels and kind.

Forms are tried longest first; among forms of equal length, in this order (so an English
"town" with no level is a *thị xã*).
"""

_FORMS_BY_LENGTH: Final = tuple(
    sorted(TYPE_FORMS, key=lambda f: -len(f.form))  # stable: keeps table order on ties
)
_NAME_EDGE: Final = " \t.,:;-_/\u2013\u2014"


def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LM"


def _accept(type_: UnitTypeName, form: TypeForm, name: str) -> tuple[UnitTypeName, str] | None:
    name = name.strip(_NAME_EDGE)
    if not any(ch.isalnum() for ch in name):
        return None
    if name.isascii() and name.isdigit():
        name = name.lstrip("0") or "0"
        if form.form == "district":
            type_ = "quận"  # numbered districts are all quận (Quận 1 .. Quận 12)
    return type_, name


def _match_prefix(form: TypeForm, raw: str, low: str, fold: str, marked: bool) -> str | None:
    """Return the text after ``form`` if ``raw`` starts with it, else None."""
    n = len(form.form)
    kind = form.kind
    if kind in ("word", "name-word"):
        if not low.startswith(form.form):
            # the unaccented spelling, written without any mark ("Thanh pho", not "Huyền")
            if not (low[:n].isascii() and fold.startswith(form.form.translate(_SHADOW_TABLE))):
                return None
            if kind == "name-word" and marked:
                return None
        rest = raw[n:]
        return rest if not rest or not _is_letter(rest[0]) else None
    if kind in ("abbr", "english"):
        rest = raw[n:]
        if low.startswith(form.form) and (not rest or not _is_letter(rest[0])):
            return rest
        return None
    # one-letter forms
    if low[:1] != form.form:
        return None
    rest = raw[1:]
    if rest.startswith("."):
        return rest
    first = rest.lstrip(" ")[:1]
    if kind == "letter-digit" and first.isascii() and first.isdigit():
        return rest
    return None


def split_type(text: str, level: Level | None = None) -> tuple[UnitTypeName | None, str]:
    """Split a unit-type word off a name: ``(type, bare_name)``, or ``(None, text)``.

    ``text`` may be NFC or NFD, in any case; the result is NFC with whitespace collapsed.
    The forms recognised are those of :data:`TYPE_FORMS`; with ``level``, only the types of that
    level are considered. A type word alone ("Quận", "Thị xã") is not split. A bare name made
    of digits loses its leading zeros ("P.01" → "1").

    English "District" means *quận* before or after a number and *huyện* otherwise, and
    "Town" means *thị xã* unless ``level="commune"`` (*thị trấn*): these types are hints.
    Without diacritics, "Quan Hoa" or "Xa Dung" cannot be told from "Quận Hoa" or "Xã Dung";
    they are split (unless ``level`` rules the type out), so callers should also try the text
    as a whole.

    >>> split_type("Phường Bến Thành")
    ('phường', 'Bến Thành')
    >>> split_type("Q.1"), split_type("F12"), split_type("P.01")
    (('quận', '1'), ('phường', '12'), ('phường', '1'))
    >>> split_type("Ho Chi Minh City")
    ('thành phố', 'Ho Chi Minh')
    >>> split_type("Thanh Hóa"), split_type("Quan Hóa")
    ((None, 'Thanh Hóa'), (None, 'Quan Hóa'))
    >>> split_type("Thành phố Thủ Đức", level="commune")
    (None, 'Thành phố Thủ Đức')
    """
    raw = " ".join(unicodedata.normalize("NFC", text).split())
    if not raw:
        return None, raw
    low = raw.lower()
    if len(low) != len(raw):  # a few letters lower-case to two characters (İ)
        low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in raw)
    fold = low.translate(_SHADOW_TABLE)
    marked = fold != low
    for form in _FORMS_BY_LENGTH:
        if level is not None and level not in form.levels:
            continue
        rest = _match_prefix(form, raw, low, fold, marked)
        if rest is not None:
            found = _accept(form.type, form, rest)
            if found is not None:
                return found
        if form.kind == "english" and low.endswith(form.form):
            head = raw[: len(raw) - len(form.form)]
            if head and not _is_letter(head[-1]):
                found = _accept(form.type, form, head)
                if found is not None:
                    return found
    return None, raw
