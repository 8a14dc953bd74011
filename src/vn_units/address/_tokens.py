"""The tokens of an address: its words, each read once, and where its parts are cut.

:class:`_Tokens` holds a text's word keys and their spans, the separators between parts,
type words in brackets, notes in parentheses and the dashes inside a unit's name; the
functions here answer questions about a position of the tokens (a type word there? of which
level?).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any, Final, final

from vn_units.address._gazetteer import _dashed_names, _era, _province_tables
from vn_units.address._weights import _NO_SCORE
from vn_units.address._words import (
    _CAMEL,
    _COMMUNE_FIRST,
    _DISTRICT_FIRST,
    _HAS_DOTTED,
    _LO,
    _MISSPELT_BY_LETTER,
    _MISSPELT_SECOND,
    _NO_TYPE,
    _PAIR_FIRST,
    _PIECE,
    _PIECE_DOTTED,
    _PREFIX,
    _PREFIX_LAST,
    _PROVINCE_TYPES,
    _ROAD_TYPES,
    _STREET_WORDS,
    _WORDS,
    _initialled,
    _is_name_key,
    _letter_type,
    _misspelt_form,
    _misspelt_pair,
    _name_bigrams,
    _name_pairs,
    _name_starts,
    _name_words,
    _notes,
    _one_letter_off,
    _prefix_at,
    _strip_from,
    _type_cut,
    _TypeWord,
    _word_info,
    _word_keys,
)
from vn_units.models import Unit
from vn_units.text import TYPE_FORMS as _TYPE_FORMS
from vn_units.text import normalize as _normalize


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


# the words of the type words as written with their diacritics ("tỉnh", "huyện", "thị")
_TYPE_WRITTEN: Final = frozenset(
    w for f in _TYPE_FORMS for w in unicodedata.normalize("NFC", f.form).split()
    if "." not in w and not w.isascii()
)


def _mended_pieces(
    found: Iterable[re.Match[str] | _Piece],
) -> Iterator[re.Match[str] | _Piece]:
    """The matches of the tokeniser, with a word of a type word that a comma typed inside it
    cut in two ("Tỉ,nh Tiền Giang", "Huy,ện", "Th,ị xã") read as one word (its span holds the
    comma)."""
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
                # a stray letter after a type word ("H fHữu Lũng", "Huyện HHữu Lũng"; not
                # after a name's last word: "XTân Xã HThạch Thất", "Thượng Quan HNgân Sơn")
                (tuple(_word_keys(before)) in _PREFIX and not _name_ends(matches, j - 1))
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


def _name_ends(matches: list[re.Match[str] | _Piece], j: int) -> bool:
    """Whether the word of match ``j`` ends a unit's name with the word before it (written
    against a type letter or not: "XTân Xã", "Thượng Quan")."""
    word, before = matches[j].group(1), matches[j - 1].group(1) if j else None
    if word is None or before is None:
        return False
    cuts = _type_cut(before)
    if cuts:
        before = before[cuts[-1] :]
    return f"{_normalize(before)} {_normalize(word)}" in _name_bigrams()


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
    Huyện Yên Khánh"; "P. Phường Đúc" stays: Phường Đúc is a name, see :func:`_name_from`). The
    tokens to drop, in order."""
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
    # (the words that cannot be type words are none here: "Tr'Hy Huyện" holds one type word)
    typed = keys
    if odd:
        typed = [*keys]
        for i in odd:
            typed[i] = ""
    for i in range(2, n):
        lo = seg_lo[i - 1]
        if typed[i - 1] not in _PREFIX_LAST or seg_lo[i] != lo:
            continue
        b, second = _prefix_at(typed, letter_ok, i, lo)
        if not b or i - b - 1 < lo or typed[i - b - 1] not in _PREFIX_LAST:
            continue
        a, first = _prefix_at(typed, letter_ok, i - b, lo)
        if not a or not (first.levels & second.levels and first.types & second.types):
            continue
        if not keys[i].isdigit() and (
            len("".join(keys[i - b - a : i - b])) > 2  # not an abbreviation
            or _name_from(keys, seg_lo, i - b)
        ):
            continue
        drop.extend(range(i - b - a, i - b))
        start[i - b] = start[i - b - a]
    return drop


def _pair_forms(
    text: str,
    keys: list[str],
    start: list[int],
    end: list[int],
    seg_lo: list[int],
    letter_ok: list[bool],
    odd: list[int],
) -> None:
    """Type words of two words written with one slip ("Thị ã Nghi Sơn", "Tị xã", "Thành hố",
    "Tành phố", "Thhị xã"; see :func:`_misspelt_pair`) read as the type word, where they stand
    as one: a name or number after them in their part (no type word), and first in their part,
    or after a word that does not go on into them as a unit's name ("Tân Thanh Ho…" is no
    "Thành phố") where the second is no type word of its own ("Tỉnh Phú Th Xã Lâm Thao", "Quảng
    Trị Xã": a misspelt name, or the end of one, before "Xã"). Their keys are changed in
    place (and they are type words: out of ``odd``)."""
    n = len(keys)
    for at in range(n - 2):
        if keys[at][0] not in _PAIR_FIRST or seg_lo[at + 2] != seg_lo[at]:
            continue
        fix = _misspelt_pair(text[start[at] : end[at]], text[start[at + 1] : end[at + 1]])
        if fix is None or start[at + 1] == start[at] or (keys[at + 2],) in _PREFIX:
            continue  # (two keys of one word, "P01", are no two words)
        if seg_lo[at] != at and (
            (keys[at + 1],) in _PREFIX or keys[at - 1] in _STREET_WORDS
            or f"{keys[at - 1]} {keys[at]}" in _name_bigrams()
        ):
            continue
        keys[at], keys[at + 1] = fix
        letter_ok[at] = letter_ok[at + 1] = False
        for i in (at, at + 1):
            if i in odd:
                odd.remove(i)


def _name_from(keys: list[str], seg_lo: list[int], at: int) -> bool:
    """Whether the words from the type word at token ``at`` may be a unit's name that starts
    with it ("Phường Đúc", "Huyền Sơn"): its first two words start a name, and, where a
    separator ends its part, the part from it is the whole of one ("H. Huyện Sơn Dương, …" is
    Huyện Sơn Dương: Huyền Sơn is a name, "Huyền Sơn Dương" none)."""
    if " ".join(keys[at : at + 2]) not in _name_starts():
        return False
    hi = at
    while hi < len(keys) and seg_lo[hi] == seg_lo[at]:
        hi += 1
    return hi == len(keys) or _is_name_key(" ".join(keys[at:hi]))


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


# type abbreviations that are words of names too, or ends of words cut short ("Đồng Hỷ", "Tr'Hy",
# "Thành ph", "Xã Tri Ph"): type words only first in their part, before a name or number
_PART_START_TYPES: Final = frozenset(_normalize(w) for w in ("ph", "hy"))  # "hy" is "hi"


def _part_start_types(keys: list[str], seg_lo: list[int], odd: list[int]) -> None:
    """Mark the words of :data:`_PART_START_TYPES` that are not first in their part (with more
    after them in it), or start a name there ("Hy Cương"), as no type words (``odd``); "ph"
    after "thành" or "t" is "phố" cut short ("Thành ph Hồ Chí Minh")."""
    for i, k in enumerate(keys):
        if k not in _PART_START_TYPES:
            continue
        if k == "ph" and i and keys[i - 1] in ("thanh", "t") and seg_lo[i - 1] == seg_lo[i]:
            keys[i] = "pho"
        elif (
            seg_lo[i] != i or i + 1 >= len(keys) or seg_lo[i + 1] != i
            or f"{k} {keys[i + 1]}" in _name_pairs()  # "Hy Cương" is a name
        ):
            odd.append(i)


# a hit's units and the copies written before it: where they start, the units they name and
# their score, or None (see _repeats._copy_start)
_Copies = tuple[tuple[Unit, ...], tuple[int, tuple[Unit, ...], float] | None]


@final
class _Tokens:
    """An address as key tokens, each with its segment and the offset of its word."""

    __slots__ = (
        "best", "bracketed", "copies", "district_word", "end", "first_cut", "hasty", "keys",
        "legacy_hint", "letter_ok", "provinces", "prune", "seg_lo", "segmented", "start",
        "stop", "text", "twice", "type_keys",
    )

    def __init__(self, text: str, camel: bool = False) -> None:
        self.text = text
        self.stop = 0  # tokens before a trailing country name or postal code (_strip_tail)
        self.legacy_hint = False  # a legacy district name was seen while reading the current era
        self.district_word: bool | None = None  # a legacy district type word (_district_word)
        self.twice: bool | None = None  # a word is written twice (see _repeats._may_repeat)
        # the copies found before a hit, by its start and end, index and units (_copy_start)
        self.copies: dict[tuple[int, int, int, int], _Copies] | None = None
        # the province hits ending at a token, by the token, index and flags (see _hits)
        self.provinces: dict[tuple[int, int, bool, bool], list[Any]] | None = None
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
            if two and not camel:
                glued = True
                break  # (read again from the start, cut: below)
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
        if not _PART_START_TYPES.isdisjoint(keys):
            _part_start_types(keys, seg_lo, odd)
        if len(keys) > 2:
            _pair_forms(text, keys, start, end, seg_lo, letter_ok, odd)
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


# Branch and bound on (tests turn it off to check that it changes no result).
_PRUNE = True


def _strip_tail(tk: _Tokens) -> int:
    """Number of tokens before a trailing country name and/or postal code (also kept as
    ``tk.stop``)."""
    n = tk.stop = _strip_from(tk.keys, len(tk.keys))
    if tk.segmented and n < len(tk.keys):
        # cut only before what is dropped ("… Hà Nội - 0903123456"): an address without parts
        tk.segmented = n > 0 and tk.seg_lo[n - 1] > 0
    return n


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


def _district_type(tk: _Tokens, i: int, n: int) -> int:
    """The length of a type word of the legacy district level only ("Quận", "Huyện", "Thị xã",
    "H."; see :func:`_unit_type_at`) at token ``i``, with more tokens after it before ``n``; 0
    when there is none."""
    if tk.type_keys[i] not in _DISTRICT_FIRST:
        return 0  # (most tokens: a quick test)
    t, tw = _unit_type_at(tk, i, n)
    return t if tw.levels == {"district"} else 0


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
