"""pandas integration (the optional extra: ``pip install "vn-units[pandas]"``).

Every bundled table as a DataFrame, and column functions that take a Series and return a
Series or DataFrame with the same index and fixed, documented columns:

* :func:`table` -- ``"provinces"``, ``"communes"``, ``"legacy_provinces"``,
  ``"legacy_districts"``, ``"legacy_communes"``, ``"lineage"``; codes as ``string`` dtype.
* :func:`normalize_names` -- matching keys (:func:`vn_units.normalize`).
* :func:`lookup_codes` -- codes as typed in a spreadsheet (``1``, ``"79"``, ``79.0``) to units.
* :func:`lookup_names` -- names as people write them ("TP.HCM", "tphcm") to codes.
* :func:`convert_codes` -- legacy codes to the current units they went into.
* :func:`parse_addresses`, :func:`convert_addresses` -- free-text addresses.

The column functions work on the distinct values only (``factorize`` → work once per value →
``take`` back), so a column of a million rows with a hundred thousand distinct values costs a
hundred thousand calls. ``errors="raise"`` (the default for codes) re-raises the library's own
error for the first bad value; ``errors="coerce"`` leaves that row's outputs missing
(``<NA>``). Missing inputs always give missing outputs. Each function has an empty frame of
its columns, :func:`meta`, for ``dask.dataframe`` ``map_partitions`` (see ``docs/pandas.md``).

Column names mean one thing everywhere: ``name`` and ``*_name`` are bare names ("Bến Thành"),
``full_name`` and ``*_full_name`` have the type ("Phường Bến Thành"). :data:`TABLES`,
:data:`PARSE_COLUMNS` and :data:`CONVERT_COLUMNS` are read-only mappings.

pandas is imported on first use, so ``import vn_units.pandas`` works (and :func:`rows` can
serve the command line) without it.

>>> import pandas as pd
>>> from vn_units import pandas as vnp
>>> vnp.lookup_codes(pd.Series([79, "1", None]), level="province")
   code         name              full_name province_code
0    79  Hồ Chí Minh  Thành phố Hồ Chí Minh            79
1    01       Hà Nội       Thành phố Hà Nội            01
2  <NA>         <NA>                   <NA>          <NA>
"""

from __future__ import annotations

import importlib
import numbers
from collections.abc import Callable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from vn_units._errors import InvalidTypeError

# ``import pandas`` below is an absolute import (Python 3 has no implicit relative imports), so
# this module, vn_units/pandas.py, never shadows the real pandas package.

if TYPE_CHECKING:
    import pandas as pd

    from vn_units._registry import Registry
    from vn_units.models import Unit

__all__ = [
    "CONVERT_COLUMNS",
    "CONVERT_PREFIX",
    "PARSE_COLUMNS",
    "TABLES",
    "convert_addresses",
    "convert_codes",
    "convert_row",
    "lookup_codes",
    "lookup_names",
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

def _frozen(columns: dict[str, str]) -> Mapping[str, str]:
    return MappingProxyType(columns)


TABLES: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "provinces": _frozen({**dict.fromkeys(_UNIT, "string"), "legacy_codes": "string"}),
    "communes": _frozen({
        **dict.fromkeys(_UNIT, "string"),
        "province_code": "string",
        "province_name": "string",
        "province_full_name": "string",
        "area_km2": "float64",
        "latitude": "float64",
        "longitude": "float64",
    }),
    "legacy_provinces": _frozen(dict.fromkeys(_UNIT, "string")),
    "legacy_districts": _frozen({
        **dict.fromkeys(_UNIT, "string"),
        "province_code": "string",
        "province_name": "string",
        "province_full_name": "string",
    }),
    "legacy_communes": _frozen({
        **dict.fromkeys(_UNIT, "string"),
        "district_code": "string",
        "district_name": "string",
        "district_full_name": "string",
        "province_code": "string",
        "province_name": "string",
        "province_full_name": "string",
    }),
    "lineage": _frozen({
        "legacy_level": "string",
        "legacy_code": "string",
        "legacy_name": "string",
        "legacy_full_name": "string",
        "current_level": "string",
        "current_code": "string",
        "current_name": "string",
        "current_full_name": "string",
        "kind": "string",
        "document": "string",
        "effective_date": "string",
    }),
})
"""Each table's columns and their pandas dtypes (read-only). ``legacy_codes`` joins codes with
``","``; ``name`` and ``*_name`` are bare names ("Bến Thành"), ``full_name`` and
``*_full_name`` have the type ("Phường Bến Thành"); ``type`` is the type today.
``area_km2`` of a current commune is the area the administrative reference map states;
``latitude`` and ``longitude`` are a point inside the commune (see ``vn_units.geo``)."""


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
    from vn_units._errors import check_choice

    check_choice("name", name, tuple(TABLES))
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
                c.province.full_name,
                c.area_km2,
                c.latitude,
                c.longitude,
            )
    elif name == "legacy_provinces":
        for p in _registry("legacy", "province"):
            yield _unit_row(p)
    elif name == "legacy_districts":
        for d in _registry("legacy", "district"):
            yield (*_unit_row(d), d.province_code, d.province.name, d.province.full_name)
    elif name == "legacy_communes":
        for c in _registry("legacy", "commune"):
            yield (
                *_unit_row(c),
                c.district_code,
                c.district.name,
                c.district.full_name,
                c.province_code,
                c.province.name,
                c.province.full_name,
            )
    else:
        from vn_units.lineage import edges

        for e in edges():
            yield (
                e.legacy_level,
                e.legacy_code,
                e.legacy_unit.name,
                e.legacy_unit.full_name,
                e.current_level,
                e.current_code,
                e.current_unit.name,
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
    typed: pd.DataFrame = frame.astype(dict(TABLES[name]))
    return typed


# -- the column engine -------------------------------------------------------------------------
def _series(values: Any) -> Any:
    pdm = _pd()
    if isinstance(values, pdm.Series):
        return values
    if isinstance(values, pdm.DataFrame):
        raise InvalidTypeError("pass one column (a Series), e.g. df['address'], not a DataFrame")
    return pdm.Series(values)


def _map_unique(
    values: Any,
    work: Callable[[Any], Sequence[Any]],
    columns: Mapping[str, str],
    errors: Errors,
    prefix: str = "",
) -> Any:
    """Apply ``work`` once per distinct non-missing value and spread the results back."""
    from vn_units._errors import check_choice

    check_choice("errors", errors, ("raise", "coerce"))
    if not isinstance(prefix, str):
        raise InvalidTypeError(f"prefix must be a str, not {type(prefix).__name__}")
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
        data[prefix + column] = array.take(codes)
    return pdm.DataFrame(data, index=series.index)


def _normalizer() -> Callable[[str], str]:
    # The one import of the normaliser in this module (its module is about to be renamed).
    from vn_units.text import normalize

    return normalize


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidTypeError(f"expected text, got {type(value).__name__} ({value!r})")
    return value


_NORMALIZE_COLUMNS = MappingProxyType({"normalized": "string"})


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


_LOOKUP_COLUMNS = MappingProxyType(
    {"code": "string", "name": "string", "full_name": "string", "province_code": "string"}
)


def _as_code(value: Any, level: str) -> Any:
    """A code from a cell: a whole float (``79.0``, from a CSV column with blanks) is its int."""
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        number = float(value)
        if not number.is_integer():
            from vn_units._errors import InvalidCodeError

            raise InvalidCodeError(value, level, "not a whole number")
        return int(number)
    return value


def _lookup_row(unit: Unit) -> tuple[Any, ...]:
    province = unit.code if unit.level == "province" else getattr(unit, "province_code", None)
    return (unit.code, unit.name, unit.full_name, province)


def lookup_codes(
    values: pd.Series[Any] | Sequence[Any],
    *,
    level: Literal["province", "district", "commune"],
    era: Literal["current", "legacy"] = "current",
    errors: Errors = "raise",
) -> pd.DataFrame:
    """Look codes up (``1``, ``"01"``, ``" 79 "``, ``79.0`` -- spreadsheets drop zeros, and a
    number column with blanks is float) in one era and level. Columns: ``code``
    (zero-padded), ``name``, ``full_name``, ``province_code`` (the province's own code for
    provinces). ``errors="raise"`` re-raises :class:`~vn_units.UnitNotFoundError` /
    :class:`~vn_units.InvalidCodeError` for the first bad code.

    >>> import pandas as pd
    >>> lookup_codes(pd.Series(["26743", 4]), level="commune")["full_name"].tolist()
    ['Phường Bến Thành', 'Phường Ba Đình']
    >>> lookup_codes(pd.Series([79.0, None]), level="province")["code"].tolist()
    ['79', <NA>]
    """
    registry = _registry(era, level)

    def work(value: Any) -> tuple[Any, ...]:
        return _lookup_row(registry[_as_code(value, level)])

    result: pd.DataFrame = _map_unique(values, work, _LOOKUP_COLUMNS, errors)
    return result


def lookup_names(
    values: pd.Series[Any] | Sequence[Any],
    *,
    level: Literal["province", "district", "commune"],
    era: Literal["current", "legacy"] = "current",
    errors: Errors = "raise",
) -> pd.DataFrame:
    """Look names up as people write them ("TP.HCM", "Hà Nội", "tphcm", "Tân Phú, Đồng Nai"),
    or codes, as ``registry.lookup`` does. Columns: those of :func:`lookup_codes`.
    ``errors="raise"`` re-raises :class:`~vn_units.UnitNotFoundError` (a legacy name says what
    it became) or :class:`~vn_units.AmbiguousUnitError` (a name several units have) for the
    first value that names no single unit; ``"coerce"`` leaves its row missing.

    >>> import pandas as pd
    >>> names = pd.Series(["TP.HCM", "Hà Nội", "tphcm", None])
    >>> lookup_names(names, level="province")["code"].tolist()
    ['79', '01', '79', <NA>]
    """
    registry = _registry(era, level)

    def work(value: Any) -> tuple[Any, ...]:
        return _lookup_row(registry.lookup(_as_code(value, level)))

    result: pd.DataFrame = _map_unique(values, work, _LOOKUP_COLUMNS, errors)
    return result


_CONVERT_CODE_COLUMNS = MappingProxyType({
    "current_code": "string",
    "current_full_name": "string",
    "current_province_code": "string",
    "is_ambiguous": "boolean",
    "candidate_codes": "string",
})


def convert_codes(
    values: pd.Series[Any] | Sequence[Any],
    *,
    level: Literal["province", "district", "commune"] = "commune",
    errors: Errors = "raise",
) -> pd.DataFrame:
    """Convert legacy codes to the current units they went into (:func:`vn_units.convert`).

    Columns: ``current_code`` and ``current_full_name`` (``<NA>`` when the legacy unit was split,
    since choosing would be a guess), ``current_province_code`` (always known: every legacy
    province went wholly into one), ``is_ambiguous``, ``candidate_codes`` (every candidate,
    joined by ``","``).
    """
    from vn_units.lineage import convert

    registry = _registry("legacy", level)

    def work(value: Any) -> tuple[Any, ...]:
        result = convert(registry[_as_code(value, level)])
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
PARSE_COLUMNS: Mapping[str, str] = MappingProxyType({
    "street": "string",
    "commune_code": "string",
    "commune_full_name": "string",
    "district_code": "string",
    "district_full_name": "string",
    "province_code": "string",
    "province_full_name": "string",
    "era": "string",
    "current_province_code": "string",
    "confidence": "float64",
    "is_ambiguous": "boolean",
    "warning_codes": "string",
    "error": "string",
    "warnings": "string",
})
"""Columns of :func:`parse_addresses` (and of ``vn-units parse --column``), read-only.
``*_full_name`` are full names ("Phường Bến Thành"); ``district_*`` is filled for legacy
addresses only; ``era`` is the era the codes of the row belong to (legacy codes are not current
ones: legacy 80 is Long An, current 80 Tây Ninh); ``current_province_code`` is the province
today for either era, so a ``groupby`` works across eras; ``confidence`` is 0-1;
``is_ambiguous`` is true when another reading fits as well (the row shows the first of them,
``warning_codes`` has ``tie`` and ``error`` lists the units that tie); ``warning_codes`` are
the codes (:class:`~vn_units.WarningCode` values, ``","``-joined) of
what the reading guessed or ignored, to filter on, and ``warnings`` their messages
(``"; "``-joined); ``error`` is missing when the address resolves to one commune, else why
not (as :func:`~vn_units.address.resolve_address` says)."""

CONVERT_COLUMNS: Mapping[str, str] = MappingProxyType({
    "address": "string",
    "commune_code": "string",
    "commune_full_name": "string",
    "province_code": "string",
    "province_full_name": "string",
    "is_ambiguous": "boolean",
    "candidate_codes": "string",
    "source_era": "string",
    "confidence": "float64",
    "warning_codes": "string",
    "error": "string",
    "warnings": "string",
})
"""Columns of :func:`convert_addresses` (and of ``vn-units convert --column``), read-only,
before the prefix (``"current_"`` by default: ``current_address``, ``current_commune_code``,
...): the address in the current structure and its commune, or -- when the legacy commune was
split, or the address reads several ways equally well (``warning_codes`` has ``tie``: "Ba Vì,
Hà Nội" is Xã Ba Vì or the legacy Huyện Ba Vì) -- ``is_ambiguous`` true, ``candidate_codes``
listing the candidates of every tying reading (joined by ``","``) and ``address``/``commune_*``
missing. ``province_*`` is filled whenever the province is known;
``source_era`` is the era the input was read in; ``confidence`` (0-1), ``warning_codes`` and
``warnings`` are those of the reading (as in :data:`PARSE_COLUMNS`); ``error`` says why no
commune was found."""

_CONVERT_ERROR = list(CONVERT_COLUMNS).index("error")

CONVERT_PREFIX = "current_"
"""The default ``prefix`` of :func:`convert_addresses`' columns, so that joining them back to
the input never collides with an input column named ``address``."""


def _address() -> Any:
    # The one import of the address module.
    return importlib.import_module("vn_units.address")


def _code(unit: Unit | None) -> str | None:
    return None if unit is None else unit.code


def _full(unit: Unit | None) -> str | None:
    return None if unit is None else unit.full_name


def _current_province(unit: Unit | None) -> str | None:
    """The code today of a province of either era (each legacy province went whole into one)."""
    if unit is None:
        return None
    if unit.era == "current":
        return unit.code
    from vn_units.lineage import convert

    return convert(unit).province.code


def _warnings(parsed: Any) -> str | None:
    return "; ".join(parsed.warnings) or None


def _warning_codes(parsed: Any) -> str | None:
    return ",".join(code.value for code in parsed.warning_codes) or None


def parse_row(text: str) -> tuple[Any, ...]:
    """One address as a row of :data:`PARSE_COLUMNS` (the best-effort parse; never raises on
    a ``str``). :func:`parse_addresses` and ``vn-units parse`` use it.

    >>> row = dict(zip(PARSE_COLUMNS, parse_row("12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM")))
    >>> row["district_full_name"], row["era"], row["current_province_code"]
    ('Quận 1', 'legacy', '79')
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
        _current_province(parsed.province),
        parsed.confidence,
        parsed.is_ambiguous,
        _warning_codes(parsed),
        error,
        _warnings(parsed),
    )


def _parse_strict(text: Any) -> tuple[Any, ...]:
    _address().resolve_address(_text(text))  # raises for the caller's errors="raise"
    return parse_row(text)


def parse_addresses(
    values: pd.Series[Any] | Sequence[Any], *, errors: Errors = "coerce", prefix: str = ""
) -> pd.DataFrame:
    """Parse a column of free-text addresses (:func:`~vn_units.address.parse_address`), once
    per distinct address. Columns: :data:`PARSE_COLUMNS`, each after ``prefix``.

    With ``errors="coerce"`` (the default) every address gets its best-effort parse and
    ``error`` says why it did not resolve to one commune; with ``errors="raise"`` the first
    such address raises :class:`~vn_units.AddressParseError` or
    :class:`~vn_units.AmbiguousUnitError`. The codes of a row are of the era in ``era``;
    ``current_province_code`` is today's province of either era, for a ``groupby``.

    >>> import pandas as pd
    >>> out = parse_addresses(pd.Series(["P. Bến Nghé, Q.1, TP.HCM", "Thủ Dầu Một, Bình Dương",
    ...                                  "Bến Thành, HCM", None]))
    >>> out[["province_code", "era", "current_province_code"]].values.tolist()
    [['79', 'legacy', '79'], ['74', 'legacy', '79'], ['79', 'current', '79'], [<NA>, <NA>, <NA>]]
    >>> parse_addresses(pd.Series(["xyz"]))["error"].tolist()
    ["cannot resolve address 'xyz': no administrative unit found"]
    """
    work = parse_row if errors == "coerce" else _parse_strict
    result: pd.DataFrame = _map_unique(values, work, PARSE_COLUMNS, errors, prefix)
    return result


def convert_row(text: str) -> tuple[Any, ...]:
    """One address converted to the current structure, as a row of :data:`CONVERT_COLUMNS`
    (never raises on a ``str``). :func:`convert_addresses` and ``vn-units convert`` use it.

    >>> dict(zip(CONVERT_COLUMNS, convert_row("P. Bến Nghé, Q.1, TP.HCM")))["commune_full_name"]
    'Phường Sài Gòn'
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
        parsed.confidence,
        _warning_codes(parsed),
        error,
        _warnings(parsed),
    )


def _convert_strict(text: Any) -> tuple[Any, ...]:
    row = convert_row(text)
    error = row[_CONVERT_ERROR]
    if error is not None:
        from vn_units._errors import AddressParseError

        raise AddressParseError(text, error)
    return row


def convert_addresses(
    values: pd.Series[Any] | Sequence[Any],
    *,
    errors: Errors = "coerce",
    prefix: str = CONVERT_PREFIX,
) -> pd.DataFrame:
    """Convert a column of legacy addresses to the current structure
    (:func:`~vn_units.address.convert_address`), once per distinct address. Columns:
    :data:`CONVERT_COLUMNS`, each after ``prefix`` (``"current_"``: ``current_address``,
    ``current_commune_code``, ...), so ``df.join(convert_addresses(df["address"]))`` works;
    ``prefix=""`` gives the bare names. A split commune is not an error: ``is_ambiguous`` is
    true and ``candidate_codes`` lists the candidates. ``errors="raise"`` raises
    :class:`~vn_units.AddressParseError` for the first address without a commune.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"address": ["12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM"]})
    >>> out = df.join(convert_addresses(df["address"]))
    >>> out.loc[0, "current_address"], out.loc[0, "current_commune_code"]
    ('12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh', '26740')
    >>> bool(out.loc[0, "current_is_ambiguous"]), bool(out.loc[0, "current_confidence"] > 0.9)
    (False, True)
    """
    work = convert_row if errors == "coerce" else _convert_strict
    result: pd.DataFrame = _map_unique(values, work, CONVERT_COLUMNS, errors, prefix)
    return result


# -- dask support ------------------------------------------------------------------------------
_META: dict[str, Mapping[str, str]] = {
    "normalize_names": _NORMALIZE_COLUMNS,
    "lookup_codes": _LOOKUP_COLUMNS,
    "lookup_names": _LOOKUP_COLUMNS,
    "convert_codes": _CONVERT_CODE_COLUMNS,
    "parse_addresses": PARSE_COLUMNS,
    "convert_addresses": CONVERT_COLUMNS,
}


def meta(function: Callable[..., Any], *, prefix: str | None = None) -> Any:
    """An empty DataFrame (or Series, for :func:`normalize_names`) with the columns and dtypes
    ``function`` returns: the ``meta=`` that ``dask.dataframe`` ``map_partitions`` needs.
    ``prefix`` is the one given to the function (default: the function's own default).

    >>> meta(lookup_codes).dtypes.astype(str).to_dict()
    {'code': 'string', 'name': 'string', 'full_name': 'string', 'province_code': 'string'}
    >>> list(meta(convert_addresses).columns)[:2]
    ['current_address', 'current_commune_code']
    """
    name = getattr(function, "__name__", "")
    columns = _META.get(name)
    if columns is None or getattr(function, "__module__", None) != __name__:
        from vn_units._errors import InvalidArgumentError

        raise InvalidArgumentError(
            "function", function, "one of this module's column functions (" + ", ".join(_META) + ")"
        )
    if prefix is None:
        prefix = CONVERT_PREFIX if name == "convert_addresses" else ""
    elif name not in ("parse_addresses", "convert_addresses"):
        raise InvalidTypeError(f"{name} takes no prefix")
    pdm = _pd()
    frame = pdm.DataFrame({prefix + c: pdm.array([], dtype=d) for c, d in columns.items()})
    if name == "normalize_names":
        return frame["normalized"]
    return frame
