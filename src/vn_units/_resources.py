"""Read the bundled data files: from the package's folder, or through importlib.resources
where the package is not a folder of files (a zipped install).

Nothing here runs at import time; each table is read once, on first use, by the registry that
owns it.

The records are not validated one by one when they are loaded: ``python -m databuild``
validated every record with the pydantic models when it wrote the files, and recorded each
file's SHA-256 in ``MANIFEST.json``. :func:`read_checked` compares a file with that hash
(about 1 ms a megabyte) before the loader builds records from it without validation, so a file
that differs from what was validated, a damaged install say, is refused with
:class:`~vn_units.DataError` instead of being trusted.

Loading makes thousands of objects at once: :func:`bulk_load` pauses the garbage collector
meanwhile, and moves everything loaded out of its way afterwards (``gc.freeze()``; see
docs/performance.md, "Garbage collection"), so that a full collection in the application does
not walk the tables again and again. ``VN_UNITS_GC_FREEZE=0`` leaves the collector alone.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from vn_units._errors import DataError

__all__ = ["OnDemand", "bulk_load", "read_bytes", "read_checked", "read_json"]


_FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_data")


def read_bytes(name: str) -> bytes:
    """The raw bytes of one bundled file, e.g. ``read_bytes("communes.json")``.

    Read from the package's ``_data`` folder when there is one (importing
    ``importlib.resources`` costs more than reading a table), else through
    ``importlib.resources``, which also reads from a zipped install."""
    try:
        with open(os.path.join(_FOLDER, name), "rb") as file:
            return file.read()
    except OSError:
        pass
    try:
        from importlib.resources import files  # in the stdlib of every supported Python

        return files("vn_units").joinpath("_data").joinpath(name).read_bytes()
    except OSError as exc:  # a broken install: the wheel lost its data
        raise DataError(f"bundled data file {name!r} cannot be read: {exc}") from exc


def read_json(name: str) -> Any:
    """One bundled file parsed as JSON (for files that are not lists of records)."""
    try:
        return json.loads(read_bytes(name))
    except ValueError as exc:
        raise DataError(f"bundled data file {name!r} is not valid JSON: {exc}") from exc


_HASHES: dict[str, str] = {}
_HASHES_LOCK = threading.Lock()


def _expected_hash(name: str) -> str:
    if not _HASHES:
        with _HASHES_LOCK:
            if not _HASHES:
                manifest = read_json("MANIFEST.json")
                try:
                    _HASHES.update({str(k): str(v) for k, v in manifest["files"].items()})
                except (KeyError, AttributeError, TypeError) as exc:
                    raise DataError(f"bundled MANIFEST.json is malformed: {exc!r}") from exc
    found = _HASHES.get(name)
    if found is None:
        raise DataError(f"bundled data file {name!r} is not listed in MANIFEST.json")
    return found


def read_checked(name: str) -> Any:
    """One bundled file parsed as JSON, after checking that it is the file the data build
    validated (its SHA-256 against ``MANIFEST.json``); :class:`~vn_units.DataError` if not."""
    data = read_bytes(name)
    if hashlib.sha256(data).hexdigest() != _expected_hash(name):
        raise DataError(
            f"bundled data file {name!r} does not match the SHA-256 recorded in MANIFEST.json:"
            " the install is damaged or the file was edited (reinstall vn-units)"
        )
    try:
        return json.loads(data)
    except ValueError as exc:
        raise DataError(f"bundled data file {name!r} is not valid JSON: {exc}") from exc


def gc_freeze_enabled() -> bool:
    """Whether loads end with ``gc.freeze()``: yes unless ``VN_UNITS_GC_FREEZE`` is ``"0"``."""
    return os.environ.get("VN_UNITS_GC_FREEZE", "1").strip() != "0"


_GC_LOCK = threading.Lock()
_GC_DEPTH = [0]  # loads under way (one may start another: the reader loads registries)
_GC_WAS_ENABLED = [False]


@contextmanager
def bulk_load() -> Iterator[None]:
    """Pause the garbage collector while a table or an index is built (its objects are all
    alive: a collection would only walk them), then freeze what is alive (``gc.freeze()``), so
    that later collections skip it. Nested and concurrent loads pause it once."""
    with _GC_LOCK:
        if _GC_DEPTH[0] == 0:
            _GC_WAS_ENABLED[0] = gc.isenabled()
            gc.disable()
        _GC_DEPTH[0] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC_DEPTH[0] -= 1
            if _GC_DEPTH[0] == 0:
                if gc_freeze_enabled():
                    gc.freeze()
                if _GC_WAS_ENABLED[0]:
                    gc.enable()


K = TypeVar("K")
V = TypeVar("V")


class OnDemand(dict[K, V]):
    """A dict whose values are built on first access, once, under a lock (in
    :func:`bulk_load`): ``table[key]`` of a key not built yet calls ``build(key)``, which
    raises ``KeyError`` for a key it cannot build. Reading a built key is a plain dict
    lookup; ``key in table`` says whether it is built.

    >>> squares = OnDemand(lambda n: n * n)
    >>> squares[4], 5 in squares, squares[5], 5 in squares
    (16, False, 25, True)
    """

    def __init__(self, build: Callable[[K], V]) -> None:
        super().__init__()
        self._build = build
        self._lock = threading.RLock()

    def __missing__(self, key: K) -> V:
        with self._lock:
            if dict.__contains__(self, key):
                return dict.__getitem__(self, key)
            with bulk_load():
                value = self._build(key)
            self[key] = value
            return value
