"""Search quality over every unit of both eras (issue: each unit is the top result when
searched within its parent by its own name in six styles; with one typo, top-1 >= 95%)."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import vn_units
from corpus.generate import old_tones  # tone moved onto the second vowel: Hòa -> Hoà
from vn_units import legacy
from vn_units.text import ascii_fold

_ABBREVIATION = {
    "tỉnh": "T.", "thành phố": "TP.", "quận": "Q.", "huyện": "H.", "thị xã": "TX.",
    "phường": "P.", "xã": "X.", "thị trấn": "TT.", "đặc khu": "Đặc khu",
}  # fmt: skip


STYLES: dict[str, Callable[[Any], str]] = {
    "full": lambda u: u.full_name,
    "ascii": lambda u: ascii_fold(u.full_name),
    "lower": lambda u: u.full_name.lower(),
    "abbreviated": lambda u: f"{_ABBREVIATION[u.unit_type.value]} {u.name}",
    "old tones": lambda u: old_tones(u.full_name),
    "nfd": lambda u: unicodedata.normalize("NFD", u.full_name),
}


def cases() -> Iterator[tuple[Any, Any, Any]]:
    """(registry, unit, parent) for every unit of both eras."""
    for p in vn_units.provinces:
        yield vn_units.provinces, p, None
    for c in vn_units.communes:
        yield vn_units.communes, c, c.province
    for p in legacy.provinces:
        yield legacy.provinces, p, None
    for d in legacy.districts:
        yield legacy.districts, d, d.province
    for c in legacy.communes:
        yield legacy.communes, c, c.district


def _top(registry: Any, query: str, parent: Any) -> list[Any]:
    """The units sharing the best score (ties are reported, never hidden)."""
    found = registry.search(query, limit=5, within=parent)
    if not found:
        return []
    return [m.unit for m in found if m.score == found[0].score]


def _indistinguishable(unit: Any, parent: Any, registry: Any, query: str) -> bool:
    """Two siblings whose names differ only in diacritics (Sa Pa / Sa Pả) cannot be told
    apart by a query without diacritics: such a tie is the honest answer."""
    if not query.isascii():
        return False
    siblings = registry.within(parent) if parent is not None else list(registry)
    key = ascii_fold(unit.full_name).lower()
    return sum(ascii_fold(s.full_name).lower() == key for s in siblings) > 1


@pytest.mark.parametrize("style", STYLES)
def test_every_unit_is_top_by_its_own_name(style: str) -> None:
    make = STYLES[style]
    failures = []
    for registry, unit, parent in cases():
        top = _top(registry, make(unit), parent)
        if top == [unit]:
            continue
        if unit in top and _indistinguishable(unit, parent, registry, make(unit)):
            continue
        failures.append((make(unit), unit.describe(), [u.describe() for u in top]))
    assert failures == []


def _one_edit(name: str, rng: random.Random) -> str:
    letters = "abcdeghiklmnopqrstuvxyđăâêôơư"
    i = rng.randrange(len(name))
    op = rng.choice(("sub", "del", "ins", "swap"))
    if op == "sub":
        return name[:i] + rng.choice(letters) + name[i + 1 :]
    if op == "del":
        return name[:i] + name[i + 1 :]
    if op == "ins":
        return name[:i] + rng.choice(letters) + name[i:]
    j = min(i + 1, len(name) - 1)
    chars = list(name)
    chars[i], chars[j] = chars[j], chars[i]
    return "".join(chars)


def test_one_typo_top1_rate() -> None:
    rng = random.Random(20250701)
    total = hits = 0
    for registry, unit, parent in cases():
        letters = sum(ch.isalpha() for ch in unit.name)
        if letters < 5:
            continue
        query = _one_edit(unit.name, rng)
        total += 1
        hits += _top(registry, query, parent)[:1] == [unit]
    rate = hits / total
    print(f"one-typo top-1: {hits}/{total} = {rate:.2%}")
    assert rate >= 0.95


@pytest.mark.parametrize(
    ("registry", "query", "expected"),
    [
        (vn_units.provinces, "ĐN", ["Đà Nẵng", "Đồng Nai"]),
        (vn_units.provinces, "dn", ["Đà Nẵng", "Đồng Nai"]),
        (vn_units.provinces, "QN", ["Quảng Ninh", "Quảng Ngãi"]),
        (vn_units.legacy.provinces, "BT", ["Bình Thuận", "Bến Tre"]),
        (vn_units.legacy.provinces, "ĐN", ["Đà Nẵng", "Đắk Nông", "Đồng Nai"]),
    ],
)
def test_initials_find_provinces(registry: Any, query: str, expected: list[str]) -> None:
    # Điện Biên (ĐB) ranked first for "ĐN", Quảng Ninh and Quảng Ngãi were not found for "QN"
    found = registry.search(query)
    assert [m.unit.name for m in found[: len(expected)]] == expected
    assert all(m.score == 90.0 for m in found[: len(expected)])
    assert all(m.score < 90.0 for m in found[len(expected) :])


def test_initials_rank_below_an_exact_name_and_only_for_larger_units() -> None:
    assert [m.unit.name for m in vn_units.legacy.provinces.search("HN")[:2]] == [
        "Hà Nội", "Hà Nam"  # "HN" is Hà Nội's alias: 100; Hà Nam's initials: 90
    ]
    hcm = vn_units.legacy.provinces["79"]
    assert vn_units.legacy.districts.search("TB", within=hcm)[0].unit.name == "Tân Bình"
    assert not [m for m in vn_units.communes.search("BT") if m.score >= 90.0]
    assert vn_units.provinces.search("ĐN", score_cutoff=95.0) == []
