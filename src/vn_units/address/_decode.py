"""The decoder: the readings of a text, scored and ranked, and the best one as a result.

Units are matched right to left, province first, each level among the children of the
units already found; every way of reading the tail of the address (a level found, or
missing and inferred) is a reading (:class:`_Reading`), scored; the best of each era wins
and the others become ``alternatives``, made on first use (:class:`_Later`). :func:`_parse`
is what :func:`vn_units.address.parse_address` calls.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, Final, Literal, final

from vn_units.address._candidates import (
    _compute_hits,
    _former_hits,
    _Hit,
    _hits,
    _moved_hits,
    _named_alone,
    _strong,
)
from vn_units.address._gazetteer import (
    _ERAS,
    _code_map,
    _district_heirs,
    _Era,
    _era,
    _legacy_parents,
    _moved_communes,
    _province_tables,
)
from vn_units.address._repeats import _copy_ends, _former_between
from vn_units.address._rereads import (
    _flipped,
    _flipped_words,
)
from vn_units.address._results import (
    AddressWarning,
    EraChoice,
    LaterReadings,
    ParsedAddress,
    _copy,
    ties_with,
)
from vn_units.address._results import WarningCode as _W
from vn_units.address._tokens import (
    _commune_type,
    _district_type,
    _strip_tail,
    _Tokens,
    _typed_name_before,
    _unit_type_at,
)
from vn_units.address._weights import (
    _BOUNDED,
    _EXACT,
    _FREE_CROSS,
    _MAX_SCORE,
    _NO_SCORE,
    _OPEN_END,
    _PROVINCE_NAMED,
    _REMARK,
    _SKIPPED,
    _TYPE_AGREES,
)
from vn_units.address._words import (
    _CACHED_SEGMENT,
    _CACHED_TEXT,
    _COMMUNE_FIRST,
    _CUTS,
    _DISTRICT_ONLY,
    _MAX_READ,
    _PIECE,
    _PREFIX,
    _PROVINCE_TYPES,
    _PROVINCE_WORDS,
    _STREET_WORDS,
    _junk_tail,
    _letter_type,
    _notes,
    _strip_from,
    _word_info,
)
from vn_units.models import Unit
from vn_units.text import split_type as _split_type


def _with_prefix(a: ParsedAddress, text: str, prefix: str) -> ParsedAddress:
    """``a`` (a reading of the end of ``text``) with ``prefix`` added to its street."""
    street = f"{prefix}, {a.street}" if a.street and prefix else (prefix or a.street)
    return _parsed(
        text, street or None, a.province, a.district, a.commune, a.era, a.confidence,
        a.warnings, a._alternatives, prefix, a._score, a._later,
    )


def _parsed(
    text: str,
    street: str | None,
    province: Unit | None,
    district: Unit | None,
    commune: Unit | None,
    era: str | None,
    confidence: float,
    warnings: tuple[AddressWarning, ...],
    alternatives: tuple[ParsedAddress, ...],
    prefix: str,
    score: float,
    later: LaterReadings | None,
) -> ParsedAddress:
    """A :class:`ParsedAddress` made without the checks of its generated ``__init__`` (the
    same object, about twice as fast: one is made per address)."""
    obj = object.__new__(ParsedAddress)
    object.__setattr__(obj, "__dict__", {
        "text": text, "street": street, "province": province, "district": district,
        "commune": commune, "era": era, "confidence": confidence, "warnings": warnings,
        "_alternatives": alternatives, "_prefix": prefix, "_score": score, "_later": later,
    })
    return obj


_NOT_FOUND: Final = AddressWarning(_W.NOT_FOUND, "no administrative unit found")


_PROVINCE_FROM_COMMUNE: Final = AddressWarning(
    _W.PROVINCE_INFERRED, "province inferred from the commune"
)


_PROVINCE_INFERRED: Final = AddressWarning(_W.PROVINCE_INFERRED, "province inferred")


_REPEATED: Final = AddressWarning(
    _W.REPEATED, "a unit is written twice (with or without its type word): read once"
)


_DISTRICT_FROM_COMMUNE: Final = AddressWarning(
    _W.DISTRICT_INFERRED, "district inferred from the commune"
)


# a reading that ignored a part of the text may have a better reading read again
_IGNORED: Final = frozenset({_W.IGNORED_PART, _W.ABOLISHED_DISTRICT})


_REREAD: Final = frozenset({*_IGNORED, _W.REVERSED})


_SWAPPED: Final = AddressWarning(
    _W.SWAPPED, "read with its district and commune parts swapped: the district comes first"
)


@final
class _Reading:
    """A reading of an address in one era: the units of each level (several when they tie)
    and its score (a plain class, not a named tuple, for the same reason as :class:`_Hit`)."""

    __slots__ = ("commune", "district", "era", "found", "province", "score", "start", "warnings")

    def __init__(
        self, era: Literal["current", "legacy"], score: float, start: int,
        province: tuple[Unit, ...], district: tuple[Unit, ...], commune: tuple[Unit, ...],
        warnings: tuple[AddressWarning, ...], found: int,
    ) -> None:
        self.era = era
        self.score = score
        self.start = start  # first token used by a unit (len(tokens) when none)
        self.province = province
        self.district = district
        self.commune = commune
        self.warnings = warnings
        self.found = found  # levels named in the text


def _read(tk: _Tokens, n: int, era: _Era, remarks: bool = False) -> list[_Reading]:
    """Every plausible reading of the tokens ``[0, n)`` in one era, best first (with
    ``remarks``, legacy era only, a remark naming a former unit is read too: see
    :func:`_remark_tokens`)."""
    readings: list[_Reading] = []
    pidx = era.index["province"]
    p_hits = _hits(tk, n, pidx, None, era.cross, cross_types=era.cross_types)
    p_opts: list[tuple[_Hit | None, float]] = [(h, h.score) for h in p_hits[:3]]
    thorough = tk.fuzzy or not any(_strong(h) for h in p_hits)
    if thorough:
        p_opts.append((None, 0.0))
    ends = [n] * len(p_opts)
    tail = tk.seg_lo[n - 1]
    segmented = tk.segmented
    if tail > 0 and thorough:
        # an unreadable last segment (a typo in the province, a phone number, a note) or a
        # province that contradicts the rest: skip it, and read the province before it (only
        # bounded by its segment or a type word, exact or misspelt: anything less there is too
        # weak a reading; and only in the second pass, which a skip always leads to)
        skip = _SKIPPED if not p_hits else 2 * _SKIPPED
        before: list[_Hit] = []
        twice = 0  # the start of the part before, to skip both
        if tk.fuzzy and not any(h.score >= _EXACT / 2 and not h.fuzzy for h in p_hits):
            # (when the last part names no province, or only a misspelt one: a note, a phone
            # number, "gọi anh Bình", no misspelt Ninh Bình) with a country
            # name or postal code before it ("…, Cần Thơ, Vietnam, giao giờ hành chính"),
            # skipped too
            tail = _strip_from(tk.keys, tail)
            # what is left may be one part ("12 Lê Lợi P.Bến Nghé Q1 HCM, giao giờ hành chính"):
            # then it is read as an address without separators
            whole = tail > 0 and not tk.seg_lo[tail - 1]
            tk.segmented = not whole
            before = _hits(tk, tail, pidx, None, era.cross, True, era.cross_types)
            tk.segmented = segmented
            if tail > 0 and not before:
                # and the part before, when it names none either ("…, Cẩm Lệ, ĐN -
                # 0903123456": an abbreviation that names several provinces), unless it is a
                # hamlet or street part (an address written the other way round)
                twice = tk.seg_lo[tail - 1]
                if tk.keys[twice] in _STREET_WORDS:
                    twice = 0
        for h in [h for h in before if h.score >= _EXACT / 2][:3]:  # not a loose name
            p_opts.append((h, h.score + skip))
            ends.append(tail)
        p_opts.append((None, skip))
        ends.append(tail)
        if twice:
            # and the province before both (a country name or postal code between dropped),
            # written exactly as a whole part or after its type word ("…, HCM (gần chợ), giao
            # giờ hành chính", "… Xã Tân Phú Tỉnh Đồng Tháp, Việt Nam (gần chợ), giao giờ hành
            # chính"; not "…, đường Nguyễn Huệ, Xã …, Huyện …")
            before_end = _strip_from(tk.keys, twice)
            part_lo = tk.seg_lo[before_end - 1] if before_end > 0 else 0
            tk.segmented = part_lo > 0
            before = (
                _hits(tk, before_end, pidx, None, era.cross, False, era.cross_types)
                if before_end else []
            )
            tk.segmented = segmented
            for h in before[:3]:
                if h.warning is None and (
                    (h.start == part_lo and h.score >= _EXACT)
                    or h.score >= _EXACT + _TYPE_AGREES
                ):
                    p_opts.append((h, h.score + 2 * skip))
                    ends.append(before_end)
            p_opts.append((None, 2 * skip))
            ends.append(twice)
    elif not segmented and tk.fuzzy and not any(
        h.score >= _EXACT / 2 and not h.fuzzy for h in p_hits
    ):
        # no separators, and a note after a province written after its type word ("… Tỉnh
        # Nghệ An giao giờ hành chính"): the province that ends before it, the note skipped
        note = _note_start(tk, n)
        if note:
            skip = _SKIPPED if not p_hits else 2 * _SKIPPED
            before = _hits(tk, note, pidx, None, era.cross, True, era.cross_types)
            for h in [h for h in before if h.score >= _EXACT / 2][:3]:
                p_opts.append((h, h.score + skip))
                ends.append(note)
            p_opts.append((None, skip))
            ends.append(note)
    for (ph, pscore), end in zip(p_opts, ends, strict=True):
        # a skipped last part leaving one part: read as an address without separators
        tk.segmented = segmented and not (tk.fuzzy and 0 < end < n and not tk.seg_lo[end - 1])
        e = ph.start if ph else end
        provinces = ph.units if ph else None
        warns: list[AddressWarning] = []
        if end != n:
            skipped = tk.text[tk.start[end] : tk.end[n - 1]]
            warns.append(AddressWarning(
                _W.IGNORED_PART, f"ignored {skipped!r}: it does not fit the rest of the address"
            ))
        if ph is not None and ph.warning == "cross":
            other = "legacy" if era.era == "current" else "current"
            warns.append(AddressWarning(
                _W.OTHER_ERA_PROVINCE, f"the province is named as in the {other} era"
            ))
            pscore -= 1.0
        if ph is not None:
            _note(ph, "province", warns)
        if era.era == "legacy":
            if tk.prune and pscore + era.top < tk.best:
                continue  # no reading under this option can be the best one
            _read_legacy(tk, e, era, ph, provinces, pscore, warns, readings, remarks)
        else:
            _read_current(tk, e, era, ph, provinces, pscore, warns, readings)
    tk.segmented = segmented
    readings.sort(key=lambda r: (-r.score, r.start))
    return readings


def _note_start(tk: _Tokens, n: int) -> int:
    """Where a note starts that follows the last province name written after its type word,
    in the first ``n`` tokens of an address without separators: two to twelve words with no
    type word, not starting with a province name ("… Tỉnh Nghệ An giao giờ hành chính"); 0
    when there is none."""
    keys = tk.keys
    names = _province_tables()[1]
    for t in range(n - 3, max(0, n - 20) - 1, -1):
        for k in (2, 1):
            if tuple(keys[t : t + k]) in _PROVINCE_WORDS:
                break
        else:
            continue
        s = t + k
        for j in range(min(n - 2, s + 5), s, -1):
            if " ".join(keys[s:j]) in names:
                if (
                    n - j > 12
                    or any(tuple(keys[i : i + w]) in _PREFIX for i in range(j, n) for w in (1, 2))
                    or any(" ".join(keys[j : j + w]) in names for w in range(1, 6))
                ):
                    return 0  # type words or a province name after: no note ("TP Cà Mau
                    # Cà Mau" is a district and its province)
                return j
    return 0


def _note(hit: _Hit, level: str, warns: list[AddressWarning]) -> None:
    if hit.repeat and all(w.code is not _W.REPEATED for w in warns):
        warns.append(_REPEATED)
    if hit.warning is None or hit.warning == "cross":
        return
    names = " or ".join(u.full_name for u in hit.units[:3])
    if hit.warning == "typo":
        warns.append(AddressWarning(_W.MISSPELT, f"the {level} looks misspelt; read as {names}"))
    elif hit.warning == "former":
        warns.append(AddressWarning(
            _W.FORMER_NAME,
            f"the {level} is written with a name from before 2025-06-30 (its own, or of a unit"
            f" merged into it); read as {names}",
        ))
    elif hit.warning == "earlier":
        warns.append(AddressWarning(
            _W.FORMER_NAME,
            f"the {level} is written with a type it had before 2025-06-30; read as {names}",
        ))
    elif hit.warning == "moved":
        warns.append(AddressWarning(
            _W.FORMER_NAME,
            f"the {level} is written under the district it was in before 2025-06-30; read as"
            f" {names}",
        ))
    elif hit.warning == "initials":
        # several units share the initials: the levels below tell which
        read = f"; read as {names}" if len(hit.units) == 1 else ""
        warns.append(AddressWarning(
            _W.INITIALS, f"the {level} is written with the initials of its name{read}"
        ))
    elif hit.warning == "type":
        warns.append(AddressWarning(
            _W.TYPE_MISMATCH, f"the type word of the {level} does not match {names}"
        ))


def _finish(
    tk: _Tokens,
    readings: list[_Reading],
    era: _Era,
    score: float,
    start: int,
    province: tuple[Unit, ...] | None,
    district: tuple[Unit, ...] | None,
    commune: tuple[Unit, ...] | None,
    warns: list[AddressWarning],
    found: int,
) -> None:
    readings.append(
        _Reading(
            era.era, score, start, province or (), district or (), commune or (),
            tuple(warns), found,
        )
    )
    if score > tk.best:
        tk.best = score


_DISTRICT_WORDS: Final = frozenset({"quận", "huyện", "thị xã", "thành phố"})


def _stale_district(tk: _Tokens, e: int) -> tuple[int, str] | None:
    """The comma segment that ends at ``e`` when it is written as a district but names none
    (a district of an older structure: "Quận 2" and "Quận 9" became Thành phố Thủ Đức in 2021,
    "TP Huế" became Quận Thuận Hóa and Quận Phú Xuân in 2025): its start and text, so that the
    second pass can read the commune before it and infer the district from it. Only where the
    address is cut by commas, something stands before the segment, and no legacy district
    anywhere has the name."""
    if e <= 0 or not tk.segmented:
        return None
    lo = tk.seg_lo[e - 1]
    if lo == 0:
        return None
    text = tk.text[tk.start[lo] : tk.end[e - 1]]
    stale = _STALE.get(text)
    if stale is None:
        stale = _is_stale(text)
        if len(text) <= _CACHED_SEGMENT:
            if len(_STALE) >= 4096:
                _STALE.clear()
            _STALE[text] = stale
    return (lo, text) if stale else None


# whether a segment names a district of an older structure, by its text
_STALE: Final[dict[str, bool]] = {}


def _is_stale(text: str) -> bool:
    word, bare = _split_type(text, "district")
    if word not in _DISTRICT_WORDS or not bare:
        return False
    from vn_units._catalog import registry
    from vn_units._registry import exact_matches

    # a district of 2025-06-30, only not under this province, is not stale
    return not exact_matches(registry("legacy", "district"), text)


def _read_current(
    tk: _Tokens,
    e: int,
    era: _Era,
    ph: _Hit | None,
    provinces: tuple[Unit, ...] | None,
    pscore: float,
    warns: list[AddressWarning],
    readings: list[_Reading],
) -> None:
    cidx = era.index["commune"]
    # a legacy district between commune and province ("Phường X, Quận 1, TP HCM"): skipped
    # (where the commune hits end, their parents, the score of the skip, the district's names,
    # the districts skipped, and where the commune part it is written before starts, or 0)
    d_opts: list[
        tuple[int, tuple[Unit, ...] | None, float, str | None, tuple[Unit, ...], int]
    ] = [(e, provinces, 0.0, None, (), 0)]
    leg = _ERAS.get("legacy")
    if leg is not None and e > 0:
        lparents: list[Unit] | None = None
        if provinces is not None:
            lparents = _legacy_parents(leg, provinces)
        didx = leg.index["district"]
        dhits = _hits(tk, e, didx, lparents, allow_fuzzy=False)
        opts = [(h, 0) for h in dhits[:2]]
        swap = _swapped_parts(tk, e)
        if swap is not None:
            # a legacy district written before the commune part [b, e): skipped too
            a, b = swap
            before = [h for h in _hits(tk, b, didx, lparents, allow_fuzzy=False) if h.start >= a]
            dhits = [*dhits, *before]
            opts += [(h, b) for h in before[:2]]
        if any(h.score >= _EXACT for h in dhits) or (  # typed as a district, or bounded
            # or a district of an earlier date, typed or bounded ("Nghi Hòa, Cửa Lò, Nghệ
            # An": Thị xã Cửa Lò until 2025-01-01, Phường Cửa Lò of the current era)
            not dhits and not tk.legacy_hint and didx.former and any(
                h.score >= _EXACT
                for h in _former_hits(tk, tk.seg_lo[e - 1], didx, lparents, [(e, None)])
            )
        ):
            tk.legacy_hint = True
        for dh, swapped in opts:
            mapped = tuple(
                dict.fromkeys(
                    era.by_legacy_code[d.province_code]  # type: ignore[attr-defined]
                    for d in dh.units
                )
            )
            if provinces is not None:
                mapped = tuple(p for p in mapped if p in provinces)
            if mapped:
                names = ", ".join(sorted({d.full_name for d in dh.units}))
                d_opts.append(
                    (dh.start, mapped, 2.0 + 0.1 * dh.score, names, dh.units, swapped)
                )
    stale = _stale_district(tk, e) if tk.fuzzy and len(d_opts) == 1 else None
    if stale is not None:
        # a district level at all hints at a legacy address: cost more than the legacy skip
        d_opts.append((stale[0], provinces, _SKIPPED - 1.0, repr(stale[1]), (), 0))
    cross = ph is not None and ph.warning == "cross"
    for de, dparents, dscore, dname, skipped, swapped in d_opts:
        if tk.prune and pscore + dscore + cidx.top < tk.best:
            continue
        w = list(warns)
        if dname is not None:
            w.append(AddressWarning(
                _W.ABOLISHED_DISTRICT,
                f"ignored {dname}: the district level was abolished on 2025-07-01",
            ))
        chits = _hits(
            tk, e if swapped else de, cidx, dparents, None, True, None, tk.best - pscore - dscore
        )
        if swapped:
            chits = [ch for ch in chits if ch.start >= swapped]
        for ch in chits[:4]:
            communes = ch.units
            if skipped:
                # the commune took in part of the legacy district skipped ("12 Trần Phú Ba Đình
                # Hà Nội" is no Xã Trần Phú of Hà Nội, which has no land of Quận Ba Đình)
                heirs = _district_heirs()
                communes = tuple(
                    c for c in communes if any(c.code in heirs.get(d.code, ()) for d in skipped)
                )
                if not communes:
                    continue
            cw = list(w)
            _note(ch, "commune", cw)
            prov = provinces
            cscore = ch.score
            if cross and ch.free and not skipped:
                cscore += _FREE_CROSS
            if prov is None:
                pmap = _code_map(era.index["province"])
                prov = tuple(dict.fromkeys(pmap[c.province_code][0] for c in communes))  # type: ignore[attr-defined]
                if len(prov) == 1:
                    cw.append(_PROVINCE_FROM_COMMUNE)
                if de == tk.stop and dname is None:
                    cscore += _province_named(tk, ch.start, de)
            if swapped:
                cw.append(_SWAPPED)
            _finish(tk, readings, era, pscore + dscore + cscore, de if swapped else ch.start,
                    prov, None, communes, cw, (ph is not None) + 1)
        if ph is not None and not chits and not swapped:
            _finish(tk, readings, era, pscore + dscore, de, provinces, None, None, w, 1)


def _province_named(tk: _Tokens, start: int, end: int) -> float:
    """``_PROVINCE_NAMED`` when the tokens ``[start, end)`` (a commune hit with no type word,
    ending the address) are the name of a province of either era, else 0."""
    return _PROVINCE_NAMED if " ".join(tk.keys[start:end]) in _province_tables()[1] else 0.0


# the warning of a district hit named by its name alone with no province (see _read_legacy)
_CONFIRMED: Final = "confirmed"



def _read_legacy(
    tk: _Tokens,
    e: int,
    era: _Era,
    ph: _Hit | None,
    provinces: tuple[Unit, ...] | None,
    pscore: float,
    warns: list[AddressWarning],
    readings: list[_Reading],
    remarks: bool = False,
) -> None:
    didx = era.index["district"]
    cidx = era.index["commune"]
    d_hits = _hits(tk, e, didx, provinces)
    # (a district hit, its score, and where the commune part it is written before starts, or 0:
    # the commune before the district, as most addresses have it)
    d_opts: list[tuple[_Hit | None, float, int]] = [(h, h.score, 0) for h in d_hits[:3]]
    if tk.fuzzy or not any(_strong(h) for h in d_hits):
        d_opts.append((None, 0.0, 0))
    if tk.fuzzy and provinces is None and not d_hits and e == tk.stop:
        # no province, and the address ends with a district named by its name alone, no type
        # word, not in a part of its own ("xã phước vĩnh an củ chi", "hoa khanh bac lien
        # chieu"): a district only where a commune of it comes right before it
        for h in _compute_hits(tk, e, didx, None, None, False, None, loose=True)[:3]:
            d_opts.append((h.warned(_CONFIRMED), h.score + _SKIPPED, 0))
    stale = _stale_district(tk, e) if tk.fuzzy and not d_hits else None
    if stale is not None:
        d_opts.append((None, _SKIPPED, 0))
    swap = _swapped_parts(tk, e)
    if swap is not None:
        # a district written before its commune: the district part [a, b) and the commune part
        # [b, e), each starting with a type word of its level
        a, b = swap
        d_opts.extend((h, h.score, b) for h in _hits(tk, b, didx, provinces)[:3] if h.start >= a)
    cross = ph is not None and ph.warning == "cross"
    moved_from = _moved_communes()
    for dh, dscore, swapped in d_opts:
        w = list(warns)
        de = dh.start if dh else e
        if dh is None and dscore == _SKIPPED and stale is not None:
            de = stale[0]
            w.append(AddressWarning(
                _W.IGNORED_PART,
                f"ignored {stale[1]!r}: no such district on 2025-06-30 (a former name?)",
            ))
        districts = dh.units if dh else None
        if dh is not None:
            _note(dh, "district", w)
        parents = districts if districts is not None else provinces
        if tk.prune and pscore + dscore + cidx.top < tk.best:
            continue
        ce = e if swapped else de  # where the commune part ends
        chits = _hits(tk, ce, cidx, parents, None, True, None, tk.best - pscore - dscore)
        if swapped:
            chits = [ch for ch in chits if ch.start >= swapped]
        if dh is not None and (dh.units[0].code in moved_from or len(dh.units) > 1):
            # a commune written under the district it was in before ("Xã Kiên Lao, Huyện Lục
            # Ngạn, Tỉnh Bắc Giang": in Thị xã Chũ since 2025-01-01), where no commune of the
            # district written has the name exactly
            moved = [
                h for h in _moved_hits(tk, ce, cidx, didx, dh.units)
                if not swapped or h.start >= swapped
            ]
            if moved and not any(ch.warning is None for ch in chits):
                chits = moved + chits
        alone = dh is not None and dh.warning is _CONFIRMED and _named_alone(tk, dh)
        guessed = dh is not None and dh.fuzzy and provinces is None  # a misspelt district alone
        if guessed:  # confirmed only by a commune of it written exactly (or with a former name)
            chits = [ch for ch in chits if ch.warning in (None, "former", "earlier")]
        if dh is not None and dh.warning is _CONFIRMED:
            # confirmed only by a commune written exactly, or with a name it had ("P7 Gò Vấp":
            # Phường 7 is part of Phường 1 since 2025); "Phường Trường Vinh" is no misspelt
            # Phường Trường Thi of Thành phố Vinh (unless no other place has the district's name
            # and the commune is typed or starts its part: see _named_alone)
            chits = [
                ch for ch in chits
                if ch.warning in (None, "former", "earlier") or (alone and not ch.free)
            ]
        sub = _remark_tokens(tk, ce) if remarks and not swapped else None
        if sub is not None:
            # a remark naming the former unit after the commune part ("Phường Sài Gòn (P. Bến
            # Nghé cũ), TP HCM"): the units it names, read in the place of that part
            _read_remark(tk, sub, ce, era, ph, dh, provinces, pscore + dscore, w, readings)
        for ch in chits[:4]:
            cw = list(w)
            _note(ch, "commune", cw)
            communes = ch.units
            dist = districts
            prov = provinces
            if dist is None or ch.warning == "moved":
                dmap = _code_map(didx)
                dist = tuple(dict.fromkeys(dmap[c.district_code][0] for c in communes))  # type: ignore[attr-defined]
                if len(dist) == 1 and ch.warning != "moved":
                    cw.append(_DISTRICT_FROM_COMMUNE)
            elif len(dist) == 1 and len(communes) == 1:
                if communes[0].district_code != dist[0].code:  # type: ignore[attr-defined]
                    dist = ()
            else:
                dist = tuple(d for d in dist if any(c.district_code == d.code for c in communes))  # type: ignore[attr-defined]
            cscore = ch.score
            if cross and ch.free and (dh is None or dh.free):
                cscore += _FREE_CROSS
            if prov is None:
                pmap = _code_map(era.index["province"])
                prov = tuple(dict.fromkeys(pmap[d.province_code][0] for d in dist))  # type: ignore[attr-defined]
                if len(prov) == 1:
                    cw.append(_PROVINCE_INFERRED)
                if de == tk.stop and dh is None:
                    cscore += _province_named(tk, ch.start, de)
            found = (ph is not None) + (dh is not None) + 1
            if swapped:
                cw.append(_SWAPPED)
            _finish(tk, readings, era, pscore + dscore + cscore, de if swapped else ch.start,
                    prov, dist, communes, cw, found)
        if swapped:
            continue  # (the district alone is read in its place as written)
        if dh is not None and not chits and (dh.warning is not _CONFIRMED or alone) and not (
            guessed
        ):
            prov = provinces
            if prov is None:
                prov = tuple(dict.fromkeys(d.province for d in dh.units))  # type: ignore[attr-defined]
            free = _FREE_CROSS if cross and dh.free else 0.0
            _finish(tk, readings, era, pscore + dscore + free, de, prov, dh.units, None, w,
                    (ph is not None) + 1)
        if dh is None and ph is not None and not chits:
            _finish(tk, readings, era, pscore, e, provinces, None, None, w, 1)


def _remark_tokens(tk: _Tokens, e: int) -> _Tokens | None:
    """The tokens of a remark in parentheses right after token ``e - 1`` that names a former
    unit ("(P. Bến Nghé cũ)", "(trước đây là Phường Bến Nghé, Quận 1)"; the tokens leave it
    out), its mark left out; None when there is none."""
    if e <= 0 or "(" not in tk.text:
        return None
    lo = tk.end[e - 1]
    hi = tk.start[e] if e < len(tk.keys) else len(tk.text)
    for a, b in _notes(tk.text):
        if lo <= a and b <= hi:
            inner = tk.text[a + 1 : b - 1]
            if _FORMER_WORD.search(inner) or _FORMER_MARK.search(inner):
                sub = _Tokens(_FORMER_MARK.sub("", inner).strip())
                return sub if sub.keys else None
    return None


_FORMER_WORD: Final = re.compile(r"\bcũ\b", re.IGNORECASE)


_FORMER_MARK: Final = re.compile(
    r"^\s*trước\s+(?:đây|kia)(?:\s+là)?\b|^\s*former(?:ly)?\b", re.IGNORECASE
)


_REMARKED: Final = AddressWarning(
    _W.REMARK, "read with the former unit that a remark in parentheses names"
)


def _read_remark(
    tk: _Tokens,
    sub: _Tokens,
    e: int,
    era: _Era,
    ph: _Hit | None,
    dh: _Hit | None,
    provinces: tuple[Unit, ...] | None,
    score: float,
    warns: list[AddressWarning],
    readings: list[_Reading],
) -> None:
    """The readings of the remark ``sub`` after the commune part that ends at token ``e`` of
    ``tk``, in its place: under the district ``dh`` found (its communes), or else under
    ``provinces`` (its district and commune), one point below the same units written in the
    text (see :data:`_REMARK`)."""
    sub.fuzzy = tk.fuzzy
    sub.typos = tk.typos
    sub.prune = False
    found: list[_Reading] = []
    w = [*warns, _REMARKED]
    if dh is None:
        _read_legacy(sub, len(sub.keys), era, ph, provinces, score, w, found)
    else:
        for ch in _hits(sub, len(sub.keys), era.index["commune"], dh.units)[:4]:
            cw = list(w)
            _note(ch, "commune", cw)
            dist = tuple(d for d in dh.units if any(c.district_code == d.code for c in ch.units))  # type: ignore[attr-defined]
            prov = provinces or tuple(dict.fromkeys(d.province for d in dist))  # type: ignore[attr-defined]
            found.append(_Reading(
                era.era, score + ch.score, 0, prov, dist, ch.units, tuple(cw),
                (ph is not None) + 2,
            ))
    start = tk.seg_lo[e - 1]
    for r in found:
        if r.commune:
            _finish(tk, readings, era, r.score + _REMARK, start, r.province, r.district,
                    r.commune, list(r.warnings), r.found)


def _swapped_parts(tk: _Tokens, e: int) -> tuple[int, int] | None:
    """``(a, b)`` when the tokens before ``e`` end with a part ``[b, e)`` written as a commune
    after a part ``[a, b)`` written as a legacy district, each with a type word of its level
    and a name ("Quận 3, Phường 6, TP HCM"); without separators, a commune type word is the
    last type word before ``e``, and a district type word the one before it ("… Huyện Cao Lộc
    Xã Thuỵ Hùng Tỉnh Lạng Sơn", where a province type word starts ``e``). None otherwise."""
    if e < 4 or not _district_word(tk, tk.stop):
        return None  # (most addresses: no type word of a legacy district)
    if tk.segmented:
        b = tk.seg_lo[e - 1]
        if b < 2 or not _commune_type(tk, b, e):
            return None
    else:
        if not (e < tk.stop and any(tuple(tk.keys[e : e + k]) in _PROVINCE_TYPES for k in (2, 1))):
            return None
        b = _last_type(tk, e)
        if b <= 0 or _unit_type_at(tk, b, e)[1].levels != {"commune"}:
            return None
    a = _district_part_before(tk, b)
    return None if a is None else (a, b)


def _district_part_before(tk: _Tokens, b: int) -> int | None:
    """Where the part written as a legacy district (a type word of that level only and a name)
    that ends right before token ``b`` starts: the part before ``b`` (with separators, where
    ``b`` starts a part), or the words from the last type word before ``b``; else None."""
    if not _district_word(tk, tk.stop):
        return None
    if tk.segmented:
        if b < 2 or tk.seg_lo[b] != b:
            return None
        a = tk.seg_lo[b - 1]
    else:
        a = _last_type(tk, b)
        if a < 0:
            return None
    k = _district_type(tk, a, b)
    return a if k and b - a > k else None


def _last_type(tk: _Tokens, e: int) -> int:
    """Where the last type word of the district or commune level before token ``e`` (with a
    name after it) starts ("Thị xã" is one, not "Xã"); -1 when there is none."""
    a = next((j for j in range(e - 2, -1, -1) if _unit_type_at(tk, j, e)[0]), -1)
    return a - 1 if a > 0 and _unit_type_at(tk, a - 1, e)[0] == 2 else a


def _expand(r: _Reading) -> list[tuple[Unit | None, Unit | None, Unit | None]]:
    """The distinct (province, district, commune) triples of a reading."""
    out: list[tuple[Unit | None, Unit | None, Unit | None]] = []
    if len(r.commune) == 1 and len(r.province) == 1:
        # one unit per level (most readings): the units of the reading are the commune's parents
        c, p = r.commune[0], r.province[0]
        if r.era == "current":
            if c.province_code == p.code:  # type: ignore[attr-defined]
                return [(p, None, c)]
        elif len(r.district) == 1:
            only = r.district[0]
            if c.district_code == only.code and only.province_code == p.code:  # type: ignore[attr-defined]
                return [(p, only, c)]
    if r.commune:
        for c in r.commune:
            p = c.province  # type: ignore[attr-defined]
            d = c.district if r.era == "legacy" else None  # type: ignore[attr-defined]
            out.append((p, d, c))
        return out
    if r.district:
        return [(d.province, d, None) for d in r.district]  # type: ignore[attr-defined]
    return [(p, None, None) for p in r.province]  # noqa: RUF100


def _street(tk: _Tokens, start: int, n: int) -> str | None:
    end = tk.start[start] if start < len(tk.keys) else len(tk.text)
    if start >= n and n < len(tk.keys):
        end = len(tk.text)
    street = tk.text[:end].lstrip(_STREET_EDGE).rstrip(_STREET_END)
    return street or None


_SEPARATOR: Final = re.compile(f"[{_CUTS}]")


def _parse(text: str, era: EraChoice) -> ParsedAddress:
    """The best reading of ``text``: a new object each call (what the caller gets is never
    the one kept in the cache). Of a text longer than :data:`_MAX_READ` characters, only the
    end is read (from a separator or space), and the rest goes to the street."""
    if len(text) <= _MAX_READ:
        return _copy(_parse_parts(text, era))
    cut = len(text) - _MAX_READ
    at = max(text.rfind(",", 0, cut + 200), text.rfind(" ", 0, cut + 200))
    cut = at + 1 if at >= cut else cut
    tail = _parse_parts(text[cut:], era)
    head = text[:cut].strip(_STREET_EDGE)
    read = _with_prefix(tail, text, head) if head else _copy(tail)
    return _warned(read, _TRUNCATED)


_TRUNCATED: Final = AddressWarning(
    _W.TRUNCATED, f"the text is longer than {_MAX_READ} characters: only its end was read"
)


def _parse_parts(text: str, era: EraChoice) -> ParsedAddress:
    """Parse, reusing the reading of the last two or three segments when they hold the whole
    address (its commune included): addresses that differ only in the street share it."""
    cuts = [m.start() for m in _SEPARATOR.finditer(text)]
    end = len(text)
    while cuts:  # the parts after the province that are a country name or postal code
        last = text[cuts[-1] + 1 : end]
        if len(last) > 40 or not _junk_tail(last):
            break
        end = cuts.pop()
    for k in (2, 3):
        if len(cuts) <= k:
            break
        cut = cuts[-k - 1]
        tail = _parse_text(text[cut + 1 :], era)
        if tail.commune is None or any(w.code in _REREAD for w in tail.warnings):
            continue
        if _typed_commune_part(text[cuts[-k - 2] + 1 if len(cuts) > k + 1 else 0 : cut]):
            continue  # "Phường 22, Bình Thạnh, …": the whole address has another reading
        if any(w.code is _W.REPEATED for w in tail.warnings) or _copy_ends(
            text[:cut], text[cut + 1 :], tail.street,
            (tail.province, tail.district, tail.commune), tail.era,
        ):
            continue  # "…, Quận 1, Phường Bến Nghé, Quận 1, TP HCM": a unit written twice
        prefix = text[:cut].strip(_STREET_EDGE)
        return _with_prefix(tail, text, prefix)
    return _parse_text(text, era)


def _typed_commune_part(part: str) -> bool:
    """Whether ``part`` (of an address cut by commas) is written as a commune: a type word of
    that level and a name ("Phường 22", "Xã Tân Phú", "P.12")."""
    if part.lstrip()[:1].isdigit():
        return False  # mostly a house number: no type word (and not worth a word cache entry)
    m = _PIECE.search(part)
    word = m.group(1) if m is not None else None
    if word is None or word[0].isdigit():
        return False
    keys = _word_info(word)[0]
    if not keys or keys[0] not in _COMMUNE_FIRST:
        return False
    tk = _Tokens(part)
    return bool(tk.keys) and _commune_type(tk, 0, len(tk.keys)) > 0


_STREET_EDGE: Final = " \t\r\n,;|.-–—:/>»›→\"'“”‘’«`"


# and at its end, the opening parenthesis of a unit written in parentheses: "…, Phường Sài Gòn
# (P. Bến Nghé cũ)"
_STREET_END: Final = _STREET_EDGE + "("


def _names_district(tk: _Tokens, n: int) -> bool:
    """Whether the first ``n`` tokens hold a type word of the legacy district level."""
    keys = tk.type_keys
    for i in range(n):
        k = keys[i]
        if (k,) in _DISTRICT_ONLY:
            if len(k) > 1 or _letter_type(keys, tk.letter_ok, i):
                return True
        elif i + 1 < n and (k, keys[i + 1]) in _DISTRICT_ONLY:
            return True
    return False


def _district_word(tk: _Tokens, n: int) -> bool:
    """:func:`_names_district`, kept on the tokens (see :func:`_read_first`)."""
    found = tk.district_word
    if found is None:
        found = tk.district_word = _names_district(tk, n)
    return found


def _legacy_province(tk: _Tokens, n: int, cur: _Era) -> bool:
    """Whether the address ends with a province named only as in the legacy era."""
    hits = _hits(tk, n, cur.index["province"], None, cur.cross, cross_types=cur.cross_types)
    return bool(hits) and all(h.warning == "cross" for h in hits)


_CEILING: Final[dict[str, float]] = {}


def _current_ceiling(cur: _Era) -> float:
    """The highest score a current-era reading can reach: province and commune exact, typed and
    bounded, with their longest keys, plus a skipped legacy district scored the same way. A
    legacy reading above it is the best reading whatever the current era holds."""
    found = _CEILING.get("current")
    if found is None:
        # (the province's ceiling covers the legacy names too: see _Era.add_cross)
        leg = _ERAS.get("legacy")
        # (ceiling(): the commune and district indexes are not built for it)
        skipped = 2.0 + 0.1 * leg.ceiling("district") if leg is not None else 0.0
        found = _CEILING["current"] = (
            cur.index["province"].top + skipped + cur.ceiling("commune") + 1e-6
        )
    return found


def _clean(r: _Reading, tk: _Tokens) -> bool:
    """A current reading that names its province and its commune, each bounded by its segment or
    by a type word, with no warning, in an address where no legacy district was seen: the legacy
    era is read only when asked for (on the corpus it never wins over such a reading)."""
    return (
        r.era == "current" and bool(r.commune) and r.found == 2 and not r.warnings
        and r.score >= 2 * (_EXACT + _BOUNDED) and not tk.legacy_hint
    )


def _read_first(tk: _Tokens, n: int, eras: list[_Era]) -> list[list[_Reading]]:
    """The readings of each era of ``eras`` (in that order) that can matter for the best reading
    (an era left unread has none; every era is read when the alternatives are asked for).

    With both eras: an address with a district type word is read in the legacy era first, and
    the current era is skipped when the best legacy reading scores above anything a current
    reading can reach; otherwise the current era is read first, and the legacy era is skipped
    when the current reading is clean (see :func:`_clean`)."""
    if len(eras) < 2:
        # (a remark naming a former unit is read when the legacy era alone is asked for)
        return [_read(tk, n, e, e.era == "legacy") for e in eras]
    cur, leg = eras
    if _district_word(tk, n) or _legacy_province(tk, n, cur):
        lr = _read(tk, n, leg)
        if lr and lr[0].score > _current_ceiling(cur):
            return [[], lr]
        return [_read(tk, n, cur), lr]
    cr = _read(tk, n, cur)
    if cr and _clean(cr[0], tk):
        return [cr, []]
    return [cr, _read(tk, n, leg)]


def _ranked(parts: list[list[_Reading]]) -> list[_Reading]:
    """The readings of every era, best first; on a tie, the current era, then the reading that
    found more levels."""
    readings = [r for part in parts for r in part]
    readings.sort(key=lambda r: (-r.score, r.era != "current", -r.found, r.start))
    return readings


def _parse_text(text: str, era: EraChoice) -> ParsedAddress:
    """The best reading of ``text`` (kept when short: see :data:`_CACHED_TEXT`)."""
    if len(text) <= _CACHED_TEXT:
        return _parse_cached(text, era)
    return _parse_uncached(text, era)


def _parse_uncached(text: str, era: EraChoice) -> ParsedAddress:
    nfc = unicodedata.normalize("NFC", text) if not text.isascii() else text
    nfc = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in nfc) \
        if not nfc.isprintable() else nfc
    found, tk, n = _read_text(text, nfc, era)
    best = found
    other = _flipped(nfc, tk, n)
    if other is not None:
        # written from the province down ("TP HCM, Quận 1, Phường Bến Nghé"): read the
        # parts the other way round too, and keep the better reading
        best = _read_flipped(text, other, era, "", found) or best
    if (other is None and not tk.segmented and (
        found.commune is None or found.street or any(w.code in _IGNORED for w in found.warnings)
    )) or (
        best.commune is None and tk.first_cut
    ):
        # the same without separators ("TP.HCM Quận 1 Phường Bến Nghé 12 Lê Lợi"), or in the
        # first part of an address with separators ("Tỉnh Ninh Bình Xã Đồng Thịnh Tổ 3, giao
        # giờ hành chính": what follows that part goes to the street)
        cut = (
            _flipped_words(nfc, tk, tk.first_cut, province=True) if tk.segmented
            else _flipped_words(nfc, tk, n)
        )
        if cut is not None:
            # open_end: a word that may still be part of the last unit's name
            best = _read_flipped(text, cut[0], era, cut[1], best) or best
    return best


_parse_cached: Final = lru_cache(maxsize=8192)(_parse_uncached)


def _read_flipped(
    text: str, other: str, era: EraChoice, open_end: str, than: ParsedAddress
) -> ParsedAddress | None:
    """The reading of ``other`` (``text`` with its parts in reverse order, see
    :func:`_unflip` for ``open_end``) when it scores above reading ``than``, else None."""
    flipped, _, _ = _read_text(text, other, era, flipped=True)
    if not flipped.units or flipped._score <= (than._score if than.units else 0.0):
        return None
    return _unflip(flipped, open_end)


def _warned(a: ParsedAddress, warning: AddressWarning) -> ParsedAddress:
    """``a`` (a reading of the text written another way, for the same ``text``) with
    ``warning`` added."""
    return _parsed(
        a.text, a.street, a.province, a.district, a.commune, a.era, a.confidence,
        (*a.warnings, warning), a._alternatives, a._prefix, a._score, a._later,
    )


_FLIPPED: Final = AddressWarning(
    _W.REVERSED, "read with its parts in reverse order: it starts with its largest unit"
)


def _unflip(a: ParsedAddress, open_end: str = "") -> ParsedAddress:
    """A reading of the flipped text, with its street segments back in their written order
    (and, when the end of its last unit's name is not marked, a warning and less confidence:
    see :func:`_flipped_words`)."""
    street = ", ".join(reversed(a.street.split(", "))) if a.street else a.street
    warns = (*a.warnings, _FLIPPED)
    confidence = a.confidence
    if open_end:
        warns = (*warns, AddressWarning(
            _W.OPEN_END,
            f"nothing marks where the last unit's name ends: {open_end!r} after it may be part"
            " of it",
        ))
        confidence = round(confidence * _OPEN_END, 3)
    return _parsed(
        a.text, street, a.province, a.district, a.commune, a.era, confidence,
        warns, a._alternatives, a._prefix, a._score, a._later,
    )


def _read_text(
    text: str, nfc: str, era: EraChoice, flipped: bool = False
) -> tuple[ParsedAddress, _Tokens, int]:
    """The best reading of ``nfc`` (``text`` normalised), as the result for ``text``, with the
    tokens it was read from and their number before a country name or postal code."""
    tk = _Tokens(nfc)
    n = _strip_tail(tk)
    eras: list[_Era] = []
    names: tuple[Literal["current", "legacy"], ...] = ("current", "legacy")
    for name in names:
        if era in ("auto", name):
            built = _era(name)
            if built is not None:
                eras.append(built)
    parts: list[list[_Reading]] = []
    if n:
        parts = _read_first(tk, n, eras)
        first: _Reading | None = None  # the first of the best-scored readings
        for part in parts:
            for r in part:
                if first is None or r.score > first.score:
                    first = r
        again = (
            first is None or not first.commune
            or any(w.code in _IGNORED for w in first.warnings)
            # a typed commune left before the reading: maybe a former name (legacy only)
            or (eras[-1].era == "legacy" and _typed_commune_before(tk, first.start) is not None)
            # a district written before its commune, left in the street: maybe the commune
            # has a former name under it ("Quận 3, Phường 6, TP HCM")
            or (
                eras[-1].era == "legacy" and 0 < first.start < n
                and _district_part_before(tk, first.start) is not None
            )
            # a unit written twice, a copy also a district's name of an earlier date
            or (
                any(w.code is _W.REPEATED for w in first.warnings)
                and _former_between(tk, first.start, n)
            )
        )
        if not again and (
            first is not None and first.era == "current" and tk.legacy_hint
            and eras[-1].era == "legacy"
            and (_named_part_before(tk, first.start) or _typed_name_before(tk, first.start))
        ):
            # a current commune named like the legacy district it follows, a part before it
            # ("Xóm 2, Hưng Mỹ, Hưng Nguyên, Nghệ An": Hưng Mỹ is part of Xã Thịnh Mỹ, of Huyện
            # Hưng Nguyên, since 2025): maybe a legacy commune's former name, or a misspelt
            # one ("Cương Dương, Thường Tín, Hà Nội": Xã Cương Dương of Huyện Thường Tín, not
            # Xã Thường Tín with a street)
            again = True
        elif not again and (
            first is not None and first.era == "legacy" and first.start < n
            and any(w.code is _W.DISTRICT_INFERRED for w in first.warnings) and not tk.bracketed
            and not _unit_type_at(tk, first.start, n)[0]
            and _named_part_before(tk, first.start)
        ):
            # a commune with no type word, its district inferred, a part before it ("Mỹ Thắng,
            # Mỹ Lộc, Nam Định": Xã Mỹ Lộc, or Xã Mỹ Thắng under Huyện Mỹ Lộc, merged into
            # Thành phố Nam Định in 2024): maybe a district of an earlier date
            again = True
            tk.typos = False
        if again:
            tk.fuzzy = True  # second pass: allow former names and typos
            tk.best = _NO_SCORE
            parts = _read_first(tk, n, eras)
    readings = _ranked(parts)
    if not readings:
        return ParsedAddress(
            text=text, street=_street(tk, len(tk.keys), n), confidence=0.0,
            warnings=(_NOT_FOUND,),
        ), tk, n
    later = _Later(text, nfc, tk.fuzzy, tuple(e.era for e in eras), flipped, tk.typos)
    r0 = readings[0]
    triples = _expand(r0)
    # another reading of the best one's era scores as well (ties of the same era come right
    # after the best reading: readings are sorted by score, then era); a reading of the
    # other era that scores as well ties too when it reads the same words as a unit of
    # another level: "Ba Vì, Hà Nội" is the legacy Huyện Ba Vì or the current Xã Ba Vì (the
    # current reading stays first; its confidence is shared, and TIE says so)
    best = triples[0]
    other_level = False
    for r in readings:
        if any(t != best for t in (triples if r is r0 else _expand(r))):
            other_level = (
                r.score >= r0.score and r.era != r0.era and bool(r.commune) != bool(r0.commune)
            )
            later.tied = (r.score >= r0.score and r.era == r0.era) or other_level
            break
    p, d, c = best
    return _make(text, tk, n, r0, len(triples) + other_level, p, d, c, later), tk, n


def _named_part_before(tk: _Tokens, start: int) -> bool:
    """Whether the tokens before ``start`` (where a reading's units start, a part of the
    address) end with a part that may hold a name: no house number or type word starts it."""
    if not 0 < start < len(tk.keys) or tk.seg_lo[start] != start:
        return False
    a = tk.seg_lo[start - 1]
    return not (tk.keys[a][0].isdigit() or _unit_type_at(tk, a, start)[0])


def _make(
    text: str, tk: _Tokens, n: int, r: _Reading, k: int, p: Unit | None, d: Unit | None,
    c: Unit | None, later: _Later | None,
) -> ParsedAddress:
    """The reading ``r`` of ``text`` with its units ``p, d, c`` (one of its ``k`` triples)."""
    levels = 3 if r.era == "legacy" else 2
    conf = max(0.0, min(1.0, r.score / (_MAX_SCORE * levels)))
    warns = r.warnings
    if k > 1:
        conf /= k
        warns = (*warns, AddressWarning(_W.TIE, f"{k} units fit equally; see alternatives"))
    nfc = tk.text
    end = tk.start[r.start] if r.start < len(tk.keys) else len(nfc)
    if r.start >= n and n < len(tk.keys):
        end = len(nfc)
    street = nfc[:end].lstrip(_STREET_EDGE).rstrip(_STREET_END) or None
    if c is None and p is not None and street is not None:
        left_commune = _commune_left(tk, r.start, p, d, r.era)
        if left_commune is not None:
            warns = (*warns, left_commune)
    elif c is not None and street is not None:
        a = _typed_commune_before(tk, r.start)
        if a is not None:  # "Xã Tân Đồng, Trấn Yên, Tỉnh Lào Cai" read as current: Xã Trấn Yên
            written = nfc[tk.start[a] : tk.end[r.start - 1]]
            warns = (*warns, AddressWarning(
                _W.LEFT_IN_STREET,
                f"{written!r} is written as a commune but left in the street part",
            ))
        if r.era == "current" and p is not None and _district_word(tk, n):
            left = _district_left(tk, r.start, p)
            if left is not None:  # "216 Nguyễn Thị Minh Khai Huyện Cao Lộc Xã Thuỵ Hùng …"
                warns = (*warns, AddressWarning(
                    _W.LEFT_IN_STREET,
                    f"{left!r} is written as a legacy district but left in the street part",
                ))
                conf *= _OPEN_END
    return _parsed(text, street, p, d, c, r.era, round(conf, 3), warns, (), "", r.score, later)


def _district_left(tk: _Tokens, start: int, p: Unit) -> str | None:
    """A legacy district of the current province ``p`` written with a type word of that level
    only in the tokens before ``start`` (a current reading's street part), as written; else
    None."""
    leg = _ERAS.get("legacy")
    if leg is None:
        return None
    didx = leg.index["district"]
    parents = _legacy_parents(leg, (p,))
    for i in range(start - 1):
        k = _district_type(tk, i, start)
        if not k:
            continue
        for j in range(min(start, i + k + didx.maxlen), i + k, -1):
            if didx.lookup(" ".join(tk.keys[i + k : j]), parents):
                return tk.text[tk.start[i] : tk.end[j - 1]]
    return None


def _typed_commune_before(tk: _Tokens, start: int) -> int | None:
    """Where the commune written with its type word right before ``start`` (where a reading's
    first unit starts) begins, which the reading leaves in its street part: a whole part
    ("…, Phường 21, Bình Thạnh, TP HCM"), or a type word and a number ("P15 Bình Thạnh");
    None when there is none. A commune that has another name since (read in the second pass)
    is written so."""
    if not 1 < start < len(tk.keys):
        return None
    if tk.seg_lo[start] == start:
        a = tk.seg_lo[start - 1]
        k = _commune_type(tk, a, start)
        return a if k and start - a - k <= 4 else None
    a = start - 2
    return a if _commune_type(tk, a, start) == 1 and tk.keys[a + 1].isdigit() else None


def _commune_left(
    tk: _Tokens, start: int, p: Unit, d: Unit | None, era: Literal["current", "legacy"]
) -> AddressWarning | None:
    """A warning when a reading with no commune leaves in its street part, right before its
    first unit, a segment written as a commune of its province (a type word and a name) that
    does not fit the rest ("Phường Bến Nghé, Quận 3": Bến Nghé is in Quận 1); else None."""
    keys = tk.keys
    seg_lo = tk.seg_lo
    if not 0 < start < len(keys) or seg_lo[start] != start:
        return None
    a = seg_lo[start - 1]
    k = _commune_type(tk, a, start)
    if not k:
        return None
    built = _ERAS.get(era)
    if built is None or not built.index["commune"].lookup(" ".join(keys[a + k : start]), [p]):
        return None
    written = tk.text[tk.start[a] : tk.end[start - 1]]
    place = d.full_name if d is not None else "the rest of the address"
    return AddressWarning(
        _W.LEFT_IN_STREET,
        f"{written!r} names a commune of {p.full_name}, but it does not fit {place}: left in"
        " the street part",
    )


@final
class _Later:
    """What it takes to make the other readings of an address into :class:`ParsedAddress`
    objects when its ``alternatives`` are asked for (most callers only want the best reading).

    Only the text, the eras read and the pass that gave the best reading are kept (a parsed
    address stays in the cache, and its tokens and readings would be many objects for the
    garbage collector to walk): the readings depend on nothing else, and are made again, every
    branch of every era read, on first use. The eras are kept by name, so that a pickled
    result carries a few strings, not the indexes."""

    __slots__ = ("_done", "eras", "flipped", "fuzzy", "nfc", "text", "tied", "typos")

    def __init__(
        self, text: str, nfc: str, fuzzy: bool, eras: tuple[Literal["current", "legacy"], ...],
        flipped: bool = False, typos: bool = True, tied: bool = False,
    ) -> None:
        self.text = text
        self.nfc = nfc
        self.fuzzy = fuzzy
        self.typos = typos
        self.eras = eras
        self.flipped = flipped  # nfc is the text with its segments in reverse order
        self._done: tuple[ParsedAddress, ...] | None = None
        self.tied = tied  # the best reading has a tie of its era (set by the caller)

    def __reduce__(self) -> tuple[Any, ...]:
        return _Later, (
            self.text, self.nfc, self.fuzzy, self.eras, self.flipped, self.typos, self.tied
        )

    def _readings(self) -> tuple[_Tokens, int, list[_Reading]]:
        """The tokens, their number before a country name or postal code, and every reading
        of every era, best first."""
        tk = _Tokens(self.nfc)
        n = _strip_tail(tk)
        tk.fuzzy = self.fuzzy
        tk.typos = self.typos
        tk.prune = False
        eras = [e for e in map(_era, self.eras) if e is not None]
        remarks = self.eras == ("legacy",)
        return tk, n, _ranked([_read(tk, n, e, remarks) for e in eras]) if n else []

    def results(self) -> Iterator[ParsedAddress]:
        """Every reading as a result, best first, each (province, district, commune) once."""
        tk, n, readings = self._readings()
        seen: set[tuple[Unit | None, ...]] = set()
        top = readings[0].score if readings else 0.0
        count = 0
        for r in readings:
            triples = _expand(r)
            for p, d, c in triples:
                if (p, d, c) in seen:
                    continue
                seen.add((p, d, c))
                count += 1
                made = _make(self.text, tk, n, r, len(triples), p, d, c, None)
                yield _unflip(made) if self.flipped else made
            if count >= 8 and r.score < top:
                return

    def alternatives(self) -> tuple[ParsedAddress, ...]:
        done = self._done
        if done is None:  # two threads may both make them: the same values
            made = tuple(self.results())
            # the five next best, and every reading that ties with the best (ParsedAddress.ties
            # and convert_address read them all: "Tân Phú" names six current communes)
            last = max((i for i, a in enumerate(made) if i and ties_with(made[0], a)), default=0)
            done = self._done = made[1 : max(6, last + 1)]
        return done


def _debug(text: str, era: EraChoice = "auto") -> list[Any]:  # pragma: no cover
    """Every reading with its score (for development)."""
    tk = _Tokens(unicodedata.normalize("NFC", text))
    n = _strip_tail(tk)
    out: list[Any] = []
    names: tuple[Literal["current", "legacy"], ...] = ("current", "legacy")
    for name in names:
        if era in ("auto", name):
            built = _era(name)
            if built is not None:
                out.extend(_read(tk, n, built, era == "legacy"))
    return sorted(out, key=lambda r: -r.score)
