"""Writing the poll book: who acts, the one permission check, durable transactions and numbered events."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from app.audit import Clock, append_event
from app.auth import require
from app.db import transaction
from app.errors import PollDeskError

_FULL = 2  # PRAGMA synchronous value of FULL (EXTRA = 3 is at least as safe)


class Actor(Protocol):
    """Anyone acting on the poll book: an app.auth Session or an app.audit Actor (user name and role)."""

    @property
    def user(self) -> str: ...

    @property
    def role(self) -> str: ...


def check_permission(actor: Actor, action: str) -> None:
    """The one place the poll book asks whether a role may act (PollDeskError "forbidden")."""
    require(actor, action)


def station_place(conn: sqlite3.Connection) -> str:
    """The voting place this station file belongs to (refused on a district file)."""
    row = conn.execute("SELECT value FROM file_meta WHERE key = 'place_code'").fetchone()
    if row is None:
        raise PollDeskError("not_a_station",
                            "This is not a station file: ballots are issued only in a voting place's file.")
    return str(row[0])


@contextmanager
def durable_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One all-or-nothing write that is on disk (synchronous=FULL) when the block ends."""
    if conn.execute("PRAGMA synchronous").fetchone()[0] < _FULL:
        conn.execute("PRAGMA synchronous=FULL")
    with transaction(conn):
        yield conn


def iso_time(clock: Clock) -> str:
    """The clock's time as stored in the poll book (ISO, seconds, with offset)."""
    return clock().isoformat(timespec="seconds")


def next_seq(conn: sqlite3.Connection, table: str, place: str) -> int:
    """The next sequence number of `place` in an append-only table (inside the write transaction)."""
    row = conn.execute(f"SELECT COALESCE(MAX(seq), 0) FROM {table} WHERE place_code = ?", (place,)).fetchone()
    return int(row[0]) + 1


def append_issuance_event(conn: sqlite3.Connection, place: str, event: str, clerk: str, time: str,
                          **fields: Any) -> int:
    """Append one issuance event of `place`; returns its sequence number."""
    seq = next_seq(conn, "issuance_events", place)
    columns = ["place_code", "seq", "event", "clerk", "time", *fields]
    values = [place, seq, event, clerk, time, *fields.values()]
    conn.execute(f"INSERT INTO issuance_events({', '.join(columns)}) VALUES ({', '.join('?' * len(values))})",
                 values)
    return seq


def audit(conn: sqlite3.Connection, actor: Actor, event: str, details: dict[str, Any], clock: Clock) -> None:
    """Record an audit entry inside the open transaction."""
    append_event(conn, actor, event, details, clock=clock)
