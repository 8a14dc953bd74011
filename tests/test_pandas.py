"""vn_units.pandas: tables, column functions (dedup, errors=, fixed columns), meta."""

from __future__ import annotations

import io
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
    assert out.loc[0, "district_full_name"] == "Quận 1"
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
    out = vnp.convert_addresses(s, prefix="")
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
    with pytest.raises(ValueError, match="function must be one of"):
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


# -- issue 20 ----------------------------------------------------------------------------------
def test_shared_tables_are_read_only() -> None:
    for mapping in (vnp.TABLES, vnp.TABLES["communes"], vnp.PARSE_COLUMNS, vnp.CONVERT_COLUMNS):
        with pytest.raises(TypeError):
            mapping["x"] = "string"  # type: ignore[index]
    assert "province_name" in vnp.TABLES["communes"]


def test_a_name_column_means_one_thing_everywhere() -> None:
    """``*_name`` is bare and ``*_full_name`` has the type, in every table and output."""
    registries = (
        vn_units.provinces, vn_units.communes, vn_units.legacy.provinces,
        vn_units.legacy.districts, vn_units.legacy.communes,
    )  # fmt: skip
    names = {u.name for r in registries for u in r}
    full_names = {u.full_name for r in registries for u in r}
    communes = vnp.table("communes")
    row = communes[communes["code"] == "26743"].iloc[0]
    assert (row["name"], row["province_name"]) == ("Bến Thành", "Hồ Chí Minh")
    assert row["province_full_name"] == "Thành phố Hồ Chí Minh"
    lineage = vnp.table("lineage")
    edge = lineage[lineage["legacy_code"] == "26743"].iloc[0]
    assert (edge["legacy_name"], edge["legacy_full_name"]) == ("Bến Thành", "Phường Bến Thành")
    assert edge["current_full_name"] == "Phường Bến Thành"
    parsed = vnp.parse_addresses(pd.Series(["P. Bến Nghé, Q.1, TP.HCM"]))
    converted = vnp.convert_addresses(pd.Series(["P. Bến Nghé, Q.1, TP.HCM"]))
    looked = vnp.lookup_codes(pd.Series(["79"]), level="province")
    frames = [communes, lineage, parsed, converted, looked, vnp.convert_codes(pd.Series([26743]))]
    for frame in frames:
        for column in frame.columns:
            values = set(frame[column].dropna().astype(str))
            if column.endswith("full_name"):
                assert values <= full_names, column
            elif column.endswith("_name") and column not in ("ascii_name", "english_name"):
                assert values <= names, column
            elif column == "name":
                assert values <= names
    # a merge on the province's full name matches across outputs
    merged = parsed.merge(communes, on="province_full_name")
    assert len(merged) == (communes["province_code"] == "79").sum()


def test_parse_addresses_says_the_era_and_today_s_province() -> None:
    s = pd.Series(["Thủ Dầu Một, Bình Dương", "P. Bến Nghé, Q.1, TP.HCM", "Bến Thành, HCM", "??"])
    out = vnp.parse_addresses(s)
    assert out["province_code"].tolist() == ["74", "79", "79", pd.NA]
    assert out["era"].tolist() == ["legacy", "legacy", "current", pd.NA]
    assert out["current_province_code"].tolist() == ["79", "79", "79", pd.NA]
    assert out.groupby("current_province_code").size().to_dict() == {"79": 3}
    assert out["confidence"].iloc[:3].gt(0.5).all()


def test_lookup_names_turns_names_into_codes() -> None:
    s = pd.Series(["TP.HCM", "Hà Nội", "tphcm", "Sài Gòn", "79", None])
    out = vnp.lookup_names(s, level="province")
    assert out["code"].tolist() == ["79", "01", "79", "79", "79", pd.NA]
    assert list(out.columns) == list(vnp.meta(vnp.lookup_names).columns)
    with pytest.raises(vn_units.UnitNotFoundError, match="legacy province"):
        vnp.lookup_names(pd.Series(["Bình Dương"]), level="province")
    coerced = vnp.lookup_names(pd.Series(["Bình Dương", "Tân Phú", "Huế"]), level="province",
                               errors="coerce")
    assert coerced["code"].tolist() == [pd.NA, pd.NA, "46"]
    communes = vnp.lookup_names(pd.Series(["Tân Phú, Đồng Nai"]), level="commune")
    assert communes.loc[0, "province_code"] == "75"


def test_lookup_codes_of_provinces_fills_province_code() -> None:
    out = vnp.lookup_codes(pd.Series([79, "1"]), level="province")
    assert out["province_code"].tolist() == ["79", "01"]
    assert out["name"].tolist() == ["Hồ Chí Minh", "Hà Nội"]


@pytest.mark.parametrize("errors", ["raise", "coerce"])
def test_whole_float_codes_from_a_csv_with_blanks(errors: str) -> None:
    s = pd.read_csv(io.StringIO("code\n79\n\n1\n"), skip_blank_lines=False)["code"]
    assert str(s.dtype) == "float64"
    out = vnp.lookup_codes(s, level="province", errors=errors)  # type: ignore[arg-type]
    assert out["code"].tolist() == ["79", pd.NA, "01"]
    legacy = vnp.convert_codes(pd.Series([26743.0, float("nan")]), errors=errors)  # type: ignore[arg-type]
    assert legacy["current_code"].tolist() == ["26743", pd.NA]


def test_a_fractional_float_is_an_invalid_code() -> None:
    with pytest.raises(vn_units.InvalidCodeError, match="not a whole number"):
        vnp.lookup_codes(pd.Series([79.5]), level="province")
    coerced = vnp.lookup_codes(pd.Series([79.5]), level="province", errors="coerce")
    assert coerced["code"].isna().all()


def test_convert_addresses_joins_back_without_a_clash() -> None:
    df = pd.DataFrame({"address": ["12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM", "??"]})
    out = df.join(vnp.convert_addresses(df["address"]))
    assert list(out.columns) == ["address", *("current_" + c for c in vnp.CONVERT_COLUMNS)]
    assert out.loc[0, "current_commune_code"] == "26740"
    assert out.loc[0, "current_confidence"] > 0.9
    assert pd.isna(out.loc[0, "current_warnings"])
    assert out.loc[1, "current_error"] == "no administrative unit found"
    assert list(vnp.meta(vnp.convert_addresses).columns) == list(
        vnp.convert_addresses(df["address"]).columns
    )
    custom = vnp.convert_addresses(df["address"], prefix="new_")
    assert list(custom.columns) == list(vnp.meta(vnp.convert_addresses, prefix="new_").columns)
    assert pd.isna(out.loc[0, "current_warning_codes"])
    warned = vnp.convert_addresses(pd.Series(["12 Võ Văn Tần, Phường 6, Quận 3, TP HCM"]))
    assert "before 2025-06-30" in warned.loc[0, "current_warnings"]
    parsed = vn_units.parse_address("12 Võ Văn Tần, Phường 6, Quận 3, TP HCM")
    codes = ",".join(c.value for c in parsed.warning_codes)
    assert codes and warned.loc[0, "current_warning_codes"] == codes


def test_parse_addresses_carries_warning_codes() -> None:
    out = vnp.parse_addresses(pd.Series(["Phường Bến Thành, Quận 1", "Bến Thành, HCM"]))
    assert out["warning_codes"].tolist() == ["province-inferred", pd.NA]
    warning = vn_units.parse_address("Phường Bến Thành, Quận 1").warnings[0]
    assert out.loc[0, "warnings"] == str(warning)


def test_bad_errors_is_a_typed_error() -> None:
    with pytest.raises(vn_units.InvalidArgumentError):
        vnp.lookup_codes(pd.Series([79]), level="province", errors="ignore")  # type: ignore[arg-type]
