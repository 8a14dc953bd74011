"""Pinned GitHub sources, read from a bare mirror, reduced to compact extracts.

CI reaches PyPI only. A source that lives in a GitHub repository is therefore read once, at a
pinned commit, from a bare mirror (``VN_UNITS_MIRRORS``, default ``/work/.mirror``; the folder
``<owner>+<name>/repo`` is a bare git directory), and reduced to a small JSON *extract* under
``databuild/extracts/`` that is committed with its sha256 recorded here. The build reads the
extract, never the repository:

* ``python -m databuild --extract`` rewrites the extracts from the mirrors (each blob read at the
  pinned commit, so a moved branch changes nothing);
* ``python -m databuild --check`` verifies every extract against its recorded sha256, and where
  a mirror is present also regenerates the extract and compares it byte for byte.

Extract functions read data only (JSON, SQL text); no code of a source is executed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EXTRACTS = Path(__file__).resolve().parent / "extracts"
MIRRORS = Path(os.environ.get("VN_UNITS_MIRRORS", "/work/.mirror"))


def dumps(obj: Any) -> bytes:
    """Compact, deterministic JSON (one line per top-level entry would not help diffs here)."""
    return (json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            + "\n").encode("utf-8")


class Repo:
    """Read blobs of a bare mirror at fixed commits."""

    def __init__(self, repo: str) -> None:
        self.repo = repo
        self.git_dir = MIRRORS / repo.replace("/", "+") / "repo"

    @property
    def present(self) -> bool:
        return (self.git_dir / "HEAD").exists()

    def _git(self, *args: str, data: bytes | None = None) -> bytes:
        return subprocess.run(["git", "--git-dir", str(self.git_dir), *args], input=data,
                              check=True, capture_output=True).stdout

    def show(self, commit: str, path: str) -> bytes:
        return self._git("show", f"{commit}:{path}")

    def ls(self, commit: str, prefix: str) -> list[str]:
        out = self._git("ls-tree", "-r", "--name-only", commit, "--", prefix)
        return out.decode().splitlines()

    def many(self, commit: str, paths: list[str]) -> dict[str, bytes]:
        """Several blobs in one ``git cat-file --batch`` call."""
        data = "".join(f"{commit}:{p}\n" for p in paths).encode()
        raw = self._git("cat-file", "--batch", data=data)
        out: dict[str, bytes] = {}
        pos = 0
        for p in paths:
            end = raw.index(b"\n", pos)
            header = raw[pos:end].split()
            if header[-1] == b"missing":
                raise SystemExit(f"{self.repo}@{commit}: {p} missing")
            size = int(header[2])
            out[p] = raw[end + 1:end + 1 + size]
            pos = end + 1 + size + 1
        return out


@dataclass(frozen=True)
class Extract:
    """One committed extract of a pinned GitHub source."""

    name: str
    repo: str
    commits: tuple[str, ...]
    license: str
    role: str
    sha256: str
    make: Callable[[Repo, tuple[str, ...]], Any]

    @property
    def path(self) -> Path:
        return EXTRACTS / self.name

    def regenerate(self) -> bytes:
        repo = Repo(self.repo)
        if not repo.present:
            raise SystemExit(f"{self.repo}: no mirror at {repo.git_dir}")
        return dumps(self.make(repo, self.commits))

    def load(self) -> Any:
        """The committed extract, after checking its sha256 against the pin."""
        data = self.path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != self.sha256:
            raise SystemExit(f"{self.path}: sha256 {digest} != pinned {self.sha256} "
                             "(re-run python -m databuild --extract and review)")
        return json.loads(data)

    def manifest(self) -> dict[str, Any]:
        return {"repository": f"github:{self.repo}", "commits": list(self.commits),
                "license": self.license, "role": self.role,
                "extract": f"databuild/extracts/{self.name}", "extract_sha256": self.sha256}


# --------------------------------------------------------------------------- dvhcvn/20250701
_KHOAN = re.compile(r"^\s*(\d+)\s*\\?\.")
_DOC = re.compile(r"^(\d+/NQ-UBTVQH15)")


def _dvhcvn_2025(repo: Repo, commits: tuple[str, ...]) -> Any:
    """Legacy commune code -> [[current code, whole|partial, document, clause, named], ...].

    ``mapping/merges.json`` gives each current commune's legacy communes with ``full`` or
    ``partial``; ``output/<p>/<d>/<code>.json`` gives, per legacy commune, the resolution and the
    numbered clause (khoản of Điều 1) that names it. A clause is kept only when its text is
    found in the resolution's Markdown under Điều 1; ``named`` is "1" when the clause names the
    legacy commune among the units it arranges (not merely as the new unit's name).
    """
    (commit,) = commits
    merges = json.loads(repo.show(commit, "mapping/merges.json"))
    kind: dict[tuple[str, str], str] = {}
    for p in merges["data"]:
        for new in p["level2s"]:
            for m in new["merges"]:
                if re.fullmatch(r"\d{5}", m["old_id"]):
                    kind[m["old_id"], new["level2_id"]] = (
                        "whole" if m["type"] == "full" else "partial")
    docs: dict[str, str] = {}
    for path in repo.ls(commit, "input/docs"):
        m = re.search(r"/(\d+)_NQ-UBTVQH15\.md$", path)
        if m:
            docs[f"{m[1]}/NQ-UBTVQH15"] = " ".join(repo.show(commit, path).decode().split())
    docs_art1 = {doc: _squash(text.split("Điều 2.")[0]) for doc, text in docs.items()}
    paths = [p for p in repo.ls(commit, "output") if re.search(r"/\d{5}\.json$", p)]
    blobs = repo.many(commit, paths)
    blobs_name: dict[str, str] = {}
    for path in paths:
        address = str(json.loads(blobs[path]).get("address", ""))
        first = address.split(",")[0].strip()
        blobs_name[path] = re.sub(r"^(?:Xã|Phường|Thị trấn)\s+", "", first)
    out: dict[str, list[list[str]]] = {}
    for path in paths:
        old = path.rsplit("/", 1)[1][:5]
        rows: dict[str, list[str]] = {}
        for r in json.loads(blobs[path])["result"]:
            new = r.get("ward_code")
            if not isinstance(new, str) or not re.fullmatch(r"\d{5}", new):
                continue
            cit = r.get("citation") or {}
            doc_m = _DOC.match(cit.get("header", ""))
            line = " ".join(str(cit.get("line", "")).split())
            k = _KHOAN.match(line)
            doc = doc_m[1] if doc_m else ""
            clause = ""
            if doc in docs and k:
                art1 = docs_art1[doc]
                body = _squash(line[k.end():])[:50]
                if body and f"{int(k[1])}.{body}" in art1:
                    clause = f"Điều 1 khoản {int(k[1])}"
            # whether the clause names the legacy commune among the units it arranges (before
            # "thành xã/phường mới"), not only as the new unit's name
            inputs = _fold(re.split(r"thành\s*(?:xã|phường|đặc khu)\s*mới", line)[0])
            own = _fold(str(blobs_name.get(path, "")))
            named = "1" if own and own in inputs else "0"
            rows[new] = [new, kind.get((old, new), ""), doc, clause, named]
        for (o, n), kd in kind.items():
            if o == old and n not in rows:
                rows[n] = [n, kd, "", "", "0"]
        if rows:
            out[old] = sorted(rows.values())
    for (o, n), kd in sorted(kind.items()):
        if o not in out:
            out.setdefault(o, []).append([n, kd, "", "", "0"])
    return {"communes": dict(sorted(out.items()))}


DVHCVN_2025 = Extract(
    name="dvhcvn_20250701.json",
    repo="dvhcvn/20250701",
    commits=("dd94887ce32324380bc5bb0a76fe39867dafc73b",),
    license="MIT",
    role="legacy -> current commune links (mapping/merges.json) with the resolution and the "
    "clause that names each (output/), checked against the resolutions' Markdown (input/docs)",
    sha256="7ef5bad88648968d0b94bca49f2f4b76a96dd48425bb5300c99b0295ec624361",
    make=_dvhcvn_2025,
)


def _squash(text: str) -> str:
    """Text with spaces, Markdown emphasis and escapes removed (for locating a quoted clause)."""
    return re.sub(r"[\s*\\_]", "", unicodedata.normalize("NFC", text))


def _fold(text: str) -> str:
    """ASCII, lower case, letters and digits only: tone marks, their placement (Hòa/Hoà),
    spaces and punctuation do not count."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return re.sub(r"[^a-z0-9]", "", text)


ALL: tuple[Extract, ...] = (DVHCVN_2025,)
