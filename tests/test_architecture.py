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


@pytest.mark.parametrize(("module", "forbidden"), RULES, ids=[module for module, _ in RULES])
def test_layer_does_not_import_what_it_must_not(module: str, forbidden: set[str]) -> None:
    assert not loaded_top_level_modules(f"import {module}") & forbidden


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
    found = set()
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
