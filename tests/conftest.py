"""Shared test helpers."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any


def bundled(name: str) -> Any:
    """A bundled data file, read the way the library reads it."""
    return json.loads(files("vn_units").joinpath("_data").joinpath(name).read_bytes())
