"""Names that legacy units had before 2025-06-30, or that units merged into them had.

``former_names.json`` maps the code of a legacy district or commune of 2025-06-30 to
normalised name keys: Phường Võ Thị Sáu (Quận 3) has "6", "7" and "8", the wards merged into it
in 2020. The keys come from vietnamadminunits 1.0.4's keywords (``databuild/former.py``,
undated) and from the dated history since 2021-11-01 (``databuild/history.py``: every earlier
name of the unit and of the units merged or renamed into it); the names from the history also
say when they were in use (:func:`former_name_info`). The address parser reads such names
where no unit has them; ``find`` suggests the unit when a name is not found. The file also
holds the districts a commune was under before (:func:`former_parents`) and the types units
had under their names before (:func:`earlier_types`), both from the dated history.

>>> from vn_units._former import codes_named, former_name_info
>>> "27139" in codes_named("commune", "6")
True
>>> sorted(codes_named("district", "loc ha"))                 # divided on 2025-01-01
['436', '445']
>>> former_name_info("district", "445", "loc ha")
(FormerName(valid_from='2021-11-01', valid_to='2025-01-01', documents=('1318/NQ-UBTVQH15',)),)
"""

from __future__ import annotations

import threading

from vn_units._errors import DataError

__all__ = [
    "SOURCE",
    "FormerName",
    "codes_named",
    "earlier_types",
    "former_name_info",
    "former_parents",
    "homonyms_by_code",
    "keys_by_code",
    "parents_by_code",
    "spellings",
    "types_by_code",
]

SOURCE = "vietnamadminunits 1.0.4"

_LOCK = threading.Lock()
_TABLES: dict[str, dict[str, list[str]]] | None = None
_DATED: dict[str, dict[str, dict[str, list[list[object]]]]] = {}
_PARENTS: dict[str, dict[str, list[list[str]]]] = {}
_BY_KEY: dict[str, dict[str, tuple[str, ...]]] = {}
_TYPES: dict[str, dict[str, list[list[str]]]] = {}
_SPELLED: dict[str, dict[str, dict[str, list[str]]]] = {}
_HOMONYMS: dict[str, dict[str, list[list[str]]]] = {}


def _tables() -> dict[str, dict[str, list[str]]]:
    global _TABLES
    if _TABLES is None:
        with _LOCK:
            if _TABLES is None:
                from vn_units._resources import read_json

                try:
                    raw = read_json("former_names.json")
                except DataError:
                    raw = {}
                dated = raw.get("dated", {})
                _PARENTS["commune"] = dict(raw.get("parents", {}).get("legacy_communes", {}))
                for level in ("district", "commune"):
                    _DATED[level] = dict(dated.get(f"legacy_{level}s", {}))
                for level in ("district", "commune"):
                    _SPELLED[level] = dict(raw.get("spellings", {}).get(f"legacy_{level}s", {}))
                    _HOMONYMS[level] = dict(raw.get("homonyms", {}).get(f"legacy_{level}s", {}))
                for level in ("province", "district", "commune"):
                    _TYPES[level] = dict(raw.get("types", {}).get(f"legacy_{level}s", {}))
                _TABLES = {
                    level: dict(raw.get(f"legacy_{level}s", {}))
                    for level in ("district", "commune")
                }
    return _TABLES


def keys_by_code(level: str) -> dict[str, list[str]]:
    """``{code: [former name key, ...]}`` for legacy units of ``level`` ("district" or
    "commune"); empty for other levels or when the file is not bundled."""
    return _tables().get(level, {})


def codes_named(level: str, key: str) -> tuple[str, ...]:
    """Codes of the legacy units of ``level`` that have the former name ``key`` (a normalised
    key, without type word), anywhere: callers narrow them to a parent."""
    by_key = _BY_KEY.get(level)
    if by_key is None:
        built: dict[str, list[str]] = {}
        for code, keys in keys_by_code(level).items():
            for k in keys:
                built.setdefault(k, []).append(code)
        by_key = _BY_KEY[level] = {k: tuple(v) for k, v in built.items()}
    return by_key.get(key, ())


class FormerName:
    """When a former name was in use: from ``valid_from`` (the first snapshot, 2021-11-01, for
    a name older than that) until ``valid_to`` (the day the change that ended it took effect,
    exclusive), and the resolution(s) the source gives for that change."""

    __slots__ = ("documents", "valid_from", "valid_to")

    def __init__(self, valid_from: str, valid_to: str, documents: tuple[str, ...]) -> None:
        self.valid_from = valid_from
        self.valid_to = valid_to
        self.documents = documents

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FormerName) and (
            (self.valid_from, self.valid_to, self.documents)
            == (other.valid_from, other.valid_to, other.documents))

    def __hash__(self) -> int:
        return hash((self.valid_from, self.valid_to, self.documents))

    def __repr__(self) -> str:
        return (f"FormerName(valid_from={self.valid_from!r}, valid_to={self.valid_to!r}, "
                f"documents={self.documents!r})")


def former_name_info(level: str, code: str, key: str) -> tuple[FormerName, ...]:
    """When the legacy unit ``code`` of ``level`` (or a unit merged into it) had the former
    name ``key`` (a normalised key), oldest first; empty when the name is not from the dated
    history (a keyword of vietnamadminunits only) or not a former name of that unit."""
    _tables()
    spans = _DATED.get(level, {}).get(code, {}).get(key, [])
    out: list[FormerName] = []
    for start, end, docs in spans:
        documents = tuple(str(d) for d in docs) if isinstance(docs, list) else ()
        out.append(FormerName(str(start), str(end), documents))
    return tuple(out)


def former_parents(level: str, code: str) -> tuple[tuple[str, str, str, str], ...]:
    """The districts the legacy commune ``code`` (or a unit merged into it) was under before,
    since 2021-11-01: ``(district code of that date, its name key, valid_from, valid_to)``,
    oldest first; empty for other levels. A commune moved to a new district (Xã Kiên Lao, from
    Lục Ngạn to Chũ on 2025-01-01) is still written under the old one.

    >>> former_parents("commune", "07552")
    (('219', 'luc ngan', '2021-11-01', '2025-01-01'),)
    """
    _tables()
    rows = _PARENTS.get(level, {}).get(code, [])
    return tuple((str(a), str(b), str(c), str(d)) for a, b, c, d in rows)


def earlier_types(level: str, code: str) -> tuple[tuple[str, str, str, str], ...]:
    """The types the legacy unit ``code`` of ``level`` ("province", "district" or "commune"),
    or a unit merged into it, had before 2025-06-30 where they differ from its type then,
    since 2021-11-01: ``(type, name key, valid_from, valid_to)``, under a name the unit is
    known by (its own or a former name). An address written with the types of its date
    ("Thị trấn Phong Điền, Huyện Phong Điền, Tỉnh Thừa Thiên Huế") names them.

    >>> earlier_types("province", "46")                      # Thành phố Huế since 2025-01-01
    (('tỉnh', 'thua thien hue', '2021-11-01', '2025-01-01'),)
    >>> earlier_types("district", "476")                     # Thị xã Phong Điền since
    (('huyện', 'phong dien', '2021-11-01', '2025-01-01'),)
    """
    _tables()
    rows = _TYPES.get(level, {}).get(code, [])
    return tuple((str(a), str(b), str(c), str(d)) for a, b, c, d in rows)


def types_by_code(level: str) -> dict[str, list[list[str]]]:
    """``{code: [[type, name key, valid_from, valid_to], ...]}``: :func:`earlier_types` for
    every legacy unit of ``level`` that has any (empty when the file is not bundled)."""
    _tables()
    return _TYPES.get(level, {})


def parents_by_code(level: str) -> dict[str, list[list[str]]]:
    """``{code: [[district code, name key, valid_from, valid_to], ...]}``: the rows of
    :func:`former_parents` of every legacy unit of ``level`` that has any (empty when the file
    is not bundled), for callers that go through all of them."""
    _tables()
    return _PARENTS.get(level, {})


def spellings(level: str, code: str, key: str) -> tuple[str, ...]:
    """The names, as spelled, behind the dated former name ``key`` of the legacy unit ``code``
    of ``level``; empty when the name is not from the dated history. A key folds names apart:
    district 474 was Thành phố Huế until 2025-01-01, whose "hue" is also the "Huệ" of street
    names, so the reader takes a former name written with diacritics only where they fit.

    >>> spellings("district", "474", "hue")
    ('Huế',)
    """
    _tables()
    return tuple(_SPELLED.get(level, {}).get(code, {}).get(key, ()))


def homonyms_by_code(level: str) -> dict[str, list[list[str]]]:
    """``{code: [[type, name key, valid_from, valid_to], ...]}``: the names legacy units of
    ``level`` (or units merged into them) had before 2025-06-30 that another unit under the
    same parent has on 2025-06-30, with a type none of those units has. Xã Yên Bình, merged
    into Xã Bạch Hà in 2025 beside Thị trấn Yên Bình: only the type word tells "Xã Yên Bình"
    (Bạch Hà) from "Thị trấn Yên Bình".

    >>> homonyms_by_code("commune")["04762"]
    [['xã', 'yen binh', '2021-11-01', '2025-01-01']]
    """
    _tables()
    return _HOMONYMS.get(level, {})
