"""Build hook: compile the address reader (``src/vn_units/address/``) with mypyc, on request.

By default (``pip install .``, ``python -m build``) the wheel is plain Python: nothing is
compiled and the build environment needs hatchling only, so installing from source takes
seconds. The compiled wheel is opt-in, as black and mypy do with mypyc:

- ``VN_UNITS_COMPILE=1``: compile the reader with mypyc; where that fails (no C compiler,
  say) the wheel is plain Python, with a warning;
- ``VN_UNITS_REQUIRE_COMPILED=1``: compile, and fail the build if that fails (CI and the
  release configuration, ``[tool.cibuildwheel]`` in pyproject.toml, set it);
- ``VN_UNITS_PURE_PYTHON=1``: plain Python even where one of the above is set by the
  environment (it wins over ``VN_UNITS_COMPILE``; with ``VN_UNITS_REQUIRE_COMPILED`` it is an
  error).

Each variable is read strictly: unset, ``""`` or ``"0"`` mean no, ``"1"`` means yes, anything
else stops the build with an error naming it. mypyc and the packages it needs to type the reader
are build dependencies only when compiling (:meth:`MypycBuildHook.dependencies`).

A compiled wheel holds the reader twice: as C extensions (one per module of :data:`COMPILED`,
and the library mypyc builds them into), which Python imports first, and as its source, which
runs where the extensions cannot be loaded. Compiled, the reader parses
addresses faster, with the same results (CI runs the tests against both builds;
``docs/addresses.md`` gives the figures). An editable install and a Python other than CPython
are never compiled.
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

# modules of src/vn_units compiled with mypyc: the address reader's, all but the public API
# (address/__init__.py), the result classes (address/_results.py: a frozen dataclass that
# the reader fills through its __dict__, which a native class has none of) and the writing of
# units that those classes use (address/_format.py: a few lines, its results kept)
COMPILED = (
    "address/_weights.py", "address/_words.py", "address/_gazetteer.py", "address/_tokens.py",
    "address/_repeats.py", "address/_candidates.py", "address/_decode.py",
    "address/_parsing.py", "address/_convert.py",
)
SUFFIXES = (".so", ".pyd")
# what compiling needs in the build environment; mypy pinned so that a release compiles to
# the same code
COMPILE_REQUIRES = (
    "mypy==2.4.1",
    "setuptools>=70",
    "pydantic>=2.6,<3",
    "rapidfuzz>=3.0,<4",
    "unidecode>=1.3,<2",
)


def flag(name: str) -> bool:
    """An on/off environment variable: unset, ``""`` or ``"0"`` is off, ``"1"`` is on;
    anything else is an error (a typo must not silently build the other kind of wheel)."""
    value = os.environ.get(name, "").strip()
    if value in ("", "0"):
        return False
    if value == "1":
        return True
    raise ValueError(f"{name}={value!r}: expected 1 (yes), 0 or empty (no)")


def wants_compiled() -> tuple[bool, bool]:
    """``(compile, required)`` from the environment (see the module docstring)."""
    required = flag("VN_UNITS_REQUIRE_COMPILED")
    pure = flag("VN_UNITS_PURE_PYTHON")
    if pure and required:
        raise ValueError(
            "VN_UNITS_PURE_PYTHON=1 and VN_UNITS_REQUIRE_COMPILED=1 contradict each other"
        )
    if pure:
        return False, False
    return required or flag("VN_UNITS_COMPILE"), required


class MypycBuildHook(BuildHookInterface):  # type: ignore[misc]
    """Compiles :data:`COMPILED` with mypyc, when asked to, and adds the extensions to the
    wheel."""

    PLUGIN_NAME = "custom"

    def dependencies(self) -> list[str]:
        """The build dependencies of compiling, only when compiling is asked for."""
        if self.target_name == "wheel" and wants_compiled()[0]:
            return list(COMPILE_REQUIRES)
        return []

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        wanted, required = wants_compiled()
        if not wanted:
            return
        if platform.python_implementation() != "CPython":
            if required:
                raise RuntimeError("VN_UNITS_REQUIRE_COMPILED=1: mypyc needs CPython")
            return
        try:
            built = self._compile(Path(self.root))
        except Exception as exc:  # any failure means: no extension
            if required:
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
