"""The file formats a journal is exported to and imported from, one module each with its render and parse.

FORMATS drives both `export --format` and the detection of an `import` file's format: by how the file
begins when its format marks it (markdown's front matter, JSON's '{'), else by its name's suffix, else
Fatebook's CSV, which has no mark of its own. A format's
module is imported only when it is used: most commands need none, and every module imported
costs start-up time (docs/PERFORMANCE.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from importlib import import_module
from pathlib import PurePath
from typing import TYPE_CHECKING

from domain.checks import ImportFileError, NotThisFormat, decode

if TYPE_CHECKING:
    from domain.merge import ImportedPrediction
    from domain.model import JournalData

Render = Callable[["JournalData", datetime], str]
Parse = Callable[[str, str, date], "list[ImportedPrediction]"]


@dataclass(frozen=True, slots=True)
class Format:
    """One file format: its name (as `export --format` takes it), its file suffix, what a file of it is
    called in messages, the text such a file begins with (None: it has no mark), and the module under
    domain.formats whose `render` and `parse` write and read it."""

    name: str
    suffix: str
    title: str
    mark: str | None
    module: str

    def render(self, data: JournalData, now: datetime) -> str:
        """The whole journal in this format, stamped `now`."""
        render: Render = import_module(f"domain.formats.{self.module}").render
        return render(data, now)

    def left_out(self, data: JournalData) -> str | None:
        """One line saying what of `data` this format cannot carry and leaves out (None: nothing)."""
        left_out: Callable[[JournalData], str | None] | None = getattr(
            import_module(f"domain.formats.{self.module}"), "left_out", None
        )
        return None if left_out is None else left_out(data)

    def parse(self, text: str, name: str, today: date) -> list[ImportedPrediction]:
        """Read a file of this format as a batch for the merge; `name` names the file in errors."""
        parse: Parse = import_module(f"domain.formats.{self.module}").parse
        return parse(text, name, today)


FORMATS: dict[str, Format] = {
    fmt.name: fmt
    for fmt in (
        Format("markdown", ".md", "a forecast-journal markdown export", "---", "markdown"),
        Format("json", ".json", "a `list --json` JSON listing", "{", "json_listing"),
        # Fatebook's CSV has no mark of its own: it is whatever the others are not, so it comes last.
        Format("fatebook-csv", ".csv", "a Fatebook CSV", None, "fatebook_csv"),
    )
}
_FALLBACK = FORMATS["fatebook-csv"]
_KINDS = "import reads an `export` markdown file, `list --json` JSON or a Fatebook CSV"


def detect_format(text: str, name: str) -> tuple[Format, str]:
    """The format of an import file named `name`, and why it was taken for that format."""
    start = text.lstrip()
    for fmt in FORMATS.values():
        if fmt.mark is not None and start.startswith(fmt.mark):
            return fmt, f"it begins with {fmt.mark!r}"
    suffix = PurePath(name).suffix.lower()
    for fmt in FORMATS.values():
        if suffix == fmt.suffix:
            return fmt, f"its name ends in {fmt.suffix}"
    return _FALLBACK, "it begins with neither '---' nor '{'"


def read_import(raw: bytes, name: str, today: date) -> tuple[str, list[ImportedPrediction]]:
    """Parse an import file of any supported format; returns the format's name and the batch.

    A file that turns out not to be of the format it was taken for is refused with a message saying
    what it was taken for, why, and what it lacks."""
    text = decode(raw, name)
    if not text.strip():
        raise ImportFileError(f"{name}: the file is empty")
    found, why = detect_format(text, name)
    try:
        return found.name, found.parse(text, name, today)
    except NotThisFormat as error:
        raise ImportFileError(f"{name}: taken for {found.title} ({why}), but {error.problem}; {_KINDS}") from None


def default_export_name(today: date, format_name: str = "markdown") -> str:
    """The file name an export gets when the user names none."""
    return f"forecast-journal-{today.isoformat()}{FORMATS[format_name].suffix}"
