"""Top-1 accuracy of parse_address on messier rewritings of the labelled corpus.

    python benchmarks/address_variants.py [--show 3] [--confidence] [--pairs SEED]

Every address of ``tests/corpus/*.jsonl`` is rewritten the ways real data spoils addresses,
keeping its labels: a note, a phone number or a remark in parentheses after it; its parts in
reverse order (from the province down), with or without commas; parts cut by slashes or by
spaced dashes, or not cut at all; upper case without diacritics; doubled or non-breaking spaces;
a trailing country name with a postal code; a district written with the initials of its name
("Q.TB"); a typed district part before the typed commune part; a phone number after the
address with no separator. A rewriting is right
when ``parse_address(text)`` (``era="auto"``) gives the labelled era and every labelled code.
Rewritings that cannot keep the labels (an address of one part has no order to reverse) are not
made. Prints the wrong share per rewriting and ``--show`` wrong examples of each, and with
``--confidence`` the share read right per band of confidence; deterministic (no randomness).
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def strip_marks(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def parts(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


_DISTRICT_WORDS = {"Quận": "Q.", "Huyện": "H.", "Thị xã": "TX.", "Thành phố": "TP."}


def district_initials(text: str) -> str | None:
    """A typed district part of two or more name words (not the last part) written with the
    initials of its name, as people do in Hồ Chí Minh City and Hà Nội ("Q.TB", "Q.HBT")."""
    ps = parts(text)
    while ps and strip_marks(ps[-1]).lower().replace(" ", "").startswith(("vietnam", "vn")):
        ps.pop()  # a country name (and postal code) is no province
    text_tail = parts(text)[len(ps) :]
    for i, p in enumerate(ps[:-1]):
        for word, abbr in _DISTRICT_WORDS.items():
            name = p[len(word) + 1 :].split() if p.startswith(word + " ") else []
            if len(name) >= 2 and not any(w.isdigit() for w in name):
                ps[i] = abbr + "".join(w[0].upper() for w in name)
                return ", ".join(ps + text_tail)
    return None


_COMMUNE_WORDS = ("Phường ", "Xã ", "Thị trấn ", "P.", "X.", "TT.", "Đặc khu ")
_DISTRICT_STARTS = ("Quận ", "Huyện ", "Thị xã ", "Q.", "H.", "TX.")


def district_first(text: str) -> str | None:
    """The typed commune part and the typed district part after it swapped ("…, Quận 3, Phường
    6, TP HCM"), as some forms write them."""
    ps = parts(text)
    for i in range(len(ps) - 1):
        if ps[i].startswith(_COMMUNE_WORDS) and ps[i + 1].startswith(_DISTRICT_STARTS):
            ps[i], ps[i + 1] = ps[i + 1], ps[i]
            return ", ".join(ps)
    return None


# name -> rewriting (None when it does not apply to the address)
def _as_written(text: str) -> str | None:
    return text


REWRITINGS: dict[str, Callable[[str], str | None]] = {
    "note after": lambda t: f"{t}, giao giờ hành chính",
    "phone after": lambda t: f"{t} - 0903123456",
    "remark in parentheses": lambda t: f"{t} (gần chợ)",
    "country and postal code": lambda t: f"{t}, Việt Nam 700000",
    "reversed parts": lambda t: ", ".join(reversed(parts(t))) if len(parts(t)) > 1 else None,
    "spaced slashes": lambda t: " / ".join(parts(t)) if len(parts(t)) > 1 else None,
    "spaced dashes": lambda t: " - ".join(parts(t)) if len(parts(t)) > 1 else None,
    "no separators": lambda t: " ".join(parts(t)) if len(parts(t)) > 1 else None,
    "upper case, no diacritics": lambda t: strip_marks(t).upper(),
    "doubled spaces": lambda t: t.replace(" ", "  "),
    "non-breaking spaces": lambda t: t.replace(", ", ",\u00a0").replace(" ", "\u00a0"),
    "district initials": district_initials,
    "district before commune": district_first,
    "reversed, no separators": (
        lambda t: " ".join(reversed(parts(t))) if len(parts(t)) > 1 else None
    ),
    "phone after, no separator": lambda t: f"{t} SĐT 0903 123 456",
}


def corpus_rows() -> list[dict[str, Any]]:
    """The labelled corpus: ``tests/corpus/generated.jsonl`` and ``handwritten.jsonl``."""
    rows: list[dict[str, Any]] = []
    for name in ("generated.jsonl", "handwritten.jsonl"):
        path = ROOT / "tests" / "corpus" / name
        rows += [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]
    return rows


def right(row: dict[str, Any], a: Any) -> bool:
    """Whether reading ``a`` gives the row's labelled era and every labelled code."""
    got = {"province": a.province, "district": a.district, "commune": a.commune}
    return a.era == row["era"] and all(
        got[level] is not None and got[level].code == code
        for level, code in row["expected"].items()
    )


def pairs(seed: int) -> int:
    """Two rewritings chained on each corpus address (not the misspelt ones), picked at random
    with ``seed``: harder than real data mostly is (a remark before a reversed address), a
    search for readings that are wrong yet confident."""
    import random

    from vn_units import parse_address

    rng = random.Random(seed)
    names = [k for k in REWRITINGS if k != "district initials"]
    n = wrong = 0
    confident: list[tuple[float, str, str]] = []
    for row in corpus_rows():
        if row.get("style") == "typo":
            continue
        text: str | None = row["text"]
        for kind in rng.sample(names, 2):
            text = REWRITINGS[kind](text) if text is not None else None
        if text is None:
            continue
        a = parse_address(text)
        n += 1
        if not right(row, a):
            wrong += 1
            if a.confidence >= 0.8:
                found = ", ".join(u.full_name for u in reversed(a.units)) or "nothing"
                confident.append((a.confidence, text, found))
    print(f"{n} addresses, two rewritings each (seed {seed}): {wrong} wrong,"
          f" {100 * (n - wrong) / n:.1f}% right; wrong at confidence 0.8 or more: {len(confident)}")
    for conf, text, found in sorted(confident, reverse=True):
        print(f"    {conf:.3f} {text!r} -> {found}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show", type=int, default=0, help="wrong examples per rewriting")
    parser.add_argument(
        "--confidence", action="store_true",
        help="also the share read right per band of confidence (the addresses as written too)",
    )
    parser.add_argument(
        "--pairs", type=int, metavar="SEED", default=None,
        help="instead: two rewritings chained on each address (picked with this seed), the"
        " share read right and the wrong readings at confidence 0.8 or more",
    )
    args = parser.parse_args()
    if args.pairs is not None:
        return pairs(args.pairs)
    from vn_units import parse_address

    rows = corpus_rows()
    total: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    examples: defaultdict[str, list[str]] = defaultdict(list)
    bands = (0.9, 0.8, 0.7, 0.6, 0.5, 0.3, 0.0)
    band_n: Counter[float] = Counter()
    band_right: Counter[float] = Counter()
    for row in rows:
        for kind, rewrite in [("as written", _as_written), *REWRITINGS.items()]:
            text = rewrite(row["text"])
            if text is None:
                continue
            a = parse_address(text)
            read_right = right(row, a)
            band = next(b for b in bands if a.confidence >= b)
            band_n[band] += 1
            band_right[band] += read_right
            if kind == "as written":
                continue
            total[kind] += 1
            if not read_right:
                wrong[kind] += 1
                if len(examples[kind]) < args.show:
                    found = ", ".join(u.full_name for u in reversed(a.units)) or "nothing"
                    examples[kind].append(f"    {text!r} -> {a.era}: {found}")
    print(f"{len(rows)} corpus addresses, {sum(total.values())} rewritings")
    print("| rewriting | n | wrong | top-1 |")
    print("|---|---:|---:|---:|")
    for kind in REWRITINGS:
        n, w = total[kind], wrong[kind]
        print(f"| {kind} | {n} | {w} | {100 * (n - w) / n:.1f}% |")
    n, w = sum(total.values()), sum(wrong.values())
    print(f"| **all** | {n} | {w} | {100 * (n - w) / n:.1f}% |")
    if args.confidence:
        print(f"\nconfidence of the best reading ({sum(band_n.values())} texts: the corpus as"
              " written and every rewriting)")
        print("| confidence | n | wrong | read right |")
        print("|---|---:|---:|---:|")
        upper = 1.0
        for b in bands:
            n = band_n[b]
            share = f"{100 * band_right[b] / n:.2f}%" if n else "-"
            print(f"| {b:.1f} – {upper:.1f} | {n} | {n - band_right[b]} | {share} |")
            upper = b
    for kind, lines in examples.items():
        if not lines:
            continue
        print(kind)
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
