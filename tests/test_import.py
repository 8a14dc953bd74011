"""``import vn_units`` is cheap: no data read, no heavy dependency imported."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import builtins, io, json, sys
import importlib.resources as r
opened = []
real_open = io.open
def spy(file, *a, **k):
    opened.append(str(file))
    return real_open(file, *a, **k)
builtins.open = io.open = spy
import vn_units
heavy = [m for m in ("pydantic", "rapidfuzz", "unidecode") if m in sys.modules]
data = [f for f in opened if "_data" in f]
print(json.dumps({"heavy": heavy, "data": data, "version": vn_units.__version__}))
"""


def test_import_reads_no_data_and_imports_nothing_heavy() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
    ).stdout
    result = json.loads(out)
    assert result["heavy"] == []
    assert result["data"] == []
    assert result["version"]


def test_lazy_names_resolve() -> None:
    import vn_units

    for name in vn_units.__all__:
        assert getattr(vn_units, name) is not None
    assert "provinces" in dir(vn_units)


def test_unknown_attribute() -> None:
    import pytest

    import vn_units

    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        vn_units.nope  # noqa: B018


LOOKUPS = """
import sys
import vn_units
vn_units.communes["26743"].province.full_name
vn_units.legacy.communes["26734"].describe()
vn_units.convert("26734").one().types[0].valid_from
print(sorted(m for m in ("pydantic", "pydantic_core") if m in sys.modules))
d = vn_units.communes["26743"].model_dump(mode="json")
print(d["code"], "pydantic" in sys.modules)
"""


def test_lookups_and_conversion_import_no_pydantic_until_a_pydantic_feature_is_used() -> None:
    # the records are plain objects with pydantic's model API: pydantic is imported by
    # model_dump & co., not by loading or looking units up (docs/performance.md)
    out = subprocess.run(
        [sys.executable, "-c", LOOKUPS], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == ["[]", "26743 True"]
