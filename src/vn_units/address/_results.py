"""The results of reading an address: :class:`ParsedAddress` and :class:`AddressConversion`.

They are made by the reader (:mod:`vn_units.address._parsing`) and returned by
:mod:`vn_units.address`, which is where users import them from. This module imports only
downwards (the unit models, the errors, :mod:`vn_units.address._format`): what the decoder
gives a result to make its alternatives later is typed here by what the result needs of it
(:class:`LaterReadings`), not imported from the decoder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal, Protocol

from typing_extensions import NotRequired, TypedDict

from vn_units._errors import AddressParseError, AmbiguousUnitError, check_choice
from vn_units.address._format import STYLES, Style, units_text, with_street
from vn_units.models import (
    Commune,
    LegacyCommune,
    LegacyDistrict,
    LegacyProvince,
    Province,
    Unit,
)

EraChoice = Literal["auto", "current", "legacy"]

__all__ = [
    "TIE_MARGIN",
    "AddressConversion",
    "AddressWarning",
    "EraChoice",
    "LaterReadings",
    "ParsedAddress",
    "Style",
    "WarningCode",
    "ties_with",
]


class LaterReadings(Protocol):
    """What a result keeps to make its alternatives on first use (the decoder's ``_Later``)."""

    @property
    def tied(self) -> bool:
        """Whether another reading may tie with the best one (see ``ParsedAddress.ties``)."""

    def alternatives(self) -> tuple[ParsedAddress, ...]:
        """The other readings, best first."""


class WarningCode(str, Enum):
    """What a reading of an address guessed, inferred or ignored: the stable code of an
    :class:`AddressWarning`. Branch on these, never on a warning's message.

    >>> from vn_units import parse_address
    >>> [w.code for w in parse_address("Phường Bến Thành, Quận 1").warnings]
    [<WarningCode.PROVINCE_INFERRED: 'province-inferred'>]
    """

    NOT_FOUND = "not-found"
    """No administrative unit was found in the text."""
    IGNORED_PART = "ignored-part"
    """A part of the text that does not fit the rest of the address was left out."""
    ABOLISHED_DISTRICT = "abolished-district"
    """A legacy district in a current-era reading was left out (districts ended 2025-07-01)."""
    OTHER_ERA_PROVINCE = "other-era-province"
    """The province is named as in the other era (a legacy province in a current reading)."""
    MISSPELT = "misspelt"
    """A unit's name looks misspelt; it was read as the closest name."""
    FORMER_NAME = "former-name"
    """A unit is written with a name or type of an earlier date (its own, or of a unit merged
    into it), or under the district it was in before."""
    INITIALS = "initials"
    """A unit is written with the initials of its name."""
    TYPE_MISMATCH = "type-mismatch"
    """The type word written does not match the unit's type."""
    PROVINCE_INFERRED = "province-inferred"
    """The province is not written; it was inferred from the units below it."""
    DISTRICT_INFERRED = "district-inferred"
    """The legacy district is not written; it was inferred from the commune."""
    TIE = "tie"
    """Several units fit equally well: the reading is ambiguous (see ``alternatives``)."""
    REVERSED = "reversed"
    """The address is written from its largest unit down and was read that way."""
    SWAPPED = "swapped"
    """The district part comes before the commune part and was read that way."""
    REMARK = "remark"
    """A remark in parentheses names the unit that was read."""
    OPEN_END = "open-end"
    """Nothing marks where the last unit's name ends: words after it may belong to it."""
    LEFT_IN_STREET = "left-in-street"
    """Text written as a unit does not fit the reading and was left in the street part."""
    TRUNCATED = "truncated"
    """The text is too long to be an address: only its end was read (see ``parse_address``)."""
    REPEATED = "repeated"
    """A unit, or a run of units, is written twice ("…, Quận 1, TP HCM, Quận 1, TP HCM"): the
    copies were read as one unit, and none of them is left in the street part."""


class AddressWarning(str):
    """A warning of a reading: its message, a ``str`` as it always was, with a stable ``code``
    (a :class:`WarningCode`).

    >>> from vn_units import parse_address
    >>> w = parse_address("Phường Bến Thành, Quận 1").warnings[0]
    >>> w.code.value, str(w)
    ('province-inferred', 'province inferred')
    """

    code: WarningCode

    def __new__(cls, code: WarningCode, message: str) -> AddressWarning:
        self = super().__new__(cls, message)
        self.code = code
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return AddressWarning, (self.code, str(self))

    @property
    def message(self) -> str:
        """The message as a plain ``str``."""
        return str.__str__(self)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """Serialised as ``{"code": ..., "message": ...}``; validated from the same."""
        from pydantic_core import core_schema

        fields = core_schema.typed_dict_schema({
            "code": core_schema.typed_dict_field(handler.generate_schema(WarningCode)),
            "message": core_schema.typed_dict_field(core_schema.str_schema()),
        })
        from_dict = core_schema.no_info_after_validator_function(
            lambda d: cls(d["code"], d["message"]), fields
        )
        return core_schema.json_or_python_schema(
            json_schema=from_dict,
            python_schema=core_schema.union_schema(
                [core_schema.is_instance_schema(cls), from_dict]
            ),
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda w: {"code": w.code, "message": w.message}, return_schema=fields
            ),
        )


@dataclass(frozen=True)
class ParsedAddress:
    """The best reading of a free-text address (see :func:`parse_address`).

    ``street`` is what is left before the first unit (house number, street, hamlet, group), or
    ``None``. ``province``, ``district`` (legacy only) and ``commune`` are units of ``era``, or
    ``None`` where the address names none and none can be inferred. ``confidence`` is a
    heuristic in [0, 1]: 1 for a complete, consistent, unambiguous reading with type words,
    lower for typos, missing levels and ties: the reading's score over the highest score a
    complete reading of the best reading's era can reach (one scale for every reading of a
    text), shared by the readings that score as well. ``warnings`` says what was guessed or
    ignored; ``alternatives`` lists other readings, best first (each with empty
    ``alternatives``).

    >>> from vn_units import parse_address
    >>> p = parse_address("12 Nguyen Trai, P. Ben Thanh, Q.1, TPHCM")
    >>> p.era, p.street, p.commune.full_name, p.district.full_name, p.province.full_name
    ('legacy', '12 Nguyen Trai', 'Phường Bến Thành', 'Quận 1', 'Thành phố Hồ Chí Minh')
    """

    text: str
    street: str | None = None
    province: Province | LegacyProvince | None = None
    district: LegacyDistrict | None = None
    commune: Commune | LegacyCommune | None = None
    era: Literal["current", "legacy"] | None = None
    confidence: float = 0.0
    warnings: tuple[AddressWarning, ...] = ()
    _alternatives: tuple[ParsedAddress, ...] = field(default=(), repr=False, compare=False)
    _prefix: str = field(default="", repr=False, compare=False)
    _score: float = field(default=0.0, repr=False, compare=False)
    # the readings the alternatives are made from, when they are made on first use
    _later: LaterReadings | None = field(default=None, repr=False, compare=False)

    def _alts(self) -> tuple[ParsedAddress, ...]:
        later = self._later
        return self._alternatives if later is None else later.alternatives()

    @property
    def alternatives(self) -> tuple[ParsedAddress, ...]:
        """Other readings, best first (a reading per candidate when several units fit; those
        that tie with this one first).

        Their ``confidence`` is on this reading's scale (see ``confidence``): never above
        this reading's, and lower down the list."""
        alts = self._alts()
        if not self._prefix and all(a.text == self.text for a in alts):
            return tuple(map(_copy, alts))  # copies: what a cache keeps is not changed
        # readings of the end of the text: the text is this one's, the rest is street
        return tuple(_with_prefix(a, self.text, self._prefix) for a in alts)

    @property
    def ties(self) -> tuple[ParsedAddress, ...]:
        """The readings that fit as well as this one: this one first, then every tying
        alternative (just this one when the reading is not ambiguous).

        A reading ties when it scores as well (to :data:`TIE_MARGIN`) and either is of the
        same era, whatever levels it finds ("Xã Tân Phú": a commune of that name in each of
        several provinces; "Tổ 5, 3": Quận 3 of Hồ Chí Minh City, or Phường 3 of one of
        several cities), or is of the other era and reads the same words as a unit of another
        level ("Ba Vì, Hà Nội": the current Xã Ba Vì, or the legacy Huyện Ba Vì). A reading of
        the other era that finds the same levels does not tie (the current era wins).
        :func:`~vn_units.address.convert_address` converts every tying reading;
        :func:`~vn_units.address.resolve_address` raises when they name different units.

        >>> from vn_units import parse_address
        >>> [(a.era, a.units[0].full_name) for a in parse_address("Ba Vì, Hà Nội").ties]
        [('current', 'Xã Ba Vì'), ('legacy', 'Huyện Ba Vì')]
        >>> len(parse_address("Phường Bến Thành, Quận 1").ties)
        1
        """
        later = self._later
        if later is not None and not later.tied:
            return (self,)
        return (self, *(a for a in self.alternatives if ties_with(self, a)))

    @property
    def warning_codes(self) -> tuple[WarningCode, ...]:
        """The codes of ``warnings``, in order (what to branch on)."""
        return tuple(w.code for w in self.warnings)

    @property
    def units(self) -> tuple[Unit, ...]:
        """The units found, smallest first (commune, district, province)."""
        return tuple(u for u in (self.commune, self.district, self.province) if u is not None)

    @property
    def is_complete(self) -> bool:
        """A commune (and so every level above it) was found."""
        return self.commune is not None

    @property
    def is_ambiguous(self) -> bool:
        """Another reading fits as well as this one (``ties`` has more than this one): of
        the same era, at any level, or of the other era, finding a unit of another level ("Ba
        Vì, Hà Nội": Xã Ba Vì of today or the legacy Huyện Ba Vì). A tie between the eras at
        the same levels goes to the current era and is not ambiguous."""
        later = self._later
        if later is not None and not later.tied:
            return False  # the usual case: no alternative is made
        return len(self.ties) > 1

    def format(self, style: Style = "full") -> str:
        """The address written back: ``format_address(self, style=style)``."""
        check_choice("style", style, STYLES)
        return with_street(self.street, units_text(self.units, style))

    def __str__(self) -> str:
        return self.format()

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """A pydantic schema (``TypeAdapter``, FastAPI response models, JSON schema): the
        public fields and ``is_ambiguous``; validated back from the same fields."""
        return _view_schema(cls, _ParsedAddressView, handler, lambda p: {
            "text": p.text, "street": p.street, "province": p.province,
            "district": p.district, "commune": p.commune, "era": p.era,
            "confidence": p.confidence, "warnings": p.warnings, "is_ambiguous": p.is_ambiguous,
        }, lambda d: cls(**{k: v for k, v in d.items() if k != "is_ambiguous"}))


@dataclass(frozen=True)
class AddressConversion:
    """A legacy address rewritten in the current structure (see :func:`convert_address`).

    ``candidates`` are the current communes the legacy commune went into (several when it was
    split: none is picked silently), and those of every reading that ties with the best one
    (``parsed.ties``: "Ba Vì, Hà Nội" is Xã Ba Vì, or the legacy Huyện Ba Vì and so every
    commune it went into); ``addresses`` one formatted address per candidate (``street,
    commune, province``). ``province`` is the current province (known even when no commune is;
    ``None`` when tying readings disagree). A current-era input converts to itself.

    >>> from vn_units import convert_address
    >>> r = convert_address("Số 5 đường 3 tháng 2, Phường 12, Quận 10, TP.HCM")
    >>> r.is_ambiguous, r.one_address()
    (False, 'Số 5 đường 3 tháng 2, Phường Hòa Hưng, Thành phố Hồ Chí Minh')
    >>> r = convert_address("Xã Hồng Hà, Huyện Đan Phượng, Hà Nội")   # split four ways
    >>> r.is_ambiguous, len(r.addresses)
    (True, 4)
    """

    parsed: ParsedAddress
    candidates: tuple[Commune, ...]
    addresses: tuple[str, ...]
    province: Province | None = None

    @property
    def is_ambiguous(self) -> bool:
        """More than one candidate commune, or, with none, tying readings in different
        provinces."""
        if self.candidates:
            return len(self.candidates) > 1
        return self.province is None and self.parsed.is_ambiguous

    def one(self) -> Commune:
        """The single candidate commune, or :class:`~vn_units.AmbiguousUnitError` listing them
        (or :class:`~vn_units.AddressParseError` when the address has no commune)."""
        if len(self.candidates) == 1:
            return self.candidates[0]
        if not self.candidates:
            raise AddressParseError(self.parsed.text, "no commune found", self.parsed)
        raise AmbiguousUnitError(
            self.parsed.text,
            self.candidates,
            hint=(
                "The address reads several ways equally well; add the missing level or the"
                " type word." if self.parsed.is_ambiguous
                else "The legacy commune was split; street-level detail is needed to choose."
            ),
        )

    def one_address(self) -> str:
        """The single converted address (raises like :meth:`one`)."""
        self.one()
        return self.addresses[0]

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """A pydantic schema: the fields and ``is_ambiguous``; validated from the same."""
        return _view_schema(cls, _AddressConversionView, handler, lambda c: {
            "parsed": c.parsed, "candidates": c.candidates, "addresses": c.addresses,
            "province": c.province, "is_ambiguous": c.is_ambiguous,
        }, lambda d: cls(d["parsed"], d["candidates"], d["addresses"], d.get("province")))


# Scores closer than this are equal: readings whose hits sum to the same score in another order
# tie (a documented margin of "fit as well", not a weight: see ParsedAddress.ties).
TIE_MARGIN = 1e-6


def ties_with(best: ParsedAddress, other: ParsedAddress) -> bool:
    """Whether the reading ``other`` ties with ``best`` (see :attr:`ParsedAddress.ties`): it
    scores as well (to :data:`TIE_MARGIN`) and is of the same era, at any level, or of the
    other era, reading a unit of another level (a commune where ``best`` reads none, or the
    reverse)."""
    if other._score < best._score - TIE_MARGIN:
        return False
    if other.era == best.era:
        return True
    return (other.commune is None) != (best.commune is None)


def _with_prefix(a: ParsedAddress, text: str, prefix: str) -> ParsedAddress:
    """``a`` (a reading of the end of ``text``) as a reading of ``text``: ``prefix`` (the text
    before the end that was read) is added to its street."""
    street = f"{prefix}, {a.street}" if a.street and prefix else (prefix or a.street)
    obj = _copy(a)
    obj.__dict__.update(text=text, street=street or None, _prefix=prefix)
    return obj


def _copy(a: ParsedAddress) -> ParsedAddress:
    """A new object with the same fields as ``a`` (what a caller gets is never an object that
    a cache keeps)."""
    obj = object.__new__(ParsedAddress)
    object.__setattr__(obj, "__dict__", dict(a.__dict__))
    return obj


class _ParsedAddressView(TypedDict):
    text: str
    street: str | None
    province: Province | LegacyProvince | None
    district: LegacyDistrict | None
    commune: Commune | LegacyCommune | None
    era: Literal["current", "legacy"] | None
    confidence: float
    warnings: tuple[AddressWarning, ...]
    is_ambiguous: NotRequired[bool]


class _AddressConversionView(TypedDict):
    parsed: ParsedAddress
    candidates: tuple[Commune, ...]
    addresses: tuple[str, ...]
    province: Province | None
    is_ambiguous: NotRequired[bool]


# the names the views have in JSON schemas and OpenAPI documents: those of the classes shown
_ParsedAddressView.__name__ = _ParsedAddressView.__qualname__ = "ParsedAddress"
_AddressConversionView.__name__ = _AddressConversionView.__qualname__ = "AddressConversion"


def _view_schema(
    cls: type,
    view: type,
    handler: Any,
    dump: Callable[[Any], dict[str, Any]],
    load: Callable[[dict[str, Any]], Any],
) -> Any:
    """The pydantic core schema of a result class ``cls`` shown as the TypedDict ``view``."""
    from pydantic_core import core_schema

    fields = handler.generate_schema(view)
    from_view = core_schema.no_info_after_validator_function(load, fields)
    return core_schema.json_or_python_schema(
        json_schema=from_view,
        python_schema=core_schema.union_schema([core_schema.is_instance_schema(cls), from_view]),
        serialization=core_schema.plain_serializer_function_ser_schema(
            dump, return_schema=fields
        ),
    )
