"""Model behaviour: equality, hashing, str, JSON round trip, type history."""

from __future__ import annotations

import datetime as dt

import pytest

import vn_units
from vn_units import Commune, Province, UnitType


def test_frozen() -> None:
    p = vn_units.provinces["01"]
    with pytest.raises(Exception):  # noqa: B017 - pydantic's ValidationError
        p.name = "x"  # type: ignore[misc]


def test_equality_and_hash_by_era_level_code() -> None:
    a = vn_units.communes["00004"]
    b = Commune.model_construct(**dict(a))  # an equal copy, not the registry's object
    assert a == b and hash(a) == hash(b) and a is not b
    legacy = vn_units.legacy.communes["00004"]
    assert a != legacy and hash(a) != hash(legacy)
    assert len({a, b, legacy}) == 2


def test_str_is_full_name() -> None:
    assert str(vn_units.provinces["01"]) == "Thành phố Hà Nội"
    assert str(vn_units.communes["26743"]) == "Phường Bến Thành"


def test_json_round_trip_every_unit() -> None:
    for model, registry in ((Province, vn_units.provinces), (Commune, vn_units.communes)):
        for unit in registry:
            again = model.model_validate_json(unit.model_dump_json())
            assert again == unit
            assert again.model_dump() == unit.model_dump()


def test_english_names() -> None:
    assert vn_units.provinces["79"].english_name == "Ho Chi Minh City"
    assert vn_units.provinces["04"].english_name == "Cao Bang Province"
    assert vn_units.communes["26743"].english_name == "Ben Thanh Ward"
    dac_khu = [c for c in vn_units.communes if c.type is UnitType.DAC_KHU]
    assert all(c.english_name.endswith("Special Zone") for c in dac_khu)


def test_type_history() -> None:
    dong_nai = vn_units.provinces["75"]
    assert dong_nai.type_on("2025-07-01") is UnitType.TINH
    assert dong_nai.type_on(dt.date(2026, 11, 1)) is UnitType.THANH_PHO
    assert dong_nai.type is UnitType.THANH_PHO
    with pytest.raises(ValueError, match="before the current era"):
        dong_nai.type_on("2025-06-30")


def test_counts_by_type_on_effective_date_and_today() -> None:
    def counts(units: object, day: str | None) -> dict[str, int]:
        out: dict[str, int] = {}
        for u in units:  # type: ignore[attr-defined]
            t = (u.type_on(day) if day else u.type).value
            out[t] = out.get(t, 0) + 1
        return out

    assert counts(vn_units.provinces, "2025-07-01") == {"thành phố": 6, "tỉnh": 28}
    assert counts(vn_units.communes, "2025-07-01") == {"phường": 687, "xã": 2621, "đặc khu": 13}
    assert counts(vn_units.communes, "2026-11-26") == {"phường": 709, "xã": 2599, "đặc khu": 13}
    assert counts(vn_units.provinces, "2026-11-26") == {"thành phố": 9, "tỉnh": 25}


def test_a_made_up_record_is_refused_and_a_true_one_is_the_bundled_record() -> None:
    from pydantic import BaseModel, ValidationError

    p = vn_units.provinces["79"]
    assert Province.model_validate_json(p.model_dump_json()) is p

    class Form(BaseModel):
        province: Province

    fake = p.model_dump() | {"name": "Sài Gòn Mới"}
    with pytest.raises(ValidationError, match="does not match the bundled current province 79"):
        Form(province=fake)
    unknown = p.model_dump() | {"code": "78"}
    with pytest.raises(ValidationError, match="no current province has code '78'"):
        Form(province=unknown)
    assert Form(province=p.model_dump()).province is p


TABLES = {
    "provinces.json": ("current", "province"),
    "communes.json": ("current", "commune"),
    "legacy_provinces.json": ("legacy", "province"),
    "legacy_districts.json": ("legacy", "district"),
    "legacy_communes.json": ("legacy", "commune"),
}


@pytest.mark.parametrize("name", TABLES)
def test_bundled_records_validate_and_load_as_validated(name: str) -> None:
    # the loader builds records without validation (the files are checked by hash): every
    # record must validate with the records' pydantic model, to the same values and types
    from pydantic import TypeAdapter

    from vn_units._catalog import registry
    from vn_units._resources import read_bytes

    loaded = list(registry(*TABLES[name]))
    model = type(loaded[0])
    pydantic_model = model._model()  # validates, without swapping for the bundled record
    validated = TypeAdapter(list[pydantic_model]).validate_json(read_bytes(name))  # type: ignore[valid-type]
    assert len(validated) == len(loaded)
    for fast, checked in zip(loaded, validated, strict=True):
        assert list(checked.__dict__) == list(model.model_fields) == list(model._fields)
        for field in model._fields:
            value, again = getattr(fast, field), checked.__dict__[field]
            assert type(value) is type(again) and value == again, (fast.code, field, value)
        assert fast.model_fields_set == checked.model_fields_set
        assert model.model_validate(checked.model_dump()) is fast


def test_a_damaged_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import vn_units._resources as res
    from vn_units._registry import Registry

    original = res.read_bytes

    def damaged(name: str) -> bytes:
        data = original(name)
        return data.replace("Bến Thành".encode(), "Bến Thanh".encode()) if (
            name == "communes.json"
        ) else data

    monkeypatch.setattr(res, "read_bytes", damaged)
    registry: Registry[Commune] = Registry(
        era="current", level="commune", filename="communes.json", model=lambda: Commune
    )
    with pytest.raises(vn_units.DataError, match="SHA-256"):
        registry["26743"]


def test_records_freeze_copy_pickle_and_iterate_like_the_pydantic_models_did() -> None:
    import copy
    import pickle
    import weakref

    from vn_units import TypeChange

    c = vn_units.communes["26743"]
    with pytest.raises(AttributeError, match="frozen"):
        c.name = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError, match="frozen"):
        del c.name
    assert copy.copy(c) is c and copy.deepcopy(c) is c
    assert pickle.loads(pickle.dumps(c)) is c  # the bundled record again
    assert weakref.ref(c)() is c
    assert list(dict(c)) == list(Commune.model_fields) and dict(c)["types"] is c.types
    assert list(Commune.model_fields) == [
        "code", "name", "ascii_name", "slug", "types", "province_code", "area_km2",
        "latitude", "longitude",
    ]
    assert list(Commune.model_computed_fields) == ["full_name", "english_name", "type"]
    assert c.model_copy() is c
    moved = c.model_copy(update={"name": "Khác"})
    assert moved.name == "Khác" and moved == c and moved is not c  # equal by era, level, code
    assert pickle.loads(pickle.dumps(moved)).name == "Khác"  # not the bundled one: kept

    t = c.types[0]
    assert TypeChange(**dict(t)) == t and hash(TypeChange(**dict(t))) == hash(t)
    assert pickle.loads(pickle.dumps(t)) == t
    assert repr(t).startswith("TypeChange(type=<UnitType.PHUONG: 'phường'>, valid_from=")
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="valid_from"):
        TypeChange(type="xã", valid_from="not a date", document="x")
    with pytest.raises(ValidationError, match="no current commune has code '99999'"):
        Commune(**dict(c, code="99999"))
    assert Commune(**dict(c)) is c


def test_records_in_a_pydantic_model_and_its_json_schema() -> None:
    from pydantic import BaseModel

    class Form(BaseModel):
        commune: Commune
        when: vn_units.TypeChange | None = None

    c = vn_units.communes["26743"]
    form = Form.model_validate_json(Form(commune=c).model_dump_json())
    assert form.commune is c
    schema = Form.model_json_schema()
    assert schema["properties"]["commune"] == {"$ref": "#/$defs/Commune"}
    assert schema["$defs"]["Commune"]["properties"]["code"]["pattern"] == r"^\d{2,5}$"
    assert "full_name" not in schema["$defs"]["Commune"]["properties"]
    shown = Form.model_json_schema(mode="serialization")["$defs"]["Commune"]
    assert shown["properties"]["full_name"]["readOnly"] is True


def test_data_files_are_read_through_importlib_resources_where_the_package_is_no_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import vn_units._resources as res

    direct = res.read_bytes("provinces.json")
    monkeypatch.setattr(res, "_FOLDER", "/nonexistent/vn_units/_data")  # a zipped install, say
    assert res.read_bytes("provinces.json") == direct
    with pytest.raises(vn_units.DataError, match="cannot be read"):
        res.read_bytes("no-such-file.json")
