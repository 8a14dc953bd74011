"""Options outside their documented values are typed errors (issue 20, item 9)."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

import pytest

import vn_units
from vn_units import InvalidArgumentError, VNUnitsError
from vn_units.address import convert_address, format_address, parse_address, resolve_address

TEXT = "Phường Bến Thành, TP HCM"


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: resolve_address(TEXT, level="bogus"), "level"),
        (lambda: resolve_address(TEXT, era="bogus"), "era"),
        (lambda: parse_address(TEXT, era="bogus"), "era"),
        (lambda: format_address(vn_units.communes["26743"], style="bogus"), "style"),
        (lambda: convert_address(TEXT, style="bogus"), "style"),
        (lambda: vn_units.search("Huế", level="bogus"), "level"),
        (lambda: vn_units.search("Huế", era="bogus"), "era"),
        (lambda: vn_units.search("Huế", limit=-1), "limit"),
        (lambda: vn_units.search("Huế", score_cutoff=500), "score_cutoff"),
        (lambda: vn_units.communes.search("Huế", limit=-5), "limit"),
    ],
)
def test_a_bad_option_is_a_typed_error(call: Callable[[], Any], name: str) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        call()
    err = info.value
    assert isinstance(err, VNUnitsError) and isinstance(err, ValueError)
    assert err.name == name
    assert str(err).startswith(f"{name} must be ")
    again = pickle.loads(pickle.dumps(err))
    assert (again.name, again.value, str(again)) == (err.name, err.value, str(err))


def test_the_documented_values_still_work() -> None:
    assert resolve_address(TEXT, level="province").province.code == "79"
    unit = vn_units.communes["26743"]
    assert format_address(unit, style="short") == "P.Bến Thành, TP.Hồ Chí Minh"
    english = convert_address(TEXT, style="english").addresses
    assert english == ("Ben Thanh Ward, Ho Chi Minh City",)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: vn_units.convert("123", level="bogus"), "level"),
        (lambda: _registry("now", "province"), "era"),
        (lambda: _registry("current", "district"), "level"),
    ],
)
def test_an_era_or_level_without_a_registry_is_a_typed_error(
    call: Callable[[], Any], name: str
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        call()
    assert info.value.name == name


def test_pandas_options_are_typed_errors() -> None:
    pd = pytest.importorskip("pandas")
    from vn_units import pandas as vnp

    with pytest.raises(InvalidArgumentError):
        vnp.lookup_codes(pd.Series([1]), level="district")  # current era: no districts
    with pytest.raises(InvalidArgumentError):
        vnp.parse_addresses(pd.Series(["x"]), errors="ignore")  # type: ignore[arg-type]


def _registry(era: str, level: str) -> Any:
    from vn_units._catalog import registry

    return registry(era, level)


def test_pandas_table_and_meta_of_unknown_things_are_typed_errors() -> None:
    from vn_units import pandas as vnp

    with pytest.raises(InvalidArgumentError, match="name must be 'provinces'"):
        vnp.rows("towns")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="function must be one of"):
        vnp.meta(print)


@pytest.mark.parametrize(
    "call",
    [
        lambda: vn_units.provinces[1.5],  # type: ignore[index]
        lambda: vn_units.provinces[None],  # type: ignore[index]
        lambda: vn_units.communes.find(42),  # type: ignore[arg-type]
        lambda: vn_units.search(None),  # type: ignore[arg-type]
        lambda: vn_units.parse_address(b"Ha Noi"),  # type: ignore[arg-type]
        lambda: vn_units.convert_address(7),  # type: ignore[arg-type]
    ],
    ids=["float-code", "none-code", "int-name", "none-query", "bytes-address", "int-address"],
)
def test_a_wrong_type_is_the_library_error_and_a_type_error(call: Any) -> None:
    """A wrong argument type is caught by ``except VNUnitsError`` and by ``except TypeError``,
    and the message names the type given."""
    with pytest.raises(vn_units.InvalidTypeError) as info:
        call()
    assert isinstance(info.value, vn_units.VNUnitsError)
    assert isinstance(info.value, TypeError)
    assert any(t in str(info.value) for t in ("float", "NoneType", "int", "bytes"))
