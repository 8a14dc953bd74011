"""Benchmarks: vn_units side by side with the peer libraries, in one run.

    VN_UNITS_COMPILE=1 python -m pip install ".[test]" -r benchmarks/requirements.txt
    python benchmarks/run.py                      # full run (several minutes on 2 cores)
    python benchmarks/run.py --quick              # fewer repeats, for a smoke test
    python benchmarks/run.py --charts docs/img    # also draw one chart per group (matplotlib)
    python benchmarks/run.py --json out.json

Four groups of measurements, each printed as a Markdown table and, with ``--charts``, drawn:

- **cold start**: a fresh interpreter per sample, ``python -c "<import and one call>"``; the
  number is the CPU time (user + system) of that process minus the CPU time of a bare
  ``python -c pass``, median of the samples. CPU time, not wall time, because the machine may
  be shared: waiting for a core does not count;
- **warm operations**: one fresh interpreter per case and library, timed inside it after a
  warm-up (``timeit``, or timed passes over fixed-seed inputs);
- **memory**: peak RSS with everything loaded, over a bare interpreter, and the time of one full
  ``gc.collect()`` afterwards (what every full collection in the application costs);
- **throughput**: addresses a second, every address new to the process (the reader caches
  whole results), one pass in a fresh interpreter after six warm-up addresses.

Ratios are "times faster" (or smaller) of vn_units over each peer: above 1, vn_units is ahead.
Peers: ``vietnam-provinces`` (its latest release needs Python >= 3.12) and
``vietnamadminunits`` 1.0.4. A peer without an equivalent operation gets "n/a". The peers'
public APIs are called as their documentation shows; nothing of theirs is copied here.
vietnamadminunits geocodes some addresses over the network when converting: every snippet and
worker blocks sockets and replaces that geocoder with one that finds nothing, which is the
library's own offline fallback (the default new ward).

This file imports only the standard library at module level; matplotlib is imported only to
draw the charts (a benchmark-only requirement, ``benchmarks/requirements.txt``).
"""

from __future__ import annotations

import argparse
import contextlib
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
# Cold start: one snippet per case and library, run as ``python -c`` in a fresh interpreter.
# --------------------------------------------------------------------------------------------

CURRENT_ADDRESS = "12 Lê Lợi, Phường Bến Thành, Thành phố Hồ Chí Minh"
LEGACY_ADDRESS = "Số 5 đường 3 tháng 2, Phường 12, Quận 10, TP.HCM"

_VAU = (
    "import socket; socket.socket.connect = None; import vietnamadminunits as vau; "
    "from vietnamadminunits.converter import converter_2025 as _c; "
    "_c.get_geo_location = lambda address: None; "
)
_VP_LEGACY = (
    "from vietnam_provinces import legacy; "
    "from vietnam_provinces.legacy.codes import WardCode as LegacyWardCode; "
    "legacy.Ward.from_code(LegacyWardCode(26734)); "
)
_VAU_QUERY = "from vietnamadminunits.database import query; "

# case -> (label, target in ms or None, {lib: snippet})
COLD: dict[str, tuple[str, float | None, dict[str, str]]] = {
    "import": ("import", None, {
        "vn_units": "import vn_units",
        "vietnam_provinces": "import vietnam_provinces",
        "vietnamadminunits": _VAU,
    }),
    "lookup": ("import + first lookup by code", 80.0, {
        "vn_units": "import vn_units; vn_units.communes['26743']",
        "vietnam_provinces": (
            "import vietnam_provinces as vp; vp.Ward.from_code(vp.WardCode(26743))"
        ),
        "vietnamadminunits": (
            _VAU + _VAU_QUERY + "query(\"SELECT * FROM admin_units WHERE wardCode = '26743'\")"
        ),
    }),
    # what the first lookup costs before vn_units does anything: its records are pydantic
    # models, so the first one imports pydantic (the model classes then cost more)
    "pydantic": ("for reference: import pydantic's BaseModel and Field", None, {
        "vn_units": "from pydantic import BaseModel, Field",
        "vietnam_provinces": NA,
        "vietnamadminunits": NA,
    }),
    "legacy": ("import + first lookup + first legacy lookup", None, {
        "vn_units": (
            "import vn_units; vn_units.communes['26743']; vn_units.legacy.communes['26734']"
        ),
        "vietnam_provinces": (
            "import vietnam_provinces as vp; vp.Ward.from_code(vp.WardCode(26743)); "
            + _VP_LEGACY
        ),
        "vietnamadminunits": (
            _VAU + _VAU_QUERY + "query(\"SELECT * FROM admin_units WHERE wardCode = '26743'\"); "
            "query(\"SELECT * FROM admin_units_legacy WHERE wardCode = '26734'\")"
        ),
    }),
    "parse_current": ("import + first parse_address, current address", 200.0, {
        "vn_units": f"import vn_units; vn_units.parse_address({CURRENT_ADDRESS!r})",
        "vietnam_provinces": NA,
        "vietnamadminunits": _VAU + f"vau.parse_address({CURRENT_ADDRESS!r}, mode='FROM_2025')",
    }),
    "parse_legacy": ("import + first parse_address, legacy address", 200.0, {
        "vn_units": f"import vn_units; vn_units.parse_address({LEGACY_ADDRESS!r})",
        "vietnam_provinces": NA,
        "vietnamadminunits": _VAU + f"vau.parse_address({LEGACY_ADDRESS!r}, mode='LEGACY')",
    }),
    "convert_address": ("import + first convert_address", 250.0, {
        "vn_units": f"import vn_units; vn_units.convert_address({LEGACY_ADDRESS!r})",
        "vietnam_provinces": NA,
        "vietnamadminunits": _VAU + f"vau.convert_address({LEGACY_ADDRESS!r})",
    }),
    "convert_code": ("import + first convert(code)", 150.0, {
        "vn_units": "import vn_units; vn_units.convert('26734')",
        "vietnam_provinces": (
            "import vietnam_provinces as vp; vp.Ward.search_from_legacy(code=26734)"
        ),
        "vietnamadminunits": NA,
    }),
}

# everything loaded, then peak RSS (VmHWM; ru_maxrss elsewhere) and one full gc.collect()
_MEASURE = (
    "\nimport gc, json, sys, time\n"
    "def _rss():\n"
    "    try:\n"
    "        for line in open('/proc/self/status'):\n"
    "            if line.startswith('VmHWM:'):\n"
    "                return int(line.split()[1]) / 1024\n"
    "    except OSError:\n"
    "        pass\n"
    "    import resource\n"
    "    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "    return r / (1024 * 1024) if sys.platform == 'darwin' else r / 1024\n"
    "rss = _rss()\n"
    "start = time.process_time(); gc.collect(); pause = (time.process_time() - start) * 1000\n"
    "print(json.dumps([rss, pause]))\n"
)
MEMORY: dict[str, str] = {
    "baseline": "",
    "vn_units": (
        "import vn_units\n"
        "from vn_units import lineage\n"
        "regs = [vn_units.provinces, vn_units.communes, vn_units.legacy.provinces,\n"
        "        vn_units.legacy.districts, vn_units.legacy.communes]\n"
        "lineage.edges()\n"
        "for reg in regs:\n"
        "    len(reg); reg.search('Phu My')\n"
        f"vn_units.parse_address({CURRENT_ADDRESS!r})\n"
        f"vn_units.convert_address({LEGACY_ADDRESS!r})\n"
        "vn_units.convert('26734')\n"
    ),
    "vietnam_provinces": (
        "import importlib\n"
        "import vietnam_provinces as vp\n"
        "vp.Ward.from_code(vp.WardCode(26743)); vp.Province.from_code(vp.ProvinceCode(79))\n"
        + _VP_LEGACY.replace("; ", "\n")
        + "legacy.District.iter_all()\n"
        "vp.Ward.search_from_legacy(code=26734)\n"
        "importlib.import_module('vietnam_provinces._province_conversion_2025')\n"
    ),
    "vietnamadminunits": (
        _VAU.replace("; ", "\n")
        + f"vau.parse_address({CURRENT_ADDRESS!r}, mode='FROM_2025')\n"
        f"vau.parse_address({LEGACY_ADDRESS!r}, mode='LEGACY')\n"
        f"vau.convert_address({LEGACY_ADDRESS!r})\n"
    ),
}


def _child_cpu_ms(code: str) -> tuple[float, str]:
    """CPU time (user + system, ms) of ``python -c code`` in a fresh interpreter, and what it
    printed. The orchestrator runs one child at a time, so the children's rusage grows by
    this child's only."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True,
        cwd=tempfile.gettempdir(),
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise RuntimeError(proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu * 1000.0, proc.stdout


def measure_cold(repeats: int, step: Callable[[str], None]) -> tuple[dict[str, Any], float]:
    """Every cold case, CPU ms net of a bare interpreter, interleaved with the baseline so
    that a change in the machine's load touches both alike; and the baseline."""
    cases = [(case, lib, code) for case, (_, _, codes) in COLD.items()
             for lib, code in codes.items() if code != NA]
    for _, _, code in cases:  # warm-up: bytecode caches, the OS page cache
        with contextlib.suppress(RuntimeError):
            _child_cpu_ms(code)
    base: list[float] = []
    samples: dict[tuple[str, str], list[float]] = {(c, lib): [] for c, lib, _ in cases}
    errors: dict[tuple[str, str], str] = {}
    for i in range(repeats):
        step(f"cold start, round {i + 1} of {repeats}")
        base.append(_child_cpu_ms("pass")[0])
        for case, lib, code in cases:
            if (case, lib) in errors:
                continue
            try:
                samples[case, lib].append(_child_cpu_ms(code)[0])
            except RuntimeError as exc:
                errors[case, lib] = f"error: {exc}"[:60]
    bare = statistics.median(base)
    out: dict[str, Any] = {}
    for case, (_, _, codes) in COLD.items():
        row = out[f"cold_{case}"] = {}
        for lib, code in codes.items():
            if code == NA:
                row[lib] = NA
            elif (case, lib) in errors:
                row[lib] = errors[case, lib]
            else:
                row[lib] = max(0.0, statistics.median(samples[case, lib]) - bare)
    return out, bare


def measure_memory(repeats: int) -> tuple[dict[str, Any], dict[str, Any], float]:
    """Peak RSS over a bare interpreter (MiB) and one full gc.collect() afterwards (ms)."""
    rss: dict[str, list[float]] = {k: [] for k in MEMORY}
    pause: dict[str, list[float]] = {k: [] for k in MEMORY}
    for _ in range(repeats):
        for lib, code in MEMORY.items():
            value = json.loads(_child_cpu_ms(code + _MEASURE)[1].strip().splitlines()[-1])
            rss[lib].append(value[0])
            pause[lib].append(value[1])
    bare = statistics.median(rss["baseline"])
    return (
        {lib: statistics.median(rss[lib]) - bare for lib in LIBS},
        {lib: statistics.median(pause[lib]) for lib in LIBS},
        bare,
    )


# --------------------------------------------------------------------------------------------
# Warm operations and throughput: workers, each in a fresh interpreter started by this script
# with ``--worker CASE LIB``; each prints one JSON value on its last line.
# --------------------------------------------------------------------------------------------


# the workers time CPU time of their own process, not wall time: a shared machine's other
# processes then slow a measurement only through the caches, not by taking the core away
_clock = time.process_time


def _ms(start: float) -> float:
    return (_clock() - start) * 1000.0


def _block_network() -> None:
    """No benchmark may reach the network: refuse every socket connection."""
    import socket

    def refuse(*_: object, **__: object) -> None:
        raise OSError("network disabled by benchmarks/run.py")

    socket.socket.connect = refuse  # type: ignore[method-assign]
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

    timer = timeit.Timer(func, timer=_clock)
    number, _ = timer.autorange()
    number = max(number, 1)
    runs = timer.repeat(repeat=repeat, number=number)
    return statistics.median(runs) / number * 1e6


def _per_item_us(func: Callable[[Any], object], items: list[Any], *, repeat: int = 5) -> float:
    """Median (over ``repeat`` passes) of the mean microseconds per item over all ``items``."""
    passes = []
    for _ in range(repeat):
        start = _clock()
        for item in items:
            func(item)
        passes.append((_clock() - start) / len(items) * 1e6)
    return statistics.median(passes)


def _per_query_ms(func: Callable[[str], object], queries: list[str]) -> float:
    """Median milliseconds per query, each query timed on its own (after one warm-up pass)."""
    for q in queries[:20]:
        func(q)
    times = []
    for q in queries:
        start = _clock()
        func(q)
        times.append(_ms(start))
    return statistics.median(times)


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
    start = _clock()
    for item in items:
        func(item)
    return len(items) / (_clock() - start)


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



def w_batch_vn_units(addresses: list[list[str]]) -> Any:
    """The first 1,000 addresses of a fresh process (after the warm-up ones): what a script
    that converts one file pays, lazy structures still being built."""
    from vn_units import address

    for text in _WARM:
        address.parse_address(text)
    return _one_pass_rate(address.parse_address, [text for text, _era in addresses])


def w_batch_vietnamadminunits(addresses: list[list[str]]) -> Any:
    return w_parse_vietnamadminunits(addresses)


def _worker(case: str, lib: str, arg_path: str | None) -> None:
    func = globals()[f"w_{case}_{lib}"]
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
            lc = rng.choice(legacy)
            d = vn_units.legacy.districts[lc.district_code]
            p = vn_units.legacy.provinces[lc.province_code]
            out.append([_styled(rng, [street, lc.full_name, d.full_name, p.full_name]), "legacy"])
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


def _run_worker(case: str, lib: str, arg: Any = None) -> Any:
    cmd = [sys.executable, str(HERE), "--worker", case, lib]
    path = None
    if arg is not None:
        fd, path = tempfile.mkstemp(suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(arg, f, ensure_ascii=False)
        cmd += ["--arg", path]
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
    """Median of a case run in ``repeats`` fresh interpreters."""
    values = [_run_worker(case, lib, arg) for _ in range(repeats)]
    bad = [v for v in values if not isinstance(v, float | int)]
    return bad[0] if bad else statistics.median(values)


# group -> rows of (key, label, unit, higher is better, target)
Row = tuple[str, str, str, bool, "tuple[str, float] | None"]
GROUPS: dict[str, list[Row]] = {
    "cold start": [
        (f"cold_{case}", label, "ms", False, ("≤", target) if target else None)
        for case, (label, target, _) in COLD.items()
    ],
    "warm operations": [
        ("code_lookup", "lookup by code", "µs", False, ("≤", 2)),
        ("convert", "convert one legacy commune code", "µs", False, ("≤", 5)),
        ("normalize", "normalize unit names", "names/s", True, ("≥", 200_000)),
        ("search_current", "name search, current communes (median)", "ms", False, ("≤", 0.5)),
        ("search_legacy", "name search, legacy communes (median)", "ms", False, ("≤", 1.5)),
    ],
    "memory": [
        ("memory", "peak RSS, everything loaded, over a bare interpreter", "MiB", False,
         ("≤", 35)),
        ("gc_pause", "one full gc.collect() afterwards", "ms", False, ("≤", 5)),
    ],
    "throughput": [
        ("batch", "first 1,000 addresses of a fresh process", "addr/s", True, ("≥", 15_000)),
        ("parse", "address parsing, whole corpus, each address new", "addr/s", True,
         ("≥", 30_000)),
        ("convert_address", "legacy address conversion, each address new", "addr/s", True,
         ("≥", 20_000)),
    ],
}


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


def _ratio(vn: Any, peer: Any, higher_is_better: bool) -> float | None:
    """How many times better vn_units is than the peer (above 1: vn_units is ahead)."""
    if not isinstance(vn, float | int) or not isinstance(peer, float | int) or not vn or not peer:
        return None
    return vn / peer if higher_is_better else peer / vn


def _fmt_ratio(r: float | None) -> str:
    if r is None:
        return ""
    return f" (×{r:.2f})" if r < 10 else f" (×{r:.0f})"


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


def table(results: dict[str, dict[str, Any]], versions: dict[str, str]) -> str:
    """The results as Markdown: one table per group, the peers' cells with the ratio."""
    vp, vau = versions["vietnam_provinces"], versions["vietnamadminunits"]
    out: list[str] = []
    for group, rows in GROUPS.items():
        out += [
            f"**{group.capitalize()}**",
            "",
            f"| measurement | unit | vn_units {versions['vn_units']} | target | "
            f"vietnam-provinces {vp} | vietnamadminunits {vau} |",
            "|---|---|--:|---|--:|--:|",
        ]
        for key, label, unit, higher, target in rows:
            vals = results[key]
            vn = vals["vn_units"]
            tgt = f"{target[0]} {target[1]:,}" if target else ""
            check = _target_check(vn, target)
            if check:
                tgt = f"{tgt} — {check}"
            peers = [
                _fmt(vals[lib], unit) + _fmt_ratio(_ratio(vn, vals[lib], higher))
                for lib in ("vietnam_provinces", "vietnamadminunits")
            ]
            out.append(f"| {label} | {unit} | {_fmt(vn, unit)} | {tgt} | {peers[0]} | "
                       f"{peers[1]} |")
        out.append("")
    return "\n".join(out)


def draw(results: dict[str, dict[str, Any]], versions: dict[str, str], folder: Path,
         note: str) -> list[Path]:
    """One chart per group: a panel per measurement, a bar per library (vn_units first),
    each bar labelled with its value; written as SVG (text kept as text)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "none"
    plt.rcParams["svg.hashsalt"] = "vn-units"  # stable ids: reruns differ only where data do
    colours = {"vn_units": "#1f77b4", "vietnam_provinces": "#ff7f0e",
               "vietnamadminunits": "#7f7f7f"}
    names = {lib: f"{DIST[lib]} {versions[lib]}" for lib in LIBS}
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for group, rows in GROUPS.items():
        fig, axes = plt.subplots(
            len(rows), 1, figsize=(7.5, 0.35 + 1.05 * len(rows)), squeeze=False,
        )
        for ax, (key, label, unit, higher, target) in zip(axes[:, 0], rows, strict=True):
            libs = [lib for lib in LIBS if isinstance(results[key][lib], float | int)]
            values = [float(results[key][lib]) for lib in libs]
            ypos = list(range(len(libs)))[::-1]
            ax.barh(ypos, values, color=[colours[lib] for lib in libs], height=0.7)
            labels = [names[lib] for lib in libs]
            if key == "cold_pydantic":  # the reference row measures pydantic, not vn_units
                labels = [f"pydantic {versions.get('pydantic', '')}".strip()]
            ax.set_yticks(ypos, labels, fontsize=8)
            better = "higher is better" if higher else "lower is better"
            ax.set_title(f"{label} ({unit}, {better})", fontsize=9, loc="left")
            top = max(values, default=1.0) or 1.0
            if target is not None:
                ax.axvline(target[1], color="#2ca02c", linestyle="--", linewidth=1)
                top = max(top, target[1])
            ax.set_xlim(0, top * 1.3)
            for y, v in zip(ypos, values, strict=True):
                ax.text(v, y, " " + _fmt(v, unit), va="center", fontsize=8)
            ax.tick_params(axis="x", labelsize=7)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
        fig.suptitle(f"{group.capitalize()} — {note}; dashed line: vn_units' target",
                     fontsize=9, x=0.01, ha="left")
        fig.tight_layout()
        path = folder / f"performance-{group.replace(' ', '-')}.svg"
        fig.savefig(path, metadata={"Date": None})
        plt.close(fig)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and inputs")
    parser.add_argument("--json", metavar="PATH", help="also write the raw results as JSON")
    parser.add_argument("--charts", metavar="DIR", help="draw one SVG chart per group in DIR")
    parser.add_argument("--redraw", metavar="JSON",
                        help="with --charts: draw the charts of a run saved with --json, and exit")
    parser.add_argument("--worker", nargs=2, metavar=("CASE", "LIB"), help=argparse.SUPPRESS)
    parser.add_argument("--arg", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        case, lib = args.worker
        _worker(case, lib, args.arg)
        return 0
    if args.redraw:
        if not args.charts:
            parser.error("--redraw needs --charts DIR")
        saved = json.loads(Path(args.redraw).read_text(encoding="utf-8"))
        for path in draw(saved["results"], saved["versions"], Path(args.charts), saved["note"]):
            print(f"chart: {path}", file=sys.stderr)
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

    cold_n = 5 if args.quick else 11
    load_before = _loadavg()
    t0 = time.perf_counter()
    inputs = build_inputs(args.quick)
    rng = random.Random(1000)
    batch = rng.sample(inputs["addresses"], min(1000, len(inputs["addresses"])))
    print(f"inputs: {len(inputs['names']):,} names, {len(inputs['queries_current'])} current and "
          f"{len(inputs['queries_legacy'])} legacy queries, {inputs['address_source']}",
          file=sys.stderr)

    def step(label: str) -> None:
        print(f"[{time.perf_counter() - t0:6.1f} s] {label}", file=sys.stderr)

    R, bare_cpu = measure_cold(cold_n, step)
    step("memory and gc")
    mem_n = 3 if args.quick else 5
    memory, pause, bare_rss = measure_memory(mem_n)
    R["memory"], R["gc_pause"] = memory, pause
    step("warm: code lookup, convert one code")
    codes = inputs["legacy_codes"]
    R["code_lookup"] = {
        "vn_units": _run_worker("code_lookup", "vn_units"),
        "vietnam_provinces": _run_worker("code_lookup", "vietnam_provinces"),
        "vietnamadminunits": NA,
    }
    R["convert"] = {
        "vn_units": _run_worker("convert", "vn_units", codes),
        "vietnam_provinces": _run_worker("convert", "vietnam_provinces", codes),
        "vietnamadminunits": NA,
    }
    step("warm: normalize, search")
    R["normalize"] = {lib: _run_worker("normalize", lib, inputs["names"]) for lib in LIBS}
    R["search_current"] = {
        "vn_units": _run_worker("search_current", "vn_units", inputs["queries_current"]),
        "vietnam_provinces": _run_worker(
            "search_current", "vietnam_provinces", inputs["queries_current"]
        ),
        "vietnamadminunits": NA,
    }
    ql = inputs["queries_legacy"]
    R["search_legacy"] = {
        "vn_units": _run_worker("search_legacy", "vn_units", ql),
        "vietnam_provinces": _run_worker("search_legacy", "vietnam_provinces", ql),
        "vietnamadminunits": NA,
    }
    step("throughput: addresses")
    addr_n = 3 if args.quick else 5
    R["batch"] = {
        "vn_units": _median_of("batch", "vn_units", batch, addr_n),
        "vietnam_provinces": NA,
        "vietnamadminunits": _median_of("batch", "vietnamadminunits", batch, addr_n),
    }
    R["parse"] = {
        "vn_units": _median_of("parse", "vn_units", inputs["addresses"], addr_n),
        "vietnam_provinces": NA,
        "vietnamadminunits": _median_of(
            "parse", "vietnamadminunits", inputs["addresses"], addr_n
        ),
    }
    la = inputs["legacy_addresses"]
    R["convert_address"] = {
        "vn_units": _median_of("convert_address", "vn_units", la, addr_n),
        "vietnam_provinces": NA,
        "vietnamadminunits": _median_of("convert_address", "vietnamadminunits", la, addr_n),
    }
    step("done")

    facts = [
        f"command: python benchmarks/run.py{' --quick' if args.quick else ''}",
        f"python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"processor: {_cpu_model()}",
        "packages: " + ", ".join(f"{DIST.get(k, k)} {v}" for k, v in versions.items()),
        f"vn_units address reader: {_reader_kind()}",
        f"bare interpreter (python -c pass): {bare_cpu:.1f} ms CPU, peak RSS {bare_rss:.1f} MiB",
        f"cold start: CPU time (user + system) of a fresh interpreter minus that of a bare one, "
        f"median of {cold_n}, interleaved with the bare one; memory and gc: median of {mem_n}; "
        f"throughput: median of {addr_n} fresh interpreters",
        f"cold-start texts: current {CURRENT_ADDRESS!r}, legacy {LEGACY_ADDRESS!r}; "
        "codes: commune 26743, legacy commune 26734",
        f"inputs: {len(inputs['names']):,} unit names; {len(inputs['queries_current'])} current "
        f"and {len(ql)} legacy search queries; {len(codes):,} legacy commune codes; "
        f"{inputs['address_source']} ({len(la):,} legacy); batch: {len(batch):,} of them "
        "(fixed seed)",
        "ratios in brackets: how many times better vn_units is than the peer (above 1: "
        "vn_units is ahead); 'n/a': the peer has no such operation",
        f"total run time: {time.perf_counter() - t0:.0f} s; load average before/after: "
        f"{load_before} / {_loadavg()} (other processes on the machine disturb the timings)",
    ]
    print(table(R, versions))
    print("\n".join(f"- {f}" for f in facts))
    note = (f"CPython {platform.python_version()}, {_reader_kind().split(' (')[0]} reader, "
            f"{os.cpu_count()} CPUs")
    if args.charts:
        try:
            for path in draw(R, versions, Path(args.charts), note):
                print(f"chart: {path}", file=sys.stderr)
        except ImportError:
            print("no chart: matplotlib is not installed (benchmarks/requirements.txt)",
                  file=sys.stderr)
    if args.json:
        Path(args.json).write_text(
            json.dumps({"results": R, "versions": versions, "facts": facts, "note": note},
                       indent=2,
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
    spec = importlib.util.find_spec("vn_units.address._decode")
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
