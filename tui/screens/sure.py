"""Ask before a change that hides something: y goes ahead, n or escape goes back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static


class ConfirmChange(ModalScreen[bool | None]):
    """Closes with True on y, and None (nothing to save) on n or escape."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="change-yes", tooltip="Make the change"),
        Binding("n,escape", "answer(False)", "Back", id="change-no", tooltip="Go back without changing anything"),
    ]

    def __init__(self, title: str, question: str, verb: str) -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.verb = verb

    def compose(self) -> ComposeResult:
        """The question; `question` is shown as written, never as markup."""
        with Vertical(classes="dialog", id="confirm-change") as box:
            box.border_title = self.title_text
            yield Static(Content(self.question), classes="confirm-question")
            yield Label(f"y {self.verb} · n go back", classes="dialog-hint")
        yield Footer()

    def action_answer(self, sure: bool) -> None:
        """Close with the answer."""
        self.dismiss(True if sure else None)
