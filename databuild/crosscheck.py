"""Cross-check the bundled tables against two independent copies of the official tables.

Neither copy is used by the build for these tables, so agreement is independent evidence and a
difference is something to look at (never an automatic correction: changes go through the
reviewed overrides, citing a legal document). Nothing is written.

Sources, read at pinned commits from local git mirrors (the ``fetch`` tool lays them out as
``<DIR>/<owner>+<name>/repo``; a plain clone at ``<DIR>/<owner>+<name>`` or ``<DIR>/<name>``
also works):

* ``vpd``: thanglequoc/vietnamese-provinces-database @ cd58063 (MIT),
  ``postgresql/postgres_ImportData_vn_units.sql`` (created 2026-07-12): the 34 provinces and
  3,321 communes with codes, names, province and type. Types are compared as of 2026-07-12.
* ``kit``: zindont/vn-address-kit @ faa205f (MIT), ``src/data/official/current-*.json``
  (baseline 2025-07-01); ``kit-legacy``: its ``legacy-*.json`` and ``mappings.json`` against
  the legacy tables and the commune lineage edges.

Usage::

    python -m databuild.crosscheck [vpd|kit|kit-legacy|all] [--mirrors DIR]

Prints counts by kind, then each difference other than tone placement, apostrophe glyph or a
type word kept in a numbered name. Exits 0 once it has run (differences are reported, not
failures). Not run by CI: CI reaches PyPI only and has no copy of these repositories.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import subprocess
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_MIRRORS = Path("/work/.mirror")
VPD = ("thanglequoc/vietnamese-provinces-database", "cd58063299585146ded3981f2272946ef19ced54")
KIT = ("zindont/vn-address-kit", "faa205f656149acbd4c6f03ec1407a2e7cd6dff4")
VPD_FILE = "postgresql/postgres_ImportData_vn_units.sql"
VPD_DATE = datetime.date(2026, 7, 12)
KIT_DATE = datetime.date(2025, 7, 1)

IDENTICAL = "identical"
TONE = "tone placement / apostrophe glyph only"
TYPE_WORD = "type word kept in the name"
SPACING = "spaces around a hyphen or apostrophe"
I_Y = "i / y spelling"
DIACRITICS = "other diacritics (same letters)"
LETTERS = "other letters"
#: Kinds that are spelling conventions, not disagreements about the unit.
BENIGN = frozenset({IDENTICAL, TONE, TYPE_WORD})

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_TYPE_PREFIX = re.compile(
    r"^(?:thành phố|thị xã|thị trấn|tỉnh|quận|huyện|phường|xã|đặc khu)\s+", re.IGNORECASE)
_AROUND_MARK = re.compile(r"\s*([-'])\s*")

# (source's type word -> our type) per level; the kit's "town" is thị xã for a district.
_KIT_TYPES = {"city": "thành phố", "province": "tỉnh", "ward": "phường", "commune": "xã",
              "special_zone": "đặc khu", "town": "thị trấn", "urban_district": "quận",
              "district": "huyện"}
_KIT_DISTRICT_TYPES = {**_KIT_TYPES, "town": "thị xã"}


def spelt(name: str) -> str:
    """A name's letters and diacritics with tone marks moved to the end of each word.

    Two names with equal ``spelt`` differ only in where a tone mark sits, in case, or in the
    apostrophe glyph.

    >>> spelt("Hòa") == spelt("Hoà")
    True
    >>> spelt("Nặm") == spelt("Nậm")
    False
    """
    words = []
    for word in unicodedata.normalize("NFC", name).replace("\u2019", "'").casefold().split():
        nfd = unicodedata.normalize("NFD", word)
        base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES))
        words.append(base + "".join(sorted(c for c in nfd if c in _TONES)))
    return " ".join(words)


def _letters(name: str) -> str:
    """Base letters only (every diacritic dropped, đ -> d), casefolded."""
    nfd = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in nfd if not unicodedata.combining(c)).casefold()


def name_kind(theirs: str, ours: str) -> str:
    """How the source's name of a unit differs from ours (one of the kind constants).

    >>> name_kind("Hoà Bình", "Hòa Bình")
    'tone placement / apostrophe glyph only'
    >>> name_kind("Phường 3", "3")
    'type word kept in the name'
    >>> name_kind("Trạng Hạ", "Trang Hạ")
    'other diacritics (same letters)'
    >>> name_kind("Tà Xi Láng", "Tà Si Láng")
    'other letters'
    """
    if theirs == ours:
        return IDENTICAL
    if spelt(theirs) == spelt(ours):
        return TONE
    bare = _TYPE_PREFIX.sub("", theirs)
    if bare != theirs and (spelt(bare) == spelt(ours) or bare.lstrip("0") == ours.lstrip("0")):
        return TYPE_WORD
    if _AROUND_MARK.sub(r"\1", spelt(theirs)) == _AROUND_MARK.sub(r"\1", spelt(ours)):
        return SPACING
    if spelt(theirs).replace("ý", "í").replace("y", "i") == \
            spelt(ours).replace("ý", "í").replace("y", "i"):
        return I_Y
    if _letters(theirs) == _letters(ours):
        return DIACRITICS
    return LETTERS


@dataclass
class Report:
    """Counts by kind and the lines worth reading."""

    counts: Counter[str]
    lines: list[str]

    def add(self, kind: str, n: int = 1) -> None:
        """Count ``n`` more of ``kind``."""
        self.counts[kind] += n

    def note(self, line: str) -> None:
        """Keep one difference to print."""
        self.lines.append(line)

    def print(self, title: str) -> None:
        """Print the title, the differences and the counts."""
        print(f"== {title}")
        for line in self.lines:
            print(f"  {line}")
        for kind, n in sorted(self.counts.items()):
            print(f"{n:7d}  {kind}")


class Source:
    """One pinned repository read from a local mirror or clone."""

    def __init__(self, mirrors: Path, repo: str, commit: str) -> None:
        owner_name = repo.replace("/", "+")
        candidates = [mirrors / owner_name / "repo", mirrors / owner_name,
                      mirrors / repo.split("/")[1]]
        found = next((p for p in candidates if p.is_dir()), None)
        if found is None:
            raise SystemExit(f"no mirror of {repo} under {mirrors} (tried "
                             + ", ".join(str(p) for p in candidates) + "); fetch it first")
        self.path, self.commit = found, commit

    def text(self, path: str) -> str:
        """The file at the pinned commit, as UTF-8 text."""
        return subprocess.run(["git", "-C", str(self.path), "show", f"{self.commit}:{path}"],
                              capture_output=True, check=True).stdout.decode("utf-8")

    def json(self, path: str) -> list[dict[str, Any]]:
        """A JSON list at the pinned commit."""
        data: list[dict[str, Any]] = json.loads(self.text(path))
        return data


# code -> (name, type); code -> (name, province code, type)
Provinces = dict[str, tuple[str, str]]
Communes = dict[str, tuple[str, str, str]]


def load_vpd(src: Source) -> tuple[Provinces, Communes]:
    """Provinces and communes from vpd's SQL import file (values read as data, not run)."""
    sql = src.text(VPD_FILE)
    quoted = r"'((?:[^']|'')*)'"
    prov_re = re.compile(r"^\(" + ",".join([quoted] * 6) + r",(\d+)\)", re.M)
    ward_re = re.compile(r"^\(" + ",".join([quoted] * 7) + r",(\d+)\)", re.M)
    ptype = {"1": "thành phố", "2": "tỉnh"}
    wtype = {"3": "phường", "4": "xã", "5": "đặc khu"}
    head, _, wards = sql.partition("DATA for wards")
    provinces = {m[0]: (m[1].replace("''", "'"), ptype[m[6]]) for m in prov_re.findall(head)}
    communes = {m[0]: (m[1].replace("''", "'"), m[6], wtype[m[7]])
                for m in ward_re.findall(wards)}
    return provinces, communes


def load_kit(src: Source) -> tuple[Provinces, Communes]:
    """The kit's current provinces and communes (its 2025-07-01 baseline)."""
    provinces = {p["code"]: (p["name"], _KIT_TYPES[p["type"]])
                 for p in src.json("src/data/official/current-provinces.json")}
    communes = {w["code"]: (w["name"], w["provinceCode"], _KIT_TYPES[w["type"]])
                for w in src.json("src/data/official/current-wards.json")}
    return provinces, communes


def _codes(report: Report, level: str, theirs: Iterable[str], ours: Iterable[str]) -> set[str]:
    t, o = set(theirs), set(ours)
    report.add(f"{level}: code in both", len(t & o))
    report.add(f"{level}: code only theirs", len(t - o))
    report.add(f"{level}: code only ours", len(o - t))
    for code in sorted(t - o):
        report.note(f"{level} {code}: only theirs")
    for code in sorted(o - t):
        report.note(f"{level} {code}: only ours")
    return t & o


def _name(report: Report, level: str, code: str, theirs: str, ours: str) -> None:
    kind = name_kind(theirs, ours)
    report.add(f"{level}: name {kind}")
    if kind not in BENIGN:
        report.note(f"{level} {code}: name {theirs!r} vs ours {ours!r} [{kind}]")


def _same(report: Report, what: str, code: str, theirs: str, ours: str) -> None:
    if theirs == ours:
        report.add(f"{what} agrees")
    else:
        report.add(f"{what} differs")
        report.note(f"{what} {code}: theirs {theirs} vs ours {ours}")


def compare_current(provinces: Provinces, communes: Communes, on: datetime.date) -> Report:
    """The current era: codes, names, province of each commune, types as of ``on``."""
    import vn_units

    report = Report(Counter(), [])
    ours_p = {p.code: p for p in vn_units.provinces}
    ours_c = {c.code: c for c in vn_units.communes}
    for code in sorted(_codes(report, "province", provinces, ours_p)):
        name, kind = provinces[code]
        _name(report, "province", code, name, ours_p[code].name)
        _same(report, f"province: type as of {on}", code, kind, str(ours_p[code].type_on(on)))
    for code in sorted(_codes(report, "commune", communes, ours_c)):
        name, province, kind = communes[code]
        unit = ours_c[code]
        _name(report, "commune", code, name, unit.name)
        _same(report, "commune: province", code, province, unit.province_code)
        _same(report, f"commune: type as of {on}", code, kind, str(unit.type_on(on)))
    return report


def compare_kit_legacy(src: Source) -> Report:
    """The kit's legacy tables and old -> new commune mapping against ours."""
    import vn_units
    from vn_units import lineage

    report = Report(Counter(), [])
    leg = vn_units.legacy
    levels: list[tuple[str, dict[str, Any], str, dict[str, str]]] = [
        ("province", {u.code: u for u in leg.provinces}, "legacy-provinces", _KIT_TYPES),
        ("district", {u.code: u for u in leg.districts}, "legacy-districts",
         _KIT_DISTRICT_TYPES),
        ("commune", {u.code: u for u in leg.communes}, "legacy-wards", _KIT_TYPES),
    ]
    for level, ours, file, types in levels:
        theirs = {u["code"]: u for u in src.json(f"src/data/official/{file}.json")}
        tag = f"legacy {level}"
        for code in sorted(_codes(report, tag, theirs, ours)):
            t, u = theirs[code], ours[code]
            _name(report, tag, code, t["name"], u.name)
            _same(report, f"{tag}: type", code, types.get(t["type"], t["type"]), str(u.type))
            if level == "district":
                _same(report, f"{tag}: province", code, t["provinceCode"], u.province_code)
            if level == "commune":
                _same(report, f"{tag}: district", code, t["districtCode"], u.district_code)

    ours_kind = {(e.legacy_code, e.current_code): e.kind for e in lineage.edges()
                 if e.legacy_level == "commune" and e.current_level == "commune"}
    rows = [r for r in src.json("src/data/official/mappings.json") if r.get("oldWardCode")]
    their_kind = {(r["oldWardCode"], r["newWardCode"]):
                  "partial" if "một phần" in (r.get("note") or "") else "whole" for r in rows}
    report.add("lineage commune edges: theirs", len(their_kind))
    report.add("lineage commune edges: ours", len(ours_kind))
    report.add("lineage commune edges: in both", len(their_kind.keys() & ours_kind.keys()))
    report.add("lineage commune edges: only theirs", len(their_kind.keys() - ours_kind.keys()))
    report.add("lineage commune edges: only ours", len(ours_kind.keys() - their_kind.keys()))
    succ_t: dict[str, set[str]] = {}
    succ_o: dict[str, set[str]] = {}
    for old, new in their_kind:
        succ_t.setdefault(old, set()).add(new)
    for old, new in ours_kind:
        succ_o.setdefault(old, set()).add(new)
    differ = sorted(o for o in succ_t.keys() | succ_o.keys() if succ_t.get(o) != succ_o.get(o))
    report.add("lineage: legacy communes whose successors differ", len(differ))
    for old in differ:
        report.note(f"lineage: successors of {old}: theirs {sorted(succ_t.get(old, ()))} "
                    f"ours {sorted(succ_o.get(old, ()))}")
    for pair in sorted(their_kind.keys() & ours_kind.keys()):
        _same(report, "lineage shared edge: whole/partial", "->".join(pair),
              their_kind[pair], str(ours_kind[pair]))
    return report


def main(argv: list[str] | None = None) -> int:
    """Run the chosen comparisons and print their reports."""
    parser = argparse.ArgumentParser(prog="python -m databuild.crosscheck",
                                     description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("which", nargs="?", default="all",
                        choices=["vpd", "kit", "kit-legacy", "all"])
    parser.add_argument("--mirrors", type=Path, default=DEFAULT_MIRRORS,
                        help="folder holding the mirrors (default %(default)s)")
    args = parser.parse_args(argv)
    which = ["vpd", "kit", "kit-legacy"] if args.which == "all" else [args.which]
    if "vpd" in which:
        src = Source(args.mirrors, *VPD)
        compare_current(*load_vpd(src), VPD_DATE).print(
            f"{VPD[0]} @ {VPD[1][:7]} (types as of {VPD_DATE})")
    if "kit" in which or "kit-legacy" in which:
        kit = Source(args.mirrors, *KIT)
        if "kit" in which:
            compare_current(*load_kit(kit), KIT_DATE).print(
                f"{KIT[0]} @ {KIT[1][:7]} current (types as of {KIT_DATE})")
        if "kit-legacy" in which:
            compare_kit_legacy(kit).print(f"{KIT[0]} @ {KIT[1][:7]} legacy and lineage")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
