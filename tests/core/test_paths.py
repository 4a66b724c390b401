"""Which journal file is used: --journal, then $FORECAST_JOURNAL, then the user data directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import cli
from cli.settings import Settings
from storage.paths import default_journal_path, resolve_journal_path
from tests.clock import TickingClock


def test_environment_variable_selects_the_journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = tmp_path / "from-env.json"
    monkeypatch.setenv("FORECAST_JOURNAL", str(chosen))
    result = CliRunner().invoke(cli, ["estimate", "1", "55"], obj=Settings(None, TickingClock()))
    assert result.exit_code == 0, result.output
    assert chosen.exists()


def test_option_beats_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORECAST_JOURNAL", str(tmp_path / "env.json"))
    result = CliRunner().invoke(
        cli, ["--journal", str(tmp_path / "option.json"), "list"], obj=Settings(None, TickingClock())
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "option.json").exists()
    assert not (tmp_path / "env.json").exists()


def test_default_is_in_the_user_data_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORECAST_JOURNAL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_journal_path() == tmp_path / "data" / "forecast-journal" / "journal.json"
    assert resolve_journal_path(None) == default_journal_path()
