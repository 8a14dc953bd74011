"""The gazetteer: the indexes of the names of the units of both eras.

Built lazily and thread-safely from the bundled data (:func:`_era`: both eras at once, each
level's index on first use): for each era and level, the exact keys of its units' names (with
their type words, aliases and former names), globally and under each parent; the province
names of the other era; the keys a misspelt name is compared with (:class:`_Choices`); the
names written with a dash; the legacy communes that moved to another district; the types
the legacy units had under a name before 2025-06-30.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from operator import attrgetter
from typing import Any, Final, Literal, final

from vn_units._errors import DataError
from vn_units.address._weights import _EXACT, _ceiling
from vn_units.address._words import (
    _ROMAN_LETTERS,
    _name_groups,
    _name_key,
    _spelling_variants,
)
from vn_units.models import Commune, Province, Unit


@lru_cache(maxsize=1)
def _dashed_names() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The words on each side of the dash of the unit names written with one ("Bà Rịa - Vũng
    Tàu", "Phan Rang - Tháp Chàm", "Văn Miếu - Quốc Tử Giám"), as key tuples."""
    from vn_units import communes, legacy, provinces

    out: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
    for registry in (provinces, communes, legacy.provinces, legacy.districts, legacy.communes):
        for unit in registry:
            name = unit.name
            if "-" not in name and "–" not in name and "—" not in name:
                continue  # (most names: no dash, a quick test first)
            for cut in _DASH.finditer(name):
                left = tuple(_name_key(name[: cut.start()]).split())
                right = tuple(_name_key(name[cut.end() :]).split())
                if left and right:
                    out.add((left, right))
    return sorted(out)


def _province_keys() -> frozenset[str]:
    """The keys of the province names of both eras."""
    from vn_units import legacy, provinces

    return frozenset(_name_key(p.name) for reg in (provinces, legacy.provinces) for p in reg)


_DASH: Final = re.compile(r"\s*[-–—]+\s*")


# The few distinct sets of type names, shared by every unit that has one (the indexes hold one
# per unit: shared, they are not thousands of objects for the garbage collector to walk).
_TYPE_SETS: Final[dict[frozenset[str], frozenset[str]]] = {}


def _unit_types(unit: Unit) -> frozenset[str]:
    if isinstance(unit, (Province, Commune)):  # a type history (no getattr: no pydantic fallback)
        found = frozenset(t.type.value for t in unit.types)
    else:
        typ = unit.unit_type
        got = _ONE_TYPE.get(typ)
        if got is not None:
            return got
        found = frozenset({typ.value})
        _ONE_TYPE[typ] = found = _TYPE_SETS.setdefault(found, found)
    return _TYPE_SETS.setdefault(found, found)


# the shared set of each type of the units with one type (the legacy units)
_ONE_TYPE: Final[dict[Any, frozenset[str]]] = {}


_EMPTY: Final[dict[str, tuple[Unit, ...]]] = {}


def _types_by_key(rows: Iterable[Sequence[str]]) -> dict[str, frozenset[str]]:
    """The types a unit had under each key of its dated names (``(type, key, start, end)``
    rows), the key also written without spaces."""
    by_key: dict[str, set[str]] = {}
    for row in rows:
        typ, key = row[0], row[1]
        for v in (key, key.replace(" ", "")):
            by_key.setdefault(v, set()).add(typ)
    return {k: frozenset(v) for k, v in by_key.items()}


def _add(table: dict[str, tuple[Unit, ...]], key: str, one: tuple[Unit, ...]) -> None:
    """Add the unit of the 1-tuple ``one`` under ``key`` (after the units already there)."""
    old = table.get(key)
    if old is None:
        table[key] = one
    elif old is not one:
        unit = one[0]
        for u in old:
            if u is unit:  # one record per unit: identity is equality
                return
        table[key] = (*old, unit)


def _key_texts(name: str, aliases: Sequence[str]) -> list[str]:
    """The texts a unit is found under: its name, its aliases, and each written without its
    apostrophes (the apostrophe is often left out: "Ea Hleo" for Ea H'Leo, "Cư Mgar")."""
    names = [name, *aliases]
    for text in list(names):
        if "'" in text or "’" in text:
            names.append(text.replace("'", "").replace("’", ""))
    return names


def unit_keys(name: str, aliases: Sequence[str], city: bool) -> tuple[str, list[str]]:
    """The key of a unit's name, and every key the unit is found under: the keys of its name,
    of its ``aliases`` and of each written without apostrophes (:func:`_key_texts`), each also
    without spaces, a roman numeral also as its number ("Phường I": "1"), and, for a province
    that is a city (``city``), each also after "tp" ("tphcm"). ``python -m databuild`` writes
    them to ``name_keys.json`` (:func:`encode_keys`), which the index reads."""
    keys: list[str] = []
    name_key = ""
    if not aliases and "'" not in name and "’" not in name:
        # the name alone (most units): what the loop below makes of it
        name_key = _name_key(name)
        if name_key:
            keys.append(name_key)
            compact = name_key.replace(" ", "")
            if compact != name_key:
                keys.append(compact)
            if name_key in _ROMAN_LETTERS:
                keys.append(_ROMAN_LETTERS[name_key])
        texts: list[str] = []
    else:
        texts = _key_texts(name, aliases)
    for i, text in enumerate(texts):
        k = _name_key(text)
        if i == 0:
            name_key = k
        if not k:
            continue
        for v in (k, k.replace(" ", "")):
            if v not in keys:
                keys.append(v)
        if k in _ROMAN_LETTERS:  # Phường I .. Phường V (Vị Thanh)
            keys.append(_ROMAN_LETTERS[k])
    if city:
        for k in list(keys):
            keys.append("tp" + k.replace(" ", ""))
    return name_key, keys


def encode_keys(name_key: str, keys: list[str]) -> str:
    """One unit's keys (:func:`unit_keys`) as a row of ``name_keys.json``: the keys joined by
    "|", each key without spaces left out where it follows its key with spaces (the reader
    puts it back: :func:`_decode_keys`), and a first "|" where the name's key is empty (no key
    of the unit is then the name's). :class:`ValueError` where the row does not read back."""
    kept = [
        k for i, k in enumerate(keys)
        if not (i and " " in keys[i - 1] and k == keys[i - 1].replace(" ", ""))
    ]
    row = "|".join(kept if name_key else ["", *kept]) if keys or name_key else ""
    if (name_key and (not keys or keys[0] != name_key)) or _decode_keys(row) != (name_key, keys):
        raise ValueError(f"the keys {keys!r} of {name_key!r} cannot be written as a row")
    return row


def _decode_keys(row: str) -> tuple[str, list[str]]:
    """The name's key and every key of one unit from its row of ``name_keys.json``."""
    if "|" not in row:  # (most units: the name's key alone)
        return row, ([row, row.replace(" ", "")] if " " in row else [row] if row else [])
    parts = row.split("|")
    name_key = parts[0]
    keys: list[str] = []
    for k in parts if name_key else parts[1:]:
        keys.append(k)
        if " " in k:
            compact = k.replace(" ", "")
            if compact not in keys:
                keys.append(compact)
    return name_key, keys


# the rows of name_keys.json by era and level ("legacy_communes")
_GROUPS: Final = {
    ("current", "province"): "provinces", ("current", "commune"): "communes",
    ("legacy", "province"): "legacy_provinces", ("legacy", "district"): "legacy_districts",
    ("legacy", "commune"): "legacy_communes",
}


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
    """Exact keys of the units of one level, globally and under each ancestor.

    A level with parents below the province (the communes of either era) is indexed one
    province at a time ("shards"), each the first time a reading needs it: a lookup under a
    parent (:meth:`tables`, :meth:`pool`) builds the shards of that parent's units; the keys
    of every unit (:attr:`exact`, a lookup with no parent) build the rest. Each table holds the
    same units in the same order as when the whole level is built at once (each parent's units
    lie in one province: :meth:`_plan` checks it, else the level is built whole); what holds
    every unit of the level (``maxlen``, ``all``, the former names' ceilings) is known from
    the start."""

    def __init__(
        self,
        units: Iterable[Unit],
        era: str,
        level: str,
        parents: Sequence[str],
        former: dict[str, list[str]] | None = None,
        *,
        rows: Sequence[str],
    ):
        self.era = era
        self.level = level
        self._parents = tuple(parents)
        # former names by code, where the level has parents (see _build)
        self._former: dict[str, list[str]] = former if former and parents else {}
        self.all: list[Unit] = list(units)
        # the key of each unit's name (its row's first key, "" for none), in the order of
        # ``all``: what _name_key makes of the name, read from name_keys.json
        self.name_keys: list[str] = []
        # the other spellings of the names spelt as ethnic-minority names are, by id(unit)
        # (see _spelling_variants; the few units that have some, of the tables built)
        self.variants: dict[int, list[str]] = {}
        self._exact: dict[str, tuple[Unit, ...]] | None = None
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
        # the types the units had before 2025-06-30 under a name, by id(unit): {key: types}
        # ("Tỉnh Thừa Thiên Huế", Thành phố Huế since 2025-01-01): a type word of an earlier
        # date fits, with a warning (see _score)
        self.earlier: dict[int, dict[str, frozenset[str]]] = {}
        # names the units had before 2025-06-30, or of units merged into them, under their
        # parent (the district of a commune, the province of a district): read only where no
        # unit has the name (see _former_hits)
        self.former: dict[tuple[str, str], dict[str, tuple[Unit, ...]]] = {}
        # and everywhere, for districts only (a few dozen names: "Quận 9" with no province)
        self.former_anywhere: dict[str, tuple[Unit, ...]] = {}
        # former names that another unit under the parent has now, of another type, under
        # their parent, and their types then by id(unit): read only where the type word fits
        # them and not the unit of that name now (see _homonym_hit)
        self.homonyms: dict[tuple[str, str], dict[str, tuple[Unit, ...]]] = {}
        self.homonym_types: dict[int, dict[str, frozenset[str]]] = {}
        # the initials of the names of several words, under their parent ("Q.TB" for Quận Tân
        # Bình, "P.ĐHT" for Phường Đông Hưng Thuận), and of provinces anywhere (under ("", ""):
        # "ĐN" for Đà Nẵng, Đồng Nai, Đắk Nông); see _former_hits
        self.initials: dict[tuple[str, str], dict[str, tuple[Unit, ...]]] = {}
        # names of several words with the first written as its initial and a dot, under their
        # parent ("Q.Đ.Đa" for Quận Đống Đa, "P.T.Xuân Trung"): see _former_hits
        self.shortened: dict[tuple[str, str], dict[str, tuple[Unit, ...]]] = {}
        # the shards not built yet (province code -> its units, in order, and their rows) and
        # the shards of the units under each ancestor
        self._pending: dict[str, tuple[list[Unit], list[str]]] = {}
        self._shards_of: dict[tuple[str, str], list[str]] = {}
        # each unit's keys as a row of name_keys.json (see _decode_keys), in the order of
        # ``all``, until every table is built (a row is read when its shard is built)
        self._rows: Sequence[str] = rows
        self._lock = threading.RLock()
        self.maxlen = self._read_units(rows)
        self.top = self.fuzzy_top = 0.0
        self.widen(self.maxlen)
        self.former_maxlen = 0
        for unit in self.all:
            for k in self._former.get(unit.code, ()):
                self.former_maxlen = max(self.former_maxlen, k.count(" ") + 1)
                if k.isdigit():
                    self.numeric.add(k)
        # the highest score of a hit with a former name (see _former_hits; and above that of a
        # hit with initials: one word, a lower base)
        self.former_top = _ceiling(_EXACT - 1.0, max(1, self.former_maxlen))
        if level == "commune" and parents:
            self._plan()
        if not self._pending:  # the whole level now
            self._build_all()

    def _read_units(self, rows: Sequence[str]) -> int:
        """What the keys of every unit of the level (its ``rows`` of ``name_keys.json``, in the
        order of the units) say of the whole level: the key of each unit's name
        (:attr:`name_keys`), the keys that are numbers, and the most words of a key
        (returned). The keys left out of a row (those of a key with spaces, without them) are
        read too."""
        if len(rows) != len(self.all):
            raise DataError(
                f"bundled name_keys.json has {len(rows)} rows of {self.era} {self.level}s for "
                f"{len(self.all)} units (reinstall vn-units)"
            )
        numeric = self.numeric
        spaces = 0
        self.name_keys = [row if "|" not in row else row[: row.index("|")] for row in rows]
        for row in rows:
            for k in row.split("|") if "|" in row else (row,):
                n = k.count(" ")
                if n:
                    if n > spaces:
                        spaces = n
                    k = k.replace(" ", "")
                if k.isdigit():
                    numeric.add(k)
        return spaces + 1

    def _read_types(self, units: list[Unit]) -> None:
        """The types, earlier types and 1-tuple of each of ``units`` (what a hit on one of
        them reads), where not read yet."""
        types, single = self.types, self._single
        fresh: list[Unit] = []
        for unit in units:
            uid = id(unit)
            if uid not in types:
                types[uid] = _unit_types(unit)
                single[uid] = (unit,)
                fresh.append(unit)
        if self.era == "legacy" and fresh:
            self._add_earlier(fresh)

    def _plan(self) -> None:
        """Group the units by province (the last of the parents), unless the units under some
        ancestor lie in several provinces (then the level is built whole)."""
        top = self._parents[-1]
        shard_of = attrgetter(f"{top}_code")
        # each ancestor below the province (a district): the shard it lies in, by its code
        below: list[tuple[str, Callable[[Unit], str], dict[str, str]]] = [
            (p, attrgetter(f"{p}_code"), {}) for p in self._parents[:-1]
        ]
        pending: dict[str, tuple[list[Unit], list[str]]] = {}
        for unit, row in zip(self.all, self._rows, strict=True):
            shard = shard_of(unit)
            group = pending.get(shard)
            if group is None:
                group = pending[shard] = ([], [])
            group[0].append(unit)
            group[1].append(row)
            for _p, code_of, seen in below:
                if seen.setdefault(code_of(unit), shard) != shard:
                    return  # (an ancestor in two provinces: no shards)
        shards_of = {(top, shard): [shard] for shard in pending}
        for p, _code_of, seen in below:
            shards_of.update({(p, code): [shard] for code, shard in seen.items()})
        self._pending = pending
        self._shards_of = shards_of

    @property
    def exact(self) -> dict[str, tuple[Unit, ...]]:
        """Every key of the level's units (the whole level built)."""
        found = self._exact
        if found is None:
            found = self._build_all()
        return found

    def last_words(self) -> frozenset[str]:
        """The last word of every key of the level's units, exact or former (with and
        without spaces), from the rows of name_keys.json where the tables are not all built
        (no table is built for it)."""
        with self._lock:  # (the rows and the exact table are swapped under it)
            exact, rows = self._exact, self._rows
        out: set[str] = set()
        if exact is not None:
            out.update(k.rsplit(" ", 1)[-1] for k in exact)
        else:
            for row in rows:
                for k in row.split("|") if "|" in row else (row,):
                    if not k:
                        continue  # (a row with no key of the name: "|" first)
                    if " " in k:
                        out.add(k.rsplit(" ", 1)[-1])
                        k = k.replace(" ", "")
                    out.add(k)
        former = self._former
        if former:
            for unit in self.all:
                for k in former.get(unit.code, ()):
                    out.add(k.rsplit(" ", 1)[-1])
                    out.add(k.replace(" ", ""))
        return frozenset(out)

    def named(self, key: str, units: Sequence[Unit]) -> tuple[Unit, ...]:
        """Those of ``units`` (of this level) that ``key`` is an exact key of, building the
        tables of their provinces only."""
        exact = self._exact
        if exact is not None:
            found = exact.get(key, ())
            return tuple(u for u in units if u in found)
        parent = self._parents[0]  # (a level built by shards has parents)
        attr = f"{parent}_code"
        pending = self._pending
        if pending:
            shard_attr = f"{self._parents[-1]}_code"
            for u in units:
                if getattr(u, shard_attr) in pending:
                    self._build_shard(getattr(u, shard_attr))
        under = self.under
        return tuple(
            u for u in units if u in under.get((parent, getattr(u, attr)), _EMPTY).get(key, ())
        )

    def _need(self, parents: Sequence[Unit]) -> None:
        """Build the shards of the units under ``parents`` not built yet."""
        pending = self._pending
        if not pending:
            return
        for p in parents:
            for shard in self._shards_of.get((p.level, p.code), ()):
                if shard in pending:
                    self._build_shard(shard)

    def _build_shard(
        self, shard: str, keyed: dict[int, tuple[str, list[str]]] | None = None
    ) -> None:
        """Build the tables of the units of one province (``keyed``: their keys by id, where
        they are read already)."""
        from vn_units._resources import bulk_load

        with self._lock:
            found = self._pending.get(shard)
            if found is None:
                return  # (built by another thread meanwhile)
            units, rows = found
            with bulk_load():
                self._build(
                    units,
                    [keyed[id(u)] for u in units] if keyed else list(map(_decode_keys, rows)),
                    None,
                )
            del self._pending[shard]

    def _build_all(self) -> dict[str, tuple[Unit, ...]]:
        """The exact keys of every unit, in the order of the units, then every shard not
        built yet (the whole level: each unit's keys are not kept any longer)."""
        from vn_units._resources import bulk_load

        with self._lock:
            found = self._exact
            if found is not None:
                return found
            exact: dict[str, tuple[Unit, ...]] = {}
            single, add = self._single, _add
            keyed = list(map(_decode_keys, self._rows))
            with bulk_load():
                self._read_types(self.all)
                for unit, (_name_key, keys) in zip(self.all, keyed, strict=True):
                    one = single[id(unit)]
                    for k in keys:
                        add(exact, k, one)
                if not self._shards_of:
                    self._build(self.all, keyed, exact)  # (a level without shards: built whole)
            if self._pending:  # (each unit's keys, read once)
                by_id = {id(u): k for u, k in zip(self.all, keyed, strict=True)}
                for shard in list(self._pending):
                    self._build_shard(shard, by_id)
            self._rows = ()
            self._exact = exact  # (last: a reader that finds it finds every table built)
            return exact

    def _build(
        self,
        units: list[Unit],
        keyed: list[tuple[str, list[str]]],
        exact: dict[str, tuple[Unit, ...]] | None,
    ) -> None:
        """Index ``units`` (the whole level's, or one shard's; with their name's key and
        keys, ``keyed``) under their ancestors: the tables of each parent, the keys compared
        with a misspelt name, former names, initials (of provinces: against ``exact``, the
        level's keys)."""
        level = self.level
        parents = self._parents
        # (each unit, its name key, its parent's table of exact keys, and the parent's key)
        named: list[tuple[Unit, str, dict[str, tuple[Unit, ...]] | None, tuple[str, str]]] = []
        getters = [(p, attrgetter(f"{p}_code")) for p in parents]
        under = self.under
        children = self.children
        single = self._single
        add = _add
        self._read_types(units)
        variants = self.variants
        fuzzy_keys = self.fuzzy_keys
        for unit, (name_key, keys) in zip(units, keyed, strict=True):
            uid = id(unit)
            fuzzy_keys[uid] = tuple([k for k in keys if " " in k or len(k) > 2])
            spelt = _spelling_variants(name_key) if name_key else None
            if spelt:
                variants[uid] = spelt
            one = single[uid]
            first: tuple[dict[str, tuple[Unit, ...]] | None, tuple[str, str]] = (None, ("", ""))
            for p, code_of in getters:
                a = (p, code_of(unit))
                kids = children.get(a)
                if kids is None:
                    children[a] = [unit]
                else:
                    kids.append(unit)
                t = under.get(a)
                if t is None:
                    t = under[a] = {}
                for k in keys:  # (_add, inlined: the loop of a level's build)
                    old = t.get(k)
                    if old is None:
                        t[k] = one
                    elif old is not one:
                        for u in old:
                            if u is unit:
                                break
                        else:
                            t[k] = (*old, unit)
                if first[0] is None:
                    first = (t, a)
            named.append((unit, name_key, *first))
        former = self._former
        if former:
            # (a district's former name that is a province's name too, "Huế", is read only
            # under its province: alone, it is the province)
            provinces = _province_keys() if level == "district" else frozenset()
            for unit, _key, _table, a in named:
                found = former.get(unit.code)
                if not found:
                    continue
                one = single[id(unit)]
                for k in found:
                    for v in dict.fromkeys((k, k.replace(" ", ""))):
                        add(self.former.setdefault(a, {}), v, one)
                        if level == "district" and k not in provinces:
                            add(self.former_anywhere, v, one)
        if self.era == "legacy" and parents:
            self._add_homonyms(named)
        if parents or level == "province":
            initials, shortened = self.initials, self.shortened
            for unit, name_key, names, a in named:
                if " " not in name_key:
                    continue  # (one word: no initials; a quick test first)
                words = name_key.split()
                if len(words) < 2:
                    continue
                if names is None:
                    assert exact is not None  # (a level without parents: built whole)
                    names = exact
                one = single[id(unit)]
                if not any(map(str.isdigit, words)):
                    key = "".join([w[0] for w in words])
                    if key not in names:  # a name comes first
                        t = initials.get(a)
                        if t is None:
                            t = initials[a] = {}
                        add(t, key, one)
                if parents and not words[0].isdigit():
                    key = " ".join([words[0][0], *words[1:]])
                    if key not in names:  # a name comes first
                        t = shortened.get(a)
                        if t is None:
                            t = shortened[a] = {}
                        add(t, key, one)

    def _add_homonyms(
        self, named: list[tuple[Unit, str, dict[str, tuple[Unit, ...]] | None, tuple[str, str]]]
    ) -> None:
        from vn_units._former import homonyms_by_code

        rows = homonyms_by_code(self.level)
        if not rows:
            return
        for unit, _key, _table, a in named:
            found = rows.get(unit.code)
            if not found:
                continue
            typed = _types_by_key(found)
            for v in typed:
                _add(self.homonyms.setdefault(a, {}), v, self._single[id(unit)])
            self.homonym_types[id(unit)] = typed

    def _add_earlier(self, units: list[Unit]) -> None:
        from vn_units._former import types_by_code

        rows = types_by_code(self.level)
        if not rows:
            return
        for unit in units:
            found = rows.get(unit.code)
            if not found:
                continue
            self.earlier[id(unit)] = _types_by_key(found)

    def widen(self, maxlen: int) -> None:
        """Look up spans of up to ``maxlen`` words, and set the score ceilings that follow."""
        self.maxlen = maxlen
        # the highest score a hit of this level can have: exact, typed, bounded, longest key
        self.top = _ceiling(_EXACT, maxlen)
        # and a misspelt one (see _fuzzy_hits: at most _EXACT - 3 before the type word)
        self.fuzzy_top = _ceiling(_EXACT - 3.0, maxlen)

    def lookup(self, key: str, parents: Sequence[Unit] | None) -> tuple[Unit, ...]:
        return _lookup(self.tables(parents), key)

    def tables(self, parents: Sequence[Unit] | None) -> list[dict[str, tuple[Unit, ...]]]:
        """The key tables to look a name up in, for :func:`_lookup`: one, merged and kept, for
        several parents (the same units, in the same order, as looking in each in turn)."""
        if parents is None:
            return [self.exact]
        self._need(parents)
        under = self.under
        if len(parents) == 1:
            p = parents[0]
            return [under.get((p.level, p.code), _EMPTY)]
        key = tuple(map(id, parents))
        merged = self._merged.get(key)
        if merged is None:
            # (what _lookup over the tables gives for each key, a key of one table keeping its
            # units' tuple: the same units, in the same order)
            merged = {}
            for p in parents:
                for k, units in under.get((p.level, p.code), _EMPTY).items():
                    old = merged.get(k)
                    if old is None:
                        merged[k] = units
                    elif old is not units:
                        more = [u for u in units if u not in old]
                        if more:
                            merged[k] = (*old, *more)
            if len(self._merged) >= 4096:
                self._merged.clear()
            self._merged[key] = merged
        return [merged]

    def pool(self, parents: Sequence[Unit] | None) -> list[Unit]:
        if parents is None:
            if self._exact is None:
                self._build_all()  # (every shard: the pool's keys are read)
            return self.all
        self._need(parents)
        out: list[Unit] = []
        for p in parents:
            out.extend(self.children.get((p.level, p.code), ()))
        return out


@final
class _Choices:
    """The keys a misspelt name is compared with (see :func:`_fuzzy_hits`), and the same keys
    ordered by length: a key too much longer or shorter than the query cannot reach the cutoff
    of ``fuzz.ratio``, so only a window of lengths is compared. The answers are kept (up to
    :data:`_FOUND_MAX` queries), until :func:`_forget_found`."""

    __slots__ = ("_epoch", "_found", "by_len", "keys", "lens", "order", "owners")

    def __init__(self, keys: list[str], owners: dict[str, tuple[Unit, ...]]) -> None:
        self.keys = keys
        self.owners = owners
        sizes = [len(k) for k in keys]
        ranked = sorted(range(len(keys)), key=sizes.__getitem__)  # (stable: by position next)
        self.by_len = [keys[i] for i in ranked]
        self.order = ranked  # position in by_len -> position in keys
        self.lens = [sizes[i] for i in ranked]
        self._found: dict[tuple[str, float], tuple[tuple[str, float] | None]] = {}
        self._epoch = _EPOCH[0]

    def best(self, query: str, cutoff: float) -> tuple[str, float] | None:
        """The key most similar to ``query`` by ``fuzz.ratio`` (at least ``cutoff``), the first
        in ``keys`` on a tie: what ``process.extractOne`` over ``keys`` returns."""
        if self._epoch != _EPOCH[0]:
            self._found = {}
            self._epoch = _EPOCH[0]
        key = (query, cutoff)
        got = self._found.get(key)
        if got is None:
            got = (self._best(query, cutoff),)
            if len(self._found) >= _FOUND_MAX:
                self._found.clear()
            self._found[key] = got
        return got[0]

    def _best(self, query: str, cutoff: float) -> tuple[str, float] | None:
        fuzz, process = _rapidfuzz()
        # ratio = 100 * (1 - indel / (n + m)) and indel >= |n - m|: a key of length m can
        # reach the cutoff only if |n - m| / (n + m) <= 1 - cutoff / 100 (one more each way
        # against rounding)
        n = len(query)
        f = 1.0 - cutoff / 100.0
        lo = bisect_left(self.lens, int(n * (1.0 - f) / (1.0 + f)) - 1)
        hi = bisect_right(self.lens, int(n * (1.0 + f) / (1.0 - f)) + 1)
        hits = process.extract(
            query, self.by_len[lo:hi], scorer=fuzz.ratio, processor=None,
            score_cutoff=cutoff, limit=None,
        )
        if not hits:
            return None
        top: float = hits[0][1]  # (highest first)
        first = min(self.order[lo + h[2]] for h in hits if h[1] == top)
        return self.keys[first], top


# (the answers of _Choices.best kept per pool, and their generation: see _forget_found)
_FOUND_MAX: Final = 512
_EPOCH: Final = [0]


def _forget_found() -> None:
    """Forget the answers that pools of keys keep (for benchmarks that read afresh)."""
    _EPOCH[0] += 1


_RAPIDFUZZ: Final[list[tuple[Any, Any]]] = []


def _rapidfuzz() -> tuple[Any, Any]:
    """``rapidfuzz.fuzz`` and ``rapidfuzz.process``, imported on first use (importing the
    reader does not import them), then kept."""
    if not _RAPIDFUZZ:
        from rapidfuzz import fuzz, process

        _RAPIDFUZZ.append((fuzz, process))
    return _RAPIDFUZZ[0]


@lru_cache(maxsize=1024)
def _fuzzy_choices(index: _LevelIndex, parents: tuple[Unit, ...] | None) -> _Choices:
    keys: list[str] = []
    owners: dict[str, tuple[Unit, ...]] = {}
    fuzzy_keys = index.fuzzy_keys
    for unit in index.pool(parents):
        for k in fuzzy_keys[id(unit)]:
            old = owners.get(k)
            if old is None:
                keys.append(k)
                owners[k] = (unit,)
            elif all(u is not unit for u in old):
                owners[k] = (*old, unit)
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
        # each level's keys (rows of name_keys.json), until its index has read them
        self._rows: dict[str, list[str]] = dict(
            zip(self.levels, _name_groups(*(_GROUPS[era, lv] for lv in self.levels)), strict=True)
        )
        self.index["province"]  # built now (see above)
        self._top = -1.0
        self._ceilings: dict[str, float] = {}

    def _build_level(self, level: str) -> _LevelIndex:
        """The index of one level of this era (called once per level, by ``self.index``)."""
        if level not in self.levels:
            raise KeyError(level)
        rows = self._level_rows(level)
        if self.era == "current":
            from vn_units.current import communes, provinces

            if level == "province":
                found = _LevelIndex(provinces, self.era, "province", (), rows=rows)
            else:
                found = _LevelIndex(communes, self.era, "commune", ("province",), rows=rows)
        else:
            from vn_units import legacy
            from vn_units._former import keys_by_code

            if level == "province":
                found = _LevelIndex(legacy.provinces, self.era, "province", (), rows=rows)
            elif level == "district":
                found = _LevelIndex(
                    legacy.districts, self.era, "district", ("province",),
                    keys_by_code("district"), rows=rows,
                )
            else:
                found = _LevelIndex(
                    legacy.communes, self.era, "commune", ("district", "province"),
                    keys_by_code("commune"), rows=rows,
                )
        self._rows.pop(level, None)  # (read: the index keeps what it needs)
        return found

    def _level_rows(self, level: str) -> list[str]:
        found = self._rows.get(level)
        if found is None:  # (handed out before: read again)
            found = self._rows[level] = _name_groups(_GROUPS[self.era, level])[0]
        return found

    @property
    def top(self) -> float:
        """The highest score the levels below the province can add to a reading."""
        if self._top < 0.0:
            # (their ceilings, without building their indexes: a reading this bounds may be
            # skipped before any unit of those levels is read)
            self._top = sum(self.ceiling(lv) for lv in self.levels[1:])
        return self._top

    def ceiling(self, level: str) -> float:
        """``self.index[level].top`` (the highest score of an exact hit of the level), without
        building that index when it is not built yet (a ceiling needs only the number of words
        of the longest key). Not for the province level, whose index the other era's names
        widen (it is always built: ``self.index["province"].top``)."""
        if level in self.index:
            return self.index[level].top
        found = self._ceilings.get(level)
        if found is None:
            if level not in self.levels:
                raise KeyError(level)
            # the most words of a key: the keys left out of the rows have no spaces
            words = max((k.count(" ") for row in self._level_rows(level) for k in row.split("|")),
                        default=0)
            found = self._ceilings[level] = _ceiling(_EXACT, words + 1)
        return found

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


@lru_cache(maxsize=1)
def _district_heirs() -> dict[str, frozenset[str]]:
    """The codes of the current communes that took in part of each legacy district, by the
    district's code (from the lineage of its communes, and of the island districts: the codes
    of the edges, no edge made)."""
    from vn_units import communes, legacy
    from vn_units.lineage import code_pairs

    district_of = {c.code: c.district_code for c in legacy.communes}
    shared = {c.code: c.code for c in communes}  # (the records' strings, not one per edge)
    out: dict[str, set[str]] = {}
    for level in ("district", "commune"):  # (a province's edges go into a province)
        for legacy_code, current_code in code_pairs(level):
            d = district_of.get(legacy_code) if level == "commune" else legacy_code
            if d is not None:
                out.setdefault(d, set()).add(shared.get(current_code, current_code))
    return {d: frozenset(v) for d, v in out.items()}


def _unit_names(
    era: Literal["current", "legacy"], level: str
) -> tuple[list[Unit], list[str]]:
    """The units of a level of an era and the key of each one's name, in the order of the
    registry, from its index (made where it is not, without its tables: the keys are those of
    name_keys.json); none where the era's data is not bundled."""
    built = _era(era)
    if built is None:
        return [], []
    idx = built.index[level]
    return idx.all, idx.name_keys


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


@lru_cache(maxsize=1)
def _moved_communes() -> dict[str, tuple[Unit, ...]]:
    """The legacy communes of 2025-06-30 that were under a district of another name before
    (since 2021-11-01; :func:`vn_units._former.former_parents`), by the code of the district
    of 2025-06-30 of the province that bears that name: Xã Kiên Lao, in Thị xã Chũ since
    2025-01-01, under Huyện Lục Ngạn's code, as addresses written before still place it."""
    from vn_units import legacy
    from vn_units._former import former_parents, parents_by_code

    named: dict[tuple[str, str], list[str]] = {}
    for d in legacy.districts:
        named.setdefault((d.province_code, _name_key(d.name)), []).append(d.code)
    out: dict[str, list[Unit]] = {}
    moved = parents_by_code("commune")  # (few communes have a row: skip the others fast)
    for c in legacy.communes:
        if c.code not in moved:
            continue
        for _code, key, _start, _end in former_parents("commune", c.code):
            for dcode in named.get((c.province_code, key), ()):
                if dcode != c.district_code:
                    out.setdefault(dcode, []).append(c)
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


@lru_cache(maxsize=1)
def _province_tables() -> tuple[frozenset[str], frozenset[str]]:
    """The last words of the province keys of both eras, and those keys."""
    names = frozenset(k for e in _ERAS.values() for k in e.index["province"].exact)
    return frozenset(k.rsplit(" ", 1)[-1] for k in names), names
