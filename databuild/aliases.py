"""Aliases stage: ``overrides/aliases.csv`` -> ``aliases.json``.

Every row is ``era,level,code,alias,source``: a curated alternative name (a former name, an
abbreviation, a common spelling) for one unit, citing where it comes from. The stage checks each
row against the tables generated earlier in the same build and stops (``SystemExit``) listing every
bad row: unknown era/level, malformed or unknown code, empty alias or source, an alias given
twice for one unit, or one alias pointing at two units of the same table (aliases are compared
by ``compact_key``, as the index compares them). Official names are never changed here;
aliases only add ways to find a unit.
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path
from typing import Any

import databuild.build  # noqa: F401  (puts <repo>/src on sys.path for a clean clone)
from vn_units.text import compact_key, normalize

CSV_PATH = Path(__file__).resolve().parent / "overrides" / "aliases.csv"
COLUMNS = ["era", "level", "code", "alias", "source"]

# (era, level) -> (output key in aliases.json, generated table it must exist in, code width)
TABLES: dict[tuple[str, str], tuple[str, str, int]] = {
    ("current", "province"): ("provinces", "provinces.json", 2),
    ("current", "commune"): ("communes", "communes.json", 5),
    ("legacy", "province"): ("legacy_provinces", "legacy_provinces.json", 2),
    ("legacy", "district"): ("legacy_districts", "legacy_districts.json", 3),
    ("legacy", "commune"): ("legacy_communes", "legacy_communes.json", 5),
}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def read_rows(path: Path = CSV_PATH) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != COLUMNS:
            raise SystemExit(f"{path}: columns {reader.fieldnames} != {COLUMNS}")
        return [{k: _nfc(v or "") for k, v in row.items()} for row in reader]


def build(files: dict[str, object], rows: list[dict[str, str]] | None = None) -> dict[str, object]:
    """Return ``{"aliases.json": {...}}`` validated against the generated tables in ``files``."""
    if rows is None:
        rows = read_rows()
    codes: dict[str, set[str]] = {}
    for _key, table, _width in TABLES.values():
        records = files.get(table)
        if isinstance(records, list):
            codes[table] = {str(rec["code"]) for rec in records}

    out: dict[str, dict[str, list[dict[str, str]]]] = {key: {} for key, _, _ in TABLES.values()}
    seen: dict[tuple[str, str], tuple[str, int]] = {}  # (output key, alias key) -> (code, line)
    bad: list[str] = []
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        where = f"aliases.csv:{line} {row}"
        spec = TABLES.get((row["era"], row["level"]))
        if spec is None:
            bad.append(f"{where}: unknown era/level {row['era']!r}/{row['level']!r}")
            continue
        key, table, width = spec
        code = row["code"]
        if not (code.isascii() and code.isdigit() and len(code) == width):
            bad.append(f"{where}: code must be {width} digits")
            continue
        if table not in codes:
            bad.append(f"{where}: {table} was not generated in this build")
            continue
        if code not in codes[table]:
            bad.append(f"{where}: no {row['era']} {row['level']} with code {code} in {table}")
            continue
        if not row["alias"] or not row["source"]:
            bad.append(f"{where}: alias and source are both required")
            continue
        alias_key = compact_key(row["alias"])
        if not alias_key:
            bad.append(f"{where}: alias has an empty normalized key")
            continue
        previous = seen.get((key, alias_key))
        if previous is not None:
            other, other_line = previous
            what = "repeats" if other == code else f"also names {other}, given"
            bad.append(f"{where}: alias {what} on line {other_line}")
            continue
        seen[(key, alias_key)] = (code, line)
        out[key].setdefault(code, []).append({"alias": row["alias"], "source": row["source"]})
    if bad:
        raise SystemExit("aliases.csv has bad rows:\n  " + "\n  ".join(bad))

    result: dict[str, Any] = {
        key: {
            code: sorted(entries, key=lambda e: (normalize(e["alias"]), e["alias"]))
            for code, entries in sorted(out[key].items())
        }
        for key in out  # the order of TABLES, as in docs/data-format.md
    }
    return {"aliases.json": result}
