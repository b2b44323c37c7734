"""Shared pieces of the sign-in tests: the password everyone uses and a clock that never sleeps."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

PASSWORD = "correct horse"
START = datetime(2011, 4, 10, 7, 30, tzinfo=timezone(timedelta(hours=8)))


class FakeClock:
    """The station's clock, moved by the test instead of by waiting."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now
