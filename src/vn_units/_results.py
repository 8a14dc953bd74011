"""The results of reading an address: :class:`ParsedAddress` and :class:`AddressConversion`.

They are made by the reader (:mod:`vn_units._reader`) and returned by :mod:`vn_units.address`,
which is where users import them from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from vn_units._errors import AddressParseError, AmbiguousUnitError
from vn_units.models import (
    Commune,
    LegacyCommune,
    LegacyDistrict,
    LegacyProvince,
    Province,
    Unit,
)

if TYPE_CHECKING:
    from vn_units._reader import _Later

EraChoice = Literal["auto", "current", "legacy"]
Style = Literal["full", "short", "english"]


@dataclass(frozen=True)
class ParsedAddress:
    """The best reading of a free-text address (see :func:`parse_address`).

    ``street`` is what is left before the first unit (house number, street, hamlet, group), or
    ``None``. ``province``, ``district`` (legacy only) and ``commune`` are units of ``era``, or
    ``None`` where the address names none and none can be inferred. ``confidence`` is a
    heuristic in [0, 1]: 1 for a complete, consistent, unambiguous reading with type words,
    lower for typos, missing levels and ties. ``warnings`` says what was guessed or ignored;
    ``alternatives`` lists other readings, best first (each with empty ``alternatives``).

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
    warnings: tuple[str, ...] = ()
    _alternatives: tuple[ParsedAddress, ...] = field(default=(), repr=False, compare=False)
    _prefix: str = field(default="", repr=False, compare=False)
    _score: float = field(default=0.0, repr=False, compare=False)
    # the readings the alternatives are made from, when they are made on first use
    _later: _Later | None = field(default=None, repr=False, compare=False)

    def _alts(self) -> tuple[ParsedAddress, ...]:
        later = self._later
        return self._alternatives if later is None else later.alternatives()

    @property
    def alternatives(self) -> tuple[ParsedAddress, ...]:
        """Other readings, best first (a reading per candidate when several units fit)."""
        if not self._prefix:
            return self._alts()
        from vn_units._reader import _with_prefix

        return tuple(_with_prefix(a, self.text, self._prefix) for a in self._alts())

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
        """Another reading of the same era scores as well as this one (see ``alternatives``);
        a tie between the eras goes to the current era and is not ambiguous."""
        later = self._later
        if later is not None:
            return later.tied
        return any(
            a._score >= self._score and a.era == self.era for a in self._alternatives
        )

    def format(self, style: Style = "full") -> str:
        """The address written back: ``format_address(self, style=style)``."""
        from vn_units.address import format_address

        return format_address(self, style=style)

    def __str__(self) -> str:
        return self.format()


@dataclass(frozen=True)
class AddressConversion:
    """A legacy address rewritten in the current structure (see :func:`convert_address`).

    ``candidates`` are the current communes the legacy commune went into (several when it was
    split: none is picked silently), ``addresses`` one formatted address per candidate
    (``street, commune, province``). ``province`` is the current province (known even when no
    commune is). A current-era input converts to itself.

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
        """More than one candidate commune."""
        return len(self.candidates) > 1

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
            hint="The legacy commune was split; street-level detail is needed to choose.",
        )

    def one_address(self) -> str:
        """The single converted address (raises like :meth:`one`)."""
        self.one()
        return self.addresses[0]
