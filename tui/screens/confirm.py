"""The one confirmation screen: asked before a change that hides or replaces something."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.screens.fitted import Fitted
from tui.widgets.footer import KeyFooter


class Confirm(ModalScreen[bool | None], Fitted[bool | None]):
    """y goes ahead (True); n or escape goes back (None, like a cancelled dialog, so nothing is saved).

    The hint line says what each key does here.
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes", tooltip="Go ahead"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no", tooltip="Go back; nothing changes"),
    ]

    def __init__(self, title: str, question: str, verb: str, back: str = "go back") -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.verb = verb
        self.back = back

    def compose(self) -> ComposeResult:
        """The question; it may quote user text, so it is shown as written, never as markup."""
        with Vertical(classes="dialog", id="confirm-dialog") as box:
            box.border_title = self.title_text
            yield Static(Content(self.question), classes="confirm-question")
            yield Label(f"y {self.verb} · n {self.back}", classes="dialog-hint")
        yield KeyFooter()

    def action_answer(self, sure: bool) -> None:
        """Close with the answer."""
        self.dismiss(True if sure else None)


def discard_draft(what: str = "note") -> Confirm:
    """Ask before throwing away an unsaved draft."""
    return Confirm("Discard draft?", f"This {what} has not been saved. Discard it?", "discard", "keep editing")
