"""The review queue (issue 14): reasons, their order and each one's date on a fixed clock, and `due`."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from cli.review import due_lines
from domain.model import Estimate, JournalData, Outcome, Prediction, Resolution, Retraction
from domain.review import DueItem, DueReason, due_items
from tests.cli_support import RunCli, ok
from tests.clock import TODAY

today = TODAY.date()  # 2026-11-29


def d(text: str) -> date:
    return date.fromisoformat(text)


def prediction(pid: int, resolve_by: str, archived: bool = False) -> Prediction:
    return Prediction(pid, f"P{pid}", "text", "test.md", d(resolve_by), "A", archived)


def made(pid: int, on: str, retracted: bool = False) -> Estimate:
    at = datetime.fromisoformat(f"{on}T12:00:00").replace(tzinfo=UTC)
    return Estimate(pid, 0.6, d(on), at, retracted=Retraction(at) if retracted else None)


QUEUE = JournalData(
    [
        prediction(1, "2026-11-01"),  # overdue since Nov 1
        prediction(2, "2025-12-31"),  # overdue longest: first
        prediction(3, "2026-11-29"),  # due today: soon, not overdue
        prediction(4, "2026-12-13"),  # today + 14: soon
        prediction(5, "2026-12-14"),  # today + 15, estimated recently: nothing
        prediction(6, "2027-06-01"),  # last estimate 14 days ago: not stale
        prediction(7, "2027-06-01"),  # last estimate 15 days ago: stale
        prediction(8, "2027-06-01"),  # never estimated: stale, no date, first of the stale
        prediction(9, "2027-06-01"),  # newest estimate retracted: stale from the one in force
        prediction(10, "2025-12-31"),  # resolved: nothing
        prediction(11, "2025-12-31", archived=True),  # archived: nothing
        prediction(12, "2026-06-30"),  # overdue and stale: listed once, as overdue
    ],
    {
        5: (made(5, "2026-11-28"),),
        6: (made(6, "2026-11-15"),),
        7: (made(7, "2026-11-14"),),
        9: (made(9, "2026-10-01"), made(9, "2026-11-20", retracted=True)),
        12: (made(12, "2026-01-01"),),
    },
    {},
    {10: Resolution(10, Outcome.YES, d("2025-12-31"))},
)


def test_the_queue_in_order_with_its_reasons_and_dates() -> None:
    assert [(i.prediction_id, i.reason.value, i.date) for i in due_items(QUEUE, today)] == [
        (2, "overdue", d("2025-12-31")),
        (12, "overdue", d("2026-06-30")),
        (1, "overdue", d("2026-11-01")),
        (3, "soon", d("2026-11-29")),
        (4, "soon", d("2026-12-13")),
        (8, "stale", None),
        (9, "stale", d("2026-10-01")),
        (7, "stale", d("2026-11-14")),
    ]


def test_stale_days_moves_the_line() -> None:
    stale = {i.prediction_id for i in due_items(QUEUE, today, stale_days=30) if i.reason is DueReason.STALE}
    assert stale == {8, 9}
    stale = {i.prediction_id for i in due_items(QUEUE, today, stale_days=1) if i.reason is DueReason.STALE}
    assert stale == {6, 7, 8, 9}  # #5 was estimated yesterday: 1 day old is not older than 1 day


def test_same_date_goes_by_id() -> None:
    data = JournalData([prediction(3, "2025-12-31"), prediction(1, "2025-12-31"), prediction(2, "2025-12-31")])
    assert [i.prediction_id for i in due_items(data, today)] == [1, 2, 3]


def test_lines_show_the_reason_the_date_and_a_safe_title() -> None:
    items = [
        DueItem(2, "Will \x1b[2J it [b]rain[/b]?", DueReason.OVERDUE, d("2025-12-31")),
        DueItem(8, "Never", DueReason.STALE, None),
        DueItem(7, "Old", DueReason.STALE, d("2026-11-14")),
    ]
    lines = list(due_lines(items, 14))
    assert lines[0].split() == ["2", "overdue", "resolve", "by", "2025-12-31", "Will", "␛[2J", "it", "[b]rain[/b]?"]
    assert "never estimated" in lines[1]
    assert "last estimate 2026-11-14" in lines[2]
    assert lines[3] == (
        "3 predictions due: 1 overdue, 2 stale (soon: resolve-by within 14 days; stale: no estimate in the last 14 days)"
    )
    assert list(due_lines([], 30)) == [
        "Nothing is due: no open prediction is overdue, due within 14 days, or without an estimate in the last 30 days."
    ]


def test_due_json_on_the_seeds(run_cli: RunCli) -> None:
    ok(run_cli("resolve", "1", "yes"))
    ok(run_cli("archive", "2"))
    ok(run_cli("add", "Snow by December", "--resolve-by", "2026-12-05"))
    ok(run_cli("add", "Far off", "--resolve-by", "2027-12-31"))
    ok(run_cli("estimate", "12", "40", "--date", "2026-10-01"))
    document = json.loads(ok(run_cli("due", "--json")).stdout)
    assert document["stale_days"] == 14 and document["soon_days"] == 14
    due = document["due"]
    assert [(item["id"], item["reason"], item["date"]) for item in due] == [
        *((n, "overdue", "2025-12-31") for n in range(3, 11)),
        (11, "soon", "2026-12-05"),
        (12, "stale", "2026-10-01"),
    ]
    assert due[-2]["title"] == "Snow by December"
    fresh = json.loads(ok(run_cli("due", "--json", "--stale-days", "100")).stdout)
    assert [item["id"] for item in fresh["due"]][-1] == 11 and fresh["stale_days"] == 100
    text = ok(run_cli("due")).stdout.splitlines()
    assert text[0].split()[:5] == ["3", "overdue", "resolve", "by", "2025-12-31"]
    assert text[-2].split()[:5] == ["12", "stale", "last", "estimate", "2026-10-01"]


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1_0", "１０", "1.5", "", "1000000"])
def test_a_bad_stale_days_is_one_line_and_exit_2(run_cli: RunCli, journal_path: Path, value: str) -> None:
    result = run_cli("due", "--stale-days", value)
    assert result.exit_code == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("forecast-journal: error: Invalid value for '--stale-days': must be a whole number of days")
    assert not journal_path.exists(), "refused before the journal is opened"


def test_due_shows_a_hostile_title_safely_and_json_keeps_it_exact(run_cli: RunCli) -> None:
    title = "Bad \x1b]0;pwned\x07 [b]x[/b] \u202e"
    ok(run_cli("add", title, "--resolve-by", "2026-12-01"))
    line = next(line for line in ok(run_cli("due")).stdout.splitlines() if line.startswith(" 11 "))
    assert line.endswith("Bad ␛]0;pwned␇ [b]x[/b] <U+202E>")
    assert json.loads(ok(run_cli("due", "--json")).stdout)["due"][-1] == {
        "id": 11,
        "title": title,
        "reason": "soon",
        "date": "2026-12-01",
    }
