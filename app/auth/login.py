"""Signing in (登录): growing delay after wrong passwords, lock after five, unlock by a chief.

Wrong password and unknown name give the same message. After the k-th wrong password in a row the
next attempt is refused for 2**(k-1) seconds (1, 2, 4, 8); the fifth locks the account until a chief
or district administrator unlocks it. Nothing here sleeps: the refusal carries `retry_after`.
A locked account or a pending delay does say the name exists; on an offline station laptop this is
accepted so that a volunteer knows to fetch the chief.
"""

from __future__ import annotations

import math
import sqlite3
import unicodedata
from datetime import datetime

from app.audit import Actor, Clock, append_event, joined_transaction, system_clock
from app.auth.passwords import hash_password, needs_rehash, spend_verify_time, verify_password
from app.auth.roles import Action, require
from app.auth.session import Session, SessionGuard
from app.errors import PollDeskError

FAILURES_BEFORE_LOCK = 5
UNKNOWN_USER = Actor("?", "")
WRONG_NAME_OR_PASSWORD = "The name or password is wrong."


class LoginError(PollDeskError):
    """A refused sign-in; `retry_after` is how many seconds to wait before the next attempt."""

    def __init__(self, code: str, text: str, /, retry_after: int = 0, **params: object) -> None:
        self.retry_after = retry_after
        super().__init__(code, text, **params)


def delay_after(failures: int) -> int:
    """Seconds to wait after `failures` wrong passwords in a row: 0, 1, 2, 4, 8 ..."""
    return 0 if failures <= 0 else 2 ** (failures - 1)


def login(conn: sqlite3.Connection, name: str, password: str, clock: Clock = system_clock) -> Session:
    """Check a name and password and start a session, or raise LoginError (audited either way)."""
    now = clock()
    name = unicodedata.normalize("NFKC", name).strip()   # as stored by add_user
    error: LoginError | None = None
    with joined_transaction(conn):
        row = conn.execute("SELECT * FROM users WHERE name = ? AND removed_at IS NULL", (name,)).fetchone()
        if row is None:
            spend_verify_time(password)
            append_event(conn, UNKNOWN_USER, "login_failed", {"reason": "wrong_name_or_password"}, clock=clock)
            error = LoginError("login_failed", WRONG_NAME_OR_PASSWORD, retry_after=delay_after(1))
        else:
            error = _check(conn, row, password, now, clock)
    if error is not None:
        raise error
    return Session(row["name"], row["role"], now, row["display_name"])


def _check(conn: sqlite3.Connection, row: sqlite3.Row, password: str, now: datetime, clock: Clock) -> LoginError | None:
    """Decide one attempt for an existing user and record its outcome."""
    actor = Actor(row["name"], row["role"])
    if row["locked"]:
        return _locked_error()
    wait = _seconds_to_wait(row, now)
    if wait > 0:
        return LoginError("login_wait", "Too many wrong passwords. Try again in {seconds} seconds.",
                          retry_after=wait, seconds=wait)
    if verify_password(row["password_hash"], password):
        conn.execute("UPDATE users SET failed_attempts = 0, last_failed_at = NULL WHERE name = ?", (row["name"],))
        if needs_rehash(row["password_hash"]):
            conn.execute("UPDATE users SET password_hash = ? WHERE name = ?", (hash_password(password), row["name"]))
        append_event(conn, actor, "login_ok", {}, clock=clock)
        return None
    failures = row["failed_attempts"] + 1
    locked = failures >= FAILURES_BEFORE_LOCK
    conn.execute("UPDATE users SET failed_attempts = ?, last_failed_at = ?, locked = ? WHERE name = ?",
                 (failures, now.isoformat(), int(locked), row["name"]))
    append_event(conn, actor, "login_failed", {"reason": "wrong_name_or_password", "failures": failures},
                 clock=clock)
    if locked:
        append_event(conn, actor, "user_locked", {"failures": failures}, clock=clock)
        return _locked_error()
    return LoginError("login_failed", WRONG_NAME_OR_PASSWORD, retry_after=delay_after(failures))


def _seconds_to_wait(row: sqlite3.Row, now: datetime) -> int:
    if not row["last_failed_at"]:
        return 0
    elapsed = (now - datetime.fromisoformat(row["last_failed_at"])).total_seconds()
    return max(0, math.ceil(delay_after(row["failed_attempts"]) - elapsed))


def _locked_error() -> LoginError:
    return LoginError("account_locked",
                      "This account is locked after too many wrong passwords. Ask the station chief to unlock it.")


def unlock_user(conn: sqlite3.Connection, session: Session, name: str, clock: Clock = system_clock) -> None:
    """Unlock a locked account and clear its wrong-password count (chief or district administrator)."""
    require(session, Action.UNLOCK_USER)
    with joined_transaction(conn):
        row = conn.execute("SELECT name FROM users WHERE name = ? AND removed_at IS NULL", (name,)).fetchone()
        if row is None:
            raise PollDeskError("no_such_user", "There is no user named {name}.", name=name)
        conn.execute("UPDATE users SET locked = 0, failed_attempts = 0, last_failed_at = NULL, changed_at = ?"
                     " WHERE name = ?", (clock().isoformat(), name))
        append_event(conn, session, "user_unlocked", {"name": name}, clock=clock)


def unlock_session(conn: sqlite3.Connection, guard: SessionGuard, password: str,
                   clock: Clock = system_clock) -> Session:
    """Reopen an idle-locked screen: only the same user's password does it (same rules as signing in)."""
    session = login(conn, guard.session.user, password, clock)
    guard.reopen(session.started)
    return guard.session
