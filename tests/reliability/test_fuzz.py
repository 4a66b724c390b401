"""Bad-input fuzzing: hypothesis drives the CLI's argument parsing and the validators behind the TUI's dialogs."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli.main import cli
from cli.settings import Settings
from domain.validation import (
    InputError,
    parse_date,
    parse_outcome,
    parse_percent,
    parse_prediction_id,
    require_text,
)
from reliability.support import FIGURES, HEAVY, TickingClock
from storage.journal import open_journal

EXAMPLES = 2000 if HEAVY else 300
COMMANDS = ["estimate", "note", "resolve", "unresolve", "list", "score", "recover"]
TRICKY = [
    "0", "1", "10", "11", "-1", "1.5", " 3 ", "\u0663", "1e2", "70", "70%", "62.5", "100.0001", "-0", "nan", "inf",
    "-inf", "1_0", "0x10", "", " ", "2025-06-01", "2025-02-30", "2026-11-30", "20250601", "2025-6-1", "0000-01-01",
    "yes", "no", "ambiguous", "y", "maybe", "YES", "-", "--date", "--note", "--json", "--from", "--help", "\x00",
    "caf\udce9", "\n", "a\nb",
]
TOKENS = st.sampled_from(TRICKY) | st.text(max_size=12)


def mostly(valid: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Usually a valid value, otherwise a tricky or random token."""
    return st.one_of(valid, valid, valid, valid, TOKENS)


FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=not HEAVY, suppress_health_check=[HealthCheck.too_slow]
)


def test_cli_rejects_bad_arguments_with_one_line_and_an_untouched_journal(tmp_path: Path) -> None:
    path = tmp_path / "journal.json"
    clock = TickingClock()
    open_journal(path, clock)

    @FUZZ
    @given(command=st.sampled_from(COMMANDS), args=st.lists(TOKENS, max_size=5), stdin=st.text(max_size=20))
    def run(command: str, args: list[str], stdin: str) -> None:
        before = path.read_bytes()
        result = CliRunner().invoke(cli, [command, *args], obj=Settings(path, clock), input=stdin)
        FIGURES["CLI inputs tried"] += 1
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"{[command, *args]!r} raised {result.exception!r}"
        )
        if result.exit_code != 0:
            FIGURES["CLI inputs rejected"] += 1
            assert result.stderr.count("\n") == 1 and result.stderr.endswith("\n"), result.stderr
            assert "\r" not in result.stderr, result.stderr
            assert result.stderr.startswith("forecast-journal: error: "), result.stderr
            assert path.read_bytes() == before, f"{[command, *args]!r} was rejected but changed the journal"

    run()


def test_dialog_validators_reject_cleanly_and_never_touch_the_journal(tmp_path: Path) -> None:
    path = tmp_path / "journal.json"
    clock = TickingClock()
    journal = open_journal(path, clock)
    today: date = journal.today()
    known = {p.id for p in journal.snapshot().predictions}

    @FUZZ
    @given(
        pid=mostly(st.integers(1, 10).map(str)),
        percent=mostly(st.floats(0, 100).map(str)),
        on=mostly(st.dates(max_value=today).map(date.isoformat)),
        outcome=mostly(st.sampled_from(["yes", "no", "ambiguous"])),
        text=mostly(st.text(st.characters(codec="utf-8"), min_size=1)),
    )
    def submit(pid: str, percent: str, on: str, outcome: str, text: str) -> None:
        before = path.read_bytes()
        FIGURES["validator inputs tried"] += 1
        try:
            prediction_id = parse_prediction_id(pid, known)
            probability = parse_percent(percent)
            day = parse_date(on, today)
            answer = parse_outcome(outcome)
            body = require_text(text)
        except InputError as error:
            FIGURES["validator inputs rejected"] += 1
            assert str(error) and "\n" not in str(error)
            return
        assert math.isfinite(probability) and 0.0 <= probability <= 1.0 and day <= today
        try:
            journal.add_estimate(prediction_id, probability, day, body)
        except InputError:
            FIGURES["validator inputs rejected"] += 1
            assert path.read_bytes() == before
            return
        journal.add_note(prediction_id, body, day)
        if journal.snapshot().resolution_for(prediction_id) is not None:
            journal.unresolve(prediction_id)
        journal.resolve(prediction_id, answer, day, body)

    submit()
