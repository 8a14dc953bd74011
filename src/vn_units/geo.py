"""Boundaries of the current units: shapes, bounding boxes, neighbours and ``locate``.

The shapes of the 34 provinces and 3,321 communes are bundled in one compact file (simplified
with the topology kept: neighbours share their edges exactly), read on first use only.
Nothing here needs a GIS library: numpy speeds up :func:`locate_many` when installed (the
``geo`` extra), :func:`geodataframe` needs geopandas, :func:`locate_column` pandas.

>>> from vn_units import geo
>>> geo.locate(21.0285, 105.8542).full_name
'Phường Hoàn Kiếm'
>>> geo.locate(15.0, 112.0) is None  # at sea
True
"""

from __future__ import annotations

import math
import struct
import sys
import threading
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from itertools import accumulate, islice, pairwise
from numbers import Real
from typing import TYPE_CHECKING, Any, Literal

from vn_units._errors import DataError, InvalidCodeError, InvalidCoordinateError
from vn_units._resources import read_bytes
from vn_units._topology import HEADER, MAGIC, union_rings

if TYPE_CHECKING:
    from vn_units.models import Commune, LegacyProvince, Province

__all__ = [
    "InvalidCoordinateError",
    "Shape",
    "bbox",
    "geodataframe",
    "locate",
    "locate_column",
    "locate_many",
    "neighbours",
    "shape",
    "to_geojson",
]

_FILE = "boundaries.bin"
_CELL = 500  # grid cell of the locate index, in stored units (0.01 degree)

BBox = tuple[float, float, float, float]


class _Data:
    """The decoded file: arcs as absolute integer coordinates, each unit as rings of arc
    references (``i`` forwards, ``~i`` backwards; communes first, then provinces)."""

    def __init__(self, blob: bytes) -> None:
        size = struct.calcsize(HEADER)
        if len(blob) < size:
            raise DataError(f"bundled data file {_FILE!r} is truncated")
        magic, quantum, n_units, n_arcs, n_pts, n_refs, n_shape, n_patch = struct.unpack_from(
            HEADER, blob)
        if magic != MAGIC:
            raise DataError(f"bundled data file {_FILE!r} has an unknown format")
        try:
            body = zlib.decompress(blob[size:])
        except zlib.error as exc:
            raise DataError(f"bundled data file {_FILE!r} is corrupt: {exc}") from exc
        self.quantum = quantum / 1e7
        pos = 0

        def take(n: int) -> bytes:
            nonlocal pos
            pos += n
            return body[pos - n:pos]

        codes = take(5 * n_units).decode("ascii")
        self.codes = [codes[i:i + 5].strip() for i in range(0, 5 * n_units, 5)]
        counts = _array("I", take(4 * n_arcs))
        lo_x, lo_y, hi_x, hi_y = (take(n_pts) for _ in range(4))
        bx, by = bytearray(2 * n_pts), bytearray(2 * n_pts)
        bx[0::2], bx[1::2], by[0::2], by[1::2] = lo_x, hi_x, lo_y, hi_y
        dx, dy = _array("h", bytes(bx)), _array("h", bytes(by))
        refs = _array("i", take(4 * n_refs))
        shape = _array("I", take(4 * n_shape))
        patch = _array("i", take(12 * n_patch))
        if pos != len(body):
            raise DataError(f"bundled data file {_FILE!r} has {len(body) - pos} stray bytes")
        fix = sorted((patch[i], patch[i + 1], patch[i + 2]) for i in range(0, len(patch), 3))
        self.xs = _absolute(dx, [(at, sx) for at, sx, _ in fix])
        self.ys = _absolute(dy, [(at, sy) for at, _, sy in fix])
        self.arc_start = [0, *accumulate(counts)]
        self.units: list[list[list[list[int]]]] = []
        si = ri = 0
        for _ in range(n_units):
            polys = []
            for _ in range(shape[si + 0]):
                si += 1
                rings = []
                for _ in range(shape[si]):
                    si += 1
                    n = shape[si]
                    rings.append(refs[ri:ri + n].tolist())
                    ri += n
                polys.append(rings)
            si += 1
            self.units.append(polys)
        self.index = {code: i for i, code in enumerate(self.codes)}
        self.n_communes = sum(len(c) == 5 for c in self.codes)
        self._lock = threading.Lock()
        self._locator: _Locator | None = None
        self._neighbours: dict[str, tuple[str, ...]] | None = None

    def ring(self, refs: list[int]) -> list[tuple[float, float]]:
        """The points of one ring (closed: the first point repeated at the end)."""
        xs, ys, start, q = self.xs, self.ys, self.arc_start, self.quantum
        out: list[tuple[float, float]] = []
        for r in refs:
            a = r if r >= 0 else ~r
            idx = range(start[a], start[a + 1]) if r >= 0 else range(start[a + 1] - 1,
                                                                        start[a] - 1, -1)
            pts = [(round(xs[i] * q, 6), round(ys[i] * q, 6)) for i in idx]
            out.extend(pts if not out else pts[1:])
        return out

    def locator(self) -> _Locator:
        if self._locator is None:
            with self._lock:
                if self._locator is None:
                    self._locator = _Locator(self)
        return self._locator

    def neighbours(self) -> dict[str, tuple[str, ...]]:
        if self._neighbours is None:
            with self._lock:
                if self._neighbours is None:
                    users: dict[int, set[int]] = {}
                    for u, polys in enumerate(self.units):
                        for rings in polys:
                            for refs in rings:
                                for r in refs:
                                    users.setdefault(r if r >= 0 else ~r, set()).add(u)
                    out: dict[int, set[int]] = {u: set() for u in range(len(self.units))}
                    for us in users.values():
                        for u in us:
                            out[u] |= {v for v in us
                                       if v != u and len(self.codes[v]) == len(self.codes[u])}
                    self._neighbours = {
                        self.codes[u]: tuple(sorted(self.codes[v] for v in vs))
                        for u, vs in out.items()
                    }
        return self._neighbours


def _array(typecode: str, data: bytes) -> array[Any]:
    arr = array(typecode, data)
    if sys.byteorder != "little":
        arr.byteswap()
    return arr


def _absolute(steps: array[int], patch: list[tuple[int, int]]) -> list[int]:
    """Running sums of ``steps`` (C speed), with the steps too long for int16 (stored as 0)
    added back at their ``(index, step)``."""
    out: list[int] = []
    last = prev = 0
    for at, step in patch:
        out.extend(islice(accumulate(steps[prev:at], initial=last), 1, None))
        last = (out[-1] if out else 0) + step
        out.append(last)
        prev = at + 1
    out.extend(islice(accumulate(steps[prev:], initial=last), 1, None))
    return out


_data: _Data | None = None
_data_lock = threading.Lock()


def _load() -> _Data:
    global _data
    if _data is None:
        with _data_lock:
            if _data is None:
                _data = _Data(read_bytes(_FILE))
    return _data


# ---------------------------------------------------------------- locate


class _Locator:
    """A grid over the segments of every arc: a point's commune is the side of the first
    boundary its ray to the east crosses (each arc knows the commune on its left and right)."""

    def __init__(self, data: _Data) -> None:
        xs, ys, start = data.xs, data.ys, data.arc_start
        n_arcs = len(start) - 1
        left = [-1] * n_arcs
        right = [-1] * n_arcs
        uses = [0] * n_arcs
        for u in range(data.n_communes):  # rings keep the interior on their left
            for rings in data.units[u]:
                for refs in rings:
                    for r in refs:
                        if r >= 0:
                            left[r] = u
                        else:
                            right[~r] = u
                        uses[r if r >= 0 else ~r] += 1
        # An arc used more than twice lies where communes overlap in the source (a sliver
        # a few metres wide claimed by several): it is left out of the index, so a ray
        # crosses it as if it were not there and the next boundary decides.
        up: list[int] = []  # per point: the commune west of the segment from it, going north
        down: list[int] = []
        is_seg = bytearray(b"\x01") * len(xs)  # the last point of an arc starts no segment
        for a in range(n_arcs):
            n = start[a + 1] - start[a]
            up += [left[a]] * n
            down += [right[a]] * n
            is_seg[start[a + 1] - 1] = 0
            if uses[a] > 2 or (uses[a] == 2 and (left[a] < 0 or right[a] < 0)):
                is_seg[start[a]:start[a + 1]] = bytes(n)
        self.up, self.down = up, down
        self.xs, self.ys = xs, ys
        self.codes = data.codes
        self.quantum = data.quantum
        self.records: list[Commune | None] = [None] * data.n_communes
        self.cells, self.flat = _cells(xs, ys, is_seg)
        self.filled: dict[int, int] = {}  # cells without boundaries: the commune filling them
        self.x0, self.x1, self.y0, self.y1 = min(xs), max(xs), min(ys), max(ys)
        self.keys = sorted(self.cells)
        self.np: Any = None

    def one(self, lat: float, lon: float) -> int:
        """The index of the commune at a point, -1 outside every commune.

        The ray goes east; if the boundary it meets first has no commune on the point's side
        (the coast, the border, or a source overlap where a commune's edge is not shared),
        a ray to the west decides: at sea or abroad, it too meets no commune."""
        px, py = lon / self.quantum, lat / self.quantum
        if py == int(py):  # a ray along a vertex's y would graze it: move off by 2e-11°
            py += 1e-6
        if not (self.x0 <= px <= self.x1 and self.y0 <= py <= self.y1):
            return -1
        key = (math.floor(py / _CELL) << 16) | math.floor(px / _CELL)
        if key in self.cells:
            u = self._ray(px, py, 1)
            return u if u >= 0 else self._ray(px, py, -1)
        # no boundary crosses this cell: one commune (or none) fills it; ask once per cell
        u = self.filled.get(key, -2)
        if u == -2:
            cx, cy = (key & 0xFFFF) * _CELL + _CELL / 2, (key >> 16) * _CELL + _CELL / 2 + 0.5
            u = self._ray(cx, cy, 1)
            if u < 0:
                u = self._ray(cx, cy, -1)
            self.filled[key] = u
        return u

    def _ray(self, px: float, py: float, step: int) -> int:
        cy = math.floor(py / _CELL)
        key = (cy << 16) | math.floor(px / _CELL)
        xs, ys, cells, keys, flat = self.xs, self.ys, self.cells, self.keys, self.flat
        near = px  # the ray starts here, within the current cell
        while True:
            rng = cells.get(key)
            if rng is None:  # jump to the next cell with segments along the row
                i = bisect_left(keys, key) if step > 0 else bisect_left(keys, key + 1) - 1
                if not 0 <= i < len(keys) or keys[i] >> 16 != cy:
                    return -1
                key = keys[i]
                near = (key & 0xFFFF) * _CELL + (0 if step > 0 else _CELL)
                rng = cells[key]
            far = float((key & 0xFFFF) * _CELL + (_CELL if step > 0 else 0))
            best = far
            hit = -1
            face = -1
            for s in flat[rng[0]:rng[1]]:
                y1 = ys[s]
                y2 = ys[s + 1]
                if (y1 > py) != (y2 > py):
                    x1 = xs[s]
                    xc = x1 + (py - y1) * (xs[s + 1] - x1) / (y2 - y1)
                    if step > 0:
                        if not near <= xc <= best:
                            continue
                        f = self.up[s] if y2 > y1 else self.down[s]
                    else:
                        if not best <= xc <= near:
                            continue
                        f = self.down[s] if y2 > y1 else self.up[s]
                    # the nearest crossing; at a tie (two arcs on one line) a commune wins
                    if xc != best or face < 0:
                        best, hit, face = xc, s, f
            if hit >= 0:
                return face
            key += step
            near = far
    def nearest(self, lat: float, lon: float, max_km: float) -> int:
        """The commune whose boundary is nearest (within ``max_km``), -1 if none."""
        px, py = lon / self.quantum, lat / self.quantum
        k = math.cos(math.radians(lat))
        unit_km = self.quantum * 111.32
        cx, cy = math.floor(px / _CELL), math.floor(py / _CELL)
        reach = int(max_km / (unit_km * _CELL * k)) + 1
        best_d, best_face = math.inf, -1
        for radius in range(reach + 1):
            if best_d < (radius - 1) * _CELL * k * unit_km:
                break
            for gx in range(cx - radius, cx + radius + 1):
                for gy in range(cy - radius, cy + radius + 1):
                    if max(abs(gx - cx), abs(gy - cy)) != radius:
                        continue
                    a, b = self.cells.get((gy << 16) | gx, (0, 0))
                    for s in self.flat[a:b]:
                        d = _seg_dist(px, py, self.xs[s], self.ys[s], self.xs[s + 1],
                                      self.ys[s + 1], k) * unit_km
                        face = self.up[s] if self.up[s] >= 0 else self.down[s]
                        if d < best_d and face >= 0:
                            best_d, best_face = d, face
        return best_face if best_d <= max_km else -1


def _seg_dist(px: float, py: float, x1: int, y1: int, x2: int, y2: int, k: float) -> float:
    ax, ay, bx, by = (x1 - px) * k, y1 - py, (x2 - px) * k, y2 - py
    dx, dy = bx - ax, by - ay
    t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / (dx * dx + dy * dy)))
    return math.hypot(ax + t * dx, ay + t * dy)


def _cells(xs: list[int], ys: list[int],
           is_seg: bytearray) -> tuple[dict[int, tuple[int, int]], array[int]]:
    """``{(cy << 16) | cx: (start, end)}``: the segments whose bounding box meets the cell are
    ``flat[start:end]`` (a segment is named by the index of its first point)."""
    np = _numpy()
    if np is None:
        out: dict[int, array[int]] = {}
        for s in (i for i, flag in enumerate(is_seg) if flag):
            x1, x2 = sorted((xs[s], xs[s + 1]))
            y1, y2 = sorted((ys[s], ys[s + 1]))
            for cy in range(y1 // _CELL, y2 // _CELL + 1):
                for cx in range(x1 // _CELL, x2 // _CELL + 1):
                    out.setdefault((cy << 16) | cx, array("i")).append(s)
        flat = array("i")
        ranges = {}
        for k in sorted(out):
            ranges[k] = (len(flat), len(flat) + len(out[k]))
            flat.extend(out[k])
        return ranges, flat
    s = np.flatnonzero(np.frombuffer(bytes(is_seg), dtype=np.uint8))
    x = np.asarray(xs, dtype=np.int64)
    y = np.asarray(ys, dtype=np.int64)
    cx0 = np.minimum(x[s], x[s + 1]) // _CELL
    cx1 = np.maximum(x[s], x[s + 1]) // _CELL
    cy0 = np.minimum(y[s], y[s + 1]) // _CELL
    cy1 = np.maximum(y[s], y[s + 1]) // _CELL
    nx, ny = cx1 - cx0 + 1, cy1 - cy0 + 1
    n = nx * ny
    rep = np.repeat(np.arange(len(s)), n)
    k = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    gx = cx0[rep] + k % nx[rep]
    gy = cy0[rep] + k // nx[rep]
    key = (gy << 16) | gx
    order = np.argsort(key, kind="stable")
    key, seg = key[order], s[rep][order]
    uniq, first = np.unique(key, return_index=True)
    bounds = [*first.tolist(), len(key)]
    flat = array("i", seg.astype("<i4").tobytes())
    if sys.byteorder != "little":
        flat.byteswap()
    return dict(zip(uniq.tolist(), pairwise(bounds), strict=True)), flat


def _coordinate(name: str, value: object, bound: float) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise InvalidCoordinateError(name, value, "is not a number")
    v = float(value)
    if math.isnan(v) or math.isinf(v):
        raise InvalidCoordinateError(name, value, "is not a finite number")
    if not -bound <= v <= bound:
        hint = (" (latitude comes first: did you swap latitude and longitude?)"
                if name == "latitude" and -180 <= v <= 180 else "")
        raise InvalidCoordinateError(name, value, f"is out of range [{-bound:g}, {bound:g}]{hint}")
    return v


def locate(lat: float, lon: float, *, nearest: bool = False,
           max_km: float = 50.0) -> Commune | None:
    """The current commune at a point (WGS84 degrees, latitude first), or ``None`` at sea or
    outside Viet Nam. With ``nearest=True`` a point outside every commune gets the commune
    whose boundary is nearest, within ``max_km`` kilometres (a point off the coast, a GPS fix
    on a beach).

    The answer agrees with the full-resolution boundaries except within a few metres of a
    boundary (see the Geography guide for the measured figures); its province is
    ``.province``.

    Raises :class:`InvalidCoordinateError` (a ``ValueError`` and ``TypeError``) for NaN,
    infinity, a latitude outside [-90, 90] or a longitude outside [-180, 180], and anything
    that is not a number.

    >>> c = locate(10.7769, 106.7009)
    >>> c.full_name, c.province.name
    ('Phường Sài Gòn', 'Hồ Chí Minh')
    >>> locate(10.0, 107.5) is None
    True
    >>> locate(10.0, 107.5, nearest=True, max_km=80).province.name
    'Hồ Chí Minh'
    """
    la = _coordinate("latitude", lat, 90.0)
    lo = _coordinate("longitude", lon, 180.0)
    loc = _load().locator()
    u = loc.one(la, lo)
    if u < 0 and nearest:
        u = loc.nearest(la, lo, max_km)
    if u < 0:
        return None
    got = loc.records[u]
    if got is None:
        from vn_units.current import communes

        got = loc.records[u] = communes[loc.codes[u]]
    return got


def locate_many(lats: Iterable[Any], lons: Iterable[Any], *, nearest: bool = False,
                max_km: float = 50.0,
                errors: Literal["raise", "coerce"] = "raise") -> list[str | None]:
    """The commune code at each point (``None`` at sea, outside Viet Nam, or where the
    latitude or longitude is missing: ``None`` or NaN). Vectorised with numpy when installed.

    ``errors="raise"`` (default) raises :class:`InvalidCoordinateError` for a value out of
    range or not a number; ``errors="coerce"`` gives ``None`` for it instead.

    >>> locate_many([21.0285, 10.7769, 15.0], [105.8542, 106.7009, 112.0])
    ['00070', '26740', None]
    """
    if errors not in ("raise", "coerce"):
        raise ValueError(f"errors must be 'raise' or 'coerce', not {errors!r}")
    np = _numpy()
    if np is not None and hasattr(lats, "__array__") and hasattr(lons, "__array__"):
        la_list, lo_list = lats, lons  # numpy arrays, pandas Series: no copy to a list
    else:
        la_list, lo_list = list(lats), list(lons)
    if len(la_list) != len(lo_list):  # type: ignore[arg-type]
        raise ValueError(f"{len(la_list)} latitudes but "  # type: ignore[arg-type]
                         f"{len(lo_list)} longitudes")  # type: ignore[arg-type]
    loc = _load().locator()
    if np is not None:
        la, lo, ok = _clean_numpy(np, la_list, lo_list, errors)
        idx = _locate_numpy(np, loc, la, lo, ok)
        out: list[str | None] = [loc.codes[u] if u >= 0 else None for u in idx.tolist()]
        if nearest:
            for i in np.flatnonzero((idx < 0) & ok).tolist():
                u = loc.nearest(float(la[i]), float(lo[i]), max_km)
                out[i] = loc.codes[u] if u >= 0 else None
        return out
    result: list[str | None] = []
    for a, b in zip(la_list, lo_list, strict=True):
        if a is None or b is None or _isnan(a) or _isnan(b):
            result.append(None)
            continue
        try:
            va, vb = _coordinate("latitude", a, 90.0), _coordinate("longitude", b, 180.0)
        except InvalidCoordinateError:
            if errors == "raise":
                raise
            result.append(None)
            continue
        u = loc.one(va, vb)
        if u < 0 and nearest:
            u = loc.nearest(va, vb, max_km)
        result.append(loc.codes[u] if u >= 0 else None)
    return result


def _numpy() -> Any:
    try:
        import numpy
    except ImportError:
        return None
    return numpy


def _isnan(v: object) -> bool:
    """A missing value: NaN, or pandas' ``NA`` / ``NaT`` (``None`` is tested apart)."""
    return (isinstance(v, float) and math.isnan(v)) or type(v).__name__ in ("NAType", "NaTType")


def _clean_numpy(np: Any, la_list: Any, lo_list: Any, errors: str) -> tuple[Any, Any, Any]:
    def as_float(values: Any, name: str, bound: float) -> tuple[Any, Any]:
        raw = np.asarray(values)
        if raw.ndim == 1 and raw.dtype.kind in "fiu":  # numbers only: no strings, no bools
            arr = raw.astype(np.float64)  # a copy: NaN is written into it below
        else:
            values = list(values)
            arr = np.empty(len(values))
            for i, v in enumerate(values):
                if v is None or _isnan(v):
                    arr[i] = np.nan
                    continue
                try:
                    arr[i] = _coordinate(name, v, bound)
                except InvalidCoordinateError:
                    if errors == "raise":
                        raise
                    arr[i] = np.nan
        with np.errstate(invalid="ignore"):
            bad = np.isinf(arr) | (np.abs(arr) > bound)
        if bad.any():
            if errors == "raise":
                i = int(np.flatnonzero(bad)[0])
                _coordinate(name, float(arr[i]), bound)
            arr[bad] = np.nan
        return arr, ~np.isnan(arr)

    la, ok_a = as_float(la_list, "latitude", 90.0)
    lo, ok_o = as_float(lo_list, "longitude", 180.0)
    return la, lo, ok_a & ok_o


def _locate_numpy(np: Any, loc: _Locator, la: Any, lo: Any, ok: Any) -> Any:
    """:meth:`_Locator.one` for arrays: the ray east for every point, then west for those
    that found no commune."""
    if loc.np is None:
        keys = np.asarray(loc.keys, dtype=np.int64)
        starts = np.asarray([loc.cells[k][0] for k in loc.keys] + [len(loc.flat)],
                            dtype=np.int64)
        segs = np.asarray(loc.flat, dtype=np.int64)
        loc.np = (keys, starts, segs,
                  np.asarray(loc.xs, dtype=np.float64), np.asarray(loc.ys, dtype=np.float64),
                  np.asarray(loc.up, dtype=np.int32), np.asarray(loc.down, dtype=np.int32))
    out = np.full(len(la), -1, dtype=np.int32)
    with np.errstate(invalid="ignore"):
        px_all, py_all = lo / loc.quantum, la / loc.quantum
        ok = ok & (px_all >= loc.x0) & (px_all <= loc.x1) & (py_all >= loc.y0) & (py_all <= loc.y1)
    todo = np.flatnonzero(ok)
    px = px_all[todo]
    py = py_all[todo]
    py = np.where(py == np.floor(py), py + 1e-6, py)  # as in _Locator.one
    out[todo] = _rays_numpy(np, loc, px, py, 1)
    miss = out[todo] < 0
    out[todo[miss]] = _rays_numpy(np, loc, px[miss], py[miss], -1)
    return out


def _rays_numpy(np: Any, loc: _Locator, px: Any, py: Any, step: int) -> Any:
    keys, starts, segs, xs, ys, up, down = loc.np
    out = np.full(len(px), -1, dtype=np.int32)
    todo = np.arange(len(px))
    cy = np.floor(py / _CELL).astype(np.int64)
    key = (cy << 16) | np.floor(px / _CELL).astype(np.int64)
    near = px.copy()
    while len(todo):
        # move each point to the nearest cell with segments along its row, this one included
        if step > 0:
            pos = np.searchsorted(keys, key)
        else:
            pos = np.searchsorted(keys, key, side="right") - 1
        inrow = (pos >= 0) & (pos < len(keys))
        pos = np.clip(pos, 0, len(keys) - 1)
        inrow &= (keys[pos] >> 16) == cy
        moved = inrow & (keys[pos] != key)
        key = np.where(inrow, keys[pos], key)
        edge = (key & 0xFFFF) * _CELL + (0 if step > 0 else _CELL)
        near = np.where(moved, edge, near)
        todo, py, key, near, cy, pos = (a[inrow] for a in (todo, py, key, near, cy, pos))
        if not len(todo):
            break
        far = ((key & 0xFFFF) * _CELL + (_CELL if step > 0 else 0)).astype(np.float64)
        a, b = starts[pos], starts[pos + 1]
        n = b - a
        rep = np.repeat(np.arange(len(todo)), n)
        s = segs[np.repeat(a - np.cumsum(n) + n, n) + np.arange(int(n.sum()))]
        y1, y2 = ys[s], ys[s + 1]
        qy = py[rep]
        cross = (y1 > qy) != (y2 > qy)
        rep, s, y1, y2, qy = rep[cross], s[cross], y1[cross], y2[cross], qy[cross]
        x1 = xs[s]
        xc = x1 + (qy - y1) * (xs[s + 1] - x1) / (y2 - y1)
        lo_, hi_ = (near[rep], far[rep]) if step > 0 else (far[rep], near[rep])
        valid = (xc >= lo_) & (xc <= hi_)
        rep, s, xc, y1, y2 = rep[valid], s[valid], xc[valid], y1[valid], y2[valid]
        goes_up = y2 > y1
        face = (np.where(goes_up, up[s], down[s]) if step > 0
                else np.where(goes_up, down[s], up[s]))
        # nearest crossing first; at a tie, a commune before "no commune"
        order = np.lexsort((face < 0, xc * step, rep))
        rep, face = rep[order], face[order]
        firsts = np.ones(len(rep), dtype=bool)
        firsts[1:] = rep[1:] != rep[:-1]
        rep, face = rep[firsts], face[firsts]
        out[todo[rep]] = face
        rest = np.ones(len(todo), dtype=bool)
        rest[rep] = False
        todo, py, key, cy, far = (v[rest] for v in (todo, py, key, cy, far))
        key = key + step
        near = far
    return out


def locate_column(lat: Any, lon: Any, *, nearest: bool = False, max_km: float = 50.0,
                  errors: Literal["raise", "coerce"] = "raise") -> Any:
    """:func:`locate_many` for two pandas columns: a ``Series`` of commune codes (``None``
    where no commune) with the index of ``lat``. Needs pandas.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"lat": [21.0285, float("nan")], "lon": [105.8542, 105.0]})
    >>> locate_column(df["lat"], df["lon"]).tolist()
    ['00070', None]
    """
    import pandas as pd

    codes = locate_many(list(lat), list(lon), nearest=nearest, max_km=max_km, errors=errors)
    return pd.Series(codes, index=getattr(lat, "index", None), dtype=object, name="commune_code")


# ---------------------------------------------------------------- shapes


class Shape:
    """The boundary of one current unit as a MultiPolygon in WGS84 longitude, latitude (the
    GeoJSON order), usable by any library that reads ``__geo_interface__`` (shapely's
    ``shape()``, geopandas).

    >>> s = shape("00070")
    >>> s.code, s.level, s.__geo_interface__["type"]
    ('00070', 'commune', 'MultiPolygon')
    >>> [round(v, 3) for v in s.bbox]
    [105.843, 21.024, 105.86, 21.041]
    """

    __slots__ = ("_bbox", "code", "coordinates", "level")

    def __init__(self, code: str, coordinates: list[list[list[tuple[float, float]]]],
                 level: Literal["province", "commune", "legacy province"] | None = None) -> None:
        self.code = code
        self.level: Literal["province", "commune", "legacy province"] = level or (
            "commune" if len(code) == 5 else "province")
        self.coordinates = coordinates
        xs = [x for poly in coordinates for x, _ in poly[0]]
        ys = [y for poly in coordinates for _, y in poly[0]]
        self._bbox: BBox = (min(xs), min(ys), max(xs), max(ys))

    @property
    def bbox(self) -> BBox:
        """``(min_lon, min_lat, max_lon, max_lat)``."""
        return self._bbox

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        return {"type": "MultiPolygon",
                "coordinates": [[list(map(list, ring)) for ring in poly]
                                for poly in self.coordinates]}

    def __repr__(self) -> str:
        return f"<Shape {self.level} {self.code}: {len(self.coordinates)} polygon(s)>"


def _code(unit: object) -> str:
    if getattr(unit, "era", None) == "legacy":
        raise InvalidCodeError(
            getattr(unit, "code", unit), f"legacy {getattr(unit, 'level', 'unit')}",
            "of the legacy era only provinces have shapes (shape(legacy.provinces[code]))")
    code = getattr(unit, "code", unit)
    if not isinstance(code, str) or not code.isdigit() or len(code) not in (2, 5):
        raise InvalidCodeError(
            code, "current unit",
            "expected a Province or Commune, or its code (2 digits or 5 digits)")
    data = _load()
    if code not in data.index:
        from vn_units.current import communes, provinces

        (provinces if len(code) == 2 else communes)[code]  # raises UnitNotFoundError
        raise DataError(f"no boundary for {code}")  # pragma: no cover (all units have one)
    return code


def _union_rings(data: _Data, members: list[int]) -> list[list[list[int]]]:
    """The boundary of a union of communes as polygons of arc references: the arcs not used
    in both directions by the members, chained into rings (split where a ring would touch
    itself), each hole put in the smallest outer ring around it."""
    start, xs, ys = data.arc_start, data.xs, data.ys

    def ends(r: int) -> tuple[tuple[int, int], tuple[int, int]]:
        a = r if r >= 0 else ~r
        i, j = start[a], start[a + 1] - 1
        if r < 0:
            i, j = j, i
        return (xs[i], ys[i]), (xs[j], ys[j])

    rings = union_rings((poly for u in members for poly in data.units[u]), ends)
    outers: list[tuple[list[int], list[tuple[float, float]], float]] = []
    holes: list[tuple[list[int], list[tuple[float, float]]]] = []
    for ring in rings:
        pts = data.ring(ring)
        area = 0.5 * sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(pts))
        if area > 0:
            outers.append((ring, pts, area))
        elif area < 0:
            holes.append((ring, pts))
    polys = [[ring] for ring, _, _ in outers]
    hole_pts: list[list[list[tuple[float, float]]]] = [[] for _ in outers]
    for ring, pts in holes:
        x, y = pts[0]
        around = [i for i, (_, o, _) in enumerate(outers) if _inside_ring(o, x, y)]
        if around:
            best = min(around, key=lambda i: outers[i][2])
            polys[best].append(ring)
            hole_pts[best].append(pts)
    # an outer ring inside a larger part (not in one of its holes) is a sliver where two
    # communes overlap in the source, counted twice: dropped
    keep = []
    for i, (_, pts, area) in enumerate(outers):
        x = sum(p[0] for p in pts[:-1]) / (len(pts) - 1)
        y = sum(p[1] for p in pts[:-1]) / (len(pts) - 1)
        if not any(j != i and a > area and _inside_ring(o, x, y)
                   and not any(_inside_ring(h, x, y) for h in hole_pts[j])
                   for j, (_, o, a) in enumerate(outers)):
            keep.append(polys[i])
    return keep


def _inside_ring(ring: list[tuple[float, float]], x: float, y: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in pairwise(ring):
        if (y1 > y) != (y2 > y) and x <= x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


_legacy_members: dict[str, list[int]] | None = None


def _legacy_province_members() -> dict[str, list[int]]:
    """``{legacy province code: its current communes}``, from the lineage; every current
    commune's predecessors lie in one legacy province (checked here), so each legacy province
    is exactly a union of current communes."""
    global _legacy_members
    if _legacy_members is None:
        from vn_units.current import communes
        from vn_units.lineage import predecessors_of

        data = _load()
        out: dict[str, list[int]] = {}
        for c in communes:
            provinces = {getattr(e.legacy_unit, "province_code", None) or e.legacy_unit.code
                         for e in predecessors_of(c)}
            if len(provinces) != 1:
                raise DataError(f"commune {c.code} lies in legacy provinces {sorted(provinces)}")
            out.setdefault(provinces.pop(), []).append(data.index[c.code])
        _legacy_members = out
    return _legacy_members


_shapes: dict[str, Shape] = {}


def shape(unit: Province | Commune | LegacyProvince | str) -> Shape:
    """The boundary of a current province or commune (a record, or its code: 2 digits for a
    province, 5 for a commune), or of a legacy province (the record only: a bare code is
    always read as a current one). A legacy province is the union of the current communes
    formed from its communes: every current commune lies within one legacy province.

    >>> from vn_units import legacy, provinces
    >>> shape(provinces["01"]).level
    'province'
    >>> s = shape(legacy.provinces["74"])     # Bình Dương, now part of Hồ Chí Minh
    >>> s.level, [round(v, 1) for v in s.bbox]
    ('legacy province', [106.3, 10.9, 107.0, 11.5])
    """
    if getattr(unit, "level", None) == "province" and getattr(unit, "era", None) == "legacy":
        key = "L" + unit.code  # type: ignore[union-attr]
        got = _shapes.get(key)
        if got is None:
            data = _load()
            polys = _union_rings(data, _legacy_province_members()[key[1:]])
            got = _shapes.setdefault(key, Shape(key[1:], [[data.ring(r) for r in rings]
                                                         for rings in polys],
                                                "legacy province"))
        return got
    code = _code(unit)
    got = _shapes.get(code)
    if got is None:
        data = _load()
        polys = data.units[data.index[code]]
        got = _shapes.setdefault(code, Shape(code, [[data.ring(r) for r in rings]
                                                    for rings in polys]))
    return got


def bbox(unit: Province | Commune | str) -> BBox:
    """``(min_lon, min_lat, max_lon, max_lat)`` of a unit.

    >>> [round(v, 2) for v in bbox("01")]
    [105.29, 20.56, 106.02, 21.39]
    """
    return shape(unit).bbox


def neighbours(unit: Province | Commune | str) -> tuple[str, ...]:
    """The codes of the units of the same level that share a boundary with ``unit``.

    >>> neighbours("92")
    ('82', '86', '91', '96')
    """
    return _load().neighbours()[_code(unit)]


GeoLevel = Literal["province", "commune", "legacy_province"]


def to_geojson(level: GeoLevel = "province", *, province: str | None = None) -> dict[str, Any]:
    """A GeoJSON ``FeatureCollection`` of every province, or every commune (of one province
    when ``province`` is given), or every legacy province, with ``code``, ``name``,
    ``full_name``, ``area_km2`` (and ``province_code``) as properties.

    >>> fc = to_geojson("commune", province="92")
    >>> len(fc["features"]), fc["features"][0]["properties"]["full_name"]
    (103, 'Phường Cái Khế')
    """
    from vn_units.current import communes, provinces

    if level in ("province", "legacy_province"):
        if province is not None:
            raise ValueError("province= selects communes; use level='commune'")
        if level == "province":
            units: list[Any] = list(provinces)
        else:
            from vn_units.legacy import provinces as legacy_provinces

            units = list(legacy_provinces)
    elif level == "commune":
        pcode = None if province is None else provinces[province].code
        units = [c for c in communes if pcode is None or c.province_code == pcode]
    else:
        raise ValueError(
            f"level must be 'province', 'commune' or 'legacy_province', not {level!r}")
    features = []
    for u in units:
        props: dict[str, Any] = {"code": u.code, "name": u.name, "full_name": u.full_name}
        if level == "commune":
            props["province_code"] = u.province_code
        props["area_km2"] = getattr(u, "area_km2", None)
        features.append({"type": "Feature", "id": u.code, "properties": props,
                         "geometry": shape(u if level == "legacy_province" else u.code)
                         .__geo_interface__})
    return {"type": "FeatureCollection", "features": features}


def geodataframe(level: GeoLevel = "province", *,
                 province: str | None = None) -> Any:
    """A geopandas ``GeoDataFrame`` (CRS EPSG:4326) of :func:`to_geojson`'s features, for
    choropleths: join your counts on ``code``. Needs geopandas (``pip install
    "vn-units[geo]"``)."""
    try:
        import geopandas  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError as exc:
        raise ImportError('geodataframe() needs geopandas: pip install "vn-units[geo]"') from exc
    fc = to_geojson(level, province=province)
    return geopandas.GeoDataFrame.from_features(fc["features"], crs="EPSG:4326")


def _all_codes() -> Sequence[str]:
    return _load().codes
