"""Geography: load time, single and vectorised ``locate``, against the issue's targets.

    python benchmarks/geo_speed.py            # about half a minute
    python benchmarks/geo_speed.py --json out.json

Each cold figure runs in a fresh interpreter (``--worker``), so nothing is cached:

- **load**: ``vn_units.geo._load()`` (read, decompress and decode every boundary), after
  ``import vn_units.geo``; target ≤ 300 ms.
- **index**: the first ``locate`` after loading (builds the grid index over the segments).
- **single warm call**: ``locate(lat, lon)`` on 2,000 random points inside Viet Nam, after a
  warm-up, per call; target ≤ 20 µs.
- **vectorised**: ``locate_many`` on 100,000 random points in Viet Nam's bounding box, after a
  warm-up; target ≥ 200,000 points/s (needs numpy: the ``geo`` extra).

Medians of ``--repeat`` fresh interpreters (default 5). The points are drawn with a fixed seed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

TARGETS = {"load_ms": 300.0, "single_us": 20.0, "points_per_s": 200_000.0}


def worker() -> None:
    import random

    t0 = time.perf_counter()
    import vn_units.geo as geo

    t1 = time.perf_counter()
    geo._load()
    t2 = time.perf_counter()
    geo.locate(21.0285, 105.8542)
    t3 = time.perf_counter()
    rng = random.Random(2025)
    inside: list[tuple[float, float]] = []
    while len(inside) < 2000:
        lat, lon = rng.uniform(8.5, 23.4), rng.uniform(102.1, 109.5)
        if geo.locate(lat, lon) is not None:
            inside.append((lat, lon))
    for lat, lon in inside:  # warm: every record created once
        geo.locate(lat, lon)
    locate = geo.locate
    best = float("inf")
    for _ in range(5):
        s = time.perf_counter()
        for lat, lon in inside:
            locate(lat, lon)
        best = min(best, (time.perf_counter() - s) / len(inside))
    lats = [rng.uniform(8.5, 23.4) for _ in range(100_000)]
    lons = [rng.uniform(102.1, 109.5) for _ in range(100_000)]
    geo.locate_many(lats[:1000], lons[:1000])
    s = time.perf_counter()
    geo.locate_many(lats, lons)
    vec = time.perf_counter() - s
    try:
        import numpy  # noqa: F401

        has_numpy = True
    except ImportError:
        has_numpy = False
    print(json.dumps({
        "import_ms": (t1 - t0) * 1e3, "load_ms": (t2 - t1) * 1e3, "index_ms": (t3 - t2) * 1e3,
        "single_us": best * 1e6, "points_per_s": 100_000 / vec, "numpy": has_numpy,
    }))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json")
    args = parser.parse_args()
    if args.worker:
        worker()
        return
    runs = []
    for _ in range(args.repeat):
        out = subprocess.run([sys.executable, __file__, "--worker"], capture_output=True,
                             text=True, check=True)
        runs.append(json.loads(out.stdout))
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0] if k != "numpy"}
    print(f"vn_units.geo, median of {len(runs)} fresh interpreters (numpy: {runs[0]['numpy']})")
    print("| measure | median | target |\n|---|---|---|")
    print(f"| import vn_units.geo | {med['import_ms']:.0f} ms | |")
    print(f"| load all boundaries | {med['load_ms']:.0f} ms | ≤ {TARGETS['load_ms']:.0f} ms |")
    print(f"| build the locate index (first call) | {med['index_ms']:.0f} ms | |")
    single = med["single_us"]
    print(f"| locate, one warm call | {single:.1f} µs | ≤ {TARGETS['single_us']:.0f} µs |")
    print(f"| locate_many, 100,000 points | {med['points_per_s']:,.0f} points/s "
          f"| ≥ {TARGETS['points_per_s']:,.0f} |")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"median": med, "runs": runs}, fh, indent=1)


if __name__ == "__main__":
    main()
