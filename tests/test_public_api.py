"""``__all__`` is the public surface, and every public callable documents an example."""

from __future__ import annotations

import inspect

import vn_units

EXPECTED = {
    "AddressConversion",
    "AddressParseError",
    "AddressWarning",
    "AmbiguousUnitError",
    "Commune",
    "ConversionResult",
    "DataError",
    "DateOutOfRangeError",
    "Era",
    "InvalidArgumentError",
    "InvalidCodeError",
    "InvalidTypeError",
    "LegacyCommune",
    "LegacyDistrict",
    "LegacyProvince",
    "Level",
    "LineageEdge",
    "Match",
    "ParsedAddress",
    "Province",
    "TypeChange",
    "Unit",
    "UnitNotFoundError",
    "UnitType",
    "VNUnitsError",
    "WarningCode",
    "__data_version__",
    "__version__",
    "communes",
    "convert",
    "convert_address",
    "data_info",
    "format_address",
    "history",
    "legacy",
    "normalize",
    "on",
    "parse_address",
    "provinces",
    "resolve_address",
    "search",
}


def test_all_is_the_public_surface() -> None:
    assert set(vn_units.__all__) == EXPECTED
    assert sorted(vn_units.__all__) == list(vn_units.__all__)


def test_public_functions_and_classes_show_an_example() -> None:
    missing = []
    for name in vn_units.__all__:
        obj = getattr(vn_units, name)
        if (inspect.isfunction(obj) or inspect.isclass(obj)) and not issubclass(
            obj if inspect.isclass(obj) else object, BaseException
        ):
            doc = inspect.getdoc(obj) or ""
            if ">>>" not in doc:
                missing.append(name)
    assert missing == []


def test_code_and_data_versions_are_separate() -> None:
    assert vn_units.__version__ == "0.1.0"
    assert vn_units.__data_version__ == vn_units.data_info()["data_version"]
