"""A date field that takes only digits and dashes, so letter keys stay free for the dialog's bindings."""

from __future__ import annotations

from textual.binding import Binding

from tui.widgets.field import FieldInput

DATE_CHARACTERS = "0123456789-"


class DateInput(FieldInput):
    """A YYYY-MM-DD field; other printable keys pass through to the screen's bindings."""

    BINDINGS = [Binding("enter", "submit", "Confirm", id="date-submit", tooltip="Save the choice shown")]

    def __init__(self, value: str, *, id: str | None = None) -> None:
        super().__init__(value, restrict=r"[0-9-]*", max_length=10, id=id)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Consume digits and dashes only."""
        return character is not None and character in DATE_CHARACTERS
