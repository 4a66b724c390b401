"""Fixtures of the interop tests: a fixed ticking clock, a journal in tmp_path, and an in-process CLI."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cli.main import Settings, cli
from tests.clock import TODAY as TODAY
from tests.clock import TickingClock as TickingClock

FIXTURES = Path(__file__).parent / "fixtures"




RunCli = Callable[..., Result]


def cli_runner(journal_path: Path, clock: Callable[[], datetime] | None = None) -> RunCli:
    """Invoke the CLI in-process on `journal_path`; pass input= for stdin."""
    settings_clock = clock or TickingClock()

    def run(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), obj=Settings(journal_path, settings_clock), input=input)

    return run



@pytest.fixture
def run_cli(journal_path: Path) -> RunCli:
    return cli_runner(journal_path)


def ok(result: Result) -> Result:
    """Assert a command succeeded, showing its output when it did not."""
    assert result.exit_code == 0, result.output
    return result
