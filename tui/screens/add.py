"""The add-prediction dialog: a title, optional text and a resolve-by date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from domain.validation import InputError, check_text, parse_resolve_by, parse_title
from tui.screens.dialog import Dialog, error_line
from tui.widgets.field import FieldInput
from tui.widgets.footer import KeyFooter


@dataclass(frozen=True, slots=True)
class NewPrediction:
    """A validated prediction to add."""

    title: str
    text: str
    resolve_by: date


class AddPredictionDialog(Dialog[NewPrediction]):
    """Ask for a new prediction of the user's own. enter adds, escape cancels."""

    BINDINGS = [Binding("enter", "save", "Add", id="add-save", tooltip="Add the prediction")]

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def compose(self) -> ComposeResult:
        """Title, text and resolve-by fields."""
        with Vertical(classes="dialog", id="add-dialog") as box:
            box.border_title = "Add a prediction"
            yield Label("Title")
            yield FieldInput(placeholder="What will happen?", id="title")
            yield Label("Text (optional)")
            yield FieldInput(placeholder="Details, and how it will be judged", id="text")
            yield Label("Resolve by (YYYY-MM-DD)")
            yield FieldInput(date(self.today.year, 12, 31).isoformat(), id="resolve-by")
            yield error_line()
        yield KeyFooter()


    def action_save(self) -> None:
        """Validate, then close with the new prediction."""
        try:
            title = parse_title(self.query_one("#title", Input).value)
            text = check_text(self.query_one("#text", Input).value.strip(), "text")
            resolve_by = parse_resolve_by(self.query_one("#resolve-by", Input).value, self.today)
        except InputError as error:
            self.show_error(str(error))
            return
        self.dismiss(NewPrediction(title, text, resolve_by))
