"""The base of every screen: its width and height classes (the app's breakpoints) are set before its first
layout, and it is not laid out again for the resize that layout sends it."""

from __future__ import annotations

from textual import events, on
from textual.geometry import Size
from textual.screen import Screen, ScreenResultType


def breakpoint_class(dimension: int, breakpoints: list[tuple[int, str]]) -> str | None:
    """The class of the highest breakpoint `dimension` reaches, as Textual picks it."""
    for at, name in sorted(breakpoints, reverse=True):
        if dimension >= at:
            return name
    return None


class Fitted(Screen[ScreenResultType]):
    """A screen that mounts with the breakpoint classes of the terminal's size, and is laid out once as it
    shows.

    Textual sets those classes at the screen's first resize, which comes after a first layout: every widget
    was then restyled and the screen laid out a second time (about a quarter of what opening a dialog
    cost). Set as the screen mounts, they are right by the first layout, and that resize is left out.
    """

    @on(events.Mount)
    def fit_the_terminal(self) -> None:
        """Set the width and height classes for the app's size (styles apply as the screen shows)."""
        self.update_classes(self._breakpoint_classes(self.app.size), update=False)

    @on(events.Resize)
    def skip_a_layout_already_done(self, event: events.Resize) -> None:
        """Leave out Textual's handling of a resize to the size the screen is already laid out at and fitted to.

        After each layout that shows a screen or changes its size, the screen is sent a resize to the size
        it was just laid out at, and Textual laid the whole screen out and drew it again (a tenth to a
        seventh of what opening a dialog cost). Any other resize, or one whose breakpoint classes are not
        yet set (a screen under a dialog when the terminal was resized), is handled as usual.
        """
        classes = self._breakpoint_classes(event.size)
        if event.size == self.outer_size and all(self.has_class(name) == shown for name, shown in classes.items()):
            event.stop()
            event.prevent_default()

    def _breakpoint_classes(self, size: Size) -> dict[str, bool]:
        """Each width and height class of the app's breakpoints, and whether `size` shows it."""
        app = self.app
        horizontal = app.HORIZONTAL_BREAKPOINTS if self.HORIZONTAL_BREAKPOINTS is None else self.HORIZONTAL_BREAKPOINTS
        vertical = app.VERTICAL_BREAKPOINTS if self.VERTICAL_BREAKPOINTS is None else self.VERTICAL_BREAKPOINTS
        horizontal, vertical = horizontal or [], vertical or []
        shown = {breakpoint_class(size.width, horizontal), breakpoint_class(size.height, vertical)}
        return {name: name in shown for _, name in horizontal + vertical}
