"""The base of every screen: its width and height classes (the app's breakpoints) are set before its first
layout."""

from __future__ import annotations

from textual import events, on
from textual.screen import Screen, ScreenResultType


def breakpoint_class(dimension: int, breakpoints: list[tuple[int, str]]) -> str | None:
    """The class of the highest breakpoint `dimension` reaches, as Textual picks it."""
    for at, name in sorted(breakpoints, reverse=True):
        if dimension >= at:
            return name
    return None


class Fitted(Screen[ScreenResultType]):
    """A screen that mounts with the breakpoint classes of the terminal's size.

    Textual sets them at the screen's first resize, which comes after a first layout: every widget was then
    restyled and the screen laid out a second time (about a quarter of what opening a dialog costs). Set
    as the screen mounts, they are right by the first layout, and Textual's own update changes nothing.
    """

    @on(events.Mount)
    def fit_the_terminal(self) -> None:
        """Set the width and height classes for the app's size (styles apply as the screen shows)."""
        app = self.app
        horizontal = app.HORIZONTAL_BREAKPOINTS if self.HORIZONTAL_BREAKPOINTS is None else self.HORIZONTAL_BREAKPOINTS
        vertical = app.VERTICAL_BREAKPOINTS if self.VERTICAL_BREAKPOINTS is None else self.VERTICAL_BREAKPOINTS
        horizontal, vertical = horizontal or [], vertical or []
        width, height = app.size
        shown = {breakpoint_class(width, horizontal), breakpoint_class(height, vertical)}
        every = {name for _, name in horizontal + vertical}
        self.update_classes({name: name in shown for name in every}, update=False)
