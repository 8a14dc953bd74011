"""Held-out accuracy of the address reader on labelled addresses that other people wrote.

Nothing here is tuned on: the sets are measured, never used by a test or to choose a feature.
A miss is reported as a pattern for the reader's general design, not fixed one by one.

    python benchmarks/heldout.py --from-git PATH ...  # copy the pinned files into the cache
    python benchmarks/heldout.py                      # measure every set that is cached
    python benchmarks/heldout.py --set course-public --show 20   # one set, 20 of its misses
    python benchmarks/heldout.py --json out.json      # every graded row with its reading
    python benchmarks/heldout.py --peer               # and vietnamadminunits beside it
    python benchmarks/heldout.py --sealed             # the sealed sets only (counts, no texts)

Sources (``REPOS`` and ``SOURCES`` below pin each file by repository, commit, path and sha256;
each repository is MIT-licensed): the test sets of qanh3007hcmut/address-classification (a
course's public test set, and its author's own addresses and rewritings), the Vietnamese test
queries of map4d/parser (a Pelias address parser), and two e-commerce platforms' unit lists
from the tests of tranngocminhhieu/vietnamadminunits. The files are not part of vn-units and
are not redistributed: ``--from-git PATH`` (repeatable) copies the pinned files that a clone
holds, checksum-verified, into the ignored cache ``benchmarks/.cache/heldout/`` (``git clone
https://github.com/<repo>`` for each; a bare mirror works too). ``--cache DIR`` uses another
folder; a set whose files are not cached is skipped with a note.

Labels name units (province, district, ward) in the legacy (three-level) era, with or without
type words. Each label is looked up by name in the bundled 2025-06-30 tables, within the unit
above it (never with the parser): exactly one unit must have that name, compared diacritic-
and case-insensitively (``vn_units.normalize``); when several do, the exact spelling, then the
type word written, narrows them. A name that is not there is looked up in the dated history
(``vn_units.history``, from 2021-11-01) and, when one unit of that name went whole into one
unit of 2025-06-30, that unit is the label: such rows form their own group ("label via
history"), out of the headline. A label found neither way, or found more than once, is a
label-mapping failure, counted apart and never against the reader. An empty label means the
set does not grade that level (the course set leaves some levels empty even where the text
names them), so only labelled levels are graded; in the sets where a row with no label at all
means "names no unit", those texts are counted apart.

A reading is right at a level when it gives the labelled unit: read in the legacy era, the
same code; read in the current era (an address without a district may be), the current unit
that the legacy unit went into (its province; its commune among the successors). "exact"
means every labelled level right. Conversion is graded on rows with a labelled ward:
``convert_address(text)`` must give exactly the set of current communes the lineage table
gives for the labelled legacy ward (``vn_units.convert``).

Sealed sets (``--sealed``): labelled addresses from two more MIT-licensed repositories, kept
out of every other run so that no one tunes the reader on them: the delivery addresses of the
tests of an address formatter (linrium/format-vn-address, published as
@ahamove/format-vn-address: what customers typed, often followed by the ward, district and
province that an address form appended) and the Vietnamese address tests of a Pelias parser
fork (trungtv1207/pelias_parser). A formatter test's label is the formatter's expected output:
its last part is the province, the part before it the district when it starts with a district
type word (Quận, Huyện, Thị xã, Thành phố), and the part before that the ward when it starts
with a ward type word (Phường, Xã, Thị trấn); a part without its type word is not graded. A
Pelias test labels region (province), county (district) and locality (ward); a test that
names none of them is a text that names no unit. A sealed text that appears in the three
other repositories' sets is dropped (and counted). Their misses are printed as pattern
counts only: ``--show`` prints no sealed text and ``--json`` writes none.

Two sealed sets are labelled in the current era (``CURRENT_LABELS``): the test table of an
address converter (nqbao/vn-address-converter, MIT; the commit of its dev branch whose table
is the longest), whose rows pair an address written before the 2025 reform with the address
since 2025-07-01 that the converter's author expects (its last part the province, the part
before it the commune when it starts with a ward type word), and the regression tests of an
address normaliser (qosu/vn-address-normalizer, MIT), whose ``TESTS`` list (read as a literal,
never run) names the expected province and commune of 2025. These labels are placed by name
among the 34 provinces and that province's communes. A reading is right when it gives the
labelled unit: in the current era, that unit; in the legacy era, a unit that went (whole or in
part) into it. Conversion is right when ``convert_address`` gives the labelled commune alone
(the source settles a split ward by the street, which vn-units does not), and the share whose
candidates include it is printed beside it.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import random
import re
import subprocess
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache" / "heldout"

COURSE = "qanh3007hcmut/address-classification"
PEER = "tranngocminhhieu/vietnamadminunits"
MAP = "map4d/parser"
FORMATTER = "linrium/format-vn-address"
PELIAS_VI = "trungtv1207/pelias_parser"
CONVERTER = "nqbao/vn-address-converter"
NORMALIZER = "qosu/vn-address-normalizer"
REPOS = {
    COURSE: ("ac1b5bb842288e0535f8b2891812676a78fd53c0",
             "MIT (its LICENSE: (c) 2025 Nguyễn Quốc Anh)"),
    PEER: ("780c27980afdae76d5c6e7b252955f6b571f34ca",
           "MIT (its LICENSE: (c) 2025 Tran Ngoc Minh Hieu)"),
    MAP: ("8e0fe0143b4bfd328957453ed7117d5ae57946b1",
          "MIT (its LICENSE: (c) 2019 Pelias Contributors)"),
    FORMATTER: ("7e4bd7e2267d0961c1d413f36d13713ab7022084",
                "MIT (its package.json, @ahamove/format-vn-address 0.0.6 by lynkxyz)"),
    PELIAS_VI: ("131e66e2bad037a01972a41a7c7e79ab84b7d738",
                "MIT (its LICENSE: (c) 2019 Pelias Contributors)"),
    # the commit of its dev branch whose test table is the longest (48 rows; later ones keep 2)
    CONVERTER: ("71559883a2040f3ac94d993a715807e397ad7a65",
                "MIT (its LICENSE: (c) 2025 Bao Nguyen)"),
    NORMALIZER: ("70a4d1ef99178952738c348247c399ebc689d370",
                 "MIT (its LICENSE: (c) 2026 Nguyen Thanh Phi Long)"),
}


@dataclass(frozen=True)
class Source:
    repo: str
    path: str
    sha256: str


SOURCES = {
    "public": Source(COURSE, "test/public.json",
                     "4036ac3b07e075afbd2925e6f98041fc533df00ebee53c69f35d7fd49e980283"),
    "test": Source(COURSE, "test/test.json",
                   "c03e12b537a6ea2c55602929d39f21831b72ff036ee1ade7ff5118ec86d458f1"),
    "latest": Source(COURSE, "test/latest_test.json",
                     "60722e9e8d8c32624c807d04476d6f57b2c99311dcf9d372b5e7e4fd7250260e"),
    "enhanced": Source(COURSE, "test/enhanced_test.json",
                       "66919c0037f859e46484b74d4defda5ec523a8cf221aa475dc9169b4076e1b01"),
    "shop-s": Source(PEER, "scripts/testing_package/data/input/s_legacy_2020-2025.csv",
                     "83b35bfb2a2274fd75c067c9e7eac3cc4b597e3de1031850554ee6a0644fd3a1"),
    "shop-t": Source(PEER, "scripts/testing_package/data/input/t_legacy_2023-2025.csv",
                     "fa7eb61875058917a9769fc2ba414548ca81255ba780b6baab53547ae716d720"),
    "map": Source(MAP, "test/address.vn.test.js",
                  "7c60b49847933a862eb756172e976468a56a54a7260345750ac7d483bdc62253"),
    "format": Source(FORMATTER, "__tests__/addresses.mock.json",
                     "5b31e6aa9fd19597b104d0bec725a292caeea755b16e1656716a5e090d43428e"),
    "extract": Source(FORMATTER, "__tests__/extract.mock.json",
                      "93d305ba054e597bc7188dedb6f0bd41ef250496bec858a4c059e7ee76a92ac3"),
    "pelias-vi": Source(PELIAS_VI, "test/address.vie.test.js",
                        "1cdb7d62b1f15fa41ac85832960b781c20c40e0f704b591feb6f0c029cc11f77"),
    "convert-table": Source(CONVERTER, "tests/tests.csv",
                            "694e4a42ba39d5d87ffc2caff5ca3c8f9786118d0d879865ce566dd859c15a33"),
    "normalizer": Source(NORMALIZER, "test_regression.py",
                         "8ba3635df437d9570d4f609a1adfbafc385ca09aafa0dfaf142870e1abab5eea"),
}

# the sets measured, built from the files above: description, and whether a row with no
# label at all means "this text names no unit" (graded apart) or "not labelled" (skipped)
SETS = {
    "course-public": ("the public test set of a university course's address-classification "
                      "assignment: noisy hand-typed addresses (typos, glued words, missing "
                      "parts); quoted in part in issue #16, so not wholly unseen", False),
    "student-written": ("addresses with streets written by the course repository's author "
                        "from the official lists (some typos), not written for vn-units", True),
    "student-variants": ("the same author's rewritings of 20 addresses (spelling errors, "
                         "abbreviations, no accents, case, spacing, missing parts), not "
                         "written for vn-units", False),
    "map-queries": ("the Vietnamese test queries of a map search's address parser (Pelias, "
                    "2021): lower case without diacritics, places and streets before the "
                    "address, partial addresses", True),
    "shop-lists": ("two e-commerce platforms' ward, district and province lists (2020-2025 "
                   "and 2023-2025) as vietnamadminunits tests them, each row written "
                   "'ward, district, province'", False),
    "sealed-delivery": ("SEALED. Delivery addresses from the tests of an address formatter "
                        "(Hà Nội and Hồ Chí Minh City, 2020): what customers typed (typos, "
                        "no accents, phone notes, glued words), often followed by the units an "
                        "address form appended; labels from the expected output", False),
    "sealed-geocoder": ("SEALED. The Vietnamese address tests of a Pelias parser fork (Hà Nội, "
                        "2020): parts left out, no accents, a street named like its ward or "
                        "district", True),
    "sealed-converter": ("SEALED. The test table of an address converter (2025): addresses of "
                         "offices and shops as written before the 2025 reform (abbreviated "
                         "types, an empty part, notes, the country) with the commune and "
                         "province they are in since 2025-07-01, as the converter's author "
                         "expects them; labels in the current era", False),
    "sealed-normalizer": ("SEALED. The regression tests of an address normaliser (2026): "
                          "short search-box addresses, no accents or upper case, in either "
                          "era, with the commune and province of 2025 expected; labels in the "
                          "current era", False),
}
# sets measured only with --sealed, and whose texts are never printed or written
SEALED = ("sealed-delivery", "sealed-geocoder", "sealed-converter", "sealed-normalizer")
# sets labelled in the current era (province and commune since 2025-07-01), and the era their
# texts are written in when the source says so (for the "era given" column)
CURRENT_LABELS: dict[str, Literal["legacy", "current"] | None] = {"sealed-converter": "legacy",
                                         "sealed-normalizer": None}

LEVELS = ("province", "district", "commune")
LABEL_KEYS = {"province": "province", "district": "district", "commune": "ward"}
HISTORY_START = "2021-11-01"


def cached(name: str, cache: Path) -> Path:
    src = SOURCES[name]
    return cache / f"{src.sha256[:12]}-{Path(src.path).name}"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fill_cache(git_dir: str, cache: Path) -> None:
    """Copy the pinned files that a clone (or bare mirror) holds, checking each sha256."""
    cache.mkdir(parents=True, exist_ok=True)
    found = 0
    for name, src in SOURCES.items():
        commit = REPOS[src.repo][0]
        got = subprocess.run(["git", "-C", git_dir, "show", f"{commit}:{src.path}"],
                             capture_output=True)
        if got.returncode:
            continue
        data = got.stdout
        if sha256(data) != src.sha256:
            raise SystemExit(f"{src.repo} {src.path} at {commit[:12]}: sha256 {sha256(data)}, "
                             f"expected {src.sha256}")
        cached(name, cache).write_bytes(data)
        found += 1
        print(f"cached {src.repo} {src.path} ({len(data):,} bytes) -> {cached(name, cache)}",
              file=sys.stderr)
    if not found:
        raise SystemExit(f"{git_dir} holds none of the pinned commits of "
                         f"{', '.join(REPOS)}")


def read_bytes(name: str, cache: Path) -> bytes | None:
    """The pinned file, or None (with a note) when it is not in the cache."""
    path = cached(name, cache)
    src = SOURCES[name]
    if not path.exists():
        print(f"skipped: {path.name} is not cached (run with --from-git PATH, PATH a clone of "
              f"https://github.com/{src.repo})", file=sys.stderr)
        return None
    data = path.read_bytes()
    if sha256(data) != src.sha256:
        raise SystemExit(f"{path}: checksum differs from the pinned one")
    return data


def _row(text: str, province: str | None, district: str | None, ward: str | None,
         ) -> dict[str, Any]:
    return {"text": text, "result": {"province": province, "district": district, "ward": ward}}


_ASSERT = re.compile(r"assert\(\s*'((?:[^'\\]|\\.)*)'\s*,\s*(undefined|\[.*?\])\s*\)", re.S)
_PAIR = re.compile(r"(\w+)\s*:\s*'((?:[^'\\]|\\.)*)'")


def map_queries(js: str) -> list[dict[str, Any]]:
    """The queries of the test file: level2 is the province, level3 the district, level4 the
    ward; a query whose expectation names none of them names no unit."""
    rows = []
    for query, expected in _ASSERT.findall(js):
        levels = dict(_PAIR.findall(expected))
        rows.append(_row(query, levels.get("level2"), levels.get("level3"), levels.get("level4")))
    return rows


_WARD_PART = re.compile(r"^(?:phường|xã|thị trấn)\s+\S", re.IGNORECASE)
_DISTRICT_PART = re.compile(r"^(?:quận|huyện|thị xã|thành phố)\s+\S", re.IGNORECASE)


def formatter_labels(expected: str) -> tuple[str, str, str]:
    """(province, district, ward) named by a formatter test's expected output: the last part
    (after "Việt Nam" is dropped) is the province unless it carries a type word or a digit; the
    part before it is the district when it starts with a district type word, and the part
    before that the ward when it starts with a ward type word. A part without its type word is
    left unlabelled ("")."""
    parts = [p.strip() for p in expected.split(",") if p.strip()]
    if parts and parts[-1].casefold() in ("việt nam", "viet nam", "vietnam"):
        parts.pop()
    province = district = ward = ""
    if (len(parts) >= 2 and not _WARD_PART.match(parts[-1])
            and not _DISTRICT_PART.match(parts[-1])
            and not any(c.isdigit() for c in parts[-1])):
        province = parts.pop()
    if parts and _DISTRICT_PART.match(parts[-1]):
        district = parts.pop()
    if parts and _WARD_PART.match(parts[-1]) and (district or province):
        ward = parts.pop()
    return province, district, ward


def formatter_rows(addresses: Any, extracted: Any) -> list[dict[str, Any]]:
    """The formatter's test inputs with their labels: ``addresses`` pairs (input, expected
    output), ``extracted`` pairs (input, {region, county, locality, ...}); each text once."""
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for text, expected in addresses:
        if text not in seen:
            seen.add(text)
            rows.append(_row(text, *formatter_labels(expected)))
    for text, fields in extracted:
        if text not in seen:
            seen.add(text)
            rows.append(_row(text, fields.get("region"), fields.get("county"),
                             fields.get("locality")))
    return rows


_COMMENT = re.compile(r"^\s*//.*$", re.MULTILINE)


def pelias_rows(js: str) -> list[dict[str, Any]]:
    """The asserts of a Pelias test file (commented-out ones skipped): region is the province,
    county the district, locality the ward; an assert that names none of them names no unit."""
    rows = []
    for query, expected in _ASSERT.findall(_COMMENT.sub("", js)):
        levels = dict(_PAIR.findall(expected))
        rows.append(_row(query, levels.get("region"), levels.get("county"),
                         levels.get("locality")))
    return rows


def converter_rows(table: str) -> list[dict[str, Any]]:
    """The converter's test table (old_address, new_address): the text is the old address, the
    labels the province and commune of 2025 that its new address names: a new address has no
    district, so its last part is the province (after "Việt Nam" is dropped) and the part
    before it the commune when it starts with a ward type word."""
    rows = []
    for r in csv.DictReader(io.StringIO(table)):
        parts = [p.strip() for p in r["new_address"].split(",") if p.strip()]
        if parts and parts[-1].casefold() in ("việt nam", "viet nam", "vietnam"):
            parts.pop()
        province = parts.pop() if len(parts) >= 2 else ""
        ward = parts[-1] if parts and _WARD_PART.match(parts[-1]) else ""
        rows.append(_row(r["old_address"], province, None, ward))
    return rows


def normalizer_rows(source: str) -> list[dict[str, Any]]:
    """The ``TESTS`` list of the normaliser's regression script, read as a literal (never run):
    a test that expects a valid reading labels its province and commune of 2025; one that
    expects none ("invalid") is not graded."""
    import ast

    for node in ast.parse(source).body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name) and node.targets[0].id == "TESTS"):
            tests = ast.literal_eval(node.value)
            break
    else:
        raise SystemExit("the normaliser's regression script has no TESTS list")
    return [_row(t["input"], t["expect_province"], None, t["expect_ward"])
            if t.get("expect_valid") else _row(t["input"], None, None, None) for t in tests]


def _text_key(text: str) -> str:
    from vn_units import normalize

    return " ".join(normalize(text).split())


# sealed set -> how many of its texts were dropped because another set holds them
DROPPED: dict[str, int] = {}


def build_sets(cache: Path, sealed_too: bool = False) -> dict[str, list[dict[str, Any]]]:
    sets: dict[str, list[dict[str, Any]]] = {}

    def js(name: str) -> Any:
        data = read_bytes(name, cache)
        return None if data is None else json.loads(data)

    public, test = js("public"), js("test")
    if public is not None:
        sets["course-public"] = public
    if test is not None:
        sets["student-written"] = test
    seen = {r["text"] for r in public or []}
    variants: list[dict[str, Any]] = []
    for name in ("latest", "enhanced"):
        for r in js(name) or []:
            if (r.get("notes") != "public test case" and isinstance(r.get("text"), str)
                    and r["text"] not in seen):
                seen.add(r["text"])
                variants.append(r)
    if variants:
        sets["student-variants"] = variants
    data = read_bytes("map", cache)
    if data is not None:
        sets["map-queries"] = map_queries(data.decode("utf-8"))
    shops: list[dict[str, Any]] = []
    for name in ("shop-s", "shop-t"):
        data = read_bytes(name, cache)
        for r in csv.DictReader(io.StringIO((data or b"").decode("utf-8-sig"))):
            parts = [r["ward"], r["district"], r["province"]]
            shops.append(_row(", ".join(p for p in parts if p), r["province"], r["district"],
                              r["ward"]))
    if shops:
        sets["shop-lists"] = shops
    if not sealed_too:
        return sets
    # sealed sets: a text that one of the sets above holds (compared normalised) is dropped
    held = {_text_key(r["text"]) for rows in sets.values() for r in rows}
    sealed: dict[str, list[dict[str, Any]]] = {}
    addresses, extracted = js("format"), js("extract")
    if addresses is not None or extracted is not None:
        sealed["sealed-delivery"] = formatter_rows(addresses or [], extracted or [])
    data = read_bytes("pelias-vi", cache)
    if data is not None:
        sealed["sealed-geocoder"] = pelias_rows(data.decode("utf-8"))
    data = read_bytes("convert-table", cache)
    if data is not None:
        sealed["sealed-converter"] = converter_rows(data.decode("utf-8-sig"))
    data = read_bytes("normalizer", cache)
    if data is not None:
        sealed["sealed-normalizer"] = normalizer_rows(data.decode("utf-8"))
    for name, rows in sealed.items():
        kept = [r for r in rows if _text_key(r["text"]) not in held]
        DROPPED[name] = len(rows) - len(kept)
        sets[name] = kept
    return sets


# ---------------------------------------------------------------- labels -> units


_TONES = "\u0300\u0301\u0303\u0309\u0323"
_TYPE_SPELT = re.compile(r"^(?:thành phố|thị xã|thị trấn|tỉnh|quận|huyện|phường|xã|tp\.?|tx\.?"
                         r"|tt\.?)\s+(?=\S)")


def _spelt(name: str) -> str:
    """A key that keeps every diacritic but not where a tone mark sits ("Hoà" = "Hòa";
    "Hoằng Thành" != "Hoằng Thanh"), without a leading type word."""
    words = []
    for word in _TYPE_SPELT.sub("", unicodedata.normalize("NFC", name).casefold().strip()).split():
        nfd = unicodedata.normalize("NFD", word)
        base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES))
        words.append(base + "".join(sorted(c for c in nfd if c in _TONES)))
    return " ".join(words)


_TYPE_WORDS = re.compile(r"^(?:thanh pho|thi xa|thi tran|tinh|quan|huyen|phuong|xa|tp|tx|tt)"
                         r" (?=\S)")


def _bare(name: str) -> str:
    """The matching key of a name without its leading type word ("Thị Xã Kinh Môn" -> "kinh
    mon", "quan 9" -> "9"); a name that is only a type word keeps it."""
    from vn_units import normalize

    key = normalize(name)
    return _TYPE_WORDS.sub("", key) or key


def _pick(label: str, units: list[Any]) -> list[Any]:
    """The units whose name is ``label`` (written with or without its type word), compared
    diacritic- and case-insensitively; when several match, an exact spelling, then the same
    type word, narrows them."""
    from vn_units import normalize

    key = _bare(label)
    found = [u for u in units if normalize(u.name) == key]
    if not found and key != normalize(label):  # a name that starts like a type word
        found = [u for u in units if normalize(u.name) == normalize(label)]
    if len(found) > 1:
        found = [u for u in found if _spelt(u.name) == _spelt(label)] or found
        if len(found) > 1:  # the type word written decides ("Thị Trấn Thanh An")
            found = [u for u in found if normalize(u.full_name) == normalize(label)] or found
    return found


class LabelError(Exception):
    """A label the tables cannot place: not found, or found more than once."""


@dataclass
class Expected:
    codes: dict[str, str] = field(default_factory=dict)  # level -> legacy code
    via_history: bool = False


class Labeller:
    def __init__(self) -> None:
        from vn_units import legacy

        self.legacy = legacy
        self._history: Any = None

    def history(self) -> Any:
        if self._history is None:
            from vn_units import history

            self._history = history.on(HISTORY_START)
        return self._history

    def _in_history(self, level: str, label: str, parent: str | None) -> Any:
        """The one legacy unit that the unit named ``label`` under ``parent`` (a code) in the
        history's first snapshot went into, whole; None when there is none or not one."""
        from vn_units import history

        units = [u for u in self.history().level(level).values()
                 if parent is None or u.parent_code == parent]
        found = _pick(label, units)
        if len(found) != 1:
            return None
        after = history.successors(found[0])
        return after[0] if len(after) == 1 else None

    def expected_current(self, labels: dict[str, str]) -> Expected:
        """Codes of 2025-07-01 for a province and commune labelled in the current era, placed
        by name like the legacy labels: the province among the 34, the commune among that
        province's communes (or among all when no province is labelled)."""
        import vn_units

        out = Expected()
        province = None
        if labels["province"]:
            found = _pick(labels["province"], list(vn_units.provinces))
            if len(found) != 1:
                raise LabelError(f"province {labels['province']!r}: {len(found)} units")
            province = found[0]
            out.codes["province"] = province.code
        if labels["commune"]:
            pool = (list(province.communes) if province is not None
                    else list(vn_units.communes))
            found = _pick(labels["commune"], pool)
            if len(found) != 1:
                raise LabelError(f"ward {labels['commune']!r}: {len(found)} units")
            out.codes["commune"] = found[0].code
        return out

    def expected(self, labels: dict[str, str]) -> Expected:
        out = Expected()
        province = district = None
        if labels["province"]:
            found = _pick(labels["province"], list(self.legacy.provinces))
            if not found:
                hit = self._in_history("province", labels["province"], None)
                if hit is not None:
                    found, out.via_history = [hit], True
            if len(found) != 1:
                raise LabelError(f"province {labels['province']!r}: {len(found)} units")
            province = found[0]
            out.codes["province"] = province.code
        if labels["district"]:
            pool = (list(province.districts) if province is not None
                    else list(self.legacy.districts))
            found = _pick(labels["district"], pool)
            if not found:
                hit = self._in_history("district", labels["district"],
                                       province.code if province else None)
                if hit is not None:
                    found, out.via_history = [hit], True
            if len(found) > 1 and labels["commune"]:
                # two districts of one name (Huyện and Thị xã Cai Lậy): the ward decides
                found = [d for d in found if len(_pick(labels["commune"], list(d.communes))) == 1]
            if len(found) != 1:
                raise LabelError(f"district {labels['district']!r}: {len(found)} units")
            district = found[0]
            out.codes["district"] = district.code
        if labels["commune"]:
            parent = district if district is not None else province
            pool = (list(parent.communes) if parent is not None
                    else list(self.legacy.communes))
            found = _pick(labels["commune"], pool)
            if not found and district is not None:
                hit = self._in_history("commune", labels["commune"], district.code)
                if hit is not None:
                    found, out.via_history = [hit], True
            if len(found) != 1:
                raise LabelError(f"ward {labels['commune']!r}: {len(found)} units")
            out.codes["commune"] = found[0].code
            if out.via_history and district is not None:
                # a district renamed or split since: the ward's parent on 2025-06-30 is the label
                out.codes["district"] = found[0].district_code
        return out


# ---------------------------------------------------------------- grading


def successors(level: str, code: str) -> set[str]:
    """Current codes a legacy province or commune went into (lineage table)."""
    import vn_units

    unit = (vn_units.legacy.provinces[code] if level == "province"
            else vn_units.legacy.communes[code])
    return {c.code for c in vn_units.convert(unit).candidates}


def level_right(level: str, want: str, parsed: Any) -> bool:
    got = getattr(parsed, level)
    if got is None:
        return False
    if parsed.era == "legacy":
        return bool(got.code == want)
    if level == "district":
        return False
    return got.code in successors(level, want)


def current_right(level: str, want: str, parsed: Any) -> bool:
    """Whether a reading gives the labelled unit of 2025-07-01 (province or commune): read in
    the current era, that unit; read in the legacy era, a unit that went (whole or in part)
    into it."""
    got = getattr(parsed, level)
    if got is None:
        return False
    if parsed.era == "current":
        return bool(got.code == want)
    return want in successors(level, got.code)


# ---------------------------------------------------------------- miss patterns

_TYPE_PREFIXES = ("Thành phố", "Phường", "Huyện", "Quận", "Tỉnh", "Xã", "TP", "TX", "TT",
                  "X", "H", "P", "Q", "T", "F")
_STRAY_DIGIT = re.compile(r"[^\W\d_]\d+[^\W\d_]|[^\W\d_]{2,}\d+\b")


def _glued(text: str) -> bool:
    """A lower-case letter right before a capital ("HàNội", "TỉnhQuảng")."""
    return any(text[i].islower() and text[i + 1].isupper() for i in range(len(text) - 1))


def _type_glued(text: str) -> bool:
    """A type word or its letter glued to a capitalised name ("XDuy Hải", "TỉnhQuảng Nam")."""
    for word in re.split(r"[\s,.;:/-]+", text):
        for prefix in _TYPE_PREFIXES:
            rest = word[len(prefix):]
            if (word.startswith(prefix) and len(rest) >= 2 and rest[0].isupper()
                    and rest[1].islower()):
                return True
    return False


def _words(s: str) -> str:
    from vn_units import normalize

    return f" {normalize(s)} "


def text_features(text: str) -> list[str]:
    """The forms of a text that are hard to read, found on the text alone."""
    tags = []
    if _type_glued(text):
        tags.append("type word or letter glued to a capitalised name")
    elif _glued(text):
        tags.append("words glued (lower-case then capital)")
    if _STRAY_DIGIT.search(text):
        tags.append("a stray digit inside a word")
    if "," not in text and "-" not in text:
        tags.append("no separators")
    return tags


def patterns(text: str, expected: dict[str, str], parsed: Any, current: bool = False,
             ) -> list[str]:
    """Descriptive tags for a miss (several may apply); ``current``: the labels are units of
    2025-07-01."""
    import vn_units

    right = current_right if current else level_right
    tags = []
    wrong = [lv for lv in LEVELS if lv in expected and not right(lv, expected[lv], parsed)]
    for lv in wrong:
        tags.append(f"{lv}: {'none read' if getattr(parsed, lv) is None else 'another unit'}")
    key = _words(text)
    tables: dict[str, Any] = (
        {"province": vn_units.provinces, "commune": vn_units.communes} if current else
        {"province": vn_units.legacy.provinces, "district": vn_units.legacy.districts,
         "commune": vn_units.legacy.communes})
    for lv in wrong:
        name = tables[lv][expected[lv]].name
        if _words(name) not in key:
            tags.append(f"{lv} name not written as in the tables"
                        + (" of 2025 (a legacy text, or typo/abbreviation)" if current
                           else " (typo/abbreviation/glued)"))
    tags += text_features(text)
    if parsed.era == "current":
        tags.append("read in the current era")
    return tags


# ---------------------------------------------------------------- run


def seen_in_repo(texts: list[str]) -> int:
    """How many of ``texts`` (12 characters or more) appear verbatim in vn-units' own tests
    or docs: a text that does was not held out."""
    blob = "\n".join(p.read_text("utf-8", errors="replace")
                     for folder in ("tests", "docs") for p in (ROOT / folder).rglob("*")
                     if p.suffix in {".py", ".txt", ".jsonl", ".md", ".json"} and p.is_file())
    return sum(1 for t in texts if len(t.strip()) >= 12 and t.strip() in blob)


def peer_reader() -> Any:
    """vietnamadminunits 1.0.4 (a benchmark-only dependency) told the legacy era, as
    benchmarks/address_accuracy.py runs it, with every socket refused: the codes it reads."""
    import socket
    import warnings

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no network in benchmarks")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]
    warnings.simplefilter("ignore")
    from vietnamadminunits import parse_address as theirs

    def read(text: str) -> dict[str, str | None]:
        try:
            u = theirs(text, mode="LEGACY", level=3)
        except Exception:  # it raises on addresses it cannot parse
            return {}
        out = {}
        for level, attr, width in (("province", "province_code", 2),
                                   ("district", "district_code", 3),
                                   ("commune", "ward_code", 5)):
            value = getattr(u, attr, None)
            out[level] = (None if value is None or value != value
                          else str(value).split(".")[0].zfill(width))
        return out

    return read


def run(sets: dict[str, list[dict[str, Any]]], show: int, seed: int,
        dump: str | None, peer: bool = False) -> None:
    import vn_units
    from vn_units import convert_address, parse_address

    theirs = peer_reader() if peer else None
    labeller = Labeller()
    report: list[dict[str, Any]] = []
    summary: dict[str, Counter[str]] = {}
    t0 = time.process_time()
    for set_name, rows in sets.items():
        sealed = set_name in SEALED
        current = set_name in CURRENT_LABELS  # labels of 2025-07-01
        text_era: Literal["legacy", "current"] | None = CURRENT_LABELS.get(set_name, "legacy")
        right = current_right if current else level_right
        stats: dict[str, Counter[str]] = defaultdict(Counter)
        summary[set_name] = stats["main"]
        label_errors: Counter[str] = Counter()
        label_samples: list[str] = []
        misses: list[tuple[str, dict[str, str], Any, list[str]]] = []
        tags_count: Counter[str] = Counter()
        by_feature: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # feature: [ok, rows]
        non_addresses = [0, 0]
        for row in rows:
            labels = {lv: (row["result"].get(LABEL_KEYS[lv]) or "").strip() for lv in LEVELS}
            text = row["text"]
            if not any(labels.values()):
                if SETS[set_name][1]:  # labelled "no unit": texts that name no unit
                    p = parse_address(text)
                    non_addresses[0] += p.province is None and p.commune is None
                    non_addresses[1] += 1
                else:
                    stats["all"]["no label"] += 1
                continue
            try:
                exp = labeller.expected_current(labels) if current else labeller.expected(labels)
            except LabelError as exc:
                label_errors[str(exc).split(":")[0].split()[0]] += 1
                label_samples.append(f"{text!r}: {exc}")
                continue
            group = "history" if exp.via_history else "main"
            st = stats[group]
            st["rows"] += 1
            parsed = parse_address(text)
            # the era the text is written in, when the set says so (legacy for legacy labels)
            given = parse_address(text, era=text_era) if text_era else None
            ok_all = ok_given = True
            for lv, code in exp.codes.items():
                ok = right(lv, code, parsed)
                st[f"{lv} n"] += 1
                st[f"{lv} ok"] += ok
                ok_all &= ok
                if given is not None:
                    ok_given &= right(lv, code, given)
            st["exact"] += ok_all
            if given is not None:
                st["given n"] += 1
                st["exact given"] += ok_given
            if theirs is not None and not current:  # it reads legacy codes only
                got_theirs = theirs(text)
                st["peer n"] += 1
                st["peer"] += all(got_theirs.get(lv) == c for lv, c in exp.codes.items())
            band = _band(parsed.confidence)
            st[f"{band} n"] += 1
            st[f"{band} ok"] += ok_all
            if parsed.is_ambiguous:
                st["tie n"] += 1
                st["tie ok"] += ok_all
            conv_ok = None
            if "commune" in exp.codes:
                # legacy labels: the lineage table's set for the ward; current labels: the
                # labelled commune alone (the source settles a split ward by the street)
                want = ({exp.codes["commune"]} if current
                        else successors("commune", exp.codes["commune"]))
                got = {c.code for c in convert_address(text).candidates}
                conv_ok = want == got
                st["conv n"] += 1
                st["conv ok"] += conv_ok
                st["conv has"] += want <= got
            if group == "main":
                for feature in text_features(text) or ["none of these"]:
                    by_feature[feature][0] += ok_all
                    by_feature[feature][1] += 1
            if not ok_all and group == "main":
                tags = patterns(text, exp.codes, parsed, current)
                tags_count.update(tags)
                misses.append((text, exp.codes, parsed, tags))
            report.append({"set": set_name, "text": None if sealed else text,
                           "labels": labels,
                           "expected": exp.codes, "via_history": exp.via_history,
                           "read": {lv: (getattr(parsed, lv).code if getattr(parsed, lv)
                                         else None) for lv in LEVELS},
                           "era": parsed.era, "confidence": parsed.confidence,
                           "parse_ok": ok_all, "given_ok": ok_given, "convert_ok": conv_ok})

        print(f"\n## {set_name} ({len(rows)} rows)\n\n{SETS[set_name][0]}\n")
        print(f"texts found verbatim in vn-units' tests/ or docs/: "
              f"{seen_in_repo([r['text'] for r in rows])}")
        if sealed:
            print(f"texts dropped because another set holds them: {DROPPED.get(set_name, 0)}")
        n_label = sum(label_errors.values())
        print(f"label-mapping failures (not counted): {n_label} "
              f"({', '.join(f'{k} {v}' for k, v in label_errors.most_common())})"
              if n_label else "label-mapping failures: 0")
        if stats["all"]["no label"]:
            print(f"rows with no label at all (not graded): {stats['all']['no label']}")
        if non_addresses[1]:
            print(f"texts labelled as no address: {non_addresses[1]}, read with no province "
                  f"and no commune: {non_addresses[0]}")
        levels = ("province", "commune") if current else LEVELS
        if current:
            print("labels: units of 2025-07-01; a reading in the legacy era is right when its "
                  "unit went (whole or in part) into the labelled one; conversion: "
                  "convert_address gives the labelled commune alone / among its candidates")
        print("\n| group | rows | " + " | ".join(levels) + " | exact (auto) "
              f"| exact (era {text_era or 'not given'}) | conversion exact set "
              + ("| conversion includes the label |" if current else "|"))
        print("|---|---:|" + "---:|" * (len(levels) + 3 + current))
        for group, title in (("main", "labels of 2025-07-01" if current
                              else "labels in the 2025-06-30 tables"),
                             ("history", "label via history")):
            st = stats[group]
            if not st["rows"]:
                continue
            cells = [_pct(st[f"{lv} ok"], st[f"{lv} n"]) for lv in levels]
            print(f"| {title} | {st['rows']} | " + " | ".join(cells)
                  + f" | {_pct(st['exact'], st['rows'])} | {_pct(st['exact given'], st['given n'])}"
                  f" | {_pct(st['conv ok'], st['conv n'])} |"
                  + (f" {_pct(st['conv has'], st['conv n'])} |" if current else ""))
        if by_feature:
            print("\n| text form (main group) | rows | exact (auto) |\n|---|---:|---:|")
            for feature, (n_ok, n) in sorted(by_feature.items(), key=lambda kv: -kv[1][1]):
                print(f"| {feature} | {n} | {_pct(n_ok, n)} |")
        if tags_count:
            print("\nmisses by pattern (a miss may carry several):")
            for tag, n in tags_count.most_common():
                print(f"  {n:4d}  {tag}")
        if show and misses and sealed:
            print(f"\n{len(misses)} misses (a sealed set: its texts are not shown)")
        elif show and misses:
            rnd = random.Random(seed)
            sample = rnd.sample(misses, min(show, len(misses)))
            print(f"\n{len(sample)} of {len(misses)} misses:")
            for text, codes, parsed, _tags in sample:
                wanted = ", ".join(_describe(lv, c) for lv, c in codes.items())
                read = ", ".join(f"{u.full_name}" for u in (parsed.commune, parsed.district,
                                                            parsed.province) if u is not None)
                print(f"  {text!r}\n      want {wanted}\n      read {read or '-'} "
                      f"[{parsed.era}, {parsed.confidence}]")
        if show and label_samples and not sealed:
            print("\nlabel-mapping failures (first 10):")
            for s in label_samples[:10]:
                print("  " + s)
    print("\n## summary (labels in the 2025-06-30 tables, or of 2025-07-01 where the set says "
          "so)\n")
    peer_column = " vietnamadminunits 1.0.4, era legacy given |" if peer else ""
    print("| set | rows | exact (auto) | exact (era of the text given) | conversion exact set |"
          + peer_column)
    print("|---|---:|---:|---:|---:|" + ("---:|" if peer else ""))
    total: Counter[str] = Counter()
    written: Counter[str] = Counter()
    # the shop lists are not hand-written: a second total leaves them out
    written_name = "all but shop-lists" if "shop-lists" in summary else "all"
    totals = [(written_name, written)] + ([("all", total)] if "shop-lists" in summary else [])
    for set_name, st in [*summary.items(), *totals]:
        if set_name in summary:
            total.update(st)
            if set_name != "shop-lists":
                written.update(st)
        print(f"| {set_name} | {st['rows']} | {_pct(st['exact'], st['rows'])} | "
              f"{_pct(st['exact given'], st['given n'])} | {_pct(st['conv ok'], st['conv n'])} |"
              + (f" {_pct(st['peer'], st['peer n'])} |" if peer else ""))
    print("\n## calibration (main groups, era auto): readings per band "
          "of confidence, and how many are exact\n")
    print("| set | " + " | ".join(BANDS) + " | is_ambiguous |\n|---|" + "---:|" * (len(BANDS) + 1))
    for set_name, st in [*summary.items(), (written_name, written)]:
        cells = [_pct(st[f"{b} ok"], st[f"{b} n"]) for b in (*BANDS, "tie")]
        print(f"| {set_name} | " + " | ".join(cells) + " |")
    print(f"\n(CPU {time.process_time() - t0:.1f} s; vn_units {vn_units.__version__}, data "
          f"{vn_units.__data_version__})")
    for repo, (commit, licence) in REPOS.items():
        print(f"source: https://github.com/{repo} at {commit[:12]}, {licence}")
    if dump:
        Path(dump).write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")


BANDS = ("≥ 0.9", "0.5 – 0.9", "< 0.5")


def _band(confidence: float) -> str:
    return BANDS[0] if confidence >= 0.9 else BANDS[1] if confidence >= 0.5 else BANDS[2]


def _pct(ok: int, n: int) -> str:
    return f"{100.0 * ok / n:.1f}% ({ok}/{n})" if n else "-"


def _describe(level: str, code: str) -> str:
    import vn_units

    table: Any = {"province": vn_units.legacy.provinces, "district": vn_units.legacy.districts,
                  "commune": vn_units.legacy.communes}[level]
    return str(table[code].full_name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--from-git", metavar="PATH",
                        action="append", default=[],
                        help="a clone or mirror of one of the source repositories: copy its "
                             "pinned files into the cache (repeatable)")
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--set", action="append", choices=sorted(SETS),
                        help="measure this set only (repeatable)")
    parser.add_argument("--show", type=int, default=0, metavar="N",
                        help="print N misses of each set (a seeded sample)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", metavar="FILE", help="write every graded row to FILE")
    parser.add_argument("--sealed", action="store_true",
                        help="measure the sealed sets only (" + ", ".join(SEALED) + "); their "
                             "misses are counted by pattern, never printed")
    parser.add_argument("--peer", action="store_true",
                        help="also vietnamadminunits 1.0.4 (pip install -r "
                             "benchmarks/requirements.txt), told the legacy era")
    args = parser.parse_args(argv)
    for git_dir in args.from_git:
        fill_cache(git_dir, args.cache)
    sets = build_sets(args.cache, sealed_too=args.sealed)
    if args.set and not args.sealed and set(args.set) & set(SEALED):
        parser.error("a sealed set is measured with --sealed")
    sets = {k: v for k, v in sets.items() if (k in SEALED) == args.sealed}
    if args.set:
        sets = {k: v for k, v in sets.items() if k in args.set}
    run(sets, args.show, args.seed, args.json, args.peer)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
