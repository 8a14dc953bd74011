"""The current era (from 2025-07-01): 34 provinces and 3,321 communes.

>>> from vn_units.current import provinces, communes
>>> len(provinces), len(communes)
(34, 3321)
>>> communes["00004"].full_name
'Phường Ba Đình'
"""

from __future__ import annotations

from vn_units._catalog import registry
from vn_units._registry import Registry
from vn_units.models import Commune, Province

__all__ = ["communes", "provinces"]


provinces: Registry[Province] = Registry(
    era="current",
    level="province",
    filename="provinces.json",
    model=lambda: Province,
    other_era=lambda: registry("legacy", "province"),
)
"""The 34 provinces of the current era."""

communes: Registry[Commune] = Registry(
    era="current",
    level="commune",
    filename="communes.json",
    model=lambda: Commune,
    parents={"province": ("province_code", lambda: provinces)},
    other_era=lambda: registry("legacy", "commune"),
)
"""The 3,321 communes (phường, xã, đặc khu) of the current era."""
