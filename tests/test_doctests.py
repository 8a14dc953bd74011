"""The examples in the docstrings, the README and docs/ run as doctests; the ``vn-units``
commands of their ``console`` blocks run as the installed command, in a folder holding the
files they name."""

from __future__ import annotations

import csv
import doctest
import importlib
import pkgutil
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import vn_units

ROOT = Path(__file__).resolve().parent.parent
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(vn_units.__path__, "vn_units.")
    if m.name != "vn_units.__main__"
)
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=FLAGS)
    assert result.failed == 0


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_markdown_doctests(path: Path) -> None:
    result = doctest.testfile(str(path), module_relative=False, optionflags=FLAGS)
    assert result.failed == 0


# -- the vn-units commands of the docs -----------------------------------------------------------
_SCRIPT = shutil.which("vn-units", path=str(Path(sys.executable).parent))
COMMAND = [_SCRIPT] if _SCRIPT else [sys.executable, "-m", "vn_units"]
_FENCE = re.compile(r"^```console\n(.*?)^```", re.MULTILINE | re.DOTALL)


def console_commands(text: str) -> list[tuple[str, str | None]]:
    """The ``vn-units`` commands of the ``console`` blocks of a Markdown text: a bare line is
    a command that must succeed; a ``$ `` line is followed by the output it must print (up to
    the next ``$ `` line or the end of the block)."""
    found: list[tuple[str, str | None]] = []
    for block in _FENCE.findall(text):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("vn-units "):
                found.append((line, None))
            elif line.startswith("$ vn-units "):
                end = next(
                    (j for j in range(i + 1, len(lines)) if lines[j].startswith("$ ")),
                    len(lines),
                )
                found.append((line[2:], "\n".join(lines[i + 1 : end]) + "\n"))
    return found


ADDRESSES = [
    ["id", "address", "total"],
    ["1", "12 Nguyễn Trãi, P. Bến Thành, Q.1, TP.HCM", "120000"],
    ["2", "Số 5 đường 3 tháng 2, Phường 12, Quận 10, TP.HCM", "80000"],
    ["3", "Xã Hồng Hà, Huyện Đan Phượng, Hà Nội", "15000"],
    ["4", "TP HCM - Quận 1 - P. Bến Nghé - 12 Lê Lợi", "99000"],
]
"""The files the docs' commands name (``addresses.csv``, ``orders.csv``): a few addresses as a
user would have them, with a column called ``address``."""

COMMAND_DOCS = [p for p in DOCS if console_commands(p.read_text(encoding="utf-8"))]


def test_the_readme_and_the_cli_guide_have_commands() -> None:
    assert {p.name for p in COMMAND_DOCS} >= {"README.md", "cli.md"}
    readme = [c for c, _ in console_commands((ROOT / "README.md").read_text(encoding="utf-8"))]
    assert "vn-units convert addresses.csv --column address -o converted.csv" in readme


@pytest.mark.parametrize("path", COMMAND_DOCS, ids=lambda p: p.name)
def test_markdown_commands(path: Path, tmp_path: Path) -> None:
    for name in ("addresses.csv", "orders.csv"):
        with (tmp_path / name).open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(ADDRESSES)
    for line, expected in console_commands(path.read_text(encoding="utf-8")):
        argv = shlex.split(line, comments=True)
        done = subprocess.run(
            [*COMMAND, *argv[1:]], capture_output=True, cwd=tmp_path, check=False, timeout=120
        )
        out = done.stdout.decode("utf-8") + done.stderr.decode("utf-8")
        if expected is None:
            assert done.returncode == 0, f"{path.name}: {line}\n{out}"
        else:
            checker = doctest.OutputChecker()
            assert checker.check_output(expected, out, FLAGS), (
                f"{path.name}: {line}\nexpected:\n{expected}got:\n{out}"
            )
    if path.name == "README.md":  # its CSV example wrote what it says
        with (tmp_path / "converted.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert [r["address"] for r in rows] == [r[1] for r in ADDRESSES[1:]]
        first = rows[0]["current_address"]
        assert first == "12 Nguyễn Trãi, Phường Bến Thành, Thành phố Hồ Chí Minh"
