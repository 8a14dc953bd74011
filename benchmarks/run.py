"""Benchmarks: vn_units side by side with the peer libraries, in one run.

    python -m pip install -e ".[test]" -r benchmarks/requirements.txt
    python benchmarks/run.py                # full run (a few minutes on 2 cores)
    python benchmarks/run.py --quick        # fewer repeats, for a smoke test
    python benchmarks/run.py --json out.json

Every cold measurement (import, first lookup, legacy load, peak memory) runs in a fresh
interpreter, started by this script with ``--worker CASE LIB``; warm measurements (lookup,
conversion, normalisation, search, address parsing) run in one fresh interpreter per case and
library, after a warm-up. Medians are printed, with the speed-up of vn_units over each peer
(above 1: vn_units is faster) and the project's target.

Peers: ``vietnam-provinces`` (its latest release needs Python >= 3.12) and
``vietnamadminunits`` 1.0.4. A peer without an equivalent operation gets "n/a". The peers'
public APIs are called as their documentation shows; nothing of theirs is copied here.
vietnamadminunits geocodes some addresses over the network when converting: the worker blocks
sockets and replaces that geocoder with one that finds nothing, which is the library's own
offline fallback (the default new ward).

This file imports only the standard library at module level, so a worker's own start-up is the
same bare interpreter as the ``python -c pass`` baseline.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
LIBS = ("vn_units", "vietnam_provinces", "vietnamadminunits")
DIST = {
    "vn_units": "vn-units",
    "vietnam_provinces": "vietnam-provinces",
    "vietnamadminunits": "vietnamadminunits",
}
NA = "n/a"

# --------------------------------------------------------------------------------------------
# Workers: each runs in a fresh interpreter and prints one JSON value on its last line.
# --------------------------------------------------------------------------------------------


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000.0


def _block_network() -> None:
    """No benchmark may reach the network: refuse every socket connection."""
    import socket

    def refuse(*_: object, **__: object) -> None:
        raise OSError("network disabled by benchmarks/run.py")

    socket.socket.connect = refuse  # type: ignore[method-assign,assignment]
    socket.create_connection = refuse  # type: ignore[assignment]


def _vau_offline() -> Any:
    """Import vietnamadminunits with its geocoder answering "not found" (its offline path)."""
    _block_network()
    import vietnamadminunits
    from vietnamadminunits.converter import converter_2025

    converter_2025.get_geo_location = lambda address: None
    return vietnamadminunits


def _has_legacy() -> bool:
    from importlib.resources import files

    return files("vn_units").joinpath("_data").joinpath("legacy_communes.json").is_file()


def _has_address() -> bool:
    return importlib.util.find_spec("vn_units.address") is not None


def _timeit_us(func: Callable[[], object], *, repeat: int = 7) -> float:
    """Median microseconds per call of ``func`` over ``repeat`` timeit runs."""
    import timeit

    timer = timeit.Timer(func)
    number, _ = timer.autorange()
    number = max(number, 1)
    runs = timer.repeat(repeat=repeat, number=number)
    return statistics.median(runs) / number * 1e6


def _per_item_us(func: Callable[[Any], object], items: list[Any], *, repeat: int = 5) -> float:
    """Median (over ``repeat`` passes) of the mean microseconds per item over all ``items``."""
    passes = []
    for _ in range(repeat):
        start = time.perf_counter()
        for item in items:
            func(item)
        passes.append((time.perf_counter() - start) / len(items) * 1e6)
    return statistics.median(passes)


def _per_query_ms(func: Callable[[str], object], queries: list[str]) -> float:
    """Median milliseconds per query, each query timed on its own (after one warm-up pass)."""
    for q in queries[:20]:
        func(q)
    times = []
    for q in queries:
        start = time.perf_counter()
        func(q)
        times.append(_ms(start))
    return statistics.median(times)


# -- cold: first lookup of a current commune by code ----------------------------------------


def _pre_pydantic(pre: str) -> None:
    """What the application did with pydantic before its first vn_units lookup: nothing
    ("none"), imported it ("imported"), or defined a model ("in_use"; the first model class
    built in a process makes pydantic scan the installed packages' entry points for plugins)."""
    if pre in ("imported", "in_use"):
        import pydantic
    if pre == "in_use":

        class _AppModel(pydantic.BaseModel):
            x: int


def w_first_lookup_vn_units(pre: str) -> Any:
    _pre_pydantic(pre)
    import vn_units

    start = time.perf_counter()
    vn_units.communes["26743"]
    return _ms(start)


def w_first_lookup_vietnam_provinces(pre: str) -> Any:
    _pre_pydantic(pre)
    import vietnam_provinces
    from vietnam_provinces import WardCode

    code = WardCode(26743)
    start = time.perf_counter()
    vietnam_provinces.Ward.from_code(code)
    return _ms(start)


# -- cold: import and first lookup together, timed inside the process ----------------------


def w_import_lookup_vn_units() -> Any:
    start = time.perf_counter()
    import vn_units

    vn_units.communes["26743"]
    return _ms(start)


def w_import_lookup_vietnam_provinces() -> Any:
    start = time.perf_counter()
    import vietnam_provinces

    vietnam_provinces.Ward.from_code(vietnam_provinces.WardCode(26743))
    return _ms(start)


# -- cold: legacy data + lineage, after the current data is loaded --------------------------


def w_legacy_load_vn_units() -> Any:
    if not _has_legacy():
        return None
    import vn_units
    from vn_units import lineage

    vn_units.communes["26743"]
    start = time.perf_counter()
    legacy = vn_units.legacy
    len(legacy.provinces), len(legacy.districts), len(legacy.communes)
    lineage.edges()
    return _ms(start)


def w_legacy_load_vietnam_provinces() -> Any:
    import vietnam_provinces

    vietnam_provinces.Ward.from_code(vietnam_provinces.WardCode(26743))
    start = time.perf_counter()
    from vietnam_provinces import legacy
    from vietnam_provinces.legacy.codes import WardCode as LegacyWardCode

    legacy.Ward.from_code(LegacyWardCode(26734))  # loads the legacy lookup tables
    importlib.import_module("vietnam_provinces._ward_conversion_2025")
    importlib.import_module("vietnam_provinces._province_conversion_2025")
    return _ms(start)


# -- warm: lookup by code, conversion of one code -------------------------------------------


def w_code_lookup_vn_units() -> Any:
    import vn_units

    communes = vn_units.communes
    communes["26743"]
    return _timeit_us(lambda: communes["26743"])


def w_code_lookup_vietnam_provinces() -> Any:
    from vietnam_provinces import Ward, WardCode

    code = WardCode(26743)
    Ward.from_code(code)
    return _timeit_us(lambda: Ward.from_code(code))


def w_convert_vn_units(codes: list[str]) -> Any:
    if not _has_legacy():
        return None
    import vn_units

    convert = vn_units.convert
    for code in codes[:50]:
        convert(code)
    return _per_item_us(convert, codes)


def w_convert_vietnam_provinces(codes: list[str]) -> Any:
    from vietnam_provinces import Ward

    ints = [int(c) for c in codes]
    for code in ints[:50]:
        Ward.search_from_legacy(code=code)
    return _per_item_us(lambda c: Ward.search_from_legacy(code=c), ints)


# -- warm: normalisation throughput ---------------------------------------------------------


def _rate(func: Callable[[str], object], names: list[str], repeat: int = 5) -> float:
    for n in names[:200]:
        func(n)
    us = _per_item_us(func, names, repeat=repeat)
    return 1e6 / us


def w_normalize_vn_units(names: list[str]) -> Any:
    import vn_units

    return _rate(vn_units.normalize, names)


def w_normalize_vietnam_provinces(names: list[str]) -> Any:
    from vietnam_provinces.helpers import normalize_search_name

    return _rate(normalize_search_name, names)


def w_normalize_vietnamadminunits(names: list[str]) -> Any:
    _block_network()
    from vietnamadminunits.parser.utils import key_normalize

    return _rate(key_normalize, names)


# -- warm: name search ----------------------------------------------------------------------


def w_search_current_vn_units(queries: list[str]) -> Any:
    import vn_units

    communes = vn_units.communes
    return _per_query_ms(communes.search, queries)


def w_search_current_vietnam_provinces(queries: list[str]) -> Any:
    from vietnam_provinces import Ward

    return _per_query_ms(Ward.search, queries)


def w_search_legacy_vn_units(queries: list[str]) -> Any:
    if not _has_legacy():
        return None
    import vn_units

    communes = vn_units.legacy.communes
    return _per_query_ms(communes.search, queries)


def w_search_legacy_vietnam_provinces(queries: list[str]) -> Any:
    from vietnam_provinces.legacy import Ward

    return _per_query_ms(Ward.search, queries)


# -- address parsing and conversion: each address seen once --------------------------------

# Warm-up addresses (not in any corpus): they build the lazy indexes before the timed pass.
_WARM = [
    "12 Lê Lợi, Phường Bến Thành, Thành phố Hồ Chí Minh",
    "5 Trần Phú, Phường Ba Đình, Thành phố Hà Nội",
    "Xã Tân Thành, Tỉnh Lâm Đồng",
    "34 Nguyen Trai, P. 5, Q. 5, TP HCM",
    "Thị trấn Yên Viên, Huyện Gia Lâm, Thành phố Hà Nội",
    "Phường Trúc Bạch, Quận Ba Đình, Hà Nội",
]


def _one_pass_rate(func: Callable[[Any], object], items: list[Any]) -> float:
    """Items per second over one timed pass in which every item is new to the process.

    vn_units.address caches whole results per text, so a second pass over the same texts
    would time cache hits; the orchestrator runs this in several fresh interpreters instead.
    """
    start = time.perf_counter()
    for item in items:
        func(item)
    return len(items) / (time.perf_counter() - start)


def w_parse_vn_units(addresses: list[list[str]]) -> Any:
    if not _has_address():
        return None
    from vn_units import address

    for text in _WARM:
        address.parse_address(text)
    return _one_pass_rate(address.parse_address, [text for text, _era in addresses])


def w_parse_vietnamadminunits(addresses: list[list[str]]) -> Any:
    vau = _vau_offline()
    for text in _WARM:
        vau.parse_address(text, mode="FROM_2025")
        vau.parse_address(text, mode="LEGACY")
    # the peer must be told the era of each address; it is given the corpus label for free
    pairs = [(text, "LEGACY" if era == "legacy" else "FROM_2025") for text, era in addresses]
    return _one_pass_rate(lambda p: vau.parse_address(p[0], mode=p[1]), pairs)


def w_convert_address_vn_units(addresses: list[str]) -> Any:
    if not _has_address() or not _has_legacy():
        return None
    from vn_units import address

    if not hasattr(address, "convert_address"):
        return None
    for text in _WARM:
        address.convert_address(text)
    return _one_pass_rate(address.convert_address, addresses)


def w_convert_address_vietnamadminunits(addresses: list[str]) -> Any:
    vau = _vau_offline()
    for text in _WARM:
        vau.convert_address(text)
    return _one_pass_rate(vau.convert_address, addresses)


# -- cold: peak memory after loading everything ---------------------------------------------


def _maxrss_mib() -> float:
    """Peak resident set size of this process, MiB. On Linux from VmHWM, which starts afresh
    at exec (ru_maxrss would carry over the parent's peak into a child it forks)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def w_memory_baseline() -> Any:
    return _maxrss_mib()


def w_memory_vn_units() -> Any:
    import vn_units

    regs = [vn_units.provinces, vn_units.communes]
    if _has_legacy():
        from vn_units import lineage

        regs += [vn_units.legacy.provinces, vn_units.legacy.districts, vn_units.legacy.communes]
        lineage.edges()
    for reg in regs:
        len(reg)
        reg.search("Phu My")  # builds the name index
    if _has_address():
        from vn_units import address

        address.parse_address("12 Lê Lợi, Phường Bến Thành, Thành phố Hồ Chí Minh")
    return _maxrss_mib()


def w_memory_vietnam_provinces() -> Any:
    import vietnam_provinces
    from vietnam_provinces import legacy

    vietnam_provinces.Ward.from_code(vietnam_provinces.WardCode(26743))
    vietnam_provinces.Province.from_code(vietnam_provinces.ProvinceCode(79))
    from vietnam_provinces.legacy.codes import WardCode as LegacyWardCode

    legacy.Ward.from_code(LegacyWardCode(26734))
    legacy.District.iter_all()
    vietnam_provinces.Ward.search_from_legacy(code=26734)
    importlib.import_module("vietnam_provinces._province_conversion_2025")
    return _maxrss_mib()


def w_memory_vietnamadminunits() -> Any:
    vau = _vau_offline()
    vau.parse_address("12 Lê Lợi, Phường Bến Thành, Thành phố Hồ Chí Minh", mode="FROM_2025")
    vau.parse_address("Phường Bến Thành, Quận 1, Thành phố Hồ Chí Minh", mode="LEGACY")
    vau.convert_address("Phường Bến Thành, Quận 1, Thành phố Hồ Chí Minh")
    return _maxrss_mib()


def _worker(case: str, lib: str, arg_path: str | None) -> None:
    func = globals()[f"w_{case}_{lib}" if lib != "-" else f"w_{case}"]
    args: list[Any] = []
    if arg_path:
        args.append(json.loads(Path(arg_path).read_text(encoding="utf-8")))
    result = func(*args)
    print(json.dumps(result))


# --------------------------------------------------------------------------------------------
# Inputs: names, query mix, codes and addresses, built once from vn_units' data (seeded).
# --------------------------------------------------------------------------------------------


def _typo(rng: random.Random, text: str) -> str:
    """One keyboard-style slip: a dropped, doubled or swapped letter."""
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < 4:
        return text
    i = rng.choice(letters[1:-1])
    kind = rng.choice(("drop", "double", "swap"))
    if kind == "drop":
        return text[:i] + text[i + 1 :]
    if kind == "double":
        return text[:i] + text[i] + text[i:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


_SHORT = {"phường": "P.", "xã": "X.", "thị trấn": "TT.", "quận": "Q.", "huyện": "H.",
          "thị xã": "TX.", "thành phố": "TP.", "tỉnh": "T."}


def _query_mix(rng: random.Random, units: list[Any], n: int) -> list[str]:
    """A realistic mix: 30 % exact names, 20 % ASCII lower-case, 20 % one typo,
    15 % with the type word (full or abbreviated), 15 % the first word(s) only."""
    from vn_units.text import ascii_fold

    out: list[str] = []
    for unit in rng.sample(units, n):
        r = rng.random()
        name = unit.name
        if r < 0.30:
            q = name
        elif r < 0.50:
            q = ascii_fold(name).lower()
        elif r < 0.70:
            q = _typo(rng, ascii_fold(name).lower() if rng.random() < 0.5 else name)
        elif r < 0.85:
            word = unit.full_name[: -len(name)].strip()
            q = f"{_SHORT.get(word.lower(), word)} {name}" if rng.random() < 0.5 else unit.full_name
        else:
            words = name.split()
            q = " ".join(words[: max(1, len(words) - 1)])
        out.append(q)
    return out


_STREETS = ["Lê Lợi", "Trần Hưng Đạo", "Nguyễn Huệ", "Hai Bà Trưng", "Lý Thường Kiệt",
            "Quang Trung", "Điện Biên Phủ", "Hùng Vương", "Ngô Quyền", "Phan Chu Trinh"]


def _styled(rng: random.Random, parts: list[str]) -> str:
    """One written style of an address: formal, ASCII, abbreviated types, or no commas."""
    from vn_units.text import ascii_fold

    style = rng.random()
    if style < 0.4:
        return ", ".join(parts)
    if style < 0.6:
        return ", ".join(ascii_fold(p) for p in parts)
    if style < 0.85:
        short = []
        for p in parts:
            low = p.lower()
            for word, abbr in _SHORT.items():
                if low.startswith(word + " "):
                    p = f"{abbr} {p[len(word) + 1:]}"
                    break
            short.append(p)
        return ", ".join(short)
    return " ".join(parts)


def _corpus_addresses() -> list[list[str]] | None:
    """[text, era] pairs from tests/corpus/ when that corpus exists (any *.jsonl / *.csv with
    an address column and an era column)."""
    import csv

    folder = ROOT / "tests" / "corpus"
    if not folder.is_dir():
        return None
    found: list[list[str]] = []
    for path in sorted(folder.rglob("*")):
        rows: list[dict[str, Any]] = []
        if path.suffix == ".jsonl":
            rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                    if line.strip()]
        elif path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            rows = data if isinstance(data, list) else data.get("addresses", [])
        elif path.suffix in (".csv", ".tsv"):
            with path.open(encoding="utf-8", newline="") as f:
                rows = list(csv.DictReader(f, delimiter="\t" if path.suffix == ".tsv" else ","))
        for row in rows:
            if not isinstance(row, dict):
                continue
            text = row.get("address") or row.get("text") or row.get("input")
            era = str(row.get("era") or "current")
            if isinstance(text, str) and text.strip():
                found.append([text, "legacy" if era.startswith("legacy") else "current"])
    return found or None


def _generated_addresses(rng: random.Random, n: int) -> list[list[str]]:
    """[text, era] pairs generated from the data: half current, half legacy (when present)."""
    import vn_units

    out: list[list[str]] = []
    current = list(vn_units.communes)
    legacy = list(vn_units.legacy.communes) if _has_legacy() else []
    for i in range(n):
        street = f"{rng.randint(1, 300)} {rng.choice(_STREETS)}"
        if legacy and i % 2:
            c = rng.choice(legacy)
            d = vn_units.legacy.districts[c.district_code]
            p = vn_units.legacy.provinces[c.province_code]
            out.append([_styled(rng, [street, c.full_name, d.full_name, p.full_name]), "legacy"])
        else:
            c = rng.choice(current)
            out.append([_styled(rng, [street, c.full_name, c.province.full_name]), "current"])
    return out


def build_inputs(quick: bool) -> dict[str, Any]:
    import vn_units

    rng = random.Random(20250701)
    n_queries = 100 if quick else 400
    current = list(vn_units.communes)
    names = [u.full_name for u in vn_units.provinces] + [u.full_name for u in current]
    inputs: dict[str, Any] = {
        "names": names,
        "queries_current": _query_mix(rng, current, n_queries),
        "queries_legacy": [],
        "legacy_codes": [],
        "addresses": [],
        "legacy_addresses": [],
        "address_source": "",
    }
    if _has_legacy():
        legacy = vn_units.legacy
        lcommunes = list(legacy.communes)
        names += [u.full_name for u in legacy.provinces]
        names += [u.full_name for u in legacy.districts]
        names += [u.full_name for u in lcommunes]
        inputs["queries_legacy"] = _query_mix(rng, lcommunes, n_queries)
        inputs["legacy_codes"] = [u.code for u in rng.sample(lcommunes, 2000)]
    corpus = _corpus_addresses()
    if corpus:
        inputs["addresses"] = corpus
        inputs["address_source"] = f"tests/corpus/ ({len(corpus)} addresses)"
    else:
        inputs["addresses"] = _generated_addresses(rng, 400 if quick else 2000)
        inputs["address_source"] = (
            f"{len(inputs['addresses'])} addresses generated from the data by benchmarks/run.py"
        )
    inputs["legacy_addresses"] = [t for t, era in inputs["addresses"] if era == "legacy"]
    return inputs


# --------------------------------------------------------------------------------------------
# Orchestration
# --------------------------------------------------------------------------------------------


def _run_worker(case: str, lib: str, arg: Any = None, pre: str | None = None) -> Any:
    cmd = [sys.executable, str(HERE), "--worker", case, lib]
    path = None
    if arg is not None:
        fd, path = tempfile.mkstemp(suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(arg, f, ensure_ascii=False)
        cmd += ["--arg", path]
    if pre is not None:
        cmd += ["--pre", pre]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=tempfile.gettempdir())
    finally:
        if path:
            os.unlink(path)
    if proc.returncode != 0:
        sys.stderr.write(f"[{case} {lib}] failed:\n{proc.stderr[-2000:]}\n")
        return "error"
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _median_of(case: str, lib: str, arg: Any, repeats: int) -> Any:
    """Median of a warm case run in ``repeats`` fresh interpreters."""
    values = [_run_worker(case, lib, arg) for _ in range(repeats)]
    bad = [v for v in values if not isinstance(v, float | int)]
    return bad[0] if bad else statistics.median(values)


def _wall_ms(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tempfile.gettempdir(),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return _ms(start)


def measure_imports(repeats: int) -> dict[str, Any]:
    """Wall time of ``python -c "import X"`` minus that of ``python -c pass``, interleaved."""
    codes = {"baseline": "pass", **{lib: f"import {lib}" for lib in LIBS}}
    # vietnamadminunits constructs a geocoder at import: make sure nothing can phone out
    codes["vietnamadminunits"] = (
        "import socket; socket.socket.connect = None; import vietnamadminunits"
    )
    for code in codes.values():  # warm-up: writes bytecode caches, fills the OS page cache
        _wall_ms(code)
    samples: dict[str, list[float]] = {k: [] for k in codes}
    for _ in range(repeats):
        for key, code in codes.items():
            samples[key].append(_wall_ms(code))
    base = statistics.median(samples["baseline"])
    out: dict[str, Any] = {"baseline": base}
    for lib in LIBS:
        out[lib] = statistics.median(samples[lib]) - base
    return out


def _cold(case: str, lib: str, repeats: int, pre: str | None = None) -> Any:
    _run_worker(case, lib, pre=pre)  # warm-up (bytecode, page cache)
    values = [_run_worker(case, lib, pre=pre) for _ in range(repeats)]
    if any(v in (None, "error") for v in values):
        return next(v for v in values if v in (None, "error"))
    return statistics.median(values)


def _fmt(value: Any, unit: str) -> str:
    if value is None:
        return "pending"
    if isinstance(value, str):
        return value
    if unit in ("names/s", "addr/s"):
        return f"{value:,.0f}"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _ratio(vn: Any, peer: Any, higher_is_better: bool) -> str:
    if not isinstance(vn, float | int) or not isinstance(peer, float | int) or not vn or not peer:
        return ""
    r = vn / peer if higher_is_better else peer / vn
    return f"×{r:.2f}" if r < 10 else f"×{r:.0f}"


def _target_check(value: Any, target: tuple[str, float] | None) -> str:
    if target is None or not isinstance(value, float | int):
        return ""
    op, limit = target
    ok = value <= limit if op == "≤" else value >= limit
    if ok:
        return "met"
    if op == "≤":
        return f"MISSED (+{(value / limit - 1) * 100:.0f} %)"
    return f"MISSED (−{(1 - value / limit) * 100:.0f} %)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and inputs")
    parser.add_argument("--json", metavar="PATH", help="also write the raw results as JSON")
    parser.add_argument("--worker", nargs=2, metavar=("CASE", "LIB"), help=argparse.SUPPRESS)
    parser.add_argument("--arg", help=argparse.SUPPRESS)
    parser.add_argument("--pre", default="none", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        case, lib = args.worker
        if case == "first_lookup":
            print(json.dumps(globals()[f"w_first_lookup_{lib}"](args.pre)))
        else:
            _worker(case, lib, args.arg)
        return 0

    from importlib.metadata import PackageNotFoundError, version

    versions: dict[str, str] = {}
    for lib in LIBS:
        try:
            versions[lib] = version(DIST[lib])
        except PackageNotFoundError:
            sys.exit(f"{DIST[lib]} is not installed: pip install -r benchmarks/requirements.txt")
    for dep in ("pydantic", "pydantic-core", "rapidfuzz", "unidecode"):
        try:
            versions[dep] = version(dep)
        except PackageNotFoundError:
            versions[dep] = "not installed"

    cold_n = 5 if args.quick else 15
    load_before = _loadavg()
    t0 = time.perf_counter()
    inputs = build_inputs(args.quick)
    print(f"inputs: {len(inputs['names']):,} names, {len(inputs['queries_current'])} current and "
          f"{len(inputs['queries_legacy'])} legacy queries, {inputs['address_source']}",
          file=sys.stderr)

    R: dict[str, dict[str, Any]] = {}

    def step(label: str) -> None:
        print(f"[{time.perf_counter() - t0:6.1f} s] {label}", file=sys.stderr)

    step("import")
    imports = measure_imports(cold_n * 2)
    R["import"] = {lib: imports[lib] for lib in LIBS}
    step("first lookup")
    for pre in ("none", "imported", "in_use"):
        R[f"first_lookup_{pre}"] = {
            "vn_units": _cold("first_lookup", "vn_units", cold_n, pre=pre),
            "vietnam_provinces": _cold("first_lookup", "vietnam_provinces", cold_n, pre=pre),
            "vietnamadminunits": NA,
        }
    R["import_lookup"] = {
        "vn_units": _cold("import_lookup", "vn_units", cold_n),
        "vietnam_provinces": _cold("import_lookup", "vietnam_provinces", cold_n),
        "vietnamadminunits": NA,
    }
    step("legacy + lineage load")
    R["legacy_load"] = {
        "vn_units": _cold("legacy_load", "vn_units", cold_n),
        "vietnam_provinces": _cold("legacy_load", "vietnam_provinces", cold_n),
        "vietnamadminunits": "at import",
    }
    step("code lookup")
    R["code_lookup"] = {
        "vn_units": _run_worker("code_lookup", "vn_units"),
        "vietnam_provinces": _run_worker("code_lookup", "vietnam_provinces"),
        "vietnamadminunits": NA,
    }
    step("convert one code")
    codes = inputs["legacy_codes"]
    R["convert"] = {
        "vn_units": _run_worker("convert", "vn_units", codes) if codes else None,
        "vietnam_provinces": _run_worker("convert", "vietnam_provinces", codes) if codes else None,
        "vietnamadminunits": NA,
    }
    step("normalize")
    R["normalize"] = {lib: _run_worker("normalize", lib, inputs["names"]) for lib in LIBS}
    step("search")
    R["search_current"] = {
        "vn_units": _run_worker("search_current", "vn_units", inputs["queries_current"]),
        "vietnam_provinces": _run_worker(
            "search_current", "vietnam_provinces", inputs["queries_current"]
        ),
        "vietnamadminunits": NA,
    }
    ql = inputs["queries_legacy"]
    R["search_legacy"] = {
        "vn_units": _run_worker("search_legacy", "vn_units", ql) if ql else None,
        "vietnam_provinces": _run_worker("search_legacy", "vietnam_provinces", ql) if ql else None,
        "vietnamadminunits": NA,
    }
    step("address parsing and conversion")
    addr_n = 3 if args.quick else 5
    R["parse"] = {
        "vn_units": _median_of("parse", "vn_units", inputs["addresses"], addr_n),
        "vietnam_provinces": NA,
        "vietnamadminunits": _median_of(
            "parse", "vietnamadminunits", inputs["addresses"], addr_n
        ),
    }
    la = inputs["legacy_addresses"]
    R["convert_address"] = {
        "vn_units": _median_of("convert_address", "vn_units", la, addr_n) if la else None,
        "vietnam_provinces": NA,
        "vietnamadminunits": (
            _median_of("convert_address", "vietnamadminunits", la, addr_n) if la else None
        ),
    }
    step("peak memory")
    base_rss = _cold("memory", "baseline", cold_n)
    R["memory"] = {}
    for lib in LIBS:
        v = _cold("memory", lib, max(3, cold_n // 3))
        R["memory"][lib] = v - base_rss if isinstance(v, float | int) else v
    step("done")

    rows: list[tuple[str, str, str, bool, tuple[str, float] | None]] = [
        # key, label, unit, higher is better, target
        ("import", "import, over a bare interpreter", "ms", False, ("≤", 15)),
        ("first_lookup_none", "first lookup by code, cold, incl. the pydantic import", "ms",
         False, ("≤", 40)),
        ("first_lookup_imported", "first lookup by code, cold, pydantic already imported", "ms",
         False, ("≤", 40)),
        ("first_lookup_in_use", "first lookup by code, cold, pydantic already in use (a model "
         "defined)", "ms", False, ("≤", 40)),
        ("import_lookup", "import + first lookup, cold, in one process (nothing pre-imported)",
         "ms", False, None),
        ("legacy_load", "legacy data + lineage load", "ms", False, ("≤", 120)),
        ("code_lookup", "lookup by code, warm", "µs", False, ("≤", 2)),
        ("convert", "convert one legacy commune code", "µs", False, ("≤", 5)),
        ("normalize", "normalize all unit names", "names/s", True, ("≥", 200_000)),
        ("search_current", "name search, current communes (median)", "ms", False, ("≤", 0.5)),
        ("search_legacy", "name search, legacy communes (median)", "ms", False, ("≤", 1.5)),
        ("parse", "address parsing", "addr/s", True, ("≥", 30_000)),
        ("convert_address", "legacy address conversion", "addr/s", True, ("≥", 20_000)),
        ("memory", "peak RSS after loading everything, over a bare interpreter", "MiB", False,
         None),
    ]
    vp, vau = versions["vietnam_provinces"], versions["vietnamadminunits"]
    lines = [
        f"| measurement | unit | vn_units {versions['vn_units']} | target | "
        f"vietnam-provinces {vp} | vn_units speed-up | vietnamadminunits {vau} | "
        "vn_units speed-up |",
        "|---|---|--:|---|--:|--:|--:|--:|",
    ]
    for key, label, unit, higher, target in rows:
        vals = R[key]
        vn = vals["vn_units"]
        tgt = f"{target[0]} {target[1]:,}" if target else ""
        check = _target_check(vn, target)
        if check:
            tgt = f"{tgt} — {check}"
        lines.append(
            f"| {label} | {unit} | {_fmt(vn, unit)} | {tgt} | "
            f"{_fmt(vals['vietnam_provinces'], unit)} | "
            f"{_ratio(vn, vals['vietnam_provinces'], higher)} | "
            f"{_fmt(vals['vietnamadminunits'], unit)} | "
            f"{_ratio(vn, vals['vietnamadminunits'], higher)} |"
        )
    facts = [
        f"command: python benchmarks/run.py{' --quick' if args.quick else ''}",
        f"python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"processor: {_cpu_model()}",
        "packages: " + ", ".join(f"{DIST.get(k, k)} {v}" for k, v in versions.items()),
        f"vn_units address reader: {_reader_kind()}",
        f"bare interpreter start (python -c pass): {imports['baseline']:.1f} ms; "
        f"bare interpreter peak RSS: {base_rss:.1f} MiB",
        f"cold measurements: median of {cold_n} fresh interpreters (memory: "
        f"{max(3, cold_n // 3)}); import: median of {cold_n * 2}, interleaved",
        f"inputs: {len(inputs['names']):,} unit names; {len(inputs['queries_current'])} current "
        f"and {len(inputs['queries_legacy'])} legacy search queries; "
        f"{len(inputs['legacy_codes']):,} legacy commune codes; {inputs['address_source']} "
        f"({len(la):,} legacy)",
        "'pending': vn_units data or module not present yet; 'n/a': the peer has no such "
        "operation; 'at import': the peer does it when imported (see the import row); "
        "speed-up above 1: vn_units is faster",
        f"total run time: {time.perf_counter() - t0:.0f} s; load average before/after: "
        f"{load_before} / {_loadavg()} (other processes on the machine disturb the timings)",
    ]
    print("\n".join(lines))
    print()
    print("\n".join(f"- {f}" for f in facts))
    if args.json:
        Path(args.json).write_text(
            json.dumps({"results": R, "versions": versions, "facts": facts}, indent=2,
                       ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
    return 0


def _loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _reader_kind() -> str:
    """Whether the installed address reader is compiled (mypyc) or plain Python."""
    spec = importlib.util.find_spec("vn_units._reader")
    origin = spec.origin if spec is not None else None
    if origin is None:
        return "not found"
    kind = "compiled with mypyc" if origin.endswith((".so", ".pyd")) else "plain Python"
    return f"{kind} ({Path(origin).name})"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


if __name__ == "__main__":
    raise SystemExit(main())
