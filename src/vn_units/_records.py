"""The base of vn_units' frozen records: plain slotted objects that pydantic sees as models.

A record (a unit, a type history entry, a legal document) is an object with one slot per
field: loading 14,000 of them imports nothing and costs a fraction of what pydantic models
cost (see docs/performance.md, "Records and pydantic"). Pydantic is imported the first time
a pydantic feature is used: ``model_dump``, ``model_dump_json``, ``model_validate``,
``model_validate_json``, ``model_json_schema``, ``model_fields``, or a record type used in a
``BaseModel``, a ``TypeAdapter`` or a FastAPI model. Those go through a pydantic model of the
same name, fields, descriptions and computed fields, made once per record type
(:func:`vn_units._schemas.model_of`): validation gives the record, serialisation reads it.

>>> from vn_units import TypeChange
>>> t = TypeChange(type="xã", valid_from="2025-07-01", document="1656/NQ-UBTVQH15")
>>> t.type.value, t.valid_from.isoformat()
('xã', '2025-07-01')
>>> t.model_dump(mode="json")["valid_from"]
'2025-07-01'
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel, TypeAdapter

__all__ = ["Record"]

R = TypeVar("R", bound="Record")

_MISSING: Any = object()


class _FromModel:
    """A class attribute read from the record type's pydantic model (``model_fields``)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, obj: object, owner: type[Record]) -> Any:
        return getattr(owner._model(), self.name)


class Record:
    """Fields in slots, frozen, compared and hashed by value, with the pydantic model API
    that users of the records rely on. Subclasses list their fields in ``_fields`` (and in
    ``__slots__``), defaults in ``_defaults`` and pydantic ``Field`` arguments in
    ``_field_args``; ``_computed`` names the properties serialised as computed fields."""

    __slots__ = ()

    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}
    _field_args: ClassVar[dict[str, dict[str, Any]]] = {}
    _computed: ClassVar[dict[str, Any]] = {}
    _config: ClassVar[dict[str, Any]] = {"frozen": True}

    if TYPE_CHECKING:
        model_fields: ClassVar[dict[str, Any]]
        model_computed_fields: ClassVar[dict[str, Any]]
    else:
        model_fields = _FromModel("model_fields")
        model_computed_fields = _FromModel("model_computed_fields")

    # -- construction ------------------------------------------------------------------------
    def __new__(cls: type[R], **data: Any) -> R:
        """``Record(**fields)`` validates, as a pydantic model does (and imports pydantic)."""
        return cls.model_validate(data)

    @classmethod
    def _make(cls: type[R], values: dict[str, Any]) -> R:
        """A record of these values, as given: no validation, no defaults."""
        obj = object.__new__(cls)
        set_ = object.__setattr__
        for name, value in values.items():
            set_(obj, name, value)
        return obj

    @classmethod
    def model_construct(cls: type[R], _fields_set: set[str] | None = None, **values: Any) -> R:
        """A record of trusted values without validation (defaults filled in), as pydantic's
        ``model_construct``."""
        full = {n: values[n] if n in values else cls._defaults.get(n, _MISSING)
                for n in cls._fields}
        return cls._make({n: v for n, v in full.items() if v is not _MISSING})

    def model_copy(self: R, *, update: dict[str, Any] | None = None, deep: bool = False) -> R:
        """The record itself (it is immutable), or a copy with ``update`` applied, not
        validated (as pydantic's ``model_copy``)."""
        if not update:
            return self
        return type(self)._make({**dict(self), **update})

    # -- values ------------------------------------------------------------------------------
    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, n, _MISSING) for n in self._fields)

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        """``(field, value)`` pairs, as a pydantic model iterates (``dict(record)``)."""
        for name in self._fields:
            yield name, getattr(self, name)

    @property
    def model_fields_set(self) -> set[str]:
        """The fields that have a value (all of them for the bundled records)."""
        return {n for n in self._fields if hasattr(self, n)}

    def __setattr__(self, name: str, value: object) -> None:
        from dataclasses import FrozenInstanceError  # not imported to load records

        raise FrozenInstanceError(f"{type(self).__name__} is frozen: cannot assign to {name!r}")

    def __delattr__(self, name: str) -> None:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"{type(self).__name__} is frozen: cannot delete {name!r}")

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._values()))

    def __repr__(self) -> str:
        args = ", ".join(f"{n}={getattr(self, n, None)!r}" for n in self._fields)
        return f"{type(self).__name__}({args})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), dict(self)))

    def __copy__(self: R) -> R:
        return self

    def __deepcopy__(self: R, memo: dict[int, Any]) -> R:
        return self  # immutable: a copy would only cost memory

    # -- pydantic ----------------------------------------------------------------------------
    @classmethod
    def _model(cls) -> type[BaseModel]:
        """The pydantic model that describes this record type (made once, imports pydantic)."""
        from vn_units._schemas import model_of

        return model_of(cls)

    @classmethod
    def _adapter(cls) -> TypeAdapter[Any]:
        from vn_units._schemas import adapter_of

        return adapter_of(cls)

    @classmethod
    def _validated(cls, record: Any) -> Any:
        """What validation gives for a record built from valid values (units: the bundled
        record of the code, or an error)."""
        return record

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from vn_units._schemas import core_schema_of

        return core_schema_of(cls, handler)

    @classmethod
    def model_validate(cls: type[R], obj: Any, *, strict: bool | None = None,
                       from_attributes: bool | None = None,
                       context: dict[str, Any] | None = None) -> R:
        """Validate a dict (or a record) as pydantic does: raises ``ValidationError``."""
        found: R = cls._adapter().validate_python(
            obj, strict=strict, from_attributes=from_attributes, context=context
        )
        return found

    @classmethod
    def model_validate_json(cls: type[R], json_data: str | bytes | bytearray, *,
                            strict: bool | None = None,
                            context: dict[str, Any] | None = None) -> R:
        """Validate JSON text as pydantic does: raises ``ValidationError``."""
        found: R = cls._adapter().validate_json(json_data, strict=strict, context=context)
        return found

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The JSON schema, as the pydantic model's ``model_json_schema`` (same arguments)."""
        return cls._model().model_json_schema(*args, **kwargs)

    def _as_model(self) -> BaseModel:
        """This record as an instance of its pydantic model (not validated: for serialising)."""
        from vn_units._schemas import as_model

        return as_model(self)

    def model_dump(self, **kwargs: Any) -> dict[str, Any]:
        """The fields and computed fields as a dict, as pydantic's ``model_dump`` (same
        arguments: ``mode="json"``, ``include``, ``exclude``...)."""
        return self._as_model().model_dump(**kwargs)

    def model_dump_json(self, **kwargs: Any) -> str:
        """The record as JSON text, as pydantic's ``model_dump_json`` (same arguments)."""
        return self._as_model().model_dump_json(**kwargs)


def _rebuild(cls: type[R], values: dict[str, Any]) -> R:
    """Unpickling: the record of these values (for a unit, the bundled one if it has them)."""
    record = cls._make(values)
    try:
        return cls._validated(record)  # type: ignore[no-any-return]
    except ValueError:  # a record made with model_construct, not a bundled one
        return record
