"""Hostile titles, set names and notes: every screen and dialog shows them literally, sends no control
character to the terminal, makes nothing clickable and never crashes. An unexpected error exits non-zero.

The checks read what the app would draw (the screen's strips), not widget state.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.events import Paste
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Static
from tui_support import AppFactory, TickingClock, go_to, press, settle

from cli.main import cli
from cli.settings import Settings
from domain.safe_text import visible, visible_line
from storage.errors import JournalCorruptError
from tests.hostile import UNSAFE, Item, hostile_items, write_hostile_journal
from tui.app import ForecastApp
from tui.screens.add import AddPredictionDialog
from tui.screens.brier import BrierScreen
from tui.screens.error import ErrorScreen
from tui.screens.estimate import EstimateDialog
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.note import NoteEditor
from tui.screens.resolve import ResolveDialog
from tui.widgets.detail import SHOWN_CHARACTERS, DetailBody
from tui.widgets.field import PASTE_REFUSED
from tui.widgets.pane import PredictionPane

SIZE = (120, 50)  # tall enough for every hostile row of the Brier table


class Drawn:
    """What the active screen draws, checked segment by segment: no control character, no link and no
    click action anywhere."""

    def __init__(self, app: ForecastApp) -> None:
        self.strips = app.screen._compositor.render_strips()
        for strip in self.strips:
            for segment in strip:
                assert not UNSAFE.search(segment.text), f"control character drawn: {segment.text!r}"
                style = segment.style
                if style is not None:
                    assert style.link is None, f"link drawn: {style.link!r} on {segment.text!r}"
                    assert "@click" not in (style.meta or {}), f"click action drawn: {style.meta!r}"
        self.text = "\n".join(strip.text for strip in self.strips)

    def inside(self, widget: Widget) -> str:
        """The text drawn inside `widget` (border and padding left out), without whitespace, so that
        wrapping does not matter."""
        region = widget.content_region
        rows = self.strips[region.y : region.bottom]
        return squash("".join(strip.crop(region.x, region.right).text for strip in rows))


def squash(text: str) -> str:
    """`text` without whitespace."""
    return "".join(text.split())


async def key(pilot: Pilot[None], name: str) -> None:
    """Press a key that opens or closes a screen (no worker to wait for)."""
    await pilot.press(name)
    await pilot.pause(0)


DIALOGS = (("e", EstimateDialog), ("n", NoteEditor), ("r", ResolveDialog))


async def focus(pilot: Pilot[None], prediction_id: int) -> PredictionPane:
    """Focus a prediction's pane on the main screen and scroll it into view."""
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    pane = screen.query_one(f"#pane-{prediction_id}", PredictionPane)
    # Without the animated scroll that focus() starts: it could still be under way, short of the pane, when
    # the pane was looked for (seen in a full run in one process).
    pane.focus(scroll_visible=False)
    screen.scroll_to_widget(pane, animate=False)
    await pilot.pause(0)
    return pane


async def drawn_when(pilot: Pilot[None], ready: Callable[[Drawn], bool], timeout: float = 10.0) -> Drawn:
    """What the screen draws once `ready` holds for it, or at `timeout` seconds (the caller's assertions then
    say what is missing).

    It waits on time, not on a count of rounds: the screen redraws on a timer, so on a fast machine many
    rounds of handled messages can pass before the scrolled pane is drawn.
    """
    deadline = time.monotonic() + timeout
    drawn = Drawn(pilot.app)
    while not ready(drawn) and time.monotonic() < deadline:
        await pilot.pause(0.005)
        drawn = Drawn(pilot.app)
    return drawn


async def check_main(pilot: Pilot[None], ids: list[int], items: list[Item]) -> None:
    """Focus each hostile prediction: its pane and the detail show its title, set name and note literally."""
    app = pilot.app
    for prediction_id, (title, set_name, note) in zip(ids, items, strict=True):
        pane = await focus(pilot, prediction_id)
        shown_title = squash(visible_line(title))
        detail = app.screen.query_one(DetailBody)
        def ready(drawn: Drawn, pane: PredictionPane = pane, shown: str = shown_title, detail: Widget = detail) -> bool:
            return shown[:8] in drawn.inside(pane) and shown[:30] in drawn.inside(detail)

        drawn = await drawn_when(pilot, ready)
        assert shown_title[:8] in drawn.inside(pane)
        assert shown_title[:30] in drawn.inside(detail)
        plain = detail.render().plain
        for text in (visible_line(title), visible_line(set_name), visible(note[:SHOWN_CHARACTERS])):
            assert text in plain


async def check_dialog(pilot: Pilot[None], name: str, dialog: type[Widget], ids: list[int], items: list[Item]) -> None:
    """Open the dialog on each of the given predictions: its subject line shows the title literally, over the
    dimmed main screen."""
    app = pilot.app
    for prediction_id, (title, _, _) in zip(ids, items, strict=True):
        await focus(pilot, prediction_id)
        await key(pilot, name)
        assert isinstance(app.screen, dialog)
        subject = Drawn(app).inside(app.screen.query_one(".dialog-subject", Static))
        assert squash(visible_line(title))[:30] in subject
        await pilot.press("escape")  # the next focus pauses anyway


async def check_brier(pilot: Pilot[None], items: list[Item]) -> None:
    """The Brier view lists the titles literally, and its set filter shows each set name literally."""
    app = pilot.app
    await press(pilot, "b")
    screen = app.screen
    assert isinstance(screen, BrierScreen)
    table = Drawn(app).inside(screen.query_one("#brier-table", Static))
    for title, _, _ in items:
        assert squash(visible_line(title))[:6] in table
    for _ in range(len(screen.filters) - 1):
        await press(pilot, "s")
        label = squash(visible_line(screen.filters[screen.filter_index]))
        assert label[:30] in Drawn(app).inside(screen.query_one("#brier-filter", Static))
    await key(pilot, "escape")


async def check_help_and_export(pilot: Pilot[None]) -> None:
    """Help and the export dialog draw nothing unsafe over a hostile journal."""
    app = pilot.app
    await key(pilot, "question_mark")
    assert isinstance(app.screen, HelpScreen)
    Drawn(app)
    await key(pilot, "escape")
    await key(pilot, "x")
    Drawn(app)
    await key(pilot, "escape")
    assert isinstance(app.screen, MainScreen)


def dialog_share(index: int, ids: list[int], items: list[Item]) -> tuple[list[int], list[Item]]:
    """The hostile predictions the `index`-th dialog opens on: the first (resolved) one, then every third, so
    that every title shows in a dialog and every dialog shows the first title."""
    chosen = [0, *range(1 + index, len(ids), len(DIALOGS))]
    return [ids[i] for i in chosen], [items[i] for i in chosen]


# One part per screen, each in its own app, so that the parts run side by side under xdist.
PARTS = ("main and detail", *(dialog.__name__ for _, dialog in DIALOGS), "Brier view", "help and export")


@pytest.fixture(scope="module")
def hostile_journal(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[int]]:
    """The hostile journal, written once per module; each test reads a copy."""
    path = tmp_path_factory.mktemp("hostile") / "journal.json"
    return path, write_hostile_journal(path, hostile_items())


@pytest.mark.parametrize("part", PARTS)
async def test_hostile_titles_set_names_and_notes_show_literally_everywhere(
    hostile_journal: tuple[Path, list[int]], journal_path: Path, make_app: AppFactory, part: str
) -> None:
    items = hostile_items()
    source, ids = hostile_journal
    shutil.copyfile(source, journal_path)
    app = make_app(journal_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.focused_id == ids[0]  # a hostile prediction is the first thing shown
        if part == "main and detail":
            await check_main(pilot, ids, items)
        elif part == "Brier view":
            await check_brier(pilot, items)
        elif part == "help and export":
            await check_help_and_export(pilot)
        else:
            index = PARTS.index(part) - 1
            name, dialog = DIALOGS[index]
            await check_dialog(pilot, name, dialog, *dialog_share(index, ids, items))


async def test_plain_brackets_show_and_markup_does_not_run(tmp_path: Path, make_app: AppFactory) -> None:
    click = f"[@click=app.screenshot('shot.svg','{tmp_path}')]Will it rain?[/]"
    items = [("Will [X] happen", "Set [Y]", "note [Z]"), (click, "Clicks", "note")]
    journal_path = tmp_path / "journal.json"
    ids = write_hostile_journal(journal_path, items)
    app = make_app(journal_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        drawn = Drawn(app)
        assert drawn.text.count(f"{ids[0]}. Will [X] happen") == 2  # in the pane and the detail's border
        assert "Set [Y] · 1 prediction" in drawn.text
        await go_to(pilot, ids[1])
        assert "Willitrain?[/]" in Drawn(app).inside(app.screen.query_one(DetailBody))
        detail = app.screen.query_one("#detail")
        for column in range(2, 30, 3):  # the detail's border title, where "Will it rain?" was drawn clickable
            await pilot.click(detail, offset=(column, 0))
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert not (tmp_path / "shot.svg").exists()


async def test_adding_a_hostile_title_tells_of_it_literally(journal_path: Path, make_app: AppFactory) -> None:
    title = "[@click=app.quit]Will [X] [/bold] happen[/]"
    app = make_app(journal_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        for _ in range(2):  # added, then refused as a duplicate: both notices quote the title
            await key(pilot, "a")
            assert isinstance(app.screen, AddPredictionDialog)
            app.screen.query_one("#title", Input).value = title
            await press(pilot, "enter")
            assert isinstance(app.screen, MainScreen)
            drawn = Drawn(app)
            assert squash(title) in "".join(drawn.inside(toast) for toast in app.screen.query("Toast"))
        messages = [n.message for n in app._notifications]
    assert messages[0].startswith("Saved: added")
    assert "already has a prediction titled" in messages[1]


async def test_markup_typed_into_a_dialog_is_quoted_literally(sample_journal: Path, make_app: AppFactory) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "3", "e")
        app.screen.query_one("#percent", Input).value = "[/][@click=app.quit]70"
        await press(pilot, "enter")
        assert isinstance(app.screen, EstimateDialog)
        assert "[/][@click=app.quit]70" in Drawn(app).inside(app.screen.query_one(".dialog-error", Static))


def field_text(widget: Widget) -> str:
    """What an Input or a TextArea holds."""
    return widget.value if isinstance(widget, Input) else widget.text  # type: ignore[attr-defined, no-any-return]


@pytest.mark.parametrize(
    ("keys", "field"), [(("3", "e"), "#percent"), (("3", "n"), "#note-text"), (("3", "r"), "#note"), (("a",), "#title")]
)
async def test_a_paste_holding_control_characters_is_refused(
    sample_journal: Path, make_app: AppFactory, keys: tuple[str, ...], field: str
) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, *keys)
        widget = app.screen.query_one(field)
        widget.focus()
        for text in ("a\x1b]52;c;aGk=\x07b", "\u202eevil"):
            app.post_message(Paste(text))  # as the terminal's bracketed paste arrives
            await pilot.pause(0)
        Drawn(app)
        assert field_text(widget) == ""
        assert [n.message for n in app._notifications] == [PASTE_REFUSED, PASTE_REFUSED]
        app.post_message(Paste("plain [text]"))
        await pilot.pause(0)
        assert "plain [text]" in field_text(widget)


async def test_error_screen_shows_a_hostile_message_literally(make_app: AppFactory, tmp_path: Path) -> None:
    message = "[/]\x1b]0;t\x07[@click=app.quit]journal.json[/]: the file is not valid JSON"

    def corrupt(path: Path, clock: object) -> object:
        raise JournalCorruptError(message)

    app = make_app(tmp_path / "journal.json", opener=corrupt)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        assert squash(visible(message)) in Drawn(app).inside(app.screen.query_one("#error-message", Static))


async def test_a_very_long_note_shows_its_start_and_how_much_more_there_is(
    journal_path: Path, make_app: AppFactory
) -> None:
    note = "start " + "n" * 99_994
    ids = write_hostile_journal(journal_path, [("Long", "Long set", note)])
    app = make_app(journal_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.focused_id == ids[0]
        detail = app.screen.query_one(DetailBody)
        shown = detail.render().plain
        assert f"… {len(note) - SHOWN_CHARACTERS:,} more characters; x exports them all" in shown
        assert note[:SHOWN_CHARACTERS] in shown and note not in shown
        assert Drawn(app).inside(detail).startswith("Long")


# Text as found in other people's files: markup, escapes, bidi, zero-width, emoji, CJK, long words.
FRAGMENTS = st.sampled_from(
    [
        "[/]", "[/bold]", "[b]", "[link=http://x/]", "[@click=app.quit]", "[@click=app.screenshot('a','/tmp')]",
        "\x1b[2J", "\x1b]0;x\x07", "\x1b]52;c;aGk=\x07", "\x9b", "\x07", "\u202e", "\u2066", "\u200b", "\u200d",
        "🎉", "👩‍👩‍👧", "中文", "$accent", "\\", "w" * 80,
    ]
)
ANY_CHARACTERS = st.text(st.characters(codec="utf-8", exclude_characters="\n\r"), max_size=8)
LINE = st.lists(FRAGMENTS | ANY_CHARACTERS, min_size=1, max_size=6).map("".join)
ONE_LINE = LINE.map(lambda text: f"t{text}"[:300])  # never empty-looking, at most a title's length
NOTE = st.lists(LINE | st.just("\n"), min_size=1, max_size=8).map(lambda parts: "n" + "".join(parts))
ITEMS = st.lists(st.tuples(ONE_LINE, ONE_LINE, NOTE), min_size=1, max_size=3, unique_by=lambda item: item[:2])


def test_random_hostile_text_renders_safely_everywhere(tmp_path: Path, clock: TickingClock) -> None:
    from tui.factory import create_app

    # Few examples: HOSTILE covers each kind of fragment on every screen; these only mix them.
    @settings(max_examples=3, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
    @given(items=ITEMS)
    def run(items: list[Item]) -> None:
        path = tmp_path / f"journal-{len(list(tmp_path.iterdir()))}.json"
        ids = write_hostile_journal(path, items)

        async def tour() -> None:
            app = create_app(path, clock)
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                await check_main(pilot, ids, items)
                for index, (prediction_id, item) in enumerate(zip(ids, items, strict=True)):
                    name, dialog = DIALOGS[index % len(DIALOGS)]  # the fixed test opens every dialog
                    await check_dialog(pilot, name, dialog, [prediction_id], [item])
                await check_brier(pilot, items)

        asyncio.run(tour())

    run()


def test_an_unexpected_error_exits_non_zero_and_says_where_the_details_are(
    journal_path: Path, clock: TickingClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui import factory, launch
    from tui.factory import create_app

    def broken(path: Path, clock: object) -> object:
        raise RuntimeError("unexpected \x1b]0;x\x07 [/]")

    def headless_app(path: Path, clock: TickingClock, **options: object) -> ForecastApp:
        app = create_app(path, clock, opener=broken)
        run = app.run
        app.run = lambda: run(headless=True)  # type: ignore[method-assign]
        return app

    monkeypatch.setattr(factory, "create_app", headless_app)
    result = CliRunner().invoke(cli, [], obj=Settings(journal_path, clock))
    assert result.exit_code == 1
    report = launch.crash_report_path(journal_path)
    assert result.stderr == f"{launch.CRASHED}; the details are in {report}\n"
    assert "RuntimeError: unexpected ␛]0;x" in report.read_text(encoding="utf-8")  # safe to print, too
