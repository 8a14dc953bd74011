"""Registries: one table of units of one era and level, with the verb set shared by all.

``reg[code]``, ``reg.get(code)``, ``reg.find(name, within=...)``, ``reg.lookup(code_or_name)``,
``reg.search(query)``, ``reg.within(parent)``, ``code in reg``, ``iter(reg)``, ``len(reg)``.
A registry pickles (as a reference to the package's own registry, so worker processes share
nothing but its era and level) and copies as itself: its data is immutable.

Data is read on first use, once, under a lock; indexes by code and by parent are built then
(records are built without validation, from files checked by hash: see ``_resources``).
The name index (which needs the normaliser) is built on the first ``find`` or ``search``.
"""

from __future__ import annotations

import operator
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, SupportsIndex, TypeVar, cast

from vn_units._catalog import registry as _registry_of
from vn_units._errors import (
    AmbiguousUnitError,
    InvalidCodeError,
    InvalidTypeError,
    UnitNotFoundError,
)
from vn_units._types import CODE_WIDTHS, MAX_NAME_LENGTH, longest_code

if TYPE_CHECKING:
    from vn_units._search import Match, NameIndex
    from vn_units._types import Era, Level
    from vn_units.models import Unit

U = TypeVar("U", bound="Unit")

__all__ = ["Registry", "coerce_code"]

def _expected(level: str) -> str:
    width = CODE_WIDTHS[level]
    if longest_code(level) > width:
        return f"expected 1 to {width} digits ({longest_code(level)} with a leading zero)"
    return f"expected 1 to {width} digits"


def coerce_code(code: object, level: str) -> str:
    """Turn ``"01"``, ``"1"``, ``1`` or ``" 01 "`` into the zero-padded code of the level.

    A code has at most the width of its level (:data:`~vn_units._types.CODE_WIDTHS`); a
    province code may also have three digits with a leading zero (``"079"``, as in the citizen
    ID number), but ``"00004"`` is a commune code, never a province's. Raises ``TypeError``
    for ``None``, floats, lists and other non-codes, and :class:`InvalidCodeError` for strings
    or integers that cannot be a code of the level.

    >>> coerce_code(1, "province"), coerce_code("079", "province"), coerce_code("4", "commune")
    ('01', '79', '00004')
    >>> coerce_code("00004", "province")
    Traceback (most recent call last):
    ...
    vn_units.InvalidCodeError: '00004' is not a valid province code: expected 1 to 2 digits ...
    """
    width = CODE_WIDTHS[level]
    if isinstance(code, str):
        text = code.strip()
        if not text.isascii() or not text.isdigit() or len(text) > longest_code(level):
            raise InvalidCodeError(code, level, _expected(level))
        if len(text) > width:
            stripped = text.lstrip("0")
            if len(stripped) > width:
                raise InvalidCodeError(code, level, _expected(level))
            text = stripped
        return text.zfill(width)
    if isinstance(code, (bool, float)):
        raise InvalidTypeError(
            f"a {level} code must be a str or an int, not {type(code).__name__} ({code!r})"
        )
    try:
        number = operator.index(cast("SupportsIndex", code))  # int, numpy integers
    except TypeError:
        raise InvalidTypeError(
            f"a {level} code must be a str or an int, not {type(code).__name__}"
        ) from None
    if number < 0:
        raise InvalidCodeError(code, level, "codes are not negative")
    if number >= 10**width:  # before str(): an int of thousands of digits cannot be printed
        raise InvalidCodeError(code, level, _expected(level))
    return str(number).zfill(width)


def _registry_name(era: str, level: str) -> str:
    return f"{'legacy.' if era == 'legacy' else ''}{level}s"


class Registry(Generic[U]):
    """All units of one era and level.

    Codes are accepted as ``"01"``, ``"1"`` or ``1`` and records carry them zero-padded.
    The era is part of a code's identity: the current and legacy registries are separate
    objects, and none of them ever looks a code up in the other era.
    """

    def __init__(
        self,
        *,
        era: Era,
        level: Level,
        filename: str,
        model: Callable[[], type[U]],
        parents: Mapping[str, tuple[str, Callable[[], Registry[Any]]]] | None = None,
        other_era: Callable[[], Registry[Any]] | None = None,
    ) -> None:
        self.era: Era = era
        self.level: Level = level
        self._filename = filename
        self._model = model
        # parent level -> (attribute holding the parent's code, parent registry)
        self._parents = dict(parents or {})
        self._other_era = other_era
        self._lock = threading.RLock()
        self._units: tuple[U, ...] | None = None
        self._by_code: dict[str, U] = {}
        self._by_parent: dict[str, dict[str, tuple[U, ...]]] = {}
        self._names: NameIndex[U] | None = None

    # -- loading -----------------------------------------------------------------------------
    def _load(self) -> tuple[U, ...]:
        units = self._units
        if units is not None:
            return units
        with self._lock:
            if self._units is None:
                from vn_units._resources import bulk_load, read_checked
                from vn_units.models import records_from_rows

                model = self._model()
                with bulk_load():
                    rows = read_checked(self._filename)
                    loaded: tuple[U, ...] = tuple(records_from_rows(model, rows))
                    self._by_code = {u.code: u for u in loaded}
                self._units = loaded
            return self._units

    def _parent_index(self, level: str) -> dict[str, tuple[U, ...]]:
        """The units by the code of their parent of ``level``, grouped on first use."""
        found = self._by_parent.get(level)
        if found is None:
            units = self._load()
            with self._lock:
                if level not in self._by_parent:
                    attr = self._parents[level][0]
                    groups: dict[str, list[U]] = {}
                    for unit in units:
                        code = getattr(unit, attr)
                        group = groups.get(code)
                        if group is None:
                            groups[code] = [unit]
                        else:
                            group.append(unit)
                    self._by_parent[level] = {k: tuple(v) for k, v in groups.items()}
                found = self._by_parent[level]
        return found

    def _name_index(self) -> NameIndex[U]:
        index = self._names
        if index is None:
            with self._lock:
                if self._names is None:
                    from vn_units._resources import bulk_load
                    from vn_units._search import NameIndex

                    units = self._load()
                    with bulk_load():
                        self._names = NameIndex(units, era=self.era, level=self.level)
                index = self._names
        return index

    # -- the verb set ------------------------------------------------------------------------
    def __getitem__(self, code: object) -> U:
        # fast path: an exact zero-padded code of a loaded table (coerce_code would return it
        # unchanged); _by_code is set before _units, so it is complete when _units is set
        if self._units is not None and type(code) is str:
            found = self._by_code.get(code)
            if found is not None:
                return found
        key = coerce_code(code, self.level)
        self._load()
        unit = self._by_code.get(key)
        if unit is None:
            raise self._not_found(code, key)
        return unit

    def get(self, code: object, default: U | None = None) -> U | None:
        """The unit with this code, or ``default`` when no unit has it, it is not a code, or it
        is ``None`` (as ``dict.get``).

        ``TypeError`` is still raised for floats, lists and other non-codes.

        >>> from vn_units import provinces
        >>> provinces.get("79").code, provinces.get("78"), provinces.get(None)
        ('79', None, None)
        """
        if code is None:
            return default
        if self._units is not None and type(code) is str:
            found = self._by_code.get(code)
            if found is not None:
                return found
        try:
            key = coerce_code(code, self.level)
        except InvalidCodeError:
            return default
        self._load()
        return self._by_code.get(key, default)

    def __contains__(self, code: object) -> bool:
        try:
            key = coerce_code(code, self.level)
        except (InvalidCodeError, TypeError):
            return False
        self._load()
        return key in self._by_code

    def __iter__(self) -> Iterator[U]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())

    def __repr__(self) -> str:
        state = f"{len(self._units)} units" if self._units is not None else "not loaded"
        return f"<Registry {self.era} {self.level} ({state})>"

    def __reduce__(self) -> tuple[Callable[[str, str], Registry[Any]], tuple[str, str]]:
        # pickled by era and level: unpickling gives the package's own registry, so
        # Pool.map(communes.get, codes) sends a few bytes, not the table (nor its lock)
        return (_registry_of, (self.era, self.level))

    def __copy__(self) -> Registry[U]:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Registry[U]:
        return self  # the data is immutable: a copy would only cost memory

    def lookup(self, code_or_name: object, *, within: object = None) -> U:
        """A unit by code (``"79"``, ``79``) or by name (as :meth:`find`), whichever is given:
        the verb for input that may be either (pycountry has the same).

        A name may carry its parent after a comma ("Tân Phú, Đồng Nai") when ``within`` is not
        given. Raises :class:`~vn_units.UnitNotFoundError`,
        :class:`~vn_units.AmbiguousUnitError` or :class:`~vn_units.InvalidCodeError`.

        >>> from vn_units import communes, provinces
        >>> provinces.lookup(79).code, provinces.lookup("TP.HCM").code
        ('79', '79')
        >>> communes.lookup("Bến Thành, Hồ Chí Minh").code
        '26743'
        """
        if isinstance(code_or_name, str) and not code_or_name.strip().isdigit():
            try:
                return self.find(code_or_name, within=within)
            except (UnitNotFoundError, AmbiguousUnitError) as exc:
                head, sep, tail = code_or_name.rpartition(",")
                if not sep or within is not None or not self._parents or not head.strip():
                    raise
                try:
                    self._resolve_parent(tail)
                except (LookupError, ValueError):
                    raise exc from None
                return self.find(head, within=tail)
        unit = self[code_or_name]
        if within is not None:
            level, code = self._resolve_parent(within)
            if getattr(unit, self._parents[level][0]) != code:
                raise UnitNotFoundError(
                    code_or_name,
                    self.era,
                    self.level,
                    (unit,),
                    f"{unit.describe()} is not in the {level} {code}",
                )
        return unit

    def within(self, parent: object) -> tuple[U, ...]:
        """The units under a parent unit (a unit object or a code of the parent level).

        >>> from vn_units import communes
        >>> len(communes.within("79"))
        168
        """
        level, code = self._resolve_parent(parent)
        return self._parent_index(level).get(code, ())

    def find(self, name: str, *, within: object = None) -> U:
        """The one unit with this name: case-, diacritic-, tone-placement- and
        type-prefix-insensitive, aliases included.

        Raises :class:`AmbiguousUnitError` listing every candidate with its parents when
        several units have the name, and :class:`UnitNotFoundError` with suggestions when none
        has. ``within`` narrows to a parent: a unit, or a parent code.

        >>> from vn_units import communes
        >>> communes.find("phuong ben thanh").code
        '26743'
        """
        if not isinstance(name, str):
            raise InvalidTypeError(f"a name must be a str, not {type(name).__name__}")
        parent = self._resolve_parent(within) if within is not None else None
        if len(name) > MAX_NAME_LENGTH:
            raise UnitNotFoundError(
                name,
                self.era,
                self.level,
                (),
                f"no unit name is longer than {MAX_NAME_LENGTH} characters",
            )
        if name.strip().isdigit():
            unit = self.get(name.strip()) if len(name.strip()) <= longest_code(self.level) else None
            where = _registry_name(self.era, self.level)
            raise UnitNotFoundError(
                name,
                self.era,
                self.level,
                () if unit is None else (unit,),
                f"{name.strip()!r} is a code, not a name: look codes up with "
                f"{where}[{name.strip()!r}] or {where}.lookup({name.strip()!r})",
                hint_first=True,
            )
        matches = self._name_index().lookup(name)
        if parent is not None:
            level, code = parent
            attr = self._parents[level][0]
            matches = [u for u in matches if getattr(u, attr) == code]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise AmbiguousUnitError(
                name,
                matches,
                hint="Narrow it with within=<parent>." if parent is None else "",
            )
        former = self._former(name, parent)
        if not former:  # a name of the other era: say so first, and what it is in this one
            other = self._named_in_other_era(name, parent)
            if other is not None:
                raise UnitNotFoundError(name, self.era, self.level, *other, hint_first=True)
        suggestions = [m.unit for m in self.search(name, limit=5, within=within)]
        hint = ""
        if former:
            suggestions = [*former, *(u for u in suggestions if u not in former)][:5]
            which = "the first suggestion" if len(former) == 1 else "the first suggestions"
            hint = (
                f"{name!r} is a name from before 2025-06-30 of {which} (its own, or of a unit"
                " merged into it), per vietnamadminunits 1.0.4."
            )
        raise UnitNotFoundError(name, self.era, self.level, suggestions, hint)

    def _named_in_other_era(
        self, name: str, parent: tuple[str, str] | None
    ) -> tuple[list[Any], str] | None:
        """The units of the other era and this level that have this name (and, given a parent,
        are related to units in it), as (the units of this era they went into or came from,
        a hint naming both), or None. A legacy name on a current registry says what it
        became; a current name on a legacy registry what it was formed from."""
        if self._other_era is None:
            return None
        found = self._other_era()._name_index().lookup(name)
        if not found:
            return None
        to_current = self.era == "current"
        notes: list[tuple[Any, str]] = []
        related_all: list[Any] = []
        for unit in found:
            if to_current:
                related = [e.current_unit for e in unit.successors]
            else:
                related = [e.legacy_unit for e in unit.predecessors]
            if parent is not None:
                level, code = parent
                attr = self._parents[level][0]
                if not any(getattr(u, attr) == code for u in related):
                    continue
            if len(notes) == 5:
                notes.append((None, ""))  # "and more"
                break
            related_all.extend(u for u in related if u not in related_all)
            if to_current:
                listed = " and ".join(u.describe() for u in related)
            else:  # which predecessors gave only a part
                listed = " and ".join(
                    ("part of " if e.is_partial else "") + e.legacy_unit.describe()
                    for e in unit.predecessors
                )
            if not related:
                fate = f"with no {'successor' if to_current else 'predecessor'} in the data"
            elif not to_current:
                fate = f"formed from {listed}"
            elif len(related) == 1:
                fate = f"now part of {listed}"
            else:
                fate = f"now split between {listed}"
            notes.append((unit, fate))
        if not notes:
            return None
        if to_current:
            what = f"a legacy {self.level} (until 2025-06-30)"
        else:
            what = f"a current {self.level} (from 2025-07-01), not a legacy one"
        if len(notes) == 1 and self.level == "province":
            unit, fate = notes[0]
            hint = f"{unit.name} is {what}, {fate}"
        else:
            hint = f"{name.strip()} is {what}: " + "; ".join(
                f"{unit.describe()}, {fate}" if unit is not None else "and more (narrow it with "
                "within=)" for unit, fate in notes
            )
        return related_all[:5], hint

    def _former(self, name: str, parent: tuple[str, str] | None) -> list[U]:
        """Legacy units that had ``name`` before 2025-06-30, or took in a unit that had it."""
        if self.era != "legacy" or self.level not in ("district", "commune"):
            return []
        from vn_units._former import codes_named
        from vn_units.text import normalize, split_type

        key = normalize(split_type(name, self.level)[1])
        units = [self[c] for c in codes_named(self.level, key)]
        if parent is not None:
            level, code = parent
            attr = self._parents[level][0]
            units = [u for u in units if getattr(u, attr) == code]
        return units

    def search(
        self,
        query: str,
        *,
        limit: int | None = 10,
        score_cutoff: float = 60.0,
        within: object = None,
    ) -> list[Match[U]]:
        """Fuzzy search by name: a list of :class:`~vn_units.Match`, best first.

        An empty or blank query gives ``[]``. Scores are 0-100.

        >>> from vn_units import provinces
        >>> provinces.search("ho chi mn")[0].unit.code
        '79'
        """
        from vn_units._search import check_search_options

        if not isinstance(query, str):
            raise InvalidTypeError(f"a query must be a str, not {type(query).__name__}")
        check_search_options(limit, score_cutoff)
        allowed: frozenset[str] | None = None
        if within is not None:
            allowed = frozenset(u.code for u in self.within(within))
        return self._name_index().search(
            query, limit=limit, score_cutoff=score_cutoff, allowed=allowed
        )

    # -- helpers -----------------------------------------------------------------------------
    def _resolve_parent(self, parent: object) -> tuple[str, str]:
        from vn_units.models import Unit

        if not self._parents:
            raise InvalidTypeError(f"{self.era} {self.level}s have no parent level")
        if isinstance(parent, Unit):
            if parent.era != self.era or parent.level not in self._parents:
                raise InvalidTypeError(
                    f"within= takes a {self.era} "
                    f"{' or '.join(self._parents)}, not {parent.describe()}"
                )
            return parent.level, parent.code
        if isinstance(parent, str) and not parent.strip().isdigit():
            # a parent name: resolve it in the nearest parent registry
            level = next(iter(self._parents))
            unit = self._parents[level][1]().find(parent)
            return unit.level, unit.code
        # a code: its width tells the level (a province "79", a district "760")
        if not isinstance(parent, str) and len(self._parents) > 1:
            raise InvalidTypeError(
                f"within= for {self.era} {self.level}s takes a unit, a name, or a code as a "
                f"zero-padded str (its width tells {' from '.join(self._parents)}), "
                f"not {type(parent).__name__} {parent!r}"
            )
        for level, (_, registry) in self._parents.items():
            text = parent.strip() if isinstance(parent, str) else None
            if text is not None and len(text) != CODE_WIDTHS[level] and len(self._parents) > 1:
                continue
            return level, registry()[parent].code
        raise InvalidCodeError(parent, "/".join(self._parents), "not a parent code")

    def _not_found(self, query: object, key: str) -> UnitNotFoundError:
        self._load()
        near = [u for c, u in self._by_code.items() if _one_edit(c, key)]
        suggestions = sorted(near, key=lambda u: abs(int(u.code) - int(key)))[:5]
        if self._other_era is not None:
            other = self._other_era().get(key)
            if other is not None:
                # said first: the close codes of this era are not what the caller meant
                fate = ""
                if other.era == "legacy":
                    new = [e.current_unit for e in other.successors]
                    suggestions = [*new, *(u for u in suggestions if u not in new)][:5]
                    if len(new) == 1:
                        fate = f", now part of {new[0].describe()}"
                    elif new:
                        fate = ", now split between " + " and ".join(u.describe() for u in new)
                hint = (
                    f"{key} is the {other.era} code of {other.describe()}{fate}; codes are "
                    f"era-specific"
                )
                return UnitNotFoundError(
                    query, self.era, self.level, suggestions, hint, hint_first=True
                )
        return UnitNotFoundError(query, self.era, self.level, suggestions)


def _one_edit(a: str, b: str) -> bool:
    """Same-length codes that differ in one digit, or by one adjacent swap."""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) == 1:
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and (
        a[diff[1]] == b[diff[0]]
    )


def exact_matches(registry: Registry[U], name: str) -> tuple[U, ...]:
    """The units of ``registry`` whose name or alias has the same key as ``name`` (the exact
    part of :meth:`Registry.find`: no parent, no suggestions, never raises), for the modules
    that check whether a text names a unit without asking for one.

    >>> from vn_units import legacy
    >>> [u.full_name for u in exact_matches(legacy.districts, "Huyện Ba Vì")]
    ['Huyện Ba Vì']
    >>> exact_matches(legacy.districts, "Ba Vì Ba Vì")
    ()
    """
    return tuple(registry._name_index().lookup(name))
