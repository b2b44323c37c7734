"""A signed-in session and the idle lock (空闲锁屏) that hides the screen after some minutes untouched."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from app.errors import PollDeskError

DEFAULT_IDLE_MINUTES = 10


@dataclass(frozen=True)
class Session:
    """Who is signed in on this computer, in which role, since when."""

    user: str
    role: str
    started: datetime
    display_name: str = ""


@dataclass
class SessionGuard:
    """The idle timer of one session: locked once `idle_after` passes without `touch()`.

    A lock stays until the same user gives their password again (`app.auth.login.unlock_session`);
    touching a locked guard does not open it.
    """

    session: Session
    last_activity: datetime
    idle_after: timedelta = field(default_factory=lambda: timedelta(minutes=DEFAULT_IDLE_MINUTES))
    _locked: bool = field(default=False, init=False, repr=False)

    def is_locked(self, now: datetime) -> bool:
        """True once the session has been idle for `idle_after` (and until it is unlocked)."""
        if not self._locked and now - self.last_activity >= self.idle_after:
            self._locked = True
        return self._locked

    def touch(self, now: datetime) -> bool:
        """Record activity; returns False (and changes nothing) when the session is already locked."""
        if self.is_locked(now):
            return False
        self.last_activity = max(self.last_activity, now)
        return True

    def lock(self) -> None:
        """Lock at once (the user stepped away and pressed "lock")."""
        self._locked = True

    def reopen(self, now: datetime) -> None:
        """Clear the lock after the password was checked (only `unlock_session` calls this)."""
        self._locked = False
        self.last_activity = now


def idle_minutes(conn: sqlite3.Connection) -> int:
    """Minutes of inactivity before the screen locks, as set in this file (default 10)."""
    row = conn.execute("SELECT value FROM auth_settings WHERE key = 'idle_minutes'").fetchone()
    return int(row["value"]) if row else DEFAULT_IDLE_MINUTES


def check_idle_minutes(minutes: int) -> int:
    """`minutes` if it is a sensible idle time (1 to 120), else a PollDeskError."""
    if not 1 <= minutes <= 120:
        raise PollDeskError("bad_setting", "The idle time must be between 1 and 120 minutes.")
    return minutes


def guard_for(conn: sqlite3.Connection, session: Session, now: datetime) -> SessionGuard:
    """A fresh idle guard for `session` using this file's idle setting."""
    return SessionGuard(session, now, timedelta(minutes=idle_minutes(conn)))
