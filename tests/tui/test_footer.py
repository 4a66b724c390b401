"""The footer (tui/widgets/footer.py): it shows the screen's keys and follows them when they change, is not
redrawn when they stay the same, and acts as Textual's Footer under the mouse: a click presses the key,
hovering lights the key and shows its tooltip."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from tui_support import AppFactory, TickingClock, go_to, press, settle, wait_until

from storage.journal import open_journal
from tui.screens.estimate import EstimateDialog
from tui.screens.queue import QueueScreen
from tui.widgets.footer import DrawnKey, KeyFooter


def footer_of(app: App[Any]) -> KeyFooter:
    """The footer of the active screen."""
    return app.screen.query_one(KeyFooter)


def shown(app: App[Any]) -> list[str]:
    """The descriptions of the footer's keys on the active screen, in order."""
    return [key.description for key in footer_of(app).keys]


def drawn_key(footer: KeyFooter, description: str) -> DrawnKey:
    """Where the footer drew the key with this description."""
    return next(drawn for drawn in footer.drawn if drawn.key.description == description)


async def test_moving_between_panes_and_dialogs_keeps_the_same_footer(sample_journal: Path, make_app: AppFactory) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        keys = footer_of(app).keys
        assert {"Estimate", "Note", "Resolve", "Help"} <= set(shown(app))
        await press(pilot, "down", "right", "up")
        await go_to(pilot, 7)
        await press(pilot, "e")
        assert shown(app)[:2] == ["Save", "Cancel"]  # the dialog's own footer
        await press(pilot, "escape")
        assert footer_of(app).keys is keys  # the very same keys: never read as a change, never redrawn


async def test_the_footer_follows_keys_that_go_away(sample_journal: Path, make_app: AppFactory) -> None:
    journal = open_journal(sample_journal, TickingClock())
    for prediction_id in (5, 6, 7, 8, 9, 10):
        journal.set_archived(prediction_id, True)
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "u")
        assert isinstance(app.screen, QueueScreen)
        await wait_until(pilot, lambda: "Resolve" in shown(app))
        await press(pilot, "r", "y", "enter")  # resolve the one prediction due: the queue is empty
        await wait_until(pilot, lambda: isinstance(app.screen, QueueScreen) and not app.screen.items)
        await wait_until(pilot, lambda: "Resolve" not in shown(app))
        assert {"Update", "Skip"}.isdisjoint(shown(app)) and "Back" in shown(app)


async def test_a_click_on_a_key_presses_it(sample_journal: Path, make_app: AppFactory) -> None:
    before = sample_journal.read_bytes()
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        footer = footer_of(app)
        estimate = drawn_key(footer, "Estimate")
        await pilot.click(footer, offset=(estimate.end - 1, 0))
        await settle(pilot)
        assert isinstance(app.screen, EstimateDialog)
        cancel = drawn_key(footer_of(app), "Cancel")
        await pilot.click(footer_of(app), offset=(cancel.start, 0))
        await settle(pilot)
        assert not isinstance(app.screen, EstimateDialog)
    assert sample_journal.read_bytes() == before  # opened and cancelled: nothing written


async def test_hovering_a_key_lights_it_and_shows_its_tooltip(sample_journal: Path, make_app: AppFactory) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        footer = footer_of(app)
        note = drawn_key(footer, "Note")

        def note_background() -> object:
            strip = app.screen._compositor.render_strips()[footer.region.y]
            segment = next(iter(strip.crop(note.start + 1, note.start + 2)))
            return segment.style.bgcolor if segment.style else None

        unlit = note_background()
        await pilot.hover(footer, offset=(note.start + 1, 0))
        await settle(pilot)
        assert footer.tooltip == "Write a dated note"
        assert note_background() != unlit
        assert footer.styles.pointer == "pointer"
        await pilot.hover(footer, offset=(footer.size.width - 1, 0))  # the palette's key
        await settle(pilot)
        assert footer.tooltip is not None and footer.tooltip != "Write a dated note"
        assert note_background() == unlit
        await pilot.hover(footer, offset=(footer.drawn[-2].end + 1, 0))  # between the last key and the palette's
        await settle(pilot)
        assert footer.tooltip is None and footer.styles.pointer == "default"


async def test_the_palette_key_sits_at_the_right_and_other_keys_stop_short_of_it(
    sample_journal: Path, make_app: AppFactory
) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = footer_of(app)
        *keys, palette = footer.drawn
        assert palette.key == footer.palette and palette.end == 80
        assert all(left.end <= right.start for left, right in zip(footer.drawn, footer.drawn[1:], strict=False))
        line = app.screen._compositor.render_strips()[footer.region.y].text
        for drawn in footer.drawn:  # each key's columns hold what it says
            assert line[drawn.start : drawn.end].strip(" ▏").split(" ", 1) == [drawn.key.key_display, drawn.key.description]
        assert keys[-1].key.description == "Help"  # the last key fits
