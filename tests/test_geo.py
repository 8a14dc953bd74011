"""vn_units.geo: shapes, locate (single and vectorised), neighbours, GeoJSON, bad input."""

from __future__ import annotations

import json
import math
import random
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

import vn_units
from vn_units import VNUnitsError, communes, geo, provinces
from vn_units.geo import InvalidCoordinateError

DATA = Path(vn_units.__file__).parent / "_data"


def _ring_area(ring: list[tuple[float, float]]) -> float:
    return 0.5 * sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(ring))


def _area(s: geo.Shape) -> float:
    return sum(_ring_area(p[0]) + sum(_ring_area(h) for h in p[1:]) for p in s.coordinates)


def _inside(s: geo.Shape, lon: float, lat: float) -> bool:
    """Even-odd ray casting over every ring (independent of the locate index)."""
    inside = False
    for poly in s.coordinates:
        for ring in poly:
            for (x1, y1), (x2, y2) in pairwise(ring):
                if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                    inside = not inside
    return inside


def test_import_loads_no_geography() -> None:
    code = ("import sys, vn_units, vn_units.geo as g; "
            "assert g._data is None; g.shape('01'); assert g._data is not None; "
            "assert g._data._locator is None; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"
    out = subprocess.run([sys.executable, "-c", "import sys, vn_units; "
                          "print('vn_units.geo' in sys.modules)"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_unit_has_a_shape_and_the_file_is_small() -> None:
    codes = geo._all_codes()
    assert sorted(codes) == sorted([c.code for c in communes] + [p.code for p in provinces])
    assert len(codes) == 3321 + 34
    assert (DATA / "boundaries.bin").stat().st_size <= 2_000_000
    for code in codes:
        s = geo.shape(code)
        assert s.coordinates and all(len(r) >= 4 and r[0] == r[-1]
                                     for p in s.coordinates for r in p), code
        assert _area(s) > 0, code


def test_shape_accepts_records_and_codes() -> None:
    assert geo.shape(communes["00070"]) is geo.shape("00070")
    assert geo.shape(provinces["79"]).level == "province"
    with pytest.raises(vn_units.InvalidCodeError):
        geo.shape("7")
    with pytest.raises(vn_units.UnitNotFoundError):
        geo.shape("99999")
    with pytest.raises(vn_units.InvalidCodeError, match="only provinces"):
        geo.shape(vn_units.legacy.communes["26734"])  # a legacy commune: no era guessing


def test_centres_lie_in_their_own_commune() -> None:
    wrong = []
    for c in communes:
        assert c.latitude is not None and c.longitude is not None
        if not _inside(geo.shape(c), c.longitude, c.latitude):
            wrong.append(c.code)
        got = geo.locate(c.latitude, c.longitude)
        if got is None or got.code != c.code:
            wrong.append(c.code)
    assert wrong == []


def test_issue_examples_are_fixed() -> None:
    # swapped or placeholder centres in the old data: each now lies in its own commune
    for code in ("28615", "30130", "08296", "04924", "06757", "06967", "29983", "04714"):
        c = communes[code]
        assert geo.locate(c.latitude, c.longitude) == c, code
    # areas the old data had wrong by far (13219 Vạn Xuân 139.49 km² instead of about 30)
    assert 25 < communes["13219"].area_km2 < 35
    assert 15 < communes["13120"].area_km2 < 30


def test_province_is_the_union_of_its_communes() -> None:
    by_province: dict[str, float] = {}
    for c in communes:
        by_province[c.province_code] = by_province.get(c.province_code, 0) + _area(geo.shape(c))
    for p in provinces:
        assert math.isclose(_area(geo.shape(p)), by_province[p.code], rel_tol=1e-3), p.code


def test_every_shape_is_valid_for_shapely() -> None:
    """Every commune, province and legacy province is a valid MultiPolygon (OGC rules, as
    shapely / GEOS check them): no ring crosses or touches itself or another along a stretch,
    so set operations need no ``make_valid`` first."""
    import shapely
    from shapely.geometry import shape as to_shapely

    from vn_units import legacy

    units: list[object] = [*communes, *provinces, *legacy.provinces]
    geoms = [to_shapely(geo.shape(u if getattr(u, "era", None) == "legacy"
                                  else u.code))  # type: ignore[attr-defined]
             for u in units]
    assert len(geoms) == 3321 + 34 + 63
    invalid = [(geo.shape(u).level if getattr(u, "era", None) == "legacy" else "",
                u.code, shapely.is_valid_reason(g))  # type: ignore[attr-defined]
               for u, g in zip(units, geoms, strict=True) if not g.is_valid]
    assert invalid == []


def test_locate_agrees_with_ray_casting_on_random_points() -> None:
    rng = random.Random(7)
    shapes = [geo.shape(c) for c in communes]
    n = 0
    while n < 400:
        lon, lat = rng.uniform(102.1, 109.5), rng.uniform(8.5, 23.4)
        expected = [s.code for s in shapes
                    if s.bbox[0] <= lon <= s.bbox[2] and s.bbox[1] <= lat <= s.bbox[3]
                    and _inside(s, lon, lat)]
        got = geo.locate(lat, lon)
        if expected:
            n += 1
            assert got is not None and got.code in expected, (lat, lon)
        else:
            assert got is None, (lat, lon)


def test_locate_many_matches_locate() -> None:
    rng = random.Random(11)
    lats = [rng.uniform(8.0, 23.5) for _ in range(3000)]
    lons = [rng.uniform(102.0, 110.0) for _ in range(3000)]
    many = geo.locate_many(lats, lons)
    one = [getattr(geo.locate(a, b), "code", None) for a, b in zip(lats, lons, strict=True)]
    assert many == one
    assert sum(x is not None for x in many) > 500


def test_nearest() -> None:
    assert geo.locate(10.0, 107.5) is None
    near = geo.locate(10.0, 107.5, nearest=True, max_km=80)
    assert near is not None and near.province_code == "79"
    assert geo.locate(10.0, 107.5, nearest=True, max_km=1) is None
    assert geo.locate_many([10.0], [107.5], nearest=True, max_km=80) == [near.code]


@pytest.mark.parametrize(
    ("lat", "lon", "builtin"),
    [(float("nan"), 105.0, ValueError), (21.0, float("inf"), ValueError),
     (105.8, 21.0, ValueError), (21.0, 200.0, ValueError), ("21.0", 105.8, TypeError),
     (None, 105.8, TypeError), (True, 105.8, TypeError)],
)
def test_bad_input_is_a_typed_error(lat: object, lon: object, builtin: type) -> None:
    with pytest.raises(InvalidCoordinateError) as info:
        geo.locate(lat, lon)  # type: ignore[arg-type]
    assert isinstance(info.value, VNUnitsError) and isinstance(info.value, builtin)
    assert repr(lat) in str(info.value) or repr(lon) in str(info.value)


def test_locate_many_bad_input() -> None:
    assert geo.locate_many([float("nan"), None], [105.8, 105.8]) == [None, None]
    with pytest.raises(InvalidCoordinateError, match="swap"):
        geo.locate_many([21.03, 105.8], [105.85, 21.0])
    assert geo.locate_many([21.0285, 105.8, "x"], [105.8542, 21.0, 105.0],
                           errors="coerce") == ["00070", None, None]
    with pytest.raises(InvalidCoordinateError):
        geo.locate_many(["x"], [105.0])
    with pytest.raises(ValueError, match="latitudes"):
        geo.locate_many([1.0], [])


@pytest.mark.parametrize(
    ("lat", "lon"),
    [(float("inf"), 105.8), (95.0, 105.8), (21.0, 200.0), (21.0, -float("inf")),
     ("21.0", 105.8), (True, 105.8), (21.0, b"105")],
)
def test_locate_column_bad_input_as_documented(lat: object, lon: object) -> None:
    """docs/geo.md, "Bad input": a missing value is None; infinity, out of range, a string or
    a bool raises InvalidCoordinateError naming the value, or is None with errors="coerce"."""
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"lat": [21.0285, lat, float("nan"), None],
                       "lon": [105.8542, lon, 105.0, 105.0]}, dtype=object)
    with pytest.raises(InvalidCoordinateError) as info:
        geo.locate_column(df["lat"], df["lon"])
    assert repr(lat) in str(info.value) or repr(lon) in str(info.value)
    assert geo.locate_column(df["lat"], df["lon"], errors="coerce").tolist() == [
        "00070", None, None, None]
    with pytest.raises(InvalidCoordinateError):
        geo.locate_many([lat], [lon])
    assert geo.locate_many([lat, 21.0285], [lon, 105.8542], errors="coerce") == [None, "00070"]


def test_locate_without_numpy_matches(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(3)
    lats = [rng.uniform(10.0, 11.5) for _ in range(300)]
    lons = [rng.uniform(105.5, 107.0) for _ in range(300)]
    with_np = geo.locate_many(lats, lons)
    data = geo._load()
    some = bytearray(len(data.xs))
    some[:5000] = b"\x01" * 5000
    some[data.arc_start[1] - 1] = 0  # not a segment: the last point of the first arc
    cells_np, flat_np = geo._cells(data.xs, data.ys, some)
    monkeypatch.setitem(sys.modules, "numpy", None)
    assert geo.locate_many(lats, lons) == with_np
    cells_py, flat_py = geo._cells(data.xs, data.ys, some)
    assert cells_py == cells_np and flat_py == flat_np
    assert len(cells_py) > 100



def test_neighbours_are_symmetric() -> None:
    for code in [*(p.code for p in provinces), "00070", "26740", "31150"]:
        for other in geo.neighbours(code):
            assert code in geo.neighbours(other)
            assert len(other) == len(code)
    assert "79" in geo.neighbours("80") and "01" not in geo.neighbours("79")
    assert geo.neighbours("22736") == ()  # Trường Sa: islands only


def test_geojson_and_geo_interface() -> None:
    fc = geo.to_geojson("province")
    assert len(fc["features"]) == 34
    json.dumps(fc)
    cantho = geo.to_geojson("commune", province="92")
    assert {f["properties"]["province_code"] for f in cantho["features"]} == {"92"}
    with pytest.raises(ValueError):
        geo.to_geojson("district")  # type: ignore[arg-type]
    shapely = pytest.importorskip("shapely.geometry")
    s = shapely.shape(geo.shape("00070"))
    assert s.is_valid and s.contains(shapely.Point(105.8542, 21.0285))


def test_locate_column() -> None:
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"lat": [21.0285, None, 15.0], "lon": [105.8542, 105.0, 112.0]},
                      index=[5, 6, 7])
    out = geo.locate_column(df["lat"], df["lon"])
    assert out.index.tolist() == [5, 6, 7]
    assert out.tolist() == ["00070", None, None]
    nullable = df.astype("Float64")  # pandas' NA, not NaN
    assert geo.locate_column(nullable["lat"], nullable["lon"]).tolist() == ["00070", None, None]


def test_legacy_provinces_are_unions_of_current_communes() -> None:
    from vn_units import legacy

    members = geo._legacy_province_members()
    assert sorted(members) == sorted(p.code for p in legacy.provinces)
    assert sum(map(len, members.values())) == 3321
    data = geo._load()
    total = 0.0
    for p in legacy.provinces:
        s = geo.shape(p)
        assert s.level == "legacy province" and s.code == p.code
        parts = sum(_area(geo.shape(data.codes[u])) for u in members[p.code])
        # the sum counts twice where communes overlap in the source (about 7 km² among three
        # communes of Lào Cai, legacy province 10: 0.11 %); the union once
        assert math.isclose(_area(s), parts, rel_tol=2e-3), p.code
        total += _area(s)
    current = sum(_area(geo.shape(p)) for p in provinces)
    assert math.isclose(total, current, rel_tol=1e-4)
    # Bình Dương (74) is inside today's Hồ Chí Minh, and its old capital Thủ Dầu Một with it
    tdm = geo.locate(10.98, 106.65)
    assert tdm is not None and tdm.province_code == "79"
    assert _inside(geo.shape(legacy.provinces["74"]), 106.65, 10.98)
    assert len(geo.to_geojson("legacy_province")["features"]) == 63


def test_geodataframe() -> None:
    pytest.importorskip("geopandas")
    provinces_gdf = geo.geodataframe("province")
    assert len(provinces_gdf) == 34 and str(provinces_gdf.crs) == "EPSG:4326"
    assert {"code", "name", "full_name", "area_km2", "geometry"} <= set(provinces_gdf.columns)
    cantho = geo.geodataframe("commune", province="92")
    assert len(cantho) == 103 and set(cantho["province_code"]) == {"92"}
    # a commune's shape contains its centre, read back through geopandas
    row = cantho.set_index("code").loc["31135"]
    c = communes["31135"]
    import shapely

    assert row.geometry.contains(shapely.Point(c.longitude, c.latitude))
