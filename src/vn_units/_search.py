"""Name index and fuzzy search over one registry (rapidfuzz), and package-level search.

Every unit is indexed under the normalised key of its name (see :mod:`vn_units.text`),
the same key without spaces (``Daklak`` = ``Đắk Lắk``), and its curated aliases. Queries go
through the same normaliser, and a type word in front of or behind the name (``TP.``, ``Q.``,
``Phường``, ``District`` …) is split off first and used to prefer units of that type.

>>> import vn_units
>>> vn_units.search("sai gon", level="province")[0].unit.full_name
'Thành phố Hồ Chí Minh'
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from vn_units._errors import InvalidTypeError
from vn_units._types import MAX_NAME_LENGTH
from vn_units.text import compact_key, normalize, split_type

if TYPE_CHECKING:
    from vn_units._types import Era, Level
    from vn_units.models import Commune, Province, Unit

U = TypeVar("U", bound="Unit")

__all__ = ["Match", "NameIndex", "check_search_options", "search"]


@dataclass(frozen=True)
class Match(Generic[U]):
    """One search result: the ``unit``, its ``score`` (0-100) and the text it matched on
    (its name, or the alias that matched).

    >>> import vn_units
    >>> m = vn_units.provinces.search("Sài Gòn")[0]
    >>> m.unit.code, m.score, m.matched_on
    ('79', 100.0, 'Sài Gòn')
    """

    unit: U
    score: float
    matched_on: str


_ALIASES: dict[str, dict[str, list[str]]] | None = None
_ALIASES_LOCK = threading.Lock()


def aliases(era: str, level: str) -> dict[str, list[str]]:
    """The curated aliases of the units of one era and level ("TP HCM", "Sài Gòn" for Thành
    phố Hồ Chí Minh), by code, from the bundled ``aliases.json`` (read once): the name index
    here and the address reader's gazetteer both match them."""
    global _ALIASES
    if _ALIASES is None:
        with _ALIASES_LOCK:
            if _ALIASES is None:
                from vn_units._resources import read_json

                raw = read_json("aliases.json")
                _ALIASES = {
                    group: {code: [a["alias"] for a in rows] for code, rows in table.items()}
                    for group, table in raw.items()
                }
    group = f"{level}s" if era == "current" else f"legacy_{level}s"
    return _ALIASES.get(group, {})


_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def _spelling(text: str) -> str:
    """Case-folded spelling with every diacritic, where the tone mark's place in the syllable
    does not matter (Hoà = Hòa) and neither do hyphens or spacing."""
    words = []
    for word in unicodedata.normalize("NFD", text.casefold()).replace("-", " ").split():
        tones = "".join(sorted(ch for ch in word if ch in _TONE_MARKS))
        words.append("".join(ch for ch in word if ch not in _TONE_MARKS) + tones)
    return " ".join(words)


def _types_of(unit: Unit) -> set[str]:
    if unit.era == "current":  # a type history (legacy units have one type)
        return {t.type.value for t in cast("Province | Commune", unit).types}
    return {unit.unit_type.value}


# the score of a unit whose name has the query as its initials (see NameIndex.search)
_INITIALS = 90.0


class NameIndex(Generic[U]):
    """Exact-key and fuzzy indexes over the names and aliases of a set of units."""

    def __init__(self, units: Iterable[U], *, era: Era, level: Level) -> None:
        self.era = era
        self.level = level
        by_code = aliases(era, level)
        exact: dict[str, list[tuple[U, str]]] = {}
        keys: list[str] = []
        owners: list[U] = []
        labels: list[str] = []
        # the initials of the names of two words or more, for provinces and districts, which
        # are written so ("ĐN", "QN", "Q.TB"): searched for, at a score below an exact name
        self._initials: dict[str, list[U]] = {}
        for unit in units:
            if level != "commune":
                words = normalize(unit.name).split()
                if len(words) >= 2 and all(w.isalpha() for w in words):
                    self._initials.setdefault("".join(w[0] for w in words), []).append(unit)
            texts = [unit.name, *by_code.get(unit.code, ())]
            exact_seen: set[str] = set()
            fuzzy_seen: set[str] = set()
            for text in texts:
                key = normalize(text)
                entry = (unit, text)  # one tuple for both keys
                for k in (key, compact_key(text)):
                    if k and k not in exact_seen:
                        exact_seen.add(k)
                        exact.setdefault(k, []).append(entry)
                if key and key not in fuzzy_seen:
                    fuzzy_seen.add(key)
                    keys.append(key)
                    owners.append(unit)
                    labels.append(text)
        # tuples, not the lists they were grouped in: about 2 MiB less for the five registries;
        # and a key's one entry (most keys) kept as itself, not in a 1-tuple (1.3 MiB less)
        self._exact: dict[str, tuple[U, str] | tuple[tuple[U, str], ...]] = {
            k: v[0] if len(v) == 1 else tuple(v) for k, v in exact.items()
        }
        self._keys = keys
        self._owners = owners
        self._labels = labels
        positions: dict[str, list[int]] = {}
        for i, unit in enumerate(owners):
            positions.setdefault(unit.code, []).append(i)
        # a unit's one position (most units) kept as itself, not in a 1-tuple
        self._positions: dict[str, int | tuple[int, ...]] = {
            k: v[0] if len(v) == 1 else tuple(v) for k, v in positions.items()
        }
        self._subsets: dict[frozenset[str], tuple[list[int], list[str]]] = {}

    def _subset(self, allowed: frozenset[str]) -> tuple[list[int], list[str]]:
        """Positions and keys of the units whose code is in ``allowed`` (one parent's
        children, typically), cached: searching within a parent repeats the same sets."""
        cached = self._subsets.get(allowed)
        if cached is None:
            positions = self._positions
            index: list[int] = []
            for code in allowed:
                at = positions.get(code)
                if at is None:
                    continue
                if type(at) is int:
                    index.append(at)
                else:
                    index.extend(at)  # type: ignore[arg-type]
            index.sort()
            cached = (index, [self._keys[i] for i in index])
            if len(self._subsets) >= 4096:
                self._subsets.clear()
            self._subsets[allowed] = cached
        return cached

    def _query_parts(self, text: str) -> tuple[str | None, str]:
        type_word, bare = split_type(text, self.level)
        return type_word, bare

    def lookup(self, text: str) -> list[U]:
        """Units whose name or alias has exactly this key (type words ignored, but used to
        prefer units of that type when several match)."""
        return list(self._lookup(text))

    def _lookup(self, text: str) -> dict[U, str]:
        """Like :meth:`lookup`, with the name or alias each unit matched on."""
        type_word, bare = self._query_parts(text)
        found: dict[U, str] = {}
        # The whole text first: without diacritics a type word cannot be told from a name
        # ("Quan Hoa" is Phường Quan Hoa, not Quận Hoa), and a name wins over a split.
        for candidate in ((text, bare) if bare != text else (text,)):
            for k in (normalize(candidate), compact_key(candidate)):
                entries = self._exact.get(k)
                if entries is None:
                    continue
                # (one (unit, label) entry is kept as itself)
                many = cast(
                    "tuple[tuple[U, str], ...]",
                    entries if type(entries[0]) is tuple else (entries,),
                )
                for unit, label in many:
                    found.setdefault(unit, label)
            if found:
                if candidate is text:
                    type_word = None
                break
        if type_word and len(found) > 1:
            typed = {u: lb for u, lb in found.items() if type_word in _types_of(u)}
            if typed:
                found = typed
        if len(found) > 1 and not text.isascii():
            # "Sa Pa" and "Sa Pả" share a key: an exact spelling (tone placement aside) wins
            wanted = {_spelling(bare), _spelling(text)}
            exact = {u: lb for u, lb in found.items() if _spelling(u.name) in wanted}
            if exact:
                found = exact
        return found

    def search(
        self,
        query: str,
        *,
        limit: int | None = 10,
        score_cutoff: float = 60.0,
        allowed: frozenset[str] | None = None,
    ) -> list[Match[U]]:
        """Fuzzy search; best first, one match per unit. A query longer than any name
        (:data:`~vn_units._types.MAX_NAME_LENGTH`) matches none."""
        if not query or not query.strip() or len(query) > MAX_NAME_LENGTH:
            return []
        from rapidfuzz import fuzz, process

        type_word, bare = self._query_parts(query)
        key = normalize(bare) or normalize(query)
        if not key:
            return []
        best: dict[U, Match[U]] = {}
        for unit, label in self._lookup(query).items():
            if allowed is None or unit.code in allowed:
                best[unit] = Match(unit, 100.0, label)
        if len(key) <= 4 and key.isalpha() and score_cutoff <= _INITIALS:
            # initials ("ĐN": Đà Nẵng, Đồng Nai): above what a short query scores by edit
            # distance against a long name, below an exact name
            for unit in self._initials.get(key, ()):
                if unit not in best and (allowed is None or unit.code in allowed):
                    best[unit] = Match(unit, _INITIALS, unit.name)
        if allowed is None:
            choices: Sequence[str] = self._keys
            index: Sequence[int] = range(len(self._keys))
        else:
            index, choices = self._subset(allowed)
        # Stage 1: plain edit-distance ratio over every key (fast, C++); stage 2: rescore the
        # short list with WRatio, which also credits partial and reordered words.
        shortlist = max(50, (limit or 10) * 5)
        for _, first, pos in process.extract(
            key, choices, scorer=fuzz.ratio, processor=None,
            score_cutoff=max(0.0, score_cutoff - 25.0), limit=shortlist,
        ):
            i = index[pos]
            unit = self._owners[i]
            score = max(first, fuzz.WRatio(key, self._keys[i], processor=None))
            if score < score_cutoff or (unit in best and best[unit].score >= 100.0):
                continue
            # 100 is kept for exact matches: a same-key unit that lookup() set aside (another
            # spelling, "Văn Lăng" for "Văn Lang") ranks right below them
            if type_word and type_word in _types_of(unit):
                score += 1.0  # the type agrees: break ties towards it
            score = min(score, 99.0)
            current = best.get(unit)
            if current is None or score > current.score:
                best[unit] = Match(unit, float(score), self._labels[i])
        ranked = sorted(best.values(), key=lambda m: (-m.score, m.unit.code))
        return ranked if limit is None else ranked[:limit]


def search(
    query: str,
    *,
    level: Level | None = None,
    era: Era | None = "current",
    within: object = None,
    limit: int | None = 10,
    score_cutoff: float = 60.0,
) -> list[Match[Any]]:
    """Search units by name across levels and eras; best first.

    ``era`` is ``"current"`` (the default), ``"legacy"`` or ``None`` for both; ``level`` is
    ``"province"``, ``"district"`` (legacy only: pass ``era="legacy"`` or ``None``),
    ``"commune"`` or ``None`` for all. ``within`` narrows to a parent unit (or code) and needs
    ``level``. ``limit`` is the most results (``None``: all); ``score_cutoff`` the lowest score
    kept, 0-100. Other values raise :class:`~vn_units.InvalidArgumentError`.

    >>> import vn_units
    >>> m = vn_units.search("Ben Thanh", level="commune")[0]
    >>> m.unit.full_name, m.score
    ('Phường Bến Thành', 100.0)
    """
    from vn_units._catalog import ERAS_LEVELS, registry
    from vn_units._errors import InvalidArgumentError, check_choice

    if not isinstance(query, str):
        raise InvalidTypeError(f"a query must be a str, not {type(query).__name__}")
    check_choice("level", level, ("province", "district", "commune", None))
    check_choice("era", era, ("current", "legacy", None))
    check_search_options(limit, score_cutoff)
    if level == "district" and era == "current":
        raise InvalidArgumentError(
            "era", era, "'legacy' or None with level='district' (districts ended on 2025-07-01)"
        )
    if within is not None and level is None:
        raise InvalidTypeError("within= needs level=")
    results: list[Match[Any]] = []
    for e, lv in ERAS_LEVELS:
        if (era is None or e == era) and (level is None or lv == level):
            results.extend(
                registry(e, lv).search(
                    query, limit=limit, score_cutoff=score_cutoff, within=within
                )
            )
    results.sort(key=lambda m: (-m.score, m.unit.era != "current", m.unit.level, m.unit.code))
    return results if limit is None else results[:limit]


def check_search_options(limit: object, score_cutoff: object) -> None:
    """Raise :class:`~vn_units.InvalidArgumentError` for a ``limit`` that is not ``None`` or
    an int of 0 or more, or a ``score_cutoff`` outside 0-100 (``TypeError`` for non-numbers).

    >>> check_search_options(10, 60.0)
    """
    from vn_units._errors import InvalidArgumentError

    if limit is not None:
        if isinstance(limit, bool) or not isinstance(limit, int):
            raise InvalidTypeError(f"limit must be an int or None, not {type(limit).__name__}")
        if limit < 0:
            raise InvalidArgumentError("limit", limit, "an int of 0 or more, or None for all")
    if isinstance(score_cutoff, bool) or not isinstance(score_cutoff, (int, float)):
        raise InvalidTypeError(f"score_cutoff must be a number, not {type(score_cutoff).__name__}")
    if not 0 <= score_cutoff <= 100:
        raise InvalidArgumentError("score_cutoff", score_cutoff, "a score from 0 to 100")
