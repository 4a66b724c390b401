"""Snapshots of every screen and dialog at 60×20, 80×24, 120×40 and 200×60.

Deterministic: the clock is fixed on 2026-11-29, the journal is written with its own fixed clock, the
cursor does not blink, and no temporary path appears on screen. Each snapshot is looked at as a PNG
before it is accepted (`--snapshot-update`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_support import AppFactory, TickingClock, copy_journal, fill_sample, go_to, press, settle

from domain.kinds import parse_question
from storage.errors import JournalCorruptError
from storage.journal import open_journal
from tests.clock import TODAY

SnapCompare = Callable[..., bool]

SIZES = {"60x20": (60, 20), "80x24": (80, 24), "120x40": (120, 40), "200x60": (200, 60)}

# The prediction to go to and the keys that then open each screen and dialog. Predictions 1–10 are the
# seeds (1, 2 and 4 resolved; 3 with estimates, notes and the tag #multimodal), 11 is a choice and 12 a
# numeric prediction of the user's own.
CASES: dict[str, tuple[int | None, tuple[str, ...]]] = {
    "main_and_detail": (3, ()),
    "brier_view": (None, ("b",)),
    "help": (None, ("question_mark",)),
    "review_queue": (None, ("u",)),
    "estimate_dialog": (3, ("e", "7", "2")),
    "estimate_dialog_error": (3, ("e", "7", "x", "enter")),
    "choice_estimate_dialog": (11, ("e",)),
    "numeric_estimate_dialog": (12, ("e",)),
    "note_editor": (3, ("n", *"Video", "space", *"input", "space", *"lands")),
    "discard_confirm": (3, ("n", *"draft", "escape")),
    "resolve_dialog": (3, ("r", "y")),
    "choice_resolve_dialog": (11, ("r",)),
    "unresolve_dialog": (1, ("r",)),
    "retract_dialog": (3, ("t",)),
    "edit_note_dialog": (3, ("m",)),
    "edit_prediction_dialog": (11, ("p",)),
    "archive_confirm": (3, ("z",)),
    "tags_dialog": (3, ("number_sign",)),
    "tag_filter": (None, ("f",)),
    "export_dialog": (None, ("x",)),
    "add_dialog": (None, ("a", *"Open", "space", *"weights")),
}


@pytest.fixture(scope="module")
def built_snapshot_journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample journal, a tag, and a choice and a numeric prediction of the user's own (built once)."""
    journal_path = tmp_path_factory.mktemp("snapshot") / "journal.json"
    journal = open_journal(journal_path, TickingClock(TODAY - timedelta(hours=1)))
    fill_sample(journal)
    journal.retag(3, ("multimodal",))
    choice = parse_question(options=["OpenAI", "Anthropic", "Google"])
    journal.add_own_prediction("Which lab ships the top model first?", "", "2026-12-31", question=choice)
    journal.add_choice_estimate(11, (0.5, 0.3, 0.2), date(2026, 10, 1))
    numeric = parse_question(numeric=True, unit="points")
    journal.add_own_prediction("Top MMLU score", "", "2026-12-31", question=numeric)
    journal.add_interval_estimate(12, 88.0, 93.0, 0.8, date(2026, 10, 1))
    return journal_path


@pytest.fixture
def snapshot_journal(journal_path: Path, built_snapshot_journal: Path) -> Path:
    """A copy of the snapshot journal for one test."""
    return copy_journal(built_snapshot_journal, journal_path)


def keys_then_settle(prediction_id: int | None, keys: tuple[str, ...]) -> Callable[[Pilot[object]], Awaitable[None]]:
    """Open the journal, go to the prediction (its id typed as one number), press the keys (the app takes
    them in order), then wait for the screen."""

    async def run(pilot: Pilot[object]) -> None:
        await settle(pilot)
        if prediction_id is not None:
            await go_to(pilot, prediction_id)
        await press(pilot, *keys)

    return run


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(CASES))
def test_screen(name: str, size: str, snap_compare: SnapCompare, snapshot_journal: Path, make_app: AppFactory) -> None:
    app = make_app(snapshot_journal)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=keys_then_settle(*CASES[name]))


@pytest.mark.parametrize("size", list(SIZES))
def test_error_screen(size: str, snap_compare: SnapCompare, make_app: AppFactory, tmp_path: Path) -> None:
    def corrupt(path: Path, clock: object) -> object:
        raise JournalCorruptError("journal.json: the file is not valid JSON (line 1, column 3)")

    app = make_app(tmp_path / "journal.json", opener=corrupt)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=keys_then_settle(None, ()))
