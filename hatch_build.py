"""Build hook: compile the address reader (``src/vn_units/_reader.py``) with mypyc.

The wheel then holds the reader twice: as a C extension, which Python imports first, and as
its source, which runs where the extension cannot be loaded. Compiled, the reader parses
about twice as many addresses per second, with the same results (the tests run against the
compiled build in CI; ``docs/addresses.md`` gives the figures).

It is skipped, and the wheel is pure Python, for an editable install, on a Python other than
CPython, when ``VN_UNITS_PURE_PYTHON`` is set to a non-empty value, and when compiling fails
(no C compiler, say), with a warning. ``VN_UNITS_REQUIRE_COMPILED=1`` turns that failure into
an error (CI sets it, so that a build that silently fell back to Python cannot pass).
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

COMPILED = ("_reader.py",)  # modules of src/vn_units compiled with mypyc
SUFFIXES = (".so", ".pyd")


class MypycBuildHook(BuildHookInterface):  # type: ignore[misc]
    """Compiles :data:`COMPILED` with mypyc and adds the extensions to the wheel."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        if os.environ.get("VN_UNITS_PURE_PYTHON"):
            self.app.display_info("vn-units: VN_UNITS_PURE_PYTHON is set: pure-Python wheel")
            return
        if platform.python_implementation() != "CPython":
            return
        try:
            built = self._compile(Path(self.root))
        except Exception as exc:  # any failure means: no extension
            if os.environ.get("VN_UNITS_REQUIRE_COMPILED"):
                raise
            self.app.display_warning(
                f"vn-units: the address reader was not compiled ({exc}); the wheel is pure"
                " Python (slower, same results)"
            )
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        for source, target in built:
            build_data["force_include"][str(source)] = target

    def _compile(self, root: Path) -> list[tuple[Path, str]]:
        """Compile in a copy of the package (the source tree stays clean); the extensions
        built, each with its path in the wheel."""
        work = Path(tempfile.mkdtemp(prefix="vn-units-mypyc-"))
        self._work = work  # removed in finalize()
        # the sources only: not the data, nor an extension left in the tree by hand (it would
        # be taken for one built here)
        shutil.copytree(
            root / "src" / "vn_units", work / "vn_units",
            ignore=shutil.ignore_patterns("_data", "__pycache__", *(f"*{s}" for s in SUFFIXES)),
        )
        config = work / "mypy.ini"
        # the project's strict settings are for checking; compiling needs only the types
        config.write_text("[mypy]\nignore_missing_imports = True\n", encoding="utf-8")
        files = [f"vn_units/{name}" for name in COMPILED]
        command = [sys.executable, "-m", "mypyc", "--config-file", str(config), *files]
        done = subprocess.run(command, cwd=work, capture_output=True, text=True, check=False)
        if done.returncode:
            tail = (done.stdout + done.stderr).strip().splitlines()[-5:]
            raise RuntimeError("mypyc failed: " + " | ".join(tail))
        built = [
            (path, path.relative_to(work).as_posix())
            for path in sorted(work.rglob("*"))
            if path.suffix in SUFFIXES and "build" not in path.relative_to(work).parts
        ]
        if not built:
            raise RuntimeError("mypyc built no extension")
        return built

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        work = getattr(self, "_work", None)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
