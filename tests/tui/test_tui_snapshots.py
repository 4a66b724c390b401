"""Snapshots at 120×40 of the main screen, the detail, every dialog, the Brier view and the error screen.

Deterministic: the clock is fixed on 2026-11-29, the sample journal is written with its own fixed clock,
the cursor does not blink, and no temporary path appears on screen.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_support import AppFactory, press, settle

from storage.errors import JournalCorruptError

SIZE = (120, 40)
SnapCompare = Callable[..., bool]

CASES: dict[str, tuple[str, ...]] = {
    "main": (),
    "detail": ("3",),
    "estimate_dialog": ("3", "e", "7", "2"),
    "estimate_dialog_error": ("3", "e", "7", "x", "enter"),
    "note_editor": ("3", "n", *"Video", "space", *"input", "space", *"lands"),
    "discard_confirm": ("3", "n", *"draft", "escape"),
    "resolve_dialog": ("3", "r", "y"),
    "unresolve_dialog": ("1", "r"),
    "export_dialog": ("x",),
    "add_dialog": ("a", *"Open", "space", *"weights"),
    "help": ("question_mark",),
    "brier_view": ("b",),
}


def keys_then_settle(keys: tuple[str, ...]) -> Callable[[Pilot[object]], Awaitable[None]]:
    """Open the journal, press the keys (letting workers finish after each), then wait for the screen."""

    async def run(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await press(pilot, *keys)

    return run


@pytest.mark.parametrize("name", list(CASES))
def test_screen(name: str, snap_compare: SnapCompare, sample_journal: Path, make_app: AppFactory) -> None:
    assert snap_compare(make_app(sample_journal), terminal_size=SIZE, run_before=keys_then_settle(CASES[name]))


def test_main_screen_at_80x24(snap_compare: SnapCompare, sample_journal: Path, make_app: AppFactory) -> None:
    assert snap_compare(make_app(sample_journal), terminal_size=(80, 24), run_before=keys_then_settle(("3",)))


def test_error_screen(snap_compare: SnapCompare, make_app: AppFactory, tmp_path: Path) -> None:
    def corrupt(path: Path, clock: object) -> object:
        raise JournalCorruptError("journal.json: the file is not valid JSON (line 1, column 3)")

    app = make_app(tmp_path / "journal.json", opener=corrupt)
    assert snap_compare(app, terminal_size=SIZE, run_before=keys_then_settle(()))
