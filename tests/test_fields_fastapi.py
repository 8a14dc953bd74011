"""The field types inside a real FastAPI app, through its TestClient."""

from __future__ import annotations

from typing import Annotated, Any

import pytest

fastapi = pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi import FastAPI, Query  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from pydantic import BaseModel  # noqa: E402

from vn_units import Commune  # noqa: E402
from vn_units.fields import AddressForm, CommuneCode, ProvinceCode, UnitValidator  # noqa: E402


class Shop(BaseModel):
    name: str
    province: ProvinceCode
    commune: Annotated[Commune, UnitValidator(accept_names=True, within="province")]


class Pick(BaseModel):
    commune: Annotated[CommuneCode, UnitValidator(accept_names=True)]


app = FastAPI()


@app.post("/pick")
def pick(body: Pick) -> dict[str, str]:
    return {"commune": body.commune}


@app.post("/shops")
def create_shop(shop: Shop) -> dict[str, Any]:
    return {
        "province": shop.province,
        "commune": shop.commune.code,
        "commune_name": shop.commune.full_name,
    }


@app.post("/addresses")
def create_address(address: AddressForm) -> AddressForm:
    return address


@app.get("/communes")
def communes_of(province: Annotated[ProvinceCode, Query()]) -> dict[str, Any]:
    return {"province": province, "communes": len(province.unit.communes)}


client = TestClient(app)


def test_valid_body_passes_and_resolves() -> None:
    r = client.post("/shops", json={"name": "A", "province": 79, "commune": "Bến Thành"})
    assert r.status_code == 200, r.text
    assert r.json() == {
        "province": "79",
        "commune": "26743",
        "commune_name": "Phường Bến Thành",
    }


def test_response_model_writes_codes() -> None:
    body = {"street": "1 Lê Lợi", "province": "HCM", "commune": "26743"}
    r = client.post("/addresses", json=body)
    assert r.status_code == 200, r.text
    assert r.json() == {"street": "1 Lê Lợi", "province": "79", "commune": "26743"}


def test_query_parameter() -> None:
    r = client.get("/communes", params={"province": "1"})
    assert r.status_code == 200, r.text
    assert r.json() == {"province": "01", "communes": len(ProvinceCode("01").unit.communes)}


def detail(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 422, response.text
    body: list[dict[str, Any]] = response.json()["detail"]
    return body


def test_wrong_era_province_gets_422_naming_field_and_problem() -> None:
    r = client.post("/shops", json={"name": "A", "province": "72", "commune": "26743"})
    (err,) = detail(r)
    assert err["loc"] == ["body", "province"]
    assert err["type"] == "vn_wrong_era"
    assert err["msg"].startswith("'72' is not a current province code")
    assert "Tây Ninh" in err["msg"]


def test_commune_outside_province_gets_422() -> None:
    r = client.post("/shops", json={"name": "A", "province": "01", "commune": "26743"})
    (err,) = detail(r)
    assert err["loc"] == ["body", "commune"]
    assert err["type"] == "vn_unit_not_in_parent"
    assert "is not in Thành phố Hà Nội [01]" in err["msg"]


def test_malformed_and_unknown_codes_get_422() -> None:
    r = client.post("/shops", json={"name": "A", "province": "7x", "commune": "99999"})
    errors = {tuple(e["loc"]): e for e in detail(r)}
    assert errors[("body", "province")]["type"] == "vn_invalid_code"
    assert "expected 1 to 2 digits" in errors[("body", "province")]["msg"]
    assert errors[("body", "commune")]["type"] == "vn_unit_not_found"


def test_ambiguous_name_gets_422_with_candidates() -> None:
    (err,) = detail(client.post("/pick", json={"commune": "Tân Phú"}))
    assert err["loc"] == ["body", "commune"]
    assert err["type"] == "vn_unit_ambiguous"
    assert err["msg"].startswith("'Tân Phú' names ")
    assert len(err["ctx"]["candidates"]) > 1


def test_dict_gets_422() -> None:
    r = client.post("/shops", json={"name": "A", "province": "01", "commune": {"code": "00004"}})
    (err,) = detail(r)
    assert err["loc"] == ["body", "commune"]
    assert err["type"] == "vn_invalid_code"
    assert "not dict" in err["msg"]


def test_bad_query_parameter_gets_422() -> None:
    (err,) = detail(client.get("/communes", params={"province": "03"}))
    assert err["loc"] == ["query", "province"]
    assert err["type"] == "vn_unit_not_found"


def test_openapi_schema() -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    shop = schemas["Shop"]["properties"]
    assert shop["province"]["pattern"] == "^\\d{2}$"
    assert len(shop["province"]["enum"]) == 34
    assert shop["commune"]["description"] == "A current commune: its 5-digit code or its name"
    params = spec["paths"]["/communes"]["get"]["parameters"]
    assert params[0]["schema"]["enum"][:2] == ["01", "04"]


@app.get("/communes/{code}")
def commune_by_code(code: str) -> Commune:
    from vn_units import communes

    return communes[code]


def test_a_record_as_response_model() -> None:
    # records are not BaseModel instances: they carry a pydantic schema, which FastAPI uses
    from vn_units import communes

    r = client.get("/communes/26743")
    assert r.status_code == 200, r.text
    assert r.json() == communes["26743"].model_dump(mode="json")
    schemas = app.openapi()["components"]["schemas"]
    assert "full_name" in schemas["Commune"]["properties"]
    assert "TypeChange" in schemas
