"""A clock the test moves by hand: election day in Beijing time (time is injected, never read)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8))


class HandClock:
    """Election-day time that the test moves by hand (08:00 Beijing time unless told)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2011, 4, 10, 8, 0, tzinfo=BEIJING)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float = 1) -> None:
        self.now += timedelta(minutes=minutes)
