"""vn_units against itself: the cold-start cases and the memory row of ``run.py`` for the
working tree's ``src/`` and a git revision's, side by side in one run, interleaved.

    python benchmarks/revisions.py --base main                 # every cold case and memory
    python benchmarks/revisions.py --base HEAD~1 --cases lookup convert_code --rounds 9
    python benchmarks/revisions.py --base main --cases --memory-rounds 0 --batch-rounds 5

Each variant runs as ``python -c`` with ``PYTHONPATH`` set to its ``src/`` (the revision's is
exported with ``git archive`` to a temporary folder and compiled to bytecode, as the working
tree is, so that neither pays for compiling). Measured as ``run.py`` measures: CPU time of the
child net of a bare ``python -c pass`` (median, and min), peak RSS over a bare interpreter and
one full ``gc.collect()`` afterwards, plus the objects the collector tracks or froze. With
``--batch-rounds``, also ``run.py``'s batch row (the first 1,000 addresses of a fresh process,
after its six warm-up ones: addresses a second of CPU time) and the CPU time of that whole
process (import, warm-up and batch: what a script reading those addresses pays), median.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run

ROOT = Path(__file__).resolve().parent.parent
_COUNT = "\nimport gc\nprint(gc.get_freeze_count() + len(gc.get_objects()))\n"


def _child(code: str, path: str, env: dict[str, str] | None = None) -> tuple[float, str]:
    environ = dict(os.environ, PYTHONPATH=path, **(env or {}))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tempfile.gettempdir(), env=environ)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise RuntimeError(proc.stderr.strip()[-800:])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu * 1000.0, proc.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="HEAD", help="git revision to compare with")
    parser.add_argument("--cases", nargs="*", default=[c for c in run.COLD if c != "pydantic"],
                        help=f"cold cases of run.py ({', '.join(run.COLD)})")
    parser.add_argument("--rounds", type=int, default=9, help="cold-start rounds (median)")
    parser.add_argument("--memory-rounds", type=int, default=5, help="0: no memory row")
    parser.add_argument("--batch-rounds", type=int, default=0,
                        help="rounds of run.py's batch row (0: none)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.base, "src"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        variants = {args.base: str(Path(tmp) / "src"), "working tree": str(ROOT / "src")}
        for path in variants.values():
            compileall.compile_dir(path, quiet=1)
        width = max(map(len, variants))
        todo = [(case, name) for case in args.cases for name in variants]
        for case, name in todo:  # warm-up: the OS page cache
            _child(run.COLD[case][2]["vn_units"], variants[name])
        bare: list[float] = []
        samples: dict[tuple[str, str], list[float]] = {key: [] for key in todo}
        for _ in range(args.rounds if todo else 0):
            bare.append(_child("pass", "")[0])
            for case, name in todo:
                samples[case, name].append(_child(run.COLD[case][2]["vn_units"],
                                                  variants[name])[0])
        if bare:
            print(f"bare interpreter: {statistics.median(bare):.1f} ms CPU (median of "
                  f"{args.rounds})")
        for (case, name), values in samples.items():
            print(f"{run.COLD[case][0]:48s} {name:{width}s} "
                  f"{statistics.median(values) - statistics.median(bare):7.1f} ms "
                  f"(min {min(values) - min(bare):.1f})")
        if args.memory_rounds:
            _memory(variants, args.memory_rounds, width)
        if args.batch_rounds:
            _batch(variants, args.batch_rounds, width)


def _memory(variants: dict[str, str], rounds: int, width: int) -> None:
    for label, env in (("", {}), (", VN_UNITS_GC_FREEZE=0", {"VN_UNITS_GC_FREEZE": "0"})):
        bare: list[float] = []
        rows: dict[str, list[list[float]]] = {name: [] for name in variants}
        for _ in range(rounds):
            bare.append(json.loads(_child(run._MEASURE, "")[1].splitlines()[-1])[0])
            for name, path in variants.items():
                code = run.MEMORY["vn_units"] + _COUNT + run._MEASURE
                out = _child(code, path, env)[1].splitlines()
                rows[name].append([*json.loads(out[-1]), float(out[-2])])
        for name, values in rows.items():
            rss = statistics.median(v[0] for v in values) - statistics.median(bare)
            pause = statistics.median(v[1] for v in values)
            objects = statistics.median(v[2] for v in values)
            print(f"everything loaded{label}: {name:{width}s} peak RSS +{rss:.1f} MiB, "
                  f"gc.collect() {pause:.2f} ms, {objects:,.0f} objects tracked or frozen")


def _batch(variants: dict[str, str], rounds: int, width: int) -> None:
    """``run.py``'s batch row for each variant, interleaved: its worker in a fresh interpreter
    with the variant's ``src/`` first on the path, the same 1,000 addresses as ``run.py``."""
    inputs = run.build_inputs(False)
    batch = random.Random(1000).sample(inputs["addresses"], min(1000, len(inputs["addresses"])))
    rates: dict[str, list[float]] = {name: [] for name in variants}
    whole: dict[str, list[float]] = {name: [] for name in variants}
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as f:
        json.dump(batch, f, ensure_ascii=False)
        f.flush()
        code = (f"import sys; sys.argv = ['run.py', '--worker', 'batch', 'vn_units', '--arg', "
                f"{f.name!r}]; sys.path.insert(0, {str(run.HERE.parent)!r}); import run; "
                "run.main()")
        for _ in range(rounds):
            for name, path in variants.items():
                cpu, out = _child(code, path)
                rates[name].append(float(out.strip().splitlines()[-1]))
                whole[name].append(cpu)
    for name in variants:
        print(f"first {len(batch):,} addresses of a fresh process: {name:{width}s} "
              f"{statistics.median(rates[name]):7,.0f} addr/s (max "
              f"{max(rates[name]):,.0f}); the whole process {statistics.median(whole[name]):,.0f}"
              f" ms CPU (min {min(whole[name]):,.0f})")


if __name__ == "__main__":
    main()
