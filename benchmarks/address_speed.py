"""Address parsing and conversion throughput on one core, vn_units vs vietnamadminunits 1.0.4.

    python benchmarks/address_speed.py [--repeat 5] [--theirs 300] [--theirs-batch 5000]
                                       [--by-style]

Two workloads:

* corpus: the addresses of the labelled corpus (``tests/corpus/*.jsonl``), all distinct, most
  with a different commune. The address cache is cleared before every pass, so every address is
  parsed afresh (only the per-word and index caches stay warm). This is the worst case.
* batch: 100,000 delivery-like addresses: a distinct house number and street in front of a
  corpus address (so the administrative part repeats about 38 times, as in a shop's order
  table), parsed once from cleared caches.

The first corpus pass in a fresh process (cold: indexes built, word cache empty) is reported
separately.
vietnamadminunits parses (``mode="LEGACY"``, ``level=3``) and converts
(``convert_address``) the first ``--theirs`` legacy addresses once (it is slow), each after one
call that loads its data; then both libraries parse and convert the first ``--theirs-batch``
addresses of the legacy batch (default 5,000: past the 1,581st the administrative parts
repeat), vn_units from cleared caches, for a side-by-side figure on that workload.
``--by-style`` adds the mean time per address of each corpus style, in the fastest of
``--repeat`` passes (caches cleared before each), to show where the time of the corpus
workload goes.

Times are CPU time of this process (``time.process_time``), not wall time: on a machine that
other jobs share, wall time counts their turns too. The load average is printed before and
after: above the number of CPUs, even CPU time grows (caches and cores are shared).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import time
import warnings
from collections import Counter
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

clock = time.process_time  # CPU time of this process (see the module docstring)


def load() -> list[dict[str, str]]:
    rows = []
    for name in ("generated.jsonl", "handwritten.jsonl"):
        path = ROOT / "tests" / "corpus" / name
        if path.exists():
            rows += [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]
    return rows


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:>10,.0f}/s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--theirs", type=int, default=300)
    parser.add_argument("--batch", type=int, default=100_000)
    parser.add_argument("--theirs-batch", type=int, default=5_000)
    parser.add_argument("--by-style", action="store_true")
    args = parser.parse_args()
    print(
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"pydantic {version('pydantic')}, rapidfuzz {version('rapidfuzz')}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}"
    )
    from vn_units.address import _decode

    compiled = _decode.__file__.endswith((".so", ".pyd"))
    kind = "compiled with mypyc" if compiled else "plain Python (an editable install?)"
    print(f"vn_units address reader: {kind}: {Path(_decode.__file__).name}")
    rows = load()
    texts = [r["text"] for r in rows]
    legacy_texts = [r["text"] for r in rows if r.get("era") == "legacy"]

    from vn_units import address

    t0 = clock()
    for t in texts:
        address.parse_address(t)
    cold = clock() - t0
    print(f"{len(texts)} distinct addresses, {len(legacy_texts)} of them legacy")
    print(f"vn_units parse_address, first pass (cold)     {rate(len(texts), cold)}")

    def best_of(work: Callable[[str], object], inputs: list[str]) -> float:
        """The fastest of ``--repeat`` passes, each from cleared caches."""
        best = float("inf")
        for _ in range(args.repeat):
            address._clear_caches()
            t0 = clock()
            for t in inputs:
                work(t)
            best = min(best, clock() - t0)
        return best

    best = best_of(address.parse_address, texts)
    print(f"vn_units parse_address (era='auto'), best of {args.repeat} {rate(len(texts), best)}")
    best = best_of(lambda t: address.parse_address(t, era="legacy"), legacy_texts)
    print(f"vn_units parse_address (era='legacy')         {rate(len(legacy_texts), best)}")
    best = best_of(address.convert_address, legacy_texts)
    print(f"vn_units convert_address (legacy inputs)      {rate(len(legacy_texts), best)}")

    import random

    rng = random.Random(7)
    streets = ["Lê Lợi", "Nguyễn Trãi", "Trần Phú", "Hai Bà Trưng", "Quang Trung", "Lý Thái Tổ"]
    batch = [
        f"{i} {rng.choice(streets)}, {texts[i % len(texts)]}" for i in range(args.batch)
    ]
    address._clear_caches()
    t0 = clock()
    for t in batch:
        address.parse_address(t)
    spent = clock() - t0
    print(f"vn_units parse_address, batch of {len(batch):,}       {rate(len(batch), spent)}")
    legacy_batch = [
        f"{i} {rng.choice(streets)}, {legacy_texts[i % len(legacy_texts)]}"
        for i in range(args.batch)
    ]
    address._clear_caches()
    t0 = clock()
    for t in legacy_batch:
        address.convert_address(t)
    spent = clock() - t0
    print(f"vn_units convert_address, legacy batch        {rate(len(legacy_batch), spent)}")

    if args.by_style:
        # per style, the pass in which its addresses took least time (a pause of the garbage
        # collector, or a cache refilled, lands in one style of one pass: not in the minimum)
        best_by: dict[str, float] = {}
        styles = [f"{r['era']}-{r.get('style', 'handwritten')}" for r in rows]
        count = Counter(styles)
        for _ in range(args.repeat):
            address._clear_caches()
            spent_by: dict[str, float] = {}
            for r, kind in zip(rows, styles, strict=True):
                t0 = clock()
                address.parse_address(r["text"])
                spent_by[kind] = spent_by.get(kind, 0.0) + clock() - t0
            for kind, spent in spent_by.items():
                best_by[kind] = min(spent, best_by.get(kind, spent))
        total = sum(best_by.values())
        print(
            f"per style (era='auto'): mean time per address in the fastest of {args.repeat}"
            " passes, share of the corpus time"
        )
        for kind, spent in sorted(best_by.items(), key=lambda x: -x[1]):
            print(f"  {kind:38s} {spent / count[kind] * 1e6:7.1f} µs {spent / total:6.1%}")

    if args.theirs:
        try:
            from vietnamadminunits import convert_address, parse_address
        except ImportError:
            print("vietnamadminunits not installed: pip install vietnamadminunits==1.0.4")
            print(f"load average after: {os.getloadavg()[0]:.2f}")
            return 0
        warnings.simplefilter("ignore")

        def theirs(work: Callable[[str], object], inputs: list[str]) -> float:
            """Seconds for one pass of vietnamadminunits (its errors ignored)."""
            t0 = clock()
            for t in inputs:
                with contextlib.suppress(Exception):
                    work(t)
            return clock() - t0

        def legacy_parse(t: str) -> object:
            return parse_address(t, mode="LEGACY", level=3)

        sample = legacy_texts[: args.theirs]
        legacy_parse(sample[0])  # load its data first
        spent = theirs(legacy_parse, sample)
        print(f"vietnamadminunits parse_address (LEGACY)     {rate(len(sample), spent)}")
        with contextlib.suppress(Exception):
            convert_address(sample[0])  # load its conversion data first
        spent = theirs(convert_address, sample)
        print(f"vietnamadminunits convert_address            {rate(len(sample), spent)}")
        # the batch workload, on its first --theirs-batch addresses (the same for both
        # libraries; past the 1,581st the administrative parts start to repeat)
        head = legacy_batch[: args.theirs_batch]
        for label, work in (("parse_address", legacy_parse), ("convert_address", convert_address)):
            spent = theirs(work, head)
            print(f"vietnamadminunits {label}, legacy batch {rate(len(head), spent)}")
        for label, mine in (
            ("parse_address", address.parse_address), ("convert_address", address.convert_address)
        ):
            address._clear_caches()
            t0 = clock()
            for t in head:
                mine(t)
            spent = clock() - t0
            print(f"vn_units {label}, the same {len(head)}      {rate(len(head), spent)}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
