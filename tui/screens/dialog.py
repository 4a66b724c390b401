"""The base of every dialog: escape cancels, an error line, and a steady cursor when headless."""

from __future__ import annotations

from typing import TypeVar

from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from domain.model import Prediction
from domain.safe_text import is_blank, visible_line
from tui.screens.confirm import discard_draft
from tui.screens.fitted import Fitted

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT | None], Fitted[ResultT | None]):
    """A modal dialog that dismisses with a result, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog-cancel", tooltip="Close the dialog; nothing is saved")]

    def on_mount(self) -> None:
        """Keep the text cursors steady in a headless app (tests, screenshots): nobody sees it blink there,
        and a blinking cursor would make what the app draws depend on timing. Once laid out, show the
        dialog from its top (its title and what it is about) down to the focused field."""
        if self.app.is_headless:
            for field in self.query(Input):
                field.cursor_blink = False
            for area in self.query(TextArea):
                area.cursor_blink = False
        # After the scroll that focusing the first field asks for (it is made after a refresh too).
        self.call_after_refresh(self.call_after_refresh, self._show_from_the_top)

    def _show_from_the_top(self) -> None:
        # Focusing a field centres it, which on a short terminal scrolls the title away: scroll back to
        # the top, then only as far as the focused field needs. An error shown already (keys typed
        # fast) keeps its place in sight instead.
        if any(error.display for error in self.query(".dialog-error")):
            return
        for box in self.query(".dialog"):
            box.scroll_home(animate=False, immediate=True)
        if self.focused is not None:
            self.focused.scroll_visible(animate=False)

    def show_error(self, message: str) -> None:
        """Show a one-line problem with the input, scrolled into view on a short terminal."""
        error = self.query_one(".dialog-error", Static)
        error.update(Content(visible_line(message)))
        error.display = True
        self.call_after_refresh(error.scroll_visible, animate=False)

    def clear_error(self) -> None:
        """Hide the problem line."""
        self.query_one(".dialog-error", Static).display = False

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """enter in a field saves, after every key typed before it."""
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        """Validate the fields and close with the request; each dialog defines what it asks for."""
        raise NotImplementedError

    def draft(self) -> tuple[str, str]:
        """What closing now would throw away, and what to call it ("" when nothing typed would be lost)."""
        return "", ""

    def action_cancel(self) -> None:
        """Close without a result, asking first when a draft would be lost."""
        text, what = self.draft()
        if is_blank(text):
            self.dismiss(None)
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(discard_draft(what), decided)


def error_line() -> Static:
    """The hidden line where a dialog shows what is wrong with the input."""
    line = Static("", classes="dialog-error", markup=False)
    line.display = False
    return line


def subject_line(prediction: Prediction) -> Label:
    """The prediction a dialog is about: its number and title, shown as written, never as markup."""
    return Label(Content(f"{prediction.id}. {visible_line(prediction.title)}"), classes="dialog-subject")
