"""Shown instead of the journal when it cannot be opened: the problem on one line, and how to go on."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Header, Label, Static

from domain.safe_text import visible
from tui.screens.fitted import Fitted
from tui.widgets.footer import KeyFooter


class ErrorScreen(Fitted[None]):
    """The journal could not be opened (corrupt, locked, read-only…). q quits with exit status 1, so a
    script that runs the app sees that it did not open, and the problem is printed again on leaving."""

    BINDINGS = [Binding("q,escape", "leave", "Quit", id="error-quit", tooltip="Leave forecast-journal")]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        """The message and the way out."""
        yield Header()
        with Vertical(classes="dialog", id="error-box") as box:
            box.border_title = "The journal cannot be opened"
            yield Static(Content(visible(self.message)), id="error-message")
            yield Label(
                "Nothing was changed. Fix the problem (or run `forecast-journal recover`), then start again.",
                classes="dialog-hint",
            )
        yield KeyFooter()

    def action_leave(self) -> None:
        """Quit with exit status 1; the problem is the app's result, which `launch` prints on leaving."""
        self.app.exit(result=self.message, return_code=1)
