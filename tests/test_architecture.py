"""Import rules between the layers, checked in fresh interpreters."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import cli
import domain
import storage


def modules_of(package: object) -> list[str]:
    return [f"{package.__name__}.{info.name}" for info in pkgutil.iter_modules(package.__path__)]  # type: ignore[attr-defined]


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
