"""The decoder: every reading of a text in one era, scored.

Units are matched right to left, province first, each level among the children of the
units already found; every way of reading the tail of the address (a level found, or
missing and inferred) is a reading (:class:`_Reading`), scored (:func:`_read`, through
:func:`_read_current` and :func:`_read_legacy`). An address written from its province down
is read with its parts in the other order (:func:`_reordered`): the same tokens, its
street what the units leave, in the order written. :mod:`vn_units.address._parsing` chooses the
passes, ranks the readings of the eras and makes the best one a result.
"""

from __future__ import annotations

import bisect
import itertools
import re
from functools import lru_cache
from typing import Final, Literal, final

from vn_units.address._candidates import (
    _compute_hits,
    _cuts_name,
    _former_hits,
    _Hit,
    _hits,
    _moved_hits,
    _named_alone,
)
from vn_units.address._gazetteer import (
    _ERAS,
    _code_map,
    _district_heirs,
    _Era,
    _legacy_parents,
    _moved_communes,
    _province_tables,
)
from vn_units.address._results import (
    AddressWarning,
)
from vn_units.address._results import WarningCode as _W
from vn_units.address._tokens import (
    _commune_type,
    _district_type,
    _Tokens,
    _unit_type_at,
)
from vn_units.address._weights import (
    _EXACT,
    _FREE_CROSS,
    _NAME_CUT,
    _NESTED_IN_PART,
    _PROVINCE_NAMED,
    _REMARK,
    _SKIPPED,
    _TYPE_AGREES,
)
from vn_units.address._words import (
    _CACHED_SEGMENT,
    _COUNTRY,
    _DISTRICT_ONLY,
    _DISTRICT_TYPES,
    _PREFIX,
    _PROVINCE_ONLY,
    _PROVINCE_TYPES,
    _PROVINCE_WORDS,
    _STREET_WORDS,
    _SUFFIX,
    _TYPE_MAX,
    _junk_tail,
    _letter_type,
    _notes,
    _strip_from,
)
from vn_units.models import Unit
from vn_units.text import split_type as _split_type

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
    # (the province hits, then none: the levels below alone; branch and bound leaves unread
    # the options that cannot reach the best reading made so far)
    p_opts: list[tuple[_Hit | None, float]] = [(h, h.score) for h in p_hits[:3]]
    p_opts.append((None, 0.0))
    ends = [n] * len(p_opts)
    tail = tk.seg_lo[n - 1]
    segmented = tk.segmented
    if tail > 0:
        # an unreadable last segment (a typo in the province, a phone number, a note) or a
        # province that contradicts the rest: skip it, and read the province before it (only
        # bounded by its segment or a type word, exact or misspelt: anything less there is too
        # weak a reading)
        skip = _SKIPPED if not p_hits else 2 * _SKIPPED
        before: list[_Hit] = []
        twice = 0  # the start of the part before, to skip both
        if not any(h.score >= _EXACT / 2 and not h.fuzzy for h in p_hits):
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
    elif not segmented and not any(h.score >= _EXACT / 2 and not h.fuzzy for h in p_hits):
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
    rest = _rest_top(era)
    for (ph, pscore), end in zip(p_opts, ends, strict=True):
        if tk.prune and pscore + rest < tk.best:
            continue  # no reading under this option can be the best one
        # a skipped last part leaving one part: read as an address without separators
        tk.segmented = segmented and not (0 < end < n and not tk.seg_lo[end - 1])
        e = ph.start if ph else end
        provinces = ph.units if ph else None
        warns: list[AddressWarning] = []
        if end != n:
            skipped = _written(tk, end, n)
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
            if tk.prune and pscore + rest < tk.best:
                continue  # (the province named as in the other era costs a point)
            _read_legacy(tk, e, era, ph, provinces, pscore, warns, readings, remarks)
        else:
            _read_current(tk, e, era, ph, provinces, pscore, warns, readings)
    tk.segmented = segmented
    readings.sort(key=lambda r: (-r.score, r.start))
    return readings


def _rest_top(era: _Era) -> float:
    """The highest score the levels below the province can add to a reading of ``era`` (of the
    current era, its commune and a legacy district skipped: see :func:`_read_current`)."""
    top = _REST.get(era.era)
    if top is None:
        top = era.top
        leg = _ERAS.get("legacy")
        if era.era == "current" and leg is not None:
            top += 2.0 + 0.1 * leg.ceiling("district")
        _REST[era.era] = top
    return top


_REST: Final[dict[str, float]] = {}


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
    if _cuts_name(tk, start):
        score += _NAME_CUT
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
    commune before it can be read and the district inferred from it. Only where the
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
    stale = _stale_district(tk, e) if len(d_opts) == 1 else None
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
    # (then none: the commune under the province, its district inferred)
    d_opts: list[tuple[_Hit | None, float, int]] = [(h, h.score, 0) for h in d_hits[:3]]
    d_opts.append((None, 0.0, 0))
    if provinces is None and not d_hits and e == tk.stop:
        # no province, and the address ends with a district named by its name alone, no type
        # word, not in a part of its own ("xã phước vĩnh an củ chi", "hoa khanh bac lien
        # chieu"): a district only where a commune of it comes right before it
        for h in _compute_hits(tk, e, didx, None, None, False, None, loose=True)[:3]:
            d_opts.append((h.warned(_CONFIRMED), h.score + _SKIPPED, 0))
    stale = _stale_district(tk, e) if not d_hits else None
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
        # a bare district inside its part, after a commune of it that starts the part or is
        # typed (see _NESTED_IN_PART)
        nested = (
            _NESTED_IN_PART if dh is not None and dh.free and tk.segmented and not swapped
            else 0.0
        )
        if tk.prune and pscore + dscore + nested + cidx.top < tk.best:
            continue
        ce = e if swapped else de  # where the commune part ends
        chits = _hits(
            tk, ce, cidx, parents, None, True, None, tk.best - pscore - dscore - nested
        )
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
            if nested and dist and not (ch.free or ch.fuzzy or dh is None or dh.fuzzy) and not (
                _one_name_across(tk, ch.start, de, e, dist)
            ):
                cscore += nested
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
            free = _FREE_CROSS if cross and dh.free else 0.0
            if prov is None:
                prov = tuple(dict.fromkeys(d.province for d in dh.units))  # type: ignore[attr-defined]
                if e == tk.stop:  # "Thái Bình" alone is the province, not also its city
                    free += _province_named(tk, de, e)
            _finish(tk, readings, era, pscore + dscore + free, de, prov, dh.units, None, w,
                    (ph is not None) + 1)
        if dh is None and ph is not None and not chits:
            _finish(tk, readings, era, pscore, e, provinces, None, None, w, 1)


def _one_name_across(
    tk: _Tokens, lo: int, cut: int, e: int, districts: tuple[Unit, ...]
) -> bool:
    """Whether the words from one in ``[lo, cut)`` to ``e`` are the name of a current commune
    of the province that took in ``districts`` ("Xã Phú Sơn Lâm Hà", "Phường Xuân Trường - Đà
    Lạt": names of 2025 that hold a legacy commune's and its district's), read as written in
    the current era (see _NESTED_IN_PART)."""
    cur = _ERAS.get("current")
    if cur is None:
        return False
    provinces = tuple(dict.fromkeys(
        cur.by_legacy_code[d.province_code] for d in districts  # type: ignore[attr-defined]
    ))
    names = cur.index["commune"].tables(provinces)[0]
    keys = tk.keys
    return any(" ".join(keys[i:e]) in names for i in range(lo, cut))


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
    if e < 4 or not (_district_word(tk, tk.stop) or _city_word(tk)):
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
    """Where the part written as a legacy district (a type word of that level only, or "Thành
    phố" before the name of no province, and a name) that ends right before token ``b`` starts:
    the part before ``b`` (with separators, where ``b`` starts a part), or the words from the
    last type word before ``b``; else None."""
    if not (_district_word(tk, tk.stop) or _city_word(tk)):
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
    if not k:
        # "Thành phố" (of a province or a district) before the name of no province ("Thành
        # phố Pleiku, Phường Diên Hồng, Tỉnh Gia Lai")
        t, tw = _unit_type_at(tk, a, b)
        if t and "district" in tw.levels and " ".join(tk.keys[a + t : b]) not in (
            _province_tables()[1]
        ):
            k = t
    return a if k and b - a > k else None


def _city_word(tk: _Tokens) -> bool:
    """Whether the address holds "Thành phố" or "TP" (of a province or a legacy district)."""
    keys = tk.type_keys
    return "tp" in keys or "pho" in keys


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


# The orders the parts of an address are read in: as written, and from the province down
# (:func:`_flipped`, :func:`_flipped_words`), the parts then read in reverse order (a view of
# the same tokens, :func:`_reordered`), and the better reading kept.


def _reordered(tk: _Tokens, pieces: list[tuple[int, int]]) -> _Tokens:
    """The tokens ``tk`` with their parts in another order: ``pieces`` (token ranges of
    ``tk``) in the order given, each a part (with its own separators inside it kept). The
    same words, at the same places of the same text: what the decoder reads of it is as
    written, and a reading's units cover the pieces that end it (see :func:`_flipped`)."""
    view = _Tokens("")
    view.text = tk.text
    order = [i for a, b in pieces for i in range(a, b)]
    keys, type_keys = tk.keys, tk.type_keys
    view.keys = [keys[i] for i in order]
    view.type_keys = view.keys if type_keys is keys else [type_keys[i] for i in order]
    view.start = [tk.start[i] for i in order]
    view.end = [tk.end[i] for i in order]
    view.letter_ok = [tk.letter_ok[i] for i in order]
    seg_lo: list[int] = []
    for a, b in pieces:
        at = len(seg_lo)
        seg_lo.extend(at + max(0, tk.seg_lo[i] - a) for i in range(a, b))
    view.seg_lo = seg_lo
    view.first_cut = next((j for j in range(1, len(seg_lo)) if seg_lo[j] == j), 0)
    view.segmented = bool(seg_lo) and seg_lo[-1] > 0
    if tk.bracketed:
        view.bracketed = frozenset(j for j, i in enumerate(order) if i in tk.bracketed)
    if tk.hasty:
        view.hasty = frozenset(j for j, i in enumerate(order) if i in tk.hasty)
    return view


def _written(tk: _Tokens, a: int, b: int) -> str:
    """The text of the tokens ``[a, b)`` as written (of a reordered view, its pieces in the
    order read, joined by commas)."""
    out = []
    lo = a
    for j in range(a + 1, b):
        if tk.start[j] < tk.start[j - 1]:  # back in the text: the next piece of a view
            out.append(tk.text[tk.start[lo] : tk.end[j - 1]])
            lo = j
    out.append(tk.text[tk.start[lo] : tk.end[b - 1]])
    return ", ".join(out)


def _flipped(tk: _Tokens, n: int) -> list[tuple[int, int]] | None:
    """The parts of the first ``n`` tokens in reverse order (a country name or postal code
    left out), as token ranges, when the text has several parts, cut by separators (or, with
    none, by slashes), and the first is a province name of either era (or a typed legacy
    district): the order to read an address written from its province down in ("TP HCM, Quận
    1, Phường Bến Nghé"); else None."""
    head = tk.keys[0] if n else ""
    if head not in _first_words() and not (head.isdigit() and 5 <= len(head) <= 6):
        return None  # most addresses start with a house number or a street word
    keys = tk.keys
    if tk.segmented:
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
        # a remark in parentheses after a part ("T. Nghệ An (gần chợ), X. Châu Hồng, …") is
        # no unit: it goes with the street
        remark = [bool(lo) and _after_bracket(tk.text, tk.start[lo]) for lo, _ in parts]
        if any(remark):
            parts = [p for p, r in zip(parts, remark, strict=True) if not r] + [
                p for p, r in zip(parts, remark, strict=True) if r
            ]
    elif "/" in tk.text and n:
        # parts cut by slashes: the tokens between two of them
        cuts = [i for i, ch in enumerate(tk.text) if ch == "/"]
        parts = []
        lo = 0
        for i in range(1, n + 1):
            if i == n or bisect.bisect(cuts, tk.start[i]) != bisect.bisect(cuts, tk.start[lo]):
                parts.append((lo, i))
                lo = i
        if not _province_keys(keys[parts[0][0] : parts[0][1]]) or len(parts) < 2:
            return None
    else:
        return None
    return [
        (lo, hi) for lo, hi in reversed(parts)
        if not _junk_tail(tk.text[tk.start[lo] : tk.end[hi - 1]])
    ]


def _after_bracket(text: str, i: int) -> bool:
    """Whether an opening parenthesis, and only spaces after it, stand before ``text[i]``."""
    i -= 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i >= 0 and text[i] == "("


def _flipped_words(
    tk: _Tokens, n: int, province: bool = False
) -> tuple[list[tuple[int, int]], str] | None:
    """The tokens of an address with no separators written from its largest unit down ("TP.HCM Quận
    1 Phường Bến Nghé 12 Lê Lợi", "Ha Noi Cau Giay Dich Vong Hau", "Quận 8 Phường 5 212 Phạm
    Thế Hiển"), cut into parts, as token ranges in the order to read them in: the other way
    round ("12 Lê Lợi", "Phường Bến Nghé", "Quận 1", "TP.HCM"); else None.

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
    pieces = [(i, len(keys))] if i < len(keys) else []
    pieces += reversed(list(itertools.pairwise(cuts)))
    open_end = ""
    if i < n and not (
        keys[i].isdigit() or keys[i] in _STREET_WORDS or _unit_type_at(tk, i, n)[0]
    ):
        open_end = tk.text[tk.start[i] : tk.end[i]]
    return pieces, open_end


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
