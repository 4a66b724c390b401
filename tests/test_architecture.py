"""Import rules: what each layer may load (checked in fresh interpreters) and no import circles (read from source)."""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from collections.abc import Iterator, Mapping, Set
from pathlib import Path

import pytest

import cli
import domain
import storage

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("domain", "storage", "cli", "tui", "seeds")


def modules_of(package: object) -> list[str]:
    """The package's modules and those of its subpackages (domain.formats.markdown…)."""
    prefix = f"{package.__name__}."  # type: ignore[attr-defined]
    return [info.name for info in pkgutil.walk_packages(package.__path__, prefix)]  # type: ignore[attr-defined]


RULES = (
    [(module, {"textual", "tinydb", "rich"}) for module in modules_of(domain)]
    + [(module, {"textual"}) for module in modules_of(storage)]
    + [(module, {"textual"}) for module in modules_of(cli)]
)


def loaded_top_level_modules(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})), file=sys.stderr)"
    run = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    return set(json.loads(run.stderr.strip().splitlines()[-1]))


# Imports every module named in argv in one fresh interpreter and records, for each import statement
# or import_module call, which module made it and which modules it named or first loaded. A module's
# transitive imports in that graph are what importing it alone would load, whatever was loaded before.
IMPORT_GRAPH_PROBE = """
import builtins, importlib, json, sys
from importlib.util import resolve_name

edges = {}
original_import, original_import_module = builtins.__import__, importlib.import_module

def record(importer, named, run):
    before = len(sys.modules)
    try:
        return run()
    finally:  # an import that fails may still have loaded modules
        targets = edges.setdefault(importer, set())
        targets.update(name for name in named if name in sys.modules)
        targets.update(list(sys.modules)[before:])

def hooked_import(name, globals=None, locals=None, fromlist=(), level=0):
    globals = globals or {}
    full = resolve_name("." * level + name, globals.get("__package__") or "") if level else name
    named = [full, *(f"{full}.{item}" for item in fromlist or ())]
    run = lambda: original_import(name, globals, locals, fromlist, level)
    return record(globals.get("__name__", "__main__"), named, run)

def hooked_import_module(name, package=None):
    importer = sys._getframe(1).f_globals.get("__name__", "__main__")
    full = resolve_name(name, package) if name.startswith(".") else name
    return record(importer, [full], lambda: original_import_module(name, package))

builtins.__import__, importlib.import_module = hooked_import, hooked_import_module
for module in sys.argv[1:]:
    importlib.import_module(module)
builtins.__import__, importlib.import_module = original_import, original_import_module

for name in list(sys.modules):
    parts = name.split(".")
    edges.setdefault(name, set()).update(".".join(parts[:end]) for end in range(1, len(parts)))

def reach(start):
    seen, todo = {start}, [start]
    while todo:
        for target in edges.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return sorted({name.split(".")[0] for name in seen})

print(json.dumps({module: reach(module) for module in sys.argv[1:]}), file=sys.stderr)
"""


def top_level_imports(modules: list[str], path: Path = ROOT) -> dict[str, set[str]]:
    """For each module, the top-level packages that importing it alone loads (one fresh interpreter for all)."""
    command = [sys.executable, "-c", IMPORT_GRAPH_PROBE, *modules]
    run = subprocess.run(command, check=True, capture_output=True, text=True, cwd=path)
    return {module: set(names) for module, names in json.loads(run.stderr.strip().splitlines()[-1]).items()}


@pytest.fixture(scope="module")
def layer_imports() -> dict[str, set[str]]:
    return top_level_imports([module for module, _ in RULES])


@pytest.mark.parametrize(("module", "forbidden"), RULES, ids=[module for module, _ in RULES])
def test_layer_does_not_import_what_it_must_not(
    module: str, forbidden: set[str], layer_imports: dict[str, set[str]]
) -> None:
    assert not layer_imports[module] & forbidden


def test_the_layer_check_sees_imports_that_were_loaded_before(tmp_path: Path) -> None:
    """An import of something already loaded, a lazy submodule and import_module all count."""
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "__init__.py").write_text("")
    (tmp_path / "ui" / "widgets.py").write_text("")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "first.py").write_text("import ui.widgets\n")
    (tmp_path / "pkg" / "a.py").write_text("from . import b\n")
    (tmp_path / "pkg" / "b.py").write_text("from ui import widgets\n")
    (tmp_path / "pkg" / "c.py").write_text("import importlib\nimportlib.import_module('ui')\n")
    (tmp_path / "pkg" / "clean.py").write_text("import json\n")
    found = top_level_imports(["pkg.first", "pkg.a", "pkg.c", "pkg.clean"], tmp_path)
    assert ["ui" in found[module] for module in ("pkg.first", "pkg.a", "pkg.c", "pkg.clean")] == [True] * 3 + [False]


def test_list_json_command_loads_neither_textual_nor_rich(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from cli.main import cli\n"
        f"sys.argv = ['forecast-journal', '--journal', {str(tmp_path / 'j.json')!r}, 'list', '--json']\n"
        "try:\n    cli(prog_name='forecast-journal')\nexcept SystemExit:\n    pass"
    )
    assert not loaded_top_level_modules(code) & {"textual", "rich"}


def module_files(root: Path = ROOT, packages: tuple[str, ...] = PACKAGES) -> dict[str, Path]:
    """Every module of the packages, by dotted name (a package by its own name, for its __init__)."""
    files = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return files


def imported_modules(name: str, path: Path, known: Set[str]) -> set[str]:
    """The modules of `known` that module `name` imports anywhere: at the top, inside functions
    (a lazy import that closes a circle is still a circle) and under TYPE_CHECKING.

    `from package import name` is an import of the submodule when there is one, else of the package.
    Importing a submodule is not counted as importing its parent packages, whose __init__ runs first.
    """
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            found.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names)
    return {module for module in found if module in known and module != name}


def import_graph(files: Mapping[str, Path]) -> dict[str, set[str]]:
    """Each module with the modules of the package it imports."""
    return {name: imported_modules(name, path, files.keys()) for name, path in files.items()}


def find_cycle(graph: Mapping[str, Set[str]]) -> list[str] | None:
    """One import circle as [a, b, …, a], or None when the graph has none."""
    done: set[str] = set()
    path: list[str] = []
    on_path: set[str] = set()

    def visit(module: str) -> Iterator[list[str]]:
        path.append(module)
        on_path.add(module)
        for imported in sorted(graph.get(module, ())):
            if imported in on_path:
                yield [*path[path.index(imported) :], imported]
            elif imported not in done:
                yield from visit(imported)
        on_path.discard(path.pop())
        done.add(module)

    return next((cycle for module in sorted(graph) if module not in done for cycle in visit(module)), None)


def test_no_module_imports_itself_through_others() -> None:
    cycle = find_cycle(import_graph(module_files()))
    assert cycle is None, f"import circle: {' → '.join(cycle)}"


def test_the_circle_check_sees_lazy_and_relative_imports(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "a.py").write_text("from pkg import b\n")
    (tmp_path / "pkg" / "b.py").write_text("def later():\n    from . import c\n")
    (tmp_path / "pkg" / "c.py").write_text("import pkg.a\n")
    graph = import_graph(module_files(tmp_path, ("pkg",)))
    assert find_cycle(graph) == ["pkg.a", "pkg.b", "pkg.c", "pkg.a"]
    (tmp_path / "pkg" / "c.py").write_text("import pkg\n")
    assert find_cycle(import_graph(module_files(tmp_path, ("pkg",)))) is None
