"""The Brier view: per-prediction scores, why resolved ones are unscored, overall scores against the 50%
baseline, a drawn calibration chart and the five-term decomposition, optionally for one prediction set
and optionally strict (each estimate counted from the day it was recorded). Archived predictions are left
out, and it says how many."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.console import Group, JustifyMethod, RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Static

from domain.display import format_percent, format_score
from domain.model import JournalData, status_of
from domain.safe_text import visible_line
from domain.scoring import DECOMPOSITION_TERMS, SCALE_NOTE, ScoreReport, archived_note, score_journal
from tui.charts import BAND_MARK, BAND_STYLE, DIAGONAL_MARK, MIN_WIDTH, POINT_MARK, POINT_STYLE, calibration_plot

CALIBRATION_ROWS = 11
"""One row of the calibration chart per 10%."""
CALIBRATION_MAX_WIDTH = 80
ALL_SETS = "All sets"


def per_prediction_table(report: ScoreReport, data: JournalData, today: date) -> RenderableType:
    """Final and time-averaged ("avg") Brier per prediction; what-if scores for open ones, marked pending;
    below, why each unscored resolved prediction is not scored, and how many archived ones are left out."""
    table = Table(expand=True, box=None, header_style="bold", pad_edge=False)
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("#", "right"),
        ("Prediction", "left"),
        ("Outcome", "left"),
        ("Final p", "right"),
        ("Brier", "right"),
        ("Avg Brier", "right"),
        ("If yes", "right"),
        ("If no", "right"),
    )
    for name, justify in columns:
        table.add_column(name, justify=justify, no_wrap=True, ratio=1 if name == "Prediction" else None)
    for score in report.counted:
        prediction = data.prediction(score.prediction_id)
        title = Text(visible_line(prediction.title) if prediction else "?")
        estimate = "—" if score.final_probability is None else format_percent(score.final_probability)
        if score.outcome is None:
            pending = "pending" if score.if_yes is not None else "no est."
            status = status_of(prediction, None, today) if prediction else "open"
            table.add_row(
                str(score.prediction_id), title, Text(status, style="dim"), estimate,
                Text(pending, style="dim italic"), Text(pending, style="dim italic"),
                Text(format_score(score.if_yes), style="italic"), Text(format_score(score.if_no), style="italic"),
            )
            continue
        table.add_row(
            str(score.prediction_id), title, score.outcome.value, estimate,
            format_score(score.brier), format_score(score.time_averaged_brier), "", "",
        )
    reasons = [
        Text(f"#{score.prediction_id} not scored: {score.unscored_reason.value}", style="dim")
        for score in report.counted
        if score.unscored_reason is not None
    ]
    if report.archived:
        reasons.append(Text(archived_note(report), style="dim"))
    return Group(table, *reasons) if reasons else table


def overall_text(report: ScoreReport) -> RenderableType:
    """Overall scores, the baseline, the skill score, the decomposition and the scale."""
    skill = "—" if report.skill is None else f"{report.skill:+.3f}"
    lines = [
        Text("Overall", style="bold underline"),
        Text(f"Scored predictions      {report.scored} of {len(report.counted)}"),
        Text(f"Brier (final)           {format_score(report.brier)}"),
        Text(f"Brier (time-averaged)   {format_score(report.time_averaged_brier)}"),
        Text(f"Baseline (always 50%)   {format_score(report.baseline_brier)}"),
        Text(f"Skill score             {skill}   (> 0 beats 50%)"),
        Text(""),
        Text("Decomposition", style="bold underline"),
    ]
    decomposition = report.decomposition
    if decomposition is None:
        lines.append(Text("Needs at least one scored prediction.", style="dim"))
    else:
        for name, label, meaning in DECOMPOSITION_TERMS:
            lines.append(Text(f"{label:<23} {format_score(getattr(decomposition, name))}"))
            lines.append(Text(f"  {meaning}", style="dim"))
        lines.append(Text("Brier = reliability − resolution + uncertainty + variance − covariance", style="dim"))
    lines += [Text(""), Text(SCALE_NOTE, style="italic")]
    return Group(*lines)


def calibration_chart(report: ScoreReport, width: int) -> Content:
    """How often forecasts came true against what they said, drawn `width` columns wide: each bin with
    forecasts is a point at its mean forecast, labelled with its count, and its 90% interval a band; the
    diagonal is perfect calibration. Below, the same numbers as a table."""
    shown = [item for item in report.calibration if item.n > 0 and item.mean_forecast is not None]
    parts: list[str | tuple[str, str]] = [("Calibration (final estimates, by bin)", "bold underline"), "\n"]
    if not shown:
        return Content.assemble(*parts, ("No scored predictions yet.", "dim"))
    for line in calibration_plot(shown, width, CALIBRATION_ROWS + 2):
        parts += [*line, "\n"]
    parts += [("x: mean forecast of the bin  y: how often it came true", "dim"), "\n"]
    parts += [(POINT_MARK, POINT_STYLE), (" bin, with its count  ", "dim"), (BAND_MARK, BAND_STYLE)]
    parts += [(" 90% interval  ", "dim"), (DIAGONAL_MARK + " perfect calibration", "dim"), "\n\n"]
    parts += [(f"{'Bin':<4}  {'n':>4}  {'Forecast':>8}  {'Came true':>9}  90% interval", "bold"), "\n"]
    for item in shown:
        interval = "—" if item.interval_low is None else f"{item.interval_low:.0%}–{item.interval_high or 0.0:.0%}"
        observed = "—" if item.observed_frequency is None else f"{item.observed_frequency:.0%}"
        forecast = f"{item.mean_forecast or 0.0:.0%}"
        parts += [f"{str(item.centre) + '%':<4}  {item.n:>4}  {forecast:>8}  {observed:>9}  {interval}", "\n"]
    return Content.assemble(*parts[:-1])


class CalibrationView(Widget):
    """The calibration chart of a report, drawn at the width the layout gives it."""

    DEFAULT_CSS = "CalibrationView { height: auto; }"
    report: reactive[ScoreReport | None] = reactive(None, layout=True)

    def __init__(self) -> None:
        super().__init__(id="calibration")
        self._layout_width = 0

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Remember the width the layout offers: `render` runs before the size is final."""
        self._layout_width = width
        return super().get_content_height(container, viewport, width)

    def render(self) -> Content:
        """The chart, or nothing before the first report."""
        if self.report is None:
            return Content()
        width = self._layout_width or self.content_size.width
        return calibration_chart(self.report, max(MIN_WIDTH, min(CALIBRATION_MAX_WIDTH, width)))


class BrierScreen(Screen[None]):
    """Scores of the whole journal or of one set; s changes the set, escape returns."""

    BINDINGS = [
        Binding("escape,b", "app.pop_screen", "Back", id="brier-back", tooltip="Back to the predictions"),
        Binding("s", "next_set", "Set filter", id="brier-set", tooltip="Score all sets, or one set at a time"),
        Binding(
            "t",
            "toggle_strict",
            "Strict",
            id="brier-strict",
            tooltip="Count each estimate from the day it was recorded, not its date (backdating does not count)",
        ),
    ]

    @dataclass
    class Scored(Message):
        """A score report is ready."""

        label: str
        report: ScoreReport

    def __init__(self, data: JournalData, set_names: list[str], today: date) -> None:
        super().__init__()
        self.data = data
        self.today = today
        self.filters = [ALL_SETS, *set_names] if len(set_names) > 1 else [ALL_SETS]
        self.filter_index = 0
        self.strict = False
        self.report: ScoreReport | None = None

    def compose(self) -> ComposeResult:
        """The score sections."""
        yield Header()
        with VerticalScroll(id="brier-body"):
            yield Static(id="brier-filter")
            yield Static("Scoring…", id="brier-table")
            with Horizontal(id="brier-lower"):
                yield Static(id="overall")
                yield CalibrationView()
        yield Footer()

    def on_mount(self) -> None:
        """Score in the background."""
        self.sub_title = "Brier scores"
        self.score(self.filters[self.filter_index])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the set filter when there is only one set: it would do nothing."""
        if action == "next_set":
            return len(self.filters) > 1
        return True

    def action_next_set(self) -> None:
        """Score the next set (or all sets)."""
        self.filter_index = (self.filter_index + 1) % len(self.filters)
        self.score(self.filters[self.filter_index])

    def action_toggle_strict(self) -> None:
        """Switch between scoring estimates by their date and by the day they were recorded."""
        self.strict = not self.strict
        self.score(self.filters[self.filter_index])

    @work(thread=True, exclusive=True, group="score")
    def score(self, label: str) -> None:
        """Compute the report off the event loop (time-averaged scores walk every day)."""
        ids = None if label == ALL_SETS else [p.id for p in self.data.predictions if p.set_name == label]
        self.post_message(self.Scored(label, score_journal(self.data, ids, self.strict)))

    def on_brier_screen_scored(self, message: Scored) -> None:
        """Show a finished report."""
        self.report = message.report
        hint = "  (s: next set)" if len(self.filters) > 1 else ""
        mode = "  ·  strict: by the day each estimate was recorded" if self.strict else "  ·  by estimate date"
        label = Text.assemble(
            ("Set: ", "bold"), visible_line(message.label), (hint, "dim"), (mode, "bold" if self.strict else "dim")
        )
        self.query_one("#brier-filter", Static).update(label)
        self.query_one("#brier-table", Static).update(per_prediction_table(message.report, self.data, self.today))
        self.query_one("#overall", Static).update(overall_text(message.report))
        self.query_one(CalibrationView).report = message.report
