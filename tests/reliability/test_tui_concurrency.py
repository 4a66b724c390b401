"""The app is open (run_test) and saving while CLI processes write the same journal: neither loses a write."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from reliability.support import FIGURES, TickingClock, estimate_notes
from storage.journal import open_journal
from tui.factory import create_app
from tui.screens.main import Change, MainScreen

DRIVER = Path(__file__).with_name("cli_driver.py")
PER_PROCESS = 40
FROM_APP = 40


async def test_app_open_while_the_cli_writes(journal_path: Path) -> None:
    open_journal(journal_path, TickingClock())
    app = create_app(journal_path, TickingClock())
    async with app.run_test() as pilot:
        deadline = time.monotonic() + 30
        while not isinstance(app.screen, MainScreen) and time.monotonic() < deadline:
            await pilot.pause(0.05)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        tags = ["cli1", "cli2"]
        writers = [
            subprocess.Popen([sys.executable, str(DRIVER), str(journal_path), tag, str(PER_PROCESS)], stderr=subprocess.PIPE)
            for tag in tags
        ]
        for k in range(FROM_APP):
            # The app's own save path: a worker thread writing through its open Journal.
            write = Change(lambda journal, k=k: journal.add_estimate(1 + k % 10, 0.5, note=f"app-{k}"), "saved")
            screen.save(write)
            await app.workers.wait_for_complete()
        for writer in writers:
            _, err = writer.communicate(timeout=120)
            assert writer.returncode == 0, err.decode()
        expected = {f"{tag}-{k}" for tag in tags for k in range(PER_PROCESS)} | {f"app-{k}" for k in range(FROM_APP)}
        shown: set[str] = set()
        while shown != expected and time.monotonic() < deadline + 30:
            await pilot.pause(0.1)  # the app polls the file; wait for it to show the CLI's writes
            data = screen.board.data
            shown = {e.note for p in data.predictions for e in data.estimates_for(p.id)}
        assert shown == expected, "the app does not show every write"
    notes = estimate_notes(journal_path)
    assert len(notes) == len(expected) and set(notes) == expected
    FIGURES["concurrent CLI writes checked"] += len(notes)
