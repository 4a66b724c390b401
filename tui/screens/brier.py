"""The Brier view: per-prediction Brier, log and baseline scores, why resolved ones are unscored, overall
scores against the 50% baseline, a drawn calibration chart, the five-term decomposition, the scores by
quarter of resolution and how to read them all; optionally for one prediction set and one tag, and
optionally strict (each estimate counted from the day it was recorded). Archived predictions are left out,
and it says how many."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

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
from textual.widget import Widget
from textual.widgets import Header, Static

from domain.display import count_of, format_baseline, format_score
from domain.kinds import answer_text, estimate_text, format_number, with_unit
from domain.model import JournalData, Kind, Prediction, latest_estimate, status_of
from domain.safe_text import visible_line
from domain.scoring import (
    CHOICE_NOTE,
    DECOMPOSITION_TERMS,
    INTERVAL_NOTE,
    LOG_SCALE_NOTE,
    SCALE_NOTE,
    PredictionScore,
    ScoreReport,
    archived_note,
    coverage_line,
    final_p_text,
    score_journal,
)
from domain.tags import has_tags
from tui.board import shown_tags
from tui.charts import (
    BAND_MARK,
    BAND_STYLE,
    BASELINE_SCALE,
    BRIER_SCALE,
    CLOSE_MARK,
    CUT_MARK,
    DIAGONAL_MARK,
    MIN_WIDTH,
    POINT_MARK,
    POINT_STYLE,
    QUARTER_MIN_WIDTH,
    calibration_plot,
    coverage_plot,
    quarter_plot,
)
from tui.screens.fitted import Fitted
from tui.screens.help import score_guide_table
from tui.widgets.footer import KeyFooter

CALIBRATION_ROWS = 11
"""One row of the calibration chart per 10%."""
COVERAGE_ROWS = 7
CALIBRATION_MAX_WIDTH = 80
ALL_SETS = "All sets"


class Columns(Enum):
    """How many columns the per-prediction table has room for, by the screen's width class."""

    ALL = "all"
    """110 columns and more: every score."""
    SOME = "some"
    """70 to 109: no time-averaged Brier and no log score (the overall section has both)."""
    FEW = "few"
    """Below 70: the final scores only, short headings."""


LEFT_OUT = {
    Columns.ALL: "",
    Columns.SOME: "A wider window also shows the time-averaged Brier and the log score of each prediction.",
    Columns.FEW: "A wider window also shows the time-averaged Brier, the log score and the what-if Brier of each.",
}


def per_prediction_table(
    report: ScoreReport, data: JournalData, today: date, room: Columns = Columns.ALL
) -> RenderableType:
    """Final and time-averaged ("avg") Brier, log and baseline score per prediction, as many columns as
    `room` allows (the title wraps); what-if Brier for open ones, marked pending; below, why each unscored
    resolved prediction is not scored, and how many archived ones are left out.

    A choice prediction's row has its answer, the probability it was given and its multi-category Brier
    (0 to 2, said below the table); numeric predictions, which have no Brier score, are listed after the
    table with their final interval, the value and the interval score."""
    table = Table(expand=True, box=None, header_style="bold", pad_edge=False)
    few = room is Columns.FEW
    columns: list[tuple[str, str, JustifyMethod]] = [
        ("#", "#", "right"),
        ("Prediction", "Prediction", "left"),
        ("Outcome", "Outcome", "left"),
        ("Final p", "p" if few else "Final p", "right"),
        ("Brier", "Brier", "right"),
        ("Avg Brier", "Avg Brier", "right"),
        ("Log", "Log", "right"),
        ("Baseline", "Base" if few else "Baseline", "right"),
        ("If yes", "If yes", "right"),
        ("If no", "If no", "right"),
    ]
    dropped = {
        Columns.ALL: (),
        Columns.SOME: ("Avg Brier", "Log"),
        Columns.FEW: ("Avg Brier", "Log", "If yes", "If no"),
    }
    shown = [(name, heading, justify) for name, heading, justify in columns if name not in dropped[room]]
    # A choice's Final p names its option ('50% OpenAI') when every column fits; narrower, the titles need the
    # room. A long name is cut with … rather than squeeze the titles.
    for name, heading, justify in shown:
        wraps = name == "Prediction"
        table.add_column(
            heading,
            justify=justify,
            no_wrap=not wraps,
            ratio=1 if wraps else None,
            min_width=10 if wraps else None,
            max_width=14 if name == "Final p" else None,
        )
    for score in report.counted:
        if score.kind is Kind.NUMERIC:
            continue
        prediction = data.prediction(score.prediction_id)
        estimate = Text(visible_line(final_p_text(score, prediction if room is Columns.ALL else None)))
        cells: dict[str, RenderableType]
        if score.outcome is None:
            if score.final_estimate is not None:
                why = "pending"
            else:  # nothing in the window: say whether there is an estimate at all
                counted = [e for e in data.estimates_for(score.prediction_id) if e.retracted is None]
                why = "after close" if counted else "no est."
            pending = Text(why, style="dim italic")
            status = status_of(prediction, None, today) if prediction else "open"
            cells = {
                "Outcome": Text(status, style="dim"),
                "Brier": pending,
                "Avg Brier": pending,
                "Log": pending,
                "Baseline": pending,
                "If yes": Text(format_score(score.if_yes), style="italic"),
                "If no": Text(format_score(score.if_no), style="italic"),
            }
        else:
            resolution = data.resolution_for(score.prediction_id)
            answer = answer_text(resolution, prediction) if resolution else score.outcome.value
            cells = {
                "Outcome": Text(visible_line(answer)),
                "Brier": format_score(score.brier),
                "Avg Brier": format_score(score.time_averaged_brier),
                "Log": format_score(score.log_score),
                "Baseline": format_baseline(score.baseline_score),
                "If yes": "",
                "If no": "",
            }
        cells["#"] = str(score.prediction_id)
        cells["Prediction"] = Text(visible_line(prediction.title) if prediction else "?")
        cells["Final p"] = estimate
        table.add_row(*(cells[name] for name, _, _ in shown))
    notes: list[RenderableType] = []
    if any(score.kind is Kind.CHOICE for score in report.counted):
        notes.append(Text(f"{CHOICE_NOTE[0].upper()}{CHOICE_NOTE[1:]}.", style="dim italic"))
    notes += [
        Text(f"#{score.prediction_id} not scored: {score.unscored_reason.value}", style="dim")
        for score in report.counted
        if score.unscored_reason is not None
    ]
    if report.archived:
        notes.append(Text(archived_note(report), style="dim"))
    if LEFT_OUT[room] and report.counted:
        notes.append(Text(LEFT_OUT[room], style="dim italic"))
    notes += _numeric_lines(report, data)
    return Group(table, *notes) if notes else table


def _numeric_lines(report: ScoreReport, data: JournalData) -> list[RenderableType]:
    """Each numeric prediction's final interval, the value and its interval score (open: its latest
    interval), under a heading that says how the score reads; none when there are none."""
    numeric = [score for score in report.counted if score.kind is Kind.NUMERIC]
    if not numeric:
        return []
    lines: list[RenderableType] = [
        Text(""),
        Text("Numeric predictions", style="bold"),
        Text(f"{INTERVAL_NOTE[0].upper()}{INTERVAL_NOTE[1:]}.", style="dim italic"),
    ]
    for score in numeric:
        prediction = data.prediction(score.prediction_id)
        if prediction is not None:
            result = _numeric_result(score, prediction, data)
            lines.append(Text(f"#{score.prediction_id} {visible_line(prediction.title)}: {result}"))
    return lines


def _numeric_result(score: PredictionScore, prediction: Prediction, data: JournalData) -> str:
    """'89..92 points at 80%, value 91.2 points: held, interval score 3 points', or what an unscored one has."""
    resolution = data.resolution_for(score.prediction_id)
    if score.interval_score is not None and score.final_estimate is not None and resolution is not None:
        held = "held" if score.covered else "missed"
        interval_score = with_unit(format_number(score.interval_score), prediction.unit)
        return visible_line(
            f"{estimate_text(score.final_estimate, prediction)}, value {answer_text(resolution, prediction)}: "
            f"{held}, interval score {interval_score}"
        )
    if score.unscored_reason is not None:
        return f"not scored ({score.unscored_reason.value})"
    latest = latest_estimate(data.estimates_for(score.prediction_id))
    return "open, no estimate" if latest is None else visible_line(f"open, {estimate_text(latest, prediction)}")


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
        Text(f"Log score (final)       {format_score(report.log_score)}"),
        Text(f"Log (time-averaged)     {format_score(report.time_averaged_log_score)}"),
        Text(f"Baseline score (final)  {format_baseline(report.baseline_score)}   (> 0 beats 50%)"),
        Text(f"Baseline (time-avg.)    {format_baseline(report.time_averaged_baseline_score)}"),
        *_coverage_lines(report),
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
    lines += [Text(""), Text(SCALE_NOTE, style="italic"), Text(LOG_SCALE_NOTE, style="italic")]
    return Group(*lines)


def _coverage_lines(report: ScoreReport) -> list[Text]:
    """How often the numeric predictions' final intervals held the value, per confidence level."""
    if not report.interval_coverage:
        return []
    return [
        Text(""),
        Text("Interval coverage (numeric)", style="bold"),
        *(Text(coverage_line(row)) for row in report.interval_coverage),
        Text("A calibrated forecaster's 80% intervals hold the value 80% of the time.", style="dim"),
    ]


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


def coverage_chart(report: ScoreReport, width: int) -> Content:
    """How often the numeric predictions' final intervals held the value, per confidence level, against the
    level stated, drawn `width` columns wide as the calibration chart is (the overall scores beside it give
    the same numbers as lines). Empty when no numeric prediction is scored."""
    if not report.interval_coverage:
        return Content()
    parts: list[str | tuple[str, str]] = [("Interval coverage (numeric, final intervals)", "bold underline"), "\n"]
    for line in coverage_plot(report.interval_coverage, width, COVERAGE_ROWS + 2):
        parts += [*line, "\n"]
    parts += [("x: level stated  y: share of intervals that held the value", "dim"), "\n"]
    parts += [(POINT_MARK, POINT_STYLE), (" level, with its count  ", "dim"), (BAND_MARK, BAND_STYLE)]
    parts += [(" 90% interval  ", "dim"), (DIAGONAL_MARK + " calibrated", "dim")]
    return Content.assemble(*parts)


def quarter_chart(report: ScoreReport, width: int) -> Content:
    """The mean final Brier and baseline score of the predictions resolved in each quarter, drawn `width`
    columns wide with the count scored in each, so that a trend shows; below, how to read the bars and
    which quarters had resolutions that were not scored."""
    parts: list[str | tuple[str, str]] = [("Scores by quarter of resolution date", "bold underline"), "\n"]
    if not report.by_quarter:
        return Content.assemble(*parts, ("No resolved predictions yet.", "dim"))
    for line in quarter_plot(report.by_quarter, width):
        parts += [*line, "\n"]
    parts += [
        (
            f"n: predictions scored.  Brier bars 0–{BRIER_SCALE:g}, {CLOSE_MARK} 0.25 = always 50%: shorter is better.",
            "dim",
        ),
        "\n",
        (
            f"Baseline bars ±{BASELINE_SCALE:g}, │ 0 = always 50%: further right is better.  {CUT_MARK} ◂ cut off.",
            "dim",
        ),
    ]
    unscored = [f"{q.quarter} {q.not_scored}" for q in report.by_quarter if q.not_scored]
    if unscored:
        parts += ["\n", (f"Resolved but not scored: {', '.join(unscored)}", "dim")]
    numeric = [f"{q.quarter} {q.interval_scored}" for q in report.by_quarter if q.interval_scored]
    if numeric:
        parts += ["\n", (f"Numeric, scored by the interval score: {', '.join(numeric)}", "dim")]
    return Content.assemble(*parts)


class ReportChart(Widget):
    """A chart of a score report, drawn at the width the layout gives it (at most `MAX_WIDTH`)."""

    DEFAULT_CSS = "ReportChart { height: auto; }"
    MAX_WIDTH = 80
    MIN_WIDTH = MIN_WIDTH
    report: reactive[ScoreReport | None] = reactive(None, layout=True)

    def __init__(self, id: str) -> None:
        super().__init__(id=id)
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
        return self.chart(self.report, max(self.MIN_WIDTH, min(self.MAX_WIDTH, width)))

    def chart(self, report: ScoreReport, width: int) -> Content:
        """The chart of `report`, `width` columns wide."""
        raise NotImplementedError


class CalibrationView(ReportChart):
    """The calibration chart of a report."""

    MAX_WIDTH = CALIBRATION_MAX_WIDTH

    def __init__(self) -> None:
        super().__init__(id="calibration")

    def chart(self, report: ScoreReport, width: int) -> Content:
        """See `calibration_chart`, and `coverage_chart` below it when numeric predictions are scored."""
        calibration = calibration_chart(report, width)
        coverage = coverage_chart(report, width)
        return Content.assemble(calibration, "\n\n", coverage) if coverage else calibration


class QuarterView(ReportChart):
    """The scores by quarter of a report."""

    MIN_WIDTH = QUARTER_MIN_WIDTH

    def __init__(self) -> None:
        super().__init__(id="quarters")

    def chart(self, report: ScoreReport, width: int) -> Content:
        """See `quarter_chart`."""
        return quarter_chart(report, width)


class BrierScreen(Fitted[None]):
    """Scores of the whole journal, or of one set and one tag; s changes the set, f the tag, escape returns."""

    BINDINGS = [
        Binding("escape,b", "app.pop_screen", "Back", id="brier-back", tooltip="Back to the predictions"),
        Binding("s", "next_set", "Set filter", id="brier-set", tooltip="Score all sets, or one set at a time"),
        Binding("f", "pick_tag", "Tag filter", id="brier-tag", tooltip="Score only the predictions with a tag"),
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
        tag: str | None
        report: ScoreReport

    def __init__(self, data: JournalData, set_names: list[str], today: date, tag: str | None = None) -> None:
        super().__init__()
        self.data = data
        self.today = today
        self.filters = [ALL_SETS, *set_names] if len(set_names) > 1 else [ALL_SETS]
        self.filter_index = 0
        self.tag = tag
        self.strict = False
        self.report: ScoreReport | None = None
        self.columns = Columns.ALL

    def compose(self) -> ComposeResult:
        """The score sections."""
        yield Header()
        with VerticalScroll(id="brier-body"):
            yield Static(id="brier-filter")
            yield Static("Scoring…", id="brier-table")
            with Horizontal(id="brier-lower"):
                yield Static(id="overall")
                yield CalibrationView()
            yield QuarterView()
            yield Static(id="score-guide")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Score in the background."""
        self.sub_title = "Brier scores"
        self.query_one("#score-guide", Static).update(
            Group(Text("How to read these", style="bold underline"), score_guide_table(self.app))
        )
        self.rescore()

    def on_resize(self) -> None:
        """Fit the table to the new width once the screen's width classes have followed it (Screen's own
        resize handler sets them after this one)."""
        self.call_next(self.fit_columns)

    def fit_columns(self) -> None:
        """Give the per-prediction table the columns the width has room for."""
        columns = Columns.FEW if self.has_class("-tiny") else Columns.SOME if self.has_class("-narrow") else Columns.ALL
        if columns is not self.columns:
            self.columns = columns
            self.show_table()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the set filter when there is only one set: it would do nothing."""
        if action == "next_set":
            return len(self.filters) > 1
        return True

    def rescore(self) -> None:
        """Score again with the current set, tag and mode."""
        self.score(self.filters[self.filter_index], self.tag)

    def action_next_set(self) -> None:
        """Score the next set (or all sets)."""
        self.filter_index = (self.filter_index + 1) % len(self.filters)
        self.rescore()

    def action_pick_tag(self) -> None:
        """Pick a tag in use (or none) and score only the predictions with it."""
        from tui.screens.tags import TagChoice, TagFilterDialog, tags_in_use

        def picked(choice: TagChoice | None) -> None:
            if choice is not None:
                self.tag = choice.tag
                self.rescore()

        tags = tags_in_use(p for p in self.data.predictions if not p.archived)
        self.app.push_screen(TagFilterDialog(tags, self.tag), picked)

    def action_toggle_strict(self) -> None:
        """Switch between scoring estimates by their date and by the day they were recorded."""
        self.strict = not self.strict
        self.rescore()

    @work(thread=True, exclusive=True, group="score")
    def score(self, label: str, tag: str | None) -> None:
        """Compute the report off the event loop (time-averaged scores walk every day)."""
        ids = [
            p.id
            for p in self.data.predictions
            if (label == ALL_SETS or p.set_name == label) and (tag is None or has_tags(p, [tag]))
        ]
        self.post_message(self.Scored(label, tag, score_journal(self.data, ids, self.strict)))

    def show_table(self) -> None:
        """Draw the per-prediction table of the report shown, with the columns the width has room for."""
        if self.report is not None:
            table = per_prediction_table(self.report, self.data, self.today, self.columns)
            self.query_one("#brier-table", Static).update(table)

    def on_brier_screen_scored(self, message: Scored) -> None:
        """Show a finished report."""
        self.report = message.report
        hint = " (s: next set)" if len(self.filters) > 1 else ""
        tag = shown_tags([message.tag]) if message.tag is not None else "all"
        counted = len(message.report.counted)
        mode = "  ·  strict: by the day each estimate was recorded" if self.strict else "  ·  by estimate date"
        label = Text.assemble(
            ("Set: ", "bold"),
            visible_line(message.label),
            (hint, "dim"),
            ("  ·  Tag: ", "bold"),
            tag,
            (" (f: pick)", "dim"),
            (f"  ·  {count_of(counted, 'prediction')}", "dim"),
            (mode, "bold" if self.strict else "dim"),
        )
        self.query_one("#brier-filter", Static).update(label)
        self.show_table()
        self.query_one("#overall", Static).update(overall_text(message.report))
        self.query_one(CalibrationView).report = message.report
        self.query_one(QuarterView).report = message.report
