"""The current era (from 2025-07-01): 34 provinces and 3,321 communes.

>>> from vn_units.current import provinces, communes
>>> len(provinces), len(communes)
(34, 3321)
>>> communes["00004"].full_name
'Phường Ba Đình'
"""

from __future__ import annotations

from typing import Any

from vn_units._registry import Registry
from vn_units.models import Commune, Province

__all__ = ["communes", "provinces"]


def _legacy_provinces() -> Registry[Any]:
    from vn_units import legacy

    return legacy.provinces


def _legacy_communes() -> Registry[Any]:
    from vn_units import legacy

    return legacy.communes


provinces: Registry[Province] = Registry(
    era="current",
    level="province",
    filename="provinces.json",
    model=lambda: Province,
    other_era=_legacy_provinces,
)
"""The 34 provinces of the current era."""

communes: Registry[Commune] = Registry(
    era="current",
    level="commune",
    filename="communes.json",
    model=lambda: Commune,
    parents={"province": ("province_code", lambda: provinces)},
    other_era=_legacy_communes,
)
"""The 3,321 communes (phường, xã, đặc khu) of the current era."""
