"""Name-keys stage: the generated tables and ``aliases.json`` -> ``name_keys.json``.

The address reader looks names up by their keys (``vn_units.text.normalize`` and the reader's
own word keys: "Phường Bến Nghé" is found under "ben nghe" and "bennghe"), and tells a type word
written against a name ("TỉnhAn Giang") from a word of a name ("Thành" of "Thành Công") by the
words of every unit's name. Working those out from 14,149 names costs a fresh process tens of
milliseconds at its first address; this stage works them out once, from the tables generated
earlier in the same build, with the reader's own functions, and writes:

* ``written``: every word of the units' names of both eras, lowered as written (NFC), sorted;
* ``keys``: the distinct keys of those names (``normalize``), sorted;
* ``provinces``, ``communes``, ``legacy_provinces``, ``legacy_districts``, ``legacy_communes``:
  one row per unit, in the order of its table, of the keys the unit is found under (its name,
  its aliases, each without apostrophes, without spaces, "tp" before a city's: see
  ``vn_units.address._gazetteer.unit_keys`` and ``encode_keys`` for the row's format).

Nothing here comes from outside the bundled data: the file is derived, and the test
``tests/test_name_keys.py`` checks that it equals what the reader's functions make of the
installed tables. Regenerate it (``python -m databuild``) after changing how names are keyed.
"""

from __future__ import annotations

from typing import Any

import databuild.build  # noqa: F401  (puts <repo>/src on sys.path for a clean clone)
from vn_units.address._gazetteer import encode_keys, unit_keys
from vn_units.address._words import NAME_KEYS, name_words

# group of name_keys.json (as in aliases.json) -> generated table, in the order of the eras
TABLES: dict[str, str] = {
    "provinces": "provinces.json",
    "communes": "communes.json",
    "legacy_provinces": "legacy_provinces.json",
    "legacy_districts": "legacy_districts.json",
    "legacy_communes": "legacy_communes.json",
}

CITY = "thành phố"


def _types(record: dict[str, Any]) -> set[str]:
    """The types a record has had (a current unit's type history, or a legacy unit's type)."""
    if "types" in record:
        return {str(t["type"]) for t in record["types"]}
    return {str(record["type"])}


def build(files: dict[str, Any]) -> dict[str, Any]:
    """Return ``{"name_keys.json": {...}}`` from the tables and aliases in ``files``."""
    aliases: dict[str, dict[str, list[dict[str, str]]]] = files["aliases.json"]
    names = [str(r["name"]) for table in TABLES.values() for r in files[table]]
    out: dict[str, Any] = dict(name_words(names))
    for group, table in TABLES.items():
        by_code = aliases.get(group, {})
        rows: list[str] = []
        for record in files[table]:
            alias = [a["alias"] for a in by_code.get(str(record["code"]), [])]
            city = group.endswith("provinces") and CITY in _types(record)
            try:
                rows.append(encode_keys(*unit_keys(str(record["name"]), alias, city)))
            except ValueError as exc:
                raise SystemExit(f"{NAME_KEYS}: {group} {record['code']}: {exc}") from exc
        out[group] = rows
    return {NAME_KEYS: out}
