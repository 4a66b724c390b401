"""The note editor: a multi-line text and a date (today by default). A draft left when the app closed
(storage.drafts) is offered back the next time the editor opens on that prediction."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, TextArea

from domain.model import Prediction
from domain.safe_text import is_blank, visible, visible_line
from domain.validation import InputError, parse_date, require_text
from storage.drafts import drop_draft, keep_draft, note_draft_key, read_drafts
from tui.screens.dialog import Dialog, error_line, subject_line
from tui.widgets.field import PlainInput, PlainTextArea
from tui.widgets.footer import KeyFooter


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

    def __init__(self, prediction: Prediction, today: date, drafts: Path | None = None) -> None:
        """`drafts` is the journal's drafts file (storage.drafts); None keeps no drafts."""
        super().__init__()
        self.prediction = prediction
        self.today = today
        self.drafts = drafts
        self.draft_key = note_draft_key(prediction.id)

    def compose(self) -> ComposeResult:
        """The editor and the date field."""
        with Vertical(classes="dialog", id="note-dialog") as box:
            box.border_title = "New note"
            yield subject_line(self.prediction)
            restored = Label("", id="draft-restored", classes="dialog-hint")
            restored.display = False
            yield restored
            yield PlainTextArea(id="note-text", soft_wrap=True)
            yield Label("Date (YYYY-MM-DD)")
            yield PlainInput(self.today.isoformat(), id="date")
            yield error_line()
        yield KeyFooter()

    def on_mount(self) -> None:
        """Offer back the draft left when the app last closed with this editor open."""
        if self.drafts is None:
            return
        found = read_drafts(self.drafts)
        if found.problem is not None:
            self.notify(
                f"Note drafts not restored: {visible_line(str(self.drafts))} cannot be read "
                f"({visible_line(found.problem)}); it is left as it is.",
                title="Drafts",
                severity="warning",
                timeout=10,
                markup=False,
            )
            return
        text = found.drafts.get(self.draft_key, "")
        if is_blank(text):
            return
        if visible(text) != text:
            # Typing and pasting cannot put control characters in a note, and the editor would draw them
            # raw: such a draft was not written by this app.
            self.notify(
                "A note draft was not restored: it holds control characters (such as terminal escape sequences).",
                title="Drafts",
                severity="warning",
                timeout=10,
                markup=False,
            )
            return
        area = self.query_one("#note-text", TextArea)
        area.load_text(text)
        area.move_cursor(area.document.end)
        notice = self.query_one("#draft-restored", Label)
        notice.update("Restored the unsaved draft left when the app last closed.")
        notice.display = True

    def keep_draft(self) -> None:
        """Keep the text typed so far in the drafts file, for the next time (the app is closing)."""
        if self.drafts is None:
            return
        text = self.query_one("#note-text", TextArea).text
        with contextlib.suppress(OSError):  # closing anyway: there is nowhere left to say it failed
            if is_blank(text):
                drop_draft(self.drafts, self.draft_key)
            else:
                keep_draft(self.drafts, self.draft_key, text)

    def dismiss(self, result: NoteRequest | None = None) -> AwaitComplete:
        """Close. Cancelled (the draft deliberately thrown away), the kept draft goes too; a saved note's
        draft goes once the note is in the journal (MainScreen.action_note)."""
        if result is None and self.drafts is not None:
            with contextlib.suppress(OSError):
                drop_draft(self.drafts, self.draft_key)
        return super().dismiss(result)

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
