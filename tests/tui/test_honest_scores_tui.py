"""Honest scores in the app (issue 12): the resolve dialog's preview and warning, the estimate dialog's
"not scored" line, the pane's scored probability and the Brier view's strict toggle and reasons."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path

from rich.console import Console
from textual.widgets import Static
from tui_support import AppFactory, press, settle

from domain.model import Estimate, JournalData, Outcome, Prediction, Resolution
from tui.board import pane_view
from tui.screens.brier import BrierScreen
from tui.screens.estimate import EstimateDialog
from tui.screens.resolve import ResolveDialog


def shown(screen: object, selector: str) -> str:
    """The text a Static of the active screen shows."""
    return str(screen.query_one(selector, Static).content)  # type: ignore[attr-defined]


def drawn(widget: Static) -> str:
    """The plain text a Static holding rich renderables draws."""
    console = Console(width=200, file=io.StringIO(), record=True, color_system=None)
    console.print(widget.content)
    return console.export_text()


def keys(text: str) -> list[str]:
    """The keys that type a date."""
    return ["minus" if char == "-" else char for char in text]


async def test_resolve_dialog_shows_resolve_by_the_scored_estimate_and_its_brier(
    sample_journal: Path, make_app: AppFactory
) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "5", "r")
        screen = app.screen
        assert isinstance(screen, ResolveDialog)
        assert "Resolve by: 2025-12-31 (overdue)" in str(screen.query_one("#resolve-by").content)  # type: ignore[attr-defined]
        assert "Scored: estimate #1, 90% of 2025-04-04 → Brier 0.010 if yes, 0.810 if no" in shown(screen, "#scoring")
        await press(pilot, "n")
        assert shown(screen, "#scoring").endswith("→ Brier 0.810")
        await pilot.press("end", "ctrl+u", *keys("2025-01-01"))
        await settle(pilot)
        assert "2025-01-01 is before every estimate" in shown(screen, "#scoring")


async def test_resolve_dialog_warns_when_every_estimate_is_after_the_date(
    sample_journal: Path, make_app: AppFactory
) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "7", "e", *"99", "enter")
        await press(pilot, "7", "r")
        assert "2025-12-31 is before every estimate, so none of them would be scored" in shown(app.screen, "#scoring")


async def test_estimate_dialog_on_a_closed_prediction_says_it_will_not_be_scored(
    sample_journal: Path, make_app: AppFactory
) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "5", "e")
        screen = app.screen
        assert isinstance(screen, EstimateDialog)
        warning = screen.query_one("#not-scored", Static)
        assert warning.display
        assert "past its resolve-by date, so its window closed on 2025-12-31" in shown(screen, "#not-scored")
        # Dated inside the window (backdated), it would be scored: the warning goes.
        await pilot.press("tab", "end", "ctrl+u", *keys("2025-12-01"))
        await settle(pilot)
        assert not warning.display


async def test_estimate_dialog_on_a_resolved_prediction_says_it_will_not_be_scored(
    sample_journal: Path, make_app: AppFactory
) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "e")
        assert "the prediction is resolved" in shown(app.screen, "#not-scored")


async def test_brier_view_says_why_and_toggles_strict(sample_journal: Path, make_app: AppFactory) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "b")
        screen = app.screen
        assert isinstance(screen, BrierScreen)
        assert screen.report is not None and screen.report.scored == 2
        assert "#4 not scored: ambiguous" in drawn(screen.query_one("#brier-table", Static))
        await press(pilot, "t")
        assert screen.strict
        # The sample estimates were all written on one day, after both windows closed.
        assert screen.report.scored == 0
        assert "strict" in drawn(screen.query_one("#brier-filter", Static))


def test_a_resolved_pane_shows_the_probability_that_was_scored() -> None:
    prediction = Prediction(1, "P", "text", "own", date(2025, 6, 30), "Own predictions")
    early = Estimate(1, 0.8, date(2025, 6, 1), datetime(2025, 6, 1, 12, tzinfo=UTC))
    late = Estimate(1, 0.6, date(2025, 7, 2), datetime(2025, 7, 2, 12, tzinfo=UTC))
    data = JournalData([prediction], {1: (early, late)}, {}, {1: Resolution(1, Outcome.YES, date(2025, 7, 3))})
    view = pane_view(prediction, data, date(2026, 11, 29))
    assert view.latest == "80%"
    assert view.status == "resolved yes · Brier 0.040"
