"""The retract dialog: pick an estimate by its number, give a reason, confirm."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label

from domain.display import format_percent
from domain.model import Estimate, Prediction
from domain.safe_text import visible_line
from domain.validation import InputError, check_text, parse_id_number
from tui.screens.confirm import Confirm
from tui.screens.dialog import Dialog, error_line, subject_line
from tui.widgets.field import FieldInput
from tui.widgets.footer import KeyFooter

LISTED = 12
"""The latest estimates the dialog lists; `forecast-journal show` lists them all."""


@dataclass(frozen=True, slots=True)
class RetractRequest:
    """A confirmed retraction of estimate #`number`."""

    number: int
    reason: str


def estimate_line(number: int, estimate: Estimate) -> str:
    """One estimate as the dialog lists it."""
    retracted = "  (retracted)" if estimate.retracted is not None else ""
    note = f"  {visible_line(estimate.note)[:40]}" if estimate.note else ""
    return f"#{number:<3} {estimate.date.isoformat()}  {format_percent(estimate.probability):>6}{retracted}{note}"


class RetractDialog(Dialog[RetractRequest]):
    """Ask which estimate to retract and why; enter asks for confirmation, escape cancels."""

    BINDINGS = [Binding("enter", "save", "Retract", id="retract-save", tooltip="Retract the estimate, after a check")]

    def __init__(self, prediction: Prediction, estimates: list[Estimate]) -> None:
        super().__init__()
        self.prediction = prediction
        self.estimates = estimates

    def compose(self) -> ComposeResult:
        """The prediction's estimates by number, the number field and the reason field."""
        live = [n for n, e in enumerate(self.estimates, 1) if e.retracted is None]
        with Vertical(classes="dialog", id="retract-dialog") as box:
            box.border_title = "Retract an estimate"
            yield subject_line(self.prediction)
            yield Label("It stays in the journal, struck through, and is never scored.", classes="dialog-hint")
            numbered = list(enumerate(self.estimates, 1))[-LISTED:]
            yield Label(Content("\n".join(estimate_line(n, e) for n, e in numbered)), id="retract-estimates")
            yield Label("Estimate number")
            yield FieldInput(str(live[-1]) if live else "", id="number")
            yield Label("Reason (optional)")
            yield FieldInput(placeholder="e.g. typed 4 for 40", id="reason")
            yield error_line()
        yield KeyFooter()


    def action_save(self) -> None:
        """Validate, then ask for confirmation; a problem stays in the dialog."""
        try:
            number = parse_id_number(self.query_one("#number", Input).value, "estimate number")
            reason = check_text(self.query_one("#reason", Input).value, "reason")
            if not 1 <= number <= len(self.estimates):
                raise InputError(f"there is no estimate #{number} (estimates: #1–#{len(self.estimates)})")
            estimate = self.estimates[number - 1]
            if estimate.retracted is not None:
                raise InputError(f"estimate #{number} is already retracted")
        except InputError as error:
            self.show_error(str(error))
            return

        def answered(sure: bool | None) -> None:
            if sure:
                self.dismiss(RetractRequest(number, reason))

        question = f"Retract estimate #{number} ({estimate_line(number, estimate).split(maxsplit=1)[1]})?"
        self.app.push_screen(Confirm("Retract?", question, "retract"), answered)
