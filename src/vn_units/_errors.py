"""The exceptions of vn_units.

::

    VNUnitsError
    ├── InvalidCodeError(VNUnitsError, ValueError)      malformed code; .code, .level
    ├── UnitNotFoundError(VNUnitsError, KeyError)       well-formed but unknown; .query, .era,
    │                                                   .level, .suggestions
    ├── AmbiguousUnitError(VNUnitsError, LookupError)   several units fit; .query, .candidates
    ├── AddressParseError(VNUnitsError, ValueError)     strict resolution failed; .address, .partial
    └── DataError(VNUnitsError, RuntimeError)           bundled data failed validation at load

``KeyError`` is a ``LookupError``, so ``except LookupError`` catches both lookup failures.
Every exception keeps its constructor arguments, so it pickles (pandas and multiprocessing
users pickle exceptions).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "AddressParseError",
    "AmbiguousUnitError",
    "DataError",
    "InvalidCodeError",
    "UnitNotFoundError",
    "VNUnitsError",
]


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
        return f"{self.code!r} is not a valid {self.level} code: {self.reason}"


def _describe(unit: Any) -> str:
    describe = getattr(unit, "describe", None)
    return describe() if callable(describe) else str(unit)


class UnitNotFoundError(VNUnitsError, KeyError):
    """A well-formed code or a name that names no unit of this registry.

    ``suggestions`` holds up to five close units (by name or code), best first.
    """

    def __init__(
        self,
        query: object,
        era: str,
        level: str,
        suggestions: Sequence[Any] = (),
        hint: str = "",
    ) -> None:
        suggestions = tuple(suggestions)
        super().__init__(query, era, level, suggestions, hint)
        self.query = query
        self.era = era
        self.level = level
        self.suggestions = suggestions
        self.hint = hint

    def __str__(self) -> str:
        msg = f"no {self.era} {self.level} matches {self.query!r}"
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
        msg = f"{self.query!r} matches {len(self.candidates)} units: {listed}{more}"
        return f"{msg}. {self.hint}" if self.hint else msg


class AddressParseError(VNUnitsError, ValueError):
    """``resolve_address`` could not resolve the address; ``partial`` is the best-effort parse."""

    def __init__(self, address: str, reason: str, partial: Any = None) -> None:
        super().__init__(address, reason, partial)
        self.address = address
        self.reason = reason
        self.partial = partial

    def __str__(self) -> str:
        return f"cannot resolve address {self.address!r}: {self.reason}"


class DataError(VNUnitsError, RuntimeError):
    """The bundled data failed validation when it was loaded (a packaging bug: please report)."""


# Show the public path in tracebacks and reprs: ``vn_units.UnitNotFoundError``.
for _cls in (
    VNUnitsError,
    InvalidCodeError,
    UnitNotFoundError,
    AmbiguousUnitError,
    AddressParseError,
    DataError,
):
    _cls.__module__ = "vn_units"
del _cls
