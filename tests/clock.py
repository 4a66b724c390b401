"""The fixed clock every test suite injects: "today" is 2026-11-29."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

TODAY = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


class TickingClock:
    """A clock fixed on TODAY that advances one second per call, so recorded_at values are distinct and ordered."""

    def __init__(self, start: datetime = TODAY) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now
