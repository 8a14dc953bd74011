"""The ``vn-units`` command (also ``python -m vn_units``).

    vn-units lookup 79                 # a current province by code
    vn-units lookup "Bến Thành" --level commune
    vn-units lookup 00004 --legacy     # the legacy commune 00004 (codes are era-specific)
    vn-units search "ben thanh"
    vn-units convert 26743             # a legacy code to the current unit(s)
    vn-units info                      # bundled data version, sources, counts
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from vn_units._errors import VNUnitsError

_LEVEL_BY_WIDTH = {2: "province", 3: "district", 5: "commune"}


def _registry(era: str, level: str) -> Any:
    from vn_units import current, legacy

    module = legacy if era == "legacy" else current
    if level == "district" and era != "legacy":
        raise SystemExit("vn-units: districts exist in the legacy era only: add --legacy")
    return getattr(module, f"{level}s")


def _show(unit: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"era": unit.era, "level": unit.level}
    data.update(unit.model_dump(mode="json"))
    data["describe"] = unit.describe()
    return data


def _cmd_lookup(args: argparse.Namespace) -> int:
    era = "legacy" if args.legacy else "current"
    query: str = args.query.strip()
    if query.isdigit():
        level = args.level or _LEVEL_BY_WIDTH.get(len(query))
        if level is None:
            raise SystemExit(f"vn-units: cannot tell the level of {query!r}: add --level")
        unit = _registry(era, level)[query]
    else:
        levels = [args.level] if args.level else (
            ["province", "district", "commune"] if era == "legacy" else ["province", "commune"]
        )
        unit = None
        for level in levels:
            try:
                unit = _registry(era, level).find(query)
                break
            except LookupError:
                if level == levels[-1]:
                    raise
    _print(_show(unit), args.json)
    return 0


def _cmd_search(args: argparse.Namespace) -> int:
    from vn_units.search import search

    era = None if args.era == "both" else args.era
    for m in search(args.query, level=args.level, era=era, limit=args.limit):
        print(f"{m.score:5.1f}  {m.unit.era:7}  {m.unit.level:8}  {m.unit.describe()}")
    return 0


def _cmd_convert(args: argparse.Namespace) -> int:
    from vn_units.lineage import convert

    result = convert(args.code, level=args.level)
    out = {
        "source": result.source.describe(),
        "is_ambiguous": result.is_ambiguous,
        "candidates": [c.describe() for c in result.candidates],
        "edges": [e.model_dump(mode="json") for e in result.edges],
    }
    _print(out, args.json)
    return 0


def _cmd_info(args: argparse.Namespace) -> int:
    from vn_units._info import data_info
    from vn_units._version import __version__

    info = data_info()
    info["library_version"] = __version__
    _print(info, True)
    return 0


def _print(obj: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(obj, ensure_ascii=False, indent=2))
        return
    for key, value in obj.items():
        if isinstance(value, list):
            print(f"{key}:")
            for item in value:
                print(f"  - {item}")
        else:
            print(f"{key}: {value}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vn-units",
        description="Vietnam's administrative units (current and legacy) from bundled data.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("lookup", help="look a unit up by code or name")
    p.add_argument("query", help="a code (79, 00004) or a name (Bến Thành)")
    p.add_argument("--legacy", action="store_true", help="the legacy era (as of 2025-06-30)")
    p.add_argument("--level", choices=["province", "district", "commune"])
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_cmd_lookup)

    p = sub.add_parser("search", help="fuzzy search by name")
    p.add_argument("query")
    p.add_argument("--era", choices=["current", "legacy", "both"], default="current")
    p.add_argument("--level", choices=["province", "district", "commune"])
    p.add_argument("--limit", type=int, default=10)
    p.set_defaults(func=_cmd_search)

    p = sub.add_parser("convert", help="convert a legacy code to the current unit(s)")
    p.add_argument("code", help="a legacy code: 2 digits province, 3 district, 5 commune")
    p.add_argument("--level", choices=["province", "district", "commune"])
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_cmd_convert)

    p = sub.add_parser("info", help="bundled data version, sources and counts")
    p.set_defaults(func=_cmd_info)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``vn-units`` console script."""
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except (VNUnitsError, TypeError) as exc:
        print(f"vn-units: {exc}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
