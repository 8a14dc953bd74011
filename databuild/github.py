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
            inputs = fold(re.split(r"thành\s*(?:xã|phường|đặc khu)\s*mới", line)[0])
            own = fold(str(blobs_name.get(path, "")))
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


# the Markdown drops spaces here and there ("Yên Thổthành xã mới", "tên gọi là xãQuảng Lâm")
_ARRANGES = re.compile(r"^(?P<inputs>.*?)thành\s*(?:(?:xã|phường)\s*mới|đặc\s*khu)\s*"
                       r"có\s*tên\s*gọi\s*là\s*(?:xã|[pP]hường|đặc\s*khu)\s*"
                       r"(?P<name>[^.;]+?)\s*[.;]?$")
_UNCHANGED = re.compile(r"không\s*thực\s*hiện\s*sắp\s*xếp\s*là\s*(?P<names>.*)$")
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_VOWELS = re.compile("[aeiouy\u0302\u0306\u031b" + _TONES + "]+")


def letters(text: str) -> str:
    """Spelling key for locating a name in a clause: lower case, letters and digits with every
    diacritic, without spaces or punctuation (the Markdown drops spaces: "phườngCổ Thành"), the
    tone mark moved to the end of its vowel group so that its placement does not count
    (Hòa/Hoà). Unlike ``fold``, Thạnh and Thanh differ."""
    words = re.split(r"[^\w\u0300-\u036f]+", unicodedata.normalize("NFD", text.lower()))
    # tone marks moved within each word, before the words are joined (else "xã Ân" would make
    # one vowel group "aâ")
    return unicodedata.normalize("NFC", "".join(
        _VOWELS.sub(lambda m: "".join(c for c in m[0] if c not in _TONES)
                    + "".join(sorted(c for c in m[0] if c in _TONES)), w) for w in words))


def _article1_clauses(text: str) -> dict[str, list[list[str]]]:
    """The numbered clauses (khoản) of Điều 1 of a 2025 resolution's Markdown that name units:
    khoản number as written -> [[the new unit's name, the units it arranges], ...] (two
    entries where the text repeats a number) for a clause that arranges units into a new one,
    ``["", the units listed]`` for the closing clause that lists the units not arranged; names
    as ``letters`` keys."""
    text = unicodedata.normalize("NFC", text).replace("\\", "").replace("*", "")
    art1 = text.split("Điều 2.")[0].split("Điều 1.", 1)[-1]
    out: dict[str, list[list[str]]] = {}
    for para in re.split(r"\n\s*\n", art1):
        para = " ".join(para.split())
        k = re.match(r"^(\d+)\.\s*(.*)$", para)
        if not k:
            continue
        m = _ARRANGES.match(k[2])
        u = _UNCHANGED.search(k[2])
        if m:
            out.setdefault(k[1], []).append([letters(m["name"]), letters(m["inputs"])])
        elif u:
            out.setdefault(k[1], []).append(["", letters(u["names"])])
    return out


def _dvhcvn_2025_clauses(repo: Repo, commits: tuple[str, ...]) -> Any:
    """Per 2025 resolution (``input/docs/16NN_NQ-UBTVQH15.md``): the clauses of Điều 1 that
    arrange units into a new commune or special zone (see ``_article1_clauses``)."""
    (commit,) = commits
    out: dict[str, dict[str, list[list[str]]]] = {}
    for path in repo.ls(commit, "input/docs"):
        m = re.search(r"/(\d+)_NQ-UBTVQH15\.md$", path)
        if m:
            out[f"{m[1]}/NQ-UBTVQH15"] = _article1_clauses(repo.show(commit, path).decode())
    return {"documents": dict(sorted(out.items()))}


DVHCVN_2025_CLAUSES = Extract(
    name="dvhcvn_20250701_clauses.json",
    repo="dvhcvn/20250701",
    commits=("dd94887ce32324380bc5bb0a76fe39867dafc73b",),
    license="MIT (the resolutions' text: public legal documents)",
    role="per 2025 resolution, the clauses of Điều 1 that arrange units into a new commune or "
    "special zone (the new unit's name and the units named), from the resolutions' Markdown "
    "(input/docs): the clause of a lineage edge that source D does not cite",
    sha256="1d8b1cc0ff606c7d84ae3d1d069ccd97937ebb7cfad74d5aa774a0af133000c9",
    make=_dvhcvn_2025_clauses,
)


# --------------------------------------------------------------------------- VPD snapshots
_ROW = re.compile(r"^\s*\('(\d{2,5})','((?:[^']|'')*)','(?:[^']|'')*','((?:[^']|'')*)',"
                  r"'(?:[^']|'')*','(?:[^']|'')*',(?:'(\d{2,3})',)?")
_TABLE = re.compile(r"^INSERT INTO (?:public\.)?(\w+)\s*\(.*?VALUES\s*")
_README_ROW = re.compile(r"^\|(?P<docs>.+?)\|\s*(?P<i>\d\d/\d\d/\d{4})\s*\|\s*"
                         r"(?P<e>\d\d/\d\d/\d{4})\s*\|\s*(?P<tag>v[\d.]+)")
VPD_TYPES = ("thành phố", "thị trấn", "thị xã", "phường", "quận", "huyện", "tỉnh", "xã")


def _iso(dmy: str) -> str:
    d, m, y = dmy.split("/")
    return f"{y}-{m}-{d}"


def _vpd_snapshots(repo: Repo, commits: tuple[str, ...]) -> Any:
    """The statistics office's list at each release of vietnamese-provinces-database.

    The README (at the last pinned commit) dates each release: the decree(s) it brings in, the
    day they were issued and the day they took effect. Each release's
    ``postgresql/ImportData_vn_units.sql`` is read (INSERT rows only) at the pinned commit of its
    tag. Units are stored as versions: ``[code, type, name, parent, first, end]`` with the
    snapshot indexes ``first`` (inclusive) and ``end`` (exclusive) over which type, name and
    parent stay the same.
    """
    *tag_commits, readme_commit = commits
    readme = repo.show(readme_commit, "README.md").decode()
    dated: dict[str, tuple[list[str], str, str]] = {}
    for line in readme.splitlines():
        m = _README_ROW.match(line.strip())
        if m:
            docs = re.findall(r"\[(\d+/NQ-UBTVQH15)\]\[", m["docs"])
            dated[m["tag"]] = (docs, _iso(m["i"]), _iso(m["e"]))
    snaps: list[dict[str, Any]] = []
    states: list[dict[str, dict[str, tuple[str, str, str]]]] = []
    for item in tag_commits:
        tag, commit = item.split("@")
        docs, issued, effective = dated[tag]
        snaps.append({"tag": tag, "commit": commit, "date": effective, "issued": issued,
                      "documents": docs})
        sql = repo.show(commit, "postgresql/ImportData_vn_units.sql").decode()
        state: dict[str, dict[str, tuple[str, str, str]]] = {
            "provinces": {}, "districts": {}, "wards": {}}
        table = ""
        for line in sql.splitlines():
            t = _TABLE.match(line)
            if t:
                table = t[1] if t[1] in state else ""
                line = line[t.end():]
            m = _ROW.match(line)
            if not m or not table:
                continue
            code, full, parent = m[1], m[3].replace("''", "'"), m[4] or ""
            full = unicodedata.normalize("NFC", full)
            for typ in VPD_TYPES:
                if full.lower().startswith(typ + " "):
                    state[table][code] = (typ, full[len(typ) + 1:], parent)
                    break
            else:
                raise SystemExit(f"{tag}: no type word in {full!r}")
        states.append(state)
    out: dict[str, Any] = {"snapshots": snaps}
    for table, key in (("provinces", "provinces"), ("districts", "districts"),
                       ("wards", "communes")):
        versions: list[list[Any]] = []
        open_: dict[str, list[Any]] = {}
        for i, state in enumerate(states):
            units = state[table]
            for code in sorted(set(open_) | set(units)):
                now = units.get(code)
                cur = open_.get(code)
                if cur is not None and (now is None or tuple(cur[1:4]) != now):
                    cur[5] = i
                    del open_[code]
                    cur = None
                if now is not None and cur is None:
                    rec = [code, *now, i, len(states)]
                    versions.append(rec)
                    open_[code] = rec
        out[key] = sorted(versions, key=lambda r: (r[0], r[4]))
    return out


VPD_TAGS = (
    "v1.0.0@6c8f1d6e77bd10d67cd203ad6a87f72e05287542",
    "v1.0.1@9439a6fb5e84ab5e407b578f4375dda4e67e9778",
    "v1.0.2@205ded989afe698fd7c5826eff2a3a4dcfd8d487",
    "v1.0.3.1@522ca580f512d36a59ad9744e01e91fd98eaf426",
    "v1.0.4.1@8aa6d1ca0bb963992cfb4641fb9ba30f3eec5fae",
    "v2.0.0@29c353beae7e264a6923da1ff7df78fa36e62e61",
    "v2.0.1@ad89c3b266d65f477eb1776902eb9c28c08dc502",
    "v2.1.0@b77a927483f87e3ef2ed07e495c50b29207e4afb",
    "v2.2.0@6d893cb440677fef94ee6d70dd10d4c7ee835499",
    "v2.3.0@e3e9c320e0f75eebb5c9b4725227e628b095e310",
    "v2.4.0@fac63085ebd479633cfad284455df8f663eefb86",
)


def _squash(text: str) -> str:
    """Text with spaces, Markdown emphasis and escapes removed (for locating a quoted clause)."""
    return re.sub(r"[\s*\\_]", "", unicodedata.normalize("NFC", text))


def fold(text: str) -> str:
    """ASCII, lower case, letters and digits only: tone marks, their placement (Hòa/Hoà),
    spaces and punctuation do not count."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return re.sub(r"[^a-z0-9]", "", text)


VPD_SNAPSHOTS = Extract(
    name="vpd_snapshots.json",
    repo="ThangLeQuoc/vietnamese-provinces-database",
    commits=(*VPD_TAGS, "fac63085ebd479633cfad284455df8f663eefb86"),
    license="MIT",
    role="the statistics office's list of provinces, districts and communes at each release "
    "(git tags v1.0.0 .. v2.4.0, 2021-11-01 .. 2025-03-01), dated by the decree table of the "
    "README",
    sha256="648a4f9d33055e52b992f9c90cd95b8b534e3d8cf5cfadc457409f13ab936f73",
    make=_vpd_snapshots,
)

_DECREE_ROW = re.compile(r"^\|(?P<docs>[^|]*\]\[decree [^|]*)\|\s*(?P<i>\d\d/\d\d/\d{4})\s*\|\s*"
                         r"(?P<e>\d\d/\d\d/\d{4})\s*\|\s*(?P<tag>v[\d.]+)")


def _vpd_decrees(repo: Repo, commits: tuple[str, ...]) -> Any:
    """The decree table of vietnamese-provinces-database's README: per legal document the day
    it was issued and the day it took effect, as the table states them (a row naming several
    documents gives each the row's dates), and the release that brought it in."""
    (commit,) = commits
    out: dict[str, dict[str, str]] = {}
    for line in repo.show(commit, "README.md").decode().splitlines():
        m = _DECREE_ROW.match(line.strip())
        if m:
            for doc in re.findall(r"\[([^\]]+)\]\[decree ", m["docs"]):
                out[unicodedata.normalize("NFC", doc)] = {
                    "issued": _iso(m["i"]), "effective": _iso(m["e"]), "release": m["tag"]}
    return {"documents": dict(sorted(out.items()))}


VPD_DECREES = Extract(
    name="vpd_decrees.json",
    repo="thanglequoc/vietnamese-provinces-database",
    commits=("cd58063299585146ded3981f2272946ef19ced54",),
    license="MIT",
    role="the decree table of the README (issued on / effect from, per document) at the "
    "release of 2026-08-02: the effective date of the 2026 changes it lists",
    sha256="f69e786def6b8292201667a0d7a44e2c4004a259eeebae1182c526b37593bb05",
    make=_vpd_decrees,
)

ALL: tuple[Extract, ...] = (DVHCVN_2025, DVHCVN_2025_CLAUSES, VPD_SNAPSHOTS, VPD_DECREES)
