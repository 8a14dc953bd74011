"""Ties are never hidden, across the eras too: a name the two eras give to units of different
levels ("Ba Vì, Hà Nội": the current Xã Ba Vì, or the legacy Huyện Ba Vì) is converted as
every tying reading, resolved by raising, and shown in the pandas and CLI outputs.

Expected units come from the bundled data and the lineage (``vn_units.lineage.convert``),
never from the reader."""

from __future__ import annotations

import json
from itertools import pairwise

import pytest

from vn_units import (
    AddressParseError,
    AmbiguousUnitError,
    WarningCode,
    communes,
    convert_address,
    legacy,
    parse_address,
    provinces,
    resolve_address,
)
from vn_units.lineage import convert

TIE_TEXT = "Ba Vì, Hà Nội"


def _xa_ba_vi() -> object:
    return communes.find("Xã Ba Vì", within=provinces.find("Hà Nội"))


def _huyen_ba_vi() -> object:
    return legacy.districts.find("Huyện Ba Vì")


def _communes_of(unit: object) -> list[object]:
    return [c for c in convert(unit).candidates if c.level == "commune"]


def test_a_tie_across_eras_lists_both_readings() -> None:
    p = parse_address(TIE_TEXT)
    assert p.is_ambiguous and WarningCode.TIE in p.warning_codes
    assert [(t.era, t.commune or t.district) for t in p.ties] == [
        ("current", _xa_ba_vi()), ("legacy", _huyen_ba_vi())
    ]
    assert p.ties[0] is p  # the reading itself first, then the alternatives that tie
    assert all(t.text == TIE_TEXT for t in p.ties)


def test_convert_address_converts_every_tying_reading() -> None:
    r = convert_address(TIE_TEXT)
    district_communes = _communes_of(_huyen_ba_vi())
    assert len(district_communes) > 1
    # the current reading's commune first, then every commune the legacy district went into
    assert r.candidates[0] == _xa_ba_vi()
    assert set(r.candidates) == {_xa_ba_vi(), *district_communes}
    assert len(r.candidates) == len(set(r.candidates))
    assert r.is_ambiguous and r.parsed.is_ambiguous
    assert r.province == provinces.find("Hà Nội")
    assert len(r.addresses) == len(r.candidates)
    pairs = zip(r.candidates, r.addresses, strict=True)
    assert all(a.startswith(c.full_name + ", ") for c, a in pairs)
    with pytest.raises(AmbiguousUnitError) as exc:
        r.one()
    assert "several ways" in exc.value.hint
    with pytest.raises(AmbiguousUnitError):
        r.one_address()


def test_a_street_is_kept_in_every_tying_address() -> None:
    r = convert_address("Thôn 3, " + TIE_TEXT)
    assert r.is_ambiguous and all(a.startswith("Thôn 3, Xã ") for a in r.addresses)


@pytest.mark.parametrize(
    ("text", "one"), [("Xã Ba Vì, Hà Nội", True), ("Huyện Ba Vì, Hà Nội", False)]
)
def test_a_type_word_decides(text: str, one: bool) -> None:
    p = parse_address(text)
    assert not p.is_ambiguous and WarningCode.TIE not in p.warning_codes and p.ties == (p,)
    r = convert_address(text)
    if one:
        assert r.candidates == (_xa_ba_vi(),) and not r.is_ambiguous
    else:  # the whole legacy district: every commune it went into, not a tie
        assert set(r.candidates) == set(_communes_of(_huyen_ba_vi()))


def test_resolve_address_raises_on_a_tie_across_eras() -> None:
    with pytest.raises(AmbiguousUnitError) as exc:
        resolve_address(TIE_TEXT)
    assert list(exc.value.candidates) == [_xa_ba_vi(), _huyen_ba_vi()]
    assert "era=" in exc.value.hint
    assert isinstance(exc.value, LookupError)
    # the province is the same place in both eras: no tie at that level
    assert resolve_address(TIE_TEXT, level="province").province == _xa_ba_vi().province
    # era= decides
    assert resolve_address(TIE_TEXT, era="current").commune == _xa_ba_vi()
    assert resolve_address(TIE_TEXT, era="legacy", level="district").district == _huyen_ba_vi()
    # in the legacy era, the district, or its Xã Ba Vì: a tie at the commune level
    with pytest.raises(AmbiguousUnitError) as exc:
        resolve_address(TIE_TEXT, era="legacy")
    xa = legacy.communes.find("Xã Ba Vì", within=_huyen_ba_vi())
    assert list(exc.value.candidates) == [_huyen_ba_vi(), xa]
    with pytest.raises(AddressParseError):
        resolve_address("Huyện Ba Vì, Hà Nội", era="legacy")  # a district, no commune


def test_a_legacy_district_that_became_the_current_unit_is_no_rival() -> None:
    # Huyện Côn Đảo went wholly into Đặc khu Côn Đảo: the two readings are one place
    dk = communes.find("Đặc khu Côn Đảo")
    assert _communes_of(legacy.districts.find("Huyện Côn Đảo")) == [dk]
    p = parse_address("Côn Đảo")
    assert {t.era for t in p.ties} == {"current", "legacy"}
    assert resolve_address("Côn Đảo").commune == dk
    r = convert_address("Côn Đảo")
    assert r.candidates == (dk,) and not r.is_ambiguous and r.one() == dk


def test_every_tying_reading_is_kept_not_only_five() -> None:
    named = [c for c in communes if c.name == "Tân Phú"]
    assert len(named) > 5
    p = parse_address("Tân Phú")
    assert p.is_ambiguous
    tied = {t.commune for t in p.ties if t.era == "current"}
    assert tied == set(named)
    r = convert_address("Tân Phú")
    assert set(named) <= set(r.candidates) and r.is_ambiguous and r.province is None


@pytest.mark.parametrize("text", ["Thái Bình", "Hoà Bình, Việt Nam", "Bạc Liêu", "Lâm Đồng"])
def test_a_bare_province_name_ending_an_address_is_the_province(text: str) -> None:
    # not a district (its city, or Huyện Hòa Bình of Bạc Liêu) or a commune of that name with
    # its province inferred: no tie (see _weights._PROVINCE_NAMED)
    p = parse_address(text)
    assert p.province is not None and p.district is None and p.commune is None
    assert p.province.name in text.replace("Hoà", "Hòa")
    assert not p.is_ambiguous and WarningCode.TIE not in p.warning_codes and p.ties == (p,)
    assert all(a.confidence < p.confidence for a in p.alternatives)


def test_a_province_and_its_city_of_the_same_name_do_not_tie() -> None:
    p = parse_address("Thái Bình")
    assert p.province == legacy.provinces.find("Thái Bình") and p.district is None
    assert not p.is_ambiguous and p.ties == (p,)
    r = convert_address("Thái Bình")
    assert r.candidates == () and not r.is_ambiguous
    assert r.province == convert(p.province).province


@pytest.mark.parametrize("text", [
    "Ba Vì, Hà Nội", "Xã Tân Phú", "X Chau Binh, huyen Quy Chau, tinh Nghe An", "Côn Đảo",
    "Phường Bến Thành, Quận 1", "12 Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh", "xyz",
    "TN", "Tân Phú",
])
def test_conversion_is_the_union_of_the_ties(text: str) -> None:
    p = parse_address(text)
    assert p.is_ambiguous == (len(p.ties) > 1) == (WarningCode.TIE in p.warning_codes)
    r = convert_address(text)
    expected: dict[object, None] = {}
    for t in p.ties:
        if t.era == "current":
            if t.commune is not None:
                expected[t.commune] = None
        elif t.commune is not None or t.district is not None:
            for c in _communes_of(t.commune or t.district):
                expected[c] = None
    assert list(r.candidates) == list(expected)


def test_pandas_shows_the_tie() -> None:
    pd = pytest.importorskip("pandas")
    from vn_units.pandas import convert_addresses, parse_addresses

    texts = pd.Series([TIE_TEXT, "Xã Ba Vì, Hà Nội"])
    parsed = parse_addresses(texts)
    assert parsed["is_ambiguous"].tolist() == [True, False]
    assert str(parsed["is_ambiguous"].dtype) == "boolean"
    assert parsed.loc[0, "warning_codes"] == "tie" and parsed.loc[0, "confidence"] < 0.5
    assert "Huyện Ba Vì" in parsed.loc[0, "error"] and pd.isna(parsed.loc[1, "error"])
    with pytest.raises(AmbiguousUnitError):
        parse_addresses(texts, errors="raise")
    out = convert_addresses(texts, prefix="")
    assert out["is_ambiguous"].tolist() == [True, False]
    assert out.loc[0, "candidate_codes"].split(",") == [
        c.code for c in convert_address(TIE_TEXT).candidates
    ]
    assert pd.isna(out.loc[0, "address"]) and pd.isna(out.loc[0, "commune_code"])
    assert out.loc[0, "warning_codes"] == "tie" and out.loc[0, "confidence"] < 0.5
    assert out.loc[1, "commune_code"] == _xa_ba_vi().code


def test_cli_shows_the_tie(capsys: pytest.CaptureFixture[str]) -> None:
    from vn_units.cli import main

    assert main(["convert", "--json", TIE_TEXT]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["is_ambiguous"] is True and data["address"] is None
    assert data["warning_codes"] == ["tie"] and data["confidence"] < 0.5
    assert [c["code"] for c in data["candidates"]] == [
        c.code for c in convert_address(TIE_TEXT).candidates
    ]
    assert main(["convert", TIE_TEXT]) == 0
    assert "(tie: the address reads several ways equally well)" in capsys.readouterr().out
    assert main(["parse", "--json", TIE_TEXT]) == 1  # not resolved: a tie
    data = json.loads(capsys.readouterr().out)
    assert data["is_ambiguous"] is True and data["warning_codes"] == ["tie"]
    assert "Huyện Ba Vì" in data["error"]


def test_tying_readings_without_a_commune_in_different_provinces() -> None:
    # "TN": the initials of Thái Nguyên and of Tây Ninh, no commune
    p = parse_address("TN")
    provinces_read = {t.province for t in p.ties}
    assert len(provinces_read) == 2 and all(t.commune is None for t in p.ties)
    r = convert_address("TN")
    assert r.candidates == () and r.addresses == () and r.province is None
    assert r.is_ambiguous


def test_is_ambiguous_and_the_tie_warning_agree_on_the_corpus() -> None:
    # ParsedAddress says a tie one way: is_ambiguous, ties and the TIE code agree on every
    # labelled text and every hand-picked case (so did 43,795 texts on 2026-12-07: these, a
    # second corpus and the rewritings of benchmarks/address_variants.py, test literals)
    from pathlib import Path

    corpus = Path(__file__).resolve().parent / "corpus"
    texts = [
        json.loads(line)["text"]
        for name in ("generated.jsonl", "handwritten.jsonl")
        for line in (corpus / name).read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    texts += [
        line.split(" | ", 7)[7] for line in (corpus / "cases.txt").read_text(
            encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#") and line.count(" | ") >= 7
    ]
    assert len(texts) > 5000
    wrong = []
    tied = 0
    for text in texts:
        p = parse_address(text)
        tied += p.is_ambiguous
        if not p.is_ambiguous == (len(p.ties) > 1) == (WarningCode.TIE in p.warning_codes):
            wrong.append(text)
    assert wrong == []
    assert tied > 10  # the corpus has ties to agree on


def test_a_result_writes_itself_only_in_a_known_style() -> None:
    from vn_units import InvalidArgumentError, format_address

    p = parse_address("Thôn 3, " + TIE_TEXT)
    for style in ("full", "short", "english"):
        assert p.format(style) == format_address(p, style=style)  # type: ignore[arg-type]
    assert str(p) == p.format() == "Thôn 3, Xã Ba Vì, Thành phố Hà Nội"
    with pytest.raises(InvalidArgumentError):
        p.format("bogus")  # type: ignore[arg-type]


def test_confidence_follows_the_ranking_on_one_scale() -> None:
    # every reading of a text is on the scale of its best reading's era, so a reading ranked
    # lower is never more confident ("65 Lê Lợi P.Bến Thành Q1 TPHCM": its current reading, a
    # district skipped, was 1.0 on the current era's scale under the legacy reading's 0.862),
    # ties share the best reading's confidence, and the others are in confidence order
    from pathlib import Path

    cases = Path(__file__).resolve().parent / "corpus" / "cases.txt"
    texts = [
        line.split(" | ", 7)[7] for line in cases.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#") and line.count(" | ") >= 7
    ]
    texts += ["85 DIEN BIEN PHU  PHUONG TTONG MAI  THANH PHO HA NOI", "Tổ 5, 3", TIE_TEXT]
    assert len(texts) > 300
    above, unshared, unordered = [], [], []
    for text in texts:
        p = parse_address(text)
        alts = p.alternatives
        above += [text for a in alts if a.confidence > p.confidence]
        unshared += [text for t in p.ties if t.confidence != p.confidence]
        unordered += [text for a, b in pairwise(alts) if b.confidence > a.confidence]
    assert (above, unshared, unordered) == ([], [], [])
    p = parse_address("65 Lê Lợi P.Bến Thành Q1 TPHCM")
    current = next(a for a in p.alternatives if a.era == "current" and a.commune is not None)
    assert p.era == "legacy" and p.confidence > 0.8 > 0.5 > current.confidence > 0
    b = parse_address(TIE_TEXT)
    assert [t.confidence for t in b.ties] == [b.confidence] * 2
    assert all(a.confidence < b.confidence for a in b.alternatives[1:])


def test_readings_of_other_levels_of_one_era_tie() -> None:
    # "Tổ 5, 3": a group, then "3": Quận 3 of Hồ Chí Minh City, or Phường 3 of one of several
    # cities, equally (no type word, no parent): a tie, not the district by sort order
    q3 = legacy.districts.find("Quận 3", within=legacy.provinces.find("Hồ Chí Minh"))
    p = parse_address("Tổ 5, 3")
    assert p.is_ambiguous and WarningCode.TIE in p.warning_codes
    assert p.ties[0] is p and p.district == q3 and p.commune is None
    wards = {t.commune for t in p.ties[1:]}
    assert len(wards) == len(p.ties) - 1 > 5
    assert all(c is not None and c.name == "3" for c in wards)
    assert all(t.era == "legacy" and t.confidence == p.confidence for t in p.ties)
    r = convert_address("Tổ 5, 3")
    assert r.is_ambiguous and r.province is None
    expected = set(_communes_of(q3))
    for c in wards:
        expected |= set(_communes_of(c))
    assert set(r.candidates) == expected
    with pytest.raises(AmbiguousUnitError) as exc:
        resolve_address("Tổ 5, 3")
    assert exc.value.candidates[0] == q3 and set(exc.value.candidates[1:]) == wards
    assert isinstance(exc.value, LookupError)
    with pytest.raises(AmbiguousUnitError):
        resolve_address("Tổ 5, 3", level="district")
    # a type word decides
    assert not parse_address("Tổ 5, Quận 3").is_ambiguous
    assert resolve_address("Tổ 5, Quận 3", level="district").district == q3


def test_diacritics_written_tell_units_of_other_levels_apart() -> None:
    # "Lâm Hà" and "Lam Hạ" share their key: the marks written decide (a name written with
    # marks its unit's name has not is other words, see _weights._MARKS_DIFFER)
    lam_ha = legacy.districts.find("Huyện Lâm Hà")
    lam_ha_ward = legacy.communes.find("Phường Lam Hạ")
    p = parse_address("Lâm Hà")
    assert (p.era, p.district, p.commune) == ("legacy", lam_ha, None)
    assert lam_ha_ward not in {a.commune for a in p.ties}
    q = parse_address("Lam Hạ")
    assert (q.era, q.commune) == ("legacy", lam_ha_ward)
    assert lam_ha not in {a.district for a in q.ties}
    # a name of another unit, not a misspelling of the current one: Xã Tân Đồng of Trấn Yên
    # (merged in 2025), not Xã Tân Đông; Phường Đúc of Huế, not Xã Phượng Dực of Hà Nội
    r = parse_address("Xã Tân Đồng")
    assert r.era == "legacy" and r.commune is not None and r.commune.name == "Tân Đồng"
    assert r.district == legacy.districts.find("Huyện Trấn Yên")
    s = parse_address("Phường Đúc")
    assert s.era == "legacy" and s.commune is not None and s.commune.name == "Phường Đúc"


def test_an_address_without_diacritics_is_not_judged_by_them() -> None:
    # the same names without any mark: no unit is preferred by its marks
    plain = parse_address("Lam Ha")
    found = {(a.district, a.commune) for a in [plain, *plain.alternatives]}
    assert (legacy.districts.find("Huyện Lâm Hà"), None) in found
    assert any(c == legacy.communes.find("Phường Lam Hạ") for _, c in found)
    assert plain._score == parse_address("Lâm Hà")._score
