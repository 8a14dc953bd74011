"""``data_info()``: what data is bundled, from which sources, as of which dates."""

from __future__ import annotations

import copy
import functools
from typing import Any

from vn_units._resources import read_json

__all__ = ["data_info"]


@functools.lru_cache(maxsize=1)
def _manifest() -> dict[str, Any]:
    manifest: dict[str, Any] = read_json("MANIFEST.json")
    return manifest


def data_info() -> dict[str, Any]:
    """The bundled data's version, effective dates, sources (package, version, sha256,
    licence) and counts, from ``MANIFEST.json`` (read once; each call returns a fresh copy).

    >>> info = data_info()
    >>> info["effective_dates"]["current"], info["counts"]["communes.json"]["records"]
    ('2025-07-01', 3321)
    """
    return copy.deepcopy(_manifest())
