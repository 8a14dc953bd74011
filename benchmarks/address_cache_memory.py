"""How much memory the address reader's caches can hold: every cache filled to its cap.

    python benchmarks/address_cache_memory.py [--texts 9000]

Parses ``--texts`` distinct texts of the worst kind for the caches (300 characters, the longest
text kept; random words of one to four letters, each a new entry of the word caches; two parts,
the last of 118 characters, kept by the province cache), after a warm-up that builds the
indexes, and reports the memory the caches then hold (``tracemalloc``, after a garbage
collection), with the number of entries of each. ``tests/test_address_results.py`` checks that
every cache has a cap in entries and keeps no entry longer than its limit; this measures what
those caps come to in bytes (docs/addresses.md gives the ceiling).
"""

from __future__ import annotations

import argparse
import gc
import random
import string
import time
import tracemalloc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=9000)
    args = parser.parse_args()
    from vn_units import address, parse_address
    from vn_units.address import _candidates, _parsing, _words

    for text in ("12 Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh",
                 "Xã Ba Vì, Huyện Ba Vì, Hà Nội", "ab cd, ef gh"):
        parse_address(text)
    rng = random.Random(7)

    def part(n: int) -> str:
        words: list[str] = []
        while sum(len(w) + 1 for w in words) < n:
            size = rng.randint(1, 4)
            words.append("".join(rng.choice(string.ascii_lowercase) for _ in range(size)))
        return " ".join(words)[:n].strip()

    texts = [f"{part(179)}, {part(118)}"[:300] for _ in range(args.texts)]
    address._clear_caches()
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    t0 = time.perf_counter()
    for text in texts:
        parse_address(text)
    gc.collect()
    held = tracemalloc.get_traced_memory()[0] - before
    print(f"{args.texts:,} distinct texts of 300 characters in {time.perf_counter() - t0:.0f} s:"
          f" the caches hold {held / 2**20:.1f} MiB")
    print(f"  texts {_parsing._parse_cached.cache_info().currsize:,},"
          f" province parts {len(_candidates._HITS_CACHE):,},"
          f" word keys {_words._cached_keys.cache_info().currsize:,},"
          f" words {len(_words._WORD_INFO):,}, misspellings {len(_words._MISSPELT):,}")
    address._clear_caches()
    gc.collect()
    left = tracemalloc.get_traced_memory()[0] - before
    print(f"  after _clear_caches() (the word caches stay): {left / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
