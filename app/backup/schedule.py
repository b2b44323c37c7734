"""When to back up (备份时间): every few minutes while the file is in use, and always when the poll closes.

Pure logic: the GUI asks `due(now)` from a timer (a QTimer every 30 seconds or so) and reports
`written(now)` or `failed(now)`; nothing here touches a file or a clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

DEFAULT_MINUTES = 5
RETRY_MINUTES = 1


@dataclass
class BackupScheduler:
    """The rolling-backup timetable of one open data file."""

    every: timedelta = field(default_factory=lambda: timedelta(minutes=DEFAULT_MINUTES))
    retry_after: timedelta = field(default_factory=lambda: timedelta(minutes=RETRY_MINUTES))
    last_written: datetime | None = None
    last_failed: datetime | None = None

    def due(self, now: datetime, *, poll_closing: bool = False) -> bool:
        """True when a backup should be written now: poll close, none yet, or `every` since the last.

        A failed attempt (stick pulled out) is retried after `retry_after`, not on every tick. A clock
        set back before the last backup makes one due at once rather than hours later.
        """
        if poll_closing:
            return True
        if self.last_failed is not None and self.last_failed <= now < self.last_failed + self.retry_after:
            return False
        if self.last_written is None or now < self.last_written:
            return True
        return now - self.last_written >= self.every

    def next_due(self, now: datetime) -> datetime:
        """When `due` next becomes true (now, if it already is)."""
        if self.due(now):
            return now
        assert self.last_written is not None     # due() is true whenever nothing was written yet
        candidates = [self.last_written + self.every]
        if self.last_failed is not None and now < self.last_failed + self.retry_after:
            candidates = [max(candidates[0], self.last_failed + self.retry_after)]
        return candidates[0]

    def written(self, now: datetime) -> None:
        """A backup was written at `now`."""
        self.last_written = now
        self.last_failed = None

    def failed(self, now: datetime) -> None:
        """A backup attempt failed at `now`; the next try waits `retry_after`."""
        self.last_failed = now
