"""Parsing stored records: the fast path for well-formed estimates agrees with the checked one."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.model import Estimate
from domain.records import RecordError, _checked_estimate, estimate_from_record, estimate_to_record
from domain.validation import LATEST_RECORD_DATE, MAX_TEXT_CHARS

ANY_JSON_SCALAR = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=True), st.text(max_size=12)
)


def parsed(parse: Any, record: dict[str, Any]) -> Estimate | str:
    try:
        return parse(record)
    except RecordError as error:
        return f"RecordError: {error}"


@given(
    st.fixed_dictionaries(
        {},
        optional={
            "prediction_id": st.one_of(st.integers(1, 50), ANY_JSON_SCALAR),
            "probability": st.one_of(st.floats(-0.5, 1.5), st.sampled_from([0, 1, 0.0, 1.0]), ANY_JSON_SCALAR),
            "date": st.one_of(
                st.dates().map(date.isoformat),
                st.sampled_from(
                    ["2025-02-30", "2025-1-1", "2025-W01-1", "20250101", "2025-001", "\uff12025-01-01", "9000-12-31"]
                ),
                ANY_JSON_SCALAR,
            ),
            "recorded_at": st.one_of(
                st.datetimes(timezones=st.just(UTC)).map(datetime.isoformat),
                st.datetimes().map(datetime.isoformat),  # no time zone
                ANY_JSON_SCALAR,
            ),
            "note": st.one_of(st.text(max_size=20), st.just("x" * (MAX_TEXT_CHARS + 1)), ANY_JSON_SCALAR),
        },
    )
)
def test_every_record_parses_or_fails_exactly_as_the_checked_parser_says(record: dict[str, Any]) -> None:
    assert parsed(estimate_from_record, record) == parsed(_checked_estimate, record)


@given(
    st.builds(
        Estimate,
        st.integers(1, 10_000),
        st.floats(0, 1),
        st.dates(max_value=LATEST_RECORD_DATE),
        st.datetimes(timezones=st.just(UTC)),
        st.text(max_size=40),
    )
)
def test_a_saved_estimate_reads_back_equal(estimate: Estimate) -> None:
    assert estimate_from_record(estimate_to_record(estimate)) == estimate


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (
            {"prediction_id": 1, "probability": 1.5, "date": "2025-01-01", "recorded_at": "2025-01-01T00:00:00"},
            "outside",
        ),
        ({"prediction_id": "1", "probability": 0.5, "date": "2025-01-01", "recorded_at": "2025-01-01T00:00:00"}, "int"),
        ({"prediction_id": 1, "probability": 0.5, "date": "2025-02-30", "recorded_at": "2025-01-01T00:00:00"}, "date"),
    ],
)
def test_a_bad_record_is_refused_with_the_field_named(record: dict[str, Any], message: str) -> None:
    with pytest.raises(RecordError, match=message):
        estimate_from_record(record)
