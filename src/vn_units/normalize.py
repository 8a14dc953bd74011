"""Pure text normalisation for Vietnamese unit names. Imports no data.

The data build uses the same functions, so build-time and run-time keys never disagree.

>>> ascii_fold("Phường Bến Thành")
'Phuong Ben Thanh'
>>> slugify("Thừa Thiên Huế")
'thua-thien-hue'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["ascii_fold", "slugify"]

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def ascii_fold(text: str) -> str:
    """Remove Vietnamese diacritics, keeping case, spacing and punctuation.

    >>> ascii_fold("Đắk Lắk")
    'Dak Lak'
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens.

    >>> slugify("Bà Rịa - Vũng Tàu")
    'ba-ria-vung-tau'
    """
    return _NON_ALNUM.sub("-", ascii_fold(text).lower()).strip("-")
