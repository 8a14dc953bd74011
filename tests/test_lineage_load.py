"""The lineage is read as rows and made into edges per legacy unit on demand: whatever is asked
first, each unit's edges are those of its rows of ``lineage.json``, in order, the same objects
as in ``edges()``, which lists every row once, in the order of the file."""

from __future__ import annotations

import datetime as _dt
import json

import pytest

from vn_units import DataError, legacy
from vn_units._resources import read_bytes
from vn_units.lineage import _Lineage, convert

RAW = json.loads(read_bytes("lineage.json"))
GROUPS = (("provinces", "province", "province"), ("districts", "district", "commune"),
          ("communes", "commune", "commune"))
COLUMNS = RAW["columns"].split("|")


def _expected() -> list[dict[str, object]]:
    """Every edge as the rows say, in the order of the file."""
    out: list[dict[str, object]] = []
    for group, legacy_level, current_level in GROUPS:
        for row in RAW[group]:
            values = dict(zip(COLUMNS, row.split("|"), strict=True))
            out.append({
                "legacy_level": legacy_level, "legacy_code": values["legacy"],
                "current_level": current_level, "current_code": values["current"],
                "kind": values["kind"], "document": values["document"],
                "effective_date": RAW["effective_date"],
                "evidence": values["evidence"] or None, "clause": values["clause"] or None,
            })
    return out


@pytest.mark.parametrize("first", ["one unit", "all"])
def test_edges_are_the_rows_in_order_whatever_is_asked_first(first: str) -> None:
    lineage = _Lineage().load()
    if first == "one unit":
        made = lineage.edges_of("legacy", "commune", "11461")  # (a split commune: 2 edges)
        assert [e.current_code for e in made] == ["11455", "11737"]
        assert len(lineage.by_legacy["commune"]) == 1  # (only that unit's edges are made)
    edges = lineage.edges
    assert [e.as_dict() for e in edges] == _expected()
    assert len(edges) == 10634
    assert all(type(e.effective_date) is _dt.date for e in edges)
    if first == "one unit":
        assert lineage.edges_of("legacy", "commune", "11461") == made
        assert all(any(e is m for e in edges) for m in made)  # (the same objects)
    by_unit: dict[tuple[str, str], list[object]] = {}
    for e in edges:
        by_unit.setdefault((e.legacy_level, e.legacy_code), []).append(e)
    for (level, code), mine in by_unit.items():
        got = lineage.edges_of("legacy", level, code)
        assert len(got) == len(mine) and all(a is b for a, b in zip(got, mine, strict=True))
    for e in edges[:50]:
        assert any(x is e for x in lineage.edges_of("current", e.current_level, e.current_code))
    assert lineage.edges_of("legacy", "commune", "99999") == ()
    assert lineage.edges_of("legacy", "ward", "00001") == ()


def test_codes_and_documents_are_shared() -> None:
    edges = _Lineage().load().edges
    docs = {id(e.document) for e in edges}
    assert len(docs) == len({e.document for e in edges})
    assert len({id(e.current_code) for e in edges}) == len({e.current_code for e in edges})


def test_a_row_citing_an_unknown_document_is_refused_when_made() -> None:
    lineage = _Lineage()
    raw = json.loads(read_bytes("lineage.json"))
    raw["communes"] = ["00001|00004|whole|NO/SUCH|agree:A|"]
    lineage._index(raw)
    with pytest.raises(DataError, match="NO/SUCH"):
        lineage.edges_of("legacy", "commune", "00001")
    raw["communes"] = ["00001|00004|whole"]
    lineage._index(raw)
    with pytest.raises(DataError, match="malformed"):
        lineage.edges_of("legacy", "commune", "00001")


def test_convert_uses_the_unit_edges() -> None:
    r = convert(legacy.communes["11461"])
    assert [e.current_code for e in r.edges] == ["11455", "11737"]
    assert r.is_ambiguous
