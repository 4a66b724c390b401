"""The export dialog: the markdown file's path, prefilled with ./forecast-journal-YYYY-MM-DD.md.

The dialog writes the file itself, in a worker, and closes with the path written. An existing
file is replaced only after asking; a refused target (storage.export_target) or a failed write
keeps the dialog open with the reason on its error line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label

from domain.formats import default_export_name
from domain.safe_text import visible_line
from storage.errors import ExportTargetExistsError, JournalError
from storage.exporting import export_markdown
from storage.journal import Journal
from tui.screens.confirm import Confirm
from tui.screens.dialog import Dialog, error_line
from tui.widgets.field import FieldInput
from tui.widgets.footer import KeyFooter


class ExportDialog(Dialog[Path]):
    """Ask where to write the markdown journal and write it. enter writes, escape cancels."""

    BINDINGS = [Binding("enter", "save", "Export", id="export-save", tooltip="Write the markdown file")]

    @dataclass
    class Written(Message):
        """The export is on disk at `path`."""

        path: Path

    @dataclass
    class Exists(Message):
        """`target` is an existing file: ask before replacing it."""

        target: Path

    @dataclass
    class Failed(Message):
        """The export was refused or could not be written; `text` is one line for the user."""

        text: str

    def __init__(self, journal: Journal, today: date) -> None:
        super().__init__()
        self.journal = journal
        self.today = today
        self.writing = False

    def compose(self) -> ComposeResult:
        """The path field."""
        with Vertical(classes="dialog", id="export-dialog") as box:
            box.border_title = "Export markdown"
            yield Label("Write the whole journal, with scores, as a markdown file.", classes="dialog-hint")
            yield Label("Path")
            yield FieldInput(f"./{default_export_name(self.today)}", id="path")
            yield error_line()
        yield KeyFooter()


    def action_save(self) -> None:
        """Write the file at the path given, refusing an empty path; one write at a time."""
        raw = self.query_one("#path", Input).value.strip()
        if not raw:
            self.show_error("path is empty")
            return
        self._start(Path(raw).expanduser(), overwrite=False)

    def _start(self, target: Path, overwrite: bool) -> None:
        if self.writing:
            return
        self.writing = True
        self.clear_error()
        self.write(target, overwrite)

    @work(thread=True, group="write")
    def write(self, target: Path, overwrite: bool) -> bool:
        """Write the export off the event loop; returns whether it was written."""
        try:
            written = export_markdown(self.journal, target, overwrite)
        except ExportTargetExistsError:
            self.post_message(self.Exists(target))
            return False
        except JournalError as error:
            self.post_message(self.Failed(str(error)))
            return False
        self.post_message(self.Written(written))
        return True

    def on_export_dialog_written(self, message: Written) -> None:
        """Close with the path of the file written."""
        self.dismiss(message.path)

    def on_export_dialog_failed(self, message: Failed) -> None:
        """Stay open and say why."""
        self.writing = False
        self.show_error(message.text)

    def on_export_dialog_exists(self, message: Exists) -> None:
        """Ask before replacing the file; going back leaves the path to edit."""
        self.writing = False

        def answered(overwrite: bool | None) -> None:
            if overwrite:
                self._start(message.target, overwrite=True)
            else:
                self.query_one("#path", Input).focus()

        question = f"{visible_line(str(message.target))} already exists. Overwrite it?"
        self.app.push_screen(Confirm("Overwrite?", question, "overwrite"), answered)
