"""Differential check: what a change to the address reader changes in its results.

    python benchmarks/address_diff.py [--base REV] [--seed 424242] [--all] [--installed]

Loads the address reader (the package ``src/vn_units/address/``, or before it was one
``address.py``, ``_reader.py`` and ``_results.py``) as it is in git revision ``--base``
(default ``HEAD``) next to the working tree's (or, with
``--installed``, the installed package's: a build compiled with mypyc is compared with the
plain Python of a revision so), and parses the same texts with both, in every era mode: the labelled
corpus (``tests/corpus/*.jsonl``), a second corpus generated with another seed, every string
literal of ``tests/test_address.py``, every text of ``tests/corpus/cases.txt``, the rewritings
of ``address_variants.py`` and a few
more (case, diacritics stripped, NFD, type words abbreviated or dropped, other separators,
street added or removed), and edge cases. Compared field by field: the best reading (text,
street, units, era, confidence, warnings, internal score), ``is_ambiguous``, every alternative,
``resolve_address`` (result or error) and, with ``era="auto"``, ``convert_address``.

First, on the labelled texts (both corpora and their rewritings, ``era="auto"``), how many
are read right now and were not, and the reverse (each listed). Then the differences (the
alternatives-only ones counted, shown with ``--all``) and, for each best reading whose units
changed, the old and new units; exits 1 when anything differs. A change meant to be faster
should show none; a change meant to read better shows what it changes.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "corpus"))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def labelled(seed: int) -> list[dict[str, Any]]:
    """The labelled corpus and a second one generated with ``seed``."""
    import generate

    from address_variants import corpus_rows

    rows = corpus_rows()
    generate.SEED = seed
    generate.PER_STYLE = 40
    return rows + [r for era in ("current", "legacy") for r in generate.rows_for_era(era)]


def right(address: Any, text: str, row: dict[str, Any]) -> bool:
    """Whether ``text`` (``row``'s address, maybe rewritten) is read with ``row``'s labels."""
    a = address.parse_address(text)
    got = {"province": a.province, "district": a.district, "commune": a.commune}
    return bool(a.era == row["era"]) and all(
        got[level] is not None and got[level].code == code
        for level, code in row["expected"].items()
    )


def test_literals() -> list[str]:
    """The string literals of ``tests/test_address.py``, and the texts of the hand-picked cases
    (``tests/corpus/cases.txt``) with the unit names and streets they expect."""
    tree = ast.parse((ROOT / "tests" / "test_address.py").read_text("utf-8"))
    literals = [
        n.value for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.strip()
    ]
    for line in (ROOT / "tests" / "corpus" / "cases.txt").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            fields = [x.strip() for x in line.split("|", 7)]
            literals.append(fields[7])  # the text
            # the province, district, commune and street expected (not "*", "-" or "=code")
            literals += [x for x in fields[1:5] if x not in ("*", "-") and x[0] != "="]
    return literals


_ABBREVIATIONS = [
    ("Phường ", "P."), ("Xã ", "X. "), ("Quận ", "Q."), ("Huyện ", "H. "), ("Thị trấn ", "TT. "),
    ("Thị xã ", "TX. "), ("Thành phố ", "TP. "), ("Tỉnh ", ""), ("Phường ", ""), ("Huyện ", ""),
]


def rewritings(text: str) -> list[str]:
    from address_variants import REWRITINGS, strip_marks

    out = [text.lower(), strip_marks(text), unicodedata.normalize("NFD", text), "Số 12, " + text]
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) > 2:
        out.append(", ".join(parts[1:]))
    out += [old_new for old, new in _ABBREVIATIONS if old in text
            for old_new in [text.replace(old, new)]]
    out += [r for rewrite in REWRITINGS.values() if (r := rewrite(text)) is not None]
    return out


EDGE_CASES = [
    "", " ", ",,,", "Việt Nam", "700000", "x" * 300, "Phường", "Quận 1", "P1", "Q.1, TP.HCM",
    "🙂 Phường 1, Quận 3, HCM 🙂", "a\x00b, Hà Nội", "Hà Nội, Hà Nội", "Tây Ninh",
]


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
    except (LookupError, ValueError) as exc:
        out["resolve"] = (type(exc).__name__, str(exc))
    out["alternatives"] = [snapshot(x) for x in a.alternatives]
    if era == "auto":
        c = address.convert_address(text)
        out["convert"] = (c.candidates, c.addresses, c.province, snapshot(c.parsed))
    return out


# the modules of the address reader before it was a package (vn_units/address/): address.py
# held the public API and, before _reader.py and _results.py, all of it
FLAT_MODULES = ("_results", "_reader", "address")
BASE = "vn_units._address_base"  # the package the base revision's reader is loaded as


def base_sources(rev: str) -> dict[str, str]:
    """The reader's files in revision ``rev``, by their name in :data:`BASE`'s folder: those of
    the package ``src/vn_units/address/``, or of the single modules it was made of before."""
    listed = subprocess.run(
        ["git", "ls-tree", "--name-only", f"{rev}:src/vn_units/address/"], cwd=ROOT,
        check=False, capture_output=True, text=True,
    )
    if listed.returncode == 0:  # the package: vn_units.address._decode, ...
        paths = {
            name: f"src/vn_units/address/{name}" for name in listed.stdout.split()
            if name.endswith(".py")
        }
        renames = [(r"vn_units\.address\b", BASE)]
    else:  # single modules: vn_units.address, vn_units._reader, vn_units._results
        paths = {
            ("__init__.py" if name == "address" else f"{name}.py"): f"src/vn_units/{name}.py"
            for name in FLAT_MODULES
        }
        renames = [(r"vn_units\.address\b", BASE)] + [
            (rf"vn_units\.{name}\b", f"{BASE}.{name}") for name in FLAT_MODULES[:2]
        ]
    sources: dict[str, str] = {}
    for name, path in paths.items():
        done = subprocess.run(
            ["git", "show", f"{rev}:{path}"], cwd=ROOT, check=False, capture_output=True,
            text=True,
        )
        if done.returncode == 0:
            source = done.stdout
            for pattern, new in renames:  # its imports of itself point at its own files
                source = re.sub(pattern, new, source)
            sources[name] = source
    if "__init__.py" not in sources:
        raise SystemExit(f"no address reader in revision {rev}")
    return sources


def give_back_old_names() -> None:
    """The names in other modules that readers of earlier revisions reached for, since made
    public or moved (tests/test_layout.py): given back under their old names, so that the
    base revision's reader loads next to today's package (today's reader uses none of them)."""
    from vn_units import _search, lineage, models

    def commune_pairs() -> list[tuple[str, str, str]]:
        return [
            (e.legacy_level, e.legacy_code, e.current_code)
            for e in lineage.edges() if e.current_level == "commune"
        ]

    def parents(unit: Any) -> Any:
        return unit.parents()

    for owner, name, value in (
        (_search, "_aliases", getattr(_search, "aliases", None)),
        (lineage, "_commune_pairs", commune_pairs),
        (models.Unit, "_parents", parents),
    ):
        if not hasattr(owner, name) and value is not None:
            setattr(owner, name, value)


def load_base(rev: str) -> Any:
    """The address module of revision ``rev``, with the reader modules of that revision, from
    their files of that revision (a checkout of them in a temporary folder, loaded as the
    package ``vn_units._address_base``; the rest of the package, the data, is the one
    imported), whether the revision has the reader as a package or as single modules."""
    give_back_old_names()
    folder = Path(tempfile.mkdtemp()) / BASE.rpartition(".")[2]
    folder.mkdir()
    for name, source in base_sources(rev).items():
        (folder / name).write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(
        BASE, folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def units(snap: Any) -> str:
    if not isinstance(snap, tuple) or len(snap) < 6:
        return repr(snap)
    found = [u.full_name for u in (snap[4], snap[3], snap[2]) if u is not None]
    return f"{snap[5]}: {', '.join(found) or 'nothing'}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="HEAD", help="git revision to compare with")
    parser.add_argument("--seed", type=int, default=424242, help="seed of the second corpus")
    parser.add_argument("--all", action="store_true", help="show alternatives-only changes")
    parser.add_argument(
        "--installed", action="store_true",
        help="compare the installed vn_units (a compiled build, say) instead of src/",
    )
    args = parser.parse_args()
    if not args.installed:
        sys.path.insert(0, str(ROOT / "src"))
    from address_variants import REWRITINGS
    from vn_units import address as new

    old = load_base(args.base)
    rows = labelled(args.seed)
    # labelled texts: the corpus addresses and their rewritings, read right before and after
    fixed = broken = checked = 0
    for row in rows:
        variants = [row["text"], *(r for f in REWRITINGS.values() if (r := f(row["text"])))]
        for text in variants:
            right_before, right_now = right(old, text, row), right(new, text, row)
            checked += 1
            fixed += right_now and not right_before
            broken += right_before and not right_now
            if right_before and not right_now:
                print(f"now wrong: {text!r}")
    print(f"{checked} labelled texts (era='auto'): {fixed} now right, {broken} now wrong")
    base = [row["text"] for row in rows]
    texts = list(dict.fromkeys(base + test_literals() + EDGE_CASES))
    for text in base:
        texts += rewritings(text)
    texts = list(dict.fromkeys(texts))
    print(f"{len(texts)} texts, compared with {args.base}", flush=True)
    kinds: Counter[str] = Counter()
    for era in ("auto", "current", "legacy"):
        old._clear_caches()
        new._clear_caches()
        for text in texts:
            before, after = results(old, text, era), results(new, text, era)
            if before == after:
                continue
            keys = [k for k in before if before[k] != after.get(k)]
            kind = "alternatives only" if keys == ["alternatives"] else "best reading"
            if "best" in keys and units(before["best"]) != units(after["best"]):
                kind = "units"
            kinds[f"{era}: {kind}"] += 1
            if kind == "units":
                was, now = units(before["best"]), units(after["best"])
                print(f"era={era} {text!r}\n    {was}\n -> {now}")
            elif kind != "alternatives only" or args.all:
                print(f"era={era} {text!r}: {', '.join(keys)}")
    print("differences:", dict(kinds) or 0)
    return 1 if kinds or fixed or broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
