"""The layout of the source stays as documented: no module reaches into another module's private
names, and data flows one way (sources → build → files → loader → indexes →
lookup/search/parse/convert → integrations).

Read statically from the source (``ast``), so that a new reach fails here, with the file and
line, rather than waiting for a review to notice it."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "vn_units"

# names that start with "_" but are the public API of what they are looked up on
PUBLIC_UNDERSCORE = frozenset({
    "_asdict", "_fields", "_field_defaults", "_make", "_replace",  # namedtuple
})

# the address reader's modules, in the order they import each other (address/__init__.py says
# so): each may import only those before it
ADDRESS_ORDER = (
    "_format", "_results", "_weights", "_words", "_gazetteer", "_tokens", "_repeats",
    "_candidates",
    "_decode", "_parsing", "_convert", "__init__",
)
# the modules that may import the address reader: its public face and the integrations
ADDRESS_USERS = frozenset({"vn_units", "vn_units.pandas", "vn_units.cli", "vn_units.__main__"})


@dataclass
class Module:
    name: str
    path: Path
    tree: ast.Module
    package: str  # the subpackage below vn_units that holds it, or "vn_units" for the top level
    defined: set[str] = field(default_factory=set)  # every name this module defines
    imports: dict[str, str] = field(default_factory=dict)  # local name -> module it names


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_module(dotted: str) -> bool:
    path = SRC.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _defined(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.keyword) and node.arg:
            names.add(node.arg)  # a dataclass field made with its keyword
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__slots__" for t in node.targets
        ):
            names.update(
                c.value for c in ast.walk(node.value)
                if isinstance(c, ast.Constant) and isinstance(c.value, str)
            )
    return names


def _modules() -> dict[str, Module]:
    found: dict[str, Module] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        is_package = path.name == "__init__.py"
        package = name if is_package else name.rpartition(".")[0]
        mod = Module(name, path, tree, package, _defined(tree))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    mod.imports[alias.asname or alias.name.partition(".")[0]] = alias.name
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    mod.imports[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        found[name] = mod
    return found


MODULES = _modules()


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name not in PUBLIC_UNDERSCORE


def _same_subpackage(a: Module, other: str) -> bool:
    """Whether module ``other`` is a sibling of ``a`` inside a subpackage (the address reader's
    internal modules share their private names; the top-level modules are one concern each)."""
    if a.package == "vn_units":
        return False
    return other == a.package or other.rpartition(".")[0] == a.package


def _reaches(mod: Module) -> list[str]:
    """Where ``mod`` uses a private name of another module."""
    # names defined where this module may use private names: itself, its subpackage's
    # siblings, and the modules of the classes it subclasses (their protected members)
    allowed = set(mod.defined)
    if mod.package != "vn_units":
        for other in MODULES.values():
            if other.package == mod.package:
                allowed |= other.defined
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                origin = mod.imports.get(base.id) if isinstance(base, ast.Name) else None
                source = origin.rpartition(".")[0] if origin else None
                if source in MODULES:
                    allowed |= MODULES[source].defined
    found = []
    where = mod.path.relative_to(SRC.parent)
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if (
                    node.module.startswith("vn_units") and _private(alias.name)
                    and not _is_module(full) and not _same_subpackage(mod, node.module)
                ):
                    found.append(f"{where}:{node.lineno}: from {node.module} import {alias.name}")
        elif isinstance(node, ast.Attribute) and _private(node.attr):
            value = node.value
            if isinstance(value, ast.Name) and value.id in ("self", "cls"):
                continue
            target = mod.imports.get(value.id) if isinstance(value, ast.Name) else None
            if target is not None and _is_module(target):  # module._name
                if not _same_subpackage(mod, target):
                    found.append(f"{where}:{node.lineno}: {ast.unparse(node)}")
            elif node.attr not in allowed:  # a private member of another module's class
                found.append(f"{where}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_the_scan_sees_the_package() -> None:
    assert {"vn_units.address._decode", "vn_units.lineage", "vn_units.cli"} <= set(MODULES)
    # and it would catch a reach: a module that used another's private function
    fake = ast.parse("from vn_units.lineage import _LINEAGE\nimport vn_units._search as s\n"
                     "s._ALIASES\nx = unit._secret()\n")
    mod = Module("vn_units.fake", PACKAGE / "fake.py", fake, "vn_units", _defined(fake))
    mod.imports = {"s": "vn_units._search"}
    assert len(_reaches(mod)) == 3


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_reaches_into_another_modules_private_names(name: str) -> None:
    assert _reaches(MODULES[name]) == []


def _imported(mod: Module) -> set[str]:
    """The vn_units modules ``mod`` imports, at its top or inside a function."""
    out: set[str] = set()
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("vn_units"))
        elif (
            isinstance(node, ast.ImportFrom) and node.module and not node.level
            and node.module.startswith("vn_units")
        ):
            out.add(node.module)
            out.update(
                f"{node.module}.{a.name}" for a in node.names
                if _is_module(f"{node.module}.{a.name}")
            )
    return out


def test_the_address_modules_import_in_one_direction() -> None:
    listed = {f"vn_units.address.{m}" if m != "__init__" else "vn_units.address"
              for m in ADDRESS_ORDER}
    assert listed == {m for m in MODULES if m.startswith("vn_units.address")}
    wrong = []
    for i, short in enumerate(ADDRESS_ORDER):
        name = "vn_units.address" if short == "__init__" else f"vn_units.address.{short}"
        later = {f"vn_units.address.{m}" for m in ADDRESS_ORDER[i + 1 :] if m != "__init__"}
        later |= {"vn_units.address"} if short != "__init__" else set()
        for target in _imported(MODULES[name]) & later:
            wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_only_the_integrations_import_the_address_reader() -> None:
    wrong = [
        name for name, mod in MODULES.items()
        if not name.startswith("vn_units.address") and name not in ADDRESS_USERS
        and any(t.startswith("vn_units.address") for t in _imported(mod))
    ]
    assert wrong == []


def test_nothing_imports_the_integrations() -> None:
    wrong = [
        f"{name} imports {target}" for name, mod in MODULES.items()
        for target in _imported(mod) & {"vn_units.pandas", "vn_units.cli"}
        if name not in ("vn_units.__main__", "vn_units.cli")
    ]
    assert wrong == []


def _warning_names(mod: Module) -> set[str]:
    """The module-level names of warnings made once (``X = AddressWarning(code, message)``)."""
    return {
        t.id for node in mod.tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
        for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(t, ast.Name) and isinstance(node.value, ast.Call)
        and getattr(node.value.func, "id", "") == "AddressWarning"
    }


def _reads_warning_text(mod: Module) -> list[str]:
    """Comparisons that read a warning's message: a warning (a ``str``) or a collection of
    warnings compared with ``==``/``in`` directly, not through its ``code``."""
    made = _warning_names(mod)
    loop_vars = {  # w in "for w in x.warnings" (and comprehensions)
        t.id for node in ast.walk(mod.tree) if isinstance(node, (ast.For, ast.comprehension))
        for t in [node.target] if isinstance(t, ast.Name)
        and isinstance(node.iter, ast.Attribute) and node.iter.attr == "warnings"
    }

    def is_warning(e: ast.expr) -> bool:
        if isinstance(e, ast.Attribute):
            return e.attr in ("warnings", "warning_messages")
        if isinstance(e, ast.Subscript):
            return is_warning(e.value)
        return isinstance(e, ast.Name) and (e.id in made or e.id in loop_vars)

    found = []
    for node in ast.walk(mod.tree):
        if (
            isinstance(node, ast.Compare)
            and any(isinstance(op, (ast.In, ast.NotIn, ast.Eq, ast.NotEq)) for op in node.ops)
            and any(is_warning(e) for e in (node.left, *node.comparators))
        ):
            found.append(f"{mod.path.relative_to(SRC.parent)}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_the_scan_for_warning_text_catches_a_reading_of_it() -> None:
    tree = ast.parse(
        "W = AddressWarning(C.X, 'x')\n"
        "a = W in p.warnings\nb = 'ignored' in p.warnings[0]\n"
        "c = [w for w in p.warnings if 'ignored' in w]\nd = C.X in p.warning_codes\n"
        "e = any(w.code is C.X for w in p.warnings)\n"
    )
    mod = Module("vn_units.fake", PACKAGE / "fake.py", tree, "vn_units")
    assert len(_reads_warning_text(mod)) == 3


@pytest.mark.parametrize(
    "name", sorted(m for m in MODULES if m.startswith("vn_units.address") or m in ADDRESS_USERS)
)
def test_no_control_flow_reads_a_warnings_message(name: str) -> None:
    # branch on WarningCode (``w.code``, ``warning_codes``), never on the message text
    assert _reads_warning_text(MODULES[name]) == []
