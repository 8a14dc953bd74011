"""What a caller gets from the address reader: coded warnings, ties reported and converted,
results that no caller can alter for the next, pydantic schemas, bounded time and memory."""

from __future__ import annotations

import json
import pickle
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter

from vn_units import convert_address, parse_address
from vn_units.address import AddressConversion, AddressWarning, ParsedAddress, WarningCode


# -- coded warnings ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("xyz qwv", WarningCode.NOT_FOUND),
        ("Phường Bến Thành, Quận 1", WarningCode.PROVINCE_INFERRED),
        ("Xã Tân Phú", WarningCode.TIE),
        ("Phường Bến Nghé, TP HCM", WarningCode.DISTRICT_INFERRED),
        ("Phường Bến Thành, Quận 1, TP Hồ Chí Mnh", WarningCode.MISSPELT),
        ("TP HCM, Quận 1, Phường Bến Nghé", WarningCode.REVERSED),
        ("Phường 6, Quận 3, TP HCM", WarningCode.FORMER_NAME),
    ],
)
def test_warning_codes(text: str, code: WarningCode) -> None:
    a = parse_address(text)
    assert code in a.warning_codes, a.warnings
    assert all(isinstance(w, AddressWarning) and isinstance(w, str) for w in a.warnings)
    assert a.warning_codes == tuple(w.code for w in a.warnings)


def test_warning_is_a_str_with_a_code_and_pickles() -> None:
    w = parse_address("Phường Bến Thành, Quận 1").warnings[0]
    assert w == "province inferred" and w.message == "province inferred"
    back = pickle.loads(pickle.dumps(w))
    assert back == w and back.code is WarningCode.PROVINCE_INFERRED


def test_every_code_has_a_distinct_value() -> None:
    values = [c.value for c in WarningCode]
    assert len(values) == len(set(values))


# -- ties --------------------------------------------------------------------------------------
def test_a_tie_converts_to_every_candidate() -> None:
    p = parse_address("Xã Tân Phú")
    assert p.is_ambiguous
    r = convert_address("Xã Tân Phú")
    assert r.is_ambiguous and len(r.candidates) >= 5
    assert len(r.addresses) == len(r.candidates)
    assert {c.province_code for c in r.candidates} >= {"40", "80"}  # Nghệ An, Tây Ninh
    assert r.province is None  # the candidates are in several provinces
    with pytest.raises(Exception, match="Tân Phú"):
        r.one()


def test_two_legacy_communes_that_fit_convert_to_both_successors() -> None:
    # Châu Bính and Châu Bình (Quỳ Châu, Nghệ An) went into different communes
    r = convert_address("X Chau Binh, huyen Quy Chau, tinh Nghe An")
    assert r.parsed.is_ambiguous and WarningCode.TIE in r.parsed.warning_codes
    assert r.is_ambiguous and len(r.candidates) == 2
    assert r.province is not None and r.province.code == "40"


def test_a_bare_province_name_does_not_tie_with_its_city() -> None:
    r = convert_address("Thái Bình")
    assert r.candidates == () and r.province is not None


# -- results are values ------------------------------------------------------------------------
def test_a_result_altered_by_a_caller_does_not_reach_the_next_caller() -> None:
    text = "P. Bến Thành, Q1, TPHCM"
    p = parse_address(text)
    object.__setattr__(p, "commune", None)
    assert parse_address(text).commune is not None
    alt = parse_address("Xã Tân Phú").alternatives[0]
    object.__setattr__(alt, "commune", None)
    assert parse_address("Xã Tân Phú").alternatives[0].commune is not None
    assert convert_address(text).candidates


def test_an_alternative_keeps_the_input_text() -> None:
    text = ", 402, Dương Nỗ, Dương Nỗ"
    a = parse_address(text)
    assert a.alternatives and all(x.text == text for x in a.alternatives)


# -- pydantic ----------------------------------------------------------------------------------
def test_results_have_pydantic_schemas() -> None:
    ta = TypeAdapter(ParsedAddress)
    p = parse_address("Phường Bến Thành, Quận 1")
    data = json.loads(ta.dump_json(p))
    assert data["commune"]["code"] == "26743" and data["era"] == "legacy"
    assert data["warnings"] == [{"code": "province-inferred", "message": "province inferred"}]
    assert data["is_ambiguous"] is False
    back = ta.validate_json(ta.dump_json(p))
    assert back == p and back.warning_codes == p.warning_codes
    schema = ta.json_schema()
    assert {"text", "commune", "warnings", "is_ambiguous"} <= set(schema["properties"])
    tc = TypeAdapter(AddressConversion)
    c = convert_address("Xã Hồng Hà, Huyện Đan Phượng, Hà Nội")
    out = json.loads(tc.dump_json(c))
    assert out["is_ambiguous"] is True and len(out["candidates"]) == 4
    assert tc.validate_json(tc.dump_json(c)) == c


def test_results_as_fields_of_a_model() -> None:
    class Reply(BaseModel):
        parsed: ParsedAddress
        converted: AddressConversion

    text = "12 Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh"
    reply = Reply(parsed=parse_address(text), converted=convert_address(text))
    dumped = reply.model_dump(mode="json")
    assert dumped["converted"]["candidates"][0]["full_name"] == "Phường Sài Gòn"
    assert "converted" in Reply.model_json_schema()["properties"]


def test_results_as_fastapi_response_models() -> None:
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    app = FastAPI()

    @app.get("/parse", response_model=ParsedAddress)
    def parse(q: str) -> ParsedAddress:
        return parse_address(q)

    @app.get("/convert", response_model=AddressConversion)
    def convert(q: str) -> AddressConversion:
        return convert_address(q)

    client = TestClient(app)
    got = client.get("/parse", params={"q": "Ba Vì, Hà Nội"})
    assert got.status_code == 200, got.text
    data = got.json()
    assert data["commune"]["code"] == "09700" and data["is_ambiguous"] is True
    assert data["warnings"] == [
        {"code": "tie", "message": str(parse_address("Ba Vì, Hà Nội").warnings[0])}
    ]
    got = client.get("/convert", params={"q": "Ba Vì, Hà Nội"})
    assert got.status_code == 200, got.text
    data = got.json()
    assert data["is_ambiguous"] is True
    assert [c["code"] for c in data["candidates"]] == [
        c.code for c in convert_address("Ba Vì, Hà Nội").candidates
    ]
    schemas = app.openapi()["components"]["schemas"]
    assert {"ParsedAddress", "AddressConversion"} <= set(schemas)
    assert "is_ambiguous" in schemas["AddressConversion"]["properties"]


# -- time and memory ---------------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(st.text(max_size=3000))
def test_any_text_gets_a_result(text: str) -> None:
    a = parse_address(text)
    assert a.text == text
    convert_address(a)


@pytest.mark.parametrize(
    "unit", ["TP HCM, Quận 1, ", "Huế,a", "Phường 1, ", "Xã Tân Phú Huyện ", "a"]
)
def test_a_long_text_is_read_in_bounded_time(unit: str) -> None:
    text = unit * (1_000_000 // len(unit))
    best = min(_cpu(parse_address, text) for _ in range(3))
    assert best < 1.0, best  # linear: most of it is the street, never read as units
    best = min(_cpu(convert_address, text) for _ in range(3))
    assert best < 1.0, best  # (a text this long is not kept: converting parses it again)
    a = parse_address(text)
    assert WarningCode.TRUNCATED in a.warning_codes
    assert a.street is not None and len(a.street) > 900_000


def test_the_end_of_a_long_text_is_still_read() -> None:
    text = "ghi chú " * 200 + "12 Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh"
    a = parse_address(text)
    assert a.commune is not None and a.commune.code == "26740"
    assert a.street is not None and a.street.startswith("ghi chú")


def test_every_cache_of_texts_has_a_cap_and_keeps_no_long_key() -> None:
    """What bounds the caches in bytes, not only in entries: a cap in entries and the longest
    text, part or word an entry may hold (benchmarks/address_cache_memory.py measures what the
    caps come to, filled: docs/addresses.md gives the ceiling)."""
    import random
    import string

    from vn_units import address
    from vn_units.address import _candidates, _decode, _parsing, _words

    rng = random.Random(16)

    def words(n: int, longest: int) -> str:
        return " ".join(
            "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, longest)))
            for _ in range(n)
        )

    address._clear_caches()
    texts = [f"{words(20, 4)}, {words(n, 9)}" for n in range(5, 120)]  # up to ~1,000 chars
    texts += [f"{words(3, 4)} {'x' * n}, {'y' * n} Hà Nội" for n in (41, 121, 301, 950)]
    texts += ["TP HCM, Quận 1, " * 30, "Huế" + ",a" * 400, "Phường 1, " * 100]
    for text in texts:
        parse_address(text)
        parse_address(text, era="legacy")
    # dict caches: (the dict, its cap, the longest key text kept, the key's text)
    dicts = [
        (_candidates._HITS_CACHE, _candidates._HITS_CACHE_MAX, _words._CACHED_SEGMENT,
         lambda k: k[2]),
        (_words._WORD_INFO, _words._WORD_INFO_MAX, _words._CACHED_WORD, lambda k: k),
        (_words._MISSPELT, _words._WORD_INFO_MAX, _words._CACHED_WORD, lambda k: k),
        (_words._JUNK_TAILS, 4096, _words._CACHED_SEGMENT, lambda k: k),
        (_decode._STALE, 4096, _words._CACHED_SEGMENT, lambda k: k),
    ]
    for cache, cap, longest, text_of in dicts:
        assert cache and len(cache) <= cap
        assert max(len(text_of(k)) for k in cache) <= longest
    assert (_words._CACHED_WORD, _words._CACHED_SEGMENT, _words._CACHED_TEXT) == (40, 120, 300)
    # lru caches: a cap, and nothing kept for a key over the limit
    assert _parsing._parse_cached.cache_info().maxsize == 8192
    assert _words._cached_keys.cache_info().maxsize == 1 << 16
    kept = _parsing._parse_cached.cache_info().currsize
    parse_address("Phường Bến Nghé, Quận 1, " + "z" * 300)
    assert _parsing._parse_cached.cache_info().currsize == kept
    kept = _words._cached_keys.cache_info().currsize
    _words._word_keys("q" * 41)
    assert _words._cached_keys.cache_info().currsize == kept
    _words._word_keys("q" * 40)
    assert _words._cached_keys.cache_info().currsize == kept + 1
    # and clearing empties the caches of texts and parts (the per-word ones stay, as said)
    address._clear_caches()
    assert not (_candidates._HITS_CACHE or _words._JUNK_TAILS or _decode._STALE)
    assert _parsing._parse_cached.cache_info().currsize == 0


def _cpu(f: object, text: str) -> float:
    t0 = time.process_time()
    f(text)  # type: ignore[operator]
    return time.process_time() - t0


# -- the street --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "12\u00a0 Lê  Lợi, Phường Bến Thành, Quận 1, TP Hồ Chí Minh",  # shortest read: the end
        "12  Lê\tLợi Phường Bến Nghé Quận 1 Thành phố Hồ Chí Minh",  # no separators
        "TP HCM, Quận 1, Phường Bến Nghé, 12  Lê\u00a0Lợi",  # province first
        "12\u00a0\u00a0Lê Lợi,\n Phường Bến Nghé, Quận 1, TP HCM",
    ],
)
def test_the_street_has_one_space_between_words(text: str) -> None:
    parsed = parse_address(text)
    assert parsed.commune is not None
    assert parsed.street == "12 Lê Lợi"
    for alt in parsed.alternatives:
        assert alt.street is None or ("  " not in alt.street and "\u00a0" not in alt.street)
    assert convert_address(text).addresses[0].startswith("12 Lê Lợi, ")
