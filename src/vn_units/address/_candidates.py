"""Candidates: the spans of the tokens that name a unit, each scored (:class:`_Hit`).

Exact keys first, under a parent already matched; former names; ``rapidfuzz`` only as a
fallback, among the children of a unit found (or the province names). The province hits of
an address's last part are cached.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Final, final

from vn_units.address._gazetteer import (
    _ERAS,
    _code_map,
    _district_heirs,
    _fuzzy_choices,
    _legacy_parents,
    _LevelIndex,
    _lookup,
    _moved_communes,
    _unit_names,
)
from vn_units.address._repeats import _copy_ends_with, _copy_start, _may_repeat
from vn_units.address._tokens import _commune_type, _Tokens
from vn_units.address._weights import (
    _BARE_NUMBER,
    _BOUNDED,
    _EXACT,
    _LOOSE,
    _MARKS_DIFFER,
    _NO_SCORE,
    _SIBLING_TYPE,
    _TYPE_AGREES,
    _TYPE_DISAGREES,
    _TYPE_EARLIER,
)
from vn_units.address._words import (
    _CACHED_SEGMENT,
    _NEW,
    _NO_TYPE,
    _PREFIX,
    _PREFIX_LAST,
    _ROMAN_LETTERS,
    _STREET_SPELLINGS,
    _STREET_WORDS,
    _SUFFIX,
    _SUFFIX_LAST,
    _letter_type,
    _marks_fit,
    _prefix_at,
    _TypeWord,
)
from vn_units.models import LegacyDistrict, Unit


def _new_mark(tk: _Tokens, i: int) -> bool:
    """Whether token ``i`` is the word "mới" ("new", after a name of 2025: "Phường Sài Gòn
    mới"; also the last word of some names, "Chợ Mới", so both readings are tried)."""
    return tk.text[tk.start[i] : tk.end[i]].lower() == _NEW


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


def _roman_written(tk: _Tokens, s: int, ne: int) -> bool:
    """Whether the tokens ``[s, ne)`` (a number) are written as a Roman numeral in capitals
    ("VII", "XIV"; "vi" may be a word)."""
    word = tk.text[tk.start[s] : tk.end[ne - 1]]
    return ne - s == 1 and len(word) > 0 and word.isupper() and set(word) <= _ROMAN_DIGITS


_ROMAN_DIGITS: Final = frozenset("IVX")


def _starts_typed(tk: _Tokens, s: int, ne: int) -> bool:
    """Whether the tokens ``[s, ne)`` start with a type word (and have more after it)."""
    for k in (1, 2, 3):
        if s + k < ne:
            tw = _PREFIX.get(tuple(tk.type_keys[s : s + k]))
            if tw is not None and (not tw.letter or _letter_type(tk.type_keys, tk.letter_ok, s)):
                return True
    return False


@final
class _Hit:
    """A way some tokens can name units of one level (a plain class, not a named tuple: one
    is made per key that names a unit, and read several times)."""

    __slots__ = ("free", "fuzzy", "repeat", "score", "start", "units", "warning")

    def __init__(
        self, start: int, units: tuple[Unit, ...], score: float, warning: str | None = None,
        fuzzy: bool = False, free: bool = False, repeat: bool = False,
    ) -> None:
        self.start = start  # first token (including the type word)
        self.units = units
        self.score = score
        self.warning = warning
        self.fuzzy = fuzzy
        # a name inside free text: no type word, and words of its part before it (see _score)
        self.free = free
        # the span covers copies of the unit written right before it (see _repeats)
        self.repeat = repeat

    def warned(self, warning: str) -> _Hit:
        """The same hit with another warning."""
        return _Hit(
            self.start, self.units, self.score, warning, self.fuzzy, self.free, self.repeat
        )


# The province hits of an address depend only on its last segment (up to the end of the
# address), written the same way, and on whether the address has parts: they are kept, with
# token positions relative to the start of that segment, so that a province seen before is
# not matched again (the lower levels, whose spans are longer and vary more, hit too rarely to
# pay).
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
        out = _compute_hits(tk, e, idx, parents, cross, allow_fuzzy, cross_types, need)
        return _with_copies(tk, e, out, idx) if out else out
    # (the province hits are asked for again, by the other reads of the text: kept on the
    # tokens)
    memo = tk.provinces
    if memo is None:
        memo = tk.provinces = {}
    key = (e, id(idx), allow_fuzzy, tk.segmented)
    got = memo.get(key)
    if got is None:
        out = _province_hits(tk, e, idx, cross, allow_fuzzy, cross_types)
        got = memo[key] = _with_copies(tk, e, out, idx) if out else out
    return list(got)


def _with_copies(tk: _Tokens, e: int, hits: list[_Hit], idx: _LevelIndex) -> list[_Hit]:
    """``hits``, each hit with copies of its unit (or of the run of units up to its province)
    written right before it also offered extended over them, first (see :mod:`._repeats`):
    the decoder reads the level below before the first copy, and keeps the better reading."""
    if not _may_repeat(tk, idx):
        return hits
    ends = _copy_ends_with(idx)
    keys = tk.keys
    for h in hits:
        if h.start > 0 and keys[h.start - 1] in ends:
            break
    else:
        return hits  # (most hits: no name of these levels ends right before them)
    out: list[_Hit] = []
    for h in hits:
        found = _copy_start(tk, h.start, e, h.units, idx)
        if found is not None:
            # (scored as the better copy; warned as the one written last, that the decoder
            # found first: "Thành phố Huế, Tỉnh Thừa Thiên Huế" holds a former name)
            start, units, score = found
            out.append(_Hit(start, units, max(h.score, score), h.warning, h.fuzzy, h.free, True))
        out.append(h)
    return out


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
                if hit.warning == "type" and parents and idx.homonyms:
                    typed = _homonym_hit(tk, s, ne, lo, key, idx, parents, suffix)
                    if typed is not None:
                        out.append(typed)
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
    if out and allow_fuzzy and parents and not tk.segmented and all(
        _cuts_name(tk, h.start) for h in out
    ):
        # every exact name cuts a typed name in two ("… Xã Na Thái Ninh"): the typed name
        # misspelt too, the better read (see _NAME_CUT)
        out = out + _fuzzy_hits(tk, e, lo, idx, parents, ends)
    elif not out and allow_fuzzy:
        if parents and not (tk.prune and idx.top - 1.0 < need):
            # another spelling of an ethnic-minority name (see _spelling_variants)
            out = _variant_hits(tk, lo, idx, tuple(parents), ends)
            if out:
                return out
        if tk.prune and idx.former_top < need:
            return out  # nor can a misspelling (a lower ceiling)
        out = _former_hits(tk, lo, idx, parents, ends)
        if not out and idx.initials and (parents is not None or level == "province"):
            out = _former_hits(tk, lo, idx, parents, ends, initials=True)
        if not out and idx.shortened and parents is not None and "." in tk.text:
            out = _former_hits(tk, lo, idx, parents, ends, shortened=True)
        if not out and not (tk.prune and idx.fuzzy_top < need):
            out = _fuzzy_hits(tk, e, lo, idx, parents, ends)
    return out


@lru_cache(maxsize=1024)
def _variants(idx: _LevelIndex, parents: tuple[Unit, ...]) -> dict[str, tuple[Unit, ...]]:
    """The other spellings of the names of the units of ``idx`` under ``parents`` that are
    spelt as ethnic-minority names are ("Krông Pắk", "Zuôich", "Cư K Róa"; see
    :func:`_spelling_variants`, kept by the index), where no unit there has the key; made on
    first use."""
    names = idx.tables(parents)[0]
    out: dict[str, tuple[Unit, ...]] = {}
    variants = idx.variants
    for unit in idx.pool(parents):
        for v in variants.get(id(unit), ()):
            if v not in names:
                old = out.get(v, ())
                if unit not in old:
                    out[v] = (*old, unit)
    return out


def _variant_hits(
    tk: _Tokens,
    lo: int,
    idx: _LevelIndex,
    parents: tuple[Unit, ...],
    ends: list[tuple[int, _TypeWord | None]],
) -> list[_Hit]:
    """Units under ``parents`` named with another spelling of their name (see
    :func:`_variants`), one point below their name as spelt in the data (as a former name),
    above any misspelling, with its warning (not the data's spelling)."""
    table = _variants(idx, parents)
    if not table:
        return []
    out: list[_Hit] = []
    keys = tk.keys
    for ne, suffix in ends:
        for s in range(ne - 1, max(lo, ne - idx.maxlen) - 1, -1):
            key = keys[s] if s + 1 == ne else " ".join(keys[s:ne])
            units = table.get(key)
            if units:
                hit = _score(tk, s, ne, lo, key, units, idx, suffix, idx.level, "typo",
                             _EXACT - 1.0)
                if hit is not None:
                    out.append(hit)
    return out


def _former_hits(
    tk: _Tokens,
    lo: int,
    idx: _LevelIndex,
    parents: Sequence[Unit] | None,
    ends: list[tuple[int, _TypeWord | None]],
    initials: bool = False,
    shortened: bool = False,
) -> list[_Hit]:
    """Units named with a name they had before 2025-06-30, or with the name of a unit merged into
    them ("Phường 6, Quận 3": Phường Võ Thị Sáu since 2020), under ``parents`` (a district also with
    no parent: "Quận 9"): tried where no unit has the name, before misspellings. With ``initials``,
    units written with the initials of their name, in capitals, at a lower score: districts and
    communes under their parent, after a type word of their level ("Q.TB, TP HCM", "P.ĐHT, Q.12");
    provinces as a whole part, or at the end of an address without parts ("…, Cẩm Lệ, ĐN"). With
    ``shortened``, units under ``parents`` written with the first word of their name as its initial
    and a dot ("Quận Đ.Đa" for Quận Đống Đa), after a type word or starting a part, at the score of
    initials."""
    if shortened:
        assert parents is not None
        maxlen = idx.maxlen
        base = _EXACT - 1.5
        tables = [idx.shortened[a] for p in parents if (a := (p.level, p.code)) in idx.shortened]
    elif initials:
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
            if shortened and (
                ne - s < 2 or len(keys[s]) != 1 or tk.text[tk.end[s] : tk.end[s] + 1] != "."
            ):
                continue  # an initial and a dot, then the rest of the name
            key = keys[s] if s + 1 == ne else " ".join(keys[s:ne])
            units = _lookup(tables, key)
            if units and not (initials or shortened) and not tk.text.isascii():
                units = _spelled_as_written(tk, s, ne, key, units, idx.level)
            if not units:
                continue
            n, tw = _prefix_at(tk.type_keys, tk.letter_ok, s, lo)
            given = tw if n else suffix
            if given is not None and idx.level not in given.levels:
                continue  # "Phường Cửa Lò" is not the former district Cửa Lò
            if shortened and not (n or s == lo):
                continue  # after a type word, or starting a part
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
                "initials" if initials or shortened else "former", base,
                then=not initials and idx.level == "district",
            )
            if hit is not None:
                out.append(hit)
    return out


def _homonym_hit(
    tk: _Tokens, s: int, ne: int, lo: int, key: str, idx: _LevelIndex,
    parents: Sequence[Unit], suffix: _TypeWord | None,
) -> _Hit | None:
    """The hit of the units under ``parents`` that had the name ``key`` before 2025-06-30
    with the type word written, where the unit of that name there now has another type (the
    caller's hit of it disagrees): "Xã Yên Bình, Huyện Yên Bình" is Xã Bạch Hà, which took in
    Xã Yên Bình in 2025, not Thị trấn Yên Bình. A former name (its score and warning)."""
    tables = [t for p in parents if (t := idx.homonyms.get((p.level, p.code)))]
    units = _lookup(tables, key) if tables else ()
    if not units:
        return None
    if s > lo and tk.type_keys[s - 1] in _PREFIX_LAST:
        n, tw = _prefix_at(tk.type_keys, tk.letter_ok, s, lo)
    else:
        n, tw = 0, _NO_TYPE
    given = tw if n else suffix
    if given is None or idx.level not in given.levels:
        return None
    then = idx.homonym_types
    fit = tuple(u for u in units if then[id(u)].get(key, _NO_TYPE_NAMES) & given.types)
    if not fit:
        return None
    return _score(
        tk, s, ne, lo, key, fit, idx, suffix, idx.level, "former", _EXACT - 1.0,
        types=given.types,
    )


def _spelled_as_written(
    tk: _Tokens, s: int, ne: int, key: str, units: tuple[Unit, ...], level: str
) -> tuple[Unit, ...]:
    """Those of ``units`` whose former name ``key``, as the dated history spells it, fits the
    diacritics written (see :func:`_marks_fit`): "Huế", a district of Thừa Thiên Huế until
    2025, is no "Huệ" (a street, "Nguyễn Huệ"). A name of no known spelling fits."""
    from vn_units._former import spellings

    written = tk.text[tk.start[s] : tk.end[ne - 1]]
    out = []
    for u in units:
        names = spellings(level, u.code, key)
        if not names or any(_marks_fit(written, name) for name in names):
            out.append(u)
    return tuple(out) if len(out) < len(units) else units


# the hits whose key is the units' own name of their era (not a former name, a misspelling or
# initials): their diacritics are judged (see _MARKS_DIFFER)
_MARKED: Final = frozenset({None, "cross", "type"})


_NO_TYPES: Final[dict[str, frozenset[str]]] = {}
_NO_TYPE_NAMES: Final[frozenset[str]] = frozenset()


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
            earlier = idx.earlier
            if not agree and earlier and not siblings and warning != "typo":
                # a type word of an earlier date, under the name of then ("Tỉnh Thừa Thiên
                # Huế", Thành phố Huế since 2025-01-01; "Thị trấn Phong Điền", Phường Phong
                # Thu since): it fits, with a warning, a little below a type of 2025-06-30 (not
                # for a misspelt name: two guesses, "Xã Xuân Cẩm" is no Xã Xuân Lâm of then)
                then_units = tuple(
                    u for u in units
                    if gtypes & earlier.get(id(u), _NO_TYPES).get(key, _NO_TYPE_NAMES)
                )
                if then_units:
                    if not then:
                        units = then_units
                    score += _TYPE_EARLIER
                    warning = warning or "earlier"
                else:
                    score += _TYPE_DISAGREES
                    warning = warning or "type"
            elif agree:
                if not then:
                    units = agree
                score += _TYPE_AGREES
            else:
                score += _SIBLING_TYPE if siblings else _TYPE_DISAGREES
                warning = warning or "type"
    else:
        if key in idx.numeric:
            # a bare number is a house number, not "Phường 5"; unless it is a whole part of the
            # address after the first ("Phường 4, 3, TP HCM": Quận 3), or a Roman numeral (no
            # house number is written so) that is a whole part ("VII, Vị Thanh, Hậu Giang":
            # Phường VII), at a cost
            whole = s == lo and (ne == len(keys) or tk.seg_lo[ne] == ne)
            if not (whole and (lo or (ne < len(keys) and _roman_written(tk, s, ne)))):
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
        if not same:
            # a name glued to the words around it ("XãPhúThành": its tokens span the whole
            # word): the name's letters end or start it
            glued = written.replace(" ", "")
            same = tuple(
                u for u in units
                if glued.endswith(own := u.name.lower().replace(" ", ""))
                or glued.startswith(own)
            )
        if same:
            units = same
        elif (
            warning in _MARKED and level != "province"
            and not any(_marks_fit(written, u.name) for u in units)
        ):
            score += _MARKS_DIFFER  # see _MARKS_DIFFER
    elif (
        warning in _MARKED and level != "province" and not tk.text.isascii()
        and not _marks_fit(tk.text[tk.start[s] : tk.end[ne - 1]], units[0].name)
    ):
        score += _MARKS_DIFFER  # "Lâm Hà" is Huyện Lâm Hà, not Phường Lam Hạ
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
    if parents is None and idx.level == "commune":
        return []  # typos are looked for only among the children of a unit already found
    # (or among the province names, or, after a type word of their own, the legacy districts
    # one slip from it: the decoder keeps such a district only with a commune of it written
    # exactly: see _read_legacy)
    orphan = parents is None and idx.level == "district"
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
    # when reading the legacy era, the names of the communes of the other legacy provinces that
    # went into the same current province: inside free text, such a name is that commune (see
    # _FREE_CROSS), not a misspelt one of this province ("khach san giao xuan ninh binh": Giao
    # Xuân of Nam Định, in Ninh Bình since 2025, is no misspelt Gia Xuân of Ninh Bình)
    # (and a legacy district's: "ca phe tan hung dong thap" names Tân Hưng of Tiền Giang, in
    # Đồng Tháp since 2025, no misspelt Huyện Tân Hồng)
    sibling: frozenset[str] | None = None
    now: list[dict[str, tuple[Unit, ...]]] = []
    if idx.era == "legacy" and idx.level != "province" and parents:
        sibling = _sibling_names(tuple(parents))
        # and the current communes there: "Xã Đông Thái Ninh Tỉnh Thái Bình" names Xã Đông Thái
        # Ninh of Hưng Yên, no misspelt Thành phố Thái Bình after a commune "Xã Đông"
        now = _current_tables(tuple(parents))
    # an address without separators: a misspelt province may end it, with no type word ("…
    # Xã Mỹ Thành Đồn Tháp"), at a higher cutoff
    at_end = parents is None and not tk.segmented and e == (tk.stop or len(keys))
    for ne, suffix in ends:
        for s in range(ne - 1, max(lo, ne - idx.maxlen) - 1, -1):
            n, tw = _prefix_at(tk.type_keys, tk.letter_ok, s, lo)
            bounded = n > 0 or s == lo
            if orphan and not (n > 0 and "district" in tw.levels):
                continue
            if n and idx.level not in tw.levels and tk.end[s - 1] < tk.start[s] and not (
                (suffix is not None and idx.level in suffix.levels)
                or (n == 1 and s - 1 in tk.hasty)
            ):
                continue  # after a type word of another level, written apart: not misspelt
                # there (it would score 2 * _TYPE_DISAGREES below, see _score: "Xã Yên Minh" is
                # no misspelt province; "TTUYEN QUANG" may be, its letters glued)
            by_end = False  # a province admitted only as ending the address (see at_end)
            if parents is None and not orphan and not (
                (n > 0 and (s == lo + n or "province" in tw.levels)) or s == lo
            ):
                if not (at_end and ne == e):
                    continue  # a misspelt province starts its part, or follows its type word
                by_end = True
            # a type letter that is the first letter of a name whose first word lost the rest
            # ("Xã H Tây" for Hà Tây, "… H Chí Minh", "P Nhi" for Pu Nhi): read as the name's
            # first word, one slip from it (below)
            lettered = False
            # a span starting with a type word's key is read only as a name whose first word
            # it is, or starts ("Phường Phương Maii", "Xã Tinh Nhu": Phương Mai, Tinh Nhuệ; "TT
            # Qu7 Nhất", the digit cut: Quỹ Nhất; below)
            own_word = False
            if _starts_typed(tk, s, ne):
                lettered = len(keys[s]) == 1 and keys[s].isalpha()
                own_word = not lettered
            if tuple(keys[s:ne]) in _PREFIX:
                continue  # the span starts with a type word ("phuong nam" is not "Phương Sài"),
                # or is one ("Thành phố" alone is no misspelt Thanh Hóa)
            if keys[s] in _STREET_WORDS and " ".join(keys[s + 1 : ne]) in owners:
                continue  # a street word before a name: "Thôn Phước Thành" is no misspelling
            query = " ".join(keys[s:ne])
            if len(query) < 4 or query.isdigit() or (keys[s].isdigit() and not n):
                continue  # (a house number and its street: "12 Le Loi" is no misspelt name)
            if other is not None and query in other:
                continue  # a name of the other era, not a misspelling ("Phường Phương Đông")
            if idx.level == "district" and parents is not None and _commune_named(
                idx.era, tuple(parents), query
            ):
                continue  # a commune's name there, not a misspelt district ("Quảng Nam Điện
                # Quang Điện Bàn": Xã Điện Quang of Thị xã Điện Bàn, no misspelt Điện Bàn)
            if at_end and not bounded and query in _district_names():
                continue  # a legacy district's name ends it, not a misspelt province ("… hai
                # chau" is no Lai Châu)
            if not bounded and _inside_name(keys, lo, s, ne, other, sibling, *now):
                continue  # inside free text, the end of the exact name of a unit of another
                # era or legacy province there: that unit, not a misspelt one ("ho boi van
                # khanh dong an giang" is Vân Khánh Đông of Kiên Giang, no Xã Thạnh Đông)
            cutoff = 80.0 if bounded else 88.0
            if orphan:
                cutoff = 75.0  # (one slip at most, below)
            elif parents is None and len(choices) > 1000:
                cutoff = 88.0
            elif by_end or (parents is None and not bounded):
                cutoff = 85.0  # (at the end of an address without separators)
            elif parents is None or len(choices) < 200:
                cutoff = 75.0 if bounded else 85.0
            if by_end or lettered:
                # where one slip at most is allowed (below), any slip passes: a letter wrong or
                # two swapped cost fuzz.ratio twice what one missing does ("… Ha oNi")
                cutoff = min(cutoff, 100.0 * (1.0 - 1.0 / len(query)) - 0.01)
            found = pool.best(query, cutoff)
            for respell in (_y_as_i, _chat_spelt):
                # the words respelt as the keys write them, the better of both: "y" for "i"
                # ("Mỹ" is "mi"; "Mỹ Lrý" is no "mi lri" once misspelt); a name as chat spells
                # it, "f" for "ph", "kw" for "qu" ("Phường fú đô", "kwảng phú"; no name has an
                # "f" or a "kw")
                respelt = respell(query)
                if respelt != query:
                    other_found = pool.best(respelt, cutoff)
                    if other_found is not None and (found is None or other_found[1] > found[1]):
                        found, query = other_found, respelt
            if found is None:
                continue
            match, sim = found
            if own_word:
                # the name's first word is the type word's key, or starts with it (a letter lost:
                # "qu" for "qui"), its other words then one slip from those written at most,
                # stray digits and spaces left out ("Phường Quận Xã" is no Quảng Nam)
                first, _, rest = match.partition(" ")
                if first != keys[s] and not (
                    first.startswith(keys[s]) and _one_slip(
                        "".join(w for w in query.split()[1:] if not w.isdigit()),
                        rest.replace(" ", ""),
                    )
                ):
                    continue
            guarded = orphan or by_end or not bounded or lettered
            if not _fits(query, match, guarded, keys[s] if lettered else ""):
                continue
            # the keys nearest the query, each scored with its similarity (a type word written
            # decides: "Thành phố Bảo Lc" is Bảo Lộc, no Huyện Bảo Lạc), of the names closest to
            # the diacritics written ("Hàm siệm" is Hàm Kiệm, not Hàm Liêm; "Long ựHu" is Long
            # Hựu; "Tân ưHơng" is Tân Hương, no Tân Hồng)
            near = [
                (k, x) for k, x in _near_keys(pool, query, match, sim, cutoff)
                if k == match or _fits(query, k, guarded, keys[s] if lettered else "")
            ]
            closest = None
            written = tk.text[tk.start[s] : tk.end[ne - 1]]
            if len(near) > 1 and not written.isascii():
                named = tuple(u for k, _ in near for u in owners[k])
                closest = set(_closest_written(written, named))
            for k, x in near:
                units = owners[k]
                if closest is None and len(units) > 1 and not tk.text.isascii():
                    units = _closest_written(written, units)  # (names of one key)
                elif closest is not None:
                    units = tuple(u for u in units if u in closest)
                    if not units:
                        continue
                base = _EXACT * (x / 100.0) - 3.0
                hit = _score(tk, s, ne, lo, k, units, idx, suffix, idx.level, "typo", base)
                if hit is not None and (best is None or hit.score > best.score):
                    best = _Hit(hit.start, hit.units, hit.score, "typo", True, hit.free)
    return [] if best is None else [best]


def _cuts_name(tk: _Tokens, start: int) -> bool:
    """Whether, in an address without separators, a commune type word and a name (no number)
    come right before ``start`` (where a reading's first unit starts): a typed name the reading
    cuts in two ("… Xã Na Thái Ninh Tỉnh Hưng Yên": Nam Thái Ninh misspelt, no Thái Ninh after
    a street "Xã Na"). A type letter written against the word after it is none here ("PUONG
    PHU KHUONG": "Phường" misspelt, no "P. Uong")."""
    if tk.segmented or start < 2:
        return False  # (with separators: "Xã Đônd Khánh Sơn, …" read so cost 10 % of the speed)
    lo = 0
    for a in range(max(lo, start - 5), start - 1):
        k = _commune_type(tk, a, start)
        if (
            k and a + k < start and not tk.keys[a + k].isdigit()
            and tk.end[a + k - 1] < tk.start[a + k]
        ):
            return True
    return False


def _fits(query: str, key: str, guarded: bool, letter: str) -> bool:
    """Whether ``query`` may be ``key`` misspelt: one slip from it where ``guarded`` (inside
    free text, no type word, no separator before it: one letter wrong, missing, added or
    swapped, at most: "dai hoc" is no Đại Phước); as many words, or the same words but for a
    slip (a word more or less is no misspelling: "truong dai hoc" is no Trường Lạc); and, after
    a type ``letter`` read as the first letter of the name, as many words, the first starting
    with it."""
    if guarded and not _one_slip(query, key):
        return False
    if letter and (query.count(" ") != key.count(" ") or not key.startswith(letter)):
        return False
    return query.count(" ") == key.count(" ") or _same_words(query, key)


def _y_as_i(query: str) -> str:
    """``query`` with each "y" not after "u" written "i", as the keys write it after a
    consonant alone ("Mỹ", "Lý", "Quỹ": "mi", "li", "qui"; "Thủy" stays "thuy")."""
    if "y" not in query:
        return query
    return "".join(
        "i" if ch == "y" and (i == 0 or query[i - 1] != "u") else ch for i, ch in enumerate(query)
    )


_CHAT_F: Final = re.compile(r"\bf(?=[aeiouy])")
_CHAT_KW: Final = re.compile(r"\bkw(?=[aeiouy])")
_QUY: Final = re.compile(r"\bquy\b")


def _chat_spelt(query: str) -> str:
    """``query`` (a key) with a word's first "f" written "ph" and "kw" written "qu", as
    chat and quick typing spell them ("fu do" is "phu do"; "kwang" is "quang"; "kwy" is
    "qui", as the keys write "Quý"): the spelling of the names, which have no "f" or "kw"."""
    if "f" not in query and "kw" not in query:
        return query
    out = _CHAT_KW.sub("qu", _CHAT_F.sub("ph", query))
    return _QUY.sub("qui", out)


def _near_keys(
    pool: Any, query: str, match: str, sim: float, cutoff: float
) -> list[tuple[str, float]]:
    """The keys of ``pool`` nearest ``query`` (``match`` the most similar by ``fuzz.ratio``,
    ``sim``), ``match`` first, each with its similarity: those of ``cutoff`` or more fewest
    slips away where that is one slip (see :func:`_one_slip`: a letter wrong, missing, added,
    or two swapped count alike), else those as similar as ``match``."""
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import OSA

    found = process.extract(  # (a cutoff of ``sim``, or a hair below it, drops ``sim`` itself)
        query, pool.keys, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff - 0.01,
        limit=None,
    )
    slips = {k: OSA.distance(query, k) for k, _, _ in found}
    fewest = min(slips.values(), default=0)
    if fewest and _one_slip(query, next(k for k, d in slips.items() if d == fewest)):
        near = [(k, x) for k, x, _ in found if slips[k] == fewest]
    else:
        near = [(k, x) for k, x, _ in found if x >= sim - 1e-9]
    return [(match, sim), *((k, x) for k, x in near if k != match)]


def _inside_name(
    keys: list[str], lo: int, s: int, ne: int,
    *names: dict[str, tuple[Unit, ...]] | frozenset[str] | None,
) -> bool:
    """Whether the tokens ``[s, ne)``, or they and up to three words before them in their
    part, are a key of one of ``names``."""
    tables = [t for t in names if t]
    if not tables:
        return False
    for a in range(s, max(lo, s - 3) - 1, -1):
        key = " ".join(keys[a:ne])
        if any(key in t for t in tables):
            return True
    return False


_SIBLING_NAMES: Final[dict[tuple[int, ...], frozenset[str]]] = {}


def _sibling_names(parents: tuple[Unit, ...]) -> frozenset[str]:
    """The name keys of the communes of the legacy provinces other than those of ``parents``
    (legacy provinces or districts) that went into the current provinces theirs went into
    (from the registry: no index of theirs is built for it); kept."""
    key = tuple(map(id, parents))
    found = _SIBLING_NAMES.get(key)
    if found is not None:
        return found
    found = frozenset()
    cur = _ERAS.get("current")
    if cur is not None:
        mine = {getattr(p, "province_code", None) or p.code for p in parents}
        olds = {
            c for m in mine if m in cur.by_legacy_code
            for c in cur.by_legacy_code[m].legacy_codes
        } - mine
        if olds:
            found = frozenset().union(*(_province_commune_names(c) for c in sorted(olds)))
    if len(_SIBLING_NAMES) >= 4096:
        _SIBLING_NAMES.clear()
    _SIBLING_NAMES[key] = found
    return found


_PROVINCE_COMMUNE_NAMES: Final[list[dict[str, frozenset[str]]]] = []


def _commune_named(era: str, parents: tuple[Unit, ...], key: str) -> bool:
    """Whether ``key`` names a commune of the era ``era`` under ``parents`` (provinces)."""
    built = _ERAS.get(era)
    return built is not None and any(key in t for t in built.index["commune"].tables(parents))


def _current_tables(parents: tuple[Unit, ...]) -> list[dict[str, tuple[Unit, ...]]]:
    """The name tables of the current communes of the current provinces that the legacy
    provinces of ``parents`` (legacy provinces or districts) went into."""
    key = tuple(map(id, parents))
    found = _CURRENT_TABLES.get(key)
    if found is not None:
        return found
    found = []
    cur = _ERAS.get("current")
    if cur is not None:
        mine = dict.fromkeys(getattr(p, "province_code", None) or p.code for p in parents)
        provinces = tuple(dict.fromkeys(
            cur.by_legacy_code[m] for m in mine if m in cur.by_legacy_code
        ))
        if provinces:
            found = cur.index["commune"].tables(provinces)
    if len(_CURRENT_TABLES) >= 4096:
        _CURRENT_TABLES.clear()
    _CURRENT_TABLES[key] = found
    return found


_CURRENT_TABLES: Final[dict[tuple[int, ...], list[dict[str, tuple[Unit, ...]]]]] = {}


def _province_commune_names(code: str) -> frozenset[str]:
    """The name keys of the communes of the legacy province ``code`` (every province's made
    at once, from the keys of name_keys.json: no table of the index is built for it)."""
    if not _PROVINCE_COMMUNE_NAMES:
        by_province: dict[str, set[str]] = {}
        units, names = _unit_names("legacy", "commune")
        for c, k in zip(units, names, strict=True):
            by_province.setdefault(c.province_code, set()).add(k)  # type: ignore[attr-defined]
        _PROVINCE_COMMUNE_NAMES.append({p: frozenset(v) for p, v in by_province.items()})
    return _PROVINCE_COMMUNE_NAMES[0].get(code, frozenset())


@lru_cache(maxsize=1)
def _district_names() -> frozenset[str]:
    """The name key of every legacy district."""
    return frozenset(_unit_names("legacy", "district")[1])


def _same_words(query: str, key: str) -> bool:
    """Whether ``query`` and ``key`` (of different numbers of words) are the same words but
    for a slip: their letters ("TânPhú", "Na fLoi"), or the words of the shorter and as many
    first words of the longer (a name whose end an address without separators leaves open:
    "Báich Khoa Ấp 2", "Trần Thàành | Ngọ")."""
    from rapidfuzz.distance import OSA

    letters = key.replace(" ", "")
    if OSA.distance(query.replace(" ", ""), letters) <= (2 if len(letters) >= 6 else 1):
        return True  # (two slips: a type word glued to the name, "XAALUOI1")
    q, k = query.split(), key.split()
    m = min(len(q), len(k))
    return _one_slip(" ".join(q[:m]), " ".join(k[:m]))


def _one_slip(query: str, key: str) -> bool:
    """Whether ``query`` is ``key`` with one slip of the hand: one letter wrong, missing or
    added, or two next to each other swapped (two such slips in a key of ten letters or
    more)."""
    from rapidfuzz.distance import OSA

    return OSA.distance(query, key) <= (2 if len(key) >= 10 else 1)


def _closest_written(written: str, units: tuple[Unit, ...]) -> tuple[Unit, ...]:
    """Of ``units`` (the owners of one key, names that differ only in their diacritics: "Nga
    Thanh" and "Nga Thành"), those whose name is closest to ``written`` (a misspelt name,
    with its diacritics) by ``fuzz.ratio``."""
    from rapidfuzz import fuzz

    low = unicodedata.normalize("NFC", " ".join(written.lower().split()))
    sims = [fuzz.ratio(low, unicodedata.normalize("NFC", u.name.lower())) for u in units]
    top = max(sims)
    return tuple(u for u, x in zip(units, sims, strict=True) if x == top)


def _named_alone(tk: _Tokens, hit: _Hit) -> bool:
    """Whether ``hit`` (a legacy district named by its name alone, see ``loose`` in
    :func:`_compute_hits`) names it by a name of two words or more that no unit of either era
    has but the district, its communes and the current communes that took in its land: the end
    of a search-box query ("nha hang ngon bac tu liem") names that place, where no commune of
    it comes before."""
    if len(hit.units) != 1:
        return False
    key = " ".join(tk.keys[hit.start : tk.stop])  # (it ends the address: see _read_legacy)
    return " " in key and key in _only_districts()


_ONLY_DISTRICTS: list[frozenset[str]] = []


def _only_districts() -> frozenset[str]:
    """The keys of legacy district names that name no other place (see :func:`_named_alone`),
    from the keys of the units' names (name_keys.json: no table of the indexes is built for
    it), once."""
    if _ONLY_DISTRICTS:
        return _ONLY_DISTRICTS[0]
    by_key: dict[str, list[str]] = {}
    for ld, k in zip(*_unit_names("legacy", "district"), strict=True):
        by_key.setdefault(k, []).append(ld.code)
    provinces = {
        *_unit_names("current", "province")[1], *_unit_names("legacy", "province")[1]
    }
    found = {k: ds[0] for k, ds in by_key.items() if len(ds) == 1 and k not in provinces}
    heirs = _district_heirs()
    other: set[str] = set()
    for lc, k in zip(*_unit_names("legacy", "commune"), strict=True):
        code = found.get(k)
        if code is not None and lc.district_code != code:  # type: ignore[attr-defined]
            other.add(code)
    for c, k in zip(*_unit_names("current", "commune"), strict=True):
        code = found.get(k)
        if code is not None and c.code not in heirs.get(code, ()):
            other.add(code)
    keys = frozenset(k for k, code in found.items() if code not in other)
    _ONLY_DISTRICTS.append(keys)
    return keys


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
        if units and (h.warning is None or h.warning == "type" or h.warning == "earlier"):
            # (a commune that changed type when it moved, "Xã Hồng Giang" of Lục Ngạn, a
            # phường of Chũ since: at the cost of the type word that does not fit)
            out.append(_Hit(h.start, units, h.score - 1.0, "moved", h.fuzzy, h.free, h.repeat))
    return out
