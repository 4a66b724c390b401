"""Edit a note: pick it by number, change its text (prefilled); ctrl+s saves, the earlier text is kept."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Input, Label, TextArea

from domain.model import Note, Prediction
from domain.safe_text import visible_line
from domain.validation import InputError, parse_id_number, require_text
from tui.screens.dialog import Dialog, error_line, subject_line
from tui.widgets.field import PlainInput, PlainTextArea
from tui.widgets.footer import KeyFooter

LISTED = 12
"""The latest notes the dialog lists; `forecast-journal show` lists them all."""


@dataclass(frozen=True, slots=True)
class NoteEdit:
    """A validated new text for note #`number`."""

    number: int
    text: str


def note_line(number: int, note: Note) -> str:
    """One note as the dialogs list it: number, date, markers and the start of its text."""
    marks = ("  (removed)" if note.removed is not None else "") + ("  (edited)" if note.edited else "")
    return f"#{number:<3} {note.date.isoformat()}{marks}  {visible_line(note.text)[:40]}"


class EditNoteDialog(Dialog[NoteEdit]):
    """The note's number (the latest shown note by default) and its text; changing the number loads
    that note's text. ctrl+s saves; escape asks before discarding a changed text."""

    BINDINGS = [Binding("ctrl+s", "save", "Save", id="edit-note-save", tooltip="Replace the note's text")]

    def __init__(self, prediction: Prediction, notes: Sequence[Note]) -> None:
        super().__init__()
        self.prediction = prediction
        self.notes = notes
        shown = [n for n, note in enumerate(notes, 1) if note.removed is None]
        self.loaded = shown[-1] if shown else len(notes)

    def compose(self) -> ComposeResult:
        """The notes by number, the number field and the text."""
        with VerticalScroll(classes="dialog", id="edit-note-dialog", can_focus=False) as box:
            box.border_title = "Edit a note"
            yield subject_line(self.prediction)
            yield Label("The earlier text is kept in the journal. A removed note comes back.", classes="dialog-hint")
            numbered = list(enumerate(self.notes, 1))[-LISTED:]
            yield Label(Content("\n".join(note_line(n, note) for n, note in numbered)), classes="pick-lines")
            yield Label("Note number")
            yield PlainInput(str(self.loaded), id="number")
            yield PlainTextArea(self.notes[self.loaded - 1].text, id="edit-note-text", soft_wrap=True)
            yield error_line()
        yield KeyFooter()

    def _chosen(self) -> int:
        number = parse_id_number(self.query_one("#number", Input).value, "note number")
        if not 1 <= number <= len(self.notes):
            raise InputError(f"there is no note #{number} (notes: #1–#{len(self.notes)})")
        return number

    def on_input_changed(self, event: Input.Changed) -> None:
        """A valid note number loads that note's text into the editor."""
        event.stop()
        try:
            number = self._chosen()
        except InputError:
            return
        if number != self.loaded:
            self.loaded = number
            self.query_one("#edit-note-text", TextArea).text = self.notes[number - 1].text
            self.clear_error()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """enter in the number field moves to the text; ctrl+s saves."""
        event.stop()
        event.prevent_default()  # not the base dialog's save-on-enter
        self.query_one("#edit-note-text", TextArea).focus()

    def action_save(self) -> None:
        """Validate, then close with the new text; a problem stays in the dialog."""
        try:
            number = self._chosen()
            text = require_text(self.query_one("#edit-note-text", TextArea).text)
            note = self.notes[number - 1]
            if text == note.text and note.removed is None:
                raise InputError(f"note #{number} already has this text")
        except InputError as error:
            self.show_error(str(error))
            return
        self.dismiss(NoteEdit(number, text))

    def draft(self) -> tuple[str, str]:
        """The text typed, when it differs from the note's current text."""
        text = self.query_one("#edit-note-text", TextArea).text
        return ("" if text == self.notes[self.loaded - 1].text else text), "edit"
