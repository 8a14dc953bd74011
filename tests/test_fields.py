"""Pydantic field types: values, stable error types, exact JSON schemas, options per field."""

from __future__ import annotations

import pickle
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

import vn_units
from vn_units import Commune, LegacyCommune, Province
from vn_units.fields import (
    ERROR_TYPES,
    AddressForm,
    CommuneCode,
    LegacyAddressForm,
    LegacyCommuneCode,
    LegacyDistrictCode,
    LegacyProvinceCode,
    ProvinceCode,
    UnitValidator,
)

PROVINCE_CODES = [
    "01", "04", "08", "11", "12", "14", "15", "19", "20", "22", "24", "25", "31", "33", "37",
    "38", "40", "42", "44", "46", "48", "51", "52", "56", "66", "68", "75", "79", "80", "82",
    "86", "91", "92", "96",
]  # fmt: skip


def error(adapter: TypeAdapter[Any], value: object) -> dict[str, Any]:
    with pytest.raises(ValidationError) as info:
        adapter.validate_python(value)
    errors = info.value.errors()
    assert len(errors) == 1
    return dict(errors[0])


# -- values ------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["79", "079", 79, " 79 "])
def test_province_code_accepts_code_forms(value: object) -> None:
    code = TypeAdapter(ProvinceCode).validate_python(value)
    assert code == "79"
    assert type(code) is ProvinceCode
    assert code.unit is vn_units.provinces["79"]


def test_every_province_and_commune_code_validates() -> None:
    province = TypeAdapter(ProvinceCode)
    commune = TypeAdapter(CommuneCode)
    assert [province.validate_python(p.code) for p in vn_units.provinces] == PROVINCE_CODES
    assert all(commune.validate_python(c.code) == c.code for c in vn_units.communes)


def test_json_input_and_serialisation_round_trip() -> None:
    class M(BaseModel):
        province: ProvinceCode
        commune: Annotated[Commune, UnitValidator()]

    m = M.model_validate_json('{"province": 1, "commune": "26743"}')
    assert m.province == "01"
    assert m.commune is vn_units.communes["26743"]
    assert m.model_dump() == {"province": "01", "commune": "26743"}
    assert m.model_dump_json() == '{"province":"01","commune":"26743"}'
    assert M.model_validate(m.model_dump()) == m


def test_record_annotation_gives_the_registry_record() -> None:
    adapter = TypeAdapter(Annotated[Province, UnitValidator(accept_names=True)])
    assert adapter.validate_python("Hà Nội") is vn_units.provinces["01"]
    assert adapter.validate_python(vn_units.provinces["79"]) is vn_units.provinces["79"]


def test_plain_str_annotation() -> None:
    adapter = TypeAdapter(Annotated[str, UnitValidator(level="commune")])
    value = adapter.validate_python(4)
    assert value == "00004"
    assert type(value) is str


def test_names_only_where_asked() -> None:
    names = TypeAdapter(Annotated[ProvinceCode, UnitValidator(accept_names=True)])
    assert names.validate_python("Thành phố Hồ Chí Minh") == "79"
    assert names.validate_python("ho chi minh") == "79"
    assert error(TypeAdapter(ProvinceCode), "Hồ Chí Minh")["type"] == "vn_invalid_code"


def test_options_are_per_field() -> None:
    class M(BaseModel):
        loose: Annotated[ProvinceCode, UnitValidator(accept_names=True)]
        strict: ProvinceCode

    assert M(loose="Huế", strict="46").loose == "46"
    with pytest.raises(ValidationError) as info:
        M(loose="Huế", strict="Huế")
    assert [e["loc"] for e in info.value.errors()] == [("strict",)]


# -- errors ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("adapter", "value", "type_", "in_msg"),
    [
        (TypeAdapter(ProvinceCode), "7x", "vn_invalid_code", "expected 1 to 2 digits"),
        (TypeAdapter(ProvinceCode), "123", "vn_invalid_code", "not a valid province code"),
        (TypeAdapter(ProvinceCode), 7.9, "vn_invalid_code", "not float"),
        (TypeAdapter(ProvinceCode), None, "vn_invalid_code", "not NoneType"),
        (TypeAdapter(ProvinceCode), True, "vn_invalid_code", "not bool"),
        (TypeAdapter(ProvinceCode), "03", "vn_unit_not_found", "no current province matches"),
        (TypeAdapter(ProvinceCode), "72", "vn_wrong_era", "legacy code of Tỉnh Tây Ninh"),
        (TypeAdapter(CommuneCode), "00001", "vn_wrong_era", "legacy code of Phường Phúc Xá"),
        (TypeAdapter(CommuneCode), "99999", "vn_unit_not_found", "no current commune"),
        (TypeAdapter(LegacyProvinceCode), "03", "vn_unit_not_found", "no legacy province"),
        (
            TypeAdapter(Annotated[CommuneCode, UnitValidator(accept_names=True)]),
            "Tân Phú",
            "vn_unit_ambiguous",
            "names",
        ),
        (
            TypeAdapter(Annotated[ProvinceCode, UnitValidator(accept_names=True)]),
            "Long An",
            "vn_wrong_era",
            "Long An is a legacy province (until 2025-06-30), now part of Tỉnh Tây Ninh [80]",
        ),
        (
            TypeAdapter(Annotated[ProvinceCode, UnitValidator(accept_names=True)]),
            "Atlantis",
            "vn_unit_not_found",
            "no current province matches 'Atlantis'",
        ),
        (
            TypeAdapter(Annotated[ProvinceCode, UnitValidator(accept_names=True)]),
            "  ",
            "vn_invalid_code",
            "empty",
        ),
    ],
)
def test_error_types(adapter: TypeAdapter[Any], value: object, type_: str, in_msg: str) -> None:
    err = error(adapter, value)
    assert err["type"] == type_
    assert type_ in ERROR_TYPES
    assert in_msg in err["msg"]
    assert err["ctx"]["message"] == err["msg"]


def test_not_found_suggests_close_codes() -> None:
    err = error(TypeAdapter(ProvinceCode), "78")
    assert err["type"] == "vn_unit_not_found"
    suggestions = err["ctx"]["suggestions"]
    assert suggestions and all(vn_units.provinces.get(code) for code in suggestions)
    assert "did you mean" in err["msg"]


def test_ambiguous_lists_candidates() -> None:
    err = error(TypeAdapter(Annotated[CommuneCode, UnitValidator(accept_names=True)]), "Tân Phú")
    assert len(err["ctx"]["candidates"]) > 1
    assert all(len(code) == 5 for code in err["ctx"]["candidates"])


def test_dicts_never_become_records() -> None:
    """A made-up record cannot pass as a field value, neither as a dict nor as an object."""
    adapter = TypeAdapter(Annotated[Province, UnitValidator()])
    fake = dict(vn_units.provinces["79"].model_dump(), code="99", name="Atlantis")
    assert error(adapter, fake)["type"] == "vn_invalid_code"
    # the models themselves refuse made-up records; objects forged around validation
    # (model_construct) are still swapped for the registry's record or refused here
    with pytest.raises(ValidationError, match="no current province has code '99'"):
        Province.model_validate(fake)
    assert error(adapter, Province.model_construct(**fake))["type"] == "vn_unit_not_found"
    forged = Province.model_construct(**dict(fake, code="79"))
    assert adapter.validate_python(forged).name == "Hồ Chí Minh"  # the registry's record


def test_records_of_the_wrong_era_or_level() -> None:
    adapter = TypeAdapter(CommuneCode)
    err = error(adapter, vn_units.legacy.communes["00004"])
    assert err["type"] == "vn_wrong_era"
    err = error(adapter, vn_units.provinces["79"])
    assert err["type"] == "vn_invalid_code"
    assert "expected a current commune" in err["msg"]


def test_errors_pickle() -> None:
    with pytest.raises(ValidationError) as info:
        TypeAdapter(ProvinceCode).validate_python("72")
    assert pickle.loads(pickle.dumps(info.value)).errors() == info.value.errors()


def test_braces_in_input_do_not_break_the_message() -> None:
    adapter = TypeAdapter(Annotated[ProvinceCode, UnitValidator(accept_names=True)])
    assert "{x}" in error(adapter, "{x}")["msg"]


def test_bad_option_combinations_fail_at_definition() -> None:
    with pytest.raises(TypeError, match="as_record=True needs a record annotation"):
        TypeAdapter(Annotated[ProvinceCode, UnitValidator(as_record=True)])
    with pytest.raises(TypeError, match="needs level="):
        TypeAdapter(Annotated[str, UnitValidator()])
    with pytest.raises(TypeError, match="contradicts"):
        TypeAdapter(Annotated[ProvinceCode, UnitValidator(era="legacy")])
    with pytest.raises(TypeError, match="legacy era only"):
        TypeAdapter(Annotated[str, UnitValidator(level="district")])
    with pytest.raises(TypeError, match="annotates a code type"):
        TypeAdapter(Annotated[int, UnitValidator(level="province")])


# -- within and the address forms --------------------------------------------------------------
def test_address_form() -> None:
    form = AddressForm(street="65 Lê Lợi", province="79", commune="Bến Thành")
    assert (form.province, form.commune) == ("79", "26743")
    assert str(form) == "65 Lê Lợi, Phường Bến Thành, Thành phố Hồ Chí Minh"
    assert AddressForm.model_validate(form.model_dump()) == form


def test_address_form_commune_not_in_province() -> None:
    with pytest.raises(ValidationError) as info:
        AddressForm(province="01", commune="26743")
    (err,) = info.value.errors()
    assert err["type"] == "vn_unit_not_in_parent"
    assert err["loc"] == ("commune",)
    assert err["msg"] == (
        "Phường Bến Thành [26743], Thành phố Hồ Chí Minh is not in Thành phố Hà Nội [01]; "
        "it lies in Thành phố Hồ Chí Minh [79]"
    )
    assert err["ctx"]["parent_code"] == "01"


def test_address_form_name_outside_province() -> None:
    with pytest.raises(ValidationError) as info:
        AddressForm(province="Hà Nội", commune="Bến Thành")
    assert info.value.errors()[0]["type"] == "vn_unit_not_in_parent"


def test_within_narrows_an_ambiguous_name() -> None:
    name = "Tân Phú"
    many = [c for c in vn_units.communes if c.name == name]
    assert len({c.province_code for c in many}) > 1
    province = many[0].province_code
    if sum(c.province_code == province for c in many) == 1:
        assert AddressForm(province=province, commune=name).commune == many[0].code


def test_bad_province_reports_only_the_province() -> None:
    with pytest.raises(ValidationError) as info:
        AddressForm(province="03", commune="26743")
    assert [e["loc"] for e in info.value.errors()] == [("province",)]


def test_address_form_refuses_extra_fields() -> None:
    with pytest.raises(ValidationError):
        AddressForm(province="79", commune="26743", zip="700000")  # type: ignore[call-arg]


def test_legacy_address_form() -> None:
    form = LegacyAddressForm(province="79", district="760", commune="Bến Thành")
    assert (form.province, form.district, form.commune) == ("79", "760", "26743")
    assert isinstance(form.commune.unit, LegacyCommune)
    with pytest.raises(ValidationError) as info:
        LegacyAddressForm(province="79", district="760", commune="00004")
    assert info.value.errors()[0]["type"] == "vn_unit_not_in_parent"
    assert info.value.errors()[0]["loc"] == ("commune",)


def test_legacy_codes() -> None:
    assert TypeAdapter(LegacyProvinceCode).validate_python(80).unit.name == "Long An"
    assert TypeAdapter(LegacyDistrictCode).validate_python("760").unit.full_name == "Quận 1"
    assert TypeAdapter(LegacyCommuneCode).validate_python(4).unit.name == "Trúc Bạch"


# -- JSON schema (exact) -----------------------------------------------------------------------
def schema(tp: Any, mode: str = "validation") -> dict[str, Any]:
    result: dict[str, Any] = TypeAdapter(tp).json_schema(mode=mode)  # type: ignore[arg-type]
    return result


def test_json_schema_exact() -> None:
    assert schema(ProvinceCode) == {
        "type": "string",
        "pattern": "^\\d{2}$",
        "enum": PROVINCE_CODES,
        "description": "The 2-digit code of a current province",
    }
    assert schema(CommuneCode) == {
        "type": "string",
        "pattern": "^\\d{5}$",
        "description": "The 5-digit code of a current commune",
    }
    assert schema(LegacyProvinceCode) == {
        "type": "string",
        "pattern": "^\\d{2}$",
        "description": "The 2-digit code of a legacy province",
    }
    assert schema(LegacyDistrictCode) == {
        "type": "string",
        "pattern": "^\\d{3}$",
        "description": "The 3-digit code of a legacy district",
    }
    assert schema(LegacyCommuneCode) == {
        "type": "string",
        "pattern": "^\\d{5}$",
        "description": "The 5-digit code of a legacy commune",
    }
    assert schema(Annotated[Commune, UnitValidator()]) == schema(CommuneCode)


def test_json_schema_with_names() -> None:
    tp = Annotated[Commune, UnitValidator(accept_names=True)]
    assert schema(tp) == {
        "type": "string",
        "minLength": 1,
        "maxLength": 100,
        "description": "A current commune: its 5-digit code or its name",
    }
    # what is written out is always the code
    assert schema(tp, mode="serialization") == schema(CommuneCode)


def test_json_schema_of_the_address_form() -> None:
    assert AddressForm.model_json_schema() == {
        "title": "AddressForm",
        "description": "A current-era address: street part, commune, province",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "street": {
                "anyOf": [{"type": "string"}, {"type": "null"}],
                "default": None,
                "title": "Street",
            },
            "province": {
                "type": "string",
                "minLength": 1,
                "maxLength": 100,
                "description": "A current province: its 2-digit code or its name",
                "title": "Province",
            },
            "commune": {
                "type": "string",
                "minLength": 1,
                "maxLength": 100,
                "description": "A current commune: its 5-digit code or its name",
                "title": "Commune",
            },
        },
        "required": ["province", "commune"],
    }



# -- issue 20 ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value", ["00004", "0079", 100, 10**5000], ids=["00004", "0079", "100", "huge"]
)
def test_a_commune_code_in_a_province_field_is_invalid_as_in_the_registry(value: object) -> None:
    err = error(TypeAdapter(ProvinceCode), value)
    assert err["type"] == "vn_invalid_code"
    with pytest.raises(vn_units.InvalidCodeError) as info:
        vn_units.provinces[value]
    assert err["msg"] == str(info.value)  # the field and the registry say the same thing


def test_field_and_registry_say_the_same_for_an_unknown_code() -> None:
    err = error(TypeAdapter(ProvinceCode), "78")
    with pytest.raises(vn_units.UnitNotFoundError) as info:
        vn_units.provinces["78"]
    assert err["msg"] == str(info.value)


@pytest.mark.parametrize(
    ("adapter", "value"),
    [
        (TypeAdapter(ProvinceCode), "78"),
        (TypeAdapter(ProvinceCode), 78),
        (TypeAdapter(Annotated[ProvinceCode, UnitValidator(accept_names=True)]), "Atlantis"),
    ],
)
def test_ctx_query_is_the_raw_input(adapter: TypeAdapter[Any], value: object) -> None:
    assert error(adapter, value)["ctx"]["query"] == value


def test_field_types_take_numpy_integers() -> None:
    np = pytest.importorskip("numpy")
    assert TypeAdapter(ProvinceCode).validate_python(np.int64(79)) == "79"
    assert TypeAdapter(CommuneCode).validate_python(np.int32(26743)).unit.name == "Bến Thành"
    record = TypeAdapter(Annotated[Province, UnitValidator()])
    assert record.validate_python(np.uint8(1)).code == "01"


def test_a_name_field_bounds_its_input() -> None:
    import time

    adapter = TypeAdapter(Annotated[CommuneCode, UnitValidator(accept_names=True)])
    start = time.perf_counter()
    err = error(adapter, "Bến Thành " * 100_000)  # 1 MB
    assert time.perf_counter() - start < 0.5
    assert err["type"] == "vn_invalid_code"
    assert len(err["msg"]) < 200 and "no name is longer than 100 characters" in err["msg"]
    assert adapter.json_schema()["maxLength"] == 100
    assert adapter.validate_python("Phường Bến Thành") == "26743"


def test_a_legacy_province_name_in_a_field_says_what_it_became() -> None:
    adapter = TypeAdapter(Annotated[ProvinceCode, UnitValidator(accept_names=True)])
    err = error(adapter, "Bình Dương")
    assert err["type"] == "vn_wrong_era"
    assert err["msg"] == (
        "'Bình Dương' is not a current province: Bình Dương is a legacy province "
        "(until 2025-06-30), now part of Thành phố Hồ Chí Minh [79]"
    )


def test_error_types_are_read_only() -> None:
    with pytest.raises(TypeError):
        ERROR_TYPES["vn_invalid_code"] = "changed"  # type: ignore[index]
    assert "vn_invalid_code" in ERROR_TYPES
