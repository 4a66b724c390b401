"""Question kinds: what a choice or numeric prediction's estimates and answers must be, and how they read.

A `binary` prediction (yes or no) takes a probability. A `choice` prediction takes one probability per
option, in option order, summing to 1; it is answered by one of its options. A `numeric` prediction
takes a central interval LOW..HIGH at a confidence level (0.5–0.99, 0.8 by default); it is answered by
a number. Every kind can be resolved ambiguous.

The `*_problem` functions return what is wrong (None when nothing is), so that the record parser can
raise RecordError and the journal InputError with the same words. The `parse_*` functions read what
the user types (the CLI and the dialogs) and raise InputError.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from domain.display import format_percent
from domain.model import Estimate, Kind, Outcome, Prediction, Resolution
from domain.validation import InputError, parse_decimal, parse_outcome, parse_percent, parse_title, quoted

MIN_OPTIONS = 2
MAX_OPTIONS = 12
SUM_TOLERANCE = 0.001 + 1e-9
"""How far a choice estimate's fractions may sum from 1: 0.1 percentage points (and a hair for rounding)."""
DEFAULT_LEVEL = 0.8
MIN_LEVEL, MAX_LEVEL = 0.5, 0.99
AMBIGUOUS_WORDS = frozenset({"ambiguous"})
"""What resolves a choice or numeric prediction ambiguous (not 'a', which may be an option); an option
named so is chosen by its number."""


@dataclass(frozen=True, slots=True)
class Question:
    """What a new prediction asks for: its kind, a choice's options, a numeric one's unit."""

    kind: Kind = Kind.BINARY
    options: tuple[str, ...] = ()
    unit: str = ""


def parse_question(options: Sequence[str] = (), numeric: bool = False, unit: str | None = None) -> Question:
    """The question `add --option A --option B` or `add --numeric [--unit U]` asks (neither: yes or no)."""
    if options and numeric:
        raise InputError("a prediction has options (a choice) or is numeric, not both")
    if unit is not None and not numeric:
        raise InputError("--unit is for a numeric prediction (add --numeric)")
    if options:
        return Question(Kind.CHOICE, parse_options(options))
    if numeric:
        return Question(Kind.NUMERIC, unit=parse_unit(unit))
    return Question()


def parse_answer(raw: str, prediction: Prediction) -> Resolution:
    """The resolution an answer typed for the prediction gives, dated like the prediction's first day
    (the caller sets the date): yes/no/ambiguous for a binary one; an option's name or number, or a
    number, for the others, whose 'ambiguous' always means ambiguous."""
    if prediction.kind is Kind.BINARY:
        return Resolution(prediction.id, parse_outcome(raw), prediction.resolve_by)
    if raw.strip().lower() in AMBIGUOUS_WORDS:
        return Resolution(prediction.id, Outcome.AMBIGUOUS, prediction.resolve_by)
    if prediction.kind is Kind.CHOICE:
        option = parse_option_answer(raw, prediction.options)
        return Resolution(prediction.id, Outcome.ANSWERED, prediction.resolve_by, option=option)
    return Resolution(prediction.id, Outcome.ANSWERED, prediction.resolve_by, value=parse_number(raw))


def kind_of_estimate(estimate: Estimate) -> Kind:
    """The kind of prediction an estimate's shape belongs to."""
    if estimate.probabilities is not None:
        return Kind.CHOICE
    if estimate.level is not None:
        return Kind.NUMERIC
    return Kind.BINARY


def options_problem(options: Sequence[str]) -> str | None:
    """What is wrong with a choice prediction's options: fewer than 2, more than 12, or a repeat."""
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        return f"a choice prediction has {MIN_OPTIONS} to {MAX_OPTIONS} options, not {len(options)}"
    if len(set(options)) != len(options):
        repeated = next(option for option in options if options.count(option) > 1)
        return f"option {quoted(repeated)} is given twice"
    return None


def probabilities_problem(probabilities: Sequence[float], options: int | None = None) -> str | None:
    """What is wrong with a choice estimate: a fraction outside 0–1, a sum not 1, or the wrong count."""
    if options is not None and len(probabilities) != options:
        return f"the estimate gives {len(probabilities)} probabilities for {options} options"
    if not MIN_OPTIONS <= len(probabilities) <= MAX_OPTIONS:
        return f"a choice estimate has {MIN_OPTIONS} to {MAX_OPTIONS} probabilities, not {len(probabilities)}"
    if not all(math.isfinite(p) and 0.0 <= p <= 1.0 for p in probabilities):
        return f"probabilities {quoted(list(probabilities))} are not all between 0 and 1"
    total = math.fsum(probabilities)
    if abs(total - 1.0) > SUM_TOLERANCE:
        return f"probabilities sum to {format_percent(total)}, not 100%"
    return None


def interval_problem(low: float, high: float, level: float) -> str | None:
    """What is wrong with a numeric estimate: an infinite bound, LOW above HIGH, or a level outside 50–99%."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return "the interval's bounds must be finite numbers"
    if low > high:
        return f"the interval's low {format_number(low)} is above its high {format_number(high)}"
    if not (math.isfinite(level) and MIN_LEVEL <= level <= MAX_LEVEL):
        return f"the level must be between 50% and 99%, got {quoted(level)}"
    return None


def estimate_problem(estimate: Estimate, prediction: Prediction) -> str | None:
    """What is wrong with an estimate for this prediction: the wrong shape for its kind, or bad values."""
    shape = kind_of_estimate(estimate)
    if shape is not prediction.kind:
        return f"a {shape.value} estimate for {prediction.kind.value} prediction {prediction.id}"
    if estimate.probabilities is not None:
        return probabilities_problem(estimate.probabilities, len(prediction.options))
    if estimate.level is not None:
        assert estimate.low is not None and estimate.high is not None
        return interval_problem(estimate.low, estimate.high, estimate.level)
    return None


def resolution_problem(resolution: Resolution, prediction: Prediction) -> str | None:
    """What is wrong with a resolution for this prediction: an outcome, option or value its kind does not take."""
    outcome, kind = resolution.outcome, prediction.kind
    if outcome is Outcome.AMBIGUOUS:
        if resolution.option is not None or resolution.value is not None:
            return "an ambiguous resolution has no option or value"
        return None
    if kind is Kind.BINARY:
        if outcome is Outcome.ANSWERED or resolution.option is not None or resolution.value is not None:
            return f"prediction {prediction.id} is a yes/no question; it resolves yes, no or ambiguous"
        return None
    if outcome is not Outcome.ANSWERED:
        return f"{kind.value} prediction {prediction.id} is answered, or ambiguous, not {outcome.value}"
    if kind is Kind.CHOICE:
        if resolution.value is not None or resolution.option not in prediction.options:
            return f"{quoted(resolution.option)} is not an option of prediction {prediction.id}"
        return None
    if resolution.option is not None or resolution.value is None or not math.isfinite(resolution.value):
        return f"numeric prediction {prediction.id} is answered by a finite number"
    return None


def leading_option(estimate: Estimate, prediction: Prediction) -> tuple[str, float] | None:
    """A choice estimate's most likely option (the first of equals) and its probability."""
    if estimate.probabilities is None or len(estimate.probabilities) != len(prediction.options):
        return None
    best = max(estimate.probabilities)
    index = estimate.probabilities.index(best)
    return prediction.options[index], best


def format_number(value: float) -> str:
    """A number as typed back: 15.3 → '15.3', 2.0 → '2', 1e-05 → '1e-05'."""
    return f"{value + 0.0:.15g}"


def with_unit(value: str, unit: str) -> str:
    """'12..18 GW' or '12..18' without a unit. The unit is user text: the caller shows it through safe_text."""
    return f"{value} {unit}" if unit else value


def estimate_text(estimate: Estimate, prediction: Prediction) -> str:
    """An estimate in words: '70%', 'A 50% · B 30% · C 20%', or '12..18 GW at 80%'.

    Option names and the unit are user text: the caller shows the result through domain.safe_text."""
    if estimate.probabilities is not None:
        names = prediction.options or tuple(f"#{n}" for n in range(1, len(estimate.probabilities) + 1))
        return " · ".join(f"{name} {format_percent(p)}" for name, p in zip(names, estimate.probabilities, strict=False))
    if estimate.level is not None and estimate.low is not None and estimate.high is not None:
        interval = with_unit(f"{format_number(estimate.low)}..{format_number(estimate.high)}", prediction.unit)
        return f"{interval} at {format_percent(estimate.level)}"
    return format_percent(estimate.probability)


def answer_text(resolution: Resolution, prediction: Prediction | None = None) -> str:
    """A resolution's answer: 'yes', 'no', 'ambiguous', the option's name, or the value with its unit.

    Option names and the unit are user text: the caller shows the result through domain.safe_text."""
    if resolution.option is not None:
        return resolution.option
    if resolution.value is not None:
        return with_unit(format_number(resolution.value), prediction.unit if prediction else "")
    return resolution.outcome.value


def parse_options(raws: Sequence[str]) -> tuple[str, ...]:
    """A choice prediction's options as typed: each one line, non-empty and at most a title's length
    (surrounding spaces removed, as for titles); 2 to 12 of them, all different."""
    options = tuple(parse_title(raw, f"option {n}") for n, raw in enumerate(raws, 1))
    problem = options_problem(options)
    if problem is not None:
        raise InputError(problem)
    return options


def parse_unit(raw: str | None) -> str:
    """A numeric prediction's unit: one line of at most a title's length; empty or missing means none."""
    if raw is None or not raw.strip():
        return ""
    return parse_title(raw, "unit")


def parse_choice_percents(raws: Sequence[str], options: int) -> tuple[float, ...]:
    """Percents in option order ('50 30 20') as fractions; there must be one per option, summing to 100
    within 0.1."""
    if len(raws) != options:
        raise InputError(f"give one percent per option: {options} options, {len(raws)} percents")
    fractions = tuple(parse_percent(raw) for raw in raws)
    total = math.fsum(fractions)
    if abs(total - 1.0) > SUM_TOLERANCE:
        raise InputError(f"the percents must sum to 100, and these sum to {format_percent(total).removesuffix('%')}")
    return fractions


def parse_number(raw: str, what: str = "value") -> float:
    """A finite plain decimal ('15.3', '-2', '1e-05')."""
    value = parse_decimal(raw, what)
    if not math.isfinite(value):
        raise InputError(f"{what} {quoted(raw.strip())} is too large")
    return value


def parse_interval(raw: str) -> tuple[float, float]:
    """'LOW..HIGH' ('12..18', '-3.5..0') with LOW ≤ HIGH."""
    low_text, dots, high_text = raw.strip().partition("..")
    if not dots:
        raise InputError(f"an interval is written LOW..HIGH, such as 12..18, got {quoted(raw.strip())}")
    low, high = parse_number(low_text, "low"), parse_number(high_text, "high")
    if low > high:
        raise InputError(f"the interval's low {format_number(low)} is above its high {format_number(high)}")
    return low, high


def parse_level(raw: str | None) -> float:
    """A confidence level in percent, 50 to 99 ('90', '90%'); empty or missing means 80."""
    if raw is None or not raw.strip():
        return DEFAULT_LEVEL
    refused = InputError(f"the level must be a percent from 50 to 99 such as 90, got {quoted(raw.strip())}")
    try:
        level = parse_percent(raw)
    except InputError:
        raise refused from None  # the percent's own message speaks of 0 to 100, which would mislead here
    if not MIN_LEVEL <= level <= MAX_LEVEL:
        raise refused
    return level


def parse_option_answer(raw: str, options: Sequence[str]) -> str:
    """The option an answer names: its exact name (surrounding spaces ignored), else its number (1-based)."""
    text = raw.strip()
    if text in options:
        return text
    try:
        number = int(text) if text.isascii() and text.isdigit() else 0
    except ValueError:
        number = 0
    if 1 <= number <= len(options):
        return options[number - 1]
    raise InputError(f"{quoted(text)} is not an option's name or number (1–{len(options)})")
