"""The file formats a journal is exported to and imported from, one module each with its render and parse.

FORMATS drives both `export --format` and the detection of an `import` file's format. A format's
module is imported only when it is used: most commands need none, and every module imported
costs start-up time (docs/PERFORMANCE.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from importlib import import_module
from typing import TYPE_CHECKING

from domain.checks import ImportFileError, decode

if TYPE_CHECKING:
    from domain.merge import ImportedPrediction
    from domain.model import JournalData

Render = Callable[["JournalData", datetime], str]
Parse = Callable[[str, str, date], "list[ImportedPrediction]"]


@dataclass(frozen=True, slots=True)
class Format:
    """One file format: its name (as `export --format` takes it), its file suffix, how to recognise a file
    of it from its text, and the module under domain.formats whose `render` and `parse` write and read it."""

    name: str
    suffix: str
    detect: Callable[[str], bool]
    module: str

    def render(self, data: JournalData, now: datetime) -> str:
        """The whole journal in this format, stamped `now`."""
        render: Render = import_module(f"domain.formats.{self.module}").render
        return render(data, now)

    def parse(self, text: str, name: str, today: date) -> list[ImportedPrediction]:
        """Read a file of this format as a batch for the merge; `name` names the file in errors."""
        parse: Parse = import_module(f"domain.formats.{self.module}").parse
        return parse(text, name, today)


FORMATS: dict[str, Format] = {
    fmt.name: fmt
    for fmt in (
        Format("markdown", ".md", lambda text: text.startswith("---"), "markdown"),
        Format("json", ".json", lambda text: text.lstrip().startswith("{"), "json_listing"),
        # Fatebook's CSV has no mark of its own: it is whatever the others are not, so it comes last.
        Format("fatebook-csv", ".csv", lambda text: True, "fatebook_csv"),
    )
}


def detect_format(text: str) -> Format:
    """The format of an import file, from how it begins."""
    return next(fmt for fmt in FORMATS.values() if fmt.detect(text))


def read_import(raw: bytes, name: str, today: date) -> tuple[str, list[ImportedPrediction]]:
    """Parse an import file of any supported format; returns the format's name and the batch."""
    text = decode(raw, name)
    if not text.strip():
        raise ImportFileError(f"{name}: the file is empty")
    found = detect_format(text)
    return found.name, found.parse(text, name, today)


def default_export_name(today: date, format_name: str = "markdown") -> str:
    """The file name an export gets when the user names none."""
    return f"forecast-journal-{today.isoformat()}{FORMATS[format_name].suffix}"
