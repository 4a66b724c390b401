"""Unresolving keeps the resolution taken back, with its note, in the prediction's history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import orjson

from domain.formats.json_listing import journal_to_listing
from domain.formats.json_listing import parse as parse_listing
from domain.formats.markdown import parse as parse_markdown_export
from domain.formats.markdown import render as render_markdown
from domain.model import Outcome
from storage.journal import open_journal
from tests.cli_support import RunCli, ok
from tests.clock import TODAY, TickingClock


def test_an_undone_resolution_and_its_note_stay_in_the_prediction_history(journal_path: Path) -> None:
    journal = open_journal(journal_path, TickingClock())
    journal.resolve(3, Outcome.YES, date(2025, 12, 31), "it shipped\nin every app")
    journal.unresolve(3)
    journal.resolve(3, Outcome.NO, date(2026, 1, 10), "it did not, on a closer look")
    journal.unresolve(3)
    for data in (journal.snapshot(), open_journal(journal_path, TickingClock()).snapshot()):
        prediction = data.prediction(3)
        assert prediction is not None and data.resolution_for(3) is None
        assert [(u.outcome, u.date, u.note) for u in prediction.undone] == [
            (Outcome.YES, date(2025, 12, 31), "it shipped\nin every app"),
            (Outcome.NO, date(2026, 1, 10), "it did not, on a closer look"),
        ]
        assert prediction.undone[0].undone_at < prediction.undone[1].undone_at
    record = orjson.loads(journal_path.read_bytes())["predictions"]["3"]
    assert [u["outcome"] for u in record["undone"]] == ["yes", "no"]


def test_show_lists_the_undone_resolutions(journal_path: Path, run_cli: RunCli) -> None:
    ok(run_cli("resolve", "3", "yes", "--date", "2025-12-31", "--note", "looked right then"))
    ok(run_cli("unresolve", "3"))
    shown = ok(run_cli("show", "3")).stdout
    assert "Undone resolution: yes on 2025-12-31 (undone " in shown
    assert "looked right then" in shown


def test_the_markdown_and_json_exports_carry_them_back(journal_path: Path) -> None:
    journal = open_journal(journal_path, TickingClock())
    journal.resolve(3, Outcome.AMBIGUOUS, date(2025, 12, 31), "> a quote\n# not a heading")
    journal.unresolve(3)
    data = journal.snapshot()
    expected = data.prediction(3)
    assert expected is not None
    (from_markdown,) = [
        item
        for item in parse_markdown_export(render_markdown(data, journal.clock()), "x.md", TODAY)
        if item.prediction.id == 3
    ]
    assert from_markdown.prediction.undone == expected.undone
    listing = orjson.dumps(journal_to_listing(data)).decode()
    (from_json,) = [item for item in parse_listing(listing, "x.json", TODAY) if item.prediction.id == 3]
    assert from_json.prediction.undone == expected.undone


def test_an_undone_answer_keeps_its_option_or_value(journal_path: Path, run_cli: RunCli) -> None:
    ok(run_cli("add", "Which lab first?", "--option", "OpenAI", "--option", "Anthropic"))
    ok(run_cli("add", "Top score", "--numeric", "--unit", "points"))
    ok(run_cli("resolve", "11", "Anthropic", "--date", "2026-01-02"))
    ok(run_cli("resolve", "12", "91.25", "--date", "2026-01-02"))
    ok(run_cli("unresolve", "11"))
    ok(run_cli("unresolve", "12"))
    data = open_journal(journal_path, TickingClock()).snapshot()
    choice, numeric = data.prediction(11), data.prediction(12)
    assert choice is not None and numeric is not None
    assert [(u.outcome, u.option) for u in choice.undone] == [(Outcome.ANSWERED, "Anthropic")]
    assert [(u.outcome, u.value) for u in numeric.undone] == [(Outcome.ANSWERED, 91.25)]
    assert "Undone resolution: Anthropic on 2026-01-02" in ok(run_cli("show", "11")).stdout
    assert "Undone resolution: 91.25 points on 2026-01-02" in ok(run_cli("show", "12")).stdout
    (from_markdown,) = [
        item
        for item in parse_markdown_export(render_markdown(data, TickingClock()()), "x.md", TODAY)
        if item.prediction.id == 12
    ]
    assert from_markdown.prediction.undone == numeric.undone
