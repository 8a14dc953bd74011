"""The address reader: the text cut into words, units matched and readings scored.

Internal: :mod:`vn_units.address` is the public API. This module is compiled with mypyc when
the package is built with a C compiler (see ``hatch_build.py``); the same source runs as plain
Python otherwise, with the same results.

How it works: the text is cut into words (each normalised once, with a cache), separators
(commas, semicolons, parentheses, line breaks, spaced dashes) are kept as segment boundaries,
and units are matched right to left, province first, each level only among the children of
the units already found (exact keys first; ``rapidfuzz`` only as a fallback, among those
children). Every way of reading the tail of the address (a level found, or missing and
inferred) is scored, and the best reading of each era wins; the others become
``alternatives``.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import re
import threading
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, Literal, final

from vn_units._errors import DataError
from vn_units._results import (
    AddressConversion,
    AddressWarning,
    EraChoice,
    ParsedAddress,
    Style,
    _copy,
)
from vn_units._results import WarningCode as _W
from vn_units.models import Commune, LegacyDistrict, Province, Unit

# The one import of the normaliser (the module may be renamed): keep it on this line.
from vn_units.text import TYPE_FORMS as _TYPE_FORMS
from vn_units.text import normalize as _normalize
from vn_units.text import split_type as _split_type

# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


def _with_prefix(a: ParsedAddress, text: str, prefix: str) -> ParsedAddress:
    """``a`` (a reading of the end of ``text``) with ``prefix`` added to its street."""
    street = f"{prefix}, {a.street}" if a.street and prefix else (prefix or a.street)
    return _parsed(
        text, street or None, a.province, a.district, a.commune, a.era, a.confidence,
        a.warnings, a._alternatives, prefix, a._score, a._later,
    )


def _parsed(
    text: str,
    street: str | None,
    province: Unit | None,
    district: Unit | None,
    commune: Unit | None,
    era: str | None,
    confidence: float,
    warnings: tuple[AddressWarning, ...],
    alternatives: tuple[ParsedAddress, ...],
    prefix: str,
    score: float,
    later: _Later | None,
) -> ParsedAddress:
    """A :class:`ParsedAddress` made without the checks of its generated ``__init__`` (the
    same object, about twice as fast: one is made per address)."""
    obj = object.__new__(ParsedAddress)
    object.__setattr__(obj, "__dict__", {
        "text": text, "street": street, "province": province, "district": district,
        "commune": commune, "era": era, "confidence": confidence, "warnings": warnings,
        "_alternatives": alternatives, "_prefix": prefix, "_score": score, "_later": later,
    })
    return obj


_NOT_FOUND: Final = AddressWarning(_W.NOT_FOUND, "no administrative unit found")
_PROVINCE_FROM_COMMUNE: Final = AddressWarning(
    _W.PROVINCE_INFERRED, "province inferred from the commune"
)
_PROVINCE_INFERRED: Final = AddressWarning(_W.PROVINCE_INFERRED, "province inferred")
_DISTRICT_FROM_COMMUNE: Final = AddressWarning(
    _W.DISTRICT_INFERRED, "district inferred from the commune"
)
# a reading that ignored a part of the text may have a better reading read again
_IGNORED: Final = frozenset({_W.IGNORED_PART, _W.ABOLISHED_DISTRICT})
_REREAD: Final = frozenset({*_IGNORED, _W.REVERSED})

# --------------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------------

# a word, a separator, a spaced dash or slash, a dot that may end a sentence ("TP.HCM. SĐT: …")
_CUTS: Final = ",;|\n\r>»›→"  # what cuts an address into parts (and parentheses, in tokens)
_SEPARATORS: Final = rf"([{_CUTS}()])|((?<=\s)[-–—/]+(?=\s))|(\.(?<=[^\W_]{{2}}\.)(?=\s+[^\W\d_]))"
_PIECE: Final = re.compile(rf"([^\W_]+)|{_SEPARATORS}")
# three or more single letters joined by dots ("T.P.H.C.M"): one word, where the text has any
_DOTTED: Final = r"(?<![^\W_])(?:[^\W\d_]\.){2,}[^\W\d_](?![^\W_])"
_HAS_DOTTED: Final = re.compile(_DOTTED)
_PIECE_DOTTED: Final = re.compile(rf"({_DOTTED}|[^\W_]+)|{_SEPARATORS}")
_ROMAN_LETTERS: Final = {"i": "1", "v": "5", "x": "10", "vi": "6", "xi": "11"}
_WORDS: Final = re.compile(r"[^\W_]+")
_LETTER_TYPES: Final = frozenset({"p", "f", "q", "h", "x", "t", "d"})


@lru_cache(maxsize=1 << 16)
def _word_keys(word: str) -> tuple[str, ...]:
    """The key tokens of one word ("P01" -> ("p", "1")); single roman letters stay letters."""
    low = word.lower()
    if low in _ROMAN_LETTERS:
        return (low,)
    return tuple(_normalize(word).split())


_OLD: Final = unicodedata.normalize("NFC", "cũ")
_LO: Final = unicodedata.normalize("NFC", "lộ")  # a road: "Tỉnh lộ", "Xa lộ", "Huyện lộ", "Xã lộ"
_ROAD_TYPES: Final = frozenset({"tinh", "xa", "huyen", "quan", "thi"})
_NEW: Final = unicodedata.normalize("NFC", "mới")


# A remark in parentheses that names the former or the present unit ("Phường Sài Gòn
# (Phường Bến Nghé cũ)", "(trước đây là Phường Bến Nghé, Quận 1)", "(nay là Phường Sài Gòn)"):
# the address is read without it, in its own era.
_NOTE: Final = re.compile(r"\(([^()]*)\)")
_NOTE_WORDS: Final = re.compile(
    r"\bcũ\b|^\s*(?:trước\s+(?:đây|kia|là)|nay\b|former|formerly|old\b|now\b)",
    re.IGNORECASE,
)


def _notes(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of the remarks in parentheses of ``text`` that name a former or present unit
    (with a unit name after or before the mark: "(cũ)" alone stays, it marks the unit before)."""
    out = []
    for m in _NOTE.finditer(text):
        inner = m.group(1)
        if _NOTE_WORDS.search(inner) and len(inner.split()) > 1:
            out.append(m.span())
    return tuple(out)


def _new_mark(tk: _Tokens, i: int) -> bool:
    """Whether token ``i`` is the word "mới" ("new", after a name of 2025: "Phường Sài Gòn
    mới"; also the last word of some names, "Chợ Mới", so both readings are tried)."""
    return tk.text[tk.start[i] : tk.end[i]].lower() == _NEW


def _type_spellings() -> dict[str, frozenset[str]]:
    """The words of the type words as written with their diacritics, by key ("phuong":
    "phường")."""
    out: dict[str, set[str]] = {}
    for f in _TYPE_FORMS:
        for w in unicodedata.normalize("NFC", f.form).split():
            if not w.isascii():
                out.setdefault(_normalize(w), set()).add(w)
    return {k: frozenset(v) for k, v in out.items()}


_TYPE_SPELLINGS: Final = _type_spellings()


def _type_fit(word: str, key: str) -> tuple[bool, bool]:
    """Whether ``word`` (one key token, ``key``) may be written as a type word, and whether
    only with some of the type word's diacritics left out. A diacritic that the type word has
    not makes it a name word ("Phượng" in "Đan Phượng" is no "Phường", "Quán Thánh" has no
    "Quận", "Tịnh Biên" no "Tỉnh", "Đông Xá" no "Xã"). Missing diacritics are no conflict:
    "Quân 1", "Huyên", "Phuờng" are type words typed in haste (and so, alas, is the name word
    "Phương")."""
    spellings = _TYPE_SPELLINGS.get(key)
    if spellings is None or word.isascii():
        return True, False
    low = unicodedata.normalize("NFC", word.lower())
    if low in spellings:
        return True, False
    hasty = _hasty(low, spellings) or low.replace("đ", "d").isascii()  # "ĐK": đặc khu
    return hasty, hasty


_TONES: Final = frozenset("\u0300\u0301\u0303\u0309\u0323")  # grave, acute, tilde, hook, dot below


def _marks_fit(written: str, name: str) -> bool:
    """Whether ``written`` (words of an address) may be ``name`` written with some of its
    diacritics left out: no word has a tone mark the name's word has not, and no letter has a
    vowel mark (circumflex, breve, horn) or stroke ("đ") the name's letter has not. The tone
    may sit on any vowel of the word ("Hoà" is "Hòa"); "Huệ" is no "Huế". Words whose letters
    differ (other spellings: "Kì" for "Kỳ", dropped apostrophes) are not judged."""
    if written.isascii():
        return True
    low = written.lower()
    key = name.lower()
    if low == key:
        return True  # (mostly: written as the name is)
    found = _FITS.get((low, key))
    if found is None:
        if len(_FITS) >= 4096:
            _FITS.clear()
        found = _FITS[low, key] = _marks_fit_words(low, key)
    return found


# whether a written form fits a name (see _marks_fit), by both lowered
_FITS: Final[dict[tuple[str, str], bool]] = {}


def _marks_fit_words(written: str, name: str) -> bool:
    ws = unicodedata.normalize("NFD", written).split()
    ns = unicodedata.normalize("NFD", name).split()
    if len(ws) != len(ns):
        return True
    for w, m in zip(ws, ns, strict=True):
        wl = _letters(w)
        nl = _letters(m)
        if [b for b, _ in wl] != [b for b, _ in nl]:
            continue
        if not {c for _, q in wl for c in q if c in _TONES} <= {
            c for _, q in nl for c in q if c in _TONES
        }:
            return False
        for (_, wq), (_, nq) in zip(wl, nl, strict=True):
            if not {c for c in wq if c not in _TONES} <= set(nq):
                return False
    return True


def _letters(word: str) -> list[tuple[str, str]]:
    """The letters of an NFD word, each with its combining marks ("đ": "d" and a stroke)."""
    out: list[tuple[str, str]] = []
    for ch in word:
        if unicodedata.combining(ch) and out:
            base, marks = out[-1]
            out[-1] = (base, marks + ch)
        elif ch == "đ":
            out.append(("d", "\u0336"))
        else:
            out.append((ch, ""))
    return out


def _hasty(low: str, spellings: frozenset[str]) -> bool:
    """Whether ``low`` is a spelling of a type word with some of its diacritics left out."""
    letters = _letters(unicodedata.normalize("NFD", low))
    for sp in spellings:
        theirs = _letters(unicodedata.normalize("NFD", sp))
        if len(theirs) == len(letters) and all(
            set(a) <= set(b) for (_, a), (_, b) in zip(letters, theirs, strict=True)
        ):
            return True
    return False


_WordInfo = tuple[tuple[str, ...], bool, bool, bool, bool, bool]
# the words seen, with what _word_info says of each: a plain dict (a hit is a lookup, where an
# lru_cache also reorders its list; emptied when full), kept across addresses (not cleared by
# _clear_caches); reads and writes are atomic, and a race only computes a value twice
_WORD_INFO: Final[dict[str, _WordInfo]] = {}
_WORD_INFO_MAX: Final = 1 << 15
# the caches are bounded in bytes too: a word, segment or text longer than these is read
# again each time rather than kept (a service that parses untrusted text keeps a ceiling)
_CACHED_WORD: Final = 40
_CACHED_SEGMENT: Final = 120
_CACHED_TEXT: Final = 300
# the longest text read as an address: of a longer one only the end is read, the rest is
# street (see _parse), so that reading takes time linear in the length of any text
_MAX_READ: Final = 1000


def _word_info(word: str) -> _WordInfo:
    """:func:`_read_word`, kept per word."""
    found = _WORD_INFO.get(word)
    if found is None:
        found = _read_word(word)
        if len(word) > _CACHED_WORD:
            return found  # no name has such a word: not worth its memory
        if len(_WORD_INFO) >= _WORD_INFO_MAX:
            _WORD_INFO.clear()
        _WORD_INFO[word] = found
    return found


def _read_word(word: str) -> _WordInfo:
    """The key tokens of one word, whether its first token may be a one-letter type word ("P",
    "P12", "Q1"; never the first letter of a word), and whether it may be a type word at
    all, and whether only with diacritics left out ("Quân", "Phương"; see
    :func:`_type_fit`), and whether it is two words written together (:data:`_CAMEL`, or a
    type word against a name: :func:`_type_cut`; the tokeniser cuts it), and whether it may
    be a misspelt type word (see :func:`_type_forms`). "Đắc Lắc" written as one word ends
    with "lak". "Cũ" ("former", as in "Quận 1 cũ" or "(cũ)") is no part of any unit name: it
    has no key tokens."""
    if word.lower() == _OLD:
        return (), False, True, False, False, False
    clean = _without_stray_digit(word)
    parts = _word_keys(clean)
    letter = len(parts) > 0 and (len(word) == 1 or (len(parts) > 1 and parts[1].isdigit()))
    if letter and parts[0] == "d" and word[0] in "Đđ":
        letter = False  # "D1" is District 1; "Đ" is no type letter
    if len(parts) > 1 and parts[0] == "dak" and parts[-1] == "lac":
        parts = (*parts[:-1], "lak")
    typed, hasty = _type_fit(clean, parts[0]) if len(parts) == 1 else (True, False)
    if len(parts) == 1 and not clean.isascii():
        fixed = _misspelt_written(clean, parts[0])
        if fixed:
            parts, typed, hasty = (fixed,), True, True
    glued = (
        not word[1:].islower() and not word.isupper() and _CAMEL.search(word) is not None
    ) or bool(_type_cut(word))
    misspelt = len(parts) == 1 and _misspelt_form(parts[0])
    return parts, letter, typed, hasty, glued, misspelt


# type words that are read where written with one letter added, left out or changed, with
# their diacritics ("Phưng", "Hyện"; the key alone would be a name: "Phùng")
_WRITTEN_TYPES: Final = tuple(
    (unicodedata.normalize("NFC", w), _normalize(w)) for w in ("phường", "huyện")
)


def _misspelt_written(word: str, key: str) -> str:
    """The key of the type word that ``word`` (with diacritics; its key ``key``) is, misspelt:
    one letter added, left out or changed (or two swapped), its first letter kept, as written
    with its diacritics ("Phưng", "Hyện", "Huyệnn"), where the word is no word of a unit's name
    as written ("Phượng", "Thường") and its key is not the type word's (those are judged by
    their diacritics: :func:`_type_fit`). Empty where none."""
    if len(word) < 4 or key in _STREET_WORDS:
        return ""
    low = unicodedata.normalize("NFC", word.lower())
    for spelling, tkey in _WRITTEN_TYPES:
        if key != tkey and low[0] == spelling[0] and _one_letter_off(low, spelling):
            return "" if low in _name_written() else tkey
    return ""


@lru_cache(maxsize=1)
def _name_written() -> frozenset[str]:
    """Every word of the names of the units of both eras, lowered, as written (NFC)."""
    from vn_units._catalog import ERAS_LEVELS, registry

    return frozenset(
        w for era, level in ERAS_LEVELS for u in registry(era, level)
        for w in unicodedata.normalize("NFC", u.name.lower()).split()
    )


def _letters_where(test: Callable[[str], bool]) -> str:
    """The letters of the Latin blocks that Vietnamese is written with that pass ``test``,
    for a character class."""
    return "".join(
        ch for lo, hi in ((0x41, 0x24F), (0x1E00, 0x1EFF)) for ch in map(chr, range(lo, hi + 1))
        if ch.isalpha() and test(ch)
    )


_UPPER: Final = _letters_where(str.isupper)
_LOWER: Final = _letters_where(str.islower)
# a capital letter that starts a word written against the one before it: after a small letter
# ("HuyệnMỹ Đức", "TỉnhThái Nguyên", "HồChíMinh"), or after two capitals ("TPHồ Chí Minh");
# each of the two at least two letters long ("hTành", two letters swapped, stays whole)
_CAMEL: Final = re.compile(
    f"(?<=[{_UPPER}{_LOWER}][{_LOWER}])[{_UPPER}](?=[{_UPPER}{_LOWER}])"
    f"|(?<=[{_UPPER}]{{2}})[{_UPPER}](?=[{_LOWER}])"
)


@final
class _Piece:
    """A word of a word written against the next one, as the tokeniser reads a match."""

    __slots__ = ("_span", "_word", "lastindex")

    def __init__(self, word: str, start: int, end: int = -1) -> None:
        self._word = word
        self._span = (start, start + len(word) if end < 0 else end)
        self.lastindex: int | None = 1  # the group that matched: a word

    def group(self, i: int) -> str | None:
        return self._word if i == 1 else None

    def start(self) -> int:
        return self._span[0]

    def span(self) -> tuple[int, int]:
        return self._span


# a comma between two letters, with no space: it may have been typed inside a word ("Tỉ,nh")
_INNER_COMMA: Final = re.compile(r"[^\W\d_],[^\W\d_]")
# the type words of one word as written with their diacritics ("tỉnh", "huyện")
_TYPE_WRITTEN: Final = frozenset(
    w for w in (unicodedata.normalize("NFC", f.form) for f in _TYPE_FORMS)
    if " " not in w and "." not in w and not w.isascii()
)


def _mended_pieces(
    found: Iterable[re.Match[str] | _Piece],
) -> Iterator[re.Match[str] | _Piece]:
    """The matches of the tokeniser, with a type word that a comma typed inside it cut in two
    ("Tỉ,nh Tiền Giang", "Huy,ện") read as one word (its span holds the comma)."""
    matches = list(found)
    j = 0
    while j < len(matches):
        m = matches[j]
        if j + 2 < len(matches):
            sep, after = matches[j + 1], matches[j + 2]
            left, right = m.group(1), after.group(1)
            if (
                left is not None and right is not None and sep.group(2) == ","
                and sep.start() == m.span()[1] and after.start() == sep.span()[1]
                and unicodedata.normalize("NFC", (left + right).lower()) in _TYPE_WRITTEN
            ):
                yield _Piece(left + right, m.start(), after.span()[1])
                j += 3
                continue
        yield m
        j += 1


def _camel_pieces(found: Iterable[re.Match[str] | _Piece]) -> Iterator[re.Match[str] | _Piece]:
    """The matches of the tokeniser, each word cut where :data:`_CAMEL` finds the start of
    another ("HuyệnMỹ" -> "Huyện", "Mỹ"), or after a type word written against a name (see
    :func:`_type_cut`: "XĐông", "Huyệntân", "Thànhphố", "XTAM"). A word in capitals stays
    whole otherwise ("TPHCM"), and so does one capital letter before the last word of a
    province's name ("HNội" is Hà Nội; "TBình Dương" is Tỉnh Bình Dương: the name goes on in
    the next word), and so does a word after a type word ("H fHữu Lũng": a stray letter) or a name's
    second word with its first letter doubled ("Sóc TTrăng"; "TTiền Giang" is cut)."""
    matches = list(found)
    for j, m in enumerate(matches):
        word = m.group(1)
        if word is None or "." in word:
            yield m
            continue
        typed = _type_cut(word)
        if word.isupper() and not typed:
            yield m  # (a word in capitals is cut after a type letter only: "XTAM", "TVINH")
            continue
        if typed and typed[-1] == 1:
            before = matches[j - 1].group(1) if j else None
            if before is not None and (
                tuple(_word_keys(before)) in _PREFIX  # a stray letter after a type word
                or (  # or the first letter of a name's second word doubled ("Sóc TTrăng")
                    word[0].lower() == word[1].lower()
                    and f"{_normalize(before)} {_normalize(word[1:])}" in _name_pairs()
                )
            ):
                typed = ()
            elif _normalize(word) in _initialled():
                after = matches[j + 1].group(1) if j + 1 < len(matches) else None
                rest = _normalize(word[1:])
                if after is None or f"{rest} {_normalize(after)}" not in _name_pairs():
                    typed = ()
        camel = () if word.isupper() else (c.start() for c in _CAMEL.finditer(word))
        cuts = sorted({*camel, *typed})
        if not cuts:
            yield m
            continue
        at = m.start()
        for a, b in zip([0, *cuts], [*cuts, len(word)], strict=True):
            yield _Piece(word[a:b], at + a)


# A type word written against the name after it, as forms and hasty typing glue them: its
# letters as written (and their key), the cuts inside it (between the words of one of two
# words: "thànhphố"), and whether it is a letter or an abbreviation (cut only before a capital)
_Glued = tuple[str, str, tuple[int, ...], bool]


def _glued_types() -> tuple[_Glued, ...]:
    out: dict[str, _Glued] = {}
    for f in _TYPE_FORMS:
        if f.kind == "english":
            continue
        words = _WORDS.findall(unicodedata.normalize("NFC", f.form))
        glued = "".join(words)
        short = f.kind in ("letter", "letter-digit", "abbr")
        inner = () if short else tuple(itertools.accumulate(len(w) for w in words[:-1]))
        key = "".join(_normalize(glued).split()) if len(glued) > 1 else glued  # "x" is no ten
        out.setdefault(glued, (glued, key, inner, short))
    return tuple(sorted(out.values(), key=lambda g: -len(g[0])))


_GLUED_TYPES: Final = _glued_types()
_GLUED_FIRST: Final = frozenset(_normalize(g[0][0]) for g in _GLUED_TYPES)


def _type_cut(word: str) -> tuple[int, ...]:
    """Where to cut ``word`` when it is a type word written against a name: a type letter or
    abbreviation before a capitalised name ("XĐông Sơn", "HThủy Nguyên", "tPPhổ Yên"), or a
    type word of several letters, written with its diacritics or some left out, before any
    name ("Huyệntân Biên", "TỉnhAn Giang", "Thànhphố"). Only where the word is no word of a
    unit's name (nor one with its first two letters swapped: "hTành") and what follows the
    type word starts one ("Xuân", "Tân", "Phú", "THái" stay whole: "xuan", "tan", "thai" are
    such words). The offsets of the cuts (none: empty)."""
    if len(word) < 3 or not word.isalpha():
        return ()
    low = word.lower()
    if len(low) != len(word) or _normalize(low[0]) not in _GLUED_FIRST:
        return ()
    key = "".join(_normalize(word).split())
    if len(key) < 2:
        return ()  # letters the normaliser drops ("T𐀀𖠀")
    # a word of a name as written ("THái" is Thái; "THải Dương" is T. Hải Dương), or one with
    # its first two letters swapped ("hTành": Thành); written without diacritics, by its key
    names, seen = (_name_words(), (key,)) if word.isascii() else (_name_written(), (low,))
    if any(
        k in names or k[1] + k[0] + k[2:] in names or k in _STREET_WORDS or k in _TYPE_FIRST
        for k in seen
    ):
        return ()
    for spelling, tkey, inner, short in _GLUED_TYPES:
        n = len(spelling)
        if len(low) < n or not key.startswith(tkey):
            continue
        head = low[:n]
        if head != spelling and (
            "".join(_normalize(head).split()) != tkey or not _hasty(head, frozenset({spelling}))
        ):
            continue
        rest = word[n:]
        if not rest:
            return inner
        # the name's first word (up to a capital that starts another: "HàNội"; in capitals,
        # the rest: "XTAM NGAI")
        first = rest if word.isupper() else rest[
            : next((i for i in range(1, len(rest)) if rest[i].isupper()), len(rest))
        ]
        if len(first) < 2 or (short and not first[0].isupper()):
            continue  # ("Huyệnn": a letter doubled; "N" starts a name of the Central Highlands)
        if "".join(_normalize(first).split()) not in _name_firsts():
            continue
        return (*inner, n)
    return ()


@lru_cache(maxsize=1)
def _name_firsts() -> frozenset[str]:
    """The first word of the name key of every unit of both eras."""
    return frozenset(words[0] for words in _name_keys() if words)


@lru_cache(maxsize=1)
def _name_pairs() -> frozenset[str]:
    """The first two words of the name keys of both eras ("binh duong")."""
    return frozenset(" ".join(words[:2]) for words in _name_keys() if len(words) > 1)


@lru_cache(maxsize=1)
def _initialled() -> frozenset[str]:
    """The names of provinces of two words written with the first as its initial, one word
    ("hnoi" of Hà Nội, "tbinh" of Thái Bình)."""
    from vn_units._catalog import ERAS_LEVELS, registry

    out = set()
    for era, level in ERAS_LEVELS:
        if level != "province":
            continue
        for u in registry(era, level):
            words = _normalize(u.name).split()
            if len(words) == 2:
                out.add(words[0][0] + words[1])
    return frozenset(out)


def _without_stray_digit(word: str) -> str:
    """``word`` without the one digit that a scan or a slip of the keyboard put among its
    letters ("N5am Định", "Lạng5 Sơn", "Hưng Yê0", "9hanh Hóa"): inside the word, or at its
    end after small letters, or at its start before three small letters or more. A number
    after a type word or a street word stays ("Phuong5", "Hem12"), and so do codes in capitals
    ("KP3") and one letter with a number ("P5", "5A"); one inside a type word of two letters or
    more is a slip ("T0P", "Thà6nh")."""
    digits = [i for i, ch in enumerate(word) if ch.isdigit()]
    if len(digits) != 1:
        return word
    i = digits[0]
    letters = word[:i] + word[i + 1 :]
    if len(letters) < 2 or not letters.isalpha():
        return word
    if i == len(word) - 1:
        stray = not letters.isupper()
    elif i == 0:
        stray = len(letters) >= 3 and letters.islower()
    else:
        stray = True
    if not stray:
        return word
    key = _normalize(letters)
    if (key in _TYPE_FIRST or key in _STREET_WORDS) and not (
        0 < i < len(word) - 1 and len(key) > 1 and key in _TYPE_FIRST
    ):
        return word  # (but a digit inside a type word is a slip: "T0P", "Thà6nh")
    return letters


_NO_TOKENS: Final[frozenset[int]] = frozenset()
_NO_BRACKETS: Final[dict[int, int]] = {}
_BRACKET: Final = re.compile(r"\(\s*([^\W\d_][^()]{0,15}?)\s*\)")


def _bracket_types(text: str) -> dict[int, int]:
    """The brackets of ``text`` that hold a type word of several letters and nothing else
    ("(Thị xã)", "(Thị trấn )", "(TT)"), from the offset of the opening one to the end of the
    closing one."""
    out: dict[int, int] = {}
    for m in _BRACKET.finditer(text):
        key = tuple(k for w in _WORDS.findall(m.group(1)) for k in _word_keys(w))
        tw = _PREFIX.get(key)
        if tw is not None and not tw.letter:
            out[m.start()] = m.end()
    return out


# type words that may be written with one letter wrong or two swapped ("Phươnng 9", "Huyệnn
# Yên Định", "Thành pphố"), where the word written is no word of any unit's name: those of one
# word, and the second words of those of two ("thanh" only before "phố")
_MISSPELT_TYPES: Final = ("phuong", "huyen", "quan", "thanh", "tinh")
_MISSPELT_BY_LETTER: Final[dict[str, tuple[str, ...]]] = {
    t[0]: tuple(u for u in _MISSPELT_TYPES if u[0] == t[0]) for t in _MISSPELT_TYPES
}
_MISSPELT_SECOND: Final[dict[str, tuple[str, ...]]] = {"thanh": ("pho",), "thi": ("xa", "tran")}


def _type_forms(
    keys: list[str],
    start: list[int],
    seg_lo: list[int],
    letter_ok: list[bool],
    odd: list[int],
    suspect: bool,
) -> list[int]:
    """Type words misspelt or written twice. A word one letter (or two swapped letters) away
    from a type word, with its first letter, before a name or number in its part, that is no
    word of a unit's name, is read as that type word ("Phươnng 9", "Hufện Phú Lộc", "Thành
    pphố Pleiku"; "Thạch Quảng 166" stays a name). Of two type words of one level in a row,
    the first is dropped (and the second takes its offset) where a number follows ("P. Phường
    12", "Quan Quan 11") or the first is an abbreviation glued by a form to a full name ("H.
    Huyện Yên Khánh"; "P. Phường Đúc" stays: Phường Đúc is a name). The tokens to drop, in
    order."""
    n = len(keys)
    # (the words that may be misspelt type words are marked per word: most addresses have none)
    for at in range(n - 1) if suspect else ():
        w = keys[at]
        if seg_lo[at + 1] != seg_lo[at] or at in odd or not _misspelt_form(w):
            continue  # a type word is followed by its name or number, in its part
        prev = keys[at - 1] if at and seg_lo[at - 1] == seg_lo[at] else ""
        seconds = _MISSPELT_SECOND.get(prev)
        fix = ""
        if seconds is not None:  # the second word of a type word of two ("Thành pphố")
            fix = next(
                (t for t in seconds if (len(t) > 2 or t[0] == w[0]) and _one_letter_off(w, t)), ""
            )
        elif prev not in _PREFIX_LAST:
            fix = next((t for t in _MISSPELT_BY_LETTER.get(w[0], ()) if _one_letter_off(w, t)), "")
            if fix == "thanh" and keys[at + 1] != "pho":
                continue
        if (
            fix and (keys[at + 1],) not in _PREFIX and tuple(keys[at + 1 : at + 3]) not in _PREFIX
            and w not in _name_words()  # "Lê Duẩn" is no quận, "Thạch Quảng" no quận
        ):
            keys[at] = fix
    drop: list[int] = []
    for i in range(2, n):
        lo = seg_lo[i - 1]
        if keys[i - 1] not in _PREFIX_LAST or seg_lo[i] != lo:
            continue
        b, second = _prefix_at(keys, letter_ok, i, lo)
        if not b or i - b - 1 < lo or keys[i - b - 1] not in _PREFIX_LAST:
            continue
        a, first = _prefix_at(keys, letter_ok, i - b, lo)
        if not a or not (first.levels & second.levels and first.types & second.types):
            continue
        if not keys[i].isdigit() and (
            len("".join(keys[i - b - a : i - b])) > 2  # not an abbreviation
            or " ".join(keys[i - b : i + 1]) in _name_starts()
        ):
            continue
        drop.extend(range(i - b - a, i - b))
        start[i - b] = start[i - b - a]
    return drop


@lru_cache(maxsize=1)
def _name_keys() -> tuple[tuple[str, ...], ...]:
    """The words of the name key of every unit of both eras (each name normalised once)."""
    from vn_units._catalog import ERAS_LEVELS, registry

    return tuple(
        tuple(_normalize(u.name).split()) for era, level in ERAS_LEVELS
        for u in registry(era, level)
    )


@lru_cache(maxsize=1)
def _name_words() -> frozenset[str]:
    """Every word of the name keys of every unit of both eras."""
    return frozenset(w for words in _name_keys() for w in words)


@lru_cache(maxsize=1)
def _name_starts() -> frozenset[str]:
    """The first two words of the name keys of both eras that start with a type word
    ("phuong duc" of Phường Phường Đúc, "quan thanh" of Phường Quán Thánh)."""
    return frozenset(
        " ".join(words[:2]) for words in _name_keys()
        if len(words) > 1 and words[0] in _PREFIX_LAST
    )


# the second words of three letters or more ("pho", "tran") misspelt with any first letter
# ("Thành hpố"); "xa" only with its own ("Thị xm": a word of one letter or two is one letter
# away from "xa" too often)
_SECOND_WORDS: Final = tuple(t for ts in _MISSPELT_SECOND.values() for t in ts if len(t) > 2)
_SECOND_BY_LETTER: Final[dict[str, tuple[str, ...]]] = {
    t[0]: tuple(u for ts in _MISSPELT_SECOND.values() for u in ts if u[0] == t[0])
    for ts in _MISSPELT_SECOND.values() for t in ts
}


def _misspelt_form(key: str) -> bool:
    """Whether the word ``key`` may be a misspelt type word: one letter (or two swapped) away
    from a type word of one word with its first letter (most misspellings keep it), or from the
    second word of one of two (see :data:`_SECOND_WORDS`), and itself no type or street word
    (whether it is a word of a unit's name is asked only of the few that pass). Kept per
    word."""
    found = _MISSPELT.get(key)
    if found is None:
        found = not (key in _PREFIX_LAST or key in _STREET_WORDS or key in _TYPE_FIRST) and any(
            _one_letter_off(key, t)
            for t in (*(_MISSPELT_BY_LETTER.get(key[0], ()) if len(key) >= 4 else ()),
                      *_SECOND_WORDS, *_SECOND_BY_LETTER.get(key[0], ()))
        )
        if len(key) <= _CACHED_WORD:
            if len(_MISSPELT) >= _WORD_INFO_MAX:
                _MISSPELT.clear()
            _MISSPELT[key] = found
    return found


_MISSPELT: Final[dict[str, bool]] = {}


def _one_letter_off(word: str, target: str) -> bool:
    """Whether ``word`` is ``target`` with one letter added, left out or changed, or two
    letters next to each other swapped."""
    if abs(len(word) - len(target)) > 1 or word == target:
        return False
    from rapidfuzz.distance import OSA

    return OSA.distance(word, target, score_cutoff=1) <= 1


def _dropped(
    drop: list[int],
    keys: list[str],
    start: list[int],
    end: list[int],
    seg_lo: list[int],
    letter_ok: list[bool],
    odd: list[int],
    hasty_at: list[int],
    first_cut: int,
    in_brackets: list[int],
) -> tuple[
    list[str], list[int], list[int], list[int], list[bool], list[int], list[int], int,
    list[int],
]:
    """The token lists without the tokens ``drop``, token numbers renumbered."""
    gone = frozenset(drop)
    new = [0] * (len(keys) + 1)  # the new number of each old token (of the next one kept)
    count = 0
    for i in range(len(keys)):
        new[i] = count
        if i not in gone:
            count += 1
    new[len(keys)] = count
    kept = [i for i in range(len(keys)) if i not in gone]
    return (
        [keys[i] for i in kept],
        [start[i] for i in kept],
        [end[i] for i in kept],
        [new[seg_lo[i]] for i in kept],
        [letter_ok[i] for i in kept],
        [new[i] for i in odd if i not in gone],
        [new[i] for i in hasty_at if i not in gone],
        new[first_cut],
        [new[i] for i in in_brackets if i not in gone],
    )


@final
class _Tokens:
    """An address as key tokens, each with its segment and the offset of its word."""

    __slots__ = (
        "best", "bracketed", "district_word", "end", "first_cut", "fuzzy", "hasty", "keys",
        "legacy_hint", "letter_ok", "prune", "seg_lo", "segmented", "start", "stop", "text",
        "type_keys", "typos",
    )

    def __init__(self, text: str, camel: bool = False) -> None:
        self.text = text
        self.fuzzy = False  # the second pass allows former names and fuzzy matches
        self.typos = True  # and, unless told not to, misspellings
        self.stop = 0  # tokens before a trailing country name or postal code (_strip_tail)
        self.legacy_hint = False  # a legacy district name was seen while reading the current era
        self.district_word: bool | None = None  # a legacy district type word (_district_word)
        # branch and bound: the best score of a reading made so far in this pass, and whether
        # branches that cannot reach it may be left unread
        self.best = _NO_SCORE
        self.prune = _PRUNE
        keys: list[str] = []
        start: list[int] = []
        end: list[int] = []
        seg_lo: list[int] = []
        letter_ok: list[bool] = []
        lo = 0
        first_cut = 0
        dashes: list[int] = []
        odd: list[int] = []  # tokens that cannot be type words
        hasty_at: list[int] = []  # and those that are only with diacritics left out
        dotted = "." in text and _HAS_DOTTED.search(text) is not None
        notes = _notes(text) if "(" in text else ()
        note = 0  # the first remark that does not end before the piece (pieces come in order)
        found: Iterable[re.Match[str] | _Piece] = (
            _PIECE_DOTTED if dotted else _PIECE
        ).finditer(text)
        if "," in text and _INNER_COMMA.search(text) is not None:
            found = _mended_pieces(found)
        if camel:
            found = _camel_pieces(found)
        glued = False  # a word is written against the next one: read again, cut (_CAMEL)
        # a type word in brackets after a name ("Long Mỹ (Thị xã)", as lists that tell apart
        # units of one name write it): read after the name, in its part, as "Ward" is
        bracketed = _bracket_types(text) if "(" in text else _NO_BRACKETS
        bracket_end = -1  # the end of the bracket being read, where one is
        bracket_at = 0  # its first token
        in_brackets: list[int] = []  # the tokens of those type words
        suspect = False  # a word may be a misspelt type word
        for m in found:
            group = m.lastindex  # the alternative that matched: 1 a word, 2-4 a separator
            if bracket_end >= 0 and group != 1:
                if m.start() < bracket_end - 1:
                    continue
                # the closing bracket: part of the type word, as written (a part cut from the
                # text keeps both brackets); no cut, as none is written before the type word
                in_brackets.extend(range(bracket_at, len(keys)))
                if len(keys) > bracket_at:
                    end[-1] = m.span()[1]
                bracket_end = -1
                continue
            if group == 2 and bracketed and m.start() in bracketed and len(keys) > lo:
                bracket_end = bracketed[m.start()]
                bracket_at = len(keys)
                continue
            if notes:
                at = m.start()
                while note < len(notes) and notes[note][1] <= at:
                    note += 1
                if note < len(notes) and notes[note][0] <= at:
                    continue
            if group != 1:
                if group == 3:  # a spaced dash: decided below
                    dashes.append(len(keys))
                    continue
                if group == 4:
                    # a dot and a space after a word cut the address, unless the word is a
                    # type word or a street word ("TP. HCM", "Dist. 1", "KP. 3")
                    prev = keys[-1] if keys else ""
                    if not prev or (prev,) in _PREFIX or prev in _STREET_WORDS:
                        continue
                lo = len(keys)
                if not first_cut:
                    first_cut = lo
                continue
            word = m.group(1)
            assert word is not None  # group 1 matched
            parts, letter, typed, hasty, two, misspelt = _word_info(
                word.replace(".", "") if dotted else word
            )
            glued = glued or two
            suspect = suspect or misspelt
            if not parts:
                continue
            pos, stop = m.span()
            if parts[0] == "moi" and text[pos - 1 : pos] == "(" and text[stop : stop + 1] == ")":
                continue  # "(mới)": a mark, not a part
            if not typed:
                odd.append(len(keys))
            elif hasty:
                hasty_at.append(len(keys))
            if len(parts) == 1:
                keys.append(parts[0])
                start.append(pos)
                end.append(stop)
                seg_lo.append(lo)
                letter_ok.append(letter)
                continue
            k = len(parts)
            keys.extend(parts)
            start.extend([pos] * k)
            end.extend([stop] * k)
            seg_lo.extend([lo] * k)
            letter_ok.append(letter)
            letter_ok.extend([False] * (k - 1))
        if glued and not camel:
            self.__init__(text, True)
            return
        if "lac" in keys:  # "Dak Lac" written as two words
            for i in range(1, len(keys)):
                if keys[i] == "lac" and keys[i - 1] == "dak":
                    keys[i] = "lak"
        if "lo" in keys:
            # a road: "Tỉnh lộ 10", "Huyện lộ 2" (a number after), "Xa lộ Hà Nội" ("xa" written
            # so) hold no type word; "Xã Lộ An" is a commune
            for i in range(1, len(keys)):
                if (
                    keys[i] == "lo" and keys[i - 1] in _ROAD_TYPES
                    and unicodedata.normalize("NFC", text[start[i] : end[i]].lower()) == _LO
                    and (
                        (i + 1 < len(keys) and keys[i + 1].isdigit())
                        or text[start[i - 1] : end[i - 1]].lower() == "xa"
                    )
                ):
                    odd.append(i - 1)
        if dashes:
            # a spaced dash between parts ("Phường 5 - Quận 3 - TP HCM") cuts the address like a
            # comma, except inside a name written with one ("Bà Rịa - Vũng Tàu"); decided in
            # order (the part before a dash starts at the cut before it), then applied from the
            # last, so that each token is moved once (10 KB of dashes stay linear)
            cuts: list[int] = []
            dash_set = frozenset(dashes)
            for d in dashes:
                if not 0 < d < len(keys):
                    continue
                lo = seg_lo[d - 1]
                for c in reversed(cuts):
                    if c < d:
                        lo = max(lo, c)
                        break
                hi = lo
                while (
                    hi < len(keys) and hi - lo <= 6 and seg_lo[hi] == seg_lo[d - 1]
                    and (hi <= d or hi not in dash_set)
                ):
                    hi += 1
                if _dash_in_name(keys, d, lo, hi):
                    continue
                cuts.append(d)
                if not first_cut or d < first_cut:
                    first_cut = d
            for d in reversed(cuts):
                old = seg_lo[d]
                j = d
                while j < len(keys) and seg_lo[j] == old:
                    seg_lo[j] = d
                    j += 1
        if len(keys) > 1:
            drop = _type_forms(keys, start, seg_lo, letter_ok, odd, suspect)
            if drop:
                keys, start, end, seg_lo, letter_ok, odd, hasty_at, first_cut, in_brackets = (
                    _dropped(
                        drop, keys, start, end, seg_lo, letter_ok, odd, hasty_at, first_cut,
                        in_brackets,
                    )
                )
        self.bracketed = frozenset(in_brackets) if in_brackets else _NO_TOKENS
        self.keys = keys
        # the keys as type words are looked for in them: a word that cannot be one is blank
        self.type_keys = keys
        if odd:
            self.type_keys = list(keys)
            for i in odd:
                self.type_keys[i] = ""
        self.hasty = frozenset(hasty_at) if hasty_at else _NO_TOKENS
        # the tokens before the first separator that has tokens before it (0 when none)
        self.first_cut = first_cut
        self.segmented = bool(seg_lo) and seg_lo[-1] > 0
        self.start = start
        self.end = end
        self.seg_lo = seg_lo
        self.letter_ok = letter_ok


_NO_SCORE: Final = float("-inf")
# Branch and bound on (tests turn it off to check that it changes no result).
_PRUNE = True

# Trailing country names and postal codes are dropped before matching.
_COUNTRY: Final[tuple[tuple[str, ...], ...]] = (
    ("cong", "hoa", "xa", "hoi", "chu", "nghia", "viet", "nam"),
    ("viet", "nam"),
    ("vietnam",),
    ("vn",),
    ("vietnamese",),
)


def _strip_tail(tk: _Tokens) -> int:
    """Number of tokens before a trailing country name and/or postal code (also kept as
    ``tk.stop``)."""
    n = tk.stop = _strip_from(tk.keys, len(tk.keys))
    if tk.segmented and n < len(tk.keys):
        # cut only before what is dropped ("… Hà Nội - 0903123456"): an address without parts
        tk.segmented = n > 0 and tk.seg_lo[n - 1] > 0
    return n


def _strip_from(keys: list[str], n: int) -> int:
    """Number of tokens of ``keys[:n]`` before a country name, postal code and/or phone number
    that ends them."""
    changed = True
    while changed and n:
        changed = False
        k = keys[n - 1]
        if k.isdigit():
            if 5 <= len(k) <= 6:
                n -= 1
                changed = True
                continue
            phone = _phone_at_end(keys, n)
            if phone:
                n -= phone
                changed = True
                continue
        for c in _COUNTRY:
            if n >= len(c) and tuple(keys[n - len(c) : n]) == c:
                n -= len(c)
                changed = True
                break
    return n


# the words written before a phone number: "SĐT", "ĐT", "Tel", "LH" (liên hệ), "hotline"
_PHONE_WORDS: Final = frozenset({"sdt", "dt", "tel", "lh", "hotline", "phone", "mobile"})


def _phone_at_end(keys: list[str], n: int) -> int:
    """The number of tokens of a phone number that ends ``keys[:n]`` ("0903123456", "0903 123
    456", "0903.123.456", "+84 903 123 456": 9 to 12 digits, its leading zero not counted, as
    keys have none), with a word such as "SĐT" before it; 0 when there is none. No unit number,
    postal code or house number is that long."""
    digits = 0
    j = n
    while j > 0 and keys[j - 1].isdigit() and digits < 12:
        digits += len(keys[j - 1])
        j -= 1
        if 9 <= digits <= 12:
            if j > 0 and keys[j - 1] == "84":  # the country code: "+84 903 123 456"
                j -= 1
            if j > 0 and keys[j - 1] in _PHONE_WORDS:
                j -= 1
            return n - j
    return 0


# --------------------------------------------------------------------------------------------
# Type words
# --------------------------------------------------------------------------------------------

_LEVELS: Final = ("province", "district", "commune")


@final
@dataclass(frozen=True)
class _TypeWord:
    types: frozenset[str]
    levels: frozenset[str]
    letter: bool


def _type_tables() -> tuple[
    dict[tuple[str, ...], _TypeWord], dict[tuple[str, ...], _TypeWord], int
]:
    prefix: dict[tuple[str, ...], set[tuple[str, str, str]]] = {}
    suffix: dict[tuple[str, ...], set[tuple[str, str, str]]] = {}
    rows: list[tuple[str, str, frozenset[str], str]] = [
        (f.form, str(f.type), frozenset(f.levels), str(f.kind)) for f in _TYPE_FORMS
    ]
    # more written forms seen in addresses
    rows += [
        ("dist", "quận", frozenset({"district"}), "english"),
        ("dist", "huyện", frozenset({"district"}), "english"),
        ("district", "quận", frozenset({"district"}), "english"),
        ("d", "quận", frozenset({"district"}), "abbr"),  # "D1", "D.3": District 1, 3
        ("thanh pho", "thành phố", frozenset({"province", "district"}), "word"),
        ("t.x", "thị xã", frozenset({"district"}), "abbr"),
        ("t.t", "thị trấn", frozenset({"commune"}), "abbr"),
        ("t.trấn", "thị trấn", frozenset({"commune"}), "abbr"),  # "T.Trấn Phong Điền"
        ("t.phố", "thành phố", frozenset({"province", "district"}), "abbr"),  # "T.Phố Hà Nội"
        ("t.xã", "thị xã", frozenset({"district"}), "abbr"),  # "T.Xã Sơn Tây"
        ("dk", "đặc khu", frozenset({"commune"}), "abbr"),
        ("qu", "quận", frozenset({"district"}), "abbr"),  # "Qu 1"
        ("tinh", "tỉnh", frozenset({"province"}), "word"),
        ("town", "thị trấn", frozenset({"commune"}), "english"),
        ("village", "xã", frozenset({"commune"}), "english"),
    ]
    for form, type_, levels, kind in rows:
        # keyed as the tokeniser keys the words of an address: a one-letter word stays a
        # letter ("T.X." is ("t", "x"), no roman ten)
        key = tuple(k for w in _WORDS.findall(form) for k in _word_keys(w))
        for lv in levels:
            prefix.setdefault(key, set()).add((type_, lv, kind))
            if kind == "english":
                suffix.setdefault(key, set()).add((type_, lv, kind))

    def build(
        table: dict[tuple[str, ...], set[tuple[str, str, str]]],
    ) -> dict[tuple[str, ...], _TypeWord]:
        return {
            k: _TypeWord(
                frozenset(t for t, _, _ in v),
                frozenset(lv for _, lv, _ in v),
                len(k) == 1 and k[0] in _LETTER_TYPES,
            )
            for k, v in table.items()
        }

    longest = max(len(k) for k in prefix)
    return build(prefix), build(suffix), longest


_TYPE_TABLES: Final = _type_tables()
_PREFIX: Final = _TYPE_TABLES[0]
_SUFFIX: Final = _TYPE_TABLES[1]
_TYPE_MAX: Final = _TYPE_TABLES[2]
# the last word of every type word: a quick test before looking for one
_PREFIX_LAST: Final = frozenset(k[-1] for k in _PREFIX)
_SUFFIX_LAST: Final = frozenset(k[-1] for k in _SUFFIX)

# How the street words are written with their diacritics: a word written otherwise is a name
# ("Phường Láng Hà Nội" is not "làng Hà Nội", "Tây Hồ" is no "hộ"); one written without any
# diacritics may be either.
_STREET_SPELLINGS: Final[dict[str, frozenset[str]]] = {
    key: frozenset(unicodedata.normalize("NFC", w) for w in words.split())
    for key, words in {
        "so": "số", "duong": "đường", "pho": "phố", "ngo": "ngõ", "ngach": "ngách",
        "hem": "hẻm", "kiet": "kiệt", "to": "tổ", "ap": "ấp", "thon": "thôn", "xom": "xóm",
        "ban": "bản", "khom": "khóm", "khu": "khu", "lo": "lô", "tang": "tầng", "phong": "phòng",
        "can": "căn", "ho": "hộ", "toa": "tòa toà", "nha": "nhà", "kp": "kp", "kdc": "kdc",
        "kcn": "kcn", "cho": "chợ", "cum": "cụm", "doi": "đội", "lang": "làng", "buon": "buôn",
        "soc": "sóc",
    }.items()
}  # fmt: skip
# Words that start a street-level part: a unit name right after them is a street or hamlet.
_STREET_WORDS: Final = frozenset(_STREET_SPELLINGS)
# the first words of the type words ("thanh" of "thành phố", "thi" of "thị xã")
_TYPE_FIRST: Final = frozenset(k[0] for k in _PREFIX)


def _street_word(tk: _Tokens, i: int) -> bool:
    """Whether token ``i`` (a key of ``_STREET_WORDS``) is a street word: written as one (or
    without diacritics, in an address written without any), and not the last word of a name
    (a word before it in its part that is no number, street word or type word: "Lý Thường
    Kiệt", "Võ Văn Kiệt" are streets, the "kiệt" of no alley)."""
    word = tk.text[tk.start[i] : tk.end[i]].lower()
    if word.isascii():
        if not tk.text.isascii() and word not in _STREET_SPELLINGS[tk.keys[i]]:
            return False  # "Lê Hồng Phong" in an address with diacritics: no "phòng"
    elif unicodedata.normalize("NFC", word) not in _STREET_SPELLINGS[tk.keys[i]]:
        return False
    if i > tk.seg_lo[i]:
        before = tk.keys[i - 1]
        if not (before.isdigit() or before in _STREET_WORDS or (before,) in _PREFIX) and (
            tk.start[i - 1] != tk.start[i]
        ):
            return False
    return True


def _prefix_at(keys: list[str], letter_ok: list[bool], s: int, lo: int) -> tuple[int, _TypeWord]:
    """The longest type word ending just before token ``s`` (its length, or 0)."""
    if s <= lo or keys[s - 1] not in _PREFIX_LAST:
        return 0, _NO_TYPE
    for n in range(min(_TYPE_MAX, s - lo), 0, -1):
        tw = _PREFIX.get(tuple(keys[s - n : s]))
        if tw is not None:
            if tw.letter and not _letter_type(keys, letter_ok, s - 1):
                continue
            return n, tw
    return 0, _NO_TYPE


def _starts_typed(tk: _Tokens, s: int, ne: int) -> bool:
    """Whether the tokens ``[s, ne)`` start with a type word (and have more after it)."""
    for k in (1, 2, 3):
        if s + k < ne:
            tw = _PREFIX.get(tuple(tk.type_keys[s : s + k]))
            if tw is not None and (not tw.letter or _letter_type(tk.type_keys, tk.letter_ok, s)):
                return True
    return False


def _letter_type(keys: list[str], letter_ok: list[bool], i: int) -> bool:
    """Whether the one-letter type word at token ``i`` is one: a letter alone or before a
    number ("P", "P12"); "D" (District) only before its number ("D1", "D.3"), and not after a
    street word ("Đường D1" is a street)."""
    if not letter_ok[i]:
        return False
    return keys[i] != "d" or (
        i + 1 < len(keys) and keys[i + 1].isdigit() and (i == 0 or keys[i - 1] not in _STREET_WORDS)
    )


_NO_TYPE: Final = _TypeWord(frozenset(), frozenset(), False)
# the type words of the province level ("tinh", "tp", "thanh pho", …), and those of two
# letters or more
_PROVINCE_TYPES: Final = frozenset(k for k, tw in _PREFIX.items() if "province" in tw.levels)
_PROVINCE_WORDS: Final = frozenset(k for k in _PROVINCE_TYPES if not _PREFIX[k].letter)


# --------------------------------------------------------------------------------------------
# Indexes
# --------------------------------------------------------------------------------------------


def _name_key(text: str) -> str:
    return " ".join(k for w in _PIECE.findall(text) if w[0] for k in _word_keys(w[0]))


def _dash_in_name(keys: list[str], d: int, lo: int, hi: int) -> bool:
    """Whether the spaced dash before token ``d`` is inside a unit name written with one, or
    is inside the part ``[lo, hi)`` that is a province name of either era (with or without its
    type word) that has none ("…, Thừa Thiên - Huế")."""
    for left, right in _dashed_names():
        if (
            d >= len(left) and tuple(keys[d - len(left) : d]) == left
            and tuple(keys[d : d + len(right)]) == right
        ):
            return True
    if hi - lo > 6:
        return False
    _era("current")  # the province names of both eras
    names = _province_tables()[1]
    for k in (0, 1, 2):
        if k and not (tuple(keys[lo : lo + k]) in _PROVINCE_TYPES and lo + k < d):
            continue
        if " ".join(keys[lo + k : hi]) in names:
            return True
    return False


@lru_cache(maxsize=1)
def _dashed_names() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The words on each side of the dash of the unit names written with one ("Bà Rịa - Vũng
    Tàu", "Phan Rang - Tháp Chàm", "Văn Miếu - Quốc Tử Giám"), as key tuples."""
    from vn_units import communes, legacy, provinces

    out: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
    for registry in (provinces, communes, legacy.provinces, legacy.districts, legacy.communes):
        for unit in registry:
            for cut in _DASH.finditer(unit.name):
                left = tuple(_name_key(unit.name[: cut.start()]).split())
                right = tuple(_name_key(unit.name[cut.end() :]).split())
                if left and right:
                    out.add((left, right))
    return sorted(out)


_DASH: Final = re.compile(r"\s*[-–—]+\s*")


# The few distinct sets of type names, shared by every unit that has one (the indexes hold one
# per unit: shared, they are not thousands of objects for the garbage collector to walk).
_TYPE_SETS: Final[dict[frozenset[str], frozenset[str]]] = {}


def _unit_types(unit: Unit) -> frozenset[str]:
    if isinstance(unit, (Province, Commune)):  # a type history (no getattr: no pydantic fallback)
        found = frozenset(t.type.value for t in unit.types)
    else:
        found = frozenset({unit.unit_type.value})
    return _TYPE_SETS.setdefault(found, found)


def _load_aliases(era: str, level: str) -> dict[str, list[str]]:
    try:
        from vn_units._search import _aliases

        return _aliases(era, level)
    except DataError:
        return {}


_EMPTY: Final[dict[str, tuple[Unit, ...]]] = {}


def _lookup(tables: list[dict[str, tuple[Unit, ...]]], key: str) -> tuple[Unit, ...]:
    """The units under ``key`` in any of ``tables``, in order, each once."""
    if len(tables) == 1:
        return tables[0].get(key, ())
    out: list[Unit] = []
    for table in tables:
        for u in table.get(key, ()):
            if u not in out:
                out.append(u)
    return tuple(out)


@final
class _LevelIndex:
    """Exact keys of the units of one level, globally and under each ancestor."""

    def __init__(
        self,
        units: Iterable[Unit],
        era: str,
        level: str,
        parents: Sequence[str],
        former: dict[str, list[str]] | None = None,
    ):
        aliases = _load_aliases(era, level)
        self.era = era
        self.level = level
        self.exact: dict[str, tuple[Unit, ...]] = {}
        self.under: dict[tuple[str, str], dict[str, tuple[Unit, ...]]] = {}
        self.children: dict[tuple[str, str], list[Unit]] = {}
        # type names by id(unit) (the index keeps its units alive): hashing a unit is slower
        self.types: dict[int, frozenset[str]] = {}
        # and the keys a misspelt name is compared with, by id(unit) too
        self.fuzzy_keys: dict[int, tuple[str, ...]] = {}
        # one 1-tuple per unit (by id), shared by all the keys and tables that name only it
        self._single: dict[int, tuple[Unit, ...]] = {}
        # the tables of several parents merged, by the ids of the parents (see tables)
        self._merged: dict[tuple[int, ...], dict[str, tuple[Unit, ...]]] = {}
        self.numeric: set[str] = set()
        self.maxlen = 1
        self.all: list[Unit] = []
        for unit in units:
            self.all.append(unit)
            uid = id(unit)
            self.types[uid] = _unit_types(unit)
            keys = self._keys(unit, aliases.get(unit.code, ()))
            self.fuzzy_keys[uid] = tuple(k for k in keys if " " in k or len(k) > 2)
            self._single[uid] = (unit,)
            anc = [(p, getattr(unit, f"{p}_code")) for p in parents]
            for a in anc:
                self.children.setdefault(a, []).append(unit)
            for k in keys:
                self.maxlen = max(self.maxlen, k.count(" ") + 1)
                if k.isdigit():
                    self.numeric.add(k)
                self._add(self.exact, k, unit)
                for a in anc:
                    self._add(self.under.setdefault(a, {}), k, unit)
        self.top = self.fuzzy_top = 0.0
        self.widen(self.maxlen)
        # names the units had before 2025-06-30, or of units merged into them, under their
        # parent (the district of a commune, the province of a district): read only where no
        # unit has the name (see _former_hits)
        self.former: dict[tuple[str, str], dict[str, tuple[Unit, ...]]] = {}
        # and everywhere, for districts only (a few dozen names: "Quận 9" with no province)
        self.former_anywhere: dict[str, tuple[Unit, ...]] = {}
        self.former_maxlen = 0
        if former and parents:
            up = parents[0]
            for unit in self.all:
                for k in former.get(unit.code, ()):
                    a = (up, getattr(unit, f"{up}_code"))
                    for v in dict.fromkeys((k, k.replace(" ", ""))):
                        self._add(self.former.setdefault(a, {}), v, unit)
                        if level == "district":
                            self._add(self.former_anywhere, v, unit)
                    self.former_maxlen = max(self.former_maxlen, k.count(" ") + 1)
                    if k.isdigit():
                        self.numeric.add(k)
        # the highest score of a hit with a former name (see _former_hits; and above that of a
        # hit with initials: one word, a lower base)
        self.former_top = _ceiling(_EXACT - 1.0, max(1, self.former_maxlen))
        # the initials of the names of several words, under their parent ("Q.TB" for Quận Tân
        # Bình, "P.ĐHT" for Phường Đông Hưng Thuận), and of provinces anywhere (under ("", ""):
        # "ĐN" for Đà Nẵng, Đồng Nai, Đắk Nông); see _former_hits
        self.initials: dict[tuple[str, str], dict[str, tuple[Unit, ...]]] = {}
        if parents or level == "province":
            for unit in self.all:
                words = _name_key(unit.name).split()
                if len(words) < 2 or any(w.isdigit() for w in words):
                    continue
                if parents:
                    a = (parents[0], getattr(unit, f"{parents[0]}_code"))
                    names = self.under.get(a, _EMPTY)
                else:
                    a, names = ("", ""), self.exact
                key = "".join(w[0] for w in words)
                if key not in names:  # a name comes first
                    self._add(self.initials.setdefault(a, {}), key, unit)

    def widen(self, maxlen: int) -> None:
        """Look up spans of up to ``maxlen`` words, and set the score ceilings that follow."""
        self.maxlen = maxlen
        # the highest score a hit of this level can have: exact, typed, bounded, longest key
        self.top = _ceiling(_EXACT, maxlen)
        # and a misspelt one (see _fuzzy_hits: at most _EXACT - 3 before the type word)
        self.fuzzy_top = _ceiling(_EXACT - 3.0, maxlen)

    def _add(self, table: dict[str, tuple[Unit, ...]], key: str, unit: Unit) -> None:
        old = table.get(key)
        if old is None:
            table[key] = self._single[id(unit)]
        elif all(u is not unit for u in old):  # one record per unit: identity is equality
            table[key] = (*old, unit)

    def _keys(self, unit: Unit, aliases: Iterable[str]) -> list[str]:
        keys: list[str] = []
        names = [unit.name, *aliases]
        for text in list(names):
            if "'" in text or "’" in text:
                # the apostrophe is often left out: "Ea Hleo" for Ea H'Leo, "Cư Mgar"
                names.append(text.replace("'", "").replace("’", ""))
        for text in names:
            k = _name_key(text)
            if not k:
                continue
            for v in (k, k.replace(" ", "")):
                if v not in keys:
                    keys.append(v)
            if k in _ROMAN_LETTERS:  # Phường I .. Phường V (Vị Thanh)
                keys.append(_ROMAN_LETTERS[k])
        if self.level == "province" and "thành phố" in _unit_types(unit):
            for k in list(keys):
                keys.append("tp" + k.replace(" ", ""))
        return keys

    def lookup(self, key: str, parents: Sequence[Unit] | None) -> tuple[Unit, ...]:
        return _lookup(self.tables(parents), key)

    def tables(self, parents: Sequence[Unit] | None) -> list[dict[str, tuple[Unit, ...]]]:
        """The key tables to look a name up in, for :func:`_lookup`: one, merged and kept, for
        several parents (the same units, in the same order, as looking in each in turn)."""
        if parents is None:
            return [self.exact]
        under = self.under
        if len(parents) == 1:
            p = parents[0]
            return [under.get((p.level, p.code), _EMPTY)]
        key = tuple(map(id, parents))
        merged = self._merged.get(key)
        if merged is None:
            tables = [under.get((p.level, p.code), _EMPTY) for p in parents]
            merged = {k: _lookup(tables, k) for t in tables for k in t}
            if len(self._merged) >= 4096:
                self._merged.clear()
            self._merged[key] = merged
        return [merged]

    def pool(self, parents: Sequence[Unit] | None) -> list[Unit]:
        if parents is None:
            return self.all
        out: list[Unit] = []
        for p in parents:
            out.extend(self.children.get((p.level, p.code), ()))
        return out


@final
class _Choices:
    """The keys a misspelt name is compared with (see :func:`_fuzzy_hits`), and the same keys
    ordered by length: a key too much longer or shorter than the query cannot reach the cutoff
    of ``fuzz.ratio``, so only a window of lengths is compared."""

    __slots__ = ("by_len", "keys", "lens", "order", "owners")

    def __init__(self, keys: list[str], owners: dict[str, tuple[Unit, ...]]) -> None:
        self.keys = keys
        self.owners = owners
        ranked = sorted(range(len(keys)), key=lambda i: (len(keys[i]), i))
        self.by_len = [keys[i] for i in ranked]
        self.order = ranked  # position in by_len -> position in keys
        self.lens = [len(k) for k in self.by_len]

    def best(self, query: str, cutoff: float) -> tuple[str, float] | None:
        """The key most similar to ``query`` by ``fuzz.ratio`` (at least ``cutoff``), the first
        in ``keys`` on a tie: what ``process.extractOne`` over ``keys`` returns."""
        from rapidfuzz import fuzz, process

        # ratio = 100 * (1 - indel / (n + m)) and indel >= |n - m|: a key of length m can
        # reach the cutoff only if |n - m| / (n + m) <= 1 - cutoff / 100 (one more each way
        # against rounding)
        n = len(query)
        f = 1.0 - cutoff / 100.0
        lo = bisect_left(self.lens, int(n * (1.0 - f) / (1.0 + f)) - 1)
        hi = bisect_right(self.lens, int(n * (1.0 + f) / (1.0 - f)) + 1)
        if hi - lo >= len(self.keys) // 2:
            found = process.extractOne(
                query, self.keys, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff
            )
            return None if found is None else (found[0], found[1])
        hits = process.extract(
            query, self.by_len[lo:hi], scorer=fuzz.ratio, processor=None,
            score_cutoff=cutoff, limit=None,
        )
        if not hits:
            return None
        top = max(h[1] for h in hits)
        first = min(self.order[lo + h[2]] for h in hits if h[1] == top)
        return self.keys[first], top


@lru_cache(maxsize=1024)
def _fuzzy_choices(index: _LevelIndex, parents: tuple[Unit, ...] | None) -> _Choices:
    keys: list[str] = []
    owners: dict[str, tuple[Unit, ...]] = {}
    for unit in index.pool(parents):
        for k in index.fuzzy_keys[id(unit)]:
            if k not in owners:
                keys.append(k)
                owners[k] = (unit,)
            elif all(u is not unit for u in owners[k]):
                owners[k] = (*owners[k], unit)
    return _Choices(keys, owners)


@final
class _Era:
    """The indexes of one era (built once, on first use)."""

    def __init__(self, era: Literal["current", "legacy"]) -> None:
        from vn_units._resources import OnDemand

        self.era = era
        self.levels: tuple[str, ...]
        # each level's index is built on first use (a current address with no misspelling, no
        # legacy district and no legacy province never needs the 10,035 legacy communes); the
        # province index now: the other era reads its names (add_cross)
        self.index: dict[str, _LevelIndex] = OnDemand(self._build_level)
        # province names of the other era -> units of this era (with a warning)
        self.cross: dict[str, tuple[Unit, ...]] = {}
        self.cross_types: dict[str, frozenset[str]] = {}
        if era == "current":
            from vn_units.current import provinces

            self.levels = ("province", "commune")
            self.by_legacy_code = {c: p for p in provinces for c in p.legacy_codes}
        else:
            self.levels = ("province", "district", "commune")
            self.by_legacy_code = {}
        self.index["province"]  # built now (see above)
        self._top = -1.0

    def _build_level(self, level: str) -> _LevelIndex:
        """The index of one level of this era (called once per level, by ``self.index``)."""
        if level not in self.levels:
            raise KeyError(level)
        if self.era == "current":
            from vn_units.current import communes, provinces

            if level == "province":
                return _LevelIndex(provinces, self.era, "province", ())
            return _LevelIndex(communes, self.era, "commune", ("province",))
        from vn_units import legacy
        from vn_units._former import keys_by_code

        if level == "province":
            return _LevelIndex(legacy.provinces, self.era, "province", ())
        if level == "district":
            return _LevelIndex(
                legacy.districts, self.era, "district", ("province",), keys_by_code("district")
            )
        return _LevelIndex(
            legacy.communes, self.era, "commune", ("district", "province"),
            keys_by_code("commune"),
        )

    @property
    def top(self) -> float:
        """The highest score the levels below the province can add to a reading."""
        if self._top < 0.0:
            self._top = sum(self.index[lv].top for lv in self.levels[1:])
        return self._top

    def add_cross(self, other: _Era) -> None:
        """Index the province names of the other era (a current address naming its legacy
        province, and the reverse)."""
        mine = self.index["province"]
        theirs = other.index["province"]
        if self.era == "current":
            for key, units in theirs.exact.items():
                if key in mine.exact:
                    continue
                mapped = tuple(dict.fromkeys(self.by_legacy_code[u.code] for u in units))
                self.cross[key] = mapped
        else:
            # every current province name, also those the legacy era has too ("Tây Ninh"):
            # the current Tây Ninh took in Long An, which _compute_hits offers as a cross hit
            for key, units in theirs.exact.items():
                olds: list[Unit] = []
                for u in units:
                    assert isinstance(u, Province)
                    olds.extend(old for c in u.legacy_codes for old in _by_code(mine, c))
                self.cross[key] = tuple(dict.fromkeys(olds))
        for key, units in theirs.exact.items():
            if key in self.cross:
                self.cross_types[key] = frozenset().union(*(theirs.types[id(u)] for u in units))
        # the other era's names can be longer than this era's ("Bà Rịa - Vũng Tàu", four words,
        # is no current name): the province spans looked up must reach them
        longest = max((k.count(" ") + 1 for k in self.cross), default=0)
        if longest > mine.maxlen:
            mine.widen(longest)


_ERAS: Final[dict[str, _Era]] = {}
_ERAS_LOCK: Final = threading.Lock()


def _era(name: Literal["current", "legacy"]) -> _Era | None:
    """The indexes of an era, or None when its data is not bundled.

    Both eras are built together, on first use of either, and published only once each knows
    the other's province names: a reading never depends on which era a process used first
    ("Xã Lũng Cú, Tỉnh Hà Giang" with ``era="current"`` names a legacy province)."""
    found = _ERAS.get(name)
    if found is not None or _ERAS_BUILT:
        return found
    with _ERAS_LOCK:
        if not _ERAS_BUILT:
            built: dict[str, _Era] = {}
            names: tuple[Literal["current", "legacy"], ...] = ("current", "legacy")
            for each in names:
                try:
                    built[each] = _Era(each)
                except DataError:
                    continue
            if len(built) == 2:
                built["current"].add_cross(built["legacy"])
                built["legacy"].add_cross(built["current"])
            _ERAS.update(built)
            _ERAS_BUILT.append(True)
        return _ERAS.get(name)


# set (to a non-empty list) once both eras are built
_ERAS_BUILT: Final[list[bool]] = []


def _legacy_province_index() -> _LevelIndex | None:
    era = _era("legacy")
    return None if era is None else era.index["province"]


# --------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------


@final
class _Hit:
    """A way some tokens can name units of one level (a plain class, not a named tuple: one
    is made per key that names a unit, and read several times)."""

    __slots__ = ("free", "fuzzy", "score", "start", "units", "warning")

    def __init__(
        self, start: int, units: tuple[Unit, ...], score: float, warning: str | None = None,
        fuzzy: bool = False, free: bool = False,
    ) -> None:
        self.start = start  # first token (including the type word)
        self.units = units
        self.score = score
        self.warning = warning
        self.fuzzy = fuzzy
        # a name inside free text: no type word, and words of its part before it (see _score)
        self.free = free

    def warned(self, warning: str) -> _Hit:
        """The same hit with another warning."""
        return _Hit(self.start, self.units, self.score, warning, self.fuzzy, self.free)


_EXACT: Final = 10.0
_TYPE_AGREES: Final = 3.0
_TYPE_DISAGREES: Final = -4.0
_BOUNDED: Final = 1.0
_LOOSE: Final = -10.0
_BARE_NUMBER: Final = -2.0
# A unit below the province named inside free text (no type word, words of its part before it:
# see _Hit.free), under a province the text names only by its name of the other era (an extra
# province of a cross hit): weak evidence, below the province alone ("dai hoc duy tan da nang"
# is in Đà Nẵng, not in Xã Duy Tân of the legacy Quảng Nam that current Đà Nẵng took in). Not
# when another unit below the province, typed or bounded, nests with it.
_FREE_CROSS: Final = -10.0


def _ceiling(base: float, words: int) -> float:
    """The highest score of a hit with this base score and a key of ``words`` words, typed
    and bounded (see _score)."""
    return base + 0.05 * words + _TYPE_AGREES + _BOUNDED
_SKIPPED: Final = -3.0


# The province hits of an address depend only on its last segment (up to the end of the
# address), written the same way, and on three flags of the address (the pass, typos allowed,
# parts): they are kept, with token positions relative to the start of that segment, so that a
# province seen before is not matched again (the lower levels, whose spans are longer and vary
# more, hit too rarely to pay).
# A plain dict: reads and writes are atomic, and a race only computes a value twice.
_HITS_CACHE: Final[dict[tuple[Any, ...], list[_Hit]]] = {}
_HITS_CACHE_MAX: Final = 1 << 13


def _hits(
    tk: _Tokens,
    e: int,
    idx: _LevelIndex,
    parents: Sequence[Unit] | None,
    cross: dict[str, tuple[Unit, ...]] | None = None,
    allow_fuzzy: bool = True,
    cross_types: dict[str, frozenset[str]] | None = None,
    need: float = _NO_SCORE,
) -> list[_Hit]:
    """Ways the tokens ending at ``e`` can name a unit of ``idx`` (under ``parents``).

    ``need`` (branch and bound, commune level only): the score a hit needs for its reading to
    reach the best one made so far; former names and misspellings, whose scores have a lower
    ceiling than exact names, are not looked for when they cannot reach it."""
    if e <= 0:
        return []
    if parents is not None or cross is None:
        return _compute_hits(tk, e, idx, parents, cross, allow_fuzzy, cross_types, need)
    return _province_hits(tk, e, idx, cross, allow_fuzzy, cross_types)


def _province_hits(
    tk: _Tokens,
    e: int,
    idx: _LevelIndex,
    cross: dict[str, tuple[Unit, ...]],
    allow_fuzzy: bool,
    cross_types: dict[str, frozenset[str]] | None,
) -> list[_Hit]:
    """The province hits of the segment ending at ``e``, kept across addresses."""
    lo = tk.seg_lo[e - 1]
    key = (
        idx,
        tuple(tk.keys[lo:e]),
        tk.text[tk.start[lo] : tk.end[e - 1]],
        allow_fuzzy,
        tk.fuzzy,
        tk.typos,
        tk.segmented,
    )
    found = _HITS_CACHE.get(key)
    if found is None:
        found = [
            _Hit(h.start - lo, h.units, h.score, h.warning, h.fuzzy, h.free)
            for h in _compute_hits(tk, e, idx, None, cross, allow_fuzzy, cross_types)
        ]
        if len(key[2]) <= _CACHED_SEGMENT:
            if len(_HITS_CACHE) >= _HITS_CACHE_MAX:
                _HITS_CACHE.clear()
            _HITS_CACHE[key] = found
    if not lo or not found:
        return found
    return [_Hit(h.start + lo, h.units, h.score, h.warning, h.fuzzy, h.free) for h in found]


def _compute_hits(
    tk: _Tokens,
    e: int,
    idx: _LevelIndex,
    parents: Sequence[Unit] | None,
    cross: dict[str, tuple[Unit, ...]] | None,
    allow_fuzzy: bool,
    cross_types: dict[str, frozenset[str]] | None,
    need: float = _NO_SCORE,
    loose: bool = False,
) -> list[_Hit]:
    """The hits of :func:`_hits`, computed. With ``loose``, a unit below the province with no
    parent may be named by its name alone, where it is not a whole part of the address (see
    :func:`_read_legacy`)."""
    keys = tk.keys
    lo = tk.seg_lo[e - 1]
    level = idx.level
    ends: list[tuple[int, _TypeWord | None]] = [(e, None)]
    bracketed = e - 1 in tk.bracketed  # a type word in brackets after the name
    for n in (3, 2, 1) if bracketed or keys[e - 1] in _SUFFIX_LAST else ():
        if e - n > lo:
            tw = tuple(keys[e - n : e])
            sw = _PREFIX.get(tw) if bracketed and e - n in tk.bracketed else _SUFFIX.get(tw)
            if sw is not None and level in sw.levels:
                ends.append((e - n, sw))
                break
    if keys[e - 1] == "moi" and e - 1 > lo and _new_mark(tk, e - 1):
        ends.append((e - 1, None))  # "Phường Sài Gòn mới": the name before the mark too
    out: list[_Hit] = []
    tables = idx.tables(parents)
    single = tables[0] if len(tables) == 1 else None
    orphan = parents is None and level != "province" and not loose
    # a commune under a legacy district found in the text (not only under a province)
    placed = bool(parents) and isinstance(parents[0], LegacyDistrict)  # type: ignore[index]
    for ne, suffix in ends:
        for s in range(ne - 1, max(lo, ne - idx.maxlen) - 1, -1):
            key = keys[s] if s + 1 == ne else " ".join(keys[s:ne])
            units = single.get(key, ()) if single is not None else _lookup(tables, key)
            warning = None
            extra: tuple[Unit, ...] = ()
            if cross is not None and parents is None:
                other = cross.get(key, ())
                if not units:
                    units = other
                    if units:
                        warning = "cross"
                elif other:
                    # a name of both eras that the other era gives to more units ("Tây Ninh"
                    # is also current Tây Ninh, which took in Long An): those are a cross hit
                    # too ("Xã Đông Xá, Đông Hưng, Tỉnh Hưng Yên" is in Thái Bình's Đông Hưng)
                    extra = tuple(u for u in other if u not in units)
            if not units and s + 1 == ne and key in _ROMAN_LETTERS:
                key = _ROMAN_LETTERS[key]
                units = _lookup(tables, key)
            if not units:
                continue
            types = cross_types.get(key) if warning and cross_types else None
            hit = _score(
                tk, s, ne, lo, key, units, idx, suffix, level, warning, types=types, orphan=orphan,
                placed=placed,
            )
            if hit is not None:
                out.append(hit)
                if parents is not None and level == "district" and len(units) > 1:
                    # districts of the province that share the name, of another type
                    hit = _score(
                        tk, s, ne, lo, key, units, idx, suffix, level, warning, siblings=True,
                    )
                    if hit is not None:
                        out.append(hit)
            if extra:
                hit = _score(
                    tk, s, ne, lo, key, extra, idx, suffix, level, "cross",
                    types=cross_types.get(key) if cross_types else None, orphan=orphan,
                    placed=placed,
                )
                if hit is not None:
                    out.append(hit)
    if not out and allow_fuzzy and tk.fuzzy:
        if tk.prune and idx.former_top < need:
            return out  # nor can a misspelling (a lower ceiling)
        out = _former_hits(tk, lo, idx, parents, ends)
        if not out and idx.initials and (parents is not None or level == "province"):
            out = _former_hits(tk, lo, idx, parents, ends, initials=True)
        if not out and tk.typos and not (tk.prune and idx.fuzzy_top < need):
            out = _fuzzy_hits(tk, e, lo, idx, parents, ends)
    return out


def _former_hits(
    tk: _Tokens,
    lo: int,
    idx: _LevelIndex,
    parents: Sequence[Unit] | None,
    ends: list[tuple[int, _TypeWord | None]],
    initials: bool = False,
) -> list[_Hit]:
    """Units named with a name they had before 2025-06-30, or with the name of a unit merged
    into them ("Phường 6, Quận 3": Phường Võ Thị Sáu since 2020), under ``parents`` (a district
    also with no parent: "Quận 9"): tried in the second pass, where no unit has the name,
    before misspellings. With ``initials``, units written with the initials of their name, in
    capitals, at a lower score: districts and communes under their parent, after a type word of
    their level ("Q.TB, TP HCM", "P.ĐHT, Q.12"); provinces as a whole part, or at the end of an
    address without parts ("…, Cẩm Lệ, ĐN")."""
    if initials:
        maxlen = 1
        base = _EXACT - 1.5
        found = idx.initials
        if parents is None:
            e = ends[0][0]
            word = tk.text[tk.start[e - 1] : tk.end[e - 1]]
            whole = (lo == e - 1) if tk.segmented else e == len(tk.keys) or e == tk.stop
            if not (whole and word.isupper() and ("", "") in found):
                return []
            tables = [found[("", "")]]
            ends = ends[:1]
        else:
            tables = [found[a] for p in parents if (a := (p.level, p.code)) in found]
    elif parents is None:
        maxlen = idx.former_maxlen
        base = _EXACT - 1.0
        tables = [idx.former_anywhere] if idx.former_anywhere else []
    else:
        maxlen = idx.former_maxlen
        base = _EXACT - 1.0
        found = idx.former
        tables = [found[a] for p in parents if (a := (p.level, p.code)) in found]
    if not tables:
        return []
    keys = tk.keys
    out: list[_Hit] = []
    for ne, suffix in ends:
        for s in range(ne - 1, max(lo, ne - maxlen) - 1, -1):
            key = keys[s] if s + 1 == ne else " ".join(keys[s:ne])
            units = _lookup(tables, key)
            if not units:
                continue
            n, tw = _prefix_at(tk.type_keys, tk.letter_ok, s, lo)
            given = tw if n else suffix
            if given is not None and idx.level not in given.levels:
                continue  # "Phường Cửa Lò" is not the former district Cửa Lò
            if initials and parents is not None and not (
                tk.text[tk.start[s] : tk.end[s]].isupper() and (
                    n or (
                        # a district's as a whole part of its own, between others ("P15, TB,
                        # TP. Hồ Chí Minh")
                        idx.level == "district" and s == lo and tk.segmented
                        and ne < len(tk.keys) and tk.seg_lo[ne] == ne and lo > 0
                    )
                )
            ):
                continue  # a district's or commune's initials: in capitals after a type word
            hit = _score(
                tk, s, ne, lo, key, units, idx, suffix, idx.level,
                "initials" if initials else "former", base,
                then=not initials and idx.level == "district",
            )
            if hit is not None:
                out.append(hit)
    return out


def _score(
    tk: _Tokens,
    s: int,
    ne: int,
    lo: int,
    key: str,
    units: tuple[Unit, ...],
    idx: _LevelIndex,
    suffix: _TypeWord | None,
    level: str,
    warning: str | None,
    base: float = _EXACT,
    types: frozenset[str] | None = None,
    orphan: bool = False,
    placed: bool = False,
    siblings: bool = False,
    then: bool = False,
) -> _Hit | None:
    """The hit of the tokens ``[s, ne)`` (the name ``key`` of ``units``), scored, or None when
    they cannot name them. With ``siblings``, the hit of those of ``units`` whose type the type
    word written does not fit, where others fit it (None otherwise). With ``then`` (a name
    the units had before, see :func:`_former_hits`), a type word that fits one of them fits
    all: it is the type of the unit of that name then (Huyện Lộc Hà, divided in 2025 between
    Thành phố Hà Tĩnh and Huyện Thạch Hà)."""
    keys = tk.keys
    if s > lo and tk.type_keys[s - 1] in _PREFIX_LAST:
        n, tw = _prefix_at(tk.type_keys, tk.letter_ok, s, lo)
    else:
        n, tw = 0, _NO_TYPE
    if n and suffix is not None and level in suffix.levels:
        n = 0  # "… Commune | Hung Yen Province": the type word before belongs to the unit before
    if n == 1 and level not in tw.levels and s - 1 in tk.hasty:
        n = 0  # "Gia Phương Gia Viễn": a name word, no "Phường" written in haste, before it
    given = tw if n else suffix
    if siblings and (given is None or level not in given.levels or types is not None):
        return None
    score = base + 0.05 * (key.count(" ") + 1)
    if given is not None:
        if level not in given.levels:
            if level == "commune" and given.levels == {"district"}:
                return None  # "Thị xã X" is not a commune X
            score += 2 * _TYPE_DISAGREES  # a type word of another level: "Phường Hoàn Kiếm"
            warning = warning or "type"
        elif types is not None:  # a name of the other era: its own type counts
            score += _TYPE_AGREES if types & given.types else _TYPE_DISAGREES
        else:
            gtypes = given.types
            itypes = idx.types
            agree: tuple[Unit, ...]
            if len(units) == 1:
                agree = units if itypes[id(units[0])] & gtypes else ()
            else:
                agree = tuple(u for u in units if itypes[id(u)] & gtypes)
            if siblings:
                # the units of the name that the type word written does not fit, where others
                # do: "Xã Thanh Hòa, Huyện Cai Lậy, Tỉnh Tiền Giang" (Thanh Hòa is in Thị xã Cai
                # Lậy) is read under the sibling, with a warning, when the commune says so
                if not agree or len(agree) == len(units):
                    return None
                units = tuple(u for u in units if u not in agree)
                agree = ()
            if agree:
                if not then:
                    units = agree
                score += _TYPE_AGREES
            else:
                score += _TYPE_DISAGREES
                warning = warning or "type"
    else:
        if key in idx.numeric:
            # a bare number is a house number, not "Phường 5"; unless it is a whole part of the
            # address after the first ("Phường 4, 3, TP HCM": Quận 3), at a cost
            if s != lo or not lo or (ne < len(keys) and tk.seg_lo[ne] != ne):
                return None
            score += _BARE_NUMBER
        if s > lo and keys[s - 1] in _STREET_WORDS and _street_word(tk, s - 1):
            return None
        if (
            level != "province" and not placed and s > lo and keys[s - 1].isdigit()
            and (s - 1 == lo or (s - 2 == lo and keys[lo] == "so"))
        ):
            # "12 Lê Lợi, TP Hà Nội": a house number starting its part, then its street: no
            # Xã Lê Lợi of the province (a street named like its ward, "36 Hàng Bạc, Hoàn
            # Kiếm", is read under the district written; a number that ends a name, "Tỉnh lộ
            # 10 Công Hải", is no house number)
            return None
    if len(units) > 1 and not tk.text.isascii():
        # "Sơn Hà" and "Sơn Hạ" share a key: the diacritics decide, in an address written with
        # them ("Ia Bang" is Xã Ia Bang, not Xã Ia Băng, unless no word has any)
        written = " ".join(tk.text[tk.start[s] : tk.end[ne - 1]].lower().split())
        same = tuple(u for u in units if u.name.lower() == written)
        if same:
            units = same
    if level == "province" and warning is None and not tk.text.isascii():
        # a province named with other diacritics than its own is no province: "Nguyễn Huệ" (a
        # street) holds no Huế (the province hits are kept across addresses: this costs little)
        written = tk.text[tk.start[s] : tk.end[ne - 1]]
        units = tuple(u for u in units if _marks_fit(written, u.name))
        if not units:
            return None
    start = s - n
    if start == lo or (
        # (right after a hamlet or group word and its number: see _HAMLET_WORDS)
        given is None and s - 2 >= lo and keys[s - 1].isdigit() and keys[s - 2] in _HAMLET_WORDS
    ):
        score += _BOUNDED
    elif given is None and orphan:
        return None  # "12 Lê Lợi": a street, unless a type word or a parent says otherwise
    elif given is None:
        if tk.segmented:
            score += _LOOSE  # "..., Phường Nam Nha Trang, ...": not a district "Nha Trang"
        return _Hit(start, units, score, warning, False, True)
    return _Hit(start, units, score, warning)


# Hamlet and group words: a name after one and its number starts a part of its own ("Thôn 3
# Sơn Hải, Quỳnh Lưu, …", "Tổ 11 Sài Đồng, …", "Khu phố 4 Trảng Dài, …"; see _score)
_HAMLET_WORDS: Final = frozenset({
    "to", "ap", "thon", "xom", "ban", "khom", "khu", "pho", "kp", "cum", "doi", "buon", "soc",
})


def _fuzzy_hits(
    tk: _Tokens,
    e: int,
    lo: int,
    idx: _LevelIndex,
    parents: Sequence[Unit] | None,
    ends: list[tuple[int, _TypeWord | None]],
) -> list[_Hit]:
    if parents is not None and len(parents) > 8:
        return []
    if parents is None and idx.level != "province":
        return []  # typos are looked for only among the children of a unit already found
    pool = _fuzzy_choices(idx, None if parents is None else tuple(parents))
    choices, owners = pool.keys, pool.owners
    if not choices:
        return []
    keys = tk.keys
    best: _Hit | None = None
    # when reading the current era, the names of the legacy communes of the same provinces
    leg = _ERAS.get("legacy") if idx.era == "current" and idx.level == "commune" else None
    other: dict[str, tuple[Unit, ...]] | None = None
    if leg is not None and parents is not None:
        olds = _legacy_parents(leg, tuple(parents))
        if olds:
            other = leg.index["commune"].tables(olds)[0]
    for ne, suffix in ends:
        for s in range(ne - 1, max(lo, ne - idx.maxlen) - 1, -1):
            n, tw = _prefix_at(tk.type_keys, tk.letter_ok, s, lo)
            bounded = n > 0 or s == lo
            if parents is None and not (
                (n > 0 and (s == lo + n or "province" in tw.levels)) or s == lo
            ):
                continue  # a misspelt province starts its part, or follows its type word
            if _starts_typed(tk, s, ne) or tuple(keys[s:ne]) in _PREFIX:
                continue  # the span starts with a type word ("phuong nam" is not "Phương Sài"),
                # or is one ("Thành phố" alone is no misspelt Thanh Hóa)
            if keys[s] in _STREET_WORDS and " ".join(keys[s + 1 : ne]) in owners:
                continue  # a street word before a name: "Thôn Phước Thành" is no misspelling
            query = " ".join(keys[s:ne])
            if len(query) < 4 or query.isdigit() or (keys[s].isdigit() and not n):
                continue  # (a house number and its street: "12 Le Loi" is no misspelt name)
            if other is not None and query in other:
                continue  # a name of the other era, not a misspelling ("Phường Phương Đông")
            cutoff = 80.0 if bounded else 88.0
            if parents is None and len(choices) > 1000:
                cutoff = 88.0
            elif parents is None or len(choices) < 200:
                cutoff = 75.0 if bounded else 85.0
            found = pool.best(query, cutoff)
            if found is None:
                continue
            match, sim = found
            base = _EXACT * (sim / 100.0) - 3.0
            hit = _score(tk, s, ne, lo, match, owners[match], idx, suffix, idx.level, "typo",
                         base)
            if hit is not None and (best is None or hit.score > best.score):
                best = _Hit(hit.start, hit.units, hit.score, "typo", True, hit.free)
    return [] if best is None else [best]


@final
class _Reading:
    """A reading of an address in one era: the units of each level (several when they tie)
    and its score (a plain class, not a named tuple, for the same reason as :class:`_Hit`)."""

    __slots__ = ("commune", "district", "era", "found", "province", "score", "start", "warnings")

    def __init__(
        self, era: Literal["current", "legacy"], score: float, start: int,
        province: tuple[Unit, ...], district: tuple[Unit, ...], commune: tuple[Unit, ...],
        warnings: tuple[AddressWarning, ...], found: int,
    ) -> None:
        self.era = era
        self.score = score
        self.start = start  # first token used by a unit (len(tokens) when none)
        self.province = province
        self.district = district
        self.commune = commune
        self.warnings = warnings
        self.found = found  # levels named in the text


def _read(tk: _Tokens, n: int, era: _Era, cur: _Era | None) -> list[_Reading]:
    """Every plausible reading of the tokens ``[0, n)`` in one era, best first."""
    readings: list[_Reading] = []
    pidx = era.index["province"]
    p_hits = _hits(tk, n, pidx, None, era.cross, cross_types=era.cross_types)
    p_opts: list[tuple[_Hit | None, float]] = [(h, h.score) for h in p_hits[:3]]
    thorough = tk.fuzzy or not any(_strong(h) for h in p_hits)
    if thorough:
        p_opts.append((None, 0.0))
    ends = [n] * len(p_opts)
    tail = tk.seg_lo[n - 1]
    segmented = tk.segmented
    if tail > 0 and thorough:
        # an unreadable last segment (a typo in the province, a phone number, a note) or a
        # province that contradicts the rest: skip it, and read the province before it (only
        # bounded by its segment or a type word, exact or misspelt: anything less there is too
        # weak a reading; and only in the second pass, which a skip always leads to)
        skip = _SKIPPED if not p_hits else 2 * _SKIPPED
        before: list[_Hit] = []
        twice = 0  # the start of the part before, to skip both
        if tk.fuzzy and not any(h.score >= _EXACT / 2 and not h.fuzzy for h in p_hits):
            # (when the last part names no province, or only a misspelt one: a note, a phone
            # number, "gọi anh Bình", no misspelt Ninh Bình) with a country
            # name or postal code before it ("…, Cần Thơ, Vietnam, giao giờ hành chính"),
            # skipped too
            tail = _strip_from(tk.keys, tail)
            # what is left may be one part ("12 Lê Lợi P.Bến Nghé Q1 HCM, giao giờ hành chính"):
            # then it is read as an address without separators
            whole = tail > 0 and not tk.seg_lo[tail - 1]
            tk.segmented = not whole
            before = _hits(tk, tail, pidx, None, era.cross, True, era.cross_types)
            tk.segmented = segmented
            if tail > 0 and not before:
                # and the part before, when it names none either ("…, Cẩm Lệ, ĐN -
                # 0903123456": an abbreviation that names several provinces), unless it is a
                # hamlet or street part (an address written the other way round)
                twice = tk.seg_lo[tail - 1]
                if tk.keys[twice] in _STREET_WORDS:
                    twice = 0
        for h in [h for h in before if h.score >= _EXACT / 2][:3]:  # not a loose name
            p_opts.append((h, h.score + skip))
            ends.append(tail)
        p_opts.append((None, skip))
        ends.append(tail)
        if twice:
            # and the province before both (a country name or postal code between dropped),
            # written exactly as a whole part or after its type word ("…, HCM (gần chợ), giao
            # giờ hành chính", "… Xã Tân Phú Tỉnh Đồng Tháp, Việt Nam (gần chợ), giao giờ hành
            # chính"; not "…, đường Nguyễn Huệ, Xã …, Huyện …")
            before_end = _strip_from(tk.keys, twice)
            part_lo = tk.seg_lo[before_end - 1] if before_end > 0 else 0
            tk.segmented = part_lo > 0
            before = (
                _hits(tk, before_end, pidx, None, era.cross, False, era.cross_types)
                if before_end else []
            )
            tk.segmented = segmented
            for h in before[:3]:
                if h.warning is None and (
                    (h.start == part_lo and h.score >= _EXACT)
                    or h.score >= _EXACT + _TYPE_AGREES
                ):
                    p_opts.append((h, h.score + 2 * skip))
                    ends.append(before_end)
            p_opts.append((None, 2 * skip))
            ends.append(twice)
    for (ph, pscore), end in zip(p_opts, ends, strict=True):
        # a skipped last part leaving one part: read as an address without separators
        tk.segmented = segmented and not (tk.fuzzy and 0 < end < n and not tk.seg_lo[end - 1])
        e = ph.start if ph else end
        provinces = ph.units if ph else None
        warns: list[AddressWarning] = []
        if end != n:
            skipped = tk.text[tk.start[end] : tk.end[n - 1]]
            warns.append(AddressWarning(
                _W.IGNORED_PART, f"ignored {skipped!r}: it does not fit the rest of the address"
            ))
        if ph is not None and ph.warning == "cross":
            other = "legacy" if era.era == "current" else "current"
            warns.append(AddressWarning(
                _W.OTHER_ERA_PROVINCE, f"the province is named as in the {other} era"
            ))
            pscore -= 1.0
        elif ph is not None:
            _note(ph, "province", warns)
        if era.era == "legacy":
            if tk.prune and pscore + era.top < tk.best:
                continue  # no reading under this option can be the best one
            _read_legacy(tk, e, era, ph, provinces, pscore, warns, readings)
        else:
            _read_current(tk, e, era, ph, provinces, pscore, warns, readings)
    tk.segmented = segmented
    readings.sort(key=lambda r: (-r.score, r.start))
    return readings


def _strong(hit: _Hit) -> bool:
    """An exact match with an agreeing type word, or alone in its segment."""
    return not hit.fuzzy and hit.warning is None and hit.score >= _EXACT + _BOUNDED


def _note(hit: _Hit, level: str, warns: list[AddressWarning]) -> None:
    if hit.warning is None or hit.warning == "cross":
        return
    names = " or ".join(u.full_name for u in hit.units[:3])
    if hit.warning == "typo":
        warns.append(AddressWarning(_W.MISSPELT, f"the {level} looks misspelt; read as {names}"))
    elif hit.warning == "former":
        warns.append(AddressWarning(
            _W.FORMER_NAME,
            f"the {level} is written with a name from before 2025-06-30 (its own, or of a unit"
            f" merged into it); read as {names}",
        ))
    elif hit.warning == "moved":
        warns.append(AddressWarning(
            _W.FORMER_NAME,
            f"the {level} is written under the district it was in before 2025-06-30; read as"
            f" {names}",
        ))
    elif hit.warning == "initials":
        # several units share the initials: the levels below tell which
        read = f"; read as {names}" if len(hit.units) == 1 else ""
        warns.append(AddressWarning(
            _W.INITIALS, f"the {level} is written with the initials of its name{read}"
        ))
    elif hit.warning == "type":
        warns.append(AddressWarning(
            _W.TYPE_MISMATCH, f"the type word of the {level} does not match {names}"
        ))


def _finish(
    tk: _Tokens,
    readings: list[_Reading],
    era: _Era,
    score: float,
    start: int,
    province: tuple[Unit, ...] | None,
    district: tuple[Unit, ...] | None,
    commune: tuple[Unit, ...] | None,
    warns: list[AddressWarning],
    found: int,
) -> None:
    readings.append(
        _Reading(
            era.era, score, start, province or (), district or (), commune or (),
            tuple(warns), found,
        )
    )
    if score > tk.best:
        tk.best = score


_DISTRICT_WORDS: Final = frozenset({"quận", "huyện", "thị xã", "thành phố"})


def _stale_district(tk: _Tokens, e: int) -> tuple[int, str] | None:
    """The comma segment that ends at ``e`` when it is written as a district but names none
    (a district of an older structure: "Quận 2" and "Quận 9" became Thành phố Thủ Đức in 2021,
    "TP Huế" became Quận Thuận Hóa and Quận Phú Xuân in 2025): its start and text, so that the
    second pass can read the commune before it and infer the district from it. Only where the
    address is cut by commas, something stands before the segment, and no legacy district
    anywhere has the name."""
    if e <= 0 or not tk.segmented:
        return None
    lo = tk.seg_lo[e - 1]
    if lo == 0:
        return None
    text = tk.text[tk.start[lo] : tk.end[e - 1]]
    stale = _STALE.get(text)
    if stale is None:
        stale = _is_stale(text)
        if len(text) <= _CACHED_SEGMENT:
            if len(_STALE) >= 4096:
                _STALE.clear()
            _STALE[text] = stale
    return (lo, text) if stale else None


# whether a segment names a district of an older structure, by its text
_STALE: Final[dict[str, bool]] = {}


def _is_stale(text: str) -> bool:
    word, bare = _split_type(text, "district")
    if word not in _DISTRICT_WORDS or not bare:
        return False
    from vn_units._catalog import registry

    # a district of 2025-06-30, only not under this province, is not stale
    return not registry("legacy", "district")._name_index().lookup(text)


def _read_current(
    tk: _Tokens,
    e: int,
    era: _Era,
    ph: _Hit | None,
    provinces: tuple[Unit, ...] | None,
    pscore: float,
    warns: list[AddressWarning],
    readings: list[_Reading],
) -> None:
    cidx = era.index["commune"]
    # a legacy district between commune and province ("Phường X, Quận 1, TP HCM"): skipped
    d_opts: list[tuple[int, tuple[Unit, ...] | None, float, str | None, tuple[Unit, ...]]] = [
        (e, provinces, 0.0, None, ())
    ]
    leg = _ERAS.get("legacy")
    if leg is not None and e > 0:
        lparents: list[Unit] | None = None
        if provinces is not None:
            lparents = _legacy_parents(leg, provinces)
        dhits = _hits(tk, e, leg.index["district"], lparents, allow_fuzzy=False)
        if any(h.score >= _EXACT for h in dhits):  # typed as a district, or bounded
            tk.legacy_hint = True
        for dh in dhits[:2]:
            mapped = tuple(
                dict.fromkeys(
                    era.by_legacy_code[d.province_code]  # type: ignore[attr-defined]
                    for d in dh.units
                )
            )
            if provinces is not None:
                mapped = tuple(p for p in mapped if p in provinces)
            if mapped:
                names = ", ".join(sorted({d.full_name for d in dh.units}))
                d_opts.append((dh.start, mapped, 2.0 + 0.1 * dh.score, names, dh.units))
    stale = _stale_district(tk, e) if tk.fuzzy and len(d_opts) == 1 else None
    if stale is not None:
        # a district level at all hints at a legacy address: cost more than the legacy skip
        d_opts.append((stale[0], provinces, _SKIPPED - 1.0, repr(stale[1]), ()))
    cross = ph is not None and ph.warning == "cross"
    for de, dparents, dscore, dname, skipped in d_opts:
        if tk.prune and pscore + dscore + cidx.top < tk.best:
            continue
        w = list(warns)
        if dname is not None:
            w.append(AddressWarning(
                _W.ABOLISHED_DISTRICT,
                f"ignored {dname}: the district level was abolished on 2025-07-01",
            ))
        chits = _hits(tk, de, cidx, dparents, None, True, None, tk.best - pscore - dscore)
        for ch in chits[:4]:
            communes = ch.units
            if skipped:
                # the commune took in part of the legacy district skipped ("12 Trần Phú Ba Đình
                # Hà Nội" is no Xã Trần Phú of Hà Nội, which has no land of Quận Ba Đình)
                heirs = _district_heirs()
                communes = tuple(
                    c for c in communes if any(c.code in heirs.get(d.code, ()) for d in skipped)
                )
                if not communes:
                    continue
            cw = list(w)
            _note(ch, "commune", cw)
            prov = provinces
            cscore = ch.score
            if cross and ch.free and not skipped:
                cscore += _FREE_CROSS
            if prov is None:
                pmap = _code_map(era.index["province"])
                prov = tuple(dict.fromkeys(pmap[c.province_code][0] for c in communes))  # type: ignore[attr-defined]
                if len(prov) == 1:
                    cw.append(_PROVINCE_FROM_COMMUNE)
                if de == tk.stop and dname is None:
                    cscore += _province_named(tk, ch.start, de)
            _finish(tk, readings, era, pscore + dscore + cscore, ch.start, prov, None,
                    communes, cw, (ph is not None) + 1)
        if ph is not None and not chits:
            _finish(tk, readings, era, pscore + dscore, de, provinces, None, None, w, 1)


@lru_cache(maxsize=1)
def _district_heirs() -> dict[str, frozenset[str]]:
    """The codes of the current communes that took in part of each legacy district, by the
    district's code (from the lineage of its communes, and of the island districts)."""
    from vn_units import legacy
    from vn_units.lineage import _commune_pairs

    district_of = {c.code: c.district_code for c in legacy.communes}
    out: dict[str, set[str]] = {}
    for level, code, current in _commune_pairs():
        d = district_of.get(code) if level == "commune" else code
        if d is not None:
            out.setdefault(d, set()).add(current)
    return {d: frozenset(v) for d, v in out.items()}


# A bare name at the end of an address that is the name of a province of either era, read as a
# commune with its province inferred: "Bình Định" alone, or after a street, is the province
# (legacy, now part of Gia Lai), not Xã Bình Định in Hưng Yên; "Long An" is the province, not
# Phường Long An. Below a province-only reading of the legacy era (a tie otherwise goes to the
# current era) and of the current era with the other era's name (one point less).
_PROVINCE_NAMED: Final = -1.5


def _province_named(tk: _Tokens, start: int, end: int) -> float:
    """``_PROVINCE_NAMED`` when the tokens ``[start, end)`` (a commune hit with no type word,
    ending the address) are the name of a province of either era, else 0."""
    return _PROVINCE_NAMED if " ".join(tk.keys[start:end]) in _province_tables()[1] else 0.0


_LEGACY_PARENTS: Final[dict[tuple[int, ...], list[Unit]]] = {}


def _legacy_parents(leg: _Era, provinces: tuple[Unit, ...]) -> list[Unit]:
    """The legacy provinces that current ``provinces`` took in (kept: there are few)."""
    key = tuple(map(id, provinces))
    found = _LEGACY_PARENTS.get(key)
    if found is None:
        found = _LEGACY_PARENTS[key] = [
            lp for p in provinces if isinstance(p, Province)
            for c in p.legacy_codes
            for lp in _by_code(leg.index["province"], c)
        ]
    return found


def _by_code(idx: _LevelIndex, code: str) -> list[Unit]:
    return _code_map(idx).get(code, [])


@lru_cache(maxsize=16)
def _code_map(idx: _LevelIndex) -> dict[str, list[Unit]]:
    return {u.code: [u] for u in idx.all}


# the warning of a district hit named by its name alone with no province (see _read_legacy)
_CONFIRMED: Final = "confirmed"


@lru_cache(maxsize=1)
def _moved_communes() -> dict[str, tuple[Unit, ...]]:
    """The legacy communes of 2025-06-30 that were under a district of another name before
    (since 2021-11-01; :func:`vn_units._former.former_parents`), by the code of the district
    of 2025-06-30 of the province that bears that name: Xã Kiên Lao, in Thị xã Chũ since
    2025-01-01, under Huyện Lục Ngạn's code, as addresses written before still place it."""
    from vn_units import legacy
    from vn_units._former import former_parents

    named: dict[tuple[str, str], list[str]] = {}
    for d in legacy.districts:
        named.setdefault((d.province_code, _name_key(d.name)), []).append(d.code)
    out: dict[str, list[Unit]] = {}
    for c in legacy.communes:
        for _code, key, _start, _end in former_parents("commune", c.code):
            for dcode in named.get((c.province_code, key), ()):
                if dcode != c.district_code:
                    out.setdefault(dcode, []).append(c)
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


def _moved_hits(
    tk: _Tokens, de: int, cidx: _LevelIndex, didx: _LevelIndex, districts: tuple[Unit, ...]
) -> list[_Hit]:
    """The hits of communes written under ``districts`` (a district hit) that were under a
    district of that name before and are under another now (see :func:`_moved_communes`), one
    point below an exact name under the district written, with the warning "moved"."""
    moved = _moved_communes()
    owners: dict[Unit, None] = {}
    for d in districts:
        for c in moved.get(d.code, ()):
            owners[c] = None
    if not owners:
        return []
    dmap = _code_map(didx)
    parents = tuple(dict.fromkeys(
        dmap[c.district_code][0] for c in owners  # type: ignore[attr-defined]
    ))
    out = []
    for h in _hits(tk, de, cidx, parents, None, False):
        units = tuple(u for u in h.units if u in owners)
        if units and (h.warning is None or h.warning == "type"):
            # (a commune that changed type when it moved, "Xã Hồng Giang" of Lục Ngạn, a
            # phường of Chũ since: at the cost of the type word that does not fit)
            out.append(_Hit(h.start, units, h.score - 1.0, "moved", h.fuzzy, h.free))
    return out


def _read_legacy(
    tk: _Tokens,
    e: int,
    era: _Era,
    ph: _Hit | None,
    provinces: tuple[Unit, ...] | None,
    pscore: float,
    warns: list[AddressWarning],
    readings: list[_Reading],
) -> None:
    didx = era.index["district"]
    cidx = era.index["commune"]
    d_hits = _hits(tk, e, didx, provinces)
    d_opts: list[tuple[_Hit | None, float]] = [(h, h.score) for h in d_hits[:3]]
    if tk.fuzzy or not any(_strong(h) for h in d_hits):
        d_opts.append((None, 0.0))
    if tk.fuzzy and provinces is None and not d_hits and e == tk.stop:
        # no province, and the address ends with a district named by its name alone, no type
        # word, not in a part of its own ("xã phước vĩnh an củ chi", "hoa khanh bac lien
        # chieu"): a district only where a commune of it comes right before it
        for h in _compute_hits(tk, e, didx, None, None, False, None, loose=True)[:3]:
            d_opts.append((h.warned(_CONFIRMED), h.score + _SKIPPED))
    stale = _stale_district(tk, e) if tk.fuzzy and not d_hits else None
    if stale is not None:
        d_opts.append((None, _SKIPPED))
    cross = ph is not None and ph.warning == "cross"
    moved_from = _moved_communes()
    for dh, dscore in d_opts:
        w = list(warns)
        de = dh.start if dh else e
        if dh is None and dscore == _SKIPPED and stale is not None:
            de = stale[0]
            w.append(AddressWarning(
                _W.IGNORED_PART,
                f"ignored {stale[1]!r}: no such district on 2025-06-30 (a former name?)",
            ))
        districts = dh.units if dh else None
        if dh is not None:
            _note(dh, "district", w)
        parents = districts if districts is not None else provinces
        if tk.prune and pscore + dscore + cidx.top < tk.best:
            continue
        chits = _hits(tk, de, cidx, parents, None, True, None, tk.best - pscore - dscore)
        if dh is not None and (dh.units[0].code in moved_from or len(dh.units) > 1):
            # a commune written under the district it was in before ("Xã Kiên Lao, Huyện Lục
            # Ngạn, Tỉnh Bắc Giang": in Thị xã Chũ since 2025-01-01), where no commune of the
            # district written has the name exactly
            moved = _moved_hits(tk, de, cidx, didx, dh.units)
            if moved and not any(ch.warning is None for ch in chits):
                chits = moved + chits
        if dh is not None and dh.warning is _CONFIRMED:
            # confirmed only by a commune written exactly, or with a name it had ("P7 Gò Vấp":
            # Phường 7 is part of Phường 1 since 2025); "Phường Trường Vinh" is no misspelt
            # Phường Trường Thi of Thành phố Vinh
            chits = [ch for ch in chits if ch.warning is None or ch.warning == "former"]
        for ch in chits[:4]:
            cw = list(w)
            _note(ch, "commune", cw)
            communes = ch.units
            dist = districts
            prov = provinces
            if dist is None or ch.warning == "moved":
                dmap = _code_map(didx)
                dist = tuple(dict.fromkeys(dmap[c.district_code][0] for c in communes))  # type: ignore[attr-defined]
                if len(dist) == 1 and ch.warning != "moved":
                    cw.append(_DISTRICT_FROM_COMMUNE)
            elif len(dist) == 1 and len(communes) == 1:
                if communes[0].district_code != dist[0].code:  # type: ignore[attr-defined]
                    dist = ()
            else:
                dist = tuple(d for d in dist if any(c.district_code == d.code for c in communes))  # type: ignore[attr-defined]
            cscore = ch.score
            if cross and ch.free and (dh is None or dh.free):
                cscore += _FREE_CROSS
            if prov is None:
                pmap = _code_map(era.index["province"])
                prov = tuple(dict.fromkeys(pmap[d.province_code][0] for d in dist))  # type: ignore[attr-defined]
                if len(prov) == 1:
                    cw.append(_PROVINCE_INFERRED)
                if de == tk.stop and dh is None:
                    cscore += _province_named(tk, ch.start, de)
            found = (ph is not None) + (dh is not None) + 1
            _finish(tk, readings, era, pscore + dscore + cscore, ch.start, prov, dist,
                    communes, cw, found)
        if dh is not None and not chits and dh.warning is not _CONFIRMED:
            prov = provinces
            if prov is None:
                prov = tuple(dict.fromkeys(d.province for d in dh.units))  # type: ignore[attr-defined]
            free = _FREE_CROSS if cross and dh.free else 0.0
            _finish(tk, readings, era, pscore + dscore + free, de, prov, dh.units, None, w,
                    (ph is not None) + 1)
        if dh is None and ph is not None and not chits:
            _finish(tk, readings, era, pscore, e, provinces, None, None, w, 1)


# --------------------------------------------------------------------------------------------
# parse_address / resolve_address
# --------------------------------------------------------------------------------------------

_MAX_SCORE: Final = _EXACT + _TYPE_AGREES + _BOUNDED


def _expand(r: _Reading) -> list[tuple[Unit | None, Unit | None, Unit | None]]:
    """The distinct (province, district, commune) triples of a reading."""
    out: list[tuple[Unit | None, Unit | None, Unit | None]] = []
    if len(r.commune) == 1 and len(r.province) == 1:
        # one unit per level (most readings): the units of the reading are the commune's parents
        c, p = r.commune[0], r.province[0]
        if r.era == "current":
            if c.province_code == p.code:  # type: ignore[attr-defined]
                return [(p, None, c)]
        elif len(r.district) == 1:
            only = r.district[0]
            if c.district_code == only.code and only.province_code == p.code:  # type: ignore[attr-defined]
                return [(p, only, c)]
    if r.commune:
        for c in r.commune:
            p = c.province  # type: ignore[attr-defined]
            d = c.district if r.era == "legacy" else None  # type: ignore[attr-defined]
            out.append((p, d, c))
        return out
    if r.district:
        return [(d.province, d, None) for d in r.district]  # type: ignore[attr-defined]
    return [(p, None, None) for p in r.province]  # noqa: RUF100


def _street(tk: _Tokens, start: int, n: int) -> str | None:
    end = tk.start[start] if start < len(tk.keys) else len(tk.text)
    if start >= n and n < len(tk.keys):
        end = len(tk.text)
    street = tk.text[:end].lstrip(_STREET_EDGE).rstrip(_STREET_END)
    return street or None


_SEPARATOR: Final = re.compile(f"[{_CUTS}]")
# whether a short last segment is a country name or a postal code, by its text (the last
# segment is mostly the province, written a few ways: worth keeping)
_JUNK_TAILS: Final[dict[str, bool]] = {}


def _junk_tail(last: str) -> bool:
    found = _JUNK_TAILS.get(last)
    if found is None:
        words = _name_key(last).split()
        # digits only (a postal code, a phone number), or a country name and/or postal code
        found = "".join(words).isdigit() or not _strip_from(words, len(words))
        if len(_JUNK_TAILS) >= 4096:
            _JUNK_TAILS.clear()
        _JUNK_TAILS[last] = found
    return found


def _parse(text: str, era: EraChoice) -> ParsedAddress:
    """The best reading of ``text``: a new object each call (what the caller gets is never
    the one kept in the cache). Of a text longer than :data:`_MAX_READ` characters, only the
    end is read (from a separator or space), and the rest goes to the street."""
    if len(text) <= _MAX_READ:
        return _copy(_parse_parts(text, era))
    cut = len(text) - _MAX_READ
    at = max(text.rfind(",", 0, cut + 200), text.rfind(" ", 0, cut + 200))
    cut = at + 1 if at >= cut else cut
    tail = _parse_parts(text[cut:], era)
    head = text[:cut].strip(_STREET_EDGE)
    read = _with_prefix(tail, text, head) if head else _copy(tail)
    return _warned(read, _TRUNCATED)


_TRUNCATED: Final = AddressWarning(
    _W.TRUNCATED, f"the text is longer than {_MAX_READ} characters: only its end was read"
)


def _parse_parts(text: str, era: EraChoice) -> ParsedAddress:
    """Parse, reusing the reading of the last two or three segments when they hold the whole
    address (its commune included): addresses that differ only in the street share it."""
    cuts = [m.start() for m in _SEPARATOR.finditer(text)]
    end = len(text)
    while cuts:  # the parts after the province that are a country name or postal code
        last = text[cuts[-1] + 1 : end]
        if len(last) > 40 or not _junk_tail(last):
            break
        end = cuts.pop()
    for k in (2, 3):
        if len(cuts) <= k:
            break
        cut = cuts[-k - 1]
        tail = _parse_text(text[cut + 1 :], era)
        if tail.commune is None or any(w.code in _REREAD for w in tail.warnings):
            continue
        if _typed_commune_part(text[cuts[-k - 2] + 1 if len(cuts) > k + 1 else 0 : cut]):
            continue  # "Phường 22, Bình Thạnh, …": the whole address has another reading
        prefix = text[:cut].strip(_STREET_EDGE)
        return _with_prefix(tail, text, prefix)
    return _parse_text(text, era)


def _typed_commune_part(part: str) -> bool:
    """Whether ``part`` (of an address cut by commas) is written as a commune: a type word of
    that level and a name ("Phường 22", "Xã Tân Phú", "P.12")."""
    if part.lstrip()[:1].isdigit():
        return False  # mostly a house number: no type word (and not worth a word cache entry)
    m = _PIECE.search(part)
    word = m.group(1) if m is not None else None
    if word is None or word[0].isdigit():
        return False
    keys = _word_info(word)[0]
    if not keys or keys[0] not in _COMMUNE_FIRST:
        return False
    tk = _Tokens(part)
    return bool(tk.keys) and _commune_type(tk, 0, len(tk.keys)) > 0


_STREET_EDGE: Final = " \t\r\n,;|.-–—:/>»›→\"'“”‘’«`"
# and at its end, the opening parenthesis of a unit written in parentheses: "…, Phường Sài Gòn
# (P. Bến Nghé cũ)"
_STREET_END: Final = _STREET_EDGE + "("


# Type words of the legacy district level only ("Quận", "H.", "thị xã"): an address that has one
# is read in the legacy era first.
_DISTRICT_ONLY: Final = frozenset(k for k, tw in _PREFIX.items() if tw.levels == {"district"})
# Type words of the province level only ("Tỉnh", "T."), not one letter long
_PROVINCE_ONLY: Final = frozenset(
    k for k, tw in _PREFIX.items() if tw.levels == {"province"} and not tw.letter
)
# and their first words
_DISTRICT_FIRST: Final = frozenset(k[0] for k in _DISTRICT_ONLY)
# and every type word of the district level ("Thành phố" too), not one letter long
_DISTRICT_TYPES: Final = frozenset(
    k for k, tw in _PREFIX.items() if "district" in tw.levels and not tw.letter
)


def _names_district(tk: _Tokens, n: int) -> bool:
    """Whether the first ``n`` tokens hold a type word of the legacy district level."""
    keys = tk.type_keys
    for i in range(n):
        k = keys[i]
        if (k,) in _DISTRICT_ONLY:
            if len(k) > 1 or _letter_type(keys, tk.letter_ok, i):
                return True
        elif i + 1 < n and (k, keys[i + 1]) in _DISTRICT_ONLY:
            return True
    return False


def _district_word(tk: _Tokens, n: int) -> bool:
    """:func:`_names_district`, kept on the tokens (see :func:`_read_first`)."""
    found = tk.district_word
    if found is None:
        found = tk.district_word = _names_district(tk, n)
    return found


def _legacy_province(tk: _Tokens, n: int, cur: _Era) -> bool:
    """Whether the address ends with a province named only as in the legacy era."""
    hits = _hits(tk, n, cur.index["province"], None, cur.cross, cross_types=cur.cross_types)
    return bool(hits) and all(h.warning == "cross" for h in hits)


_CEILING: Final[dict[str, float]] = {}


def _current_ceiling(cur: _Era) -> float:
    """The highest score a current-era reading can reach: province and commune exact, typed and
    bounded, with their longest keys, plus a skipped legacy district scored the same way. A
    legacy reading above it is the best reading whatever the current era holds."""
    found = _CEILING.get("current")
    if found is None:
        # (the province's ceiling covers the legacy names too: see _Era.add_cross)
        leg = _ERAS.get("legacy")
        skipped = 2.0 + 0.1 * leg.index["district"].top if leg is not None else 0.0
        found = _CEILING["current"] = (
            cur.index["province"].top + skipped + cur.index["commune"].top + 1e-6
        )
    return found


def _clean(r: _Reading, tk: _Tokens) -> bool:
    """A current reading that names its province and its commune, each bounded by its segment or
    by a type word, with no warning, in an address where no legacy district was seen: the legacy
    era is read only when asked for (on the corpus it never wins over such a reading)."""
    return (
        r.era == "current" and bool(r.commune) and r.found == 2 and not r.warnings
        and r.score >= 2 * (_EXACT + _BOUNDED) and not tk.legacy_hint
    )



def _read_first(tk: _Tokens, n: int, eras: list[_Era]) -> list[list[_Reading]]:
    """The readings of each era of ``eras`` (in that order) that can matter for the best reading
    (an era left unread has none; every era is read when the alternatives are asked for).

    With both eras: an address with a district type word is read in the legacy era first, and
    the current era is skipped when the best legacy reading scores above anything a current
    reading can reach; otherwise the current era is read first, and the legacy era is skipped
    when the current reading is clean (see :func:`_clean`)."""
    if len(eras) < 2:
        return [_read(tk, n, e, None) for e in eras]
    cur, leg = eras
    if _district_word(tk, n) or _legacy_province(tk, n, cur):
        lr = _read(tk, n, leg, None)
        if lr and lr[0].score > _current_ceiling(cur):
            return [[], lr]
        return [_read(tk, n, cur, None), lr]
    cr = _read(tk, n, cur, None)
    if cr and _clean(cr[0], tk):
        return [cr, []]
    return [cr, _read(tk, n, leg, None)]


def _ranked(parts: list[list[_Reading]]) -> list[_Reading]:
    """The readings of every era, best first; on a tie, the current era, then the reading that
    found more levels."""
    readings = [r for part in parts for r in part]
    readings.sort(key=lambda r: (-r.score, r.era != "current", -r.found, r.start))
    return readings


def _parse_text(text: str, era: EraChoice) -> ParsedAddress:
    """The best reading of ``text`` (kept when short: see :data:`_CACHED_TEXT`)."""
    if len(text) <= _CACHED_TEXT:
        return _parse_cached(text, era)
    return _parse_uncached(text, era)


def _parse_uncached(text: str, era: EraChoice) -> ParsedAddress:
    nfc = unicodedata.normalize("NFC", text) if not text.isascii() else text
    nfc = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in nfc) \
        if not nfc.isprintable() else nfc
    found, tk, n = _read_text(text, nfc, era)
    best = found
    other = _flipped(nfc, tk, n)
    if other is not None:
        # written from the province down ("TP HCM, Quận 1, Phường Bến Nghé"): read the
        # parts the other way round too, and keep the better reading
        best = _read_flipped(text, other, era, "", found) or best
    if (other is None and not tk.segmented and (found.commune is None or found.street)) or (
        best.commune is None and tk.first_cut
    ):
        # the same without separators ("TP.HCM Quận 1 Phường Bến Nghé 12 Lê Lợi"), or in the
        # first part of an address with separators ("Tỉnh Ninh Bình Xã Đồng Thịnh Tổ 3, giao
        # giờ hành chính": what follows that part goes to the street)
        cut = (
            _flipped_words(nfc, tk, tk.first_cut, province=True) if tk.segmented
            else _flipped_words(nfc, tk, n)
        )
        if cut is not None:
            # open_end: a word that may still be part of the last unit's name
            best = _read_flipped(text, cut[0], era, cut[1], best) or best
    weak = _weak(found, tk, n)
    swapped = _swapped(nfc, tk, n) if weak else None
    if swapped is not None:
        # the district before the commune ("Quận 3, Phường 6, TP HCM"): read them the other
        # way round too, and keep the better reading
        b, _, _ = _read_text(text, swapped, era)
        if b.units and b._score > (best._score if best.units else 0.0):
            best = _warned(b, _SWAPPED)
    if weak and not tk.segmented:
        # "… Xã Quảng Lâm Tỉnh Điện Biên giao giờ hành chính": a note after the province,
        # with no separator: read with one after the province too
        noted = _note_after_province(nfc, tk, n)
        if noted is not None:
            b, _, _ = _read_text(text, noted, era)
            if b.units and b._score > (best._score if best.units else 0.0):
                best = b
    if era == "legacy" and best.commune is None and "(" in nfc:
        # "Phường Sài Gòn (P. Bến Nghé cũ), TP HCM": in the legacy era, the former unit the
        # remark names
        former = _former_remarked(nfc)
        if former is not None:
            b, _, _ = _read_text(text, former, era)
            if b.commune is not None:
                best = _warned(b, _REMARKED)
    return best


_parse_cached: Final = lru_cache(maxsize=8192)(_parse_uncached)


def _read_flipped(
    text: str, other: str, era: EraChoice, open_end: str, than: ParsedAddress
) -> ParsedAddress | None:
    """The reading of ``other`` (``text`` with its parts in reverse order, see
    :func:`_unflip` for ``open_end``) when it scores above reading ``than``, else None; when
    weak, it is compared with the reading of the same with its district part and the commune
    part after it swapped ("Tỉnh Thanh Hoá, Xã Hợp Tiến, Huyện Triệu Sơn, Ngõ 112 Lê Duẩn")."""
    flipped, ftk, fn = _read_text(text, other, era, flipped=True)
    if not flipped.units or flipped._score <= (than._score if than.units else 0.0):
        return None
    best = _unflip(flipped, open_end)
    swapped = _swapped(other, ftk, fn) if _weak(flipped, ftk, fn) else None
    if swapped is not None:
        b, _, _ = _read_text(text, swapped, era, flipped=True)
        if b.units and b._score > flipped._score:
            best = _warned(_unflip(b, open_end), _SWAPPED)
    return best


def _weak(a: ParsedAddress, tk: _Tokens, n: int) -> bool:
    """Whether reading ``a`` of the tokens ``tk`` may have a better reading with parts in
    another order: a reading that found every level, with no warning, needs none; a current
    one, only where no legacy district is written."""
    return bool(
        a.commune is None or a.warnings or a.confidence < 0.9
        or (a.era == "current" and a.street is not None and _district_word(tk, n))
    )


def _warned(a: ParsedAddress, warning: AddressWarning) -> ParsedAddress:
    """``a`` (a reading of the text written another way, for the same ``text``) with
    ``warning`` added."""
    return _parsed(
        a.text, a.street, a.province, a.district, a.commune, a.era, a.confidence,
        (*a.warnings, warning), a._alternatives, a._prefix, a._score, a._later,
    )


def _note_after_province(nfc: str, tk: _Tokens, n: int) -> str | None:
    """``nfc`` with a comma after the last province name written after its type word that two
    to twelve words with no type word follow, not starting with a province name ("… Tỉnh Nghệ
    An giao giờ hành chính"); None when there is none."""
    keys = tk.keys
    names = _province_tables()[1]
    for t in range(n - 3, max(0, n - 20) - 1, -1):
        for k in (2, 1):
            if tuple(keys[t : t + k]) in _PROVINCE_WORDS:
                break
        else:
            continue
        s = t + k
        for j in range(min(n - 2, s + 5), s, -1):
            if " ".join(keys[s:j]) in names:
                if (
                    n - j > 12
                    or any(tuple(keys[i : i + w]) in _PREFIX for i in range(j, n) for w in (1, 2))
                    or any(" ".join(keys[j : j + w]) in names for w in range(1, 6))
                ):
                    return None  # type words or a province name after: no note ("TP Cà Mau
                    # Cà Mau" is a district and its province)
                return f"{nfc[: tk.end[j - 1]]},{nfc[tk.end[j - 1] :]}"
    return None


_REMARKED: Final = AddressWarning(
    _W.REMARK, "read with the former unit that a remark in parentheses names"
)
_FORMER_MARK: Final = re.compile(
    r"^\s*trước\s+(?:đây|kia)(?:\s+là)?\b|^\s*former(?:ly)?\b", re.IGNORECASE
)


def _former_remarked(nfc: str) -> str | None:
    """``nfc`` with each part that ends with a remark naming a former unit ("cũ", "trước đây
    là …", "former …") replaced by the remark's text; None when it has none."""
    out = []
    last = 0
    for a, b in _notes(nfc):
        inner = nfc[a + 1 : b - 1]
        if not re.search(r"\bcũ\b", inner, re.IGNORECASE) and not _FORMER_MARK.search(inner):
            continue  # "(nay là …)" names the present unit
        cut = max(nfc.rfind(ch, last, a) for ch in _CUTS)
        start = cut + 1 if cut >= last else last
        out.append(nfc[last:start])
        out.append(" " + _FORMER_MARK.sub("", inner).strip() + " ")
        last = b
    if not out:
        return None
    out.append(nfc[last:])
    return "".join(out)


_FLIPPED: Final = AddressWarning(
    _W.REVERSED, "read with its parts in reverse order: it starts with its largest unit"
)
# Dashes and slashes between parts, where an address has no comma (or other separator)
_SLASHES: Final = re.compile(r"\s*/\s*")


def _flipped(nfc: str, tk: _Tokens, n: int) -> str | None:
    """``nfc`` with its parts in reverse order (a country name or postal code dropped) when
    it has several parts, cut by commas (or, with none, by slashes), and the first is a
    province name of either era (or a typed legacy district); else None."""
    head = tk.keys[0] if n else ""
    if head not in _first_words() and not (head.isdigit() and 5 <= len(head) <= 6):
        return None  # most addresses start with a house number or a street word
    if tk.segmented:
        keys = tk.keys
        parts = _segments(tk, n)
        # the first part, after a country name or postal code ("Việt Nam, Tỉnh Lào Cai
        # 700000, …"), without a postal code of its own
        for lo, hi in parts[:-1]:
            first = _strip_from(keys, hi)
            if first > lo:
                break
        else:
            return None
        head_part = keys[lo:first]
        if not (
            _province_keys(head_part) or _district_keys(head_part) or _typed_province(head_part)
        ):
            return None
        texts = [nfc[tk.start[lo] : tk.end[hi - 1]] for lo, hi in parts]
        # a remark in parentheses after a part ("T. Nghệ An (gần chợ), X. Châu Hồng, …") is
        # no unit: it goes with the street, first once reversed
        remark = [bool(lo) and _after_bracket(nfc, tk.start[lo]) for lo, _ in parts]
        if any(remark):
            texts = [t for t, r in zip(texts, remark, strict=True) if not r] + [
                t for t, r in zip(texts, remark, strict=True) if r
            ]
    elif "/" in nfc and n:
        texts = _SLASHES.split(nfc)
        keys = _Tokens(texts[0]).keys
        if not keys or not _province_keys(keys):
            return None
    else:
        return None
    texts = [p.strip() for p in texts]
    return ", ".join(p for p in reversed(texts) if p and not _junk_tail(p))


def _after_bracket(text: str, i: int) -> bool:
    """Whether an opening parenthesis, and only spaces after it, stand before ``text[i]``."""
    i -= 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i >= 0 and text[i] == "("


_SWAPPED: Final = AddressWarning(
    _W.SWAPPED, "read with its district and commune parts swapped: the district comes first"
)


def _swapped(nfc: str, tk: _Tokens, n: int) -> str | None:
    """``nfc`` with a part written as a legacy district (with a type word of that level only)
    and the part written as a commune right after it swapped ("Quận 3, Phường 6, TP HCM" ->
    "Phường 6, Quận 3, TP HCM"); None when it has no such parts. Without separators, the
    parts run from their type word to the next one, and the commune's must be followed by a
    province type word ("… Huyện Định Hoá Xã Phượng Tiến Tỉnh Thái Nguyên")."""
    if not tk.segmented:
        return _swapped_words(nfc, tk, n)
    keys = tk.type_keys
    seg_lo = tk.seg_lo
    for a in range(n - 1):
        if seg_lo[a] != a or keys[a] not in _DISTRICT_FIRST:
            continue  # (most parts: a quick test before the part is measured)
        b = a + 1
        while b < n and seg_lo[b] == a:
            b += 1
        k = _district_type(tk, a, b)
        if not k or b - a <= k or b >= n:
            continue
        d = b + 1
        while d < n and seg_lo[d] == b:
            d += 1
        if _commune_type(tk, b, d):
            parts = _segments(tk, n)
            x = next(i for i, (lo, _) in enumerate(parts) if lo == a)
            texts = [nfc[tk.start[lo] : tk.end[hi - 1]] for lo, hi in parts]
            texts[x], texts[x + 1] = texts[x + 1], texts[x]
            return ", ".join(texts)
    return None


def _district_type(tk: _Tokens, i: int, n: int) -> int:
    """The length of a type word of the legacy district level only ("Quận", "Huyện", "Thị xã",
    "H."; see :func:`_unit_type_at`) at token ``i``, with more tokens after it before ``n``; 0
    when there is none."""
    if tk.type_keys[i] not in _DISTRICT_FIRST:
        return 0  # (most tokens: a quick test)
    t, tw = _unit_type_at(tk, i, n)
    return t if tw.levels == {"district"} else 0


def _swapped_words(nfc: str, tk: _Tokens, n: int) -> str | None:
    """:func:`_swapped` for an address without separators."""
    keys = tk.type_keys
    for a in range(n - 2):
        k = _district_type(tk, a, n)
        if not k:
            continue
        b = next((j for j in range(a + k + 1, n) if _unit_type_at(tk, j, n)[0]), n)
        t, tw = _unit_type_at(tk, b, n) if b < n else (0, _NO_TYPE)
        if not t or tw.levels != {"commune"}:
            continue
        c = next(
            (
                j for j in range(b + t + 1, n)
                if any(tuple(keys[j : j + w]) in _PROVINCE_TYPES for w in (2, 1))
            ),
            n,
        )
        if c >= n:
            return None
        district = nfc[tk.start[a] : tk.end[b - 1]]
        commune = nfc[tk.start[b] : tk.end[c - 1]]
        return f"{nfc[: tk.start[a]]}{commune} {district} {nfc[tk.start[c] :]}"
    return None


def _flipped_words(
    nfc: str, tk: _Tokens, n: int, province: bool = False
) -> tuple[str, str] | None:
    """``nfc``, an address with no separators written from its largest unit down ("TP.HCM Quận
    1 Phường Bến Nghé 12 Lê Lợi", "Ha Noi Cau Giay Dich Vong Hau", "Quận 8 Phường 5 212 Phạm
    Thế Hiển"), cut into parts and written the other way round ("12 Lê Lợi, Phường Bến Nghé,
    Quận 1, TP.HCM"); else None.

    A country name at the start is dropped. The province comes first: its longest name of
    either era (with a postal code after it), or a province type word and the words up to the
    next type word (a misspelt name). At most two parts follow (the first part, without a
    province, has a type word), each a type word (or none) and the longest name of a legacy
    district or of a commune of either era after it (a bare number is no part: a house
    number), with an English type word after it; after a type word, a name no unit has runs up
    to a number, a street word or the next type word (a misspelt name). The last part is the
    one after a commune type word; what is left is the street.

    Also the word after the last part when nothing marks where that part ends (no number,
    street word, type word or end of the address after it: "Xã Quế Sơn Trunf Số 38 …" may be
    a misspelt Quế Sơn Trung), else "". With ``province``, None unless a province comes
    first."""
    keys = tk.keys
    i = 0
    for c in _COUNTRY:  # "Việt Nam Hà Nội Đống Đa …"
        if tuple(keys[: len(c)]) == c:
            i = len(c)
            while i < n and keys[i].isdigit() and 5 <= len(keys[i]) <= 6:
                i += 1  # and a postal code: "Việt Nam 700000 TP HCM …"
            break
    if n - i < 2:
        return None
    first = i
    if keys[i] in _first_words():
        k = next((k for k in range(min(n - i - 1, 8), 0, -1) if _province_keys(keys[i : i + k])), 0)
        if not k and any(tuple(keys[i : i + t]) in _PROVINCE_TYPES for t in (2, 1)):
            # "Tỉnh Phú Th Xã Lâm Thao …": a province type word, the words up to the next type word
            k = next((j for j in range(i + 2, n) if _unit_type_at(tk, j, n)[0]), i) - i
        i += k
        while i < n and keys[i].isdigit() and 5 <= len(keys[i]) <= 6:
            i += 1  # a postal code after the province
    if province and i == first:
        return None
    cuts = [first, i] if i > first else [first]
    tables = [
        e.index[lv].exact for e in _ERAS.values() for lv in ("district", "commune")
        if lv in e.levels
    ]
    longest = max((e.index[lv].maxlen for e in _ERAS.values() for lv in e.levels), default=1)
    parts = 0
    while i < n and parts < 2:
        typed, tw = _unit_type_at(tk, i, n)
        if not typed and len(cuts) == 1:
            return None  # no province: the first part has a type word
        j = i + typed
        size = next(
            (
                size for size in range(min(longest, n - j), 0, -1)
                if any(" ".join(keys[j : j + size]) in t for t in tables)
                and (typed or not keys[j].isdigit())
            ),
            0,
        )
        if not size and typed:
            # a name no unit has (misspelt): up to a number, a street word or a type word
            while j + size < n and size < 4 and not (
                keys[j + size].isdigit() or keys[j + size] in _STREET_WORDS
                or _unit_type_at(tk, j + size, n)[0]
            ):
                size += 1
        if not size:
            break
        i = j + size
        while i < n and i in tk.bracketed:  # "Cư Prao (Xã)": its type word in brackets after it
            i += 1
        for t in (2, 1):  # "Ung Hoa Commune", "Tu Ky District"
            sw = _SUFFIX.get(tuple(keys[i : i + t])) if not typed and i + t <= n else None
            if sw is not None and sw.levels & {"district", "commune"}:
                i += t
                break
        cuts.append(i)
        parts += 1
        if typed and tw.levels == {"commune"} and not (
            parts < 2 and i < n and _district_type(tk, i, n)
        ):
            break  # (unless its legacy district follows it: "Tỉnh Lạng Sơn Xã Tân Thành
            # Huyện Hữu Lũng 54 Nguyễn Huệ", read swapped too, see _read_flipped)
    if not parts:
        return None
    texts = [nfc[tk.start[a] : tk.end[b - 1]] for a, b in itertools.pairwise(cuts)]
    rest = nfc[tk.start[i] :].strip() if i < len(keys) else ""
    open_end = ""
    if i < n and not (
        keys[i].isdigit() or keys[i] in _STREET_WORDS or _unit_type_at(tk, i, n)[0]
    ):
        open_end = nfc[tk.start[i] : tk.end[i]]
    return ", ".join(p for p in (rest, *reversed(texts)) if p), open_end


def _unit_type_at(tk: _Tokens, i: int, n: int) -> tuple[int, _TypeWord]:
    """The length of a type word of the district or commune level at token ``i`` with more
    tokens after it before ``n`` (0 when there is none), and the type word."""
    for t in (2, 1):
        tw = _PREFIX.get(tuple(tk.type_keys[i : i + t])) if i + t < n else None
        if tw is not None and tw.levels & {"district", "commune"} and (
            not tw.letter or _letter_type(tk.type_keys, tk.letter_ok, i)
        ):
            return t, tw
    return 0, _NO_TYPE


def _segments(tk: _Tokens, n: int) -> list[tuple[int, int]]:
    """The token ranges of the parts of the first ``n`` tokens."""
    seg_lo = tk.seg_lo
    out = []
    i = 0
    while i < n:
        j = i + 1
        while j < n and seg_lo[j] == seg_lo[i]:
            j += 1
        out.append((i, j))
        i = j
    return out


def _province_keys(keys: list[str]) -> bool:
    """Whether ``keys`` name a province of either era (with or without a type word, or an
    English one after it: "Nghe An Province")."""
    last_words, names = _province_tables()
    b = len(keys)
    for k in (2, 1):
        sw = _SUFFIX.get(tuple(keys[b - k : b])) if b > k else None
        if sw is not None and "province" in sw.levels:
            b -= k
            break
    if keys[b - 1] not in last_words:
        return False
    start = 0
    for k in range(min(_TYPE_MAX, b - 1), 0, -1):
        tw = _PREFIX.get(tuple(keys[:k]))
        if tw is not None and "province" in tw.levels:
            start = k
            break
    return " ".join(keys[start:b]) in names


def _typed_province(keys: list[str]) -> bool:
    """Whether ``keys`` are a type word of the province level only and more words ("Tỉnh
    Than Hóa": maybe a misspelt province starting an address written the other way round)."""
    return any(len(keys) > k and tuple(keys[:k]) in _PROVINCE_ONLY for k in (2, 1))


def _district_keys(keys: list[str]) -> bool:
    """Whether ``keys`` are a type word of the legacy district level and the name of a legacy
    district ("Quận Tân Bình": an address from the district down, its province left out)."""
    leg = _ERAS.get("legacy")
    if leg is None:
        return False
    for k in (2, 1):
        if len(keys) > k and tuple(keys[:k]) in _DISTRICT_TYPES:
            return " ".join(keys[k:]) in leg.index["district"].exact
    return False


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """The words an address written from its largest unit down can start with: the first word
    of a province name or key of either era, of a province or district type word, or of a
    country name."""
    tables = [e.index["province"].exact for e in _ERAS.values()]
    words = {k.split(" ", 1)[0] for t in tables for k in t}
    words.update(
        k[0] for k, tw in _PREFIX.items() if tw.levels & {"province", "district"}
    )
    words.update(c[0] for c in _COUNTRY)
    return frozenset(words)


@lru_cache(maxsize=1)
def _province_tables() -> tuple[frozenset[str], frozenset[str]]:
    """The last words of the province keys of both eras, and those keys."""
    names = frozenset(k for e in _ERAS.values() for k in e.index["province"].exact)
    return frozenset(k.rsplit(" ", 1)[-1] for k in names), names


def _unflip(a: ParsedAddress, open_end: str = "") -> ParsedAddress:
    """A reading of the flipped text, with its street segments back in their written order
    (and, when the end of its last unit's name is not marked, a warning and less confidence:
    see :func:`_flipped_words`)."""
    street = ", ".join(reversed(a.street.split(", "))) if a.street else a.street
    warns = (*a.warnings, _FLIPPED)
    confidence = a.confidence
    if open_end:
        warns = (*warns, AddressWarning(
            _W.OPEN_END,
            f"nothing marks where the last unit's name ends: {open_end!r} after it may be part"
            " of it",
        ))
        confidence = round(confidence * _OPEN_END, 3)
    return _parsed(
        a.text, street, a.province, a.district, a.commune, a.era, confidence,
        warns, a._alternatives, a._prefix, a._score, a._later,
    )


# the confidence of a reading whose last unit's name may go on into the street, relative
_OPEN_END: Final = 0.8


def _read_text(
    text: str, nfc: str, era: EraChoice, flipped: bool = False
) -> tuple[ParsedAddress, _Tokens, int]:
    """The best reading of ``nfc`` (``text`` normalised), as the result for ``text``, with the
    tokens it was read from and their number before a country name or postal code."""
    tk = _Tokens(nfc)
    n = _strip_tail(tk)
    eras: list[_Era] = []
    names: tuple[Literal["current", "legacy"], ...] = ("current", "legacy")
    for name in names:
        if era in ("auto", name):
            built = _era(name)
            if built is not None:
                eras.append(built)
    parts: list[list[_Reading]] = []
    if n:
        parts = _read_first(tk, n, eras)
        first: _Reading | None = None  # the first of the best-scored readings
        for part in parts:
            for r in part:
                if first is None or r.score > first.score:
                    first = r
        again = (
            first is None or not first.commune
            or any(w.code in _IGNORED for w in first.warnings)
            # a typed commune left before the reading: maybe a former name (legacy only)
            or (eras[-1].era == "legacy" and _typed_commune_before(tk, first.start) is not None)
        )
        if not again and (
            first is not None and first.era == "current" and tk.legacy_hint
            and eras[-1].era == "legacy" and _named_part_before(tk, first.start)
        ):
            # a current commune named like the legacy district it follows, a part before it
            # ("Xóm 2, Hưng Mỹ, Hưng Nguyên, Nghệ An": Hưng Mỹ is part of Xã Thịnh Mỹ, of Huyện
            # Hưng Nguyên, since 2025): maybe a legacy commune's former name (not a typo: the
            # part may be a hamlet no unit is named after)
            again = True
            tk.typos = False
        elif not again and (
            first is not None and first.era == "legacy" and first.start < n
            and _DISTRICT_FROM_COMMUNE in first.warnings and not tk.bracketed
            and not _unit_type_at(tk, first.start, n)[0]
            and _named_part_before(tk, first.start)
        ):
            # a commune with no type word, its district inferred, a part before it ("Mỹ Thắng,
            # Mỹ Lộc, Nam Định": Xã Mỹ Lộc, or Xã Mỹ Thắng under Huyện Mỹ Lộc, merged into
            # Thành phố Nam Định in 2024): maybe a district of an earlier date
            again = True
            tk.typos = False
        if again:
            tk.fuzzy = True  # second pass: allow former names and typos
            tk.best = _NO_SCORE
            parts = _read_first(tk, n, eras)
    readings = _ranked(parts)
    if not readings:
        return ParsedAddress(
            text=text, street=_street(tk, len(tk.keys), n), confidence=0.0,
            warnings=(_NOT_FOUND,),
        ), tk, n
    later = _Later(text, nfc, tk.fuzzy, tuple(e.era for e in eras), flipped, tk.typos)
    r0 = readings[0]
    triples = _expand(r0)
    # another reading of the best one's era scores as well (ties of the same era come right
    # after the best reading: readings are sorted by score, then era)
    best = triples[0]
    for r in readings:
        if any(t != best for t in (triples if r is r0 else _expand(r))):
            later.tied = r.score >= r0.score and r.era == r0.era
            break
    p, d, c = best
    return _make(text, tk, n, r0, len(triples), p, d, c, later), tk, n


def _named_part_before(tk: _Tokens, start: int) -> bool:
    """Whether the tokens before ``start`` (where a reading's units start, a part of the
    address) end with a part that may hold a name: no house number or type word starts it."""
    if not 0 < start < len(tk.keys) or tk.seg_lo[start] != start:
        return False
    a = tk.seg_lo[start - 1]
    return not (tk.keys[a][0].isdigit() or _unit_type_at(tk, a, start)[0])


def _make(
    text: str, tk: _Tokens, n: int, r: _Reading, k: int, p: Unit | None, d: Unit | None,
    c: Unit | None, later: _Later | None,
) -> ParsedAddress:
    """The reading ``r`` of ``text`` with its units ``p, d, c`` (one of its ``k`` triples)."""
    levels = 3 if r.era == "legacy" else 2
    conf = max(0.0, min(1.0, r.score / (_MAX_SCORE * levels)))
    warns = r.warnings
    if k > 1:
        conf /= k
        warns = (*warns, AddressWarning(_W.TIE, f"{k} units fit equally; see alternatives"))
    nfc = tk.text
    end = tk.start[r.start] if r.start < len(tk.keys) else len(nfc)
    if r.start >= n and n < len(tk.keys):
        end = len(nfc)
    street = nfc[:end].lstrip(_STREET_EDGE).rstrip(_STREET_END) or None
    if c is None and p is not None and street is not None:
        left_commune = _commune_left(tk, r.start, p, d, r.era)
        if left_commune is not None:
            warns = (*warns, left_commune)
    elif c is not None and street is not None:
        a = _typed_commune_before(tk, r.start)
        if a is not None:  # "Xã Tân Đồng, Trấn Yên, Tỉnh Lào Cai" read as current: Xã Trấn Yên
            written = nfc[tk.start[a] : tk.end[r.start - 1]]
            warns = (*warns, AddressWarning(
                _W.LEFT_IN_STREET,
                f"{written!r} is written as a commune but left in the street part",
            ))
        if r.era == "current" and p is not None and _district_word(tk, n):
            left = _district_left(tk, r.start, p)
            if left is not None:  # "216 Nguyễn Thị Minh Khai Huyện Cao Lộc Xã Thuỵ Hùng …"
                warns = (*warns, AddressWarning(
                    _W.LEFT_IN_STREET,
                    f"{left!r} is written as a legacy district but left in the street part",
                ))
                conf *= _OPEN_END
    return _parsed(text, street, p, d, c, r.era, round(conf, 3), warns, (), "", r.score, later)


def _district_left(tk: _Tokens, start: int, p: Unit) -> str | None:
    """A legacy district of the current province ``p`` written with a type word of that level
    only in the tokens before ``start`` (a current reading's street part), as written; else
    None."""
    leg = _ERAS.get("legacy")
    if leg is None:
        return None
    didx = leg.index["district"]
    parents = _legacy_parents(leg, (p,))
    for i in range(start - 1):
        k = _district_type(tk, i, start)
        if not k:
            continue
        for j in range(min(start, i + k + didx.maxlen), i + k, -1):
            if didx.lookup(" ".join(tk.keys[i + k : j]), parents):
                return tk.text[tk.start[i] : tk.end[j - 1]]
    return None


# the first words of the type words of the commune level ("phuong", "p", "xa", "thi", …)
_COMMUNE_FIRST: Final = frozenset(k[0] for k, tw in _PREFIX.items() if "commune" in tw.levels)


def _commune_type(tk: _Tokens, a: int, start: int) -> int:
    """The length of a commune type word starting the part ``[a, start)`` with a name after
    it ("Phường Bến Nghé", "P.21"), or 0."""
    keys = tk.type_keys
    if keys[a] not in _COMMUNE_FIRST:
        return 0
    for k in (2, 1):
        tw = _PREFIX.get(tuple(keys[a : a + k])) if start - a > k else None
        if tw is not None and "commune" in tw.levels and (tk.letter_ok[a] or not tw.letter):
            return k
    return 0


def _typed_commune_before(tk: _Tokens, start: int) -> int | None:
    """Where the commune written with its type word right before ``start`` (where a reading's
    first unit starts) begins, which the reading leaves in its street part: a whole part
    ("…, Phường 21, Bình Thạnh, TP HCM"), or a type word and a number ("P15 Bình Thạnh");
    None when there is none. A commune that has another name since (read in the second pass)
    is written so."""
    if not 1 < start < len(tk.keys):
        return None
    if tk.seg_lo[start] == start:
        a = tk.seg_lo[start - 1]
        k = _commune_type(tk, a, start)
        return a if k and start - a - k <= 4 else None
    a = start - 2
    return a if _commune_type(tk, a, start) == 1 and tk.keys[a + 1].isdigit() else None


def _commune_left(
    tk: _Tokens, start: int, p: Unit, d: Unit | None, era: Literal["current", "legacy"]
) -> AddressWarning | None:
    """A warning when a reading with no commune leaves in its street part, right before its
    first unit, a segment written as a commune of its province (a type word and a name) that
    does not fit the rest ("Phường Bến Nghé, Quận 3": Bến Nghé is in Quận 1); else None."""
    keys = tk.keys
    seg_lo = tk.seg_lo
    if not 0 < start < len(keys) or seg_lo[start] != start:
        return None
    a = seg_lo[start - 1]
    k = _commune_type(tk, a, start)
    if not k:
        return None
    built = _ERAS.get(era)
    if built is None or not built.index["commune"].lookup(" ".join(keys[a + k : start]), [p]):
        return None
    written = tk.text[tk.start[a] : tk.end[start - 1]]
    place = d.full_name if d is not None else "the rest of the address"
    return AddressWarning(
        _W.LEFT_IN_STREET,
        f"{written!r} names a commune of {p.full_name}, but it does not fit {place}: left in"
        " the street part",
    )


@final
class _Later:
    """What it takes to make the other readings of an address into :class:`ParsedAddress`
    objects when its ``alternatives`` are asked for (most callers only want the best reading).

    Only the text, the eras read and the pass that gave the best reading are kept (a parsed
    address stays in the cache, and its tokens and readings would be many objects for the
    garbage collector to walk): the readings depend on nothing else, and are made again, every
    branch of every era read, on first use. The eras are kept by name, so that a pickled
    result carries a few strings, not the indexes."""

    __slots__ = ("_done", "eras", "flipped", "fuzzy", "nfc", "text", "tied", "typos")

    def __init__(
        self, text: str, nfc: str, fuzzy: bool, eras: tuple[Literal["current", "legacy"], ...],
        flipped: bool = False, typos: bool = True, tied: bool = False,
    ) -> None:
        self.text = text
        self.nfc = nfc
        self.fuzzy = fuzzy
        self.typos = typos
        self.eras = eras
        self.flipped = flipped  # nfc is the text with its segments in reverse order
        self._done: tuple[ParsedAddress, ...] | None = None
        self.tied = tied  # the best reading has a tie of its era (set by the caller)

    def __reduce__(self) -> tuple[Any, ...]:
        return _Later, (
            self.text, self.nfc, self.fuzzy, self.eras, self.flipped, self.typos, self.tied
        )

    def _readings(self) -> tuple[_Tokens, int, list[_Reading]]:
        """The tokens, their number before a country name or postal code, and every reading
        of every era, best first."""
        tk = _Tokens(self.nfc)
        n = _strip_tail(tk)
        tk.fuzzy = self.fuzzy
        tk.typos = self.typos
        tk.prune = False
        eras = [e for e in map(_era, self.eras) if e is not None]
        return tk, n, _ranked([_read(tk, n, e, None) for e in eras]) if n else []

    def results(self) -> Iterator[ParsedAddress]:
        """Every reading as a result, best first, each (province, district, commune) once."""
        tk, n, readings = self._readings()
        seen: set[tuple[Unit | None, ...]] = set()
        top = readings[0].score if readings else 0.0
        count = 0
        for r in readings:
            triples = _expand(r)
            for p, d, c in triples:
                if (p, d, c) in seen:
                    continue
                seen.add((p, d, c))
                count += 1
                made = _make(self.text, tk, n, r, len(triples), p, d, c, None)
                yield _unflip(made) if self.flipped else made
            if count >= 8 and r.score < top:
                return

    def alternatives(self) -> tuple[ParsedAddress, ...]:
        done = self._done
        if done is None:  # two threads may both make them: the same values
            done = self._done = tuple(self.results())[1:6]
        return done


# --------------------------------------------------------------------------------------------
# Conversion (convert_address) and writing (format_address)
# --------------------------------------------------------------------------------------------

_SHORT: Final = {
    "tỉnh": "T.", "thành phố": "TP.", "quận": "Q.", "huyện": "H.", "thị xã": "TX.",
    "phường": "P.", "xã": "X.", "thị trấn": "TT.", "đặc khu": "ĐK.",
}  # fmt: skip


def _unit_text(unit: Unit, style: Style) -> str:
    if style == "full":
        return unit.full_name
    if style == "english":
        return unit.english_name
    return f"{_SHORT[unit.unit_type.value]}{unit.name}"


@lru_cache(maxsize=8192)
def _unit_tail(unit: Unit, style: Style, today: _dt.date) -> str:
    """A unit and its parents, written in ``style`` (kept per day, as a current unit's type,
    and so its full name, can change on a date: conversion writes the same few thousand
    current communes over and over)."""
    return ", ".join(_unit_text(u, style) for u in (unit, *unit._parents()))


@lru_cache(maxsize=4096)
def _convert(unit: Unit) -> tuple[Any, ...]:
    """The candidates of ``vn_units.lineage.convert(unit)``, kept (the lineage of a unit never
    changes): current communes, or the current province of a legacy province."""
    from vn_units.lineage import convert

    return tuple(c for c in convert(unit).candidates if isinstance(c, (Commune, Province)))


def _with_street(street: str | None, tail: str) -> str:
    """``street, tail``, as format_address writes an address (either may be empty)."""
    street = street.strip() if street else None
    if not street:
        return tail
    return f"{street}, {tail}" if tail else street


def _parsed_tail(parsed: ParsedAddress, style: Style) -> str:
    """The units of a reading, smallest first, written in ``style``."""
    units = (parsed.commune, parsed.district, parsed.province)
    return ", ".join(_unit_text(u, style) for u in units if u is not None)


def _converted(parsed: ParsedAddress, style: Style) -> AddressConversion:
    """The result of ``convert_address`` for the reading ``parsed`` (see there): the
    candidates of ``parsed`` and of every other reading of its era that scores as well and
    finds the same levels (a tie is never broken silently; a bare name that is a province and
    also a district stays the province)."""
    readings = [parsed]
    if parsed.is_ambiguous:
        levels = _levels(parsed)
        readings.extend(
            a for a in parsed.alternatives
            if a.era == parsed.era and a._score >= parsed._score and _levels(a) == levels
        )
    if len(readings) == 1:
        return AddressConversion(parsed, *_converted_one(parsed, style))
    cands: dict[Commune, str] = {}  # every candidate of every tying reading, with its address
    provinces: dict[Province | None, None] = {}
    for reading in readings:
        rc, ra, rp = _converted_one(reading, style)
        if rc:
            for c, a in zip(rc, ra, strict=True):
                cands.setdefault(c, a)
        provinces[rp] = None
    prov = next(iter(provinces)) if len(provinces) == 1 else None
    if cands:
        return AddressConversion(parsed, tuple(cands), tuple(cands.values()), prov)
    # tying readings without a commune: an address only if they agree on the province
    addresses = _converted_one(parsed, style)[1] if prov is not None else ()
    return AddressConversion(parsed, (), addresses, prov)


def _levels(a: ParsedAddress) -> tuple[bool, bool, bool]:
    return a.province is None, a.district is None, a.commune is None


def _converted_one(
    parsed: ParsedAddress, style: Style
) -> tuple[tuple[Commune, ...], tuple[str, ...], Province | None]:
    """The current communes, addresses and province of one reading."""
    if parsed.era == "current":
        cands: tuple[Commune, ...] = (
            (parsed.commune,) if isinstance(parsed.commune, Commune) else ()
        )
        prov = parsed.province if isinstance(parsed.province, Province) else None
        addr = _with_street(parsed.street, _parsed_tail(parsed, style)) if parsed.units else (
            parsed.street or ""
        )
        return cands, (addr,), prov
    source: Unit | None = parsed.commune or parsed.district
    prov = None
    if parsed.province is not None:
        prov = next((c for c in _convert(parsed.province) if isinstance(c, Province)), None)
    if source is None:
        if prov is None:
            return (), (), None
        tail = _unit_tail(prov, style, _dt.date.today())
        return (), (_with_street(parsed.street, tail),), prov
    cands = tuple(c for c in _convert(source) if isinstance(c, Commune))
    if cands and prov is None:
        prov = cands[0].province
    today = _dt.date.today()  # read once for every candidate
    addresses = tuple(_with_street(parsed.street, _unit_tail(c, style, today)) for c in cands)
    return cands, addresses, prov


def _clear_caches() -> None:
    """Forget every parsed text, matched province segment, per-segment test, converted unit
    and written unit (the per-word cache and the indexes stay); for benchmarks that must parse
    addresses afresh."""
    _parse_cached.cache_clear()
    _convert.cache_clear()
    _unit_tail.cache_clear()
    _HITS_CACHE.clear()
    _JUNK_TAILS.clear()
    _STALE.clear()


def _debug(text: str, era: EraChoice = "auto") -> list[Any]:  # pragma: no cover
    """Every reading with its score (for development)."""
    tk = _Tokens(unicodedata.normalize("NFC", text))
    n = _strip_tail(tk)
    out: list[Any] = []
    names: tuple[Literal["current", "legacy"], ...] = ("current", "legacy")
    for name in names:
        if era in ("auto", name):
            built = _era(name)
            if built is not None:
                out.extend(_read(tk, n, built, None))
    return sorted(out, key=lambda r: -r.score)
