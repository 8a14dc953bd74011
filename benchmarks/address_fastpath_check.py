"""Check that the fast path of the address reader gives the same results as the general reader.

    python benchmarks/address_fastpath_check.py [--variants 3]

Every address of the corpus (``tests/corpus/*.jsonl``, ``tests/corpus/handwritten.txt``), every
string literal of ``tests/test_address.py`` and generated variants of the corpus addresses
(case, diacritics, abbreviations, country and postal code, street added or dropped, ...) are
parsed twice, with ``vn_units.address._FAST`` on and off (caches cleared in between), in every
era mode. Compared field by field: the best reading (street, units, era, confidence, warnings,
internal score), ``is_ambiguous``, every alternative, ``resolve_address`` (result or error) and
``convert_address`` (candidates, addresses, province). Prints the share of addresses answered by
the fast path and the differences; exits 1 when there is any.
"""

from __future__ import annotations

import argparse
import ast
import json
import random
import sys
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def corpus() -> list[str]:
    texts: list[str] = []
    for name in ("generated.jsonl", "handwritten.jsonl"):
        path = ROOT / "tests" / "corpus" / name
        if path.exists():
            texts += [json.loads(x)["text"] for x in path.read_text("utf-8").splitlines() if x]
    path = ROOT / "tests" / "corpus" / "handwritten.txt"
    if path.exists():
        texts += [x for x in path.read_text("utf-8").splitlines() if x.strip()]
    return texts


def test_literals() -> list[str]:
    tree = ast.parse((ROOT / "tests" / "test_address.py").read_text("utf-8"))
    return [
        n.value for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.strip()
    ]


def strip_marks(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


_ABBR = [
    ("Phường ", "P. "), ("Phường ", "P."), ("Xã ", "X. "), ("Quận ", "Q."), ("Quận ", "Q. "),
    ("Huyện ", "H. "), ("Thị trấn ", "TT. "), ("Thị xã ", "TX. "), ("Thành phố ", "TP. "),
    ("Thành phố ", "TP "), ("Tỉnh ", "T. "), ("Tỉnh ", ""), ("Phường ", ""), ("Xã ", ""),
    ("Quận ", ""), ("Huyện ", ""), ("Thành phố Hồ Chí Minh", "TP.HCM"), ("Thành phố ", "Tp."),
]


def variants(text: str, rng: random.Random, k: int) -> list[str]:
    parts = [p.strip() for p in text.split(",")]
    out = [
        text.lower(), text.upper(), strip_marks(text), text + ", Việt Nam", text + " 700000",
        text + ", VN", text.replace(", ", ","), text.replace(", ", " , "),
        ", ".join(parts[1:]) if len(parts) > 2 else text,
        "Số 12 ngõ 3, " + text, "12 Lê Lợi " + text,
        text.replace(", ", " - "), text.replace(", ", "; "), "  " + text + "  ",
        unicodedata.normalize("NFD", text),
    ]
    for old, new in _ABBR:
        if old in text:
            out.append(text.replace(old, new))
    rng.shuffle(out)
    return out[: max(k, 0)] + [t for t in out if "." in t][:1]


def snapshot(a: Any) -> tuple[Any, ...]:
    return (
        a.text, a.street, a.province, a.district, a.commune, a.era, a.confidence, a.warnings,
        a._score, a._prefix, str(a),
    )


def results(address: Any, text: str, era: str) -> dict[str, Any]:
    a = address.parse_address(text, era=era)
    out: dict[str, Any] = {"best": snapshot(a), "ambiguous": a.is_ambiguous}
    try:
        out["resolve"] = snapshot(address.resolve_address(text, era=era))
    except Exception as exc:
        out["resolve"] = (type(exc).__name__, str(exc))
    out["alternatives"] = [snapshot(x) for x in a.alternatives]
    if era == "auto":
        c = address.convert_address(text)
        out["convert"] = (c.candidates, c.addresses, c.province, c.is_ambiguous, snapshot(c.parsed))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--variants", type=int, default=3, help="variants per corpus address")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    from vn_units import address

    rng = random.Random(args.seed)
    base = corpus()
    texts = list(dict.fromkeys(base + test_literals()))
    for t in base:
        texts += variants(t, rng, args.variants)
    texts = list(dict.fromkeys(texts))

    taken = 0
    real = address._read_first_fast

    def counting(*a: Any) -> Any:
        nonlocal taken
        got = real(*a)
        taken += got is not None
        return got

    diffs = 0
    fast_share: dict[str, int] = {}
    for era in ("auto", "current", "legacy"):
        address._FAST = False
        address._clear_caches()
        general = [results(address, t, era) for t in texts]
        address._FAST = True
        address._clear_caches()
        address._read_first_fast = counting  # type: ignore[assignment]
        taken = 0
        fast = []
        for t in texts:
            address._parse_text.cache_clear()  # each address (and its tails) read afresh
            before = taken
            fast.append(results(address, t, era))
            fast_share[era] = fast_share.get(era, 0) + (taken > before)
        address._read_first_fast = real  # type: ignore[assignment]
        for t, g, f in zip(texts, general, fast, strict=True):
            if g != f:
                diffs += 1
                if diffs <= 20:
                    keys = [k for k in g if g[k] != f.get(k)]
                    print(f"DIFF era={era} {t!r}: {keys}")
                    for k in keys:
                        print(f"  general: {g[k]}\n  fast:    {f.get(k)}")
    address._FAST = True
    n_corpus = len(dict.fromkeys(base))
    # the result of parse_address is the reading of the last text _parse_text read (the cache
    # cleared): the fast path made it when it answered for that text
    last_fast = False
    real_strip = address._strip_tail

    def strip(tk: Any) -> Any:
        nonlocal last_fast
        last_fast = False
        return real_strip(tk)

    def note(*a: Any) -> Any:
        nonlocal last_fast
        got = real(*a)
        last_fast = got is not None
        return got

    address._strip_tail = strip  # type: ignore[assignment]
    address._read_first_fast = note  # type: ignore[assignment]
    corpus_fast = 0
    for t in dict.fromkeys(base):
        address._clear_caches()
        address.parse_address(t)
        corpus_fast += last_fast
    address._read_first_fast = real  # type: ignore[assignment]
    address._strip_tail = real_strip  # type: ignore[assignment]
    print(f"{len(texts)} addresses ({n_corpus} corpus, the rest test literals and variants), "
          "3 era modes")
    print(f"corpus addresses whose result the fast path made (era='auto'): {corpus_fast}/"
          f"{n_corpus} = {corpus_fast / n_corpus:.1%}")
    for era, k in fast_share.items():
        print(f"  all checked addresses, era={era}: fast path answered {k}/{len(texts)} "
              f"= {k / len(texts):.1%}")
    print(f"differences: {diffs}")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
