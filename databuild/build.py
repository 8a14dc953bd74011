"""Orchestrates the data build: sources -> stages -> ``src/vn_units/_data``.

Usage::

    python -m databuild            # regenerate src/vn_units/_data
    python -m databuild --check    # regenerate into a temporary folder, fail on any byte difference
    python -m databuild --extract  # rewrite databuild/extracts/ from the GitHub mirrors (pinned
                                   # commits; see databuild/github.py), then review and re-pin

Stages (one module each) return ``{filename: json_object}``; this module writes them
deterministically (UTF-8, NFC, two-space indent, trailing newline) and writes ``MANIFEST.json``.
"""

from __future__ import annotations

import argparse
import filecmp
import hashlib
import json
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

from databuild import github, sources

DATA_DIR = Path(__file__).resolve().parent.parent / "src" / "vn_units" / "_data"


def ensure_src_on_path() -> None:
    """Make ``vn_units`` importable from a clean clone (``python -m databuild``, not installed)."""
    try:
        import vn_units.text  # noqa: F401
    except ImportError:
        sys.path.insert(0, str(DATA_DIR.parent.parent))


ensure_src_on_path()

DATA_VERSION = "2026.11.0"


def _nfc(obj: Any) -> Any:
    if isinstance(obj, str):
        return unicodedata.normalize("NFC", obj)
    if isinstance(obj, list):
        return [_nfc(x) for x in obj]
    if isinstance(obj, dict):
        return {_nfc(k): _nfc(v) for k, v in obj.items()}
    return obj


def dumps(obj: Any) -> bytes:
    """The one serialisation of every generated file (binary files are already bytes)."""
    if isinstance(obj, bytes):
        return obj
    return (json.dumps(_nfc(obj), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def generate(*, check: bool = False, geo_source: bool | None = None) -> dict[str, Any]:
    """Run every stage and return ``{filename: object}`` including the manifest."""
    from databuild import aliases, current, former, geo, history, legacy, names

    files: dict[str, Any] = {}
    geo_files, geo_units = geo.build(check=check, from_source=geo_source)
    files.update(geo_files)
    cur = current.build(geo_units)
    files.update(cur)
    files.update(legacy.build(cur))
    files.update(aliases.build(files))
    files.update(former.build(files))
    files.update(history.build(files))  # adds the dated names to former_names.json
    files.update(names.build(files))  # (derived: the keys the address reader looks names up by)
    files["MANIFEST.json"] = manifest(files)
    return files


def _counts(files: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, obj in sorted(files.items()):
        if isinstance(obj, list):
            by_type: dict[str, int] = {}
            for rec in obj:
                t = rec.get("type") or rec.get("types", [{}])[0].get("type")
                if t:
                    by_type[t] = by_type.get(t, 0) + 1
            out[name] = {"records": len(obj), "by_type": dict(sorted(by_type.items()))}
        elif name == "lineage.json":
            out[name] = {k: len(obj[k]) for k in ("provinces", "districts", "communes")}
        elif name == "history.json":
            out[name] = {"snapshots": len(obj["snapshots"]), "events": len(obj["events"]),
                         **{k: len(obj[k]) for k in ("provinces", "districts", "communes")}}
        elif name == "name_keys.json":
            out[name] = {k: len(v) for k, v in obj.items()}
        elif name == "former_names.json":
            out[name] = {
                k: {"units": len(obj[k]), "names": sum(len(v) for v in obj[k].values())}
                for k in ("legacy_districts", "legacy_communes")
            }
    return out


def manifest(files: dict[str, Any]) -> dict[str, Any]:
    return {
        "data_version": DATA_VERSION,
        "effective_dates": {"legacy": "2025-06-30", "current": "2025-07-01",
                            "history": [files["history.json"]["start"],
                                        files["history.json"]["end"]]},
        "generated_by": "python -m databuild",
        "sources": [s.manifest() for s in sources.ALL],
        "github_sources": [*(e.manifest() for e in github.ALL), geo_manifest()],
        "derived": [names_manifest()],
        "counts": _counts(files),
        "files": {
            name: hashlib.sha256(dumps(obj)).hexdigest()
            for name, obj in sorted(files.items())
        },
    }


def names_manifest() -> dict[str, Any]:
    from databuild import names

    return {
        "file": "name_keys.json",
        "from": sorted([*names.TABLES.values(), "aliases.json"]),
        "by": "databuild/names.py with vn_units.address._gazetteer.unit_keys and "
              "vn_units.address._words.name_words",
        "role": "the keys of every unit's name and the words of all names, which the address "
                "reader reads instead of normalising 14,149 names at its first address",
    }


def geo_manifest() -> dict[str, str]:
    from databuild import geo

    return geo.manifest_source()


def write(files: dict[str, Any], target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name, obj in sorted(files.items()):
        (target / name).write_bytes(dumps(obj))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m databuild", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="regenerate into a temporary folder and compare byte for byte")
    parser.add_argument("--extract", action="store_true",
                        help="rewrite databuild/extracts/ from the GitHub mirrors")
    parser.add_argument("--geo-source", action="store_true",
                        help="rebuild the boundaries from the GitHub snapshot (extracted from a "
                        "local `fetch` mirror if needed); default: only when already extracted")
    args = parser.parse_args(argv)
    if args.extract:
        for e in github.ALL:
            data = e.regenerate()
            e.path.parent.mkdir(parents=True, exist_ok=True)
            e.path.write_bytes(data)
            digest = hashlib.sha256(data).hexdigest()
            verdict = "" if digest == e.sha256 else ": re-pin after review"
            print(f"{e.path.name}: sha256 {digest} (pinned {e.sha256}{verdict})")
        return 0
    files = generate(check=args.check, geo_source=True if args.geo_source else None)
    if not args.check:
        write(files, DATA_DIR)
        print(f"wrote {len(files)} files to {DATA_DIR}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        write(files, Path(tmp))
        committed = sorted(p.name for p in DATA_DIR.iterdir() if p.suffix in (".json", ".bin"))
        generated = sorted(files)
        bad = []
        for e in github.ALL:
            e.load()  # verifies the committed extract against its pinned sha256
            if github.Repo(e.repo).present:
                if e.regenerate() != e.path.read_bytes():
                    bad.append(f"{e.path.name} differs from its regeneration from {e.repo}")
                else:
                    print(f"{e.path.name}: regenerated from the {e.repo} mirror byte for byte")
            else:
                print(f"{e.path.name}: sha256 verified ({e.repo} not reachable: not regenerated)")
        if committed != generated:
            bad.append(f"file sets differ: committed {committed} generated {generated}")
        for name in generated:
            if name in committed and not filecmp.cmp(Path(tmp) / name, DATA_DIR / name,
                                                     shallow=False):
                bad.append(f"{name} differs from its regeneration")
        if bad:
            print("databuild --check FAILED:\n  " + "\n  ".join(bad), file=sys.stderr)
            return 1
    print(f"databuild --check: {len(generated)} files regenerate byte for byte")
    return 0
