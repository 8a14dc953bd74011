"""Pydantic (and FastAPI) field types for unit codes of both eras.

Use a code type as a field and it accepts a code (``"79"``, ``"079"``, ``79``), checks that a
unit of that era and level has it, and gives back the zero-padded code as a ``str`` subclass
with a ``.unit`` property:

>>> from pydantic import BaseModel
>>> from vn_units.fields import CommuneCode, ProvinceCode
>>> class Shop(BaseModel):
...     province: ProvinceCode
...     commune: CommuneCode
>>> shop = Shop(province=79, commune="26743")
>>> shop.province, shop.commune.unit.full_name
('79', 'Phường Bến Thành')

Per-field options go in a :class:`UnitValidator` inside ``Annotated[...]``, so configuring one
field never changes another: ``accept_names=True`` also takes a name (resolved as
``registry.find`` does), annotating a record class (``Province``, ``Commune``, ...) gives the
record itself, and ``within="province"`` checks the unit lies in the unit of an earlier field
(and narrows name lookups to it):

>>> from typing import Annotated
>>> from vn_units import Commune
>>> from vn_units.fields import UnitValidator
>>> class Delivery(BaseModel):
...     province: Annotated[ProvinceCode, UnitValidator(accept_names=True)]
...     commune: Annotated[Commune, UnitValidator(accept_names=True, within="province")]
>>> d = Delivery(province="TP. Hồ Chí Minh", commune="phuong ben thanh")
>>> d.province, d.commune.code, d.model_dump()
('79', '26743', {'province': '79', 'commune': '26743'})

Failures are ``PydanticCustomError`` with stable types (see :data:`ERROR_TYPES`); FastAPI turns
them into a 422 response whose ``loc`` names the field:

>>> from pydantic import ValidationError
>>> try:
...     Shop(province="72", commune="26743")
... except ValidationError as exc:
...     err = exc.errors()[0]
>>> err["type"], err["loc"]
('vn_wrong_era', ('province',))
>>> print(err["msg"])
'72' is not a current province code: 72 is the legacy code of Tỉnh Tây Ninh [72] (legacy),
now part of Tỉnh Tây Ninh [80]; codes are era-specific

Records never come from arbitrary input: a dict is refused (``vn_invalid_code``) and a record
object is replaced by the registry's own record with its code, so a made-up ``Province(...)``
cannot pass. Serialisation always writes the code, so ``model_validate(model_dump())`` round
trips.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict
from pydantic_core import PydanticCustomError, core_schema

from vn_units._errors import (
    AmbiguousUnitError,
    DataError,
    InvalidCodeError,
    InvalidTypeError,
    UnitNotFoundError,
    shown,
)
from vn_units._registry import coerce_code
from vn_units._types import CODE_WIDTHS, LEVEL_BY_WIDTH, MAX_NAME_LENGTH
from vn_units.models import (
    Commune,
    LegacyCommune,
    LegacyDistrict,
    LegacyProvince,
    Province,
    Unit,
)

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationInfo
    from pydantic.json_schema import JsonSchemaValue

    from vn_units._registry import Registry
    from vn_units._types import Era, Level

__all__ = [
    "ERROR_TYPES",
    "AddressForm",
    "CommuneCode",
    "LegacyAddressForm",
    "LegacyCommuneCode",
    "LegacyDistrictCode",
    "LegacyProvinceCode",
    "ProvinceCode",
    "UnitValidator",
]

ERROR_TYPES: Mapping[str, str] = MappingProxyType({
    "vn_invalid_code": "not a code of the level (wrong length, not digits), not a str/int, "
    "or a name longer than any unit's (over 100 characters)",
    "vn_unit_not_found": "a well-formed code or a name that no unit of the era and level has",
    "vn_unit_ambiguous": "a name that several units have (narrow it with within=)",
    "vn_wrong_era": "a code, name or record of the other era",
    "vn_unit_not_in_parent": "a unit outside the unit of the within= field (e.g. a commune "
    "not in the province)",
})
"""The stable ``type`` of every error these field types raise, with its meaning (read-only)."""

_RECORDS: dict[type[Unit], tuple[Era, Level]] = {
    Province: ("current", "province"),
    Commune: ("current", "commune"),
    LegacyProvince: ("legacy", "province"),
    LegacyDistrict: ("legacy", "district"),
    LegacyCommune: ("legacy", "commune"),
}
_OTHER_ERA: dict[str, Era] = {"current": "legacy", "legacy": "current"}


def _registry(era: str, level: str) -> Registry[Any]:
    from vn_units._catalog import registry

    return registry(era, level)


# -- the code types ----------------------------------------------------------------------------
class _UnitCode(str):
    """A zero-padded code of one era and level, checked against the bundled data."""

    era: ClassVar[Era]
    level: ClassVar[Level]

    __slots__ = ()

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return _Spec(era=cls.era, level=cls.level, output=cls).core_schema()

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return _Spec(era=cls.era, level=cls.level, output=cls).json_schema(handler.mode)

    def _unit(self) -> Any:
        return _registry(self.era, self.level)[str(self)]


class ProvinceCode(_UnitCode):
    """The 2-digit code of a current province (34; from 2025-07-01).

    >>> from pydantic import TypeAdapter
    >>> code = TypeAdapter(ProvinceCode).validate_python("1")
    >>> code, code.unit.full_name
    ('01', 'Thành phố Hà Nội')
    """

    era: ClassVar[Era] = "current"
    level: ClassVar[Level] = "province"
    __slots__ = ()

    @property
    def unit(self) -> Province:
        """The province with this code."""
        unit: Province = self._unit()
        return unit


class CommuneCode(_UnitCode):
    """The 5-digit code of a current commune (3,321 phường, xã and đặc khu).

    >>> from pydantic import TypeAdapter
    >>> TypeAdapter(CommuneCode).validate_python(26743).unit.describe()
    'Phường Bến Thành [26743], Thành phố Hồ Chí Minh'
    """

    era: ClassVar[Era] = "current"
    level: ClassVar[Level] = "commune"
    __slots__ = ()

    @property
    def unit(self) -> Commune:
        """The commune with this code."""
        unit: Commune = self._unit()
        return unit


class LegacyProvinceCode(_UnitCode):
    """The 2-digit code of a legacy province (63; as of 2025-06-30).

    ``LegacyProvinceCode`` and :class:`ProvinceCode` never accept each other's codes: ``"80"``
    is Long An here and Tây Ninh there.
    """

    era: ClassVar[Era] = "legacy"
    level: ClassVar[Level] = "province"
    __slots__ = ()

    @property
    def unit(self) -> LegacyProvince:
        """The legacy province with this code."""
        unit: LegacyProvince = self._unit()
        return unit


class LegacyDistrictCode(_UnitCode):
    """The 3-digit code of a legacy district (696; the level ended on 2025-07-01)."""

    era: ClassVar[Era] = "legacy"
    level: ClassVar[Level] = "district"
    __slots__ = ()

    @property
    def unit(self) -> LegacyDistrict:
        """The legacy district with this code."""
        unit: LegacyDistrict = self._unit()
        return unit


class LegacyCommuneCode(_UnitCode):
    """The 5-digit code of a legacy commune (10,035; as of 2025-06-30)."""

    era: ClassVar[Era] = "legacy"
    level: ClassVar[Level] = "commune"
    __slots__ = ()

    @property
    def unit(self) -> LegacyCommune:
        """The legacy commune with this code."""
        unit: LegacyCommune = self._unit()
        return unit


_CODE_TYPES: dict[tuple[str, str], type[_UnitCode]] = {
    (t.era, t.level): t
    for t in (ProvinceCode, CommuneCode, LegacyProvinceCode, LegacyDistrictCode, LegacyCommuneCode)
}


# -- the per-field validator object ------------------------------------------------------------
@dataclass(frozen=True)
class UnitValidator:
    """Per-field options, used inside ``Annotated[...]``.

    The annotated type says what the field holds: a code type (:class:`ProvinceCode`, ...) or
    plain ``str`` gives the code, a record class (:class:`~vn_units.Province`, ...) gives the
    record. ``era`` and ``level`` come from that type; give them only with ``str``.

    * ``accept_names``: also take a name ("TP.HCM", "phuong ben thanh"), resolved like
      ``registry.find``; an ambiguous name fails with ``vn_unit_ambiguous``.
    * ``as_record``: ``None`` (the default) follows the annotation; ``True`` requires a record
      annotation and ``False`` a code annotation, so the static type never lies.
    * ``within``: the name of a field declared *earlier* in the model that holds the parent
      (a province, or for legacy communes a district or province). The unit must lie in it
      (``vn_unit_not_in_parent``), and names are looked up inside it first.

    >>> from typing import Annotated
    >>> from pydantic import TypeAdapter
    >>> TypeAdapter(Annotated[str, UnitValidator(level="province", accept_names=True)]
    ...     ).validate_python("Huế")
    '46'
    """

    era: Era | None = None
    level: Level | None = None
    accept_names: bool = False
    as_record: bool | None = None
    within: str | None = None

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return self._spec(source).core_schema()

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        spec = schema.get("metadata", {}).get("vn_units_spec")
        if not isinstance(spec, _Spec):  # pragma: no cover - another annotation wrapped it
            return handler(schema)
        return spec.json_schema(handler.mode)

    def _spec(self, source: Any) -> _Spec:
        era: Era | None
        level: Level | None
        output: type[Any]
        if isinstance(source, type) and issubclass(source, Unit) and source in _RECORDS:
            era, level = _RECORDS[source]
            output = source
            record = True
        elif isinstance(source, type) and issubclass(source, _UnitCode):
            era, level, output, record = source.era, source.level, source, False
        elif source is str:
            era, level, output, record = self.era or "current", self.level, str, False
            if level is None:
                raise InvalidTypeError("UnitValidator on a str field needs level=")
        else:
            raise InvalidTypeError(
                f"UnitValidator annotates a code type, str or a unit record class, not {source!r}"
            )
        if source is not str and (
            (self.era is not None and self.era != era)
            or (self.level is not None and self.level != level)
        ):
            raise InvalidTypeError(
                f"UnitValidator(era={self.era!r}, level={self.level!r}) contradicts the "
                f"annotated type {source.__name__} ({era} {level})"
            )
        if self.as_record is not None and self.as_record != record:
            raise InvalidTypeError(
                "as_record=True needs a record annotation (e.g. Annotated[Province, ...])"
                if self.as_record
                else "as_record=False needs a code annotation (e.g. Annotated[ProvinceCode, ...])"
            )
        if level == "district" and era != "legacy":
            raise InvalidTypeError("districts exist in the legacy era only: pass era='legacy'")
        return _Spec(
            era=era,
            level=level,
            output=output,
            accept_names=self.accept_names,
            within=self.within,
        )


# -- validation --------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Spec:
    era: Era
    level: Level
    output: type[Any]
    accept_names: bool = False
    within: str | None = None

    @property
    def _what(self) -> str:
        return f"{self.era} {self.level}"

    def core_schema(self) -> core_schema.CoreSchema:
        return core_schema.with_info_plain_validator_function(
            self.validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                _serialize, return_schema=core_schema.str_schema()
            ),
            metadata={"vn_units_spec": self},
        )

    def json_schema(self, mode: str) -> dict[str, Any]:
        width = CODE_WIDTHS[self.level]
        if self.accept_names and mode == "validation":
            return {
                "type": "string",
                "minLength": 1,
                "maxLength": MAX_NAME_LENGTH,
                "description": f"A {self._what}: its {width}-digit code or its name",
            }
        schema: dict[str, Any] = {
            "type": "string",
            "pattern": f"^\\d{{{width}}}$",
            "description": f"The {width}-digit code of a {self._what}",
        }
        if self.era == "current" and self.level == "province":
            schema["enum"] = [p.code for p in _registry("current", "province")]
        return schema

    # The validator: code or name (or record) -> the registry's record -> the output type.
    def validate(self, value: Any, info: ValidationInfo) -> Any:
        parent = self._parent(info)
        if isinstance(value, Unit):
            unit = self._from_record(value)
        elif isinstance(value, str) and self.accept_names and not _looks_like_code(value):
            unit = self._from_name(value, parent)
        elif isinstance(value, str) or _is_integer(value):
            unit = self._from_code(value)
        else:
            raise _error(
                "vn_invalid_code",
                f"a {self._what} code must be a string or an integer"
                + (" (or a name)" if self.accept_names else "")
                + f", not {type(value).__name__}",
                era=self.era,
                level=self.level,
            )
        if parent is not None:
            self._check_within(unit, parent)
        if self.output is str:
            return unit.code
        if issubclass(self.output, _UnitCode):
            return self.output(unit.code)
        return unit

    def _from_record(self, value: Unit) -> Any:
        if value.level != self.level:
            raise _error(
                "vn_invalid_code",
                f"expected a {self._what}, got the {value.era} {value.level} {value.describe()}",
                era=self.era,
                level=self.level,
            )
        if value.era != self.era:
            raise self._wrong_era(value.code, value)
        unit = _registry(self.era, self.level).get(value.code)
        if unit is None:
            raise _error(
                "vn_unit_not_found",
                f"no {self._what} has the code {value.code!r}",
                era=self.era,
                level=self.level,
                query=value.code,
                suggestions=[],
            )
        return unit

    def _from_code(self, value: object) -> Any:
        # the registry's own words: a field and provinces[...] say the same thing
        try:
            code = coerce_code(value, self.level)
        except InvalidCodeError as exc:
            raise _error(
                "vn_invalid_code",
                str(exc) + (" or a name" if self.accept_names else ""),
                era=self.era,
                level=self.level,
                query=_raw(value),
            ) from exc
        registry = _registry(self.era, self.level)
        try:
            return registry[code]
        except UnitNotFoundError as exc:
            other = self._other_era_get(code)
            if other is not None:
                raise self._wrong_era(code, other, exc.hint if exc.hint_first else "") from None
            raise self._not_found(value, exc) from None

    def _from_name(self, value: str, parent: Unit | None) -> Any:
        registry = _registry(self.era, self.level)
        if not value.strip():
            raise _error(
                "vn_invalid_code",
                f"an empty string is not a {self._what} code or name",
                era=self.era,
                level=self.level,
            )
        if len(value) > MAX_NAME_LENGTH:
            raise _error(
                "vn_invalid_code",
                f"{shown(value)} is not a {self._what} name: no name is longer than "
                f"{MAX_NAME_LENGTH} characters",
                era=self.era,
                level=self.level,
                query=value[:MAX_NAME_LENGTH],
            )
        within = parent if parent is not None and parent.level in _parent_levels(self) else None
        try:
            return registry.find(value, within=within)
        except AmbiguousUnitError as exc:
            raise _error(
                "vn_unit_ambiguous",
                f"{shown(value)} names {len(exc.candidates)} {self._what}s: "
                + "; ".join(c.describe() for c in exc.candidates[:10])
                + ("; ..." if len(exc.candidates) > 10 else ""),
                era=self.era,
                level=self.level,
                query=value,
                candidates=[c.code for c in exc.candidates],
            ) from None
        except UnitNotFoundError as exc:
            if within is not None:
                # Known elsewhere? Then the real problem is the parent, said precisely below.
                try:
                    found = registry.find(value)
                except LookupError:
                    found = None
                if found is not None:
                    return found
            other = self._other_era_find(value)
            if other is not None:
                raise self._wrong_era(value, other, exc.hint if exc.hint_first else "") from None
            raise self._not_found(value, exc) from None

    def _check_within(self, unit: Any, parent: Unit) -> None:
        attr = f"{parent.level}_code"
        if parent.level not in _parent_levels(self) or getattr(unit, attr, None) == parent.code:
            return
        actual = getattr(unit, parent.level, None)
        where = f"; it lies in {actual.describe()}" if isinstance(actual, Unit) else ""
        raise _error(
            "vn_unit_not_in_parent",
            f"{unit.describe()} is not in {parent.describe()}{where}",
            era=self.era,
            level=self.level,
            code=unit.code,
            parent_level=parent.level,
            parent_code=parent.code,
        )

    def _parent(self, info: ValidationInfo) -> Unit | None:
        if self.within is None:
            return None
        data = getattr(info, "data", None)
        value = data.get(self.within) if isinstance(data, dict) else None
        if value is None:  # absent, optional and empty, or failed (its own error is reported)
            return None
        if isinstance(value, Unit):
            return value
        if isinstance(value, str):
            level = LEVEL_BY_WIDTH.get(len(value))
            if level is not None and level in _parent_levels(self):
                unit: Unit | None = _registry(self.era, level).get(value)
                return unit
        return None

    def _other_era_get(self, code: str) -> Unit | None:
        if self.level == "district":
            return None
        try:
            unit: Unit | None = _registry(_OTHER_ERA[self.era], self.level).get(code)
        except DataError:  # the other era's data is not bundled in this build
            return None
        return unit

    def _other_era_find(self, name: str) -> Unit | None:
        if self.level == "district":
            return None
        try:
            unit: Unit = _registry(_OTHER_ERA[self.era], self.level).find(name)
        except (LookupError, DataError):
            return None
        return unit

    def _wrong_era(self, query: str, other: Unit, note: str = "") -> PydanticCustomError:
        return _error(
            "vn_wrong_era",
            f"{query!r} is not a {self._what} code: "
            + (note or f"it is the {other.era} code of {other.describe()}; codes are era-specific")
            if query == other.code
            else f"{shown(query)} is not a {self._what}: "
            + (note or f"it names the {other.era} {other.level} {other.describe()}"),
            era=self.era,
            level=self.level,
            query=query,
            other_era=other.era,
            other_code=other.code,
        )

    def _not_found(self, query: object, exc: UnitNotFoundError) -> PydanticCustomError:
        # the registry's message, about the input as given (``ctx["query"]`` is that input)
        again = UnitNotFoundError(
            query, exc.era, exc.level, exc.suggestions, exc.hint, exc.hint_first
        )
        return _error(
            "vn_unit_not_found",
            str(again),
            era=self.era,
            level=self.level,
            query=_raw(query),
            suggestions=[s.code for s in exc.suggestions],
        )


def _parent_levels(spec: _Spec) -> tuple[str, ...]:
    if spec.level == "commune":
        return ("district", "province") if spec.era == "legacy" else ("province",)
    if spec.level == "district":
        return ("province",)
    return ()


def _is_integer(value: object) -> bool:
    """An int or a numpy integer (anything with ``__index__``), not a bool."""
    if isinstance(value, bool):
        return False
    try:
        operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        return False
    return True


def _raw(value: object) -> object:
    """The input for ``ctx["query"]``: as given (an int as int), a long text cut."""
    if isinstance(value, str):
        return value[:MAX_NAME_LENGTH]
    if _is_integer(value):
        number = operator.index(value)  # type: ignore[arg-type]
        return number if number.bit_length() <= 64 else shown(number)  # JSON-safe
    return value


def _looks_like_code(value: str) -> bool:
    text = value.strip()
    return text.isascii() and text.isdigit()


def _serialize(value: Any) -> str:
    return value.code if isinstance(value, Unit) else str(value)


def _error(type_: str, message: str, **context: Any) -> PydanticCustomError:
    # The message goes in as context so that braces in user input cannot break the template.
    return PydanticCustomError(type_, "{message}", {"message": message, **context})


# -- address forms -----------------------------------------------------------------------------
class AddressForm(BaseModel):
    """A current-era address as a form sends it: street part, commune, province.

    Province and commune take a code or a name; the commune name is looked up inside the
    province, and a commune outside the province fails with ``vn_unit_not_in_parent``.

    >>> form = AddressForm(street="65 Lê Lợi", commune="Bến Thành", province="HCM")
    >>> form.commune, form.province, str(form)
    ('26743', '79', '65 Lê Lợi, Phường Bến Thành, Thành phố Hồ Chí Minh')
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"description": "A current-era address: street part, commune, province"},
    )

    street: str | None = None
    province: Annotated[ProvinceCode, UnitValidator(accept_names=True)]
    commune: Annotated[CommuneCode, UnitValidator(accept_names=True, within="province")]

    def __str__(self) -> str:
        parts = [self.street, self.commune.unit.full_name, self.province.unit.full_name]
        return ", ".join(p for p in parts if p)


class LegacyAddressForm(BaseModel):
    """A legacy (as of 2025-06-30) address: street part, commune, district, province.

    Each unit takes a code or a name; the district must lie in the province and the commune in
    the district (``vn_unit_not_in_parent``).
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "description": "A legacy (as of 2025-06-30) address: street part, commune, "
            "district, province"
        },
    )

    street: str | None = None
    province: Annotated[LegacyProvinceCode, UnitValidator(accept_names=True)]
    district: Annotated[
        LegacyDistrictCode, UnitValidator(accept_names=True, within="province")
    ]
    commune: Annotated[LegacyCommuneCode, UnitValidator(accept_names=True, within="district")]

    def __str__(self) -> str:
        parts = [
            self.street,
            self.commune.unit.full_name,
            self.district.unit.full_name,
            self.province.unit.full_name,
        ]
        return ", ".join(p for p in parts if p)

