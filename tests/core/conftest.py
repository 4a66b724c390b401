"""Fixtures for the journal core: a fixed clock, a journal in tmp_path, and a CLI runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cli.main import Settings, cli
from storage.journal import Journal, open_journal
from tests.clock import TODAY as TODAY
from tests.clock import TickingClock as TickingClock




@pytest.fixture
def journal(journal_path: Path, clock: TickingClock) -> Journal:
    return open_journal(journal_path, clock)


RunCli = Callable[..., Result]


@pytest.fixture
def run_cli(journal_path: Path, clock: TickingClock) -> RunCli:
    """Invoke the CLI in-process on the test journal; pass input= for stdin."""

    def run(*args: str, input: str | bytes | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), obj=Settings(journal_path, clock), input=input)

    return run
