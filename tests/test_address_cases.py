"""The hand-picked address cases of ``tests/corpus/cases.txt``, one test each.

Each line of the file is ``era | province | district | commune | street | warnings |
options | text`` (the file's header says what each column holds). The units are written by
NAME and looked up here in the bundled data, strictly (``Registry.find`` within the parent
written before them, and the unit found must bear the name as written), never with the
address reader: the expectations do not depend on the reader they test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from unidecode import unidecode

import vn_units
from vn_units import WarningCode, legacy
from vn_units.address import parse_address

CASES = Path(__file__).resolve().parent / "corpus" / "cases.txt"

_CODES = {w.value for w in WarningCode}
_CONF = re.compile(r"conf(<=|>=|<|>|=)([0-9.]+)$")
_OPTIONS = {"ambiguous", "unambiguous"}


@dataclass(frozen=True)
class Case:
    line: int
    group: str  # the comment above the case: what it guards
    era: str
    province: str
    district: str
    commune: str
    street: str
    warnings: str
    options: str
    text: str


def _cases() -> list[Case]:
    cases = []
    group: list[str] = []
    in_comment = False
    for number, line in enumerate(CASES.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            if not line.startswith("##"):  # "##" lines are the file's header
                if not in_comment:  # a comment after cases starts the next group
                    group = []
                group.append(line.lstrip("#").strip())
                in_comment = True
            continue
        in_comment = False
        fields = [x.strip() for x in line.split("|", 7)]
        if len(fields) != 8:
            raise ValueError(f"cases.txt line {number}: 8 columns expected, got {len(fields)}")
        cases.append(Case(number, " ".join(group), *fields))
    return cases


CASE_LIST = _cases()


def _id(case: Case) -> str:
    return f"{case.line}:{unidecode(case.text)}"


def _find(registry: Any, written: str, within: Any) -> Any:
    """The unit ``written`` names: ``=code`` or a name that ``find`` resolves to exactly one
    unit (within ``within``), whose full name or name is the name as written."""
    if written.startswith("="):
        return registry[written[1:]]
    unit = registry.find(written, within=within)
    assert written in (unit.full_name, unit.name), (
        f"{written!r} finds {unit.full_name!r}: write the name as the unit bears it"
    )
    return unit


def _expected_units(case: Case) -> dict[str, Any]:
    """level -> expected unit (``None`` for "-"), for each level that is not "*"."""
    if case.era in ("-", "*"):
        named = [x for x in (case.province, case.district, case.commune) if x not in "-*"]
        assert not named, "units are named in an era: write the era"
        return {
            level: None
            for level, x in (("province", case.province), ("district", case.district),
                             ("commune", case.commune))
            if x == "-"
        }
    regs = {
        "current": (vn_units.provinces, None, vn_units.communes),
        "legacy": (legacy.provinces, legacy.districts, legacy.communes),
    }[case.era]
    out: dict[str, Any] = {}
    parent = None
    for level, written, registry in zip(
        ("province", "district", "commune"), (case.province, case.district, case.commune), regs,
        strict=True,
    ):
        if written == "*":
            continue
        if written == "-":
            out[level] = None
            continue
        assert registry is not None, f"no {level} level in the {case.era} era"
        out[level] = parent = _find(registry, written, parent)
    return out


def _check_warnings(spec: str, got: tuple[WarningCode, ...]) -> None:
    codes = {c.value for c in got}
    if spec == "*":
        return
    if spec == "-":
        assert codes == set(), f"no warnings expected, got {sorted(codes)}"
        return
    tokens = spec.replace(",", " ").split()
    for t in tokens:
        assert t.lstrip("+!") in _CODES, f"unknown warning code {t!r}"
    if all(t[0] in "+!" for t in tokens):
        for t in tokens:
            if t[0] == "+":
                assert t[1:] in codes, f"{t[1:]} expected among {sorted(codes)}"
            else:
                assert t[1:] not in codes, f"{t[1:]} not expected, got {sorted(codes)}"
    else:
        assert not any(t[0] in "+!" for t in tokens), "an exact set, or +/! tokens: not both"
        assert codes == set(tokens)


def _read_era(case: Case) -> str:
    reads = [o.split("=", 1)[1] for o in case.options.split() if o.startswith("read=")]
    return reads[0] if reads else "auto"


def _check_options(case: Case, a: Any) -> None:
    for option in case.options.split():
        if option == "-" or option.startswith("read="):
            continue
        if option in _OPTIONS:
            assert a.is_ambiguous == (option == "ambiguous"), option
            continue
        m = _CONF.match(option)
        assert m is not None, f"unknown option {option!r}"
        op, value = m.group(1), float(m.group(2))
        ok = {
            "<": a.confidence < value, "<=": a.confidence <= value, "=": a.confidence == value,
            ">": a.confidence > value, ">=": a.confidence >= value,
        }[op]
        assert ok, f"confidence {a.confidence} is not {op} {value}"


def _named(unit: Any) -> tuple[str, str] | None:
    return None if unit is None else (unit.full_name, unit.code)


def test_the_file_has_cases() -> None:
    assert len(CASE_LIST) >= 200
    assert all(c.group for c in CASE_LIST), "each case sits under a comment that says why"


@pytest.mark.parametrize("case", CASE_LIST, ids=_id)
def test_case(case: Case) -> None:
    expected = _expected_units(case)  # looked up before reading: a bad label fails here
    a = parse_address(case.text, era=_read_era(case))  # type: ignore[arg-type]
    got = {"province": a.province, "district": a.district, "commune": a.commune}
    want = {k: _named(u) for k, u in expected.items()}
    have = {k: _named(got[k]) for k in expected}
    assert have == want, f"{case.group}\n{a}"
    if case.era != "*":
        assert a.era == (None if case.era == "-" else case.era), f"{case.group}\n{a}"
    if case.street != "*":
        assert a.street == (None if case.street == "-" else case.street), f"{case.group}\n{a}"
    _check_warnings(case.warnings, a.warning_codes)
    _check_options(case, a)
