"""A prediction of the user's own, as a batch of one for the merge."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from domain.kinds import Question
from domain.merge import NO_ID, ImportedPrediction
from domain.model import OWN_SET, Prediction
from domain.tags import checked_count, parse_tags
from domain.validation import check_text, parse_resolve_by, parse_title

OWN_SOURCE = "added in forecast-journal"


def own_prediction(
    title: str,
    text: str,
    resolve_by: str | None,
    today: date,
    tags: Iterable[str] = (),
    question: Question = Question(),  # noqa: B008 (frozen: never changed)
) -> ImportedPrediction:
    """A prediction the user adds, in set OWN_SET with source OWN_SOURCE, with `tags` (domain.tags);
    merge it with Journal.merge.

    The merge matches it to an existing prediction of the same title in OWN_SET instead of adding a duplicate.
    """
    clean_title = parse_title(title)
    by = parse_resolve_by(resolve_by, today)
    tagged = checked_count(parse_tags(tags))
    prediction = Prediction(
        NO_ID,
        clean_title,
        check_text(text, "text"),
        OWN_SOURCE,
        by,
        OWN_SET,
        tags=tagged,
        kind=question.kind,
        options=question.options,
        unit=question.unit,
    )
    return ImportedPrediction(prediction)
