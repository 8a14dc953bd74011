"""Parsing: a text to its best reading, as a result.

The passes over a text (the tokens read once, exact names, former names and misspellings
alike, each scored; and with its parts in reverse order when it starts with its province, see
:func:`vn_units.address._decode._reordered`), the readings of the eras
(:mod:`vn_units.address._decode`) ranked, the best made a :class:`ParsedAddress` and the others
its ``alternatives``, made on first use (:class:`_Later`). :func:`_parse` is what
:func:`vn_units.address.parse_address` calls.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, Final, Literal, final

from vn_units.address._candidates import _hits
from vn_units.address._decode import (
    _district_word,
    _expand,
    _flipped,
    _flipped_words,
    _read,
    _Reading,
    _reordered,
    _written,
)
from vn_units.address._format import spaced
from vn_units.address._gazetteer import (
    _ERAS,
    _Era,
    _era,
    _legacy_parents,
)
from vn_units.address._repeats import _copy_ends
from vn_units.address._results import (
    TIE_MARGIN,
    AddressWarning,
    EraChoice,
    LaterReadings,
    ParsedAddress,
    _copy,
    _with_prefix,
    ties_with,
)
from vn_units.address._results import WarningCode as _W
from vn_units.address._tokens import (
    _commune_type,
    _district_type,
    _strip_tail,
    _Tokens,
)
from vn_units.address._weights import (
    _BOUNDED,
    _EXACT,
    _MAX_SCORE,
    _OPEN_END,
)
from vn_units.address._words import (
    _CACHED_TEXT,
    _COMMUNE_FIRST,
    _CUTS,
    _MAX_READ,
    _PIECE,
    _junk_tail,
    _word_info,
)
from vn_units.models import Unit


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


# a reading that ignored a part of the text may have a better reading read again
_IGNORED: Final = frozenset({_W.IGNORED_PART, _W.ABOLISHED_DISTRICT})


_REREAD: Final = frozenset({*_IGNORED, _W.REVERSED})


_SEPARATOR: Final = re.compile(f"[{_CUTS}]")


_STREET_EDGE: Final = " \t\r\n,;|.-–—:/>»›→\"'“”‘’«`"


# and at its end, the opening parenthesis of a unit written in parentheses: "…, Phường Sài Gòn
# (P. Bến Nghé cũ)"
_STREET_END: Final = _STREET_EDGE + "("


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
    head = spaced(text[:cut].strip(_STREET_EDGE))
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
        prefix = spaced(text[:cut].strip(_STREET_EDGE))
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
    tk = _Tokens(nfc)
    n = _strip_tail(tk)
    found = _read_tokens(text, tk, n, era)
    best = found
    order = _flipped(tk, n)
    if order is not None:
        # written from the province down ("TP HCM, Quận 1, Phường Bến Nghé"): read the
        # parts the other way round too, and keep the better reading
        best = _read_reordered(text, tk, order, era, "", found) or best
    if (order is None and not tk.segmented and (
        found.commune is None or found.street or any(w.code in _IGNORED for w in found.warnings)
    )) or (
        best.commune is None and tk.first_cut
    ):
        # the same without separators ("TP.HCM Quận 1 Phường Bến Nghé 12 Lê Lợi"), or in the
        # first part of an address with separators ("Tỉnh Ninh Bình Xã Đồng Thịnh Tổ 3, giao
        # giờ hành chính": what follows that part goes to the street)
        cut = (
            _flipped_words(tk, tk.first_cut, province=True) if tk.segmented
            else _flipped_words(tk, n)
        )
        if cut is not None:
            # open_end: a word that may still be part of the last unit's name
            best = _read_reordered(text, tk, cut[0], era, cut[1], best) or best
    return best


_parse_cached: Final = lru_cache(maxsize=8192)(_parse_uncached)


def _read_reordered(
    text: str, tk: _Tokens, pieces: list[tuple[int, int]], era: EraChoice, open_end: str,
    than: ParsedAddress,
) -> ParsedAddress | None:
    """The reading of the tokens ``tk`` of ``text`` with their parts in the order of
    ``pieces`` (see :func:`_reordered`; :func:`_make` for ``open_end``) when it scores above
    reading ``than``, else None."""
    view = _reordered(tk, pieces)
    found = _read_tokens(text, view, _strip_tail(view), era, tuple(pieces), open_end)
    if not found.units or found._score <= (than._score if than.units else 0.0):
        return None
    return found


def _warned(a: ParsedAddress, warning: AddressWarning) -> ParsedAddress:
    """``a`` (a reading of the end of ``text``) with ``warning`` added."""
    return _parsed(
        a.text, a.street, a.province, a.district, a.commune, a.era, a.confidence,
        (*a.warnings, warning), a._alternatives, a._prefix, a._score, a._later,
    )


_FLIPPED: Final = AddressWarning(
    _W.REVERSED, "read with its parts in reverse order: it starts with its largest unit"
)


def _eras(era: EraChoice) -> list[_Era]:
    """The eras ``era`` asks for that are built (the current one first)."""
    names: tuple[Literal["current", "legacy"], ...] = ("current", "legacy")
    return [b for name in names if era in ("auto", name) and (b := _era(name)) is not None]


def _read_tokens(
    text: str, tk: _Tokens, n: int, era: EraChoice,
    pieces: tuple[tuple[int, int], ...] = (), open_end: str = "",
) -> ParsedAddress:
    """The best reading of the tokens ``tk`` of ``text`` (normalised), the first ``n`` before a
    country name or postal code, as the result for ``text`` (``tk`` in the order of
    ``pieces`` when given: see :func:`_reordered`)."""
    eras = _eras(era)
    parts: list[list[_Reading]] = []
    if n:
        parts = _read_first(tk, n, eras)
    readings = _ranked(parts)
    if not readings:
        return ParsedAddress(
            text=text, street=_street(tk, len(tk.keys), n, pieces), confidence=0.0,
            warnings=(_NOT_FOUND,),
        )
    later = _Later(text, tk.text, tuple(e.era for e in eras), pieces, 1, open_end)
    r0 = readings[0]
    triples = _expand(r0)
    # the readings that score as well (to TIE_MARGIN) tie with the best one: of its era, at any
    # level ("Tổ 5, 3": Quận 3 of Hồ Chí Minh City, or Phường 3 of several cities), or of the
    # other era, reading the same words as a unit of another level ("Ba Vì, Hà Nội": the
    # legacy Huyện Ba Vì or the current Xã Ba Vì; the current reading stays first): its
    # confidence is shared among them, and TIE says so (see ParsedAddress.ties)
    tied = dict.fromkeys(triples)
    for r in readings[1:]:
        if r.score < r0.score - TIE_MARGIN:
            break
        if r.era == r0.era or bool(r.commune) != bool(r0.commune):
            tied.update(dict.fromkeys(_expand(r)))
    later.share = len(tied)
    p, d, c = triples[0]
    return _make(text, tk, n, r0, len(tied), p, d, c, later, pieces, open_end)


def _make(
    text: str, tk: _Tokens, n: int, r: _Reading, k: int, p: Unit | None, d: Unit | None,
    c: Unit | None, later: _Later | None, pieces: tuple[tuple[int, int], ...] = (),
    open_end: str = "", scale: str | None = None, share: int = 0,
) -> ParsedAddress:
    """The reading ``r`` of ``text`` with its units ``p, d, c``, one of ``k`` that fit equally
    well. Its confidence is on the scale of the era ``scale`` (the best reading's; ``r``'s by
    default) and divided by ``share`` (``k`` by default): see :func:`_confidence`.

    Of tokens read in the order of ``pieces`` (see :func:`_reordered`), the street is what the
    units leave, in the order written, and a warning says the order; ``open_end``, a word
    after the last unit's name when nothing marks where the name ends (see
    :func:`_flipped_words`), adds a warning and costs confidence."""
    conf = _confidence(r.score, scale or r.era, share or k)
    warns = r.warnings
    if k > 1:
        warns = (*warns, AddressWarning(_W.TIE, f"{k} units fit equally; see alternatives"))
    nfc = tk.text
    street = _street(tk, r.start, n, pieces)
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
    conf = round(conf, 3)
    if pieces:
        warns = (*warns, _FLIPPED)
        if open_end:
            warns = (*warns, AddressWarning(
                _W.OPEN_END,
                f"nothing marks where the last unit's name ends: {open_end!r} after it may be"
                " part of it",
            ))
            conf = round(conf * _OPEN_END, 3)
    return _parsed(text, street, p, d, c, r.era, conf, warns, (), "", r.score, later)


def _confidence(score: float, scale: str, share: int) -> float:
    """The confidence of a reading that scores ``score``: the score over the highest score a
    complete reading of the era ``scale`` can reach (that of the best reading of the text, so
    that the confidences of all its readings are on one scale, in the order of their scores),
    at most 1, divided by ``share``, the number of readings that score as well: the readings
    that tie with the best one share its confidence; any other reading shares its own with every
    reading that scores at least as well (see :meth:`_Later.results`)."""
    levels = 3 if scale == "legacy" else 2
    return max(0.0, min(1.0, score / (_MAX_SCORE * levels))) / share


def _street(
    tk: _Tokens, start: int, n: int, pieces: tuple[tuple[int, int], ...] = ()
) -> str | None:
    """The street of a reading whose units start at token ``start`` (all of it when that is
    ``n`` or more: what comes before a country name or postal code is no street): the text
    before it; of tokens read in the order of ``pieces`` (token ranges of the text as
    written), the pieces before it and the words before it of the piece it starts in, in the
    order written (the text between pieces that follow each other as written, commas between
    the others)."""
    if start >= n:
        start = len(tk.keys)
    if not pieces:
        end = tk.start[start] if start < len(tk.keys) else len(tk.text)
        return spaced(tk.text[:end].lstrip(_STREET_EDGE).rstrip(_STREET_END)) or None
    runs: list[list[int]] = []  # tokens as written [a, b), their text [lo, hi)
    at = 0
    for a, b in pieces:
        if at >= start:
            break
        take = min(b - a, start - at)
        hi = tk.start[at + take] if take < b - a else tk.end[at + take - 1]
        runs.append([a, a + take, tk.start[at], hi])
        at += b - a
    runs.sort()
    merged: list[list[int]] = []
    for run in runs:
        if merged and merged[-1][1] == run[0]:
            merged[-1][1], merged[-1][3] = run[1], run[3]
        else:
            merged.append(run)
    if merged and _TRAILER.fullmatch(tk.text, merged[-1][3]):
        merged[-1][3] = len(tk.text)  # and a note after the last words: "… (gần chợ)"
    texts = [tk.text[lo:hi].lstrip(_STREET_EDGE).rstrip(_STREET_END) for _, _, lo, hi in merged]
    if texts and texts[-1].count(")") > texts[-1].count("("):
        texts[-1] = texts[-1].rstrip(")").rstrip(_STREET_END)  # (of a note read as a part)
    return spaced(", ".join(t for t in texts if t)) or None


# what may follow the last word of a text: signs and notes in parentheses
_TRAILER: Final = re.compile(r"(?:[^\w(]|\([^)]*\))*")


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
                return _written(tk, i, j)
    return None


def _typed_commune_before(tk: _Tokens, start: int) -> int | None:
    """Where the commune written with its type word right before ``start`` (where a reading's
    first unit starts) begins, which the reading leaves in its street part: a whole part
    ("…, Phường 21, Bình Thạnh, TP HCM"), or a type word and a number ("P15 Bình Thạnh");
    None when there is none. A commune that has another name since (read as its former name)
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

    Only the text, the eras read and the order of its parts are kept (a parsed
    address stays in the cache, and its tokens and readings would be many objects for the
    garbage collector to walk): the readings depend on nothing else, and are made again, every
    branch of every era read, on first use. The eras are kept by name, so that a pickled
    result carries a few strings, not the indexes."""

    __slots__ = (
        "_done", "eras", "nfc", "open_end", "pieces", "share", "text",
    )

    def __init__(
        self, text: str, nfc: str, eras: tuple[Literal["current", "legacy"], ...],
        pieces: tuple[tuple[int, int], ...] = (), share: int = 1, open_end: str = "",
    ) -> None:
        self.text = text
        self.nfc = nfc
        self.eras = eras
        self.pieces = pieces  # the order the parts were read in (see _reordered), if not as written
        self._done: tuple[ParsedAddress, ...] | None = None
        # the number of readings that tie with the best one (set by the caller)
        self.share = share
        # a word after the last unit that may be part of its name (see _make): every reading
        # of the text is as unsure of it
        self.open_end = open_end

    @property
    def tied(self) -> bool:
        """Whether another reading ties with the best one."""
        return self.share > 1

    def __reduce__(self) -> tuple[Any, ...]:
        return _Later, (self.text, self.nfc, self.eras, self.pieces, self.share, self.open_end)

    def _readings(self) -> tuple[_Tokens, int, list[_Reading]]:
        """The tokens, their number before a country name or postal code, and every reading
        of every era, best first."""
        tk = _Tokens(self.nfc)
        n = _strip_tail(tk)
        if self.pieces:
            tk = _reordered(tk, list(self.pieces))
            n = _strip_tail(tk)
        tk.prune = False
        eras = [e for e in map(_era, self.eras) if e is not None]
        remarks = self.eras == ("legacy",)
        return tk, n, _ranked([_read(tk, n, e, remarks) for e in eras]) if n else []

    def results(self) -> Iterator[ParsedAddress]:
        """Every reading as a result, best first, each (province, district, commune) once: the
        readings that tie with the best one right after it, then the others by confidence
        (by score, but for a doubt that lowers a reading's confidence: see :func:`_make`).

        Confidences are on the best reading's scale (see :func:`_confidence`): the readings
        that tie with the best one share its confidence (divided by :attr:`share`); any other
        reading is divided by the number of readings that score at least as well, so that
        none is above the best one, and each is at most the one before it."""
        tk, n, readings = self._readings()
        if not readings:
            return
        r0 = readings[0]
        top = r0.score
        picked: list[tuple[_Reading, int, tuple[Unit | None, ...]]] = []
        seen: set[tuple[Unit | None, ...]] = set()
        for r in readings:
            triples = _expand(r)
            for t in triples:
                if t not in seen:
                    seen.add(t)
                    picked.append((r, len(triples), t))
            if len(picked) >= 8 and r.score < top:
                break
        share = self.share

        def ties(r: _Reading) -> bool:
            return r.score >= top - TIE_MARGIN and (
                r.era == r0.era or bool(r.commune) != bool(r0.commune)
            )

        for r, _, (p, d, c) in picked:
            if r is r0 or ties(r):
                yield _make(
                    self.text, tk, n, r, share, p, d, c, None, self.pieces, self.open_end,
                    r0.era, share,
                )
        rest: list[ParsedAddress] = []
        for r, k, (p, d, c) in picked:
            if r is not r0 and not ties(r):
                above = sum(1 for x in picked if x[0].score >= r.score - TIE_MARGIN)
                rest.append(_make(
                    self.text, tk, n, r, k, p, d, c, None, self.pieces, self.open_end,
                    r0.era, max(above, share + 1),
                ))
        # (a reading with a doubt that lowers its confidence, not its score, such as a legacy
        # district left in its street, after the others of its score: see _make)
        rest.sort(key=lambda a: -a.confidence)
        yield from rest

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
    out = [r for built in _eras(era) for r in _read(tk, n, built, era == "legacy")]
    return sorted(out, key=lambda r: -r.score)
