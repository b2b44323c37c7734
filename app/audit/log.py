"""The hash-chained, append-only audit log (审计日志): append inside the caller's transaction, verify the chain."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from app.audit.events import check_event
from app.audit.privacy import scrub_id_numbers
from app.db import transaction

Clock = Callable[[], datetime]
GENESIS_HASH = "0" * 64


def system_clock() -> datetime:
    """The computer's local time, with its UTC offset."""
    return datetime.now().astimezone()


class HasActor(Protocol):
    """Anything that names who acted: a Session, an Actor."""

    @property
    def user(self) -> str: ...

    @property
    def role(self) -> str: ...


@dataclass(frozen=True)
class Actor:
    """Who an audit entry is about when there is no signed-in session (the program itself, a bootstrap)."""

    user: str
    role: str


SYSTEM = Actor("system", "system")


@dataclass(frozen=True)
class AuditEntry:
    """One row of the audit log as stored."""

    seq: int
    time: str
    user: str
    role: str
    event: str
    details: dict[str, Any]
    prev_hash: str
    hash: str


@contextmanager
def joined_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Join the caller's open transaction, or open one of our own when none is active."""
    if conn.in_transaction:
        yield conn
    else:
        with transaction(conn):
            yield conn


def canonical_details(details: dict[str, Any] | None) -> str:
    """Details as canonical JSON (sorted keys, no spaces), ID numbers masked."""
    clean = scrub_id_numbers(dict(details or {}))
    return json.dumps(clean, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def entry_hash(seq: int, time: str, user: str, role: str, event: str, details: str, prev_hash: str) -> str:
    """SHA-256 (hex) over the canonical JSON array of an entry's fields."""
    payload = json.dumps([seq, time, user, role, event, details, prev_hash],
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append_event(
    conn: sqlite3.Connection,
    actor: HasActor,
    event: str,
    details: dict[str, Any] | None = None,
    *,
    clock: Clock = system_clock,
) -> AuditEntry:
    """Append one declared event; commits with the caller's transaction when one is open."""
    check_event(event)
    text = canonical_details(details)
    time = clock().isoformat(timespec="seconds")
    with joined_transaction(conn):
        last = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (last["seq"] + 1, last["hash"]) if last else (1, GENESIS_HASH)
        digest = entry_hash(seq, time, actor.user, actor.role, event, text, prev)
        conn.execute(
            "INSERT INTO audit_log(seq, time, user_name, role, event, details, prev_hash, hash)"
            " VALUES (?,?,?,?,?,?,?,?)",
            (seq, time, actor.user, actor.role, event, text, prev, digest),
        )
    return AuditEntry(seq, time, actor.user, actor.role, event, json.loads(text), prev, digest)


def verify_chain(conn: sqlite3.Connection, anchor: tuple[int, str] | None = None) -> tuple[bool, int | None]:
    """Check every link: (True, None) when intact, else (False, seq of the first entry that breaks).

    A missing entry is reported by the seq it should have had. Cutting entries off the end cannot be
    seen from inside the file; pass `anchor` = (seq, hash) recorded elsewhere (a package, a printout)
    to check the log still reaches it.
    """
    expected_seq, prev = 1, GENESIS_HASH
    hashes: dict[int, str] = {}
    for row in conn.execute("SELECT * FROM audit_log ORDER BY seq"):
        if row["seq"] != expected_seq or row["prev_hash"] != prev:
            return False, expected_seq
        digest = entry_hash(row["seq"], row["time"], row["user_name"], row["role"], row["event"],
                            row["details"], row["prev_hash"])
        if digest != row["hash"]:
            return False, expected_seq
        hashes[expected_seq] = digest
        expected_seq, prev = expected_seq + 1, digest
    if anchor is not None and hashes.get(anchor[0]) != anchor[1]:
        return False, min(anchor[0], expected_seq)
    return True, None


def chain_head(conn: sqlite3.Connection) -> tuple[int, str]:
    """(seq, hash) of the last entry, (0, GENESIS_HASH) for an empty log: an anchor to keep elsewhere."""
    row = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return (row["seq"], row["hash"]) if row else (0, GENESIS_HASH)


def read_events(conn: sqlite3.Connection, *, event: str | None = None, limit: int | None = None) -> list[AuditEntry]:
    """Entries in order (optionally one event type; with `limit`, the last ones)."""
    sql, params = "SELECT * FROM audit_log", []
    if event is not None:
        sql += " WHERE event = ?"
        params.append(check_event(event))
    sql += " ORDER BY seq DESC" if limit is not None else " ORDER BY seq"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = conn.execute(sql, params).fetchall()
    if limit is not None:
        rows.reverse()
    return [AuditEntry(r["seq"], r["time"], r["user_name"], r["role"], r["event"], json.loads(r["details"]),
                       r["prev_hash"], r["hash"]) for r in rows]
