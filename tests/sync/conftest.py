"""Fixtures for the sync suites (with those of tests/conftest.py: the clock, a journal path): git quiet and
private to each test, and two machines sharing a bare remote."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sync.git_support import quiet_git, two_machines


@pytest.fixture(autouse=True)
def git_identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Git works without any global configuration, and reads none of the user's."""
    quiet_git(tmp_path, monkeypatch)


@pytest.fixture
def machines(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A bare remote, and two machines' journals: the first set up and pushed, the second cloned from it."""
    return two_machines(tmp_path)
