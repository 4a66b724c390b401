"""Every screen mounts with the width and height classes Textual would give it on its first resize, so that
resize changes nothing (no second styling and layout of the whole screen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.screen import Screen
from tui_support import AppFactory, press, settle

from tui.app import ForecastApp
from tui.screens.estimate import EstimateDialog
from tui.screens.fitted import breakpoint_class
from tui.screens.main import MainScreen

BREAKPOINTS = [(0, "-tiny"), (70, "-narrow"), (110, "-wide")]
NAMES = {name for _, name in ForecastApp.HORIZONTAL_BREAKPOINTS + ForecastApp.VERTICAL_BREAKPOINTS}


@pytest.mark.parametrize(("width", "expected"), [(0, "-tiny"), (69, "-tiny"), (70, "-narrow"), (109, "-narrow"), (500, "-wide")])
def test_the_highest_breakpoint_reached_names_the_class(width: int, expected: str) -> None:
    assert breakpoint_class(width, BREAKPOINTS) == expected


def test_no_breakpoints_no_class() -> None:
    assert breakpoint_class(80, []) is None


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40), (200, 60)])
async def test_a_screens_first_resize_leaves_its_classes_as_they_mounted(
    sample_journal: Path, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    """Textual sets the breakpoint classes as a screen resizes: they are already those, for the main screen
    and a dialog, at each size."""
    seen: dict[str, tuple[set[str], set[str]]] = {}
    on_resize = Screen._on_resize

    async def recorded(screen: Screen[object], event: events.Resize) -> None:
        before = set(screen.classes) & NAMES
        await on_resize(screen, event)
        seen.setdefault(type(screen).__name__, (before, set(screen.classes) & NAMES))

    monkeypatch.setattr(Screen, "_on_resize", recorded)
    app = make_app(sample_journal)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        assert isinstance(app.screen, EstimateDialog)
    for screen in (MainScreen, EstimateDialog):
        before, after = seen[screen.__name__]
        assert len(after) == 2, "one width class and one height class"
        assert before == after
