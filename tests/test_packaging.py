"""The wheel holds the package and its data, nothing of the build or the tests, and works
when installed into a fresh virtual environment."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = (".so", ".pyd")
# an address read by the installed package; prints its units and whether the reader is compiled
PARSE = (
    "from vn_units import parse_address; from vn_units.address import _decode; "
    "a = parse_address('65 Lê Lợi, P. Bến Thành, Q.1, TP.HCM'); "
    "print(a.commune.code, a.district.code, a.province.code, "
    "_decode.__file__.endswith(('.so', '.pyd')))"
)


def _compiled_modules() -> list[str]:
    """The modules hatch_build.py compiles, as paths in the wheel (``vn_units/address/…``),
    without the extension; read from its source (importing it needs hatchling)."""
    import ast

    tree = ast.parse((ROOT / "hatch_build.py").read_text(encoding="utf-8"))
    (names,) = [
        node.value for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "COMPILED"
    ]
    files = [n.value for n in ast.walk(names) if isinstance(n, ast.Constant)]
    return [f"vn_units/{f.removesuffix('.py')}" for f in files]


SWITCHES = ("VN_UNITS_COMPILE", "VN_UNITS_REQUIRE_COMPILED", "VN_UNITS_PURE_PYTHON")


def _build(out: Path, **env: str) -> Path:
    environ = {k: v for k, v in os.environ.items() if k not in SWITCHES}
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        env={**environ, **env},
    )
    (found,) = out.glob("vn_units-*.whl")
    return found


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel CI built (``VN_UNITS_TEST_WHEEL``, see .ci/run: built once, compiled), or
    one built here as the environment's switches ask."""
    given = os.environ.get("VN_UNITS_TEST_WHEEL")
    if given:
        return Path(given)
    if not (ROOT / "pyproject.toml").exists():
        pytest.skip("not in a source tree")
    out = tmp_path_factory.mktemp("dist")
    switches = {k: os.environ[k] for k in SWITCHES if k in os.environ}
    return _build(out, **switches)


@pytest.mark.slow
def test_plain_build_by_default(tmp_path: Path) -> None:
    # no switch set: a pure-Python wheel, with no extension (and no mypyc in the build)
    if not (ROOT / "pyproject.toml").exists():
        pytest.skip("not in a source tree")
    built = _build(tmp_path)
    assert built.name.endswith("-py3-none-any.whl"), built.name
    names = zipfile.ZipFile(built).namelist()
    assert not [n for n in names if n.endswith(EXTENSIONS)]
    assert "vn_units/address/_decode.py" in names


def test_build_switches_are_read_strictly(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("hatchling")
    sys.path.insert(0, str(ROOT))
    try:
        import hatch_build
    finally:
        sys.path.remove(str(ROOT))
    for name in SWITCHES:
        monkeypatch.delenv(name, raising=False)
    assert hatch_build.wants_compiled() == (False, False)
    monkeypatch.setenv("VN_UNITS_COMPILE", "1")
    assert hatch_build.wants_compiled() == (True, False)
    monkeypatch.setenv("VN_UNITS_PURE_PYTHON", "1")
    assert hatch_build.wants_compiled() == (False, False)
    monkeypatch.setenv("VN_UNITS_PURE_PYTHON", "0")
    assert hatch_build.wants_compiled() == (True, False)
    monkeypatch.setenv("VN_UNITS_PURE_PYTHON", "")
    monkeypatch.setenv("VN_UNITS_REQUIRE_COMPILED", "1")
    assert hatch_build.wants_compiled() == (True, True)
    monkeypatch.setenv("VN_UNITS_PURE_PYTHON", "1")
    with pytest.raises(ValueError, match="contradict"):
        hatch_build.wants_compiled()
    monkeypatch.setenv("VN_UNITS_PURE_PYTHON", "no")
    with pytest.raises(ValueError, match="VN_UNITS_PURE_PYTHON='no'"):
        hatch_build.wants_compiled()


@pytest.mark.slow
def test_wheel_contents(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "vn_units/py.typed" in names
    for data in ("provinces.json", "communes.json", "MANIFEST.json"):
        assert f"vn_units/_data/{data}" in names
    assert not [n for n in names if n.startswith(("databuild/", "tests/", "benchmarks/"))]
    # the boundaries (vn_units.geo) have their own budget, 2 MB, on top of the 3 MiB for the
    # tables and the code; the file is zlib-compressed already, so it takes its size in the wheel
    boundaries = zipfile.ZipFile(wheel).getinfo("vn_units/_data/boundaries.bin")
    assert boundaries.compress_size <= 2_000_000
    assert wheel.stat().st_size - boundaries.compress_size < 3 * 1024 * 1024
    # the address reader: its source always, and compiled where the build could (hatch_build.py):
    # every module that hatch_build.py compiles, or none
    modules = _compiled_modules()
    assert len(modules) > 5 and "vn_units/address/_decode" in modules, modules
    assert all(f"{m}.py" in names for m in modules), names
    extensions = [n for n in names if n.endswith(EXTENSIONS)]
    compiled = [m for m in modules if any(n.startswith(f"{m}.") for n in extensions)]
    if os.environ.get("VN_UNITS_REQUIRE_COMPILED"):
        assert compiled == modules, names
    assert compiled in ([], modules), names
    assert ("-none-any" in wheel.name) == (not compiled)


@pytest.mark.slow
def test_wheel_installs_and_works_in_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bindir = "Scripts" if os.name == "nt" else "bin"
    python = env_dir / bindir / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True
    )
    code = (
        "import vn_units; "
        "print(vn_units.provinces['79'].full_name, len(vn_units.communes))"
    )
    out = subprocess.run(
        [str(python), "-c", code], check=True, capture_output=True, text=True, cwd=tmp_path
    ).stdout
    assert out.strip() == "Thành phố Hồ Chí Minh 3321"
    cli = subprocess.run(
        [str(env_dir / bindir / "vn-units"), "lookup", "79"],
        check=True, capture_output=True, text=True, cwd=tmp_path,
    ).stdout
    assert "Hồ Chí Minh" in cli
    out = subprocess.run(
        [str(python), "-c", PARSE], check=True, capture_output=True, text=True, cwd=tmp_path
    ).stdout.split()
    assert out[:3] == ["26743", "760", "79"]
    compiled = any(n.endswith(EXTENSIONS) for n in zipfile.ZipFile(wheel).namelist())
    assert out[3] == str(compiled)


@pytest.mark.slow
def test_loads_from_a_zipped_install(wheel: Path, tmp_path: Path) -> None:
    # a wheel is a zip: put it on sys.path directly, as zipimport would use it
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import vn_units; "
        "assert vn_units.__file__.startswith(sys.argv[1]), vn_units.__file__; "
        "print(vn_units.communes['00004'].full_name)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(wheel)],
        check=True, capture_output=True, text=True, cwd=tmp_path,
    ).stdout
    assert out.strip() == "Phường Ba Đình"
    # an extension cannot be imported from a zip: the reader's source runs instead
    code = f"import sys; sys.path.insert(0, sys.argv[1]); {PARSE}"
    out = subprocess.run(
        [sys.executable, "-c", code, str(wheel)],
        check=True, capture_output=True, text=True, cwd=tmp_path,
    ).stdout
    assert out.split() == ["26743", "760", "79", "False"]
