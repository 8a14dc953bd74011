"""History stage: dated snapshots 2021-11-01 .. 2025-06-30 and the change events between them.

Source: the statistics office's list at each release of vietnamese-provinces-database (MIT,
``databuild/extracts/vpd_snapshots.json``, see ``databuild/github.py``): eleven snapshots, from
2021-11-01 (387/NQ-UBTVQH15) to 2025-03-01 (1365/NQ-UBTVQH15), each dated by the day its
decrees took effect (the README's table gives the issue date too). The last snapshot has the
same codes, parents and types as the legacy tables of 2025-06-30, which the history ends with.

Change events are derived between consecutive snapshots, per code:

* ``rename`` / ``type`` / ``parent``: the code exists on both dates with another name, type or
  parent;
* ``merge``: the code is gone. A district's targets are the districts its communes are under
  on the next date. A commune's target is, in order: a target from the reviewed
  ``overrides/history.csv`` (the resolution as quoted by the press, for mergers the lists
  cannot show); the one unit of the same district that took the retired unit's name that day
  (renamed to it, a new code with it, or a unit of that name given its type); the unit of
  2025-06-30 whose former names (vietnamadminunits' keywords, ``former_names.json``) include
  the retired name, in the same province; the one unit of the same district renamed on that
  date; the one unit that appeared in the same district on that date. Otherwise the target is
  unknown (counted);
* ``create``: a code appears.

An event's ``documents`` are the decrees the source lists for the release that first shows the
change: exact for single-resolution releases, only the release's headline decree where a
release brought in many resolutions (2024-11-01, 2025-01-01; docs/history.md says which).

Names are the statistics office's spelling, except that a unit still present on 2025-06-30 has
its legacy table's name on every date its office name was the same as on 2025-03-01.
"""

from __future__ import annotations

import itertools
import re
import sys
from collections import Counter, defaultdict
from typing import Any

import databuild.build  # noqa: F401  (puts <repo>/src on sys.path for a clean clone)
from databuild import github
from databuild.common import load_overrides
from vn_units.text import normalize

END = "2025-06-30"
CLAUSE = re.compile(r"Điều \d+ khoản \d+(?: điểm [a-zđ](?:, [a-zđ])*)?")
"""An overrides row whose ``clause`` is written so names the clause; the event gets it."""
LEVELS = ("provinces", "districts", "communes")
PARENT_LEVEL = {"districts": "provinces", "communes": "districts"}


def _states(raw: dict[str, Any]) -> list[dict[str, dict[str, tuple[str, str, str]]]]:
    n = len(raw["snapshots"])
    states: list[dict[str, dict[str, tuple[str, str, str]]]] = [
        {lv: {} for lv in LEVELS} for _ in range(n)]
    for lv in LEVELS:
        for code, typ, name, *rest in raw[lv]:
            parent, first, end = (rest if len(rest) == 3 else ["", *rest])
            name = " ".join(name.split())  # the office list has stray spaces ("Cò  Nòi")
            for i in range(first, end):
                states[i][lv][code] = (typ, name, parent)
    return states


def _fill_gaps(states: list[dict[str, dict[str, tuple[str, str, str]]]]) -> int:
    """A unit missing from some snapshots but present, the same, before and after is a gap of
    the source (the island districts without communes are left out of v2.0.0 .. v2.1.0)."""
    filled = 0
    for lv in LEVELS:
        seen: dict[str, list[int]] = defaultdict(list)
        for i, st in enumerate(states):
            for code in st[lv]:
                seen[code].append(i)
        for code, idx in seen.items():
            for a, b in itertools.pairwise(idx):
                if b > a + 1 and states[a][lv][code] == states[b][lv][code]:
                    for i in range(a + 1, b):
                        states[i][lv][code] = states[a][lv][code]
                        filled += 1
    return filled


def _legacy_names(states: list[dict[str, dict[str, tuple[str, str, str]]]],
                  legacy: dict[str, dict[str, Any]]) -> int:
    """Give a unit alive on 2025-06-30 the legacy table's name where the office list means the
    same name: from the last snapshot whose office name has the legacy name's key on (the
    office list of 2025-03-01 names district 682 Đạ Tẻh again after Đạ Huoai of 2025-01-01;
    the legacy tables and the resolutions have Đạ Huoai), or, where no snapshot has that key
    (a spelling the key does not fold: Xà Phìn / Sà Phìn), on the dates the office name is that
    of the last snapshot. Returns the number of entries changed."""
    changed = 0
    for lv in LEVELS:
        for code, rec in legacy[lv].items():
            name, key = rec["name"], normalize(rec["name"])
            idx = [i for i, st in enumerate(states) if code in st[lv]]
            same = [i for i in idx if normalize(states[i][lv][code][1]) == key]
            if same:
                chosen = [i for i in idx if i >= same[-1]] + same
            else:
                final = states[-1][lv][code][1]
                chosen = [i for i in idx if states[i][lv][code][1] == final]
            for i in set(chosen):
                typ, old, parent = states[i][lv][code]
                if old != name:
                    states[i][lv][code] = (typ, name, parent)
                    changed += 1
    return changed


def build(files: dict[str, Any]) -> dict[str, Any]:
    raw = github.VPD_SNAPSHOTS.load()
    snaps = raw["snapshots"]
    states = _states(raw)
    filled = _fill_gaps(states)
    n = len(states)
    legacy = {
        "provinces": {r["code"]: r for r in files["legacy_provinces.json"]},
        "districts": {r["code"]: r for r in files["legacy_districts.json"]},
        "communes": {r["code"]: r for r in files["legacy_communes.json"]},
    }
    problems: list[str] = []
    # the last snapshot (2025-03-01) must be the legacy era's structure
    last = states[-1]
    for lv in LEVELS:
        if set(last[lv]) != set(legacy[lv]):
            problems.append(f"{lv}: codes of {snaps[-1]['date']} differ from {END}")
        pf = {"districts": "province_code", "communes": "district_code"}.get(lv)
        for code, (typ, _name, parent) in last[lv].items():
            rec = legacy[lv].get(code)
            if rec is None:
                continue
            if typ != rec["type"] or (pf and parent != rec[pf]):
                problems.append(f"{lv} {code}: type/parent of {snaps[-1]['date']} differ "
                                f"from {END}")
    if problems:
        raise SystemExit("history stage:\n  " + "\n  ".join(problems))

    respelled = _legacy_names(states, legacy)
    former: dict[str, dict[str, list[str]]] = {
        "communes": files["former_names.json"]["legacy_communes"],
        "districts": files["former_names.json"]["legacy_districts"],
    }
    district_province = {c: r["province_code"] for c, r in legacy["districts"].items()}

    def province_of(level: str, i: int, code: str) -> str:
        if level == "provinces":
            return code
        parent = states[i][level][code][2]
        return parent if level == "districts" else states[i]["districts"].get(
            parent, ("", "", district_province.get(parent, "")))[2]

    # merger targets the snapshots do not tell, as reported from the resolution (a reviewed
    # overrides file: each row names the resolution and the public page that reports it)
    reported = load_overrides("history.csv", {"into"})
    events: list[dict[str, Any]] = []
    stats: Counter[str] = Counter()
    for i in range(1, n):
        date, docs = snaps[i]["date"], snaps[i]["documents"]
        for lv in LEVELS:
            before, after = states[i - 1][lv], states[i][lv]
            renamed_in: dict[str, list[str]] = defaultdict(list)
            retyped_in: dict[str, list[str]] = defaultdict(list)
            created_in: dict[str, list[str]] = defaultdict(list)
            for code in sorted(set(before) & set(after)):
                (t0, n0, p0), (t1, n1, p1) = before[code], after[code]
                if n0 != n1:
                    events.append({"date": date, "level": lv[:-1], "kind": "rename",
                                   "code": code, "from": n0, "to": n1, "documents": docs})
                    renamed_in[p1].append(code)
                if t0 != t1:
                    events.append({"date": date, "level": lv[:-1], "kind": "type",
                                   "code": code, "from": t0, "to": t1, "documents": docs})
                    if n0 == n1:
                        retyped_in[p1].append(code)
                if p0 != p1:
                    events.append({"date": date, "level": lv[:-1], "kind": "parent",
                                   "code": code, "from": p0, "to": p1, "documents": docs})
            for code in sorted(set(after) - set(before)):
                events.append({"date": date, "level": lv[:-1], "kind": "create", "code": code,
                               "to": after[code][1], "documents": docs})
                created_in[after[code][2]].append(code)
                stats[f"{lv} created"] += 1
            for code in sorted(set(before) - set(after)):
                typ, name, parent = before[code]
                targets: list[str] = []
                how = ""
                ev_docs = docs
                ev_clause = ""
                if lv == "districts":
                    targets = sorted({states[i]["communes"][c][2]
                                      for c, (_t, _n, p) in states[i - 1]["communes"].items()
                                      if p == code and c in states[i]["communes"]})
                    how = "communes" if targets else ""
                elif lv == "communes":
                    key = normalize(name)
                    prov = province_of(lv, i - 1, code)
                    named = sorted(c for c, keys in former[lv].items()
                                   if key in keys and c in after
                                   and legacy[lv][c]["province_code"] == prov)
                    same_district = [c for c in named if after[c][2] == parent]
                    # the unit of the same district that took the retired unit's name that day
                    # (renamed to it, or a new code with it): the merged unit kept its name
                    # (renamed to it, a new code with it, or a unit of that name given the
                    # retired unit's type: xã Quân Chu became thị trấn Quân Chu on 2023-04-10,
                    # taking in the thị trấn)
                    took = [c for c in (*renamed_in.get(parent, []), *created_in.get(parent, []),
                                        *(c for c in retyped_in.get(parent, [])
                                          if after[c][0] == typ))
                            if normalize(after[c][1]) == key]
                    ov = reported.get((code, "into"))
                    if ov is not None:
                        # a target the snapshots do not tell, from the resolution as reported
                        ov.used = True
                        targets, how = ov.value.split(), "reported"
                        if any(t not in after for t in targets):
                            raise SystemExit(f"overrides/history.csv: {code} -> {ov.value}: "
                                             f"not a unit on {date}")
                        ev_docs = [ov.document]
                        ev_clause = ov.clause if CLAUSE.fullmatch(ov.clause) else ""
                    elif len(took) == 1:
                        targets, how = took, "took its name"
                    elif len(named) == 1:
                        targets, how = named, "former name"
                    elif len(same_district) == 1:
                        targets, how = same_district, "former name"
                    elif len(renamed_in.get(parent, [])) == 1:
                        targets, how = renamed_in[parent], "renamed"
                    elif len(created_in.get(parent, [])) == 1:
                        targets, how = created_in[parent], "created"
                stats[f"{lv} merged ({how or 'target unknown'})"] += 1
                events.append({"date": date, "level": lv[:-1], "kind": "merge", "code": code,
                               "from": name, "into": targets, "how": how or None,
                               "documents": ev_docs,
                               **({"clause": ev_clause} if ev_clause else {})})

    unused = [f"{u} {f}" for (u, f), ov in reported.items() if not ov.used]
    if unused:
        raise SystemExit(f"overrides/history.csv: rows that settle no merger: {unused}")
    units: dict[str, list[list[Any]]] = {}
    for lv in LEVELS:
        out: list[list[Any]] = []
        for code in sorted({c for st in states for c in st[lv]}):
            prev: tuple[str, str, str] | None = None
            row: list[Any] | None = None
            for i, st in enumerate(states):
                cur = st[lv].get(code)
                if cur != prev:
                    if row is not None:
                        row[-1] = snaps[i]["date"]
                    row = None
                    if cur is not None:
                        row = [code, cur[0], cur[1], cur[2], snaps[i]["date"], None]
                        out.append(row)
                prev = cur
        units[lv] = out
    former_out = _former_names(files["former_names.json"], units, events, legacy, snaps)
    print(f"history: {n} snapshots {snaps[0]['date']} .. {snaps[-1]['date']} (+ {END}); "
          f"{len(events)} events {dict(Counter(e['kind'] for e in events))}; "
          f"{filled} gap entries filled; {respelled} names respelled as on 2025-06-30; "
          f"{sum('clause' in e for e in events)} events name a clause; "
          f"{dict(sorted(stats.items()))}", file=sys.stderr)
    return {
        "history.json": {
            "start": snaps[0]["date"],
            "end": END,
            "source": f"github:{github.VPD_SNAPSHOTS.repo}",
            "snapshots": [{"date": s["date"], "issued": s["issued"], "documents": s["documents"],
                           "release": s["tag"]} for s in snaps],
            # one row a unit version: code|type|name|parent|valid_from|valid_to ("" = still on
            # 2025-06-30); provinces have no parent
            **{lv: ["|".join(x or "" for x in r) for r in rows] for lv, rows in units.items()},
            "events": events,
        },
        "former_names.json": former_out,
    }


def final_codes(level: str, code: str, date: str, events: list[dict[str, Any]],
                alive: set[str], _seen: frozenset[str] = frozenset()) -> list[str]:
    """The units of 2025-06-30 that the unit ``code`` of ``level`` on ``date`` went into:
    itself if it is alive then, else the targets of the merge that ended it, recursively
    (empty when a target is unknown)."""
    if code in alive:
        return [code]
    ends = [e for e in events if e["level"] == level and e["code"] == code
            and e["kind"] == "merge" and e["date"] > date]
    if not ends or code in _seen:
        return []
    end = min(ends, key=lambda e: e["date"])
    out: list[str] = []
    for t in end["into"]:
        for x in final_codes(level, t, end["date"], events, alive, _seen | {code}):
            if x not in out:
                out.append(x)
    return out


def _former_names(base: dict[str, Any], units: dict[str, list[list[Any]]],
                  events: list[dict[str, Any]], legacy: dict[str, dict[str, Any]],
                  snaps: list[dict[str, Any]]) -> dict[str, Any]:
    """``former_names.json`` with the dated names added: for each district and commune of
    2025-06-30, every earlier name it had itself and the names of the units merged into it (a
    district also takes the name of a district whose communes moved under it), each with the
    dates it was in use and the documents of the change that ended it."""
    out = dict(base)
    dated: dict[str, dict[str, dict[str, list[list[Any]]]]] = {}
    by_level_events: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in events:
        by_level_events[e["level"]].append(e)
    ends: dict[tuple[str, str, str], dict[str, Any]] = {}
    for e in events:
        if e["kind"] in ("merge", "rename"):
            ends[e["level"], e["code"], e["date"]] = e
    left_out: list[str] = []
    # the names as spelled (with their diacritics) behind each dated name's key: a key folds
    # names apart ("Huế", a district until 2025, and the "Huệ" of street names), the reader
    # reads a dated name written with diacritics only where they fit its spelling
    spellings: dict[str, dict[str, dict[str, list[str]]]] = {}
    # the former names that another unit under the same parent has on 2025-06-30, with a type
    # none of those units has: read only with a type word of that type (see _former.homonyms)
    homonyms: dict[str, dict[str, list[list[str]]]] = {}
    for lv, key_name in (("districts", "legacy_districts"), ("communes", "legacy_communes")):
        level = lv[:-1]
        alive = set(legacy[lv])
        pf = "province_code" if lv == "districts" else "district_code"
        taken: dict[tuple[str, str], set[str]] = defaultdict(set)
        for code, rec in legacy[lv].items():
            taken[rec[pf], normalize(rec["name"])].add(code)
        found: dict[str, dict[str, list[list[Any]]]] = defaultdict(dict)
        spelled: dict[tuple[str, str], set[str]] = defaultdict(set)
        typed: dict[str, list[list[str]]] = defaultdict(list)
        # (code, type, name key) of every version of every unit: a unit that had a type under
        # a name on any date (Huyện An Dương, 312, Quận An Dương since 2025) is no homonym of
        # another unit's former name of that type
        versions = {(c, ty, normalize(na)) for c, ty, na, *_rest in units[lv]}
        for code, typ, name, _parent, start, end in units[lv]:
            if end is None:
                continue  # the name in use on 2025-06-30
            event = ends.get((level, code, end))
            targets = final_codes(level, code, start, by_level_events[level], alive)
            if lv == "districts":
                moved = {e["to"] for e in events if e["level"] == "commune"
                         and e["kind"] == "parent" and e["from"] == code and e["date"] == end}
                for d in moved:
                    for x in final_codes(level, d, end, by_level_events[level], alive):
                        if x not in targets:
                            targets.append(x)
            key = normalize(name)
            for t in targets:
                rec = legacy[lv][t]
                others = taken.get((rec[pf], key), set()) - {t}
                if others and key != normalize(rec["name"]) and not any(
                        (o, typ, key) in versions for o in others):
                    # the name of another unit there now, of another type: a homonym told
                    # apart by the type word (xã Yên Bình, into xã Bạch Hà in 2025, beside thị
                    # trấn Yên Bình)
                    row = [typ, key, start, end]
                    if row not in typed[t]:
                        typed[t].append(row)
                if key == normalize(rec["name"]) or others:
                    continue  # its own name, or the name of another unit there now
                docs = event["documents"] if event else next(
                    s["documents"] for s in snaps if s["date"] == end)
                found[t].setdefault(key, []).append([start, end, docs])
                spelled[t, key].add(name)
        if lv == "communes":
            # a commune's name under one parent stays with one unit: a dated name that another
            # unit there already has (from the keywords) or that two units would get is left
            # out (the sources disagree about where that commune went)
            holders: dict[tuple[str, str], set[str]] = defaultdict(set)
            for code, keys in base[key_name].items():
                for k in keys:
                    holders[legacy[lv][code][pf], k].add(code)
            for code, keys in found.items():
                for k in keys:
                    holders[legacy[lv][code][pf], k].add(code)
            for code in list(found):
                for k in list(found[code]):
                    if len(holders[legacy[lv][code][pf], k]) > 1:
                        del found[code][k]
                        left_out.append(f"commune {code} {k!r} (also another unit's)")
                if not found[code]:
                    del found[code]
        merged = {code: sorted(set(base[key_name].get(code, [])) | set(keys))
                  for code, keys in found.items()}
        out[key_name] = dict(sorted({**base[key_name], **merged}.items()))
        dated[key_name] = {c: dict(sorted(k.items())) for c, k in sorted(found.items())}
        spellings[key_name] = {c: {k: sorted(spelled[c, k]) for k in sorted(keys)}
                               for c, keys in sorted(found.items())}
        homonyms[key_name] = {c: sorted(rows) for c, rows in sorted(typed.items())}
    # the districts a commune of 2025-06-30 was under before (it, or a unit merged into it):
    # code and name key of that district, and the dates
    parents: dict[str, list[list[Any]]] = defaultdict(list)
    for code, _typ, _name, parent, start, end in units["communes"]:
        if end is None or not parent:
            continue
        for t in final_codes("commune", code, start, by_level_events["commune"],
                             set(legacy["communes"])):
            if legacy["communes"][t]["district_code"] == parent:
                continue
            dname = next((r[2] for r in units["districts"]
                          if r[0] == parent and r[4] <= start and (r[5] is None or start < r[5])),
                         None)
            if dname is None:
                continue
            row = [parent, normalize(dname), start, end]
            if row not in parents[t]:
                parents[t].append(row)
    out["parents"] = {"legacy_communes": {c: sorted(v) for c, v in sorted(parents.items())}}
    if left_out:
        print(f"history: {len(left_out)} dated names left out: {left_out[:3]} ...",
              file=sys.stderr)
    out["dated"] = dated
    out["spellings"] = spellings
    out["homonyms"] = homonyms
    out["types"] = _earlier_types(units, events, legacy, out)
    out["dated_source"] = f"github:{github.VPD_SNAPSHOTS.repo} (see history.json)"
    return out


def _earlier_types(units: dict[str, list[list[Any]]], events: list[dict[str, Any]],
                   legacy: dict[str, dict[str, Any]],
                   names: dict[str, Any]) -> dict[str, dict[str, list[list[str]]]]:
    """The types of earlier dates: for each province, district and commune of 2025-06-30, the
    versions of it, and of the units merged into it, whose type differs from its type on
    2025-06-30, as ``[type, name key, valid_from, valid_to]`` (adjacent dates joined), under a
    name the unit is known by: its name on 2025-06-30 or a former name it keeps in
    ``former_names.json`` (a province: any of its names; the aliases hold them). Thị trấn Phong
    Điền (19819, Phường Phong Thu since 2025-01-01) has ``["thị trấn", "phong dien", ...]``;
    Thừa Thiên Huế (46, Thành phố Huế since) ``["tỉnh", "thua thien hue", ...]``: an address
    written with the types of its date reads them."""
    by_level_events: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in events:
        by_level_events[e["level"]].append(e)
    out: dict[str, dict[str, list[list[str]]]] = {}
    for lv in LEVELS:
        level = lv[:-1]
        alive = set(legacy[lv])
        known = names.get(f"legacy_{lv}", {})
        spans: dict[str, dict[tuple[str, str], list[list[str]]]] = defaultdict(dict)
        for code, typ, name, _parent, start, end in units[lv]:
            if end is None:
                continue  # the version of 2025-06-30
            key = normalize(name)
            for t in final_codes(level, code, start, by_level_events[level], alive):
                rec = legacy[lv][t]
                if typ == rec["type"]:
                    continue
                if lv != "provinces" and key != normalize(rec["name"]) and key not in known.get(
                        t, ()):
                    continue  # a name it is not known by (another unit's there now)
                rows = spans[t].setdefault((typ, key), [])
                if rows and rows[-1][1] == start:
                    rows[-1][1] = end
                elif [start, end] not in rows:
                    rows.append([start, end])
        out[f"legacy_{lv}"] = {
            code: sorted([typ, key, a, b] for (typ, key), rows in found.items()
                         for a, b in rows)
            for code, found in sorted(spans.items())
        }
    return out
