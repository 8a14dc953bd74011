"""Former-names stage: vietnamadminunits 1.0.4 ``parser_legacy.json`` -> ``former_names.json``.

vietnamadminunits' legacy parser lists, for every district and commune of 2025-06-30, the
keywords it accepts for that unit. Besides the unit's own name they hold the names of units
merged into it or renamed before 2025-06-30 (Phường 6, 7 and 8 of Quận 3 are keywords of
Phường Võ Thị Sáu, into which they were merged in 2020; "Quận 9" is a keyword of Thành phố Thủ
Đức). Old addresses are full of those names. This stage reads the keywords (the file is data;
its code is never imported) and keeps, per unit, the names that are neither the unit's own name
nor a spelling of it.

The keywords are written without spaces and, for most provinces, without diacritics
("phuongthanhxuannam"). Each is cut after its type word and split into syllables with the
syllables of every bundled unit name (the fewest pieces; among those, a split whose syllables
are clearly more frequent in the names wins: "binhan" is "binh an", not "bin han"), then
normalised like every other key
(``vn_units.text.normalize``: "thanh xuan nam"). A keyword is left out when:

* its type word or its syllables cannot be told (no split, or several about as likely);
* it is the unit's own name, or a spelling of it (i/y, c/k, s/x, d/gi, j/y and similar letters
  that people swap: "vynh hoa" for Vĩnh Hòa);
* it is the name of another unit of 2025-06-30 under the same parent, or the keyword of two
  units under the same parent (it would be ambiguous).

A name kept here is a former name, the name of a merged unit, or a writing the source accepts
(an abbreviation such as "nt" for nông trường): the address parser reads it only where no unit
has the name, and says so in a warning. The source is single, so every entry names it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

import databuild.build  # noqa: F401  (puts <repo>/src on sys.path for a clean clone)
from databuild import sources
from vn_units.text import ascii_fold, normalize

MEMBER = "vietnamadminunits/data/parser_legacy.json"
SOURCE = f"vietnamadminunits {sources.VIETNAMADMINUNITS.version} {MEMBER.rsplit('/', 1)[-1]}"
WARD_TABLES = (
    "DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED",
    "DICT_PROVINCE_DISTRICT_WARD_ACCENTED",
    "DICT_PROVINCE_DISTRICT_WARD_SHORT_ACCENTED",
)
# type words a keyword may start with, per level (the longest first); a one-letter type word
# only before a number ("p6", "f06", "q9")
TYPE_WORDS = {
    "commune": ("thitran", "commune", "phuong", "ward", "town", "xa"),
    "district": ("thanhpho", "district", "huyen", "thixa", "quan", "tp", "tx"),
}
LETTERS = {"commune": ("tt", "p", "f", "x"), "district": ("q", "h")}
# letters that people write for one another: a name equal to the unit's own after this
# mapping is a spelling of it, not another name
_LOOSE = str.maketrans({"y": "i", "k": "c", "j": "i", "z": "d", "x": "s", "w": "u", "f": "p"})


def _fold(keyword: str) -> str:
    return re.sub(r"[^a-z0-9]", "", ascii_fold(keyword).lower())


def _syllables(names: Iterable[str]) -> Counter[str]:
    """How often each syllable (ASCII, lower case, before the i/y rule) occurs in the names; a
    lone consonant (an initial: "NT" for nông trường) is not one."""
    out: Counter[str] = Counter()
    for name in names:
        out.update(
            w for w in re.split(r"[^a-z0-9]+", ascii_fold(name).lower())
            if w and not w.isdigit() and (len(w) > 1 or w in "aeiouy")
        )
    return out


# a split is taken over another with as few pieces when its syllables are this many times more
# frequent in the names (the product of their counts): "binh an" over "bin han"
_CLEAR = 20.0


def _split(text: str, syllables: Counter[str]) -> tuple[list[str] | None, bool]:
    """The way to cut ``text`` into known syllables (a run of digits is one) with the fewest
    pieces, when one is clearly more likely than the others, and whether two ways are about as
    likely ("quanguyen": "qua nguyen" or "quang uyen"); ``(None, False)`` when there is none."""
    ranked = _ranked_splits(text, syllables)
    if not ranked:
        return None, False
    if len(ranked) > 1 and ranked[0][0] < _CLEAR * ranked[1][0]:
        return None, True
    return ranked[0][1], False


def _ranked_splits(text: str, syllables: Counter[str]) -> list[tuple[float, list[str]]]:
    """Every split of ``text`` with the fewest pieces (at most 64), with the product of the
    counts of its syllables, most likely first."""
    n = len(text)
    # best[i]: (pieces, the splits of text[:i] with that many pieces)
    best: list[tuple[int, list[list[str]]] | None] = [None] * (n + 1)
    best[0] = (0, [[]])
    for i in range(n):
        here = best[i]
        if here is None:
            continue
        if text[i].isdigit():
            j = i
            while j < n and text[j].isdigit():
                j += 1
            ends = [j]
        else:
            ends = [j for j in range(i + 1, min(n, i + 7) + 1) if text[i:j] in syllables]
        for j in ends:
            pieces = here[0] + 1
            splits = [[*sp, text[i:j]] for sp in here[1]]
            old = best[j]
            if old is None or pieces < old[0]:
                best[j] = (pieces, splits[:64])
            elif pieces == old[0]:
                best[j] = (pieces, (old[1] + splits)[:64])
    found = best[n]
    if found is None:
        return []

    def weight(split: list[str]) -> float:
        w = 1.0
        for piece in split:
            w *= 1.0 if piece.isdigit() else float(syllables[piece])
        return w

    return sorted(((weight(sp), sp) for sp in found[1]), key=lambda x: -x[0])


def _name_of(keyword: str, level: str, syllables: Counter[str]) -> str | None:
    """The normalised name a keyword stands for, without its type word, or ``None`` when that
    cannot be told ("quanguyen" is Quảng Uyên or Quận "Gu Yên")."""
    text = _fold(keyword)
    whole, ambiguous = _split(text, syllables)
    if ambiguous:
        return None
    words = TYPE_WORDS[level]
    names: set[str] = set()
    for word in words:
        if text.startswith(word) and len(text) > len(word):
            rest = _split(text[len(word) :], syllables)[0]
            if rest is not None:
                names.add(normalize(" ".join(rest)))
    for letter in LETTERS[level]:
        digits = text[len(letter) :]
        if text.startswith(letter) and digits.isdigit():
            names.add(str(int(digits)))
    # the whole keyword, unless it is a type word and a name (read above)
    if whole is not None and not any(_starts_with(whole, w) for w in words):
        names.add(normalize(" ".join(whole)))
    names.discard("")
    return names.pop() if len(names) == 1 else None


def _starts_with(split: list[str], word: str) -> bool:
    """Whether the first syllables of ``split`` make up ``word`` exactly ("thi", "tran")."""
    acc = ""
    for piece in split:
        acc += piece
        if acc == word:
            return True
        if not word.startswith(acc):
            return False
    return False


def _own(name: str) -> tuple[str, str]:
    key = normalize(name)
    return key, key.replace(" ", "").translate(_LOOSE)


def _is_own(keyword: str, level: str, loose: str) -> bool:
    """Whether a keyword is the unit's own name, with or without a type word before or after
    it, in any of the spellings of ``_LOOSE``."""
    text = _fold(keyword).translate(_LOOSE)
    if text == loose:
        return True
    for word in (*TYPE_WORDS[level], *LETTERS[level]):
        w = word.translate(_LOOSE)
        if text in (w + loose, loose + w):
            return True
    return False


def _collect(
    entries: Iterable[tuple[str, str, list[str]]],
    level: str,
    records: dict[str, dict[str, Any]],
    parent_field: str,
    syllables: Counter[str],
) -> dict[str, list[str]]:
    """``{code: [former name key, ...]}`` from ``(code, name, keywords)`` entries."""
    taken: dict[tuple[str, str], set[str]] = {}  # (parent, key) -> codes of 2025-06-30
    for code, rec in records.items():
        taken.setdefault((rec[parent_field], normalize(rec["name"])), set()).add(code)
    claims: dict[tuple[str, str], set[str]] = {}
    for code, _name, keywords in entries:
        found = records.get(code)
        if found is None:
            continue
        rec = found
        own, loose = _own(rec["name"])
        for keyword in keywords:
            if _is_own(keyword, level, loose):
                continue
            key = _name_of(keyword, level, syllables)
            if not key or key == own or key.replace(" ", "").translate(_LOOSE) == loose:
                continue
            parent = rec[parent_field]
            if (parent, key) in taken:
                continue  # the name of a unit that still exists there
            claims.setdefault((parent, key), set()).add(code)
    out: dict[str, list[str]] = {}
    for (_parent, key), codes in claims.items():
        if len(codes) == 1:
            out.setdefault(next(iter(codes)), []).append(key)
    return {code: sorted(set(keys)) for code, keys in sorted(out.items())}


def build(files: dict[str, Any]) -> dict[str, Any]:
    """Return ``{"former_names.json": {...}}`` from the source and the generated legacy tables."""
    data = json.loads(sources.VIETNAMADMINUNITS.read(MEMBER))
    communes = {str(r["code"]): r for r in files["legacy_communes.json"]}
    districts = {str(r["code"]): r for r in files["legacy_districts.json"]}
    names = [r["name"] for table in ("legacy_communes.json", "legacy_districts.json",
                                      "legacy_provinces.json", "communes.json", "provinces.json")
             for r in files[table]]
    syllables = _syllables(names)

    wards: list[tuple[str, str, list[str]]] = []
    for table in WARD_TABLES:
        for by_district in data[table].values():
            for by_ward in by_district.values():
                for w in by_ward.values():
                    if isinstance(w.get("ward"), str) and isinstance(w.get("wardCode"), str):
                        wards.append((w["wardCode"], w["ward"], list(w["wardKeywords"])))
    dists: list[tuple[str, str, list[str]]] = []
    for by_district in data["DICT_PROVINCE_DISTRICT"].values():
        for d in by_district.values():
            if isinstance(d.get("district"), str) and isinstance(d.get("districtCode"), str):
                dists.append((d["districtCode"], d["district"], list(d["districtKeywords"])))

    result = {
        "source": SOURCE,
        "legacy_districts": _collect(dists, "district", districts, "province_code", syllables),
        "legacy_communes": _collect(wards, "commune", communes, "district_code", syllables),
    }
    return {"former_names.json": result}
