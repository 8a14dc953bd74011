"""The weights of the reader's scores, and the factors of its confidence, in one place.

A reading's score is the sum of the scores of its hits (``_candidates``): an exact name, a
type word that agrees or not, a hit bounded by separators or not, a level skipped.
"""

from __future__ import annotations

from typing import Final

_NO_SCORE: Final = float("-inf")


_EXACT: Final = 10.0


_TYPE_AGREES: Final = 3.0


_TYPE_DISAGREES: Final = -4.0


# A district written with the type word of another district of its province that has its name
# ("Xã Tân Hội, Huyện Cai Lậy, Tỉnh Tiền Giang": Tân Hội is in Thị xã Cai Lậy, next to Huyện
# Cai Lậy): the writer took one for the other, so its type costs nothing, as no type word
# would (a type word that fits no unit of the name costs _TYPE_DISAGREES); the district whose
# type fits still scores _TYPE_AGREES above it, so a commune of either written exactly tells
# which. Fitted on the labelled corpus once misspellings are read in the same pass as exact
# names (a misspelt commune under the district whose type fits outscored the exact one under the
# other): -4 (_TYPE_DISAGREES) 99.74 %, 0 99.92 %.
_SIBLING_TYPE: Final = 0.0


# A type word the unit had under that name before 2025-06-30, not on that day ("Tỉnh Thừa
# Thiên Huế", Thành phố Huế since 2025-01-01): it fits, a little below a type of 2025-06-30
# ("Thị trấn Phong Điền, Huyện Phong Điền" with no province is Cần Thơ's, whose types fit now).
_TYPE_EARLIER: Final = _TYPE_AGREES - 0.5


_BOUNDED: Final = 1.0


_LOOSE: Final = -10.0


_BARE_NUMBER: Final = -2.0


# A legacy district named by its bare name inside the part of a commune of it, right after
# that commune, which starts the part or has its type word ("Tây Tựu Bắc Từ Liêm, Hà Nội";
# "Xã Bình Phú Càng Long, Trà Vinh": a form's one field holding both): the two names nest, so
# the district is no tail of a longer name ("Phường Nam Nha Trang" names no district Nha
# Trang): _LOOSE is given back. Otherwise a current reading that leaves the district out
# outscores the reading of every unit written.
_NESTED_IN_PART: Final = -_LOOSE


# A unit below the province named inside free text (no type word, words of its part before it:
# see _Hit.free), under a province the text names only by its name of the other era (an extra
# province of a cross hit): weak evidence, below the province alone ("dai hoc duy tan da nang"
# is in Đà Nẵng, not in Xã Duy Tân of the legacy Quảng Nam that current Đà Nẵng took in). Not
# when another unit below the province, typed or bounded, nests with it.
_FREE_CROSS: Final = -10.0


def _ceiling(base: float, words: int) -> float:
    """The highest score of a hit with this base score and a key of ``words`` words, typed
    and bounded (see _score)."""
    return base + 0.05 * words + _TYPE_AGREES + _BOUNDED


_SKIPPED: Final = -3.0


# A reading of an address without separators whose first unit comes right after a commune type
# word and a name it leaves in the street ("… Xã Na Thái Ninh Tỉnh Hưng Yên": Nam Thái Ninh
# misspelt, not Thái Ninh after a street "Xã Na"; "Phuong Truogn Vinh Tinh Nghe An": Phường
# Trường Vinh, not Thành phố Vinh): it cut a typed name in two.
_NAME_CUT: Final = -2.0


# A bare name at the end of an address that is the name of a province of either era, read as a
# commune or a legacy district with its province inferred: "Bình Định" alone, or after a street,
# is the province (legacy, now part of Gia Lai), not Xã Bình Định in Hưng Yên; "Long An" is the
# province, not Phường Long An; "Thái Bình" is not also its city, nor "Hoà Bình" Huyện Hòa Bình
# of Bạc Liêu (readings of one era that score as well tie, whatever their levels). Below a
# province-only reading of the legacy era (a tie otherwise goes to the current era) and of the
# current era with the other era's name (one point less).
_PROVINCE_NAMED: Final = -1.5


# A unit named in a remark in parentheses that names the former unit ("Phường Sài Gòn (P. Bến
# Nghé cũ)"), read in the legacy era in the place of the part before it: below the same unit
# written in the text.
_REMARK: Final = -1.0


# A unit's own name written with diacritics that its name has not (a tone mark, a vowel mark or
# "đ" the name lacks, or another tone: see _words._marks_fit), in an address written with
# diacritics: other words, not a name with marks left out ("Lâm Hà" is Huyện Lâm Hà, not
# Phường Lam Hạ, which shares its key; "Lam Ha" could be either). A penalty, not a reward for
# marks that fit, so that a text without diacritics, or with some left out, scores as before.
_MARKS_DIFFER: Final = -0.5


_MAX_SCORE: Final = _EXACT + _TYPE_AGREES + _BOUNDED


# the confidence of a reading whose last unit's name may go on into the street, relative
_OPEN_END: Final = 0.8
