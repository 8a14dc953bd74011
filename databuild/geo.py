"""Boundaries of the current units: ``boundaries.bin`` plus per-unit area and centre.

Source: thanglequoc/vietnamese-provinces-database (MIT), ``json/geojson/`` at a pinned commit:
one GeoJSON file per current province (34) and commune (3,321), derived from the official
administrative reference map (sapnhap.bando.com.vn). The raw files (about 600 MB) are never
committed; ``inputs.sha256`` next to this module lists the sha256 of every one read.

What the stage does, from the full-resolution commune shapes:

1. **Measures** each commune: area on the WGS84 ellipsoid (an equal-area projection of the
   full-resolution rings) and an interior centre (pole of inaccessibility, checked to lie
   inside the full-resolution shape). Provinces get the sum of their communes' areas and the
   pole of inaccessibility of their largest part.
2. **Builds a topology**: every ring is cut at the junctions (vertices where three or more
   boundaries meet), so each stretch of boundary between two communes is stored once, as an
   *arc*, and referenced by both (forwards by one, backwards by the other).
3. **Simplifies** each arc once (Douglas-Peucker at ``TOLERANCE_M`` metres, end points kept), so
   neighbours still share their edge exactly: no gaps, no slivers between them. Province rings
   are the commune arcs whose two sides lie in different provinces, so a province is the union
   of its communes by construction.
   Every commune and province comes out valid for shapely: an arc through a point where a
   shape crosses or touches itself is simplified again at half the tolerance (down to full
   resolution); where the storage grid itself folds a detail narrower than a grid step, a
   spike is merged into one arc shared by the neighbours on either side, or one stored point
   is deleted or moved to a neighbouring grid point (within the tolerance). The build fails
   if a shape stays invalid; ``report.json`` lists each repair.
4. **Encodes** the arcs quantised to a grid of ``QUANTUM`` degrees, as int16 deltas (with a
   patch list for the rare larger step) in two columns, zlib-compressed. See
   ``docs/data-format.md`` for the byte layout.

The CI has no access to the GitHub snapshot: without the source, ``python -m databuild --check``
verifies the committed ``boundaries.bin`` and ``databuild/geo/units.json`` against the sha256
recorded in ``databuild/geo/checksums.json`` (written by the full build), and the rest of the
build (``communes.json`` areas and centres) regenerates from ``units.json`` byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import struct
import subprocess
import sys
import zlib
from array import array
from collections import defaultdict
from itertools import pairwise
from pathlib import Path
from typing import Any

from vn_units._topology import HEADER, MAGIC, union_rings

REPO = "thanglequoc/vietnamese-provinces-database"
COMMIT = "cd58063299585146ded3981f2272946ef19ced54"
SOURCE_PATH = "json/geojson"
LICENSE = "MIT"
ROLE = (
    "boundaries of the 34 current provinces and 3,321 communes (derived from the official "
    "administrative reference map sapnhap.bando.com.vn): shapes, areas and centres"
)

HERE = Path(__file__).resolve().parent
GEO_DIR = HERE / "geo"
UNITS_FILE = GEO_DIR / "units.json"
CHECKSUMS_FILE = GEO_DIR / "checksums.json"
INPUTS_FILE = GEO_DIR / "inputs.sha256"
CACHE = Path(os.environ.get("VN_UNITS_DATABUILD_CACHE", HERE / ".cache"))
SOURCE_DIR = Path(os.environ.get("VN_UNITS_GEO_SOURCE", CACHE / "geo" / COMMIT / SOURCE_PATH))
MIRROR = Path(os.environ.get(
    "VN_UNITS_GEO_MIRROR", "/work/.mirror/thanglequoc+vietnamese-provinces-database/repo"))

OUTPUT = "boundaries.bin"
SCALE = 1_000_000  # the source's precision: six decimals
TOLERANCE_M = 8.0  # Douglas-Peucker tolerance, metres
QUANTUM_E7 = 200  # grid of the stored coordinates: 2e-5 degrees (about 2 m)
M_PER_DEG_LAT = 110_850.0  # metres per degree of latitude at Viet Nam's mean latitude

# WGS84
A = 6_378_137.0
F = 1 / 298.257223563
E2 = F * (2 - F)
E = math.sqrt(E2)


def source_present() -> bool:
    return SOURCE_DIR.is_dir() or (MIRROR / "HEAD").exists()


def ensure_source() -> Path:
    """The extracted ``json/geojson`` folder, extracting it from a local ``fetch`` mirror."""
    if not SOURCE_DIR.is_dir():
        if not (MIRROR / "HEAD").exists():
            raise SystemExit(f"geo source not found: {SOURCE_DIR} (nor a mirror at {MIRROR})")
        root = SOURCE_DIR.parents[len(Path(SOURCE_PATH).parts) - 1]
        root.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "--git-dir", str(MIRROR), "archive", COMMIT, SOURCE_PATH],
            check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    return SOURCE_DIR


# ---------------------------------------------------------------- reading and measuring


def _loads(data: bytes) -> Any:
    try:
        import orjson
    except ImportError:
        return json.loads(data)
    return orjson.loads(data)


def read_source(src: Path) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """``{code: {"level", "props", "polygons"}}`` with integer coordinates (1e-6 degrees), and
    the (path, sha256) of every input file."""
    from databuild.common import load_overrides

    recode = load_overrides("geo.csv", {"code"})
    units: dict[str, Any] = {}
    digests: list[tuple[str, str]] = []
    for path in sorted(src.glob("*/*.geojson")) + sorted(src.glob("*/wards/*.geojson")):
        data = path.read_bytes()
        digests.append((path.relative_to(src.parent.parent).as_posix(),
                        hashlib.sha256(data).hexdigest()))
        doc = _loads(data)
        (feature,) = doc["features"]
        level = "commune" if path.parent.name == "wards" else "province"
        geom = feature["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        polygons = []
        for poly in polys:
            rings = []
            for ring in poly:
                pts = [(round(x * SCALE), round(y * SCALE)) for x, y in ring]
                clean = [pts[0]]
                for p in pts[1:]:
                    if p != clean[-1]:
                        clean.append(p)
                if clean[-1] == clean[0]:
                    clean.pop()
                if len(clean) >= 3:
                    rings.append(clean)
            if rings:
                polygons.append(rings)
        code = feature["properties"]["code"]
        fix = recode.get((code, "code"))
        if fix is not None:
            fix.used = True
            code = fix.value
        if code in units:
            raise SystemExit(f"geo source: code {code} twice")
        province = path.parent.name if level == "province" else path.parent.parent.name
        units[code] = {"level": level, "props": feature["properties"], "polygons": polygons,
                       "province": province.split("_", 1)[0]}
    unused = [o.unit for o in recode.values() if not o.used]
    if unused:
        raise SystemExit(f"overrides/geo.csv: unused entries {unused}")
    return units, digests


def _q(lat_rad: float) -> float:
    s = math.sin(lat_rad)
    return (1 - E2) * (s / (1 - E2 * s * s) - (1 / (2 * E)) * math.log((1 - E * s) / (1 + E * s)))


def ring_area_m2(ring: list[tuple[int, int]]) -> float:
    """Signed area (positive counter-clockwise) on the WGS84 ellipsoid, through the ellipsoidal
    cylindrical equal-area projection x = a·λ, y = a·q(φ)/2."""
    import numpy as np

    arr = np.asarray(ring, dtype=np.float64) / SCALE
    lam = np.radians(arr[:, 0])
    phi = np.radians(arr[:, 1])
    s = np.sin(phi)
    q = (1 - E2) * (s / (1 - E2 * s * s) - (1 / (2 * E)) * np.log((1 - E * s) / (1 + E * s)))
    x = A * lam
    y = A * q / 2
    return float(0.5 * np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def polygons_area_km2(polygons: list[list[list[tuple[int, int]]]]) -> float:
    total = 0.0
    for rings in polygons:
        total += abs(ring_area_m2(rings[0]))
        total -= sum(abs(ring_area_m2(h)) for h in rings[1:])
    return total / 1e6


def _shape(polygons: list[list[list[tuple[int, int]]]], scale: float = SCALE) -> Any:
    from shapely.geometry import MultiPolygon, Polygon

    return MultiPolygon([
        Polygon([(x / scale, y / scale) for x, y in rings[0]],
                [[(x / scale, y / scale) for x, y in h] for h in rings[1:]])
        for rings in polygons
    ])


def interior_centre(shape: Any) -> tuple[float, float]:
    """The pole of inaccessibility of the largest part (in a frame where a degree of longitude
    and of latitude are the same length), checked to lie inside; else a representative point."""
    import shapely
    from shapely import affinity
    from shapely.ops import polylabel

    parts = list(shape.geoms) if hasattr(shape, "geoms") else [shape]
    largest = max(parts, key=lambda p: p.area)
    if not largest.is_valid:
        largest = shapely.make_valid(largest)
        if largest.geom_type != "Polygon":
            largest = max((g for g in getattr(largest, "geoms", [largest])
                           if g.geom_type == "Polygon"), key=lambda p: p.area)
    lat0 = largest.centroid.y
    k = math.cos(math.radians(lat0))
    flat = affinity.scale(largest, xfact=k, yfact=1.0, origin=(0, 0))
    tol = max(math.sqrt(flat.area) / 200, 1e-6)
    pt = polylabel(flat, tolerance=tol)
    lon, lat = pt.x / k, pt.y
    if not shape.contains(shapely.Point(lon, lat)):
        rp = largest.representative_point()
        lon, lat = rp.x, rp.y
    return round(lon, 6), round(lat, 6)


# ---------------------------------------------------------------- topology


Point = tuple[int, int]


def build_topology(
    units: dict[str, Any], codes: list[str]
) -> tuple[list[list[Point]], dict[str, list[list[list[int]]]]]:
    """Cut every ring at its junctions into arcs stored once. Returns the arcs and, per unit,
    its polygons as rings of arc references (``i`` forwards, ``~i`` backwards), every ring
    oriented with the unit's interior on its left (outer rings counter-clockwise)."""
    neighbours: dict[Point, set[Point]] = defaultdict(set)
    oriented: dict[str, list[list[list[Point]]]] = {}
    for code in codes:
        polys = []
        for rings in units[code]["polygons"]:
            out = []
            for i, ring in enumerate(rings):
                ccw = _shoelace(ring) > 0
                if ccw != (i == 0):
                    ring = ring[::-1]
                out.append(ring)
                n = len(ring)
                for j, p in enumerate(ring):
                    nb = neighbours[p]
                    nb.add(ring[j - 1])
                    nb.add(ring[(j + 1) % n])
            polys.append(out)
        oriented[code] = polys
    junction = {p for p, nb in neighbours.items() if len(nb) != 2}
    del neighbours

    arcs: list[list[Point]] = []
    index: dict[tuple[Point, ...], int] = {}

    def ref(points: list[Point]) -> int:
        key = tuple(points)
        got = index.get(key)
        if got is not None:
            return got
        rkey = key[::-1]
        got = index.get(rkey)
        if got is not None:
            return ~got
        index[key] = len(arcs)
        arcs.append(points)
        return len(arcs) - 1

    refs: dict[str, list[list[list[int]]]] = {}
    for code in codes:
        upolys = []
        for rings in oriented[code]:
            urings = []
            for ring in rings:
                cuts = [j for j, p in enumerate(ring) if p in junction]
                if not cuts:
                    # a ring with no junction (an island, an enclave): start at its smallest
                    # point, so that the enclave and the hole around it give the same arc
                    j0 = min(range(len(ring)), key=ring.__getitem__)
                    loop = ring[j0:] + ring[:j0]
                    fwd = [*loop, loop[0]]
                    back = [loop[0], *loop[:0:-1], loop[0]]
                    if tuple(back) in index:
                        urings.append([~index[tuple(back)]])
                    else:
                        urings.append([ref(fwd)])
                    continue
                rot = ring[cuts[0]:] + ring[:cuts[0]]
                rcuts = [j - cuts[0] for j in cuts]
                rcuts.append(len(rot))
                rot.append(rot[0])
                urings.append([ref(rot[a:b + 1]) for a, b in pairwise(rcuts)])
            upolys.append(urings)
        refs[code] = upolys
    return arcs, refs


def _shoelace(ring: list[Point]) -> float:
    s = 0
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        s += x1 * y2 - x2 * y1
    return s / 2


def simplify_arcs(arcs: list[list[Point]], tolerance_m: float) -> list[list[Point]]:
    """Douglas-Peucker on every arc (end points kept), in a frame where one unit is one metre;
    a closed arc keeps at least three distinct points."""
    return [simplify_arc(pts, tolerance_m) for pts in arcs]


def simplify_arc(pts: list[Point], tolerance_m: float) -> list[Point]:
    """One arc through Douglas-Peucker at ``tolerance_m`` (0: the arc as it is)."""
    import numpy as np
    import shapely

    if tolerance_m <= 0:
        return list(pts)
    arr = np.asarray(pts, dtype=np.float64) / SCALE
    k = math.cos(math.radians(float(arr[:, 1].mean())))
    xy = np.column_stack([arr[:, 0] * k * M_PER_DEG_LAT, arr[:, 1] * M_PER_DEG_LAT])
    closed = pts[0] == pts[-1]
    tol = tolerance_m
    while True:
        simple = shapely.simplify(shapely.LineString(xy), tol, preserve_topology=False)
        coords = np.asarray(simple.coords)
        if not closed or len(coords) >= 4 or tol < 0.01:
            break
        tol /= 2
    if closed and len(coords) < 4:
        coords = xy
    # map back to the original integer points (Douglas-Peucker keeps a subset)
    return [pts[i] for i in _subset_indices(xy, coords)]


def _subset_indices(xy: Any, coords: Any) -> list[int]:
    keep = []
    j = 0
    for c in coords:
        while not (xy[j, 0] == c[0] and xy[j, 1] == c[1]):
            j += 1
        keep.append(j)
        j += 1
    return keep


def _keep_rings_open(arcs_full: list[list[Point]], stored: list[list[Point]],
                     refs: dict[str, list[list[list[int]]]], codes: list[str]) -> int:
    """A ring left with fewer than three distinct points or no area (a small hole bounded by
    several arcs) gets its arcs back at full resolution. Returns the number of arcs restored."""
    restored: set[int] = set()
    while True:
        fix: set[int] = set()
        for code in codes:
            for poly in refs[code]:
                for ring in poly:
                    if _degenerate(ring_points(stored, ring)):
                        fix.update(r if r >= 0 else ~r for r in ring)
        fix -= restored
        if not fix:
            return len(restored)
        for a in fix:
            stored[a] = quantise([arcs_full[a]])[0]
        restored |= fix


def _degenerate(points: list[Point]) -> bool:
    return len(set(points)) < 3 or _shoelace(points) == 0


def _drop_collapsed_rings(stored: list[list[Point]], refs: dict[str, list[list[list[int]]]],
                          codes: list[str]) -> list[str]:
    """Rings still without three distinct points or area at full resolution are slivers smaller
    than the storage grid (a few metres across): dropped, with the polygon when it is the
    outer ring. Returns ``code: ring`` for the report."""
    dropped = []
    for code in codes:
        polys = []
        for poly in refs[code]:
            keep = []
            for i, ring in enumerate(poly):
                if _degenerate(ring_points(stored, ring)):
                    dropped.append(f"{code}: {'outer' if i == 0 else 'hole'} ring {ring}")
                    if i == 0:
                        break
                else:
                    keep.append(ring)
            else:
                polys.append(keep)
        if not polys:
            raise SystemExit(f"geo: commune {code} collapsed entirely")
        refs[code] = polys
    return dropped


def quantise(arcs: list[list[Point]]) -> list[list[Point]]:
    """Round to the storage grid (``QUANTUM_E7`` × 1e-7 degrees); repeated points dropped,
    end points kept."""
    step = QUANTUM_E7 // 10  # in source units (1e-6 degrees)
    out = []
    for pts in arcs:
        q = [(round(x / step), round(y / step)) for x, y in pts]
        clean = [q[0]]
        for p in q[1:-1]:
            if p != clean[-1]:
                clean.append(p)
        clean.append(q[-1])
        out.append(clean)
    return out


# ---------------------------------------------------------------- valid shapes


def stored_shape(arcs: list[list[Point]], polys: list[list[list[int]]]) -> Any:
    """A unit as shapely reads it from ``vn_units.geo`` (the same rounding of the stored
    grid to degrees)."""
    from shapely.geometry import MultiPolygon, Polygon

    q = QUANTUM_E7 / 1e7

    def pts(ring: list[int]) -> list[tuple[float, float]]:
        return [(round(x * q, 6), round(y * q, 6)) for x, y in ring_points(arcs, ring)]

    return MultiPolygon([Polygon(pts(rings[0]), [pts(h) for h in rings[1:]])
                         for rings in polys])


def _offending_arcs(arcs: list[list[Point]], polys: list[list[list[int]]],
                    where: tuple[float, float]) -> set[int]:
    """The arcs of a unit that pass within a few centimetres of the point where shapely
    finds it invalid (the crossing or touching point)."""
    import shapely

    q = QUANTUM_E7 / 1e7
    used = sorted({r if r >= 0 else ~r for rings in polys for ring in rings for r in ring})
    lines = [shapely.LineString([(x * q, y * q) for x, y in arcs[a]]) for a in used]
    probe = shapely.Point(where)
    dist = shapely.distance(lines, probe)
    near = {a for a, d in zip(used, dist.tolist(), strict=True) if d < 1e-6}
    if not near:  # pragma: no cover (the point lies on the shape's boundary)
        near = {used[int(dist.argmin())]}
    return near


def make_valid_by_refining(
    arcs_full: list[list[Point]], stored: list[list[Point]],
    refs: dict[str, list[list[list[int]]]], by_province: dict[str, list[str]],
) -> tuple[dict[str, list[list[list[int]]]], dict[int, float], list[str]]:
    """Every commune and province valid for shapely (no ring crossing or touching itself or
    another ring along a stretch): where simplification made one invalid, the arcs that pass
    through the point shapely names are simplified again at half the tolerance, down to the
    full resolution, until the shape is valid. Arcs are shared, so the neighbours keep their
    common edge. Returns the province rings, ``{arc: tolerance it is stored at}`` for the
    arcs refined, and the units still invalid with those arcs at full resolution (the source
    shapes are valid, but the storage grid can fold a detail narrower than itself: see
    :func:`make_valid_by_merging` and :func:`make_valid_by_nudging`)."""
    import shapely

    tolerance: dict[int, float] = {}
    province_of = {c: p for p, cs in by_province.items() for c in cs}
    prov_refs = {p: province_rings(stored, refs, cs) for p, cs in by_province.items()}
    todo = set(refs) | set(prov_refs)
    stuck: set[str] = set()
    while todo:
        changed: set[int] = set()
        for code in sorted(todo):
            polys = refs[code] if code in refs else prov_refs[code]
            reason = shapely.is_valid_reason(stored_shape(stored, polys))
            if reason == "Valid Geometry":
                continue
            x, y = (float(v) for v in reason[reason.index("[") + 1:-1].split())
            refine = {a for a in _offending_arcs(stored, polys, (x, y))
                      if tolerance.get(a, TOLERANCE_M) > 0}
            if not refine:
                stuck.add(code)
            for a in refine:
                tol = tolerance.get(a, TOLERANCE_M) / 2
                tolerance[a] = tol if tol >= 0.5 else 0.0
                stored[a] = quantise([simplify_arc(arcs_full[a], tolerance[a])])[0]
            changed |= refine
        if not changed:
            break
        users = {code for code, polys in refs.items()
                 if any((r if r >= 0 else ~r) in changed
                        for rings in polys for ring in rings for r in ring)}
        for p in {province_of[c] for c in users}:
            prov_refs[p] = province_rings(stored, refs, by_province[p])
        todo = (users | {province_of[c] for c in users}) - stuck
    return prov_refs, tolerance, sorted(stuck)


def make_valid_by_nudging(
    arcs_full: list[list[Point]], stored: list[list[Point]], refs: dict[str, list[list[list[int]]]],
    prov_refs: dict[str, list[list[list[int]]]], by_province: dict[str, list[str]],
    codes: list[str],
) -> tuple[list[str], list[str]]:
    """The units still invalid with their arcs at full resolution: the storage grid (about
    2 m) has folded a detail narrower than itself (a spike rounded onto its own base, two
    sides of a neck rounded onto one point, a short arc rounded across its neighbour). Near
    the point shapely names, one stored point is deleted or moved to a neighbouring grid
    point (an arc end in every arc that ends there), the first such edit, nearest first,
    that makes the unit valid and leaves every other unit using the arcs as valid as it was.
    Returns the edits for the report and the units still invalid."""
    import shapely

    q = QUANTUM_E7 / 1e7
    province_of = {c: p for p, cs in by_province.items() for c in cs}
    users: dict[int, set[str]] = defaultdict(set)
    for code, polys in refs.items():
        for rings in polys:
            for ring in rings:
                for r in ring:
                    users[r if r >= 0 else ~r].add(code)

    def polys_of(code: str) -> list[list[list[int]]]:
        return refs[code] if code in refs else prov_refs[code]

    def valid(code: str) -> bool:
        return bool(shapely.is_valid(stored_shape(stored, polys_of(code))))

    def affected(arcs_changed: set[int]) -> set[str]:
        cs = {c for a in arcs_changed for c in users[a]}
        return cs | {province_of[c] for c in cs}

    def ends_at(p: Point) -> list[tuple[int, int]]:
        return [(a, i) for a, arc in enumerate(stored) for i in (0, -1) if arc[i] == p]

    edits: list[str] = []
    stuck: list[str] = []
    for code in codes:
        for _ in range(20):
            reason = shapely.is_valid_reason(stored_shape(stored, polys_of(code)))
            if reason == "Valid Geometry":
                break
            x, y = (float(v) / q for v in reason[reason.index("[") + 1:-1].split())
            used = {r if r >= 0 else ~r for rings in polys_of(code) for ring in rings for r in ring}
            cands: list[tuple[float, int, int]] = []
            for a in used:
                arc = stored[a]
                for i, (px, py) in enumerate(arc):
                    d = math.hypot(px - x, py - y)
                    if d <= 25:
                        cands.append((d, a, i))
                # and the ends of a long segment through the point
                near = shapely.distance(shapely.linestrings([arc[i:i + 2]
                                                             for i in range(len(arc) - 1)]),
                                        shapely.Point(x, y))
                for i in (near < 0.01).nonzero()[0].tolist():
                    for j in (i, i + 1):
                        d = math.hypot(arc[j][0] - x, arc[j][1] - y)
                        if d > 25:
                            cands.append((d, a, j))
            cands.sort()
            done = False
            seen: set[Point] = set()
            for _, a, i in cands:
                p = stored[a][i]
                if p in seen:
                    continue
                seen.add(p)
                end = i in (0, len(stored[a]) - 1)
                places = ends_at(p) if end else [(a, i)]
                options: list[Point | None] = [] if end else [None]
                options += [(p[0] + dx, p[1] + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                            if dx or dy]
                arcs_changed = {b for b, _ in places}
                around = affected(arcs_changed) | {code}
                before = {u: valid(u) for u in around}
                saved = {b: list(stored[b]) for b in arcs_changed}
                for new in options:
                    for b in arcs_changed:
                        stored[b] = list(saved[b])
                    for b, j in places:
                        if new is None:
                            del stored[b][j]
                        else:
                            stored[b][j] = new
                    if max(deviation_m(arcs_full[b], stored[b]) for b in arcs_changed) <= (
                            TOLERANCE_M) and all(valid(u) or not before[u] for u in around) and (
                            shapely.is_valid_reason(stored_shape(stored, polys_of(code)))
                            != reason):
                        what = "deleted" if new is None else f"moved to {new}"
                        edits.append(f"{code}: point {p} of arc(s) {sorted(arcs_changed)} {what}")
                        done = True
                        break
                    for b in arcs_changed:
                        stored[b] = list(saved[b])
                if done:
                    break
            if not done:
                break
        if not valid(code):
            stuck.append(code)
    return edits, stuck


def deviation_m(full: list[Point], kept: list[Point]) -> float:
    """The Hausdorff distance, in metres, between an arc at full resolution and as stored."""
    import numpy as np
    import shapely

    c = math.cos(math.radians(sum(p[1] for p in full) / len(full) / SCALE))

    def line(points: list[Point], unit: float) -> Any:
        arr = np.asarray(points, dtype=np.float64) * unit
        return shapely.LineString(np.column_stack([arr[:, 0] * c * M_PER_DEG_LAT,
                                                   arr[:, 1] * M_PER_DEG_LAT]))

    return float(line(full, 1 / SCALE).hausdorff_distance(line(kept, QUANTUM_E7 / 1e7)))


def make_valid_by_merging(
    arcs_full: list[list[Point]], stored: list[list[Point]],
    refs: dict[str, list[list[list[int]]]], prov_refs: dict[str, list[list[list[int]]]],
    by_province: dict[str, list[str]], codes: list[str],
    tolerance: dict[int, float],
) -> tuple[list[str], list[str]]:
    """A spike of a commune narrower than the grid (two of its arcs leave a junction and run
    within one grid step of each other, at full resolution, before they part): the two
    stretches become one arc shared by the neighbours on either side, the spike is gone
    from the commune (traced there and back, it cancels when its rings are chained again).
    Returns the report lines and the units still invalid."""
    import shapely

    province_of = {c: p for p, cs in by_province.items() for c in cs}
    near = float(QUANTUM_E7 // 10)  # one grid step, in source units
    report: list[str] = []

    def polys_of(code: str) -> list[list[list[int]]]:
        return refs[code] if code in refs else prov_refs[code]

    def path(arcs: list[list[Point]], r: int) -> list[Point]:
        return arcs[r] if r >= 0 else arcs[~r][::-1]

    def together(a: list[Point], b: list[Point]) -> int:
        line = shapely.LineString(b)
        k = 0
        while k + 1 < len(a) and line.distance(shapely.Point(a[k + 1])) <= near:
            k += 1
        return k

    for code in codes:
        if code not in refs or shapely.is_valid(stored_shape(stored, refs[code])):
            continue
        pairs = [(ring[i - 1], ring[i]) for rings in refs[code] for ring in rings
                 for i in range(len(ring)) if len(ring) > 1]
        for r1, r2 in pairs:
            a_pts = path(arcs_full, r1)[::-1]  # from the junction, back along r1
            b_pts = path(arcs_full, r2)  # from the junction along r2
            k, m = together(a_pts, b_pts), together(b_pts, a_pts)
            if k < 2 or m < 2 or k >= len(a_pts) - 1 or m >= len(b_pts) - 1:
                continue
            a1, a2 = (r1 if r1 >= 0 else ~r1), (r2 if r2 >= 0 else ~r2)
            if a1 == a2:
                continue
            users = {c for c, polys in refs.items()
                     if any((r if r >= 0 else ~r) in (a1, a2)
                            for rings in polys for ring in rings for r in ring)}
            around = users | {province_of[c] for c in users}
            before = {u: bool(shapely.is_valid(stored_shape(stored, polys_of(u))))
                      for u in around}
            saved = (list(stored), list(arcs_full), dict(refs), dict(prov_refs), dict(tolerance))
            tol = min(tolerance.get(a1, TOLERANCE_M), tolerance.get(a2, TOLERANCE_M))
            s_path = a_pts[:k + 1]
            r1_path = a_pts[k:][::-1]  # r1 up to where the stretch begins
            r2_path = [a_pts[k], *b_pts[m + 1:]]
            s = len(arcs_full)
            arcs_full.append(s_path)
            arcs_full[a1] = r1_path if r1 >= 0 else r1_path[::-1]
            arcs_full[a2] = r2_path if r2 >= 0 else r2_path[::-1]
            for a in (a1, a2, s):
                stored[a:a + 1] = quantise([simplify_arc(arcs_full[a], tol)])
                tolerance[a] = tol

            def swap(r: int, r1: int = r1, r2: int = r2, s: int = s) -> list[int]:
                if r == r1:
                    return [r1, ~s]
                if r == ~r1:
                    return [s, ~r1]
                if r == r2:
                    return [s, r2]
                if r == ~r2:
                    return [~r2, ~s]
                return [r]

            for c in users:
                refs[c] = [[[x for r in ring for x in swap(r)] for ring in rings]
                           for rings in refs[c]]
            try:
                refs[code] = province_rings(stored, refs, [code])
                for prov in {province_of[c] for c in users}:
                    prov_refs[prov] = province_rings(stored, refs, by_province[prov])
                worse = [u for u in around if before[u]
                         and not shapely.is_valid(stored_shape(stored, polys_of(u)))]
            except SystemExit:
                worse = [code]
            if worse or len(stored) != len(arcs_full):
                stored[:], arcs_full[:] = saved[0], saved[1]
                refs.clear()
                refs.update(saved[2])
                prov_refs.clear()
                prov_refs.update(saved[3])
                tolerance.clear()
                tolerance.update(saved[4])
                continue
            report.append(f"{code}: a spike along arcs {a1} and {a2} narrower than the grid "
                          f"({k} and {m} points) merged into arc {s}, shared by "
                          f"{', '.join(sorted(users - {code}))}")
            break
    stuck = [c for c in codes if not shapely.is_valid(stored_shape(stored, polys_of(c)))]
    return report, stuck


# ---------------------------------------------------------------- provinces from communes


def province_rings(
    arcs: list[list[Point]], refs: dict[str, list[list[list[int]]]], members: list[str]
) -> list[list[list[int]]]:
    """The boundary of a union of communes: their arc references whose arc is not also used
    in the opposite direction by another member, chained into rings; each outer ring followed
    by its holes (holes are assigned by containment)."""
    def ends(r: int) -> tuple[Point, Point]:
        a = arcs[r] if r >= 0 else arcs[~r][::-1]
        return a[0], a[-1]

    rings = union_rings((poly for code in members for poly in refs[code]), ends)
    return _group_rings(arcs, rings)


def ring_points(arcs: list[list[Point]], ring: list[int]) -> list[Point]:
    pts: list[Point] = []
    for r in ring:
        a = arcs[r] if r >= 0 else arcs[~r][::-1]
        pts.extend(a if not pts else a[1:])
    return pts


def _group_rings(arcs: list[list[Point]], rings: list[list[int]]) -> list[list[list[int]]]:
    from shapely.geometry import Point as SPoint
    from shapely.geometry import Polygon

    outers: list[Any] = []
    holes: list[Any] = []
    for ring in rings:
        pts = ring_points(arcs, ring)
        area = _shoelace(pts)
        if area:  # a ring of zero area (a source overlap traced there and back) is dropped
            (outers if area > 0 else holes).append((ring, pts))
    polys = [[ring] for ring, _ in outers]
    shapes = [Polygon(pts) for _, pts in outers]
    for ring, pts in holes:
        probe = SPoint(pts[0])
        inside = [i for i, s in enumerate(shapes) if s.contains(probe) or s.touches(probe)]
        if not inside:
            raise SystemExit(f"geo: a province hole at {pts[0]} lies in no outer ring")
        best = min(inside, key=lambda i: shapes[i].area)
        polys[best].append(ring)
    return _drop_nested(arcs, polys)


def _drop_nested(arcs: list[list[Point]], polys: list[list[list[int]]]) -> list[list[list[int]]]:
    """An outer ring inside another part (not in one of its holes) is a sliver where two
    communes of the union overlap in the source, counted twice: dropped."""
    from shapely.geometry import Polygon

    shapes = [Polygon(ring_points(arcs, p[0]), [ring_points(arcs, h) for h in p[1:]])
              for p in polys]
    keep = []
    for i, s in enumerate(shapes):
        probe = s.representative_point()
        if not any(j != i and shapes[j].area > s.area and shapes[j].contains(probe)
                   for j in range(len(shapes))):
            keep.append(polys[i])
    return keep


# ---------------------------------------------------------------- encoding


def encode(arcs: list[list[Point]], units: list[tuple[str, list[list[list[int]]]]]) -> bytes:
    """The byte layout is described in docs/data-format.md ("Boundaries")."""
    counts = array("I", [len(a) for a in arcs])
    dx, dy = array("h"), array("h")
    patches: list[int] = []  # index, dx, dy where a step overflows int16
    px, py = 0, 0
    for a in arcs:
        for x, y in a:
            ddx, ddy = x - px, y - py
            if -32768 <= ddx <= 32767 and -32768 <= ddy <= 32767:
                dx.append(ddx)
                dy.append(ddy)
            else:
                patches.extend((len(dx), ddx, ddy))
                dx.append(0)
                dy.append(0)
            px, py = x, y
    refs = array("i")
    shape = array("I")  # per unit: n polygons; per polygon: n rings; per ring: n refs
    codes = b"".join(code.encode("ascii").ljust(5, b" ") for code, _ in units)
    for _, polys in units:
        shape.append(len(polys))
        for poly in polys:
            shape.append(len(poly))
            for ring in poly:
                shape.append(len(ring))
                refs.extend(ring)
    patch = array("i", patches)
    for arr in (counts, dx, dy, refs, shape, patch):
        if sys.byteorder != "little":
            arr.byteswap()
    bx, by = dx.tobytes(), dy.tobytes()
    # byte planes: the low bytes of all steps, then the high bytes (mostly 0x00 / 0xFF)
    planes = bx[0::2] + by[0::2] + bx[1::2] + by[1::2]
    header = struct.pack(HEADER, MAGIC, QUANTUM_E7, len(units), len(arcs), len(dx),
                         len(refs), len(shape), len(patches) // 3)
    body = b"".join([codes, counts.tobytes(), planes, refs.tobytes(), shape.tobytes(),
                     patch.tobytes()])
    return header + zlib.compress(body, 9)


# ---------------------------------------------------------------- the stage


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode_shapes(blob: bytes) -> dict[str, Any]:
    """Shapely shapes of every unit in ``boundaries.bin`` (build-time checks only), decoded by
    the reader users run (``vn_units.geo``), so the checks see what they get."""
    from shapely.geometry import MultiPolygon, Polygon

    from vn_units.geo import _Data

    data = _Data(blob)
    out: dict[str, Any] = {}
    for code, polys in zip(data.codes, data.units, strict=True):
        made = []
        for rings in polys:
            outer, *holes = (data.ring(refs) for refs in rings)
            made.append(Polygon(outer, [h for h in holes if len(h) >= 4]))
        out[code] = MultiPolygon(made)
    return out


def measure(blob: bytes, units_obj: dict[str, Any], ctx: dict[str, Any]) -> dict[str, Any]:
    """The numbers the docs quote: deviation, areas, centres, provinces, point agreement."""
    import numpy as np
    import shapely

    units, full, arcs_full, stored = ctx["units"], ctx["full"], ctx["arcs_full"], ctx["stored"]
    by_province = ctx["by_province"]
    k = QUANTUM_E7 / 1e7
    mlat = M_PER_DEG_LAT

    dev = [deviation_m(a, b) for a, b in zip(arcs_full, stored, strict=True)]
    shapes = decode_shapes(blob)
    raw = dict(shapes)
    communes = sorted(units_obj["communes"])
    provinces = sorted(units_obj["provinces"])
    invalid = [c for c in shapes if not shapes[c].is_valid]
    for c in invalid:  # measured as GEOS repairs them (the runtime itself needs no repair)
        shapes[c] = shapely.make_valid(shapes[c])
    area_rel = []
    src_rel = []
    centre_out_full, centre_out_stored = [], []
    for c in communes:
        rec = units_obj["communes"][c]
        simple_area = polygons_area_km2([[[(round(x * SCALE), round(y * SCALE))
                                            for x, y in ring.coords[:-1]]
                                           for ring in (poly.exterior, *poly.interiors)]
                                          for poly in raw[c].geoms])
        area_rel.append(abs(simple_area - rec["shape_area_km2"]) / rec["shape_area_km2"])
        src_rel.append((abs(rec["shape_area_km2"] - rec["area_km2"]) / rec["area_km2"], c))
        pt = shapely.Point(rec["longitude"], rec["latitude"])
        if not full[c].contains(pt):
            centre_out_full.append(c)
        if not shapes[c].contains(pt):
            centre_out_stored.append(c)
    prov_src_rel = []
    prov_vs_source = {}
    prov_vs_union = {}
    for p in provinces:
        rec = units_obj["provinces"][p]
        prov_src_rel.append(abs(rec["shape_area_km2"] - rec["area_km2"]) / rec["area_km2"])
        union = shapely.unary_union([shapes[c] for c in by_province[p]])
        diff = shapely.symmetric_difference(union, shapes[p]).area / shapes[p].area
        prov_vs_union[p] = diff
        src_shape = _shape(units[p]["polygons"])
        if not src_shape.is_valid:
            src_shape = shapely.make_valid(src_shape)
        prov_vs_source[p] = shapely.symmetric_difference(src_shape, shapes[p]).area / src_shape.area
    # point agreement: uniform random points in the bounding box, kept if inside a full shape
    rng = np.random.default_rng(20250701)
    tree_full = shapely.STRtree([full[c] for c in communes])
    tree_st = shapely.STRtree([shapes[c] for c in communes])
    minx, miny, maxx, maxy = shapely.unary_union([shapes[p] for p in provinces]).bounds
    inside_pts: list[Any] = []
    owner_full: list[int] = []
    while len(inside_pts) < 100_000:
        xy = np.column_stack([rng.uniform(minx, maxx, 200_000), rng.uniform(miny, maxy, 200_000)])
        pts = shapely.points(xy)
        qi, qg = tree_full.query(pts, predicate="intersects")
        first: dict[int, int] = {}
        for a, b in zip(qi.tolist(), qg.tolist(), strict=True):
            first.setdefault(a, b)
        for a in sorted(first):
            if len(inside_pts) < 100_000:
                inside_pts.append(pts[a])
                owner_full.append(first[a])
    parr = np.array(inside_pts)
    qi, qg = tree_st.query(parr, predicate="intersects")
    owner_st = [-1] * len(parr)
    for a, b in zip(qi.tolist(), qg.tolist(), strict=True):
        if owner_st[a] == -1:
            owner_st[a] = b
    band_deg = (TOLERANCE_M + QUANTUM_E7 / 1e7 * mlat) / mlat * 1.5
    lines = [shapely.LineString(np.asarray(a, dtype=np.float64) / SCALE) for a in arcs_full]
    pi, _ = shapely.STRtree(lines).query(parr, predicate="dwithin", distance=band_deg)
    near = np.zeros(len(parr), dtype=bool)
    near[pi] = True
    agree = np.array([a == b for a, b in zip(owner_full, owner_st, strict=True)])
    # the same points through the library's own locate (vn_units.geo), on this build's file
    from vn_units import geo as runtime

    data = runtime._Data(blob)
    if data.codes[:len(communes)] != communes:
        raise SystemExit("geo: boundaries.bin lists the communes in another order")
    xy = shapely.get_coordinates(parr)
    got = runtime._locate_numpy(np, data.locator(), xy[:, 1].copy(), xy[:, 0].copy(),
                                np.ones(len(xy), dtype=bool))
    agree_rt = got == np.asarray(owner_full)
    return {
        "kept_full_resolution_arcs": ctx["kept_full_resolution_arcs"],
        "dropped_sliver_rings": ctx["dropped_rings"],
        "made_valid": {
            "arcs_simplified_again_by_tolerance_m": {
                f"{t:g}": sum(v == t for v in ctx["refined"].values())
                for t in sorted(set(ctx["refined"].values()), reverse=True)},
            "spikes_merged": ctx["merged"],
            "points_nudged": ctx["nudged"],
        },
        "tolerance_m": TOLERANCE_M,
        "quantum_deg": k,
        "arcs": len(stored),
        "points_full": sum(len(a) for a in arcs_full),
        "points_stored": sum(len(a) for a in stored),
        "bytes": len(blob),
        "max_deviation_m": round(max(dev), 2),
        "deviation_m_percentiles": {f"p{q}": round(float(np.percentile(dev, q)), 2)
                                    for q in (50, 90, 99)},
        "arcs_deviation_over_tolerance_plus_quantum": sum(
            d > TOLERANCE_M + k * mlat for d in dev),
        "invalid_stored_shapes": invalid,
        "stored_vs_full_area_max_rel": round(max(area_rel), 5),
        "stored_vs_full_area_over_1pc": sum(r > 0.01 for r in area_rel),
        "shape_area_vs_stated_area_within": {
            f"{t:g}": sum(r <= t for r, _ in src_rel) for t in (0.005, 0.01, 0.05, 0.2)},
        "shape_area_vs_stated_area_compared": len(src_rel),
        "shape_area_vs_stated_area_worst": [[c, round(r, 4)] for r, c in sorted(src_rel)[-10:]],
        "province_shape_area_vs_stated_max_rel": round(max(prov_src_rel), 5),
        "centres_outside_full_shape": centre_out_full,
        "centres_outside_stored_shape": centre_out_stored,
        "province_vs_union_of_communes_max_rel": max(prov_vs_union.values()),
        "province_vs_source_province_symdiff_rel_worst": [
            [p, round(v, 5)] for p, v in sorted(prov_vs_source.items(), key=lambda kv: kv[1])[-3:]],
        "locate_points": len(parr),
        "locate_agree": int(agree_rt.sum()),
        "locate_disagree_in_band": int((~agree_rt & near).sum()),
        "locate_disagree_outside_band": int((~agree_rt & ~near).sum()),
        "locate_none": int((got < 0).sum()),
        "stored_shapes_agree": int(agree.sum()),
        "locate_band_deg": round(band_deg, 7),
        "locate_points_in_band": int(near.sum()),
        "stored_shapes_disagree_in_band": int((~agree & near).sum()),
        "stored_shapes_disagree_outside_band": int((~agree & ~near).sum()),
    }


def build_from_source() -> tuple[bytes, dict[str, Any], str, dict[str, Any]]:
    """Full build: ``(boundaries.bin bytes, units.json object, inputs listing, context)``."""
    import shapely

    src = ensure_source()
    dev_cache = CACHE / f"geo-{COMMIT}.pickle"
    if os.environ.get("VN_UNITS_GEO_DEV_CACHE") and dev_cache.exists():  # development only
        import pickle

        units, digests = pickle.loads(dev_cache.read_bytes())
    else:
        units, digests = read_source(src)
        if os.environ.get("VN_UNITS_GEO_DEV_CACHE"):
            import pickle

            dev_cache.write_bytes(pickle.dumps((units, digests)))
    communes = sorted(c for c, u in units.items() if u["level"] == "commune")
    provinces = sorted(c for c, u in units.items() if u["level"] == "province")
    if (len(communes), len(provinces)) != (3321, 34):
        raise SystemExit(f"geo source: {len(communes)} communes, {len(provinces)} provinces")
    by_province: dict[str, list[str]] = defaultdict(list)
    for c in communes:
        by_province[units[c]["province"]].append(c)

    # topology, simplification, quantisation
    arcs_full, refs = build_topology(units, communes)
    stored = quantise(simplify_arcs(arcs_full, TOLERANCE_M))
    kept_full = _keep_rings_open(arcs_full, stored, refs, communes)
    dropped = _drop_collapsed_rings(stored, refs, communes)
    prov_refs, refined, still_invalid = make_valid_by_refining(
        arcs_full, stored, refs, {p: by_province[p] for p in provinces})
    merged, still_invalid = make_valid_by_merging(
        arcs_full, stored, refs, prov_refs, {p: by_province[p] for p in provinces},
        still_invalid, refined)
    nudged, still_invalid = make_valid_by_nudging(
        arcs_full, stored, refs, prov_refs, {p: by_province[p] for p in provinces},
        still_invalid)
    if still_invalid:
        raise SystemExit(f"geo: shapes still not valid: {still_invalid}")
    blob = encode(stored, [(c, refs[c]) for c in communes] + [(p, prov_refs[p]) for p in provinces])

    # measures from the full-resolution shapes
    full = {c: _shape(units[c]["polygons"]) for c in communes}
    table: dict[str, Any] = {}
    for c in communes:
        lon, lat = interior_centre(full[c])
        table[c] = {"area_km2": units[c]["props"]["areaKm2"],
                    "shape_area_km2": round(polygons_area_km2(units[c]["polygons"]), 3),
                    "latitude": lat, "longitude": lon}
    for p in provinces:
        lon, lat = interior_centre(shapely.unary_union([full[c] for c in by_province[p]]))
        table[p] = {"area_km2": units[p]["props"]["areaKm2"],
                    "shape_area_km2": round(sum(table[c]["shape_area_km2"]
                                                for c in by_province[p]), 3),
                    "latitude": lat, "longitude": lon}
    units_obj = {
        "source": {"repository": REPO, "commit": COMMIT, "path": SOURCE_PATH, "license": LICENSE},
        "provinces": {p: table[p] for p in provinces},
        "communes": {c: {**table[c], "province_code": units[c]["province"]} for c in communes},
    }
    inputs = "".join(f"{sha}  {path}\n" for path, sha in digests)
    ctx = {"kept_full_resolution_arcs": kept_full, "dropped_rings": dropped, "refined": refined,
           "merged": merged, "nudged": nudged,
 "units": units, "full": full, "arcs_full": arcs_full, "stored": stored,
           "by_province": by_province}
    return blob, units_obj, inputs, ctx


def _dumps(obj: Any) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def build(*, check: bool, from_source: bool | None = None) -> tuple[dict[str, bytes], Any]:
    """The stage: ``({"boundaries.bin": bytes}, units table)``.

    With the source (``from_source``, default: when the extracted source folder exists) the
    outputs are rebuilt; without it, the committed ones are verified against the recorded
    sha256 and returned as they are.
    """
    if from_source is None:
        from_source = SOURCE_DIR.is_dir()
    committed_bin = Path(__file__).resolve().parent.parent / "src" / "vn_units" / "_data" / OUTPUT
    if not from_source:
        sums = json.loads(CHECKSUMS_FILE.read_bytes())
        for path, key in ((committed_bin, OUTPUT), (UNITS_FILE, "units.json"),
                          (INPUTS_FILE, "inputs.sha256")):
            got = _sha(path.read_bytes())
            if got != sums["outputs"][key]:
                raise SystemExit(f"geo: {path} sha256 {got} != recorded {sums['outputs'][key]}")
        if _sha(INPUTS_FILE.read_bytes()) != sums["inputs_sha256"]:
            raise SystemExit("geo: inputs.sha256 does not match the recorded digest")
        return {OUTPUT: committed_bin.read_bytes()}, json.loads(UNITS_FILE.read_bytes())
    blob, units_obj, inputs, ctx = build_from_source()
    units_bytes = _dumps(units_obj)
    inputs_bytes = inputs.encode()
    if check:
        bad = [str(p) for p, b in ((UNITS_FILE, units_bytes), (INPUTS_FILE, inputs_bytes))
               if not p.exists() or p.read_bytes() != b]
        if bad:
            raise SystemExit(f"geo: {', '.join(bad)} differ from their regeneration")
    else:
        GEO_DIR.mkdir(exist_ok=True)
        UNITS_FILE.write_bytes(units_bytes)
        INPUTS_FILE.write_bytes(inputs_bytes)
        sums = {
            "source": {"repository": REPO, "commit": COMMIT, "path": SOURCE_PATH},
            "inputs_sha256": _sha(inputs_bytes),
            "outputs": {OUTPUT: _sha(blob), "units.json": _sha(units_bytes),
                        "inputs.sha256": _sha(inputs_bytes)},
        }
        CHECKSUMS_FILE.write_bytes(_dumps(sums))
        committed_bin.write_bytes(blob)
        if os.environ.get("VN_UNITS_GEO_MEASURE", "1") != "0":
            report = measure(blob, units_obj, ctx)
            (GEO_DIR / "report.json").write_bytes(_dumps(report))
            print(json.dumps(report, indent=1))
    return {OUTPUT: blob}, units_obj


def manifest_source() -> dict[str, str]:
    sums = json.loads(CHECKSUMS_FILE.read_bytes())
    return {"repository": REPO, "commit": COMMIT, "path": SOURCE_PATH,
            "inputs_sha256": sums["inputs_sha256"], "license": LICENSE, "role": ROLE}
