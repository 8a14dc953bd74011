"""vn_units.pandas column functions against a per-row ``Series.apply`` of the same work.

    python benchmarks/pandas_bench.py                       # 1,000,000 rows, 10% distinct
    python benchmarks/pandas_bench.py --rows 20000 --only parse_addresses convert_addresses

Each case builds a column of ``--rows`` values drawn from ``rows * --distinct`` distinct values
(shuffled, so repeats are spread out as in a real table), then times

* ``vn_units.pandas.<function>(column)``: factorize, work once per distinct value, take back;
* the baseline: ``column.apply(<same per-value work>)`` and a DataFrame built from the results,
  i.e. the same output columns computed once per row.

Both produce the same frame (checked). The target is a speed-up of at least 5x. The address
functions keep their own cache of recent addresses, so with fewer distinct values than that
cache holds the per-row baseline gets cheaper and the ratio smaller: keep ``--rows`` at the
default to measure the target case.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

import vn_units
from vn_units import pandas as vnp
from vn_units.text import normalize


def _values(kind: str, distinct: int, rng: random.Random) -> list[Any]:
    if kind == "names":
        base = sorted({u.full_name for u in vn_units.legacy.communes} | {
            u.full_name for u in vn_units.communes
        })
        variants: list[Callable[[str], str]] = [str, str.upper, str.lower, lambda t: f" {t} "]
        names = []
        for k in range(distinct):
            suffix = "" if k < 4 * len(base) else f" {k}"
            names.append(variants[(k // len(base)) % 4](base[k % len(base)]) + suffix)
        return names
    if kind == "codes":
        codes = [u.code for u in vn_units.legacy.communes]
        return rng.sample(codes, min(distinct, len(codes)))
    communes = list(vn_units.legacy.communes)
    streets = ["Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hai Bà Trưng", "Lý Thường Kiệt"]
    out_list = []
    for i in range(distinct):
        c = rng.choice(communes)
        out_list.append(
            f"{i + 1} {rng.choice(streets)}, {c.full_name}, {c.district.full_name}, "
            f"{c.province.full_name}"
        )
    return out_list


def _column(kind: str, rows: int, ratio: float, seed: int) -> pd.Series:
    rng = random.Random(seed)
    distinct = max(1, int(rows * ratio))
    uniques = _values(kind, distinct, rng)
    picks = uniques * (rows // len(uniques)) + rng.sample(uniques, rows % len(uniques))
    rng.shuffle(picks)
    series: pd.Series = pd.Series(picks, name=kind)
    return series


def _per_row(work: Callable[[Any], tuple[Any, ...]], columns: Mapping[str, str]) -> Callable[
    [pd.Series], pd.DataFrame
]:
    def run(s: pd.Series) -> pd.DataFrame:
        results = s.apply(work)
        frame = pd.DataFrame(results.tolist(), columns=list(columns), index=s.index)
        typed: pd.DataFrame = frame.astype(dict(columns))
        return typed

    return run


def _convert_code(value: Any) -> tuple[Any, ...]:
    result = vn_units.convert(vn_units.legacy.communes[value])
    one = None if result.is_ambiguous else result.candidates[0]
    return (
        None if one is None else one.code,
        None if one is None else one.full_name,
        result.province.code,
        result.is_ambiguous,
        ",".join(c.code for c in result.candidates),
    )


CASES: dict[str, tuple[str, Callable[[pd.Series], Any], Callable[[pd.Series], Any]]] = {
    "normalize_names": (
        "names",
        vnp.normalize_names,
        lambda s: s.apply(normalize).astype("string"),
    ),
    "convert_codes": (
        "codes",
        vnp.convert_codes,
        _per_row(_convert_code, vnp._CONVERT_CODE_COLUMNS),
    ),
    "parse_addresses": (
        "addresses",
        vnp.parse_addresses,
        _per_row(vnp.parse_row, vnp.PARSE_COLUMNS),
    ),
    "convert_addresses": (
        "addresses",
        lambda s: vnp.convert_addresses(s, prefix=""),
        _per_row(vnp.convert_row, vnp.CONVERT_COLUMNS),
    ),
}


def _clear_caches() -> None:
    # parse_address keeps an LRU cache of recent texts; start both runs cold and equal (this
    # looked for a cache_clear on address._parse, which has none: nothing was cleared).
    from vn_units import address

    address._clear_caches()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--distinct", type=float, default=0.10, help="share of distinct values")
    parser.add_argument("--only", nargs="*", choices=list(CASES), default=None)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    versions = f"pandas {pd.__version__}, vn_units {vn_units.__version__}"
    print(f"python {sys.version.split()[0]}, {versions}")
    print(f"{args.rows:,} rows, {args.distinct:.0%} distinct\n")
    print(f"{'function':<20} {'vectorized s':>12} {'per-row apply s':>16} {'speed-up':>9}")
    ok = True
    for name in args.only or list(CASES):
        kind, fast, slow = CASES[name]
        column = _column(kind, args.rows, args.distinct, args.seed)
        print(f"{name}: {column.nunique():,} distinct values", file=sys.stderr)
        fast(column.head(50))  # load the tables and indexes outside the timings
        _clear_caches()
        t0 = time.perf_counter()
        got = fast(column)
        t_fast = time.perf_counter() - t0
        _clear_caches()
        t0 = time.perf_counter()
        want = slow(column)
        t_slow = time.perf_counter() - t0
        if isinstance(got, pd.Series):
            pd.testing.assert_series_equal(got, want, check_names=False)
        else:
            pd.testing.assert_frame_equal(got, want)
        speedup = t_slow / t_fast
        ok &= speedup >= 5
        print(f"{name:<20} {t_fast:>12.2f} {t_slow:>16.2f} {speedup:>8.1f}x")
    print("\ntarget: at least 5x faster than a per-row apply:", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
