"""vn_units.pandas: tables, column functions (dedup, errors=, fixed columns), meta."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pd = pytest.importorskip("pandas")

import vn_units  # noqa: E402
from vn_units import pandas as vnp  # noqa: E402

COUNTS = {
    "provinces": 34,
    "communes": 3321,
    "legacy_provinces": 63,
    "legacy_districts": 696,
    "legacy_communes": 10035,
}


def test_module_does_not_shadow_pandas() -> None:
    assert pd.__name__ == "pandas"
    assert vnp._pd() is pd
    assert vnp.__name__ == "vn_units.pandas"


@pytest.mark.parametrize("name", list(vnp.TABLES))
def test_tables(name: str) -> None:
    df = vnp.table(name)  # type: ignore[arg-type]
    assert list(df.columns) == list(vnp.TABLES[name])
    assert {c: str(t) for c, t in df.dtypes.items()} == vnp.TABLES[name]
    if name in COUNTS:
        assert len(df) == COUNTS[name]
        assert df["code"].is_unique
        assert df["code"].str.fullmatch(r"\d+").all()
    else:
        from vn_units.lineage import edges

        assert len(df) == len(edges())


def test_commune_table_values() -> None:
    df = vnp.table("communes").set_index("code")
    row = df.loc["26743"]
    assert (row["full_name"], row["province_code"], row["province_name"]) == (
        "Phường Bến Thành",
        "79",
        "Hồ Chí Minh",
    )
    assert 10 < row["latitude"] < 11 and 106 < row["longitude"] < 107
    assert df["area_km2"].notna().mean() > 0.9


def test_codes_keep_leading_zeros_through_csv(tmp_path: Path) -> None:
    df = vnp.table("provinces")
    assert df.loc[0, "code"] == "01"
    df.to_csv(tmp_path / "p.csv", index=False)
    back = pd.read_csv(tmp_path / "p.csv", dtype={"code": "string"})
    assert back.loc[0, "code"] == "01"


def test_normalize_names() -> None:
    s = pd.Series(["Hòa Bình", "Hoà Bình", None, "HOA BINH"], index=[5, 6, 7, 8], name="x")
    out = vnp.normalize_names(s)
    assert out.tolist() == ["hoa binh", "hoa binh", pd.NA, "hoa binh"]
    assert list(out.index) == [5, 6, 7, 8]
    assert str(out.dtype) == "string"
    with pytest.raises(TypeError, match="expected text"):
        vnp.normalize_names(pd.Series([1]))


def test_work_is_done_once_per_distinct_value(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = vnp._normalizer()

    def counting(text: str) -> str:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(vnp, "_normalizer", lambda: counting)
    vnp.normalize_names(pd.Series(["a", "b", "a", None, "b", "a"] * 1000))
    assert sorted(calls) == ["a", "b"]


def test_lookup_codes_errors() -> None:
    s = pd.Series([79, "1", "03", "7x", None])
    with pytest.raises(vn_units.UnitNotFoundError):
        vnp.lookup_codes(s, level="province")
    out = vnp.lookup_codes(s, level="province", errors="coerce")
    assert out["code"].tolist() == ["79", "01", pd.NA, pd.NA, pd.NA]
    with pytest.raises(ValueError, match="errors must be"):
        vnp.lookup_codes(s, level="province", errors="ignore")  # type: ignore[arg-type]


def test_lookup_codes_era_is_explicit() -> None:
    s = pd.Series(["00004"])
    assert vnp.lookup_codes(s, level="commune")["full_name"][0] == "Phường Ba Đình"
    legacy = vnp.lookup_codes(s, level="commune", era="legacy")
    assert legacy["full_name"][0] == "Phường Trúc Bạch"


def test_convert_codes() -> None:
    out = vnp.convert_codes(pd.Series(["26743", "09619", None]))
    assert out.loc[0, "current_code"] == "26743"
    assert not out.loc[0, "is_ambiguous"]
    assert out.loc[1, "is_ambiguous"]
    assert pd.isna(out.loc[1, "current_code"])
    assert len(out.loc[1, "candidate_codes"].split(",")) > 1
    assert out.loc[1, "current_province_code"] == "01"
    assert out.iloc[2].isna().all()
    assert list(out.columns) == list(vnp.meta(vnp.convert_codes).columns)


def test_parse_addresses() -> None:
    s = pd.Series(
        ["12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM", "Phường Bến Thành, TP Hồ Chí Minh", "??", None]
    )
    out = vnp.parse_addresses(s)
    assert list(out.columns) == list(vnp.PARSE_COLUMNS)
    assert out["commune_code"].tolist() == ["26740", "26743", pd.NA, pd.NA]
    assert out["era"].tolist() == ["legacy", "current", pd.NA, pd.NA]
    assert out.loc[0, "street"] == "12 Lê Lợi"
    assert out.loc[0, "district_name"] == "Quận 1"
    assert pd.isna(out.loc[1, "district_code"])
    assert out["error"].isna().tolist() == [True, True, False, True]
    assert out.loc[2, "error"] == "cannot resolve address '??': no administrative unit found"
    assert str(out["confidence"].dtype) == "float64"
    with pytest.raises(vn_units.AddressParseError):
        vnp.parse_addresses(s, errors="raise")
    assert vnp.parse_addresses(s[:2], errors="raise")["commune_code"].tolist() == [
        "26740",
        "26743",
    ]


def test_convert_addresses() -> None:
    s = pd.Series(["12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM", "Xã Hồng Hà, Đan Phượng, Hà Nội", "??"])
    out = vnp.convert_addresses(s)
    assert list(out.columns) == list(vnp.CONVERT_COLUMNS)
    assert out.loc[0, "address"] == "12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh"
    assert out.loc[1, "is_ambiguous"]
    assert pd.isna(out.loc[1, "commune_code"])
    assert out.loc[1, "province_code"] == "01"
    assert not pd.isna(out.loc[2, "error"])
    with pytest.raises(vn_units.AddressParseError):
        vnp.convert_addresses(s, errors="raise")


def test_dataframe_input_is_refused() -> None:
    with pytest.raises(TypeError, match="one column"):
        vnp.normalize_names(pd.DataFrame({"a": ["x"]}))  # type: ignore[arg-type]


def test_meta() -> None:
    assert str(vnp.meta(vnp.normalize_names).dtype) == "string"
    assert list(vnp.meta(vnp.parse_addresses).columns) == list(vnp.PARSE_COLUMNS)
    with pytest.raises(ValueError, match="no meta"):
        vnp.meta(len)


def test_friendly_error_without_pandas() -> None:
    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "from vn_units import pandas as vnp\n"
        "cols, rows = vnp.rows('provinces'); next(rows)\n"
        "try:\n    vnp.table('provinces')\n"
        "except ImportError as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == 'vn_units.pandas needs pandas: pip install "vn-units[pandas]"'
