"""vn-units: Vietnam's administrative units in both eras, as bundled data.

The current era (from 2025-07-01): 34 provinces and 3,321 communes. The legacy era (as of
2025-06-30): 63 provinces, 696 districts, 10,035 communes. The lineage between them, name
normalisation, lookup, fuzzy search and conversion. No network, no server, no database.

>>> import vn_units
>>> vn_units.provinces["79"].full_name
'Thành phố Hồ Chí Minh'
>>> vn_units.communes.find("Bến Thành", within="79").code
'26743'
>>> vn_units.legacy.provinces["80"].full_name, vn_units.provinces["80"].full_name
('Tỉnh Long An', 'Tỉnh Tây Ninh')

``import vn_units`` reads no data and imports neither pydantic, rapidfuzz nor unidecode: the
names below are loaded on first access, and each table is read once, on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from vn_units._errors import (
    AddressParseError,
    AmbiguousUnitError,
    DataError,
    DateOutOfRangeError,
    InvalidArgumentError,
    InvalidCodeError,
    InvalidTypeError,
    UnitNotFoundError,
    VNUnitsError,
)
from vn_units._version import __version__

if TYPE_CHECKING:
    __data_version__: str  # the bundled data's version, read on first access
    from vn_units import history, legacy
    from vn_units._info import data_info
    from vn_units._search import Match, search
    from vn_units._types import Era, Level, TypeChange, UnitType
    from vn_units.address import (
        AddressConversion,
        AddressWarning,
        ParsedAddress,
        WarningCode,
        convert_address,
        format_address,
        parse_address,
        resolve_address,
    )
    from vn_units.current import communes, provinces
    from vn_units.history import on
    from vn_units.lineage import ConversionResult, LineageEdge, convert
    from vn_units.models import (
        Commune,
        LegacyCommune,
        LegacyDistrict,
        LegacyProvince,
        Province,
        Unit,
    )
    from vn_units.text import normalize

__all__ = [
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
]

# name -> module that defines it; imported on first access (PEP 562)
_LAZY: dict[str, str] = {
    "provinces": "vn_units.current",
    "communes": "vn_units.current",
    "legacy": "vn_units.legacy",
    "history": "vn_units.history",
    "on": "vn_units.history",
    "Province": "vn_units.models",
    "Commune": "vn_units.models",
    "LegacyProvince": "vn_units.models",
    "LegacyDistrict": "vn_units.models",
    "LegacyCommune": "vn_units.models",
    "Unit": "vn_units.models",
    "UnitType": "vn_units._types",
    "TypeChange": "vn_units._types",
    "Era": "vn_units._types",
    "Level": "vn_units._types",
    "LineageEdge": "vn_units.lineage",
    "ConversionResult": "vn_units.lineage",
    "convert": "vn_units.lineage",
    "Match": "vn_units._search",
    "search": "vn_units._search",
    "normalize": "vn_units.text",
    "data_info": "vn_units._info",
    "parse_address": "vn_units.address",
    "resolve_address": "vn_units.address",
    "convert_address": "vn_units.address",
    "format_address": "vn_units.address",
    "ParsedAddress": "vn_units.address",
    "AddressConversion": "vn_units.address",
    "AddressWarning": "vn_units.address",
    "WarningCode": "vn_units.address",
}


def __getattr__(name: str) -> Any:
    if name == "__data_version__":  # read from MANIFEST.json on first access, not at import
        from vn_units._info import data_info

        return data_info()["data_version"]
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'vn_units' has no attribute {name!r}")
    if name in ("legacy", "history"):
        value: Any = importlib.import_module(module)
    else:
        value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
