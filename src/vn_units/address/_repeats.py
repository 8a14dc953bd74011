"""Units written twice: a unit, or a run of units, written again right after itself.

Forms and delivery lists often repeat part of an address: the district and province a second
time after an empty ward slot ("…, Quận Thanh Xuân, Hà Nội, , Quận Thanh Xuân, Hà Nội"), a ward
and district without separators ("Phường Bến Nghé Quận 1 Phường Bến Nghé Quận 1, TP HCM"), the
province twice. A copy is the same unit at the same level, written with or without its type
word (a type word of its level, or the name alone as a whole part), with any name the gazetteer
knows it by (its own, an alias, a former name, a province's name of the other era).

:func:`_copy_start` answers, for a candidate (a hit of one level ending where the next level
up starts), where the copies written right before it start: the copy of its own unit, or of the
run from its unit up to an ancestor ("…, D, P, D, P" for the second D: P then D before it). The
candidate extended over its copies (:func:`vn_units.address._candidates._hits`) is offered
besides the plain one, so the decoder scores both; the copies are then covered by one unit
(neither is street) and the level below is read before the first copy.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from vn_units.address._gazetteer import (
    _ERAS,
    _code_map,
    _Era,
    _legacy_parents,
    _LevelIndex,
    _lookup,
)
from vn_units.address._tokens import _Tokens
from vn_units.address._weights import _BOUNDED, _EXACT, _TYPE_AGREES
from vn_units.address._words import (
    _CUTS,
    _PIECE,
    _PREFIX,
    _TYPE_MAX,
    _letter_type,
    _name_key,
    _prefix_at,
    _TypeWord,
    _word_keys,
)
from vn_units.models import Unit

_CUT: Final = re.compile(f"[{_CUTS}]")


# what may end a part before a separator (empty parts are skipped)
_EDGE: Final = f" \t{_CUTS}"


# the levels of each era, lowest first
_UP: Final = {
    "current": ("commune", "province"),
    "legacy": ("commune", "district", "province"),
}


# the parent level an index is keyed under (its former names are kept under it)
_PARENT: Final = {
    ("legacy", "commune"): "district",
    ("legacy", "district"): "province",
    ("current", "commune"): "province",
}


@lru_cache(maxsize=16)
def _last_words(idx: _LevelIndex) -> frozenset[str]:
    """The last words of every key a unit of ``idx`` is found under (exact, former, and for
    provinces the other era's names): a copy ends with one (a quick test first). From the keys
    of name_keys.json: no table is built for it."""
    words = idx.last_words()
    era = _ERAS.get(idx.era)
    if idx.level == "province" and era is not None:
        words = words | {k.rsplit(" ", 1)[-1] for k in era.cross}
    return words


def _named(
    idx: _LevelIndex, key: str, targets: tuple[Unit, ...]
) -> tuple[tuple[Unit, ...], frozenset[str] | None]:
    """Those of ``targets`` (units of ``idx``) that ``key`` names: exactly, with a name of the
    other era (provinces: then with the types of that era's units of the name, which a type word
    written before it fits), or with a former name under their parent."""
    out = idx.named(key, targets)
    if out:
        return out, None
    if idx.level == "province":
        era = _ERAS.get(idx.era)
        if era is None:
            return (), None
        other = era.cross.get(key, ())
        return tuple(u for u in targets if u in other), era.cross_types.get(key)
    up = _PARENT.get((idx.era, idx.level))
    if up is None or not idx.former:
        return (), None
    attr = f"{up}_code"
    former = idx.former
    tables = [t for u in targets if (t := former.get((up, getattr(u, attr)))) is not None]
    found = _lookup(tables, key) if tables else ()
    return tuple(u for u in targets if u in found), None


def _fits(idx: _LevelIndex, units: tuple[Unit, ...], types: frozenset[str] | None,
          tw: _TypeWord) -> tuple[Unit, ...]:
    """Those of ``units`` whose type the type word ``tw`` fits (all or none of them when they
    are named with the other era's name of ``types``)."""
    if idx.level not in tw.levels:
        return ()
    if types is not None:
        return units if types & tw.types else ()
    return tuple(u for u in units if idx.types[id(u)] & tw.types)


def _district_named(idx: _LevelIndex, key: str, provinces: tuple[Unit, ...]) -> bool:
    """Whether ``key`` names a legacy district of ``provinces`` (of ``idx``, either era): a
    name that is a district there ("Thành phố Bắc Ninh" of Tỉnh Bắc Ninh, and the current
    Thành phố Bắc Ninh since 2026) is read as that district, not as the province again."""
    leg = _ERAS.get("legacy")
    if leg is None:
        return False
    parents = list(provinces) if idx.era == "legacy" else _legacy_parents(leg, provinces)
    return bool(parents) and bool(leg.index["district"].lookup(key, parents))


def _type_starts(tk: _Tokens, i: int) -> bool:
    """Whether a type word starts at token ``i``."""
    keys = tk.type_keys
    for k in range(1, _TYPE_MAX + 1):
        tw = _PREFIX.get(tuple(keys[i : i + k]))
        if tw is not None and (not tw.letter or _letter_type(keys, tk.letter_ok, i)):
            return True
    return False


def _copy(
    tk: _Tokens, pos: int, idx: _LevelIndex, targets: tuple[Unit, ...]
) -> tuple[int, tuple[Unit, ...], float] | None:
    """A copy of one of ``targets`` (units of ``idx``) ending at token ``pos``: its start (its
    type word included), the units it names and its score as a hit; None when there is none.

    A copy is bounded: it ends where a part ends or a type word starts, and it starts with a
    type word of its level that fits the unit's type, or is a whole part (a bare name)."""
    keys = tk.keys
    if pos <= 0 or keys[pos - 1] not in _last_words(idx):
        return None
    seg_lo = tk.seg_lo
    part_end = pos == len(keys) or seg_lo[pos] == pos
    if not part_end and not _type_starts(tk, pos):
        return None
    lo = seg_lo[pos - 1]
    for s in range(pos - 1, max(lo, pos - idx.maxlen) - 1, -1):
        key = keys[s] if s + 1 == pos else " ".join(keys[s:pos])
        units, types = _named(idx, key, targets)
        if not units:
            continue
        n, tw = _prefix_at(tk.type_keys, tk.letter_ok, s, lo)
        words = pos - s
        if (
            idx.level == "province" and (not n or "district" in tw.levels)
            and _district_named(idx, key, units)
        ):
            continue  # "Thành phố Bắc Ninh, Bắc Ninh": a city of the province, not it twice
        if n:
            # of its level and its type ("Thành phố Bắc Ninh, Tỉnh Bắc Ninh" is a city of
            # the province, "Thành phố Huế, Thừa Thiên Huế" the province twice)
            units = _fits(idx, units, types, tw)
            if not units:
                continue
            score = _EXACT + 0.05 * words + _TYPE_AGREES
            return s - n, units, score + (_BOUNDED if s - n == lo else 0.0)
        if not n and s == lo and part_end:
            return s, units, _EXACT + 0.05 * words + _BOUNDED
    return None


def _ancestors(units: tuple[Unit, ...], era: str, level: str) -> tuple[Unit, ...]:
    """The units of ``level`` (of ``era``) that hold ``units``, each once."""
    built = _ERAS.get(era)
    if built is None:
        return ()
    codes = _code_map(built.index[level])
    out: dict[Unit, None] = {}
    for u in units:
        for a in codes.get(getattr(u, f"{level}_code"), ()):
            out[a] = None
    return tuple(out)


def _may_repeat(tk: _Tokens, idx: _LevelIndex) -> bool:
    """Whether a hit of ``idx`` may have a copy before it in ``tk`` (a quick test first): a
    copy of a district or commune shares a word with it, so some word is written twice; a
    province's copy may be written with another of its many names ("TP HCM, Hồ Chí Minh")."""
    if idx.level == "province":
        return True
    twice = tk.twice
    if twice is None:
        keys = tk.keys
        twice = tk.twice = len(set(keys)) < len(keys)
    return twice


@lru_cache(maxsize=4)
def _province_ends(idx: _LevelIndex) -> dict[int, frozenset[str]]:
    """The last words of the keys of each province of ``idx`` (its names, aliases and the
    other era's names of it), by ``id`` (the index keeps its units alive; hashing a unit is
    slower): a copy of it ends with one."""
    out: dict[int, set[str]] = {}
    era = _ERAS.get(idx.era)
    tables = [idx.exact, era.cross] if era is not None else [idx.exact]
    for table in tables:
        for key, units in table.items():
            for u in units:
                out.setdefault(id(u), set()).add(key.rsplit(" ", 1)[-1])
    return {u: frozenset(v) for u, v in out.items()}


@lru_cache(maxsize=16)
def _chain(idx: _LevelIndex) -> tuple[tuple[str, _LevelIndex, frozenset[str]], ...]:
    """The levels of the era of ``idx`` from its level up, each with its index and the last
    words of its keys."""
    built = _ERAS[idx.era]
    levels = _UP[idx.era]
    return tuple(
        (lv, built.index[lv], _last_words(built.index[lv]))
        for lv in levels[levels.index(idx.level) :]
    )


@lru_cache(maxsize=16)
def _copy_ends_with(idx: _LevelIndex) -> frozenset[str]:
    """The words a copy written right before a hit of ``idx`` can end with: the last words of
    the keys of its level and of the levels above (see :func:`_copy_start`)."""
    return frozenset().union(*(last for _, _, last in _chain(idx)))


def _copy_start(
    tk: _Tokens, s: int, e: int, units: tuple[Unit, ...], idx: _LevelIndex
) -> tuple[int, tuple[Unit, ...], float] | None:
    """Where the copies written right before a hit of ``units`` (of ``idx``), the tokens
    ``[s, e)``, start, the hit's units that they name, and the best score of a copy of the
    hit's own level; None when no copy is written there.

    The copies are those of the hit's unit ("…, Hà Nội, Hà Nội"), or of the run of levels from
    the hit's up to one of its ancestors, written before it in the order of the address:
    before the second of "…, Quận 1, TP HCM, Quận 1, TP HCM" a copy of the province, and of the
    district before that. Written more than twice, every copy is covered."""
    if s <= 0 or idx.era not in _ERAS:
        return None
    keys = tk.keys
    word = keys[s - 1]
    if word not in _copy_ends_with(idx):
        return None  # (most hits: no name of these levels ends right before them)
    # (asked again for each pass and era read: kept on the tokens, by the hit's units, which
    # the entry keeps alive, so that their id names them)
    memo = tk.copies
    if memo is None:
        memo = tk.copies = {}
    key = (s, e, id(idx), id(units))
    got = memo.get(key)
    if got is not None and got[0] is units:
        return got[1]
    found = _copies_before(tk, s, e, units, idx)
    memo[key] = (units, found)
    return found


def _copies_before(
    tk: _Tokens, s: int, e: int, units: tuple[Unit, ...], idx: _LevelIndex
) -> tuple[int, tuple[Unit, ...], float] | None:
    """:func:`_copy_start`, computed."""
    keys = tk.keys
    word = keys[s - 1]
    if idx.level == "province":
        ends = _province_ends(idx)
        if not any(word in ends.get(id(u), ()) for u in units):
            return None  # (nor of these provinces)
    else:
        # a copy of a district or commune shares a word with it (a quick test first: a
        # province's copy may be written with another of its many names)
        for k in keys[s:e]:
            if keys.index(k) < s:
                break
        else:
            return None
    chain = _chain(idx)
    era, level = idx.era, idx.level
    found: tuple[int, tuple[Unit, ...], float] | None = None
    while s > 0:
        step = None
        for top in range(len(chain)):
            # the run from the hit's level up to ``top``: its copies, highest first, right to left
            pos = s
            keep = units
            for lv, lidx, last in reversed(chain[: top + 1]):
                if pos <= 0 or keys[pos - 1] not in last:
                    break
                targets = keep if lv == level else _ancestors(keep, era, lv)
                got = _copy(tk, pos, lidx, targets)
                if got is None:
                    break
                pos = got[0]
                if lv == level:
                    keep = got[1]
                    step = (pos, keep, got[2])
                else:
                    named = got[1]
                    keep = tuple(
                        u for u in keep
                        if any(a in named for a in _ancestors((u,), era, lv))
                    )
            if step is not None:
                break
        if step is None:
            break
        score = step[2] if found is None else max(found[2], step[2])
        found = (step[0], step[1], score)
        s, units = step[0], step[1]
    return found


def _copy_ends(
    head: str, tail: str, street: str | None, units: tuple[Unit | None, ...], era: str | None
) -> bool:
    """Whether a reading of ``tail`` (the last parts of an address) with ``units`` (of ``era``,
    one per level, the province first) and ``street`` may miss a unit written twice, which the
    whole text must be read for (see :func:`vn_units.address._parsing._parse_parts`): the part
    right before the units (the last of ``street``, or of ``head``, the text before ``tail``;
    empty parts skipped) names one of ``units``, or a part of ``tail`` before its last names
    its province, with or without a type word of its level (that part only where the last word
    of the last part is written twice: a quick test first)."""
    if era is None or units[0] is None:
        return False
    before = (street or head).rstrip(_EDGE)
    if _names_one(before[max(map(before.rfind, _CUTS)) + 1 :], units, era):
        return True
    parts = _CUT.split(tail)
    last = parts[-1].split()
    if not last or tail.casefold().count(last[-1].casefold()) < 2:
        return False
    return any(_names_one(p, units[:1], era) for p in parts[:-1] if p.strip())


# the words a name of a unit ends with, by id, with the unit (see _ends_of)
_ENDS: Final[dict[int, tuple[Unit, frozenset[str]]]] = {}


def _ends_of(u: Unit, built: _Era) -> frozenset[str]:
    """The words a copy of ``u`` (a unit of ``built``) written as a part may end with: the last
    word of its name, its name written as one word, and for a province the last words of all
    its names (a quick test: a copy under another name of a commune or district, an alias or a
    former name, is not looked for in the parts before the reused last parts)."""
    got = _ENDS.get(id(u))
    if got is not None and got[0] is u:
        return got[1]
    if u.level == "province":
        found = _province_ends(built.index["province"]).get(id(u), frozenset())
    else:
        key = _name_key(u.name)
        found = frozenset({key.rsplit(" ", 1)[-1], key.replace(" ", "")} if key else ())
    if len(_ENDS) >= 1 << 14:
        _ENDS.clear()
    _ENDS[id(u)] = (u, found)
    return found


def _names_one(part: str, units: tuple[Unit | None, ...], era: str) -> bool:
    """Whether ``part`` (a part of an address, as written) names one of ``units`` (of ``era``)
    with or without a type word of its level that fits its type."""
    built = _ERAS.get(era)
    raw = part.split()
    if built is None or not raw:
        return False
    # (a quick test first: the part's last word ends a name of one of the units' levels)
    pieces: list[tuple[str, ...]] = _PIECE.findall(raw[-1])
    ends = ""
    for m in pieces:
        if m[0]:
            ends = m[0]
    keys = _word_keys(ends) if ends else ()
    if not keys or not any(u is not None and keys[-1] in _ends_of(u, built) for u in units):
        return False
    words = _name_key(part).split()
    if not words:
        return False
    for u in units:
        if u is None:
            continue
        idx = built.index[u.level]
        if words[-1] not in _last_words(idx):
            continue
        for k in range(min(_TYPE_MAX, len(words) - 1) + 1):
            tw = _PREFIX.get(tuple(words[:k])) if k else None
            if k and tw is None:
                continue
            key = " ".join(words[k:])
            named, types = _named(idx, key, (u,))
            if named and (tw is None or _fits(idx, named, types, tw)):
                return True
    return False
