"""Words and type words: what the reader knows of one word.

The pattern that cuts a text into words and separators, the key tokens of a word
(normalised once, kept in a cache bounded in entries and bytes), the type words of each
level ("Phường", "P.", "Q", "Thành phố", "TX"…), their misspellings and a type word glued to
a name, the words that start a street part, the tail of an address that is no unit (a
country name, a postal code, a phone number), and the words of the units' names (read from
the bundled data on first use, not when the module is imported).
"""

from __future__ import annotations

import bisect
import itertools
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, final

from vn_units.text import TYPE_FORMS as _TYPE_FORMS
from vn_units.text import normalize as _normalize

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


def _keys_of(word: str) -> tuple[str, ...]:
    """The key tokens of one word ("P01" -> ("p", "1")); single roman letters stay letters."""
    low = word.lower()
    if low in _ROMAN_LETTERS:
        return (low,)
    return tuple(_normalize(word).split())


_cached_keys: Final = lru_cache(maxsize=1 << 16)(_keys_of)


def _word_keys(word: str) -> tuple[str, ...]:
    """:func:`_keys_of`, kept per word up to :data:`_CACHED_WORD` characters (no name has a
    longer word: a text of long distinct words would fill the cache with them, up to a few
    kilobytes an entry)."""
    if len(word) > _CACHED_WORD:
        return _keys_of(word)
    return _cached_keys(word)


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
    their diacritics: :func:`_type_fit`), nor a street word as written ("Phòng"; "Phờng" is
    Phường). Empty where none."""
    if len(word) < 4:
        return ""
    low = unicodedata.normalize("NFC", word.lower())
    if low in _STREET_SPELLINGS.get(key, ()):
        return ""
    for spelling, tkey in _WRITTEN_TYPES:
        if key != tkey and low[0] == spelling[0] and _one_letter_off(low, spelling):
            return "" if low in _name_written() else tkey
    return ""


# The words of the units' names and the keys of each unit (see docs/data-format.md,
# "name_keys.json"): derived from the bundled tables by ``python -m databuild`` with
# :func:`name_words` and ``_gazetteer.unit_keys``, so that a first parse reads them instead of
# normalising 14,149 names (tests/test_name_keys.py checks that both give the same).
NAME_KEYS: Final = "name_keys.json"


# the groups of name_keys.json read and not handed out yet (see _name_groups)
_NAME_FILE: Final[dict[str, Any]] = {}


_NAME_FILE_LOCK: Final = threading.Lock()


_NAME_FILE_READ: Final[list[bool]] = []


def _name_groups(*groups: str) -> list[Any]:
    """Groups of ``name_keys.json`` (checked against MANIFEST.json): the file is read once and
    each group handed out once (its reader keeps what it derives from it, and the group is not
    kept twice); a group asked for again is read again."""
    with _NAME_FILE_LOCK:
        missing = [g for g in groups if g not in _NAME_FILE]
        if missing:
            from vn_units._errors import DataError
            from vn_units._resources import read_checked

            loaded = read_checked(NAME_KEYS)
            if not isinstance(loaded, dict) or any(g not in loaded for g in missing):
                raise DataError(f"bundled {NAME_KEYS} lacks {missing}")
            if _NAME_FILE_READ:
                _NAME_FILE.update({g: loaded[g] for g in missing})
            else:  # (the first read: the other groups wait for their readers)
                _NAME_FILE.update(loaded)
                _NAME_FILE_READ.append(True)
        return [_NAME_FILE.pop(g) for g in groups]


def name_words(names: Iterable[str]) -> dict[str, list[str]]:
    """The words of ``names`` (the units' names), for ``python -m databuild``: every word
    lowered as written (NFC: "written"), and the distinct keys of the names ("keys",
    :func:`vn_units.text.normalize`), each sorted. What :func:`_name_written` and
    :func:`_name_key_texts` read."""
    distinct = list(dict.fromkeys(names))
    written = {w for name in distinct for w in unicodedata.normalize("NFC", name.lower()).split()}
    keys = {" ".join(_normalize(name).split()) for name in distinct}
    return {"written": sorted(written), "keys": sorted(keys)}


@lru_cache(maxsize=1)
def _name_written() -> frozenset[str]:
    """Every word of the names of the units of both eras, lowered, as written (NFC)."""
    (written,) = _name_groups("written")
    return frozenset(written)


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
    if not key.isalpha() and not word.isupper():
        # a type letter against a name that starts a Roman numeral with it ("XVị Thanh",
        # "XVi Hương" are no XVI): the letter keyed apart
        key = "".join(_normalize(f"{word[0]} {word[1:]}").split())
    if len(key) < 2:
        return ()  # letters the normaliser drops ("T𐀀𖠀")
    # a word of a name as written ("THái" is Thái; "THải Dương" is T. Hải Dương), or one with
    # its first two letters swapped ("hTành": Thành; not one written with two capitals, "HNam":
    # a swap leaves the capital where it was); written without diacritics, by its key
    names, seen = (_name_words(), (key,)) if word.isascii() else (_name_written(), (low,))
    swap = not (word[0].isupper() and word[1].isupper()) or word.isupper()
    if key in _former_words() or any(
        k in names or (swap and k[1] + k[0] + k[2:] in names) or k in _STREET_WORDS
        or k in _TYPE_FIRST
        for k in seen
    ):
        return ()  # (a word of a former name too: "Đăk HLơ", merged in 2025, stays whole)
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
def _former_words() -> frozenset[str]:
    """Every word of the keys of the former names of districts and communes (names of units
    merged or renamed before 2025-06-30, which old addresses still use)."""
    from vn_units import _former

    return frozenset(
        w for level in ("district", "commune") for keys in _former.keys_by_code(level).values()
        for k in keys for w in k.split()
    )


@lru_cache(maxsize=1)
def _name_firsts() -> frozenset[str]:
    """The first word of the name key of every unit of both eras."""
    return frozenset(key.partition(" ")[0] for key in _name_key_texts() if key)


@lru_cache(maxsize=1)
def _name_pairs() -> frozenset[str]:
    """The first two words of the name keys of both eras ("binh duong")."""
    return frozenset(" ".join(key.split(" ", 2)[:2]) for key in _name_key_texts() if " " in key)


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


# type words that may be written with one letter wrong or two swapped ("Phươnng 9", "Huyệnn
# Yên Định", "Thành pphố"), where the word written is no word of any unit's name: those of one
# word, and the second words of those of two ("thanh" only before "phố")
_MISSPELT_TYPES: Final = ("phuong", "huyen", "quan", "thanh", "tinh")


_MISSPELT_BY_LETTER: Final[dict[str, tuple[str, ...]]] = {
    t[0]: tuple(u for u in _MISSPELT_TYPES if u[0] == t[0]) for t in _MISSPELT_TYPES
}


_MISSPELT_SECOND: Final[dict[str, tuple[str, ...]]] = {"thanh": ("pho",), "thi": ("xa", "tran")}


# Type words of two words of two letters or more ("thành phố", "thị xã", "thị trấn", "đặc
# khu", "huyện đảo"): their keys, their words as written (NFC, lowered) and without diacritics
_PairType = tuple[tuple[str, str], str, str]


def _pair_types() -> tuple[_PairType, ...]:
    out: dict[tuple[str, str], _PairType] = {}
    for f in _TYPE_FORMS:
        words = unicodedata.normalize("NFC", f.form.lower()).split()
        if f.kind == "english" or len(words) != 2 or any(len(w) < 2 for w in words):
            continue
        key = (_normalize(words[0]), _normalize(words[1]))
        out.setdefault(key, (key, " ".join(words), _ascii(" ".join(words))))
    return tuple(out.values())


def _ascii(text: str) -> str:
    """``text`` without its diacritics ("đ" as "d")."""
    bare = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in bare if not unicodedata.combining(ch))


_PAIR_TYPES: Final = _pair_types()


# the first letters of the keys of _PAIR_TYPES: a quick test before comparing two words
_PAIR_FIRST: Final = frozenset(k[0][0] for k, _, _ in _PAIR_TYPES)


# what _misspelt_pair says of two words written, by the two (emptied when full)
_PAIRS: Final[dict[tuple[str, str], tuple[str, str] | None]] = {}


_UNSEEN: Final = ("", "")  # (no keys of a type word: two words not seen yet)


def _misspelt_pair(first: str, second: str) -> tuple[str, str] | None:
    """The keys of the type word of two words (:data:`_PAIR_TYPES`) that the words ``first``
    and ``second`` (as written) are with one slip: a letter added, left out or changed, two
    swapped, or a diacritic lost or added ("Thị ã", "Tị xã", "Thịị xã", "Thành hố", "Tành
    phố", "Thinh phố", "Đc khu"), the first letter kept; judged on the words as written, or
    on their letters where they are written without diacritics ("Thi a", "Tanh pho"). None
    where they are no such slip, or two words of a unit's name ("Thành Phú", "Thanh Phu":
    one slip from "Thành phố" too; see :func:`_name_bigrams`), or a type word of its own and a
    name ("Huyen Cao Lanh" is no "Huyện đảo")."""
    pair = (first, second)
    found = _PAIRS.get(pair, _UNSEEN)
    if found != _UNSEEN:
        return found
    found = None
    k1, k2 = _word_keys(first), _word_keys(second)
    if len(k1) == 1 and len(k2) == 1 and not k2[0].isdigit() and (
        (k1[0],) not in _PREFIX or _PREFIX[(k1[0],)].letter
    ):
        keys = f"{k1[0]} {k2[0]}"
        written = unicodedata.normalize("NFC", f"{first} {second}".lower())
        plain = written.isascii()
        for key, spelling, bare in _PAIR_TYPES:
            if (
                keys == " ".join(key) or keys[0] != key[0][0]
                or abs(len(written) - len(spelling)) > 1
                or not _one_letter_off(written, bare if plain else spelling)
            ):
                continue
            if keys not in _name_bigrams():
                found = key
            break
    if len(first) + len(second) <= _CACHED_WORD:
        if len(_PAIRS) >= 4096:
            _PAIRS.clear()
        _PAIRS[pair] = found
    return found


@lru_cache(maxsize=1)
def _name_bigrams() -> frozenset[str]:
    """Every two words next to each other in the name key of a unit of both eras ("thanh
    phu" of Thạnh Phú, and of Tân Thanh Phú)."""
    out: set[str] = set()
    for key in _name_key_texts():
        words = key.split()
        out.update(f"{a} {b}" for a, b in itertools.pairwise(words))
    return frozenset(out)


@lru_cache(maxsize=1)
def _name_key_texts() -> tuple[str, ...]:
    """The keys of the names of the units of both eras (:func:`vn_units.text.normalize`: words
    joined by one space), each distinct key once, sorted."""
    (keys,) = _name_groups("keys")
    return tuple(keys)


def _is_name_key(key: str) -> bool:
    """Whether ``key`` is the name key of a unit of either era (words joined by one space)."""
    keys = _name_key_texts()
    i = bisect.bisect_left(keys, key)
    return i < len(keys) and keys[i] == key


@lru_cache(maxsize=1)
def _name_words() -> frozenset[str]:
    """Every word of the name keys of every unit of both eras."""
    return frozenset(" ".join(_name_key_texts()).split())


@lru_cache(maxsize=1)
def _name_starts() -> frozenset[str]:
    """The first two words of the name keys of both eras that start with a type word
    ("phuong duc" of Phường Phường Đúc, "quan thanh" of Phường Quán Thánh)."""
    return frozenset(pair for pair in _name_pairs() if pair.partition(" ")[0] in _PREFIX_LAST)


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


# Trailing country names and postal codes are dropped before matching.
_COUNTRY: Final[tuple[tuple[str, ...], ...]] = (
    ("cong", "hoa", "xa", "hoi", "chu", "nghia", "viet", "nam"),
    ("viet", "nam"),
    ("vietnam",),
    ("vn",),
    ("vietnamese",),
)


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
        # and two read only at the start of a part (see _PART_START_TYPES)
        ("ph", "phường", frozenset({"commune"}), "abbr"),  # "Ph 19", "Ph. Bến Thành"
        ("hy", "huyện", frozenset({"district"}), "abbr"),  # "Hy Gia Lâm"
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


# Spellings of ethnic-minority names (of the Central Highlands and the north-west) that Vietnamese
# spelling has no rule for, and that forms and e-commerce platforms write several ways. In a
# name's key (no diacritics): a first consonant cluster, a letter Vietnamese words do not have,
# a final k or a final h after a vowel, or a first word of such names.
_MINORITY_START: Final = re.compile(r"(?:kr|dr|pr|gr|pl|bl|br|gl|kl|hr|hl)[aeiouy]")
_MINORITY_FIRST: Final = frozenset({"ea", "ia", "dak", "krong", "cu", "chu", "kon", "buon", "ya"})
_VOWELS: Final = frozenset("aeiouy")
# a quick test first: a key that :func:`_spelling_variants` finds spelt so matches this (most
# keys do not; the test is looser, never stricter)
_MAYBE_MINORITY: Final = re.compile(
    f"[zjwf]|(?:^| ){_MINORITY_START.pattern}|[^ ][aeiouy][kh](?: |$)"
    f"|^(?:{'|'.join(sorted(_MINORITY_FIRST))})(?: |$)"
)


def _spelling_variants(key: str) -> list[str]:
    """Other spellings of a name's ``key`` when it is spelt as ethnic-minority names are, each
    by one rule: a final c written k or k written c ("Krông Pắc": "krong pak"), a final h
    written ch ("Zuôih": "zuoich"), the first consonant of a cluster written apart ("Cư Króa":
    "cu k roa"), or the first word joined to the next ("Ea Bar": "eabar"; the whole name
    joined is a key already). Empty for other names (their final c is never written k)."""
    if not _MAYBE_MINORITY.search(key):
        return []
    words = key.split()
    minority = words[0] in _MINORITY_FIRST or any(
        _MINORITY_START.match(w) or "z" in w or "j" in w or "w" in w or "f" in w
        or (len(w) > 2 and w[-2] in _VOWELS and w[-1] in "kh")
        for w in words
    )
    if not minority:
        return []
    out: list[str] = []
    for i, w in enumerate(words):
        if len(w) > 2 and w[-2] in _VOWELS and w != "dak":  # ("Đắc" is keyed "dak" anyway)
            # (not a final k of a name of one word written c: "Lắk" as "Lắc", a common word)
            swapped = {"c": "k", "k": "c" if len(words) > 1 else "", "h": "ch"}.get(w[-1])
            if swapped:
                out.append(" ".join([*words[:i], w[:-1] + swapped, *words[i + 1 :]]))
        if _MINORITY_START.match(w) and w not in _MINORITY_FIRST:
            out.append(" ".join([*words[:i], w[0], w[1:], *words[i + 1 :]]))
    if len(words) > 2:
        out.append(" ".join([words[0] + words[1], *words[2:]]))
    return [v for v in dict.fromkeys(out) if v != key]


def _name_key(text: str) -> str:
    return " ".join(k for w in _PIECE.findall(text) if w[0] for k in _word_keys(w[0]))


# whether a short last segment is a country name or a postal code, by its text (the last
# segment is mostly the province, written a few ways: worth keeping)
_JUNK_TAILS: Final[dict[str, bool]] = {}


def _junk_tail(last: str) -> bool:
    found = _JUNK_TAILS.get(last)
    if found is None:
        words = _name_key(last).split()
        # digits only (a postal code, a phone number), or a country name and/or postal code
        found = "".join(words).isdigit() or not _strip_from(words, len(words))
        if len(last) > _CACHED_SEGMENT:
            return found  # kept for parts no longer than a part that names units
        if len(_JUNK_TAILS) >= 4096:
            _JUNK_TAILS.clear()
        _JUNK_TAILS[last] = found
    return found


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


# the first words of the type words of the commune level ("phuong", "p", "xa", "thi", …)
_COMMUNE_FIRST: Final = frozenset(k[0] for k, tw in _PREFIX.items() if "commune" in tw.levels)
