"""Edit a prediction of your own: its title, text and resolve-by; the old values are kept as history."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, TextArea

from domain.model import OWN_SET, Prediction, Resolution
from domain.validation import InputError, check_text, parse_resolve_by, parse_title
from tui.screens.dialog import Dialog, error_line, subject_line
from tui.widgets.field import FieldInput, PlainTextArea
from tui.widgets.footer import KeyFooter


@dataclass(frozen=True, slots=True)
class PredictionEdit:
    """The validated changes: None where a value stays as it was."""

    title: str | None
    text: str | None
    resolve_by: date | None


def seed_refusal(prediction: Prediction) -> str | None:
    """Why the prediction cannot be edited (it is not one of the user's own), or None."""
    if prediction.set_name == OWN_SET:
        return None
    return f"only your own predictions can be edited; this one is from the set {prediction.set_name!r}"


class EditPredictionDialog(Dialog[PredictionEdit]):
    """Change a prediction's title, text or resolve-by. enter in a one-line field or ctrl+s saves."""

    BINDINGS = [Binding("ctrl+s", "save", "Save", id="edit-prediction-save", tooltip="Save the changes")]

    def __init__(
        self, prediction: Prediction, resolution: Resolution | None, other_titles: Collection[str], today: date
    ) -> None:
        super().__init__()
        self.prediction = prediction
        self.resolution = resolution
        self.other_titles = other_titles
        self.today = today

    def compose(self) -> ComposeResult:
        """Title, text and resolve-by, filled with the current values."""
        prediction = self.prediction
        refused = seed_refusal(prediction) is not None
        with VerticalScroll(classes="dialog", id="edit-prediction-dialog", can_focus=False) as box:
            box.border_title = "Edit a prediction"
            yield subject_line(prediction)
            yield Label("The old values are kept in the journal.", classes="dialog-hint")
            # Above the fields, so that it shows on a small terminal too.
            yield error_line()
            yield Label("Title")
            yield FieldInput(prediction.title, id="title", disabled=refused)
            yield Label("Text")
            # Not focused when the dialog opens: a highlighted cursor line there would only distract.
            yield PlainTextArea(
                prediction.text,
                id="edit-prediction-text",
                soft_wrap=True,
                disabled=refused,
                highlight_cursor_line=False,
            )
            yield Label("Resolve by (YYYY-MM-DD)")
            yield FieldInput(prediction.resolve_by.isoformat(), id="resolve-by", disabled=refused)
        yield KeyFooter()

    def on_mount(self) -> None:
        """Say at once why a seed prediction cannot be edited (Dialog.on_mount runs as well)."""
        refusal = seed_refusal(self.prediction)
        if refusal is not None:
            self.show_error(refusal)


    def action_save(self) -> None:
        """Validate, then close with the changes; a problem stays in the dialog."""
        old = self.prediction
        try:
            refusal = seed_refusal(old)
            if refusal is not None:
                raise InputError(refusal)
            title = parse_title(self.query_one("#title", Input).value)
            text = check_text(self.query_one("#edit-prediction-text", TextArea).text, "text")
            resolve_by = parse_resolve_by(self.query_one("#resolve-by", Input).value, self.today)
            if (title, text, resolve_by) == (old.title, old.text, old.resolve_by):
                raise InputError("nothing to change")
            if title != old.title and title in self.other_titles:
                raise InputError(f"another of your predictions is titled {title!r}")
            if resolve_by != old.resolve_by and self.resolution is not None:
                raise InputError("it is resolved; its resolve-by date cannot move (unresolve it first)")
        except InputError as error:
            self.show_error(str(error))
            return
        self.dismiss(
            PredictionEdit(
                None if title == old.title else title,
                None if text == old.text else text,
                None if resolve_by == old.resolve_by else resolve_by,
            )
        )
