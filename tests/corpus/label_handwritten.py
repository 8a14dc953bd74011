"""Label the hand-written addresses: ``handwritten.txt`` -> ``handwritten.jsonl``.

Each line of ``handwritten.txt`` names the intended units (``era | province | district |
commune | text``). This script looks every name up in the bundled data, strictly: exactly one
unit of that name within its parent (``Registry.find``), or it stops with the error. The
parser is not used, so the labels do not depend on it.

    python tests/corpus/label_handwritten.py [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def label(line: str) -> dict[str, object]:
    import vn_units
    from vn_units import legacy

    era, province, district, commune, text = (x.strip() for x in line.split("|", 4))
    if era == "legacy":
        p = legacy.provinces.find(province)
        d = legacy.districts.find(district, within=p)
        c = legacy.communes.find(commune, within=d)
        expected = {"province": p.code, "district": d.code, "commune": c.code}
    elif era == "current":
        p = vn_units.provinces.find(province)
        c = vn_units.communes.find(commune, within=p)
        expected = {"province": p.code, "commune": c.code}
    else:
        raise ValueError(f"unknown era {era!r} in {line!r}")
    return {"era": era, "expected": expected, "style": "handwritten", "text": text}


def build() -> str:
    rows = []
    errors = []
    for number, line in enumerate((HERE / "handwritten.txt").read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            row = label(line)
        except LookupError as exc:
            errors.append(f"line {number}: {exc}")
            continue
        row["id"] = f"handwritten-{number:03d}"
        rows.append(row)
    if errors:
        raise SystemExit("\n".join(errors))
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    text = build()
    out = HERE / "handwritten.jsonl"
    if args.check:
        return 0 if out.read_text("utf-8") == text else 1
    out.write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10))} addresses to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
