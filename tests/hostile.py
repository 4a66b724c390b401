"""Hostile text for the rendering tests of the app and the CLI: markup, terminal escapes, bidi controls,
zero-width characters, long words, emoji and CJK, as other people's files may hold them."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from domain.model import Outcome, Prediction
from storage.journal import open_journal
from tests.clock import TODAY, TickingClock

# What must never reach a terminal: C0 controls but the newline that ends a line, DEL, C1 controls and
# the bidi controls.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
HOSTILE = (
    "[/]",
    "[/bold]",
    "[link=http://x/]linked[/link]",
    "[@click=app.screenshot('x.txt','/tmp')]Will it rain?[/]",
    "[@click=app.quit]quit[/]",
    "Will [X] happen",
    "$accent [$accent]dollars[/]",
    "\x1b[2Jcleared",
    "\x1b]0;new title\x07titled",
    "\x1b]52;c;aGVsbG8=\x07clipboard",
    "\x9b31mC1",
    "\u202eright to left\u202c",
    "\u2066isolated\u2069",
    "zero\u200bwidth\u200djoin",
    "w" * 300,
    "🎉 party 👩‍👩‍👧 family",
    "中文标题 日本語のタイトル",
)
# Notes may be multi-line and long.
HOSTILE_NOTES = ("line one\n\x1b[31mred\x1b[0m\nline three", "[b]bold?[/b] " + "x" * 5_000)
DUE = date(2026, 12, 31)  # ahead of the test clock, so the hostile sets come first in the app

Item = tuple[str, str, str]  # a title, a set name and a note


def hostile_items() -> list[Item]:
    """Each hostile string as a title and a set name, with a hostile note."""
    return [(text, text, HOSTILE_NOTES[index % 2] + text) for index, text in enumerate(HOSTILE)]


def write_hostile_journal(path: Path, items: list[Item]) -> list[int]:
    """A journal holding the seeds plus one prediction per (title, set name, note), each with an estimate
    and a note carrying the note text; the first is resolved with it. Returns the new ids."""
    journal = open_journal(path, TickingClock(TODAY - timedelta(hours=1)))
    added = journal.add_predictions(
        lambda first: [
            Prediction(first + index, title, note, "hostile.md", DUE, set_name)
            for index, (title, set_name, note) in enumerate(items)
        ]
    )
    for prediction, (_, _, note) in zip(added, items, strict=True):
        journal.add_estimate(prediction.id, 0.4, date(2026, 1, 1), note)
        journal.add_note(prediction.id, note, date(2026, 2, 1))
    journal.resolve(added[0].id, Outcome.YES, date(2026, 3, 1), items[0][2])
    return [p.id for p in added]
