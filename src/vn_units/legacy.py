"""The legacy era (as of 2025-06-30): 63 provinces, 696 districts, 10,035 communes.

Codes are era-specific: ``legacy.communes["00004"]`` is Phường Trúc Bạch, while
``vn_units.communes["00004"]`` is the current Phường Ba Đình.

>>> from vn_units import legacy
>>> len(legacy.provinces), len(legacy.districts), len(legacy.communes)
(63, 696, 10035)
>>> legacy.communes["00004"].full_name
'Phường Trúc Bạch'
"""

from __future__ import annotations

from vn_units._catalog import registry
from vn_units._registry import Registry
from vn_units.models import LegacyCommune, LegacyDistrict, LegacyProvince

__all__ = ["communes", "districts", "provinces"]


provinces: Registry[LegacyProvince] = Registry(
    era="legacy",
    level="province",
    filename="legacy_provinces.json",
    model=lambda: LegacyProvince,
    other_era=lambda: registry("current", "province"),
)
"""The 63 provinces as of 2025-06-30."""

districts: Registry[LegacyDistrict] = Registry(
    era="legacy",
    level="district",
    filename="legacy_districts.json",
    model=lambda: LegacyDistrict,
    parents={"province": ("province_code", lambda: provinces)},
)
"""The 696 districts as of 2025-06-30 (the level was abolished on 2025-07-01)."""

communes: Registry[LegacyCommune] = Registry(
    era="legacy",
    level="commune",
    filename="legacy_communes.json",
    model=lambda: LegacyCommune,
    parents={
        "district": ("district_code", lambda: districts),
        "province": ("province_code", lambda: provinces),
    },
    other_era=lambda: registry("current", "commune"),
)
"""The 10,035 communes (phường, xã, thị trấn) as of 2025-06-30."""
