"""Every screen mounts with the width and height classes Textual would give it on its first resize, and that
resize, to the size the screen was just laid out at, costs no second layout; a real resize refits every
screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.screen import Screen
from tui_support import AppFactory, press, settle

from tui.app import ForecastApp
from tui.screens.estimate import EstimateDialog
from tui.screens.fitted import breakpoint_class

BREAKPOINTS = [(0, "-tiny"), (70, "-narrow"), (110, "-wide")]
NAMES = {name for _, name in ForecastApp.HORIZONTAL_BREAKPOINTS + ForecastApp.VERTICAL_BREAKPOINTS}


@pytest.mark.parametrize(("width", "expected"), [(0, "-tiny"), (69, "-tiny"), (70, "-narrow"), (109, "-narrow"), (500, "-wide")])
def test_the_highest_breakpoint_reached_names_the_class(width: int, expected: str) -> None:
    assert breakpoint_class(width, BREAKPOINTS) == expected


def test_no_breakpoints_no_class() -> None:
    assert breakpoint_class(80, []) is None


def fitted(screen: Screen[object]) -> set[str]:
    """The screen's width and height classes."""
    return set(screen.classes) & NAMES


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40), (200, 60)])
async def test_a_screen_shows_laid_out_once_with_the_classes_textual_would_give_it(
    sample_journal: Path, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    """The main screen and a dialog show without Textual's handling of the resize each is sent after its
    first layout (a second layout of the whole screen), and with the classes that handling would set."""
    handled: list[str] = []
    on_resize = Screen._on_resize

    async def recorded(screen: Screen[object], event: events.Resize) -> None:
        handled.append(type(screen).__name__)
        await on_resize(screen, event)

    monkeypatch.setattr(Screen, "_on_resize", recorded)
    app = make_app(sample_journal)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        assert isinstance(app.screen, EstimateDialog)
        assert not {"MainScreen", "EstimateDialog"} & set(handled)
        for screen in app.screen_stack[1:]:
            before = fitted(screen)
            assert len(before) == 2, "one width class and one height class"
            await on_resize(screen, events.Resize(screen.outer_size, screen.outer_size))
            assert fitted(screen) == before


async def test_a_terminal_resized_under_a_dialog_refits_the_dialog_and_the_screen_below(
    sample_journal: Path, make_app: AppFactory
) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        main, dialog = app.screen_stack[1:]
        assert fitted(main) == fitted(dialog) == {"-wide", "-tall"}
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        assert fitted(main) == fitted(dialog) == {"-tiny", "-short"}
        await press(pilot, "escape")
        assert app.screen is main and main.outer_size == (60, 20)
