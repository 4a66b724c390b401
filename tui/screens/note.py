"""The note editor: a multi-line text and a date (today by default)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Input, Label, TextArea

from domain.model import Prediction
from domain.validation import InputError, parse_date, require_text
from tui.screens.dialog import Dialog, error_line, subject_line
from tui.widgets.field import PlainInput, PlainTextArea


@dataclass(frozen=True, slots=True)
class NoteRequest:
    """A validated note to record."""

    text: str
    on: date


class NoteEditor(Dialog[NoteRequest]):
    """Write a note. ctrl+s saves; escape asks before discarding a non-empty draft."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="note-save", tooltip="Record the note"),
    ]

    def __init__(self, prediction: Prediction, today: date) -> None:
        super().__init__()
        self.prediction = prediction
        self.today = today

    def compose(self) -> ComposeResult:
        """The editor and the date field."""
        with Vertical(classes="dialog", id="note-dialog") as box:
            box.border_title = "New note"
            yield subject_line(self.prediction)
            yield PlainTextArea(id="note-text", soft_wrap=True)
            yield Label("Date (YYYY-MM-DD)")
            yield PlainInput(self.today.isoformat(), id="date")
            yield error_line()
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """enter in the date field does nothing; ctrl+s saves (so a stray enter never saves half a note)."""
        event.stop()
        event.prevent_default()  # not the base dialog's save-on-enter

    def action_save(self) -> None:
        """Validate, then close with the note; a problem stays in the dialog."""
        try:
            text = require_text(self.query_one("#note-text", TextArea).text)
            on = parse_date(self.query_one("#date", Input).value, self.today)
        except InputError as error:
            self.show_error(str(error))
            return
        self.dismiss(NoteRequest(text, on))

    def draft(self) -> tuple[str, str]:
        """The note typed so far."""
        return self.query_one("#note-text", TextArea).text, "note"
