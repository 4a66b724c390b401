"""A dialog's text field whose enter key saves the dialog and shows as such in the footer."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class FieldInput(Input):
    """An Input whose enter binding is visible ("Save"). The dialog saves on `Input.Submitted`,
    which arrives after every key typed before enter, however fast they come."""

    BINDINGS = [Binding("enter", "submit", "Save", id="field-submit", tooltip="Save and close the dialog")]
