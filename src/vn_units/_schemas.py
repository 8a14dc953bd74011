"""The pydantic side of the records (imported on the first pydantic feature used).

Each record type (:class:`vn_units._records.Record`: the units, ``TypeChange``, ``Document``)
gets a pydantic model of the same name, module, docstring, fields (with their ``Field``
arguments and defaults) and computed fields, made once on first use. Its schema is what
users see: ``model_json_schema()``, the JSON schema of a ``BaseModel`` or FastAPI model with
a record field. Validating gives the record (for units, the bundled record of the code:
see ``Unit._validated``); serialising a record goes through that model.
"""

from __future__ import annotations

import threading
import typing
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, computed_field
from pydantic_core import core_schema

__all__ = ["adapter_of", "as_model", "core_schema_of", "model_of"]

_LOCK = threading.RLock()
_MODELS: dict[type, type[BaseModel]] = {}
_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def _made_once(cache: dict[type, Any], cls: Any, make: Any) -> Any:
    """``cache[cls]``, made by ``make(cls)`` on first use, once across threads."""
    found = cache.get(cls)
    if found is None:
        with _LOCK:
            found = cache.get(cls)
            if found is None:
                found = cache[cls] = make(cls)
    return found


def model_of(cls: Any) -> type[BaseModel]:
    """The pydantic model of a record type, made on first use."""
    model: type[BaseModel] = _made_once(_MODELS, cls, _build)
    return model


def adapter_of(cls: Any) -> TypeAdapter[Any]:
    """A ``TypeAdapter`` of a record type (validation gives records), made on first use."""
    adapter: TypeAdapter[Any] = _made_once(_ADAPTERS, cls, TypeAdapter)
    return adapter


def _build(cls: Any) -> type[BaseModel]:
    hints = typing.get_type_hints(cls)  # the record's annotations, resolved in its module
    namespace: dict[str, Any] = {
        "__module__": cls.__module__,
        "__qualname__": cls.__qualname__,
        "__doc__": cls.__doc__,
        "model_config": ConfigDict(**cls._config),  # type: ignore[typeddict-item]
    }
    annotations: dict[str, Any] = {}
    for name in cls._fields:
        annotations[name] = hints[name]
        args = dict(cls._field_args.get(name, {}))
        if name in cls._defaults:
            args["default"] = cls._defaults[name]
        namespace[name] = Field(**args)
    namespace["__annotations__"] = annotations
    # the record's properties (computed fields read them: full_name reads unit_type...)
    for klass in reversed(cls.__mro__):
        for attr, value in vars(klass).items():
            if isinstance(value, property) and not attr.startswith("model_"):
                namespace[attr] = value
    for name, return_type in cls._computed.items():
        namespace[name] = computed_field(return_type=return_type)(namespace[name])
    model: type[BaseModel] = type(cls.__name__, (BaseModel,), namespace)
    return model


def as_model(record: Any) -> BaseModel:
    """A record as an instance of its pydantic model, not validated (to serialise it)."""
    model = model_of(type(record))
    obj = object.__new__(model)
    values = {n: getattr(record, n) for n in record._fields if hasattr(record, n)}
    set_ = object.__setattr__
    set_(obj, "__dict__", values)
    set_(obj, "__pydantic_fields_set__", set(values))
    set_(obj, "__pydantic_extra__", None)
    set_(obj, "__pydantic_private__", None)
    return obj


def core_schema_of(cls: Any, handler: Any) -> core_schema.CoreSchema:
    """The pydantic core schema of a record type: a record is taken as it is (units: checked
    against the bundled record of their code), anything else validated by the model and made
    a record; a record is serialised by the model."""
    model = model_of(cls)
    model_schema = handler.generate_schema(model)

    def validate(value: Any, inner: core_schema.ValidatorFunctionWrapHandler) -> Any:
        if isinstance(value, cls):
            return cls._validated(value)
        validated = inner(value)
        values = validated.__dict__
        return cls._validated(cls._make({n: values[n] for n in cls._fields}))

    return core_schema.no_info_wrap_validator_function(
        validate,
        model_schema,
        serialization=core_schema.plain_serializer_function_ser_schema(
            as_model, return_schema=model_schema
        ),
    )
