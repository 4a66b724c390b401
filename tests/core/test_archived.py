"""Archived predictions leave the panes and the scores but stay in the file and every export; the
confidence history leaves retracted estimates out and marks where the window closes. Hand-computed cases."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from domain.model import Estimate, JournalData, Outcome, Prediction, Resolution, Retraction
from domain.scoring import score_journal
from tests.cli_support import RunCli, listing, ok
from tui.board import History, build_board, confidence_history
from tui.charts import split_at_close

RESOLVE_BY = date(2025, 6, 30)


def prediction(prediction_id: int, set_name: str = "A", archived: bool = False) -> Prediction:
    return Prediction(prediction_id, f"P{prediction_id}", "text", "test.md", RESOLVE_BY, set_name, archived)


def made(prediction_id: int, p: float, on: str, retracted: bool = False) -> Estimate:
    at = datetime.fromisoformat(f"{on}T12:00:00").replace(tzinfo=UTC)
    return Estimate(prediction_id, p, date.fromisoformat(on), at, retracted=Retraction(at, "typo") if retracted else None)


def two_resolved(archived: bool) -> JournalData:
    """#1 at 80% resolved yes (Brier 0.04); #2 at 40% resolved yes (Brier 0.36), archived or not."""
    return JournalData(
        [prediction(1), prediction(2, archived=archived)],
        {1: (made(1, 0.8, "2025-06-01"),), 2: (made(2, 0.4, "2025-06-01"),)},
        {},
        {n: Resolution(n, Outcome.YES, RESOLVE_BY) for n in (1, 2)},
    )


def test_an_archived_prediction_leaves_the_totals_but_keeps_its_own_score() -> None:
    report = score_journal(two_resolved(archived=True))
    assert report.scored == 1
    assert report.brier == pytest.approx(0.04)
    assert report.archived == {2}
    assert [s.prediction_id for s in report.counted] == [1]
    # Each prediction keeps its score (the export shows it); only the totals leave it out.
    assert [s.prediction_id for s in report.predictions] == [1, 2]
    assert report.predictions[1].brier == pytest.approx(0.36)


def test_include_archived_counts_it_as_before() -> None:
    report = score_journal(two_resolved(archived=True), include_archived=True)
    assert report.scored == 2
    assert report.brier == pytest.approx((0.04 + 0.36) / 2)
    assert report.archived == frozenset()
    assert score_journal(two_resolved(archived=False)).brier == report.brier


def test_archived_ids_asked_for_are_still_left_out() -> None:
    report = score_journal(two_resolved(archived=True), [2])
    assert report.scored == 0 and report.brier is None and report.archived == {2}


def seed_two_resolved(run_cli: RunCli) -> None:
    """On the seeds: #1 80% → yes (Brier 0.04), #2 40% → yes (Brier 0.36), #2 archived."""
    for args in (
        ("estimate", "1", "80", "--date", "2025-06-01"),
        ("resolve", "1", "yes", "--date", "2025-12-31"),
        ("estimate", "2", "40", "--date", "2025-06-01"),
        ("resolve", "2", "yes", "--date", "2025-12-31"),
        ("archive", "2"),
    ):
        ok(run_cli(*args))


def test_score_json_leaves_archived_out_and_archived_flag_brings_them_back(run_cli: RunCli) -> None:
    seed_two_resolved(run_cli)
    document = json.loads(ok(run_cli("score", "--json")).stdout)
    assert 2 not in [p["id"] for p in document["predictions"]]
    assert document["archived_left_out"] == [2]
    assert document["overall"]["scored"] == 1
    assert document["overall"]["brier"] == pytest.approx(0.04)
    everything = json.loads(ok(run_cli("score", "--json", "--archived")).stdout)
    assert 2 in [p["id"] for p in everything["predictions"]]
    assert everything["archived_left_out"] == []
    assert everything["overall"]["scored"] == 2
    assert everything["overall"]["brier"] == pytest.approx(0.2)


def test_score_says_how_many_archived_predictions_it_left_out(run_cli: RunCli) -> None:
    seed_two_resolved(run_cli)
    text = ok(run_cli("score")).stdout
    assert "1 archived prediction not scored; `score --archived` includes them" in text
    assert "archived prediction" not in ok(run_cli("score", "--archived")).stdout


def test_list_marks_archived_and_exports_keep_them(run_cli: RunCli) -> None:
    seed_two_resolved(run_cli)
    lines = ok(run_cli("list")).stdout.splitlines()
    assert lines[1].split()[:2] == ["2", "archived"]
    assert lines[0].split()[:2] == ["1", "yes"]
    assert next(p for p in listing(run_cli) if p["id"] == 2)["archived"] is True
    markdown = ok(run_cli("export", "-")).stdout
    assert "## 2. " in markdown


def test_the_board_has_no_pane_for_an_archived_prediction_nor_a_set_of_only_archived_ones() -> None:
    data = JournalData([prediction(1), prediction(2, archived=True), prediction(3, "B", archived=True)])
    board = build_board(data, date(2026, 11, 29))
    assert [(s.name, [p.prediction_id for p in s.panes]) for s in board] == [("A", [1])]


def test_history_leaves_retracted_estimates_out_and_marks_the_close() -> None:
    # 20% on 06-01, 90% on 06-10 retracted, 50% on 07-10 (after the close on 06-30); today 07-20.
    # 50 points over the 49 days from 06-01 are one a day: point k is 06-01 + k days.
    estimates = (made(1, 0.2, "2025-06-01"), made(1, 0.9, "2025-06-10", retracted=True), made(1, 0.5, "2025-07-10"))
    data = JournalData([prediction(1)], {1: estimates})
    history = confidence_history(prediction(1), data, date(2025, 7, 20), points=50)
    assert history == History((0.2,) * 39 + (0.5,) * 11, closed_from=30)


def test_history_of_only_retracted_estimates_is_empty() -> None:
    data = JournalData([prediction(1)], {1: (made(1, 0.9, "2025-06-10", retracted=True),)})
    assert confidence_history(prediction(1), data, date(2025, 7, 20)) == History()


def test_history_inside_the_window_has_no_close_mark() -> None:
    data = JournalData([prediction(1)], {1: (made(1, 0.2, "2025-06-01"),)})
    assert confidence_history(prediction(1), data, date(2025, 6, 20), points=5).closed_from is None


def test_split_at_close_leaves_a_cell_for_the_mark() -> None:
    values = [0.2] * 39 + [0.5] * 11
    # 20 cells for 50 values: cell i shows value round(i × 49 / 19); cell 12 is the first at 30 or later.
    before, after = split_at_close(values, 21, 30)
    assert (len(before), len(after)) == (12, 8)
    assert split_at_close(values, 21, None) == (split_at_close(values, 21, None)[0], [])
    assert len(split_at_close(values, 21, None)[0]) == 21
