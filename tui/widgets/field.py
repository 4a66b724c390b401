"""The dialogs' text fields: they refuse pasted control characters, and a FieldInput's enter saves."""

from __future__ import annotations

from textual.binding import Binding
from textual.events import Paste
from textual.widget import Widget
from textual.widgets import Input, TextArea

from domain.safe_text import visible

PASTE_REFUSED = "Not pasted: the text holds control characters (such as terminal escape sequences)."


def _refuse_control_characters(widget: Widget, event: Paste, *, multiline: bool) -> None:
    # Keys cannot type control or bidi characters, but a paste can carry them, and a field draws its text
    # as it is: an escape sequence would reach the terminal. So such a paste is refused, whole.
    if any(visible(line, multiline=multiline) != line for line in event.text.splitlines()):
        event.prevent_default()
        widget.notify(PASTE_REFUSED, severity="warning", markup=False)


class PlainInput(Input):
    """A one-line field that refuses a paste holding control characters (tabs included)."""

    def on_paste(self, event: Paste) -> None:
        """Refuse the paste before the Input inserts it, if it holds control characters."""
        _refuse_control_characters(self, event, multiline=False)


class PlainTextArea(TextArea):
    """A multi-line field that refuses a paste holding control characters other than tabs and newlines."""

    def on_paste(self, event: Paste) -> None:
        """Refuse the paste before the TextArea inserts it, if it holds control characters."""
        _refuse_control_characters(self, event, multiline=True)


class FieldInput(PlainInput):
    """An Input whose enter binding is visible ("Save"). The dialog saves on `Input.Submitted`,
    which arrives after every key typed before enter, however fast they come."""

    BINDINGS = [Binding("enter", "submit", "Save", id="field-submit", tooltip="Save and close the dialog")]
