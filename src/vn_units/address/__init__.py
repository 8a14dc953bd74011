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

The reader's modules (internal, in the order they import each other): ``_format`` (the
writing of units), ``_results`` (the result classes), ``_weights`` (the weights of the
scores), ``_words`` (words and type words), ``_gazetteer`` (the indexes of names),
``_tokens``, ``_repeats`` (units written twice), ``_candidates`` (the spans that name a unit,
scored), ``_decode`` (the readings of one era, scored, its parts in the order written or
from the province down), ``_parsing`` (the orders read in; the readings ranked, the best as a
result) and ``_convert`` (the current communes of every tying reading). Built with
``VN_UNITS_COMPILE=1``, all of them but ``_format`` and ``_results`` are compiled with mypyc
(see ``hatch_build.py``); the same source runs as plain Python otherwise, with the same
results.
"""

from __future__ import annotations

import datetime as _dt
from typing import Final, Literal

from vn_units._errors import (
    AddressParseError,
    AmbiguousUnitError,
    InvalidTypeError,
    check_choice,
)
from vn_units.address._candidates import _HITS_CACHE
from vn_units.address._convert import converted, current_units
from vn_units.address._decode import _STALE
from vn_units.address._format import STYLES, unit_tail, units_text, with_street
from vn_units.address._gazetteer import _forget_found
from vn_units.address._parsing import _parse, _parse_cached
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


_ERA_CHOICES: Final = ("auto", "current", "legacy")


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
    if type(era) is not str or era not in _ERA_CHOICES:  # (the check, done quickly first)
        check_choice("era", era, _ERA_CHOICES)
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
    the candidates when several readings fit equally well (``ParsedAddress.ties``) and name
    different units at that level. A tie is never settled silently, not even between the
    eras: "Ba Vì, Hà Nội" (the current Xã Ba Vì, or the legacy Huyện Ba Vì) raises, listing
    both; a type word ("Xã Ba Vì") or ``era=`` decides. Readings of the two eras that name
    the same place (a province; Huyện Côn Đảo, now Đặc khu Côn Đảo) do not differ. An ``era``
    or ``level`` outside those named raises :class:`~vn_units.InvalidArgumentError`.

    >>> resolve_address("Phường Bến Thành, Quận 1, TP HCM").commune.code
    '26743'
    >>> resolve_address("12 Lê Lợi")
    Traceback (most recent call last):
    ...
    vn_units.AddressParseError: cannot resolve address '12 Lê Lợi': no administrative unit found
    >>> try:
    ...     resolve_address("Ba Vì, Hà Nội")
    ... except AmbiguousUnitError as exc:
    ...     [u.full_name for u in exc.candidates]
    ['Xã Ba Vì', 'Huyện Ba Vì']
    >>> resolve_address("Ba Vì, Hà Nội", level="province").province.full_name
    'Thành phố Hà Nội'
    """
    check_choice("level", level, ("province", "district", "commune"))
    parsed = parse_address(text, era=era)
    target = _unit_at(parsed, level)
    ties = parsed.ties if parsed.is_ambiguous else (parsed,)
    if target is None and all(_unit_at(alt, level) is None for alt in ties):
        reason = parsed.warnings[0] if parsed.era is None and parsed.warnings else (
            f"no {level} found"
        )
        raise AddressParseError(text, reason, parsed)
    if len(ties) == 1:
        return parsed
    # (a tying reading of another level, of either era: its smallest unit, "Tổ 5, 3": Quận 3 of
    # Hồ Chí Minh City, or Phường 3 of several cities)
    first = target or parsed.units[0]
    rivals: list[Unit] = []
    places = {_today(first)}  # each place once, however many eras name it
    other_era = False
    for alt in ties[1:]:
        unit = _unit_at(alt, level) or (alt.units[0] if alt.units else None)
        if unit is None or _today(unit) in places:
            continue  # the same place, named as in each era (a province; Huyện Côn Đảo)
        places.add(_today(unit))
        rivals.append(unit)
        other_era = other_era or alt.era != parsed.era
    if target is None and not rivals:
        raise AddressParseError(text, f"no {level} found", parsed)
    if rivals:
        target = first
        hint = (
            "The name is a unit of each era, at different levels: write its type word"
            " (Xã, Huyện...) or pass era=."
            if other_era else "Add the missing level(s) to the address."
        )
        raise AmbiguousUnitError(text, [target, *rivals], hint=hint)
    return parsed


def _today(unit: Unit) -> tuple[Unit, ...]:
    """The current units a unit is today: itself, or what a legacy unit went into."""
    return (unit,) if unit.era == "current" else tuple(current_units(unit))


def _unit_at(parsed: ParsedAddress, level: str) -> Unit | None:
    if level == "province":
        return parsed.province
    return parsed.district if level == "district" else parsed.commune


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
    check_choice("style", style, STYLES)
    if isinstance(address, ParsedAddress):
        if street is None:
            street = address.street
        tail = units_text(address.units, style)
    elif isinstance(address, Unit):
        tail = unit_tail(address, style, _dt.date.today())
    else:
        raise InvalidTypeError(
            f"format_address takes a ParsedAddress or a unit, not {type(address).__name__}"
        )
    return with_street(street, tail)


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
    if type(style) is not str or style not in STYLES:  # (the check, done quickly first)
        check_choice("style", style, STYLES)
    parsed = text if isinstance(text, ParsedAddress) else parse_address(text, era="auto")
    return converted(parsed, style)


def _clear_caches() -> None:
    """Forget every parsed text, matched province segment, per-segment test, misspelt name
    compared, converted unit and written unit (the per-word cache and the indexes stay); for
    benchmarks that must parse addresses afresh."""
    _parse_cached.cache_clear()
    current_units.cache_clear()
    unit_tail.cache_clear()
    _HITS_CACHE.clear()
    _JUNK_TAILS.clear()
    _STALE.clear()
    _forget_found()
