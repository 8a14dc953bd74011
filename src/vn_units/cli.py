"""The ``vn-units`` command (also ``python -m vn_units``); needs neither pandas nor a network.

::

    vn-units --version
    vn-units lookup 79                        # a current province by code
    vn-units lookup "Bến Thành"               # by name (province, then commune)
    vn-units lookup "Tân Phú, Hồ Chí Minh"    # a name and its parent (or --within 79)
    vn-units lookup 00004 --legacy            # the legacy commune 00004 (codes are era-specific)
    vn-units search "ben thanh" --era both
    vn-units parse "65 Lê Lợi, P. Bến Thành, Q.1, TP.HCM"
    vn-units convert 26743                    # a legacy code to the current unit(s)
    vn-units convert "P. Bến Thành, Q.1, TP.HCM"        # a legacy address
    vn-units convert orders.csv --column address -o out.csv   # a CSV file (or - for stdin)
    vn-units export communes --format json -o communes.json
    vn-units info

Batch mode streams the CSV row by row (the csv module, strict: a ragged row or an
unterminated quote stops it with the line number; each distinct value is worked out once),
keeps every input column, appends the output columns with a prefix (``current_`` for convert,
``parsed_`` for parse), and shows a progress bar on standard error when reading a file from a
terminal (``--progress`` forces it). ``-o FILE`` is written to a temporary file renamed over
``FILE`` on success, and is never the input."""

from __future__ import annotations

import argparse
import codecs
import contextlib
import csv
import io
import itertools
import json
import os
import secrets
import stat
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any

from vn_units._errors import AmbiguousUnitError, DataError, UnitNotFoundError, VNUnitsError

__all__ = ["build_parser", "main"]

_LEVEL_BY_WIDTH = {2: "province", 3: "district", 5: "commune"}
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a command its reader left
EXIT_INTERRUPTED = 130  # 128 + SIGINT


class _Usage(Exception):
    """A problem with the command line or the input file: message, exit status 2."""


# -- lookup ------------------------------------------------------------------------------------
def _registry(era: str, level: str) -> Any:
    from vn_units._catalog import registry

    if level == "district" and era != "legacy":
        raise _Usage("districts exist in the legacy era only: add --legacy")
    return registry(era, level)


# the levels a name is looked for in, first to last, by era and the level of its parent
_LEVELS_UNDER: dict[tuple[str, str | None], tuple[str, ...]] = {
    ("current", None): ("province", "commune"),
    ("current", "province"): ("commune",),
    ("legacy", None): ("province", "district", "commune"),
    ("legacy", "province"): ("district", "commune"),
    ("legacy", "district"): ("commune",),
}


def _find(
    query: str,
    era: str,
    level: str | None,
    within: str | None = None,
    notes: list[str] | None = None,
) -> Any:
    """The unit named by ``query``: a code, a name, or names from the unit outwards separated
    by commas ("Tân Phú, Hồ Chí Minh"); ``within`` names its parent the same way. What is
    known about a name of the other era ("Bình Dương is a legacy province ...") is added to
    ``notes``."""
    notes = [] if notes is None else notes
    text = query.strip()
    parent = None if within is None else _parent(within, era, notes)
    if text.isdigit():
        if parent is not None:
            raise _Usage("a code names one unit already: --within is for names")
        level = level or _LEVEL_BY_WIDTH.get(len(text))
        if level is None:
            raise _Usage(
                f"cannot tell the level of {query!r} (2 digits: province, 3: district, "
                "5: commune): add --level"
            )
        return _registry(era, level)[text]
    parts = [p.strip() for p in text.split(",")]
    if len(parts) > 1 and all(parts):
        for part in reversed(parts[1:]):  # the outermost name first
            parent = _named(part, era, None, parent, notes)
            if parent.level == "commune":
                raise _Usage(f"{part!r} is a commune: a commune contains no other unit")
        text = parts[0]
    return _named(text, era, level, parent, notes)


def _parent(within: str, era: str, notes: list[str]) -> Any:
    parent = _find(within, era, None, notes=notes)
    if parent.level == "commune":
        raise _Usage(f"--within takes a province or a district, not {parent.describe()}")
    return parent


def _named(name: str, era: str, level: str | None, parent: Any, notes: list[str]) -> Any:
    """The one unit called ``name`` at the first of the levels (under ``parent``) that has
    it. A level where the name is of the other era ("Bình Dương": a legacy province) adds
    that to ``notes``; when no level has the name, that error is the one raised."""
    under = _LEVELS_UNDER[(era, None if parent is None else parent.level)]
    if level is not None and level not in under:
        raise _Usage(f"there is no {era} {level} inside {parent.describe()}")
    levels = (level,) if level else under
    ambiguous: AmbiguousUnitError | None = None
    informed: UnitNotFoundError | None = None
    last: LookupError | None = None
    for lv in levels:
        try:
            return _registry(era, lv).find(name, within=parent)
        except AmbiguousUnitError as exc:
            ambiguous = ambiguous or exc
        except UnitNotFoundError as exc:
            last = exc
            if exc.hint_first and informed is None:  # the hint names what the name was
                informed = exc
                notes.append(exc.hint)
    error = ambiguous or informed or last
    assert error is not None  # levels is never empty
    raise error from None


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
    for parent in unit.parents():
        lines.append((parent.level, f"{parent.full_name} [{parent.code}]"))
    if unit.level == "province" or unit.level == "district":
        lines.append(("communes", str(len(unit.communes))))
    if unit.level == "province" and unit.era == "legacy":
        lines.append(("districts", str(len(unit.districts))))
    if getattr(unit, "area_km2", None) is not None:
        lines.append(("area", f"{unit.area_km2} km²"))
    if getattr(unit, "latitude", None) is not None:
        lines.append(("centre", f"{unit.latitude}, {unit.longitude} (a point inside)"))
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
    era = "legacy" if args.legacy else "current"
    notes: list[str] = []
    try:
        unit = _find(args.query, era, args.level, args.within, notes)
    except AmbiguousUnitError as exc:
        for note in notes:  # "Bình Dương is a legacy province ...", before the communes
            print(f"vn-units: {note}", file=sys.stderr)
        print(f"vn-units: {exc}", file=sys.stderr)
        print(
            'vn-units: narrow it with --within PARENT, or write "NAME, PARENT" '
            '(e.g. "Tân Phú, Hồ Chí Minh")',
            file=sys.stderr,
        )
        return EXIT_FAILED
    except LookupError as exc:
        shown = str(exc)
        for note in notes:
            if note not in shown:
                print(f"vn-units: {note}", file=sys.stderr)
        raise
    other = " (--legacy looks it up there)" if era == "current" else ""
    for note in notes:  # found a unit of this era; the name was also one of the other era's
        print(f"vn-units: note: {note}{other}", file=sys.stderr)
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
_FILE_SUFFIXES = (".csv", ".tsv", ".txt")


def _refuse_file_as_text(args: argparse.Namespace) -> None:
    """``convert orders.csv`` without ``--column``: say what to do instead of reading the file
    name as an address."""
    text = args.input.strip()
    is_file = text == "-" or os.path.isfile(text)
    if not is_file and not text.lower().endswith(_FILE_SUFFIXES):
        return
    if not is_file:
        raise _Usage(
            f"{text!r} looks like a file name, but there is no such file; to work on a CSV "
            f"file add --column NAME (the column of addresses)"
        )
    columns = ""
    if text != "-":
        try:
            source, _, _ = _open_input(text, args.encoding)
            with source:
                first = source.readline()
            header = next(csv.reader([first], delimiter=_delimiter(args.delimiter, first)))
            columns = " (its columns are: " + ", ".join(repr(h) for h in header) + ")"
        except (_Usage, LookupError, UnicodeDecodeError, csv.Error, StopIteration):
            pass
    raise _Usage(
        f"{_name(text)} is a file: add --column NAME to {args.command} the addresses in "
        f"that column{columns}"
    )


def _cmd_parse(args: argparse.Namespace, out: IO[str]) -> int:
    from vn_units.pandas import PARSE_COLUMNS, parse_row

    if args.column is not None:
        return _batch(args, tuple(PARSE_COLUMNS), _parse_work(tuple(PARSE_COLUMNS)), out)
    _refuse_file_as_text(args)
    from vn_units.address import parse_address

    row = dict(zip(PARSE_COLUMNS, parse_row(args.input), strict=True))
    parsed = parse_address(args.input)
    if args.json:
        row["warning_codes"] = [c.value for c in parsed.warning_codes]
        row["warnings"] = list(parsed.warnings)
        row["alternatives"] = [a.format() for a in parsed.alternatives]
        _dump_json(row, out)
    else:
        row["warnings"] = "; ".join(parsed.warnings)
        _print_pairs(row, out)
    return EXIT_FAILED if row["error"] else EXIT_OK


def _cmd_convert(args: argparse.Namespace, out: IO[str]) -> int:
    from vn_units.pandas import CONVERT_COLUMNS

    if args.column is not None:
        columns = tuple(CONVERT_COLUMNS)
        return _batch(args, columns, _convert_work(columns, args.level), out)
    _refuse_file_as_text(args)
    text = args.input.strip()
    if text.isdigit():
        return _convert_code(text, args, out)
    from vn_units.address import convert_address
    from vn_units.pandas import convert_row

    row: dict[str, Any] = dict(zip(CONVERT_COLUMNS, convert_row(args.input), strict=True))
    result = convert_address(args.input)
    warnings = result.parsed.warnings  # what the reading guessed or ignored
    if args.json:
        if isinstance(row.get("candidate_codes"), str):
            row["candidate_codes"] = [c for c in row["candidate_codes"].split(",") if c]
        row["candidates"] = [
            {"code": c.code, "full_name": c.full_name, "address": a}
            for c, a in zip(result.candidates, result.addresses, strict=True)
        ]
        row["warning_codes"] = [c.value for c in result.parsed.warning_codes]
        row["warnings"] = list(warnings)
        _dump_json(row, out)
    else:
        row["warnings"] = "; ".join(warnings)
        if result.is_ambiguous:  # no one address: every candidate, by name, after their codes
            listed = "; ".join(f"{c.full_name} [{c.code}]" for c in result.candidates)
            pairs = list(row.items())
            at = list(row).index("candidate_codes") + 1
            why = (
                "tie: the address reads several ways equally well" if result.parsed.is_ambiguous
                else "split: which one depends on the street"
            )
            pairs.insert(at, ("candidates", f"{listed} ({why})"))
            row = dict(pairs)
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


# what a row came to, for the summary line
RESOLVED, AMBIGUOUS, FAILED = "resolved", "ambiguous", "not resolved"
_Work = Callable[[str], tuple[tuple[Any, ...], str]]


def _is_code(text: str) -> bool:
    return text.isdigit() and len(text) in _LEVEL_BY_WIDTH


def _parse_work(columns: tuple[str, ...]) -> _Work:
    from vn_units.address import resolve_address
    from vn_units.pandas import parse_row

    error_at = columns.index("error")

    def work(value: str) -> tuple[tuple[Any, ...], str]:
        if _is_code(value.strip()):
            row = dict.fromkeys(columns)
            row["error"] = (
                f"{value.strip()!r} is a code, not an address: vn-units convert --column "
                "converts a column of legacy codes"
            )
            return tuple(row.values()), FAILED
        row_ = parse_row(value)
        if row_[error_at] is None:
            return row_, RESOLVED
        try:  # an address that fits several communes is told apart from one that fits none
            resolve_address(value)
        except AmbiguousUnitError:
            return row_, AMBIGUOUS
        except (LookupError, ValueError):
            pass
        return row_, FAILED

    return work


def _convert_work(columns: tuple[str, ...], level: str | None) -> _Work:
    from vn_units.pandas import convert_row

    def work(value: str) -> tuple[tuple[Any, ...], str]:
        text = value.strip()
        if _is_code(text) or (level is not None and text.isdigit()):
            row = _code_row(text, level, columns)
        else:
            row = dict(zip(columns, convert_row(value), strict=True))
        if row.get("error") is not None:
            return tuple(row.values()), FAILED
        return tuple(row.values()), AMBIGUOUS if row.get("is_ambiguous") else RESOLVED

    return work


def _code_row(code: str, level: str | None, columns: tuple[str, ...]) -> dict[str, Any]:
    """A legacy code in a column of ``convert --column``, as a row of ``columns``."""
    from vn_units.lineage import convert
    from vn_units.models import Province

    row: dict[str, Any] = dict.fromkeys(columns)
    row["is_ambiguous"] = False
    row["candidate_codes"] = ""
    try:
        result = convert(code, level=level)
    except (LookupError, ValueError) as exc:
        row["error"] = str(exc)
        return row
    candidates = result.candidates
    provinces = {c if isinstance(c, Province) else c.province for c in candidates}
    if len(provinces) == 1:
        province = next(iter(provinces))
        row["province_code"], row["province_full_name"] = province.code, province.full_name
    if len(candidates) == 1:
        one = candidates[0]
        if isinstance(one, Province):
            row["address"] = one.full_name
        else:
            row["commune_code"], row["commune_full_name"] = one.code, one.full_name
            row["address"] = f"{one.full_name}, {one.province.full_name}"
    row["is_ambiguous"] = result.is_ambiguous
    row["candidate_codes"] = ",".join(c.code for c in candidates)
    row["source_era"] = "legacy"
    row["confidence"] = 1.0  # a code is exact
    row["warning_codes"] = row["warnings"] = ""
    if not candidates:  # pragma: no cover - every legacy unit has a successor
        row["error"] = f"{result.source.describe()} has no current unit"
    unknown = set(row) - set(columns)
    assert not unknown, f"not output columns: {unknown}"  # kept in step with CONVERT_COLUMNS
    return row


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


_BOMS = ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _text_reader(binary: io.BufferedReader, encoding: str | None) -> io.TextIOWrapper:
    """Decode ``binary``: ``encoding``, or UTF-8 (a BOM is fine) unless a UTF-16 BOM says
    otherwise."""
    if encoding is None:
        start = binary.peek(2)[:2]
        encoding = next((enc for bom, enc in _BOMS if start == bom), "utf-8-sig")
    return io.TextIOWrapper(binary, encoding=encoding, newline="")


def _open_input(path: str, encoding: str | None) -> tuple[IO[str], _CountingReader | None, int]:
    if path == "-":
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is None:  # already text (tests, embedding)
            return sys.stdin, None, 0
        if not isinstance(buffer, io.BufferedReader):
            buffer = io.BufferedReader(buffer)
        return _text_reader(buffer, encoding), None, 0
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed by the caller
        size = os.fstat(raw.fileno()).st_size
    except OSError as exc:
        raise _Usage(f"cannot read {path}: {exc.strerror or exc}") from None
    counter = _CountingReader(raw)
    return _text_reader(io.BufferedReader(counter), encoding), counter, size


_DELIMITERS = {",": ",", ";": ";", "\\t": "\t", "\t": "\t", "tab": "\t", "|": "|"}


def _delimiter(option: str | None, first_line: str) -> str:
    """The delimiter: ``--delimiter``, else the one of ``, ; tab |`` the header line has most
    of (outside quotes), else a comma."""
    if option is not None:
        return _DELIMITERS[option]
    counts = dict.fromkeys((",", ";", "\t", "|"), 0)
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _same_file(a: int | str, b: int | str) -> bool:
    """Whether two paths or open file descriptors are one file (links included)."""
    try:
        sa = os.fstat(a) if isinstance(a, int) else os.stat(a)
        sb = os.fstat(b) if isinstance(b, int) else os.stat(b)
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(sa.st_mode) and os.path.samestat(sa, sb)


def _fileno(stream: Any) -> int | None:
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None
    return fd if isinstance(fd, int) else None


def _refuse_same_file(args: argparse.Namespace, out: IO[str]) -> None:
    """An output that is the input would destroy it, or be read back forever."""
    source: int | str | None = args.input
    if args.input == "-":
        source = _fileno(sys.stdin)
    target: int | str | None = args.output
    if not args.output or args.output == "-":
        target = _fileno(out)
    if source is not None and target is not None and _same_file(source, target):
        raise _Usage(
            f"the output would overwrite the input ({_name(args.input)}): write to another "
            "file (-o NEW.csv), then rename it if you wish"
        )


class _Output:
    """Where a command writes: standard output, or ``-o FILE`` written to a temporary file in
    the same folder and renamed over ``FILE`` only when the command succeeds, so a failure
    part-way leaves what was there before."""

    def __init__(self, path: str | None, out: IO[str]) -> None:
        self.path = path if path and path != "-" else None
        self._out = out
        self._temp: str | None = None
        self._final = ""

    def __enter__(self) -> IO[str]:
        if self.path is None:
            return self._out
        final = os.path.realpath(self.path)  # through a symbolic link: replace its target
        try:
            mode = os.stat(final).st_mode
        except FileNotFoundError:
            mode = None
        except OSError as exc:
            raise _Usage(f"cannot write {self.path}: {exc.strerror or exc}") from None
        if mode is not None and not stat.S_ISREG(mode):  # a device or a pipe: write to it
            try:
                self._stream: IO[str] = open(final, "w", encoding="utf-8", newline="")
            except OSError as exc:
                raise _Usage(f"cannot write {self.path}: {exc.strerror or exc}") from None
            return self._stream
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        self._final = final
        try:  # an interrupt at any point from here on finds the temporary file by its name
            while True:
                self._temp = os.path.join(
                    os.path.dirname(final),
                    f".{os.path.basename(final)}.{secrets.token_hex(4)}.tmp",
                )
                try:
                    fd = os.open(self._temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                    break
                except FileExistsError:
                    continue
            os.chmod(fd, stat.S_IMODE(mode))
            self._stream = open(fd, "w", encoding="utf-8", newline="")
        except BaseException as exc:
            self._discard()
            if isinstance(exc, OSError):
                raise _Usage(f"cannot write {self.path}: {exc.strerror or exc}") from None
            raise
        return self._stream

    def _discard(self) -> None:
        temp, self._temp = self._temp, None
        if temp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        if self.path is None:
            return
        try:
            self._stream.close()
            if self._temp is not None and kind is None:
                os.replace(self._temp, self._final)
                self._temp = None
        finally:
            self._discard()


def _batch(
    args: argparse.Namespace, columns: tuple[str, ...], work: _Work, out: IO[str]
) -> int:
    if args.json:
        raise _Usage(
            "--json is for one text; with --column the output is CSV (drop --json, or use "
            "vn_units.pandas for other formats)"
        )
    if args.prefix is None:
        args.prefix = _DEFAULT_PREFIX[args.command]
    if args.encoding is not None:
        try:
            codecs.lookup(args.encoding)
        except LookupError:
            raise _Usage(
                f"unknown --encoding {args.encoding!r} (e.g. utf-8, cp1258, utf-16)"
            ) from None
    _refuse_same_file(args, out)
    source, counter, size = _open_input(args.input, args.encoding)
    encoding = args.encoding or "UTF-8"
    hint = "" if args.encoding else " (another encoding? say which with --encoding, e.g. cp1258)"
    written = "" if not args.output or args.output == "-" else f"; {args.output} was not written"
    counts = dict.fromkeys((RESOLVED, AMBIGUOUS, FAILED), 0)
    rows = 0
    try:
        try:
            first = source.readline()
        except UnicodeDecodeError as exc:
            raise _Usage(f"cannot read {_name(args.input)} as {encoding}{hint}: {exc}") from None
        if not first.strip():
            raise _Usage(f"{_name(args.input)} is empty: expected a header row")
        delimiter = _delimiter(args.delimiter, first)
        reader = csv.reader(itertools.chain([first], source), delimiter=delimiter, strict=True)
        try:
            header = next(reader)
        except csv.Error as exc:
            raise _Usage(f"cannot read the header of {_name(args.input)}: {exc}") from None
        names = [unicodedata.normalize("NFC", h) for h in header]  # cp1258 decomposes tones
        column = unicodedata.normalize("NFC", args.column)
        if column not in names:
            raise _Usage(
                f"{_name(args.input)} has no column {args.column!r}; its columns are: "
                + ", ".join(repr(h) for h in names)
                + (" (another delimiter? add --delimiter)" if len(header) == 1 else "")
            )
        clash = [c for c in columns if args.prefix + c in names]
        if clash:
            raise _Usage(
                f"{_name(args.input)} already has the output column(s) "
                + ", ".join(repr(args.prefix + c) for c in clash)
                + ": choose another --prefix"
            )
        index = names.index(column)
        show = args.progress if args.progress is not None else (
            counter is not None and sys.stderr.isatty()
        )
        progress = _Progress(size, counter, sys.stderr) if show and counter else None
        cache: dict[str, tuple[tuple[Any, ...], str]] = {}
        with _Output(args.output, out) as target:
            writer = csv.writer(target, delimiter=delimiter, lineterminator="\n")
            writer.writerow([*header, *(args.prefix + c for c in columns)])
            line = reader.line_num + 1  # where the row being read starts
            try:
                for row in reader:
                    if len(row) != len(header):
                        if not row:  # a blank line, skipped as csv.DictReader and pandas do
                            line = reader.line_num + 1
                            continue
                        raise _Usage(
                            f"{_name(args.input)}, line {line}: {len(row)} fields "
                            f"where the header has {len(header)} (a missing or extra "
                            f"delimiter or quote?){written}"
                        )
                    value = unicodedata.normalize("NFC", row[index])
                    found = cache.get(value)
                    if found is None:
                        found = work(value)
                        if len(cache) < 200_000:
                            cache[value] = found
                    result, status = found
                    writer.writerow([*row, *("" if v is None else _cell(v) for v in result)])
                    rows += 1
                    counts[status] += 1
                    if progress is not None:
                        progress.update(rows)
                    line = reader.line_num + 1
            except UnicodeDecodeError as exc:
                raise _Usage(
                    f"cannot read {_name(args.input)} as {encoding} (after {rows:,} rows)"
                    f"{hint}: {exc}{written}"
                ) from None
            except csv.Error as exc:
                why = str(exc)
                if why == "unexpected end of data":
                    why = "a quote opened in this row is never closed"
                raise _Usage(
                    f"cannot read {_name(args.input)}, line {line}: {why}{written}"
                ) from None
        if progress is not None:
            progress.update(rows, final=True)
    finally:
        if args.input != "-":
            source.close()
        elif isinstance(source, io.TextIOWrapper) and source is not sys.stdin:
            source.detach()  # leave the process's standard input open
    if not args.quiet:
        print(
            f"vn-units: {rows:,} rows: {counts[RESOLVED]:,} resolved, {counts[AMBIGUOUS]:,} "
            f"ambiguous (several candidates), {counts[FAILED]:,} not resolved",
            file=sys.stderr,
        )
    if rows and counts[FAILED] == rows:
        print(
            f"vn-units: no row of column {args.column!r} resolved: is it a column of "
            "addresses" + (" or of legacy codes?" if args.command == "convert" else "?"),
            file=sys.stderr,
        )
        return EXIT_FAILED
    return EXIT_FAILED if counts[FAILED] and args.strict else EXIT_OK


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
    with _Output(args.output, out) as target:
        if args.format == "csv":
            writer = csv.writer(target, lineterminator="\n")
            writer.writerow(columns)
            for row in it:
                writer.writerow(["" if v is None else v for v in row])
        else:
            records = [dict(zip(columns, row, strict=True)) for row in it]
            json.dump(records, target, ensure_ascii=False, indent=1)
            target.write("\n")
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


_DEFAULT_PREFIX = {"parse": "parsed_", "convert": "current_"}


def _add_batch_options(p: argparse.ArgumentParser, command: str) -> None:
    p.add_argument(
        "--column", metavar="NAME",
        help="INPUT is a CSV file (or - for standard input); work on this column",
    )
    p.add_argument(
        "-o", "--output", metavar="FILE",
        help="write the CSV here (default: stdout); written in full or not at all, never "
        "the input file",
    )
    p.add_argument(
        "--prefix", default=None,
        help=f"prefix of the appended column names (default: {_DEFAULT_PREFIX[command]})",
    )
    p.add_argument(
        "--encoding", default=None,
        help="of the CSV file (default: UTF-8, with or without a BOM, or UTF-16 with a BOM); "
        "e.g. cp1258, utf-16. The output is UTF-8",
    )
    p.add_argument(
        "--delimiter", choices=list(_DELIMITERS), default=None, metavar="{',',';',tab,|}",
        help="of the CSV file (default: the one of , ; tab | its header line has most of)",
    )
    p.add_argument(
        "--progress", action=argparse.BooleanOptionalAction, default=None,
        help="progress bar on stderr (default: when reading a file from a terminal)",
    )
    p.add_argument("--strict", action="store_true", help="exit 1 if any row was not resolved")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line on stderr")
    p.add_argument("--json", action="store_true", help="print JSON (one text only)")


class _Version(argparse.Action):
    """``--version``: the library's version and the bundled data's (read only when asked)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.update(nargs=0, default=argparse.SUPPRESS)
        super().__init__(option_strings, argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> None:
        from vn_units._info import data_info
        from vn_units._version import __version__

        print(f"vn-units {__version__} (data {data_info()['data_version']})")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``vn-units``."""
    from vn_units.pandas import TABLES

    parser = argparse.ArgumentParser(
        prog="vn-units",
        description="Vietnam's administrative units (current and legacy) from bundled data.",
    )
    parser.add_argument(
        "--version", action=_Version, help="print the library and data versions and exit"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("lookup", help="look a unit up by code or name")
    p.add_argument(
        "query",
        help='a code (79, 00004), a name (Bến Thành), or a name and its parent(s), '
        'comma-separated ("Tân Phú, Hồ Chí Minh")',
    )
    p.add_argument(
        "--within", metavar="PARENT",
        help="look the name up inside this province or (--legacy) district: a code or a name",
    )
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
    _add_batch_options(p, "parse")
    p.set_defaults(func=_cmd_parse)

    p = sub.add_parser(
        "convert", help="convert a legacy code or address (or a CSV column) to the current units"
    )
    p.add_argument(
        "input", metavar="INPUT",
        help="a legacy code (2, 3 or 5 digits), a legacy address, or a CSV file with --column "
        "(its column may hold addresses or legacy codes)",
    )
    p.add_argument(
        "--level", choices=["province", "district", "commune"],
        help="of a code (and of the codes of a --column), when its width does not say",
    )
    _add_batch_options(p, "convert")
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
    except BrokenPipeError:  # `vn-units export communes | head`: the reader has had enough
        fd = _fileno(sys.stdout)
        if fd is not None:  # no second error when Python flushes standard output at exit
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, fd)
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        print("vn-units: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return status
