"""Start the Textual app on a journal file."""

from __future__ import annotations

import gc
import io
import sys
from pathlib import Path

from rich.console import Console

from domain.safe_text import visible, visible_line
from storage.journal import Clock
from tui.watchdog import ended_if_the_terminal_goes

CRASHED = "forecast-journal: the app stopped on an unexpected error"


def crash_report_path(journal_path: Path) -> Path:
    """Where the details of an unexpected error go: beside the journal (the last one only)."""
    return journal_path.with_name(f"{journal_path.name}.crash.txt")


def launch(journal_path: Path, clock: Clock) -> None:
    """Run the journal app on `journal_path` until the user quits (or SIGTERM/SIGHUP arrives).

    After an unexpected error the process says so on one line, names the file with the details, and
    exits non-zero.
    """
    # Start-up makes tens of thousands of objects that live as long as the app (Textual's modules and
    # styles, the journal's records); collecting garbage meanwhile only rescans them (~20 ms of the first
    # paint at 10,000 estimates). Collection resumes once the journal is on screen (`ForecastApp`).
    gc.disable()
    from tui.factory import create_app  # after gc.disable(): importing Textual is most of the start-up

    app = create_app(journal_path, clock, handle_signals=True)
    # Textual prints an unexpected error's traceback as it exits. It goes to a file instead: with the
    # journal's data among its locals it runs to thousands of lines, and it may quote a title verbatim.
    details = io.StringIO()
    app.error_console = Console(file=details, color_system=None, markup=False, highlight=False)
    try:
        with ended_if_the_terminal_goes(lambda: bool(app.saves_in_flight())):
            problem = app.run()
    finally:
        gc.enable()  # also when the app stopped before the journal was shown
    if not app.return_code:
        return
    if details.getvalue():
        print(_crash_message(journal_path, details.getvalue()), file=sys.stderr)
    elif problem:  # the journal could not be opened: say why again, on the terminal the user is back on
        print(f"forecast-journal: error: {visible_line(problem)}", file=sys.stderr)
    sys.exit(app.return_code)


def _crash_message(journal_path: Path, details: str) -> str:
    report = crash_report_path(journal_path)
    shown = visible(details)  # safe to `cat` too
    try:
        report.write_text(shown, encoding="utf-8")
    except OSError:
        return f"{CRASHED}:\n{shown}"
    return f"{CRASHED}; the details are in {visible_line(str(report))}"
