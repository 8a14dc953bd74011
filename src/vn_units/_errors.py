"""The exceptions of vn_units.

::

    VNUnitsError
    ├── InvalidCodeError(VNUnitsError, ValueError)      malformed code; .code, .level
    ├── InvalidArgumentError(VNUnitsError, ValueError)  an option outside its documented values
    │                                                   (level="bogus", limit=-1); .name, .value
    ├── InvalidTypeError(VNUnitsError, TypeError)       an argument of the wrong type
    │                                                   (provinces[1.5], parse_address(None))
    ├── DateOutOfRangeError(VNUnitsError, ValueError)   a date the dated history does not cover
    │                                                   (or not a date); .date, .start, .end
    ├── UnitNotFoundError(VNUnitsError, KeyError)       well-formed but unknown; .query, .era,
    │                                                   .level, .suggestions
    ├── AmbiguousUnitError(VNUnitsError, LookupError)   several units fit; .query, .candidates
    ├── AddressParseError(VNUnitsError, ValueError)     strict resolution failed; .address, .partial
    └── DataError(VNUnitsError, RuntimeError)           bundled data failed validation at load

``KeyError`` is a ``LookupError``, so ``except LookupError`` catches both lookup failures.
Every exception keeps its constructor arguments, so it pickles (pandas and multiprocessing
users pickle exceptions). Messages show at most 80 characters of the input (a 1 MB string
pasted into a field is not echoed back whole); the attributes keep it all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "AddressParseError",
    "AmbiguousUnitError",
    "DataError",
    "DateOutOfRangeError",
    "InvalidArgumentError",
    "InvalidCodeError",
    "InvalidCoordinateError",
    "InvalidTypeError",
    "UnitNotFoundError",
    "VNUnitsError",
    "check_choice",
    "shown",
]

_SHOWN = 80


def shown(value: object) -> str:
    """``repr(value)``, cut to 80 characters for a message.

    >>> shown("Bến Thành"), shown("x" * 1000)[-12:]
    ("'Bến Thành'", '(1002 chars)')
    """
    if isinstance(value, int) and value.bit_length() > 256:  # str() fails past 4,300 digits
        return f"<an integer of about {int(value.bit_length() * 0.30103) + 1} digits>"
    text = repr(value)
    if len(text) <= _SHOWN:
        return text
    return f"{text[:_SHOWN - 20]}... ({len(text)} chars)"


class VNUnitsError(Exception):
    """Base class of every error raised by vn_units."""


class InvalidCodeError(VNUnitsError, ValueError):
    """A code that cannot name any unit of the level (wrong length, not digits, negative).

    >>> from vn_units import provinces
    >>> provinces["7x9"]
    Traceback (most recent call last):
    ...
    vn_units.InvalidCodeError: '7x9' is not a valid province code: expected 1 to 2 digits
    """

    def __init__(self, code: object, level: str, reason: str) -> None:
        super().__init__(code, level, reason)
        self.code = code
        self.level = level
        self.reason = reason

    def __str__(self) -> str:
        return f"{shown(self.code)} is not a valid {self.level} code: {self.reason}"


class InvalidArgumentError(VNUnitsError, ValueError):
    """An option outside its documented values: ``level="bogus"``, ``limit=-1``,
    ``score_cutoff=500``. ``name`` is the argument, ``value`` what was given, ``expected``
    what it takes.

    >>> import vn_units
    >>> vn_units.search("Huế", level="town")
    Traceback (most recent call last):
    ...
    vn_units.InvalidArgumentError: level must be 'province', ... or None, not 'town'
    """

    def __init__(self, name: str, value: object, expected: str) -> None:
        super().__init__(name, value, expected)
        self.name = name
        self.value = value
        self.expected = expected

    def __str__(self) -> str:
        return f"{self.name} must be {self.expected}, not {shown(self.value)}"


class InvalidTypeError(VNUnitsError, TypeError):
    """An argument of the wrong type: a float or ``None`` where a code or a name is expected,
    a DataFrame where a column is. The message names what was given; ``except TypeError``
    still catches it.

    >>> import vn_units
    >>> vn_units.provinces[1.5]
    Traceback (most recent call last):
    ...
    vn_units.InvalidTypeError: a province code must be a str or an int, not float (1.5)
    """


class DateOutOfRangeError(VNUnitsError, ValueError):
    """A date outside what the dated history covers (``start`` .. ``end``), or a value that is
    not a date; ``hint`` says where to look instead.

    >>> import vn_units
    >>> vn_units.on("2019-06-01")
    Traceback (most recent call last):
    ...
    vn_units.DateOutOfRangeError: '2019-06-01' is outside the dated history (2021-11-01 to
    2025-06-30): ...
    """

    def __init__(self, date: object, start: str, end: str, hint: str = "") -> None:
        super().__init__(date, start, end, hint)
        self.date = date
        self.start = start
        self.end = end
        self.hint = hint

    def __str__(self) -> str:
        text = f"{shown(self.date)} is outside the dated history ({self.start} to {self.end})"
        return f"{text}: {self.hint}" if self.hint else text


def check_choice(name: str, value: object, choices: Sequence[object]) -> None:
    """Raise :class:`InvalidArgumentError` unless ``value`` is one of ``choices``.

    >>> check_choice("era", "legacy", ("current", "legacy"))
    """
    if not any(value is c or (type(value) is type(c) and value == c) for c in choices):
        words = [repr(c) for c in choices]
        expected = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
        raise InvalidArgumentError(name, value, expected)


class InvalidCoordinateError(VNUnitsError, ValueError, TypeError):
    """A latitude or longitude that is not a finite number in range (``vn_units.geo``).

    A :class:`ValueError` for NaN, infinity or a value out of range, and a :class:`TypeError`
    for anything that is not a real number (a string, ``None``, a bool).

    >>> from vn_units.geo import locate
    >>> locate(105.85, 21.03)
    Traceback (most recent call last):
    ...
    vn_units.geo.InvalidCoordinateError: latitude 105.85 is out of range [-90, 90]...
    """

    def __init__(self, name: str, value: object, reason: str) -> None:
        super().__init__(name, value, reason)
        self.name = name
        self.value = value
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.name} {self.value!r} {self.reason}"


def _describe(unit: Any) -> str:
    describe = getattr(unit, "describe", None)
    return describe() if callable(describe) else str(unit)


class UnitNotFoundError(VNUnitsError, KeyError):
    """A well-formed code or a name that names no unit of this registry.

    ``suggestions`` holds up to five close units (by name or code), best first; ``hint`` says
    more where something is known: a legacy name or code, a code given as a name. With
    ``hint_first`` the hint replaces the suggestions in the message (it names them itself).

    >>> import vn_units
    >>> vn_units.provinces.find("Bình Dương")
    Traceback (most recent call last):
    ...
    vn_units.UnitNotFoundError: no current province matches 'Bình Dương': Bình Dương is a
    legacy province (until 2025-06-30), now part of Thành phố Hồ Chí Minh [79]
    """

    def __init__(
        self,
        query: object,
        era: str,
        level: str,
        suggestions: Sequence[Any] = (),
        hint: str = "",
        hint_first: bool = False,
    ) -> None:
        suggestions = tuple(suggestions)
        super().__init__(query, era, level, suggestions, hint, hint_first)
        self.query = query
        self.era = era
        self.level = level
        self.suggestions = suggestions
        self.hint = hint
        self.hint_first = hint_first

    def __str__(self) -> str:
        msg = f"no {self.era} {self.level} matches {shown(self.query)}"
        if self.hint and self.hint_first:
            return f"{msg}: {self.hint}"
        if self.suggestions:
            msg += "; did you mean: " + "; ".join(_describe(s) for s in self.suggestions)
        return f"{msg}. {self.hint}" if self.hint else msg


class AmbiguousUnitError(VNUnitsError, LookupError):
    """Several units fit the query; ``candidates`` lists them all (with their parents in the
    message), so the caller can narrow the query with ``within=``."""

    def __init__(self, query: object, candidates: Sequence[Any], hint: str = "") -> None:
        candidates = tuple(candidates)
        super().__init__(query, candidates, hint)
        self.query = query
        self.candidates = candidates
        self.hint = hint

    def __str__(self) -> str:
        listed = "; ".join(_describe(c) for c in self.candidates[:20])
        more = f" (and {len(self.candidates) - 20} more)" if len(self.candidates) > 20 else ""
        msg = f"{shown(self.query)} matches {len(self.candidates)} units: {listed}{more}"
        return f"{msg}. {self.hint}" if self.hint else msg


class AddressParseError(VNUnitsError, ValueError):
    """``resolve_address`` could not resolve the address; ``partial`` is the best-effort parse."""

    def __init__(self, address: str, reason: str, partial: Any = None) -> None:
        super().__init__(address, reason, partial)
        self.address = address
        self.reason = reason
        self.partial = partial

    def __str__(self) -> str:
        return f"cannot resolve address {shown(self.address)}: {self.reason}"


class DataError(VNUnitsError, RuntimeError):
    """The bundled data cannot be loaded: a file is missing, does not match the SHA-256 that the
    data build recorded in ``MANIFEST.json``, or is malformed (a damaged install, or a packaging
    bug: please report)."""


# Show the public path in tracebacks and reprs: ``vn_units.UnitNotFoundError``.
for _cls in (
    VNUnitsError,
    InvalidCodeError,
    InvalidArgumentError,
    InvalidTypeError,
    DateOutOfRangeError,
    UnitNotFoundError,
    AmbiguousUnitError,
    AddressParseError,
    DataError,
):
    _cls.__module__ = "vn_units"
del _cls
InvalidCoordinateError.__module__ = "vn_units.geo"  # public from vn_units.geo
