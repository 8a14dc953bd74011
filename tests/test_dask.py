"""The pandas column functions run per partition on Dask (a local, in-process cluster)."""

from __future__ import annotations

import pytest

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

from vn_units import pandas as vnp  # noqa: E402

ADDRESSES = [
    "12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM",
    "Bến Thành, HCM",
    "Xã Hồng Hà, Đan Phượng, Hà Nội",
    "xyz",
    None,
]


def frame() -> pd.DataFrame:
    return pd.DataFrame({"id": range(40), "addr": ADDRESSES * 8})


def test_map_partitions_on_a_local_cluster() -> None:
    df = frame()
    ddf = dd.from_pandas(df, npartitions=4)
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        lazy = ddf["addr"].map_partitions(
            vnp.convert_addresses, meta=vnp.meta(vnp.convert_addresses)
        )
        result = lazy.compute()
    expected = vnp.convert_addresses(df["addr"])
    pd.testing.assert_frame_equal(result.sort_index(), expected)
    assert list(result.columns) == ["current_" + c for c in vnp.CONVERT_COLUMNS]


def test_map_partitions_synchronous_parse_and_normalize() -> None:
    df = frame()
    ddf = dd.from_pandas(df, npartitions=3)
    parsed = ddf["addr"].map_partitions(vnp.parse_addresses, meta=vnp.meta(vnp.parse_addresses))
    keys = ddf["addr"].map_partitions(vnp.normalize_names, meta=vnp.meta(vnp.normalize_names))
    out = ddf.assign(key=keys).join(parsed).compute(scheduler="synchronous")
    assert out.loc[1, "commune_code"] == "26743"
    assert out.loc[0, "key"] == vnp.normalize_names(pd.Series([ADDRESSES[0]]))[0]
    assert out["commune_code"].isna().sum() == 16  # "xyz" and None rows
