"""The Brier view's scores beyond Brier (issue 14): log and baseline scores per prediction and overall, the
clip said, the chart by quarter of resolution, how to read the scores (also in help), the tag filter beside
the set filter, and a per-prediction table that stays readable at 60 columns."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.app import App
from textual.widgets import Static
from tui_support import AppFactory, TickingClock, press, settle

from storage.journal import open_journal
from tui.screens.brier import BrierScreen, QuarterView
from tui.screens.help import HelpScreen, accent
from tui.screens.tags import TagFilterDialog


def drawn(widget: Static, width: int = 200) -> str:
    """The plain text a Static holding rich renderables draws at `width`."""
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(widget.content)
    return console.export_text()


def screen_lines(app: App[Any]) -> list[str]:
    """The text of each row of the screen, as drawn."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def test_log_and_baseline_scores_per_prediction_and_overall_with_the_clip(
    sample_journal: Path, make_app: AppFactory
) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "b")
        screen = app.screen
        assert isinstance(screen, BrierScreen)
        rows = {line.split()[0]: line.split() for line in drawn(screen.query_one("#brier-table", Static)).splitlines()}
        # 1: 80% on yes: ln 0.8 = −0.223, 100 × (log₂ 0.8 + 1) = +67.8; 2: 30% on no: ln 0.7, +48.5.
        assert "-0.223" in rows["1"] and "+67.8" in rows["1"]
        assert "-0.357" in rows["2"] and "+48.5" in rows["2"]
        overall = drawn(screen.query_one("#overall", Static))
        assert "Log score (final)       -0.290" in overall
        assert "Baseline score (final)  +58.2" in overall
        assert "both clip p to [0.001, 0.999]" in overall
        guide = drawn(screen.query_one("#score-guide", Static))
        assert "How to read these" in guide and "Baseline score" in guide and "Metaculus" in guide


async def test_the_quarter_chart_has_each_quarter_with_its_count_brier_and_baseline(
    sample_journal: Path, make_app: AppFactory
) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "b")
        chart = app.screen.query_one(QuarterView).render().plain.splitlines()
        assert chart[0] == "Scores by quarter of resolution date"
        assert chart[1].split() == ["Quarter", "n", "Brier", "Baseline"]
        # 1 resolved yes on 2025-12-31 (Brier 0.040), 2 no on 2026-01-05 (0.090), 4 ambiguous on 2026-01-02.
        assert chart[2].startswith("2025-Q4  1  ") and "0.040" in chart[2].split() and chart[2].endswith("+67.8")
        assert chart[3].startswith("2026-Q1  1  ") and "0.090" in chart[3].split() and chart[3].endswith("+48.5")
        assert "Resolved but not scored: 2026-Q1 1" in chart


async def test_the_brier_view_filters_by_tag_beside_the_set(sample_journal: Path, make_app: AppFactory) -> None:
    journal = open_journal(sample_journal, TickingClock())
    journal.retag(1, ("ai",))
    journal.retag(3, ("ai",))
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "b", "f")
        assert isinstance(app.screen, TagFilterDialog)
        await press(pilot, "down", "enter")
        screen = app.screen
        assert isinstance(screen, BrierScreen) and screen.report is not None
        assert [s.prediction_id for s in screen.report.predictions] == [1, 3]
        assert screen.report.brier is not None and abs(screen.report.brier - 0.04) < 1e-9
        assert "Tag: #ai" in drawn(screen.query_one("#brier-filter", Static))


async def test_the_tag_filter_of_the_board_carries_into_the_brier_view(
    sample_journal: Path, make_app: AppFactory
) -> None:
    open_journal(sample_journal, TickingClock()).retag(2, ("work",))
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "f", "down", "enter", "b")
        screen = app.screen
        assert isinstance(screen, BrierScreen) and screen.report is not None
        assert [s.prediction_id for s in screen.report.predictions] == [2]


async def test_at_60_columns_the_table_keeps_the_titles_and_whole_headings(
    sample_journal: Path, make_app: AppFactory
) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await press(pilot, "b")
        lines = screen_lines(app)
        heading = next(line for line in lines if "Outcome" in line)
        assert heading.split() == ["#", "Prediction", "Outcome", "p", "Brier", "Base"]
        assert "…" not in heading
        assert any("Commoditization of" in line for line in lines)


async def test_help_explains_the_scores_and_its_keys_take_the_themes_accent(
    sample_journal: Path, make_app: AppFactory
) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        assert "How to read the scores" in drawn(screen.query_one("#help-score-guide", Static))
        keys = screen.query(Static).first().content
        assert keys.columns[0].style == accent(app)  # type: ignore[union-attr]
        assert "cyan" not in str(accent(app))
