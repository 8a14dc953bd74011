"""pandas integration (the optional extra: ``pip install "vn-units[pandas]"``).

Every bundled table as a DataFrame, and column functions that take a Series and return a
Series or DataFrame with the same index and fixed, documented columns:

* :func:`table` -- ``"provinces"``, ``"communes"``, ``"legacy_provinces"``,
  ``"legacy_districts"``, ``"legacy_communes"``, ``"lineage"``; codes as ``string`` dtype.
* :func:`normalize_names` -- matching keys (:func:`vn_units.normalize`).
* :func:`lookup_codes` -- codes as typed in a spreadsheet (``1``, ``"79"``) to units.
* :func:`convert_codes` -- legacy codes to the current units they went into.
* :func:`parse_addresses`, :func:`convert_addresses` -- free-text addresses.

The column functions work on the distinct values only (``factorize`` → work once per value →
``take`` back), so a column of a million rows with a hundred thousand distinct values costs a
hundred thousand calls. ``errors="raise"`` (the default for codes) re-raises the library's own
error for the first bad value; ``errors="coerce"`` leaves that row's outputs missing
(``<NA>``). Missing inputs always give missing outputs. Each function has an empty frame of
its columns, :func:`meta`, for ``dask.dataframe`` ``map_partitions`` (see ``docs/pandas.md``).

pandas is imported on first use, so ``import vn_units.pandas`` works (and :func:`rows` can
serve the command line) without it.

>>> import pandas as pd
>>> from vn_units import pandas as vnp
>>> vnp.lookup_codes(pd.Series([79, "1", None]), level="province")
  code         full_name province_code
0   79  Thành phố Hồ Chí Minh          <NA>
1   01      Thành phố Hà Nội          <NA>
2 <NA>              <NA>          <NA>
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal

# ``import pandas`` below is an absolute import (Python 3 has no implicit relative imports), so
# this module, vn_units/pandas.py, never shadows the real pandas package.

if TYPE_CHECKING:
    import pandas as pd

    from vn_units._registry import Registry
    from vn_units.models import Unit

__all__ = [
    "CONVERT_COLUMNS",
    "PARSE_COLUMNS",
    "TABLES",
    "convert_addresses",
    "convert_codes",
    "convert_row",
    "lookup_codes",
    "meta",
    "normalize_names",
    "parse_addresses",
    "parse_row",
    "rows",
    "table",
]

Errors = Literal["raise", "coerce"]
TableName = Literal[
    "provinces", "communes", "legacy_provinces", "legacy_districts", "legacy_communes", "lineage"
]

_INSTALL_HINT = 'vn_units.pandas needs pandas: pip install "vn-units[pandas]"'


def _pd() -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError as exc:
        raise ImportError(_INSTALL_HINT) from exc


# -- the tables --------------------------------------------------------------------------------
_UNIT = ("code", "name", "full_name", "type", "ascii_name", "slug", "english_name")

TABLES: dict[str, dict[str, str]] = {
    "provinces": {**dict.fromkeys(_UNIT, "string"), "legacy_codes": "string"},
    "communes": {
        **dict.fromkeys(_UNIT, "string"),
        "province_code": "string",
        "province_name": "string",
        "area_km2": "float64",
        "latitude": "float64",
        "longitude": "float64",
    },
    "legacy_provinces": dict.fromkeys(_UNIT, "string"),
    "legacy_districts": {
        **dict.fromkeys(_UNIT, "string"),
        "province_code": "string",
        "province_name": "string",
    },
    "legacy_communes": {
        **dict.fromkeys(_UNIT, "string"),
        "district_code": "string",
        "district_name": "string",
        "province_code": "string",
        "province_name": "string",
    },
    "lineage": {
        "legacy_level": "string",
        "legacy_code": "string",
        "legacy_name": "string",
        "current_level": "string",
        "current_code": "string",
        "current_name": "string",
        "kind": "string",
        "document": "string",
        "effective_date": "string",
    },
}
"""Each table's columns and their pandas dtypes. ``legacy_codes`` joins codes with ``","``;
``name`` and ``*_name`` are bare names ("Bến Thành"), ``full_name`` has the type; ``type`` is
the type today. ``area_km2``, ``latitude`` and ``longitude`` of current communes are
approximate (the national mapping agency's merger map, via the vietnamadminunits package)."""


def _registry(era: str, level: str) -> Registry[Any]:
    from vn_units._catalog import registry

    return registry(era, level)


def _unit_row(u: Unit) -> tuple[Any, ...]:
    return (u.code, u.name, u.full_name, u.unit_type.value, u.ascii_name, u.slug, u.english_name)


def rows(name: TableName) -> tuple[tuple[str, ...], Iterator[tuple[Any, ...]]]:
    """The column names and an iterator of plain-Python rows of one table (needs no pandas;
    the ``vn-units export`` command writes these).

    >>> columns, it = rows("provinces")
    >>> columns[:3], next(it)[:3]
    (('code', 'name', 'full_name'), ('01', 'Hà Nội', 'Thành phố Hà Nội'))
    """
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}: choose one of {', '.join(TABLES)}")
    columns = tuple(TABLES[name])
    return columns, _rows(name)


def _rows(name: str) -> Iterator[tuple[Any, ...]]:
    if name == "provinces":
        for p in _registry("current", "province"):
            yield (*_unit_row(p), ",".join(p.legacy_codes))
    elif name == "communes":
        for c in _registry("current", "commune"):
            yield (
                *_unit_row(c),
                c.province_code,
                c.province.name,
                c.area_km2,
                c.latitude,
                c.longitude,
            )
    elif name == "legacy_provinces":
        for p in _registry("legacy", "province"):
            yield _unit_row(p)
    elif name == "legacy_districts":
        for d in _registry("legacy", "district"):
            yield (*_unit_row(d), d.province_code, d.province.name)
    elif name == "legacy_communes":
        for c in _registry("legacy", "commune"):
            yield (
                *_unit_row(c),
                c.district_code,
                c.district.name,
                c.province_code,
                c.province.name,
            )
    else:
        from vn_units.lineage import edges

        for e in edges():
            yield (
                e.legacy_level,
                e.legacy_code,
                e.legacy_unit.full_name,
                e.current_level,
                e.current_code,
                e.current_unit.full_name,
                e.kind,
                e.document,
                e.effective_date.isoformat(),
            )


def table(name: TableName) -> pd.DataFrame:
    """One bundled table as a new DataFrame (columns and dtypes: :data:`TABLES`).

    >>> df = table("communes")
    >>> len(df), str(df["code"].dtype), df.loc[0, "full_name"]
    (3321, 'string', 'Phường Ba Đình')
    """
    pdm = _pd()
    columns, it = rows(name)
    frame: pd.DataFrame = pdm.DataFrame.from_records(list(it), columns=list(columns))
    typed: pd.DataFrame = frame.astype(TABLES[name])
    return typed


# -- the column engine -------------------------------------------------------------------------
def _series(values: Any) -> Any:
    pdm = _pd()
    if isinstance(values, pdm.Series):
        return values
    if isinstance(values, pdm.DataFrame):
        raise TypeError("pass one column (a Series), e.g. df['address'], not a DataFrame")
    return pdm.Series(values)


def _map_unique(
    values: Any,
    work: Callable[[Any], Sequence[Any]],
    columns: dict[str, str],
    errors: Errors,
) -> Any:
    """Apply ``work`` once per distinct non-missing value and spread the results back."""
    if errors not in ("raise", "coerce"):
        raise ValueError(f"errors must be 'raise' or 'coerce', not {errors!r}")
    pdm = _pd()
    series = _series(values)
    codes, uniques = pdm.factorize(series, use_na_sentinel=True)
    blank: tuple[Any, ...] = (None,) * len(columns)
    results: list[Sequence[Any]] = []
    for value in uniques:
        if errors == "raise":
            results.append(work(value))
            continue
        try:
            results.append(work(value))
        except (LookupError, ValueError, TypeError):
            results.append(blank)
    results.append(blank)  # position -1: the missing inputs
    data = {}
    for j, (column, dtype) in enumerate(columns.items()):
        array = pdm.array([r[j] for r in results], dtype=dtype)
        data[column] = array.take(codes)
    return pdm.DataFrame(data, index=series.index)


def _normalizer() -> Callable[[str], str]:
    # The one import of the normaliser in this module (its module is about to be renamed).
    from vn_units.text import normalize

    return normalize


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__} ({value!r})")
    return value


_NORMALIZE_COLUMNS = {"normalized": "string"}


def normalize_names(values: pd.Series[Any] | Sequence[Any]) -> pd.Series[Any]:
    """The matching key of each name (lower-case ASCII, see :func:`vn_units.normalize`), as a
    ``string`` Series named ``"normalized"``; missing stays missing, non-text raises.

    >>> import pandas as pd
    >>> normalize_names(pd.Series(["Thành phố Hồ Chí Minh", "HÒA BÌNH", None])).tolist()
    ['thanh pho ho chi minh', 'hoa binh', <NA>]
    """
    normalize = _normalizer()
    frame = _map_unique(values, lambda v: (normalize(_text(v)),), _NORMALIZE_COLUMNS, "raise")
    result: pd.Series[Any] = frame["normalized"]
    return result


_LOOKUP_COLUMNS = {"code": "string", "full_name": "string", "province_code": "string"}


def lookup_codes(
    values: pd.Series[Any] | Sequence[Any],
    *,
    level: Literal["province", "district", "commune"],
    era: Literal["current", "legacy"] = "current",
    errors: Errors = "raise",
) -> pd.DataFrame:
    """Look codes up (``1``, ``"01"``, ``" 79 "`` -- spreadsheets drop zeros) in one era and
    level. Columns: ``code`` (zero-padded), ``full_name``, ``province_code`` (``<NA>`` for
    provinces). ``errors="raise"`` re-raises :class:`~vn_units.UnitNotFoundError` /
    :class:`~vn_units.InvalidCodeError` for the first bad code.

    >>> import pandas as pd
    >>> lookup_codes(pd.Series(["26743", 4]), level="commune")["full_name"].tolist()
    ['Phường Bến Thành', 'Phường Ba Đình']
    """
    registry = _registry(era, level)

    def work(value: Any) -> tuple[Any, ...]:
        unit = registry[value]
        return (unit.code, unit.full_name, getattr(unit, "province_code", None))

    result: pd.DataFrame = _map_unique(values, work, _LOOKUP_COLUMNS, errors)
    return result


_CONVERT_CODE_COLUMNS = {
    "current_code": "string",
    "current_name": "string",
    "current_province_code": "string",
    "is_ambiguous": "boolean",
    "candidate_codes": "string",
}


def convert_codes(
    values: pd.Series[Any] | Sequence[Any],
    *,
    level: Literal["province", "district", "commune"] = "commune",
    errors: Errors = "raise",
) -> pd.DataFrame:
    """Convert legacy codes to the current units they went into (:func:`vn_units.convert`).

    Columns: ``current_code`` and ``current_name`` (``<NA>`` when the legacy unit was split,
    since choosing would be a guess), ``current_province_code`` (always known: every legacy
    province went wholly into one), ``is_ambiguous``, ``candidate_codes`` (every candidate,
    joined by ``","``).
    """
    from vn_units.lineage import convert

    registry = _registry("legacy", level)

    def work(value: Any) -> tuple[Any, ...]:
        result = convert(registry[value])
        one = None if result.is_ambiguous or not result.candidates else result.candidates[0]
        return (
            None if one is None else one.code,
            None if one is None else one.full_name,
            result.province.code if result.candidates else None,
            result.is_ambiguous,
            ",".join(c.code for c in result.candidates),
        )

    result: pd.DataFrame = _map_unique(values, work, _CONVERT_CODE_COLUMNS, errors)
    return result


# -- addresses ---------------------------------------------------------------------------------
PARSE_COLUMNS: dict[str, str] = {
    "street": "string",
    "commune_code": "string",
    "commune_name": "string",
    "district_code": "string",
    "district_name": "string",
    "province_code": "string",
    "province_name": "string",
    "era": "string",
    "confidence": "float64",
    "error": "string",
}
"""Columns of :func:`parse_addresses` (and of ``vn-units parse --column``). ``*_name`` are full
names ("Phường Bến Thành"); ``district_*`` is filled for legacy addresses only; ``error`` is
missing when the address resolves to one commune, else why not (as
:func:`~vn_units.address.resolve_address` says)."""

CONVERT_COLUMNS: dict[str, str] = {
    "address": "string",
    "commune_code": "string",
    "commune_name": "string",
    "province_code": "string",
    "province_name": "string",
    "is_ambiguous": "boolean",
    "candidate_codes": "string",
    "source_era": "string",
    "error": "string",
}
"""Columns of :func:`convert_addresses` (and of ``vn-units convert --column``): the address
in the current structure and its commune, or -- when the legacy commune was split --
``is_ambiguous`` true, ``candidate_codes`` listing every candidate (joined by ``","``) and
``address``/``commune_*`` missing. ``province_*`` is filled whenever the province is known;
``source_era`` is the era the input was read in; ``error`` says why no commune was found."""


def _address() -> Any:
    # The one import of the address module.
    return importlib.import_module("vn_units.address")


def _code(unit: Unit | None) -> str | None:
    return None if unit is None else unit.code


def _full(unit: Unit | None) -> str | None:
    return None if unit is None else unit.full_name


def parse_row(text: str) -> tuple[Any, ...]:
    """One address as a row of :data:`PARSE_COLUMNS` (the best-effort parse; never raises on
    a ``str``). :func:`parse_addresses` and ``vn-units parse`` use it.

    >>> dict(zip(PARSE_COLUMNS, parse_row("12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM")))["district_name"]
    'Quận 1'
    """
    address = _address()
    parsed = address.parse_address(_text(text))
    try:
        address.resolve_address(parsed.text)
        error = None
    except (LookupError, ValueError) as exc:
        error = str(exc)
    return (
        parsed.street,
        _code(parsed.commune),
        _full(parsed.commune),
        _code(parsed.district),
        _full(parsed.district),
        _code(parsed.province),
        _full(parsed.province),
        parsed.era,
        parsed.confidence,
        error,
    )


def _parse_strict(text: Any) -> tuple[Any, ...]:
    _address().resolve_address(_text(text))  # raises for the caller's errors="raise"
    return parse_row(text)


def parse_addresses(
    values: pd.Series[Any] | Sequence[Any], *, errors: Errors = "coerce"
) -> pd.DataFrame:
    """Parse a column of free-text addresses (:func:`~vn_units.address.parse_address`), once
    per distinct address. Columns: :data:`PARSE_COLUMNS`.

    With ``errors="coerce"`` (the default) every address gets its best-effort parse and
    ``error`` says why it did not resolve to one commune; with ``errors="raise"`` the first
    such address raises :class:`~vn_units.AddressParseError` or
    :class:`~vn_units.AmbiguousUnitError`.

    >>> import pandas as pd
    >>> out = parse_addresses(pd.Series(["P. Bến Nghé, Q.1, TP.HCM", "Bến Thành, HCM", None]))
    >>> out["commune_code"].tolist(), out["era"].tolist()
    (['26740', '26743', <NA>], ['legacy', 'current', <NA>])
    >>> parse_addresses(pd.Series(["xyz"]))["error"].tolist()
    ["cannot resolve address 'xyz': no administrative unit found"]
    """
    work = parse_row if errors == "coerce" else _parse_strict
    result: pd.DataFrame = _map_unique(values, work, PARSE_COLUMNS, errors)
    return result


def convert_row(text: str) -> tuple[Any, ...]:
    """One address converted to the current structure, as a row of :data:`CONVERT_COLUMNS`
    (never raises on a ``str``). :func:`convert_addresses` and ``vn-units convert`` use it.
    """
    result = _address().convert_address(_text(text))
    parsed = result.parsed
    one = result.candidates[0] if len(result.candidates) == 1 else None
    if result.candidates:
        error = None
    elif parsed.era is None:
        error = parsed.warnings[0] if parsed.warnings else "no administrative unit found"
    else:
        error = "no commune found"
    return (
        result.addresses[0] if one is not None else None,
        _code(one),
        _full(one),
        _code(result.province),
        _full(result.province),
        result.is_ambiguous,
        ",".join(c.code for c in result.candidates),
        parsed.era,
        error,
    )


def _convert_strict(text: Any) -> tuple[Any, ...]:
    row = convert_row(text)
    if row[-1] is not None:
        from vn_units._errors import AddressParseError

        raise AddressParseError(text, row[-1])
    return row


def convert_addresses(
    values: pd.Series[Any] | Sequence[Any], *, errors: Errors = "coerce"
) -> pd.DataFrame:
    """Convert a column of legacy addresses to the current structure
    (:func:`~vn_units.address.convert_address`), once per distinct address. Columns:
    :data:`CONVERT_COLUMNS`. A split commune is not an error: ``is_ambiguous`` is true and
    ``candidate_codes`` lists the candidates. ``errors="raise"`` raises
    :class:`~vn_units.AddressParseError` for the first address without a commune.

    >>> import pandas as pd
    >>> out = convert_addresses(pd.Series(["12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM"]))
    >>> out.loc[0, "address"], out.loc[0, "commune_code"], bool(out.loc[0, "is_ambiguous"])
    ('12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh', '26740', False)
    """
    work = convert_row if errors == "coerce" else _convert_strict
    result: pd.DataFrame = _map_unique(values, work, CONVERT_COLUMNS, errors)
    return result


# -- dask support ------------------------------------------------------------------------------
_META: dict[str, dict[str, str]] = {
    "normalize_names": _NORMALIZE_COLUMNS,
    "lookup_codes": _LOOKUP_COLUMNS,
    "convert_codes": _CONVERT_CODE_COLUMNS,
    "parse_addresses": PARSE_COLUMNS,
    "convert_addresses": CONVERT_COLUMNS,
}


def meta(function: Callable[..., Any]) -> Any:
    """An empty DataFrame (or Series, for :func:`normalize_names`) with the columns and dtypes
    ``function`` returns: the ``meta=`` that ``dask.dataframe`` ``map_partitions`` needs.

    >>> meta(lookup_codes).dtypes.astype(str).to_dict()
    {'code': 'string', 'full_name': 'string', 'province_code': 'string'}
    """
    name = getattr(function, "__name__", "")
    columns = _META.get(name)
    if columns is None or getattr(function, "__module__", None) != __name__:
        raise ValueError(f"no meta for {function!r}: pass one of this module's column functions")
    pdm = _pd()
    frame = pdm.DataFrame({c: pdm.array([], dtype=d) for c, d in columns.items()})
    if name == "normalize_names":
        return frame["normalized"]
    return frame
