"""The settings file: read with tomllib, written atomically by hand as TOML, never overwritten when it could
not be read, and found through $FORECAST_JOURNAL_CONFIG or the platform's config directory."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage.config import CONFIG_ENV_VAR, Config, config_path, read_config, to_toml, write_config


def test_a_missing_file_gives_the_defaults_and_allows_saving(tmp_path: Path) -> None:
    read = read_config(tmp_path / "config.toml")
    assert read.config == Config() and read.problem is None


def test_a_written_file_reads_back_and_creates_its_directory(tmp_path: Path) -> None:
    path = tmp_path / "new" / "dir" / "config.toml"
    write_config(path, Config(theme="nord"))
    assert read_config(path).config == Config(theme="nord")
    assert [p.name for p in path.parent.iterdir()] == ["config.toml"]  # no temp file left


def test_the_sync_switches_are_off_unless_set_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("sync_on_open = true\n")
    assert read_config(path).config == Config(sync_on_open=True)
    write_config(path, Config(theme="nord", sync_on_quit=True))
    assert tomllib.loads(path.read_text()) == {"theme": "nord", "sync_on_quit": True}
    assert read_config(path).config == Config(theme="nord", sync_on_quit=True)


@given(st.text())
def test_any_theme_name_survives_the_hand_written_toml(name: str) -> None:
    assert tomllib.loads(to_toml(Config(theme=name))) == {"theme": name}


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"theme = 'nord", "not valid TOML"),
        (b"\xff\xfe", "not UTF-8"),
        (b"theme = 5", "'theme' should be a string"),
        (b'colour = "red"', "unknown setting 'colour'"),
        (b'sync_on_open = "yes"', "'sync_on_open' should be true or false"),
        (b"sync_on_quit = 1", "'sync_on_quit' should be true or false"),
    ],
)
def test_a_bad_file_gives_the_defaults_and_says_why(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(content)
    read = read_config(path)
    assert read.config == Config()
    assert read.problem is not None and problem in read.problem
    assert "\n" not in read.problem


def test_a_fifo_or_a_directory_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    assert "FIFO" in (read_config(fifo).problem or "")
    assert "directory" in (read_config(tmp_path).problem or "")


def test_the_path_comes_from_the_environment_or_the_config_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CONFIG_ENV_VAR, str(tmp_path / "mine.toml"))
    assert config_path() == tmp_path / "mine.toml"
    monkeypatch.setenv(CONFIG_ENV_VAR, "")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert config_path().name == "config.toml" and "forecast-journal" in config_path().parts
