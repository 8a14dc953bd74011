"""``data_info()``: what data is bundled, from which sources, as of which dates."""

from __future__ import annotations

from typing import Any

from vn_units._resources import read_json

__all__ = ["data_info"]


def data_info() -> dict[str, Any]:
    """The bundled data's version, effective dates, sources (package, version, sha256,
    licence) and counts, from ``MANIFEST.json``.

    >>> info = data_info()
    >>> info["effective_dates"]["current"], info["counts"]["communes.json"]["records"]
    ('2025-07-01', 3321)
    """
    manifest: dict[str, Any] = read_json("MANIFEST.json")
    return manifest
