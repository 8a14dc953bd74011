"""The cross-check's name classing (pure functions; no mirror needed)."""

from __future__ import annotations

import doctest

import pytest
from databuild import crosscheck
from databuild.crosscheck import (
    DIACRITICS,
    I_Y,
    IDENTICAL,
    LETTERS,
    SPACING,
    TONE,
    TYPE_WORD,
    name_kind,
    spelt,
)


@pytest.mark.parametrize(("theirs", "ours", "kind"), [
    ("Ba Chẽ", "Ba Chẽ", IDENTICAL),
    ("Hoà Bình", "Hòa Bình", TONE),
    ("Cư K\u2019nia", "Cư K'nia", TONE),
    ("Phường 3", "3", TYPE_WORD),
    ("Xã 03", "3", TYPE_WORD),
    ("Phan Rang-Tháp Chàm", "Phan Rang - Tháp Chàm", SPACING),
    ("Mỹ Quí", "Mỹ Quý", I_Y),
    ("Nặm Păm", "Nậm Păm", DIACRITICS),
    ("M'Drắk", "M'Đrắk", DIACRITICS),
    ("Tà Xi Láng", "Tà Si Láng", LETTERS),
    ("Xa Ea Kly", "Ea Kly", LETTERS),
])
def test_name_kind(theirs: str, ours: str, kind: str) -> None:
    assert name_kind(theirs, ours) == kind


def test_spelt_keeps_letters_and_diacritics() -> None:
    assert spelt("HOÀ") == spelt("hoà") == spelt("Hòa")
    assert spelt("Đắk") != spelt("Đăk")
    assert spelt("Ia H'Drai") != spelt("Ia H' Drai")


def test_module_doctests() -> None:
    result = doctest.testmod(crosscheck)
    assert result.attempted > 0 and result.failed == 0
