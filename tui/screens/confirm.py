"""Ask before throwing away a draft."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Label


class ConfirmDiscard(ModalScreen[bool]):
    """y discards the draft, n or escape goes back to it."""

    BINDINGS = [
        Binding("y", "answer(True)", "Discard", id="discard-yes", tooltip="Throw the draft away"),
        Binding("n,escape", "answer(False)", "Keep editing", id="discard-no", tooltip="Go back to the draft"),
    ]

    def __init__(self, what: str = "note") -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        """The question."""
        with Vertical(classes="dialog", id="confirm-dialog") as box:
            box.border_title = "Discard draft?"
            yield Label(f"This {self.what} has not been saved. Discard it?")
            yield Label("y discard · n keep editing", classes="dialog-hint")
        yield Footer()

    def action_answer(self, discard: bool) -> None:
        """Close with the answer."""
        self.dismiss(discard)
