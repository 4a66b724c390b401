"""Tags in the app (issue 14): the tags dialog (prefilled, checked inline, saved as what to add and remove),
tags on the panes (cut with … when narrow) and in the detail, and the tag filter of the board."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static
from tui_support import AppFactory, TickingClock, go_to, press, settle, wait_until

from storage.journal import open_journal
from tui.commands import binding_commands
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.tags import TagFilterDialog, TagsDialog
from tui.widgets.detail import DetailBody
from tui.widgets.pane import PredictionPane


def tags_of(path: Path, prediction_id: int) -> tuple[str, ...]:
    """The tags the journal file holds for a prediction."""
    prediction = open_journal(path, TickingClock()).snapshot().prediction(prediction_id)
    assert prediction is not None
    return prediction.tags


def pane_top(app: object, prediction_id: int) -> str:
    """The top border of a pane as drawn."""
    pane = app.screen.query_one(f"#pane-{prediction_id}", PredictionPane)  # type: ignore[attr-defined]
    strips = app.screen._compositor.render_strips()  # type: ignore[attr-defined]
    return strips[pane.region.y].text[pane.region.x : pane.region.right]


async def test_the_tags_dialog_saves_what_changed_and_refuses_a_bad_tag_inline(
    sample_journal: Path, make_app: AppFactory
) -> None:
    open_journal(sample_journal, TickingClock()).retag(3, ("ai", "old"))
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await go_to(pilot, 3)
        await press(pilot, "number_sign")
        assert isinstance(app.screen, TagsDialog)
        field = app.screen.query_one("#tags", Input)
        assert field.value == "ai old"
        await press(pilot, "end", "ctrl+u", *"ai #Work Bad!", "enter")
        assert isinstance(app.screen, TagsDialog)
        error = app.screen.query_one(".dialog-error", Static)
        assert error.display and str(error.content).startswith("not a tag: 'Bad!'")
        assert tags_of(sample_journal, 3) == ("ai", "old")
        await press(pilot, *["backspace"] * 5, "enter")
        await wait_until(pilot, lambda: tags_of(sample_journal, 3) == ("ai", "work"))
        assert isinstance(app.screen, MainScreen)
        await wait_until(pilot, lambda: "#ai #work" in pane_top(app, 3))
        assert "#ai #work" in str(app.screen.query_one(DetailBody).render())
        messages = [n.message for n in app._notifications]
        assert "Saved: prediction 3: #work added; #old removed." in messages


async def test_tags_on_a_narrow_pane_are_cut_with_an_ellipsis(sample_journal: Path, make_app: AppFactory) -> None:
    open_journal(sample_journal, TickingClock()).retag(1, ("ai", "benchmarks", "commoditization", "pricing"))
    app = make_app(sample_journal)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        top = pane_top(app, 1)
        assert "#ai #benchmarks" in top and top.rstrip("─╮ ").endswith("…")


async def test_the_tag_filter_shows_only_the_tagged_panes_says_so_and_escape_shows_all(
    sample_journal: Path, make_app: AppFactory
) -> None:
    journal = open_journal(sample_journal, TickingClock())
    journal.retag(2, ("ai",))
    journal.retag(5, ("ai", "small"))
    journal.retag(7, ("small",))
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        filter_line = app.screen.query_one("#filter-line", Static)
        assert not filter_line.display
        await press(pilot, "f")
        assert isinstance(app.screen, TagFilterDialog)
        await press(pilot, "down", "down", "enter")  # all, #ai, #small
        assert isinstance(app.screen, MainScreen)
        assert [pane.prediction_id for pane in app.screen.query(PredictionPane)] == [5, 7]
        assert filter_line.display
        assert str(filter_line.content) == (
            "Showing only #small: 2 of 10 predictions — f picks another tag, escape shows all"
        )
        assert app.screen.focused_id == 5
        await press(pilot, "escape")
        assert len(app.screen.query(PredictionPane)) == 10
        assert not filter_line.display


async def test_help_and_the_palette_list_the_tag_and_review_keys(sample_journal: Path, make_app: AppFactory) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        commands = {command.title for command in binding_commands(app, app.screen, skip=set())}
        assert {"Tags", "Tag filter", "Review"} <= commands
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = {row.description: row for row in app.screen.rows}
        assert rows["Tags"].keys == "#" and rows["Tag filter"].keys == "f" and rows["Review"].keys == "u"
        assert all(rows[name].tooltip for name in ("Tags", "Tag filter", "Review"))
