"""The ``vn-units`` command (also ``python -m vn_units``); needs neither pandas nor a network.

::

    vn-units lookup 79                        # a current province by code
    vn-units lookup "Bến Thành"               # by name (province, then commune)
    vn-units lookup 00004 --legacy            # the legacy commune 00004 (codes are era-specific)
    vn-units search "ben thanh" --era both
    vn-units parse "65 Lê Lợi, P. Bến Thành, Q.1, TP.HCM"
    vn-units convert 26743                    # a legacy code to the current unit(s)
    vn-units convert "P. Bến Thành, Q.1, TP.HCM"        # a legacy address
    vn-units convert orders.csv --column address -o out.csv   # a CSV file (or - for stdin)
    vn-units export communes --format json -o communes.json
    vn-units info

Batch mode streams the CSV row by row (the csv module; each distinct address is worked out
once), keeps every input column, appends fixed output columns, and shows a progress bar on
standard error when reading a file from a terminal (``--progress`` forces it).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any

from vn_units._errors import DataError, VNUnitsError

__all__ = ["build_parser", "main"]

_LEVEL_BY_WIDTH = {2: "province", 3: "district", 5: "commune"}
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Usage(Exception):
    """A problem with the command line or the input file: message, exit status 2."""


# -- lookup ------------------------------------------------------------------------------------
def _registry(era: str, level: str) -> Any:
    from vn_units._catalog import registry

    if level == "district" and era != "legacy":
        raise _Usage("districts exist in the legacy era only: add --legacy")
    return registry(era, level)


def _find(query: str, era: str, level: str | None) -> Any:
    text = query.strip()
    if text.isdigit():
        level = level or _LEVEL_BY_WIDTH.get(len(text))
        if level is None:
            raise _Usage(
                f"cannot tell the level of {query!r} (2 digits: province, 3: district, "
                "5: commune): add --level"
            )
        return _registry(era, level)[text]
    levels = [level] if level else (
        ["province", "district", "commune"] if era == "legacy" else ["province", "commune"]
    )
    for i, lv in enumerate(levels):
        try:
            return _registry(era, lv).find(text)
        except LookupError:
            if i == len(levels) - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _optional(lines: list[tuple[str, str]], label: str, value: Callable[[], str]) -> None:
    """Add a line whose data may not be bundled in a partial build (lineage, other era)."""
    try:
        text = value()
    except DataError:
        return
    if text:
        lines.append((label, text))


def _details(unit: Any) -> list[tuple[str, str]]:
    era = "current (from 2025-07-01)" if unit.era == "current" else "legacy (as of 2025-06-30)"
    lines = [("era", era), ("level", unit.level), ("type", unit.unit_type.value)]
    history = getattr(unit, "types", ())
    if len(history) > 1:
        lines.append(
            ("type history", "; ".join(
                f"{t.type.value} from {t.valid_from.isoformat()} ({t.document})" for t in history
            ))
        )
    lines += [("english name", unit.english_name), ("ascii name", unit.ascii_name)]
    lines.append(("slug", unit.slug))
    for parent in unit._parents():
        lines.append((parent.level, f"{parent.full_name} [{parent.code}]"))
    if unit.level == "province" or unit.level == "district":
        lines.append(("communes", str(len(unit.communes))))
    if unit.level == "province" and unit.era == "legacy":
        lines.append(("districts", str(len(unit.districts))))
    if getattr(unit, "area_km2", None) is not None:
        lines.append(("area", f"{unit.area_km2} km² (approximate)"))
    if getattr(unit, "latitude", None) is not None:
        lines.append(("centre", f"{unit.latitude}, {unit.longitude} (approximate)"))
    if unit.level == "province" and unit.era == "current":
        lines.append(("legacy codes", ", ".join(unit.legacy_codes)))
        _optional(lines, "formed from", lambda: "; ".join(
            f"{p.full_name} [{p.code}]" for p in unit.legacy_provinces
        ))
    elif unit.era == "current":
        _optional(lines, "formed from", lambda: _edges(unit.predecessors, "legacy_unit"))
    else:
        _optional(lines, "went into", lambda: _convert_text(unit))
    return lines


def _edges(edges: Sequence[Any], side: str) -> str:
    parts = []
    for e in edges:
        u = getattr(e, side)
        parts.append(f"{u.full_name} [{u.code}]" + (" (part)" if e.kind == "partial" else ""))
    return "; ".join(parts)


def _convert_text(unit: Any) -> str:
    from vn_units.lineage import convert

    result = convert(unit)
    text = "; ".join(f"{c.full_name} [{c.code}]" for c in result.candidates)
    if result.is_ambiguous:
        text += " (split or spread: which one depends on the street)"
    return text


def _cmd_lookup(args: argparse.Namespace, out: IO[str]) -> int:
    unit = _find(args.query, "legacy" if args.legacy else "current", args.level)
    if args.json:
        data: dict[str, Any] = {"era": unit.era, "level": unit.level}
        data.update(unit.model_dump(mode="json"))
        data["describe"] = unit.describe()
        _dump_json(data, out)
        return EXIT_OK
    print(f"{unit.full_name} [{unit.code}]", file=out)
    lines = _details(unit)
    width = max(len(label) for label, _ in lines)
    for label, value in lines:
        print(f"  {label + ':':<{width + 1}} {value}", file=out)
    return EXIT_OK


# -- search ------------------------------------------------------------------------------------
def _cmd_search(args: argparse.Namespace, out: IO[str]) -> int:
    from vn_units._search import search

    era = None if args.era == "both" else args.era
    if args.level == "district" and era == "current":
        raise _Usage("districts exist in the legacy era only: add --era legacy")
    matches = search(args.query, level=args.level, era=era, limit=args.limit)
    if args.json:
        _dump_json(
            [
                {
                    "score": m.score,
                    "era": m.unit.era,
                    "level": m.unit.level,
                    "code": m.unit.code,
                    "full_name": m.unit.full_name,
                    "describe": m.unit.describe(),
                    "matched_on": m.matched_on,
                }
                for m in matches
            ],
            out,
        )
        return EXIT_OK
    if not matches:
        print(f"vn-units: nothing matches {args.query!r}", file=sys.stderr)
        return EXIT_FAILED
    for m in matches:
        print(f"{m.score:5.1f}  {m.unit.era:7}  {m.unit.level:8}  {m.unit.describe()}", file=out)
    return EXIT_OK


# -- parse and convert, one text or a CSV file -------------------------------------------------
def _cmd_parse(args: argparse.Namespace, out: IO[str]) -> int:
    from vn_units.pandas import PARSE_COLUMNS, parse_row

    if args.column is not None:
        return _batch(args, tuple(PARSE_COLUMNS), parse_row, out)
    from vn_units.address import parse_address

    row = dict(zip(PARSE_COLUMNS, parse_row(args.input), strict=True))
    parsed = parse_address(args.input)
    if args.json:
        row["warnings"] = list(parsed.warnings)
        row["alternatives"] = [a.format() for a in parsed.alternatives]
        _dump_json(row, out)
    else:
        row["warnings"] = "; ".join(parsed.warnings)
        _print_pairs(row, out)
    return EXIT_FAILED if row["error"] else EXIT_OK


def _cmd_convert(args: argparse.Namespace, out: IO[str]) -> int:
    from vn_units.pandas import CONVERT_COLUMNS, convert_row

    if args.column is not None:
        return _batch(args, tuple(CONVERT_COLUMNS), convert_row, out)
    text = args.input.strip()
    if text.isdigit():
        return _convert_code(text, args, out)
    from vn_units.address import parse_address

    row = dict(zip(CONVERT_COLUMNS, convert_row(args.input), strict=True))
    warnings = parse_address(args.input).warnings  # what the reading guessed or ignored
    if args.json:
        row["warnings"] = list(warnings)
        _dump_json(row, out)
    else:
        row["warnings"] = "; ".join(warnings)
        _print_pairs(row, out)
    return EXIT_FAILED if row.get("error") else EXIT_OK


def _convert_code(code: str, args: argparse.Namespace, out: IO[str]) -> int:
    from vn_units.lineage import convert

    result = convert(code, level=args.level)
    if args.json:
        _dump_json(
            {
                "source": result.source.describe(),
                "is_ambiguous": result.is_ambiguous,
                "candidates": [c.describe() for c in result.candidates],
                "edges": [e.as_dict() for e in result.edges],
            },
            out,
        )
        return EXIT_OK
    print(result.source.describe(), file=out)
    if result.is_ambiguous:
        print(f"  was split or spread over {len(result.candidates)} current units:", file=out)
    for c, kinds in _candidates_with_kinds(result):
        print(f"  -> {c.describe()}{kinds}", file=out)
    return EXIT_OK


def _candidates_with_kinds(result: Any) -> Iterator[tuple[Any, str]]:
    for c in result.candidates:
        kinds = {e.kind for e in result.edges if e.current_code == c.code}
        yield c, " (part)" if kinds == {"partial"} else ""


class _CountingReader(io.RawIOBase):
    """A binary file that counts the bytes read, for the progress bar."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


class _Progress:
    """A plain progress bar on standard error: ``[#####-----]  50%  12,345 rows``."""

    def __init__(self, total: int, counter: _CountingReader, stream: IO[str]) -> None:
        self._total = max(total, 1)
        self._counter = counter
        self._stream = stream
        self._last = 0.0

    def update(self, rows: int, *, final: bool = False) -> None:
        now = time.monotonic()
        if not final and now - self._last < 0.2:
            return
        self._last = now
        fraction = 1.0 if final else min(self._counter.count / self._total, 1.0)
        filled = int(fraction * 30)
        bar = "#" * filled + "-" * (30 - filled)
        end = "\n" if final else ""
        self._stream.write(f"\r[{bar}] {fraction:4.0%}  {rows:,} rows{end}")
        self._stream.flush()


def _open_input(path: str) -> tuple[IO[str], _CountingReader | None, int]:
    if path == "-":
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is None:  # already text (tests, embedding)
            return sys.stdin, None, 0
        return io.TextIOWrapper(buffer, encoding="utf-8-sig", newline=""), None, 0
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed by the caller
        size = os.fstat(raw.fileno()).st_size
    except OSError as exc:
        raise _Usage(f"cannot read {path}: {exc.strerror or exc}") from None
    counter = _CountingReader(raw)
    text = io.TextIOWrapper(
        io.BufferedReader(counter), encoding="utf-8-sig", newline=""
    )
    return text, counter, size


def _batch(
    args: argparse.Namespace,
    columns: tuple[str, ...],
    work: Callable[[str], tuple[Any, ...]],
    out: IO[str],
) -> int:
    source, counter, size = _open_input(args.input)
    target: IO[str] = out
    try:
        reader = csv.reader(source)
        try:
            header = next(reader)
        except StopIteration:
            raise _Usage(f"{_name(args.input)} is empty: expected a header row") from None
        except (UnicodeDecodeError, csv.Error) as exc:
            raise _Usage(f"cannot read {_name(args.input)} as UTF-8 CSV: {exc}") from None
        if args.column not in header:
            raise _Usage(
                f"{_name(args.input)} has no column {args.column!r}; its columns are: "
                + ", ".join(repr(h) for h in header)
            )
        clash = [c for c in columns if args.prefix + c in header]
        if clash:
            raise _Usage(
                f"{_name(args.input)} already has the output column(s) "
                + ", ".join(repr(args.prefix + c) for c in clash)
                + ": choose a --prefix"
            )
        index = header.index(args.column)
        if args.output and args.output != "-":
            try:
                target = open(args.output, "w", encoding="utf-8", newline="")  # noqa: SIM115
            except OSError as exc:
                raise _Usage(f"cannot write {args.output}: {exc.strerror or exc}") from None
        show = args.progress if args.progress is not None else (
            counter is not None and sys.stderr.isatty()
        )
        progress = _Progress(size, counter, sys.stderr) if show and counter else None
        writer = csv.writer(target, lineterminator="\n")
        writer.writerow([*header, *(args.prefix + c for c in columns)])
        cache: dict[str, tuple[Any, ...]] = {}
        rows = failed = 0
        error_at = columns.index("error")
        try:
            for row in reader:
                value = row[index] if index < len(row) else ""
                result = cache.get(value)
                if result is None:
                    result = work(value)
                    if len(cache) < 200_000:
                        cache[value] = result
                writer.writerow([*row, *("" if v is None else _cell(v) for v in result)])
                rows += 1
                failed += result[error_at] is not None
                if progress is not None:
                    progress.update(rows)
        except (UnicodeDecodeError, csv.Error) as exc:
            raise _Usage(
                f"cannot read {_name(args.input)} as UTF-8 CSV (after {rows:,} rows): {exc}"
            ) from None
        if progress is not None:
            progress.update(rows, final=True)
    finally:
        if args.input != "-":
            source.close()
        elif isinstance(source, io.TextIOWrapper) and source is not sys.stdin:
            source.detach()  # leave the process's standard input open
        if target is not out:
            target.close()
    if not args.quiet:
        print(f"vn-units: {rows:,} rows, {failed:,} not resolved", file=sys.stderr)
    return EXIT_FAILED if failed and args.strict else EXIT_OK


def _name(path: str) -> str:
    return "standard input" if path == "-" else path


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# -- export and info ---------------------------------------------------------------------------
def _cmd_export(args: argparse.Namespace, out: IO[str]) -> int:
    from vn_units.pandas import rows

    columns, it = rows(args.table)
    target = out
    if args.output and args.output != "-":
        try:
            target = open(args.output, "w", encoding="utf-8", newline="")  # noqa: SIM115
        except OSError as exc:
            raise _Usage(f"cannot write {args.output}: {exc.strerror or exc}") from None
    try:
        if args.format == "csv":
            writer = csv.writer(target, lineterminator="\n")
            writer.writerow(columns)
            for row in it:
                writer.writerow(["" if v is None else v for v in row])
        else:
            records = [dict(zip(columns, row, strict=True)) for row in it]
            json.dump(records, target, ensure_ascii=False, indent=1)
            target.write("\n")
    finally:
        if target is not out:
            target.close()
    return EXIT_OK


def _cmd_info(args: argparse.Namespace, out: IO[str]) -> int:
    from vn_units._info import data_info
    from vn_units._version import __version__

    info = {"library_version": __version__, **data_info()}
    _dump_json(info, out)
    return EXIT_OK


# -- output helpers and the parser -------------------------------------------------------------
def _dump_json(obj: Any, out: IO[str]) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2), file=out)


def _print_pairs(obj: dict[str, Any], out: IO[str]) -> None:
    width = max(len(k) for k in obj)
    for key, value in obj.items():
        print(f"{key + ':':<{width + 1}} {'' if value is None else _cell(value)}", file=out)


def _add_batch_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--column", metavar="NAME",
        help="INPUT is a CSV file (or - for standard input); work on this column",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write the CSV here (default: stdout)")
    p.add_argument("--prefix", default="", help="prefix for the appended column names")
    p.add_argument(
        "--progress", action=argparse.BooleanOptionalAction, default=None,
        help="progress bar on stderr (default: when reading a file from a terminal)",
    )
    p.add_argument("--strict", action="store_true", help="exit 1 if any row was not resolved")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line on stderr")
    p.add_argument("--json", action="store_true", help="print JSON (single text)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``vn-units``."""
    from vn_units.pandas import TABLES

    parser = argparse.ArgumentParser(
        prog="vn-units",
        description="Vietnam's administrative units (current and legacy) from bundled data.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

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
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_cmd_search)

    p = sub.add_parser("parse", help="parse an address (or a CSV column of addresses)")
    p.add_argument("input", metavar="INPUT", help="an address, or a CSV file with --column")
    _add_batch_options(p)
    p.set_defaults(func=_cmd_parse)

    p = sub.add_parser(
        "convert", help="convert a legacy code or address (or a CSV column) to the current units"
    )
    p.add_argument(
        "input", metavar="INPUT",
        help="a legacy code (2, 3 or 5 digits), a legacy address, or a CSV file with --column",
    )
    p.add_argument("--level", choices=["province", "district", "commune"], help="of a code")
    _add_batch_options(p)
    p.set_defaults(func=_cmd_convert)

    p = sub.add_parser("export", help="write a bundled table as CSV or JSON")
    p.add_argument("table", choices=list(TABLES))
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.add_argument("-o", "--output", metavar="FILE", help="default: stdout")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("info", help="bundled data version, sources and counts (JSON)")
    p.set_defaults(func=_cmd_info)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``vn-units`` with ``argv`` (default: the command line); return the exit status.

    >>> main(["lookup", "1", "--level", "province", "--json"]) == 0   # doctest: +ELLIPSIS
    {...
    True
    """
    args = build_parser().parse_args(argv)
    try:
        status: int = args.func(args, sys.stdout)
    except _Usage as exc:
        print(f"vn-units: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (VNUnitsError, LookupError, ValueError, TypeError) as exc:
        print(f"vn-units: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:  # `vn-units export communes | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED
    return status
