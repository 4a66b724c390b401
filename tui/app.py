"""The forecast-journal Textual app: opens the journal in a worker, then shows the main screen."""

from __future__ import annotations

import asyncio
import gc
import signal
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from textual import events, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker

from domain.safe_text import visible_line
from storage.config import read_config, write_config
from storage.conflict_copies import conflict_copies, conflict_copy_notice
from storage.errors import JournalError
from storage.journal import Clock, Journal
from tui.board import build_board
from tui.commands import binding_commands
from tui.keys import KeyQueue
from tui.screens.main import Board, MainScreen

Opener = Callable[[Path, Clock], Journal]


class ForecastApp(App[str | None]):
    """Ten prediction panes, dialogs for estimates, notes and resolutions, and the Brier view.

    Its result is None, or the problem when the journal could not be opened (then the exit status is 1).
    """

    CSS_PATH = "app.tcss"
    TITLE = "forecast-journal"
    # The one place for the width classes every screen gets. In app.tcss: below 110 columns (-tiny and
    # -narrow) the footer is squeezed so more keys fit and the Brier view's sections stack; the board has
    # one column of panes below 70 columns, two up to 170, three up to 230, then four. Below 30 rows
    # (-short) the dialogs close up their spacing, so that more of each is in sight before it scrolls.
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (70, "-narrow"), (110, "-wide"), (170, "-wider"), (230, "-widest")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Leave forecast-journal (everything shown is saved)"),
        Binding("question_mark,f1", "help", "Help", id="help", tooltip="List every key"),
        Binding(
            "S",
            "sync",
            "Sync",
            id="sync",
            tooltip="Commit the journal, merge the other machines' changes and push (forecast-journal sync)",
            show=False,
        ),
    ]

    @dataclass
    class Opened(Message):
        """The journal is open and its first snapshot read."""

        journal: Journal
        board: Board
        copies: tuple[Path, ...] = ()
        """Conflict copies of the journal a file syncer left beside it (storage.conflict_copies)."""

    @dataclass
    class Synced(Message):
        """A sync ended: what to tell the user, on one or more lines."""

        text: str
        severity: SeverityLevel

    @dataclass
    class OpenFailed(Message):
        """The journal could not be opened; `text` is one line for the user."""

        text: str

    @dataclass
    class LockWaiting(Message):
        """A save has waited over a second for another process to release the lock on the journal at `path`."""

        path: Path

    def __init__(
        self, journal_path: Path, clock: Clock, opener: Opener, *, handle_signals: bool, config_path: Path
    ) -> None:
        super().__init__()
        self.journal_path = journal_path
        self.clock = clock
        self.opener = opener
        self.handle_signals = handle_signals
        self.quitting = False
        self.journal: Journal | None = None
        """The open journal, once opened (for sync)."""
        self.sync_worker: Worker[None] | None = None
        self.syncing_to_quit = False
        self.key_queue = KeyQueue(self)
        self.settings = read_config(config_path)
        self.saved_theme = self.theme
        """The theme the settings file holds (or the default one): `watch_theme` saves any other."""
        self.settings_notice = self.apply_saved_theme()

    def apply_saved_theme(self) -> str | None:
        """Use the theme in the settings file; returns a notice when the file or its theme cannot be used."""
        shown_path = visible_line(str(self.settings.path))
        if self.settings.problem is not None:
            return (
                f"Settings file {shown_path} not used ({visible_line(self.settings.problem)}): default settings "
                "apply, and changes are not saved until it is fixed or removed."
            )
        theme = self.settings.config.theme
        if theme is None:
            return None
        if theme not in self.available_themes:
            return f"Unknown theme '{visible_line(theme)}' in {shown_path}: using the default theme."
        self.saved_theme = theme
        self.theme = theme
        return None

    def watch_theme(self, theme: str) -> None:
        """Remember a theme picked in the command palette in the settings file."""
        if theme == self.saved_theme:
            return
        self.saved_theme = theme
        shown_path = visible_line(str(self.settings.path))
        if self.settings.problem is not None:
            self.notify(
                f"Theme not saved: fix or remove the settings file {shown_path} first.",
                title="Settings",
                severity="warning",
                markup=False,
            )
            return
        config = replace(self.settings.config, theme=theme)
        try:
            write_config(self.settings.path, config)
        except OSError as error:
            self.notify(
                f"Theme not saved: {shown_path}: {visible_line(error.strerror or str(error))}",
                title="Settings",
                severity="warning",
                markup=False,
            )
            return
        self.settings = replace(self.settings, config=config)

    def compose(self) -> ComposeResult:
        """Shown only while the journal opens."""
        yield Static("Opening the journal…", id="opening")

    def on_load(self) -> None:
        """Start opening the journal off the event loop, before the terminal is even set up."""
        self.open_journal()

    def on_mount(self) -> None:
        """Say when the settings file could not be used; close cleanly on SIGTERM and SIGHUP."""
        if self.settings_notice:
            self.notify(self.settings_notice, title="Settings", severity="warning", timeout=10, markup=False)
        if self.handle_signals:
            loop = asyncio.get_running_loop()
            for number in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(number, self.close_on_signal)

    def close_on_signal(self) -> None:
        """SIGTERM or SIGHUP (the terminal closed): keep any unsaved note draft, then exit."""
        self.keep_drafts()
        self.exit()

    def keep_drafts(self) -> None:
        """Write what every open note editor holds to the drafts file, to be offered back next time."""
        from tui.screens.note import NoteEditor

        for screen in self.screen_stack:
            if isinstance(screen, NoteEditor):
                screen.keep_draft()

    async def on_event(self, event: events.Event) -> None:
        """Keys typed wait their turn (`KeyQueue`), so a burst lands where each key would have, typed slowly."""
        if isinstance(event, events.Key) and not event.is_forwarded and not self.key_queue.take(event):
            return
        await super().on_event(event)

    def collect_from_now(self) -> None:
        """Once the first screen is drawn: freeze what exists (the journal read, Textual's modules and styles)
        out of later collections, then let collection run (`launch` holds it off during start-up).

        A big journal is tens of thousands of long-lived objects: rescanning them at every collection
        while the first screen rendered cost ~60 ms of the first paint at 10,000 estimates. Frozen
        objects are still freed when no longer used, unless they are in a reference cycle: what is frozen
        lives as long as the app (its modules, styles and first screens); the journal's records hold no
        cycles.
        """
        gc.freeze()
        gc.enable()

    @work(thread=True)
    def open_journal(self) -> None:
        """Open (creating if needed) and read the journal."""
        try:
            journal = self.opener(self.journal_path, self.clock)
            data = journal.snapshot()
            board = Board(data, build_board(data, journal.today()))
        except (JournalError, OSError) as error:
            self.post_message(self.OpenFailed(str(error)))
            return
        self.post_message(self.Opened(journal, board, tuple(conflict_copies(journal.path))))

    async def on_forecast_app_opened(self, message: Opened) -> None:
        """Show the journal (then let the keys typed meanwhile through); name any conflict copy a file
        syncer left; sync if the settings say so."""
        message.journal.on_lock_wait = self.lock_waiting
        self.journal = message.journal
        await self.push_screen(MainScreen(message.journal, message.board))
        self.call_after_refresh(self.collect_from_now)
        self.key_queue.opened.set()
        for copy in message.copies:
            notice = visible_line(conflict_copy_notice(copy))
            self.notify(
                notice[:1].upper() + notice[1:], title="Conflict copy", severity="warning", timeout=15, markup=False
            )
        if self.settings.config.sync_on_open:
            self.action_sync()

    def action_sync(self) -> None:
        """Run `forecast-journal sync` in a worker; its outcome comes back as a notice."""
        if self.journal is None:
            return
        if self.sync_worker is not None and not self.sync_worker.is_finished:
            self.notify("A sync is already running.", title="Sync", markup=False)
            return
        self.sync_worker = self.sync(self.journal)

    @work(thread=True, group="sync")
    def sync(self, journal: Journal) -> None:
        """Commit, merge and push the journal (storage.gitsync); the main screen's poll shows what it merged."""
        from storage import gitsync

        try:
            report = gitsync.sync(journal.path, journal.exclusive)
        except (JournalError, OSError) as error:
            self.post_message(self.Synced(f"Not synced: {error}", "error"))
            return
        worrying = report.outcome == "pending" or (report.merge is not None and bool(report.merge.conflicts))
        self.post_message(self.Synced("\n".join(report.lines), "warning" if worrying else "information"))

    def on_forecast_app_synced(self, message: Synced) -> None:
        """Say how the sync went, and show at once what it merged."""
        text = "\n".join(visible_line(line) for line in message.text.splitlines())
        self.notify(text, title="Sync", severity=message.severity, timeout=10, markup=False)
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.check_for_changes()

    def lock_waiting(self, journal_path: Path) -> None:
        """The journal's lock-wait hook: called from a save's worker thread, where post_message is safe."""
        self.post_message(self.LockWaiting(journal_path))

    def on_forecast_app_lock_waiting(self, message: LockWaiting) -> None:
        """Say why a save is taking long."""
        self.notify(
            f"A save is waiting for another forecast-journal process to release the lock on "
            f"{visible_line(str(message.path))}…",
            title="Waiting",
            severity="warning",
            timeout=10,
            markup=False,
        )

    def saves_in_flight(self) -> list[Worker[object]]:
        """The saves started and not yet finished."""
        return [worker for worker in self.workers if worker.group == "write" and not worker.is_finished]

    async def action_quit(self) -> None:
        """Quit, first waiting for any save in flight; if one fails, stay open and say it was not saved.
        A note being written is kept as a draft. With `sync_on_quit` set, sync first (q again does not wait)."""
        self.keep_drafts()
        pending = self.saves_in_flight()
        sync_first = self.settings.config.sync_on_quit and self.journal is not None
        if not pending and not sync_first:
            self.exit()
            return
        if self.quitting:
            if self.syncing_to_quit:
                self.exit()
            return
        self.quitting = True
        if pending:
            self.notify("Waiting for a save to finish before quitting…", title="Quitting", timeout=10, markup=False)
        self.quit_after(pending)

    @work(group="quit")
    async def quit_after(self, pending: list[Worker[object]]) -> None:
        """Exit once the saves are done (and the sync, with `sync_on_quit`), or stay open when one was not saved."""
        if pending:  # an empty list would wait for every worker, this one too
            await self.workers.wait_for_complete(pending)
        if all(worker.result is True for worker in pending):
            if self.settings.config.sync_on_quit and self.journal is not None:
                self.syncing_to_quit = True
                self.notify("Syncing before quitting… (q again quits at once)", title="Quitting", markup=False)
                if self.sync_worker is None or self.sync_worker.is_finished:
                    self.sync_worker = self.sync(self.journal)
                await self.workers.wait_for_complete([self.sync_worker])
            self.exit()
            return
        self.quitting = False
        self.notify(
            "Not quitting: a change was not saved (see the message). Press q again to quit without it.",
            title="Not saved",
            severity="error",
            timeout=15,
            markup=False,
        )

    async def on_forecast_app_open_failed(self, message: OpenFailed) -> None:
        """Say why the journal cannot be shown."""
        from tui.screens.error import ErrorScreen

        await self.push_screen(ErrorScreen(message.text))
        self.key_queue.opened.set()
        gc.enable()

    def action_help(self) -> None:
        """List the keys of the current screen."""
        from tui.screens.help import HelpScreen, help_rows

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(help_rows(self.screen)))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every key of the screen is also a command in the palette."""
        yield from super().get_system_commands(screen)
        yield from binding_commands(self, screen, skip={"quit"})
