"""The passes that rewrite the text to be read again.

Each rewrites the text of an address written in an order or a form the decoder does not read
as it is; :func:`vn_units.address._parsing._parse_uncached` reads the rewriting too and keeps
the better reading:

- flipped (:func:`_flipped`): the parts in reverse order, for an address written from its
  province down ("TP HCM, Quận 1, Phường Bến Nghé");
- flipped words (:func:`_flipped_words`): the same where the text has no separators.

They are kept together here to be folded into the decoder (one reading of the text in any
order, issue #16), after which this module goes.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from typing import Final

from vn_units.address._gazetteer import _ERAS, _province_tables
from vn_units.address._tokens import _district_type, _Tokens, _unit_type_at
from vn_units.address._words import (
    _COUNTRY,
    _DISTRICT_TYPES,
    _PREFIX,
    _PROVINCE_ONLY,
    _PROVINCE_TYPES,
    _STREET_WORDS,
    _SUFFIX,
    _TYPE_MAX,
    _junk_tail,
    _strip_from,
)

# Dashes and slashes between parts, where an address has no comma (or other separator)
_SLASHES: Final = re.compile(r"\s*/\s*")


def _flipped(nfc: str, tk: _Tokens, n: int) -> str | None:
    """``nfc`` with its parts in reverse order (a country name or postal code dropped) when
    it has several parts, cut by commas (or, with none, by slashes), and the first is a
    province name of either era (or a typed legacy district); else None."""
    head = tk.keys[0] if n else ""
    if head not in _first_words() and not (head.isdigit() and 5 <= len(head) <= 6):
        return None  # most addresses start with a house number or a street word
    if tk.segmented:
        keys = tk.keys
        parts = _segments(tk, n)
        # the first part, after a country name or postal code ("Việt Nam, Tỉnh Lào Cai
        # 700000, …"), without a postal code of its own
        for lo, hi in parts[:-1]:
            first = _strip_from(keys, hi)
            if first > lo:
                break
        else:
            return None
        head_part = keys[lo:first]
        if not (
            _province_keys(head_part) or _district_keys(head_part) or _typed_province(head_part)
        ):
            return None
        texts = [nfc[tk.start[lo] : tk.end[hi - 1]] for lo, hi in parts]
        # a remark in parentheses after a part ("T. Nghệ An (gần chợ), X. Châu Hồng, …") is
        # no unit: it goes with the street, first once reversed
        remark = [bool(lo) and _after_bracket(nfc, tk.start[lo]) for lo, _ in parts]
        if any(remark):
            texts = [t for t, r in zip(texts, remark, strict=True) if not r] + [
                t for t, r in zip(texts, remark, strict=True) if r
            ]
    elif "/" in nfc and n:
        texts = _SLASHES.split(nfc)
        keys = _Tokens(texts[0]).keys
        if not keys or not _province_keys(keys):
            return None
    else:
        return None
    texts = [p.strip() for p in texts]
    return ", ".join(p for p in reversed(texts) if p and not _junk_tail(p))


def _after_bracket(text: str, i: int) -> bool:
    """Whether an opening parenthesis, and only spaces after it, stand before ``text[i]``."""
    i -= 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i >= 0 and text[i] == "("


def _flipped_words(
    nfc: str, tk: _Tokens, n: int, province: bool = False
) -> tuple[str, str] | None:
    """``nfc``, an address with no separators written from its largest unit down ("TP.HCM Quận
    1 Phường Bến Nghé 12 Lê Lợi", "Ha Noi Cau Giay Dich Vong Hau", "Quận 8 Phường 5 212 Phạm
    Thế Hiển"), cut into parts and written the other way round ("12 Lê Lợi, Phường Bến Nghé,
    Quận 1, TP.HCM"); else None.

    A country name at the start is dropped. The province comes first: its longest name of
    either era (with a postal code after it), or a province type word and the words up to the
    next type word (a misspelt name). At most two parts follow (the first part, without a
    province, has a type word), each a type word (or none) and the longest name of a legacy
    district or of a commune of either era after it (a bare number is no part: a house
    number), with an English type word after it; after a type word, a name no unit has runs up
    to a number, a street word or the next type word (a misspelt name). The last part is the
    one after a commune type word; what is left is the street.

    Also the word after the last part when nothing marks where that part ends (no number,
    street word, type word or end of the address after it: "Xã Quế Sơn Trunf Số 38 …" may be
    a misspelt Quế Sơn Trung), else "". With ``province``, None unless a province comes
    first."""
    keys = tk.keys
    i = 0
    for c in _COUNTRY:  # "Việt Nam Hà Nội Đống Đa …"
        if tuple(keys[: len(c)]) == c:
            i = len(c)
            while i < n and keys[i].isdigit() and 5 <= len(keys[i]) <= 6:
                i += 1  # and a postal code: "Việt Nam 700000 TP HCM …"
            break
    if n - i < 2:
        return None
    first = i
    if keys[i] in _first_words():
        k = next((k for k in range(min(n - i - 1, 8), 0, -1) if _province_keys(keys[i : i + k])), 0)
        if not k and any(tuple(keys[i : i + t]) in _PROVINCE_TYPES for t in (2, 1)):
            # "Tỉnh Phú Th Xã Lâm Thao …": a province type word, the words up to the next type word
            k = next((j for j in range(i + 2, n) if _unit_type_at(tk, j, n)[0]), i) - i
        i += k
        while i < n and keys[i].isdigit() and 5 <= len(keys[i]) <= 6:
            i += 1  # a postal code after the province
    if province and i == first:
        return None
    cuts = [first, i] if i > first else [first]
    tables = [
        e.index[lv].exact for e in _ERAS.values() for lv in ("district", "commune")
        if lv in e.levels
    ]
    longest = max((e.index[lv].maxlen for e in _ERAS.values() for lv in e.levels), default=1)
    parts = 0
    while i < n and parts < 2:
        typed, tw = _unit_type_at(tk, i, n)
        if not typed and len(cuts) == 1:
            return None  # no province: the first part has a type word
        j = i + typed
        size = next(
            (
                size for size in range(min(longest, n - j), 0, -1)
                if any(" ".join(keys[j : j + size]) in t for t in tables)
                and (typed or not keys[j].isdigit())
            ),
            0,
        )
        if not size and typed:
            # a name no unit has (misspelt): up to a number, a street word or a type word
            while j + size < n and size < 4 and not (
                keys[j + size].isdigit() or keys[j + size] in _STREET_WORDS
                or _unit_type_at(tk, j + size, n)[0]
            ):
                size += 1
        if not size:
            break
        i = j + size
        while i < n and i in tk.bracketed:  # "Cư Prao (Xã)": its type word in brackets after it
            i += 1
        for t in (2, 1):  # "Ung Hoa Commune", "Tu Ky District"
            sw = _SUFFIX.get(tuple(keys[i : i + t])) if not typed and i + t <= n else None
            if sw is not None and sw.levels & {"district", "commune"}:
                i += t
                break
        cuts.append(i)
        parts += 1
        if typed and tw.levels == {"commune"} and not (
            parts < 2 and i < n and _district_type(tk, i, n)
        ):
            break  # (unless its legacy district follows it: "Tỉnh Lạng Sơn Xã Tân Thành
            # Huyện Hữu Lũng 54 Nguyễn Huệ", read swapped too, see _read_flipped)
    if not parts:
        return None
    texts = [nfc[tk.start[a] : tk.end[b - 1]] for a, b in itertools.pairwise(cuts)]
    rest = nfc[tk.start[i] :].strip() if i < len(keys) else ""
    open_end = ""
    if i < n and not (
        keys[i].isdigit() or keys[i] in _STREET_WORDS or _unit_type_at(tk, i, n)[0]
    ):
        open_end = nfc[tk.start[i] : tk.end[i]]
    return ", ".join(p for p in (rest, *reversed(texts)) if p), open_end


def _segments(tk: _Tokens, n: int) -> list[tuple[int, int]]:
    """The token ranges of the parts of the first ``n`` tokens."""
    seg_lo = tk.seg_lo
    out = []
    i = 0
    while i < n:
        j = i + 1
        while j < n and seg_lo[j] == seg_lo[i]:
            j += 1
        out.append((i, j))
        i = j
    return out


def _province_keys(keys: list[str]) -> bool:
    """Whether ``keys`` name a province of either era (with or without a type word, or an
    English one after it: "Nghe An Province")."""
    last_words, names = _province_tables()
    b = len(keys)
    for k in (2, 1):
        sw = _SUFFIX.get(tuple(keys[b - k : b])) if b > k else None
        if sw is not None and "province" in sw.levels:
            b -= k
            break
    if keys[b - 1] not in last_words:
        return False
    start = 0
    for k in range(min(_TYPE_MAX, b - 1), 0, -1):
        tw = _PREFIX.get(tuple(keys[:k]))
        if tw is not None and "province" in tw.levels:
            start = k
            break
    return " ".join(keys[start:b]) in names


def _typed_province(keys: list[str]) -> bool:
    """Whether ``keys`` are a type word of the province level only and more words ("Tỉnh
    Than Hóa": maybe a misspelt province starting an address written the other way round)."""
    return any(len(keys) > k and tuple(keys[:k]) in _PROVINCE_ONLY for k in (2, 1))


def _district_keys(keys: list[str]) -> bool:
    """Whether ``keys`` are a type word of the legacy district level and the name of a legacy
    district ("Quận Tân Bình": an address from the district down, its province left out)."""
    leg = _ERAS.get("legacy")
    if leg is None:
        return False
    for k in (2, 1):
        if len(keys) > k and tuple(keys[:k]) in _DISTRICT_TYPES:
            return " ".join(keys[k:]) in leg.index["district"].exact
    return False


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """The words an address written from its largest unit down can start with: the first word
    of a province name or key of either era, of a province or district type word, or of a
    country name."""
    tables = [e.index["province"].exact for e in _ERAS.values()]
    words = {k.split(" ", 1)[0] for t in tables for k in t}
    words.update(
        k[0] for k, tw in _PREFIX.items() if tw.levels & {"province", "district"}
    )
    words.update(c[0] for c in _COUNTRY)
    return frozenset(words)
