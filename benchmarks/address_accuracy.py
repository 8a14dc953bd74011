"""Top-1 accuracy of address parsing on the labelled corpus, per style, vn_units vs
vietnamadminunits 1.0.4 (a benchmark-only dependency), in one run.

    python benchmarks/address_accuracy.py            # both libraries
    python benchmarks/address_accuracy.py --only vn_units
    python benchmarks/address_accuracy.py --failures current-typo   # print the misses of a group
    python benchmarks/address_accuracy.py --calibration   # how often each confidence is right

An answer is correct when its era is the labelled era and every labelled code (province,
district for legacy, commune) is equal. vn_units runs with ``era="auto"`` (it must detect the
era itself) and again with the labelled era given; vietnamadminunits is always given the
labelled era (``mode="FROM_2025"`` or ``"LEGACY"``), since it has no automatic mode.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = [ROOT / "tests" / "corpus" / f"{name}.jsonl" for name in ("generated", "handwritten")]

Answer = dict[str, Any]


def load() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in CORPUS:
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    row.setdefault("style", "handwritten")
                    rows.append(row)
    return rows


def ours(era: str) -> Callable[[dict[str, Any]], Answer]:
    from vn_units.address import parse_address

    def run(row: dict[str, Any]) -> Answer:
        a = parse_address(row["text"], era=row["era"] if era == "given" else "auto")
        return {
            "era": a.era,
            "province": a.province.code if a.province else None,
            "district": a.district.code if a.district else None,
            "commune": a.commune.code if a.commune else None,
            "confidence": a.confidence,
            "ambiguous": a.is_ambiguous,
        }

    return run


def calibration(rows: list[dict[str, Any]]) -> None:
    """How often vn_units (era="auto") is right at each confidence, and how often a reading
    that says it is ambiguous is right (its best reading is one of those that tie)."""
    run = ours("auto")
    bands = [(0.9, 1.01), (0.5, 0.9), (0.0, 0.5)]
    stats = {b: [0, 0] for b in bands}
    tied = [0, 0]
    for row in rows:
        answer = run(row)
        ok = int(correct(row, answer))
        for lo, hi in bands:
            if lo <= answer["confidence"] < hi:
                stats[lo, hi][0] += ok
                stats[lo, hi][1] += 1
        if answer["ambiguous"]:
            tied[0] += ok
            tied[1] += 1
    print(f"{len(rows)} addresses, vn_units era='auto'")
    print("| confidence | readings | share | right |")
    print("|---|---:|---:|---:|")
    for (lo, hi), (ok, n) in stats.items():
        label = f"≥ {lo}" if hi > 1 else f"{lo} – {hi}"
        right = f"{100.0 * ok / n:.2f}%" if n else "-"
        print(f"| {label} | {n} | {100.0 * n / len(rows):.1f}% | {right} |")
    right = f"{100.0 * tied[0] / tied[1]:.1f}%" if tied[1] else "-"
    print(f"| is_ambiguous | {tied[1]} | {100.0 * tied[1] / len(rows):.1f}% | {right} |")


def theirs() -> Callable[[dict[str, Any]], Answer]:
    warnings.simplefilter("ignore")
    from vietnamadminunits import parse_address

    def run(row: dict[str, Any]) -> Answer:
        legacy = row["era"] == "legacy"
        try:
            u = parse_address(row["text"], mode="LEGACY" if legacy else "FROM_2025",
                              level=3 if legacy else 2)
        except Exception:  # it raises on addresses it cannot parse
            return {"era": None}
        return {
            "era": row["era"],
            "province": _code(getattr(u, "province_code", None), 2),
            "district": _code(getattr(u, "district_code", None), 3),
            "commune": _code(getattr(u, "ward_code", None), 5),
        }

    return run


def _code(value: Any, width: int) -> str | None:
    if value is None or value != value:  # None or NaN
        return None
    return str(value).split(".")[0].zfill(width)


def correct(row: dict[str, Any], answer: Answer) -> bool:
    if answer.get("era") != row["era"]:
        return False
    return all(answer.get(level) == code for level, code in row["expected"].items())


def evaluate(
    rows: list[dict[str, Any]], parse: Callable[[dict[str, Any]], Answer]
) -> tuple[dict[str, list[int]], list[tuple[str, dict[str, Any], Answer]]]:
    """Per group ``era-style``: [correct, total]; and the misses."""
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses: list[tuple[str, dict[str, Any], Answer]] = []
    for row in rows:
        group = f"{row['era']}-{row['style']}"
        answer = parse(row)
        ok = correct(row, answer)
        stats[group][0] += ok
        stats[group][1] += 1
        if not ok:
            misses.append((group, row, answer))
    return stats, misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=["vn_units", "vietnamadminunits"])
    parser.add_argument("--failures", metavar="GROUP", help="print misses of vn_units (auto)")
    parser.add_argument("--calibration", action="store_true",
                        help="how often vn_units is right at each confidence")
    args = parser.parse_args(argv)
    rows = load()
    if args.calibration:
        calibration(rows)
        return 0
    columns: dict[str, dict[str, list[int]]] = {}
    if args.only != "vietnamadminunits":
        columns["vn_units auto"], misses = evaluate(rows, ours("auto"))
        columns["vn_units era given"], _ = evaluate(rows, ours("given"))
        if args.failures:
            for group, row, answer in misses:
                if group.startswith(args.failures):
                    print(f"{row['id']}: {row['text']!r}\n   want {row['expected']}  got {answer}")
            return 0
    if args.only != "vn_units":
        try:
            columns["vietnamadminunits 1.0.4"], _ = evaluate(rows, theirs())
        except ImportError:
            print("vietnamadminunits is not installed: pip install vietnamadminunits==1.0.4",
                  file=sys.stderr)
    groups = sorted({g for col in columns.values() for g in col})
    names = list(columns)
    print(f"{len(rows)} addresses")
    print("| style | n | " + " | ".join(names) + " |")
    print("|---|---:|" + "---:|" * len(names))
    totals = {name: [0, 0] for name in names}
    for g in groups:
        n = next(col[g][1] for col in columns.values() if g in col)
        cells = []
        for name in names:
            ok, total = columns[name].get(g, [0, 0])
            totals[name][0] += ok
            totals[name][1] += total
            cells.append(f"{100.0 * ok / total:.1f}%" if total else "-")
        print(f"| {g} | {n} | " + " | ".join(cells) + " |")
    cells = [f"{100.0 * t[0] / t[1]:.1f}%" if t[1] else "-" for t in totals.values()]
    print(f"| **all** | {len(rows)} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
