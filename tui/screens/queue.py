"""The review queue: the predictions that are due (domain.review), one at a time, each with why; resolve,
update or skip each without leaving the keyboard. It follows the journal: an item dealt with leaves it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.signal import Signal
from textual.widgets import Header, Static

from domain.display import count_of, format_percent
from domain.model import JournalData, Prediction, latest_estimate
from domain.review import DueItem, DueReason, due_items
from domain.safe_text import visible_line
from tui.board import shown_tags
from tui.screens.fitted import Fitted
from tui.widgets.footer import KeyFooter

LISTED = 50
"""The most items listed below the current one; the count above says how many there are."""

Part = str | tuple[str, str]


def why(item: DueItem, today: date) -> str:
    """Why the item is due and what it asks for, in one line."""
    if item.date is None:
        return "Stale: no estimate yet. Add one (e)."
    day, ago = item.date.isoformat(), count_of((today - item.date).days, "day")
    if item.reason is DueReason.OVERDUE:
        return f"Overdue: its resolve-by date {day} passed {ago} ago. Resolve it (r)."
    if item.reason is DueReason.SOON:
        days = (item.date - today).days
        when = "today" if days == 0 else f"in {count_of(days, 'day')}"
        return f"Resolving soon: resolve by {day}, {when}. Update your estimate (e) or resolve it (r)."
    return f"Stale: the latest estimate is of {day}, {ago} ago. Update it (e)."


def item_parts(item: DueItem, data: JournalData, today: date) -> list[Part]:
    """The item in front: number and title, why, its latest estimate, set, resolve-by and tags."""
    parts: list[Part] = [
        (f"{item.prediction_id}. {visible_line(item.title)}", "bold"),
        "\n",
        (why(item, today), "$text-warning"),
        "\n",
    ]
    prediction = data.prediction(item.prediction_id)
    if prediction is None:
        return parts
    latest = latest_estimate(data.estimates_for(prediction.id))
    estimate = "none yet" if latest is None else f"{format_percent(latest.probability)} on {latest.date.isoformat()}"
    parts += [f"Latest estimate: {estimate}", "\n"]
    where = f"{visible_line(prediction.set_name)} · resolve by {prediction.resolve_by.isoformat()}"
    parts.append((where, "dim"))
    if prediction.tags:
        parts += ["  ", (shown_tags(prediction.tags), "$text-accent")]
    return parts


def list_parts(items: tuple[DueItem, ...], current: int) -> list[Part]:
    """Every item, one a line (at most LISTED), the one in front marked ▸."""
    parts: list[Part] = [("In the queue", "bold underline")]
    width = max(len(str(item.prediction_id)) for item in items)
    for index, item in enumerate(items[:LISTED]):
        mark = "▸" if index == current else " "
        shown = "—" if item.date is None else item.date.isoformat()
        line = f"{mark} {item.prediction_id:>{width}}  {item.reason.value:<7}  {shown:<10}  {visible_line(item.title)}"
        parts += ["\n", (line, "bold $text-accent" if index == current else "")]
    if len(items) > LISTED:
        parts += ["\n", (f"… and {len(items) - LISTED} more", "dim")]
    return parts


class QueueScreen(Fitted[None]):
    """What is due, most urgent first: r resolves the item in front, e updates it, s skips to the next."""

    BINDINGS = [
        Binding("escape,u", "app.pop_screen", "Back", id="queue-back", tooltip="Back to the predictions"),
        Binding("r", "resolve", "Resolve", id="queue-resolve", tooltip="Resolve this prediction (it leaves the queue)"),
        Binding("e", "estimate", "Update", id="queue-estimate", tooltip="Record a new estimate for this prediction"),
        Binding("s,down,j", "skip(1)", "Skip", id="queue-skip", tooltip="Leave this one for now: go to the next"),
        Binding("up,k", "skip(-1)", "Previous", id="queue-previous", tooltip="Go back to the one before", show=False),
    ]

    def __init__(
        self,
        data: JournalData,
        today: date,
        changed: Signal[JournalData],
        resolve: Callable[[Prediction], None],
        estimate: Callable[[Prediction], None],
    ) -> None:
        """`changed` is published with each new journal snapshot; `resolve` and `estimate` open the main
        screen's dialogs for a prediction and save what they are given."""
        super().__init__()
        self.data = data
        self.today = today
        self.changed = changed
        self.resolve = resolve
        self.estimate = estimate
        self.items: tuple[DueItem, ...] = ()
        self.current = 0
        self.acted_on: int | None = None
        """The prediction an action was last asked for: when it is still due after the save, the queue moves on."""

    def compose(self) -> ComposeResult:
        """The count, the item in front with its keys, and the whole queue."""
        yield Header()
        with VerticalScroll(id="queue-body"):
            yield Static(id="queue-count")
            yield Static(id="queue-item")
            yield Static(id="queue-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Show the queue, and follow the journal as it changes."""
        self.sub_title = "Review queue"
        self.items = due_items(self.data, self.today)
        self.show()
        self.changed.subscribe(self, self.follow)

    def follow(self, data: JournalData) -> None:
        """The journal changed: list what is due now. The item in front stays in front while it is due,
        unless it was just acted on; then the next one comes up."""
        front = self.items[self.current].prediction_id if self.items else None
        self.data = data
        self.items = due_items(data, self.today)
        ids = [item.prediction_id for item in self.items]
        if front in ids:
            self.current = ids.index(front) + (1 if front == self.acted_on else 0)
        if self.current >= len(self.items):
            self.current = 0
        self.acted_on = None
        self.show()

    def show(self) -> None:
        """Draw the count, the item in front and the list."""
        count = self.query_one("#queue-count", Static)
        item = self.query_one("#queue-item", Static)
        listed = self.query_one("#queue-list", Static)
        if not self.items:
            count.update(Content("Nothing is due: every open prediction is up to date. Escape goes back."))
            item.display = listed.display = False
            self.refresh_bindings()
            return
        reasons = ", ".join(
            f"{sum(i.reason is reason for i in self.items)} {reason.value}"
            for reason in DueReason
            if any(i.reason is reason for i in self.items)
        )
        count.update(
            Content.assemble(
                (f"{len(self.items)} due", "bold"), f": {reasons}  ·  ", f"item {self.current + 1} of {len(self.items)}"
            )
        )
        item.update(Content.assemble(*item_parts(self.items[self.current], self.data, self.today)))
        listed.update(Content.assemble(*list_parts(self.items, self.current)))
        item.display = listed.display = True
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Resolve, update and skip need an item in front."""
        if action in ("resolve", "estimate", "skip"):
            return bool(self.items)
        return True

    def action_skip(self, step: int) -> None:
        """Bring the next (or, with -1, the previous) item to the front; after the last comes the first."""
        self.current = (self.current + step) % len(self.items)
        self.show()

    def action_resolve(self) -> None:
        """Open the resolve dialog for the item in front."""
        prediction = self._front()
        if prediction is not None:
            self.resolve(prediction)

    def action_estimate(self) -> None:
        """Open the estimate dialog for the item in front."""
        prediction = self._front()
        if prediction is not None:
            self.estimate(prediction)

    def _front(self) -> Prediction | None:
        prediction = self.data.prediction(self.items[self.current].prediction_id)
        self.acted_on = None if prediction is None else prediction.id
        return prediction
