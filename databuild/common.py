"""Pieces shared by the build stages: the reviewed overrides files."""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from pathlib import Path

OVERRIDES = Path(__file__).resolve().parent / "overrides"
OVERRIDE_COLUMNS = ["unit", "field", "value", "document", "clause", "note"]


@dataclass
class Override:
    """One reviewed correction to a source: ``unit``'s ``field`` is ``value``, by ``document``
    (``clause``). ``used`` is set by the stage that applies it; an unused override fails the
    build (it settles nothing, so it is stale or mistyped)."""

    unit: str
    field: str
    value: str
    document: str
    clause: str
    note: str
    used: bool = False


def load_overrides(name: str, fields: set[str] | None = None) -> dict[tuple[str, str], Override]:
    """Read ``databuild/overrides/<name>``: fixed columns, NFC text, every row citing a
    document and a clause, one row per (unit, field), ``field`` in ``fields`` when given."""
    path = OVERRIDES / name
    if not path.exists():
        return {}
    out: dict[tuple[str, str], Override] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != OVERRIDE_COLUMNS:
            raise SystemExit(f"{path}: columns {reader.fieldnames} != {OVERRIDE_COLUMNS}")
        for i, row in enumerate(reader, start=2):
            unit, fname, value, document, clause, note = (
                unicodedata.normalize("NFC", (row[k] or "").strip()) for k in OVERRIDE_COLUMNS
            )
            ov = Override(unit, fname, value, document, clause, note)
            if fields is not None and ov.field not in fields:
                raise SystemExit(f"{path}:{i}: unknown field {ov.field!r}")
            if not ov.document or not ov.clause:
                raise SystemExit(f"{path}:{i}: every override cites a document and a clause")
            if (ov.unit, ov.field) in out:
                raise SystemExit(f"{path}:{i}: duplicate override for {ov.unit} {ov.field}")
            out[(ov.unit, ov.field)] = ov
    return out
