"""Read the bundled data files through importlib.resources (works from a zipped install).

Nothing here runs at import time; each table is read and validated once, on first use, by the
registry that owns it.
"""

from __future__ import annotations

import json
from importlib.resources import files  # files() is in the stdlib of every supported Python
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from vn_units._errors import DataError

T = TypeVar("T")

__all__ = ["LOADING", "read_bytes", "read_json", "read_models"]


def read_bytes(name: str) -> bytes:
    """The raw bytes of one bundled file, e.g. ``read_bytes("communes.json")``."""
    try:
        return files("vn_units").joinpath("_data").joinpath(name).read_bytes()
    except OSError as exc:  # a broken install: the wheel lost its data
        raise DataError(f"bundled data file {name!r} cannot be read: {exc}") from exc


def read_json(name: str) -> Any:
    """One bundled file parsed as JSON (for files that are not lists of records)."""
    try:
        return json.loads(read_bytes(name))
    except ValueError as exc:
        raise DataError(f"bundled data file {name!r} is not valid JSON: {exc}") from exc


LOADING = "vn_units.loading"
"""Validation-context key set while the bundled tables are loaded (see ``models.Unit``)."""


def read_models(name: str, adapter: TypeAdapter[T]) -> T:
    """One bundled file validated with a pydantic adapter (one pass, in Rust)."""
    try:
        return adapter.validate_json(read_bytes(name), context={LOADING: True})
    except ValidationError as exc:
        raise DataError(f"bundled data file {name!r} failed validation: {exc}") from exc
