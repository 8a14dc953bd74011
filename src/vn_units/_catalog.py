"""Every registry by era and level, resolved on demand (so that modules which only need one
registry at run time do not import both eras' models when they are imported)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vn_units._registry import Registry

__all__ = ["ERAS_LEVELS", "registry"]

ERAS_LEVELS: tuple[tuple[str, str], ...] = (
    ("current", "province"),
    ("current", "commune"),
    ("legacy", "province"),
    ("legacy", "district"),
    ("legacy", "commune"),
)
"""The (era, level) pairs that have a registry, current first."""


def registry(era: str, level: str) -> Registry[Any]:
    """The registry of one era and level, e.g. ``registry("legacy", "district")``; another
    era or level raises :class:`~vn_units.InvalidArgumentError`.

    >>> registry("current", "province")
    <Registry current province (...)>
    """
    found = _FOUND.get((era, level))
    if found is None:
        if (era, level) not in ERAS_LEVELS:
            from vn_units._errors import InvalidArgumentError, check_choice

            check_choice("era", era, ("current", "legacy"))
            check_choice("level", level, ("province", "district", "commune"))
            raise InvalidArgumentError(
                "level", level, "'province' or 'commune' in the current era (districts exist "
                "in the legacy era only)"
            )
        found = getattr(importlib.import_module(f"vn_units.{era}"), f"{level}s")
        _FOUND[era, level] = found
    return found


_FOUND: dict[tuple[str, str], Registry[Any]] = {}
