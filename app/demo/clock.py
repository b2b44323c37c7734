"""The demo's injected clock: election day in Beijing time, moved by the demo as the day goes on."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

BEIJING = timezone(timedelta(hours=8))
OPENS = time(8, 0)
CLOSES = time(17, 0)
DAY_SECONDS = 9 * 3600          # 08:00 to 17:00


class DayClock:
    """A clock for app functions (`clock()` -> aware datetime) that shows the time the demo sets."""

    def __init__(self, day: date) -> None:
        self.start = datetime.combine(day, OPENS, tzinfo=BEIJING)
        self.now = self.start

    def __call__(self) -> datetime:
        return self.now

    def at(self, seconds: float) -> DayClock:
        """Set the clock to `seconds` after the poll opens (negative: before 08:00); returns itself."""
        self.now = self.start + timedelta(seconds=int(seconds))
        return self

    def hour(self, seconds: float) -> int:
        """The hour of the day (8 .. 17) at `seconds` after the poll opens."""
        return (self.start + timedelta(seconds=int(seconds))).hour
