"""How to read the scores: one line per score, shown by `score --explain` and the app's help and Brier view."""

from __future__ import annotations

from domain.scoring import DECOMPOSITION_TERMS

SCORE_GUIDE: tuple[tuple[str, str], ...] = (
    ("Brier", "(p − outcome)² of your final estimate: 0 is perfect, 0.25 is always saying 50%, 1 is worst"),
    (
        "Time-averaged Brier",
        "the Brier of the estimate in force each day of the window, averaged: being right early pays",
    ),
    ("Brier skill score", "1 − Brier / 0.25: above 0 beats always saying 50%, 1 is perfect"),
    (
        "Log score",
        "ln of the p you gave what happened, clipped to 0.1–99.9%: 0 is perfect, −0.69 is always 50%, −6.91 worst",
    ),
    (
        "Baseline score",
        "Metaculus's 100 × (log₂ p + 1), same clip: 0 is always 50%, 99.86 certain and right, −897 certain and wrong",
    ),
    ("Time-averaged log, baseline", "the log and baseline score of the estimate in force each day, averaged"),
    ("Calibration", "how often each 10-point bin came true beside its mean forecast: close is well calibrated"),
    ("By quarter", "mean final Brier and baseline score of the predictions resolved in each quarter"),
    ("Decomposition", "Brier = reliability − resolution + uncertainty + within-bin variance − within-bin covariance"),
    *((label, meaning) for _, label, meaning in DECOMPOSITION_TERMS),
)
"""(name, how to read it in one line), in the order they are shown."""


def score_guide_lines() -> list[str]:
    """The guide as aligned plain-text lines, 'Name   meaning'."""
    width = max(len(name) for name, _ in SCORE_GUIDE)
    return [f"{name:<{width}}  {meaning}" for name, meaning in SCORE_GUIDE]
