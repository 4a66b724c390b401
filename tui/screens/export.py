"""The export dialog: the markdown file's path, prefilled with ./forecast-journal-YYYY-MM-DD.md."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Input, Label

from domain.export import default_export_name
from tui.screens.dialog import Dialog, error_line
from tui.widgets.field import FieldInput


class ExportDialog(Dialog[Path]):
    """Ask where to write the markdown journal. enter writes, escape cancels."""

    BINDINGS = [Binding("enter", "save", "Export", id="export-save", tooltip="Write the markdown file")]

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def compose(self) -> ComposeResult:
        """The path field."""
        with Vertical(classes="dialog", id="export-dialog") as box:
            box.border_title = "Export markdown"
            yield Label("Write the whole journal, with scores, as a markdown file.", classes="dialog-hint")
            yield Label("Path")
            yield FieldInput(f"./{default_export_name(self.today)}", id="path")
            yield error_line()
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """enter in a field saves, after every key typed before it."""
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        """Close with the path, refusing an empty one or a folder."""
        raw = self.query_one("#path", Input).value.strip()
        if not raw:
            self.show_error("path is empty")
            return
        target = Path(raw).expanduser()
        if target.is_dir():
            self.show_error(f"{raw} is a folder; give a file name")
            return
        self.dismiss(target)
