"""A date field that takes only digits and dashes, so letter keys stay free for the dialog's bindings."""

from __future__ import annotations

from textual.widgets import Input

DATE_CHARACTERS = "0123456789-"


class DateInput(Input):
    """A YYYY-MM-DD field; other printable keys pass through to the screen's bindings."""

    def __init__(self, value: str, *, id: str | None = None, disabled: bool = False) -> None:  # noqa: A002
        super().__init__(value, restrict=r"[0-9-]*", max_length=10, id=id, disabled=disabled)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Consume digits and dashes only."""
        return character is not None and character in DATE_CHARACTERS
