"""Free-text Vietnamese addresses: parse, resolve, convert between eras, format.

Two levels, as in ``usaddress``: :func:`parse_address` never raises on a ``str`` and returns a
best-effort :class:`ParsedAddress` (street part, units found, era, confidence, warnings, ranked
alternatives); :func:`resolve_address` returns a fully resolved address or raises
:class:`~vn_units.AddressParseError` / :class:`~vn_units.AmbiguousUnitError`.
:func:`convert_address` parses a legacy address and rewrites it in the current two-level
structure, returning every candidate when the legacy commune was split.
:func:`format_address` writes units of either era, full, short or English.

>>> from vn_units.address import parse_address
>>> a = parse_address("65 Lê Lợi, P. Bến Thành, Q.1, TP.HCM")
>>> a.street, a.commune.full_name, a.district.full_name, a.province.full_name, a.era
('65 Lê Lợi', 'Phường Bến Thành', 'Quận 1', 'Thành phố Hồ Chí Minh', 'legacy')

How the reader works: the text is cut into words (each normalised once, with a cache), separators
(commas, semicolons, parentheses, line breaks, spaced dashes) are kept as segment boundaries,
and units are matched right to left, province first, each level only among the children of
the units already found (exact keys first; ``rapidfuzz`` only as a fallback, among those
children). Every way of reading the tail of the address (a level found, or missing and
inferred) is scored, and the best reading of each era wins; the others become
``alternatives``.

The reader's modules (internal, in the order they import each other): ``_results``
(the result classes), ``_weights`` (the weights of the scores), ``_words`` (words and
type words), ``_gazetteer`` (the indexes of names), ``_tokens``, ``_candidates`` (the
spans that name a unit, scored), ``_rereads`` (texts rewritten in another order, read
again), ``_decode`` (readings, ranked; the best as a result) and ``_convert``. Built
with ``VN_UNITS_COMPILE=1``, all of them but ``_results`` are compiled with mypyc (see
``hatch_build.py``); the same source runs as plain Python otherwise, with the same
results.
"""

from __future__ import annotations

import datetime as _dt
from typing import Literal

from vn_units._errors import (
    AddressParseError,
    AmbiguousUnitError,
    InvalidTypeError,
    check_choice,
)
from vn_units.address._candidates import _HITS_CACHE
from vn_units.address._convert import _convert, _converted, _parsed_tail, _unit_tail, _with_street
from vn_units.address._decode import _STALE, _parse, _parse_cached
from vn_units.address._results import (
    AddressConversion,
    AddressWarning,
    EraChoice,
    ParsedAddress,
    Style,
    WarningCode,
)
from vn_units.address._words import _JUNK_TAILS
from vn_units.models import Unit

__all__ = [
    "AddressConversion",
    "AddressWarning",
    "ParsedAddress",
    "WarningCode",
    "convert_address",
    "format_address",
    "parse_address",
    "resolve_address",
]


def parse_address(text: str, *, era: EraChoice = "auto") -> ParsedAddress:
    """Parse a free-text address; never raises on a ``str``.

    What the reading guessed, inferred or ignored is in ``warnings``, each with a stable
    ``code`` (a :class:`WarningCode`; ``warning_codes`` lists them). A text longer than 1,000
    characters is read from its end (the rest is street, with :attr:`WarningCode.TRUNCATED`),
    so any text is read in time linear in its length. Each call returns a new object.

    ``era`` is ``"auto"`` (the default: both eras are tried and the better reading wins; a
    tie goes to the current era), ``"current"`` or ``"legacy"``.

    >>> a = parse_address("so 5 duong 3 thang 2, phuong 14, quan 10, tp hcm")
    >>> a.street, a.commune.full_name, a.district.full_name, a.era
    ('so 5 duong 3 thang 2', 'Phường 14', 'Quận 10', 'legacy')
    >>> parse_address("Ben Thanh Ward, Ho Chi Minh City").commune.code
    '26743'
    """
    if not isinstance(text, str):
        raise InvalidTypeError(f"an address must be a str, not {type(text).__name__}")
    check_choice("era", era, ("auto", "current", "legacy"))
    return _parse(text, era)


def resolve_address(
    text: str,
    *,
    era: EraChoice = "auto",
    level: Literal["province", "district", "commune"] = "commune",
) -> ParsedAddress:
    """Parse an address and insist on a unique reading down to ``level`` (default: commune).

    Raises :class:`~vn_units.AddressParseError` (with the best-effort parse as ``partial``)
    when no unit of that level is found, and :class:`~vn_units.AmbiguousUnitError` listing
    the candidates when several readings fit equally well. An ``era`` or ``level`` outside
    those named raises :class:`~vn_units.InvalidArgumentError`.

    >>> resolve_address("Phường Bến Thành, Quận 1, TP HCM").commune.code
    '26743'
    >>> resolve_address("12 Lê Lợi")
    Traceback (most recent call last):
    ...
    vn_units.AddressParseError: cannot resolve address '12 Lê Lợi': no administrative unit found
    """
    check_choice("level", level, ("province", "district", "commune"))
    parsed = parse_address(text, era=era)
    target: Unit | None = {
        "province": parsed.province, "district": parsed.district, "commune": parsed.commune
    }[level]
    if target is None:
        reason = parsed.warnings[0] if parsed.era is None and parsed.warnings else (
            f"no {level} found"
        )
        raise AddressParseError(text, reason, parsed)
    rivals: list[Unit] = []
    if not parsed.is_ambiguous:
        return parsed
    for alt in parsed.alternatives:
        # a tie between the eras is settled by the documented rule (the current era wins)
        if alt._score >= parsed._score and alt.era == parsed.era:
            unit = {"province": alt.province, "district": alt.district, "commune": alt.commune}[
                level
            ]
            if unit is not None and unit != target and unit not in rivals:
                rivals.append(unit)
    if rivals:
        raise AmbiguousUnitError(
            text, [target, *rivals], hint="Add the missing level(s) to the address."
        )
    return parsed


def format_address(
    address: ParsedAddress | Unit,
    *,
    street: str | None = None,
    style: Style = "full",
) -> str:
    """Write an address: street, commune, (district,) province, comma-separated.

    ``address`` is a :class:`ParsedAddress` or a unit of either era (its parents are added);
    ``street`` replaces (or, for a unit, supplies) the street part. ``style`` is ``"full"``
    ("Phường Bến Thành"), ``"short"`` ("P.Bến Thành", "Q.1", "TP.Hồ Chí Minh") or
    ``"english"`` ("Ben Thanh Ward"); another ``style`` raises
    :class:`~vn_units.InvalidArgumentError`.

    >>> from vn_units import communes, legacy
    >>> format_address(communes["26743"], street="65 Lê Lợi")
    '65 Lê Lợi, Phường Bến Thành, Thành phố Hồ Chí Minh'
    >>> format_address(legacy.communes["26743"], style="short")
    'P.Bến Thành, Q.1, TP.Hồ Chí Minh'
    >>> format_address(communes["26743"], style="english")
    'Ben Thanh Ward, Ho Chi Minh City'
    """
    check_choice("style", style, _STYLES)
    if isinstance(address, ParsedAddress):
        if street is None:
            street = address.street
        tail = _parsed_tail(address, style)
    elif isinstance(address, Unit):
        tail = _unit_tail(address, style, _dt.date.today())
    else:
        raise InvalidTypeError(
            f"format_address takes a ParsedAddress or a unit, not {type(address).__name__}"
        )
    return _with_street(street, tail)


def convert_address(text: str | ParsedAddress, *, style: Style = "full") -> AddressConversion:
    """Parse a legacy address and write it in the current structure, keeping the street.

    When the legacy commune was split, every current commune it went into is a candidate
    (and has its own address); ``is_ambiguous`` says so and ``one()`` raises. When several
    readings of the text tie (``parsed.is_ambiguous``: "Xã Tân Phú" names five communes), the
    candidates of every tying reading are returned, never one picked silently. A current-era
    address comes back in the same structure. ``text`` may also be a :class:`ParsedAddress`.
    ``style`` is that of :func:`format_address`.

    >>> r = convert_address("12 Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh")
    >>> r.addresses
    ('12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh',)
    """
    check_choice("style", style, _STYLES)
    parsed = text if isinstance(text, ParsedAddress) else parse_address(text, era="auto")
    return _converted(parsed, style)


_STYLES: tuple[Style, ...] = ("full", "short", "english")


def _clear_caches() -> None:
    """Forget every parsed text, matched province segment, per-segment test, converted unit
    and written unit (the per-word cache and the indexes stay); for benchmarks that must parse
    addresses afresh."""
    _parse_cached.cache_clear()
    _convert.cache_clear()
    _unit_tail.cache_clear()
    _HITS_CACHE.clear()
    _JUNK_TAILS.clear()
    _STALE.clear()
