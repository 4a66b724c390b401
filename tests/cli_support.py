"""The CLI run in-process on a test journal, and its JSON listing: shared by every suite that drives the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from cli.main import cli
from cli.settings import Settings
from tests.clock import TickingClock

RunCli = Callable[..., Result]


def cli_runner(journal_path: Path, clock: Callable[[], datetime] | None = None) -> RunCli:
    """Invoke the CLI in-process on `journal_path`, with a fresh fixed clock unless given one; input= is stdin."""
    settings_clock = clock or TickingClock()

    def run(*args: str, input: str | bytes | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), obj=Settings(journal_path, settings_clock), input=input)

    return run


def ok(result: Result) -> Result:
    """Assert a command succeeded, showing its output when it did not."""
    assert result.exit_code == 0, result.output
    return result


def listing(run_cli: RunCli) -> list[dict[str, Any]]:
    """The predictions of `list --json`."""
    return json.loads(ok(run_cli("list", "--json")).stdout)["predictions"]  # type: ignore[no-any-return]
