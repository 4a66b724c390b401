"""The estimate dialog: a percent, a date (today by default) and an optional short reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Input, Label, Static

from domain.model import Prediction, Resolution
from domain.scoring import window_close
from domain.validation import InputError, check_text, parse_date, parse_percent
from tui.screens.dialog import Dialog, error_line, subject_line
from tui.widgets.field import FieldInput


@dataclass(frozen=True, slots=True)
class EstimateRequest:
    """A validated estimate to record."""

    probability: float
    on: date
    note: str = ""


class EstimateDialog(Dialog[EstimateRequest]):
    """Ask for a confidence estimate. enter saves, escape cancels."""

    BINDINGS = [Binding("enter", "save", "Save", id="estimate-save", tooltip="Record the estimate")]

    def __init__(self, prediction: Prediction, latest: str, today: date, resolution: Resolution | None = None) -> None:
        super().__init__()
        self.prediction = prediction
        self.latest = latest
        self.today = today
        self.resolution = resolution

    def compose(self) -> ComposeResult:
        """Percent, date and note fields."""
        with Vertical(classes="dialog", id="estimate-dialog") as box:
            box.border_title = "New estimate"
            yield subject_line(self.prediction)
            yield Label(f"Latest estimate: {self.latest}", classes="dialog-hint")
            yield Label("Confidence it comes true (percent, 0–100)")
            yield FieldInput(placeholder="e.g. 70", id="percent")
            yield Label("Date (YYYY-MM-DD)")
            yield FieldInput(self.today.isoformat(), id="date")
            yield Label("Note, optional: a short reason (tab to reach it)")
            yield FieldInput(placeholder="e.g. price cuts everywhere", id="note")
            warning = Static(self.scoring_warning(self.today), id="not-scored", markup=False)
            warning.display = bool(warning.content)
            yield warning
            yield error_line()
        yield Footer()

    def scoring_warning(self, on: date) -> str:
        """Why an estimate dated `on` would not be scored: it is after the window's close."""
        close = window_close(self.prediction, self.resolution)
        if on <= close:
            return ""
        why = "resolved" if self.resolution is not None else "past its resolve-by date"
        return (
            f"Not scored: the prediction is {why}, so its window closed on {close.isoformat()}. "
            "An estimate dated after that is kept but never scored."
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        """Say whether the date typed would be scored."""
        if event.input.id != "date":
            return
        try:
            on = parse_date(event.value, self.today)
        except InputError:
            return
        warning = self.query_one("#not-scored", Static)
        warning.update(self.scoring_warning(on))
        warning.display = bool(warning.content)

    def action_save(self) -> None:
        """Validate, then close with the request; a problem stays in the dialog."""
        try:
            probability = parse_percent(self.query_one("#percent", Input).value)
            on = parse_date(self.query_one("#date", Input).value, self.today)
            note = check_text(self.query_one("#note", Input).value.strip(), "note")
        except InputError as error:
            self.show_error(str(error))
            return
        self.dismiss(EstimateRequest(probability, on, note))
