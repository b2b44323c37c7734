"""Every action leaves a chained entry; any edit, deletion or reordering of the log is found."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest

from app.audit import (
    EVENTS,
    Actor,
    UndeclaredEventError,
    append_event,
    chain_head,
    describe,
    read_events,
    verify_chain,
)
from app.db import SQL_INTEGRITY_ERROR, DataFile, transaction

CHIEF = Actor("chief1", "chief")
CLERK = Actor("clerk1", "clerk")
T0 = datetime(2011, 4, 10, 8, 0, tzinfo=timezone(timedelta(hours=8)))


def at(minutes: int) -> Callable[[], datetime]:
    """A clock showing T0 plus `minutes`."""
    return lambda: T0 + timedelta(minutes=minutes)


def _election_morning(conn: sqlite3.Connection) -> None:
    append_event(conn, CHIEF, "poll_opened", {"place": "C01-S1"}, clock=at(0))
    for n in range(1, 4):
        append_event(conn, CLERK, "ballot_issued", {"voter": n, "contest": "C01-committee"}, clock=at(n))
    append_event(conn, CHIEF, "issuance_undone", {"voter": 2, "reason": "发错选票"}, clock=at(5))


def _drop_guards(conn: sqlite3.Connection) -> None:
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")


def test_morning_of_entries_is_numbered_and_verifies(district: DataFile) -> None:
    _election_morning(district.conn)
    entries = read_events(district.conn)
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].time == "2011-04-10T08:00:00+08:00"
    assert entries[0].prev_hash == "0" * 64
    assert all(b.prev_hash == a.hash for a, b in zip(entries, entries[1:], strict=False))
    assert verify_chain(district.conn) == (True, None)
    assert chain_head(district.conn) == (5, entries[-1].hash)


def test_log_refuses_update_and_delete(district: DataFile) -> None:
    _election_morning(district.conn)
    with pytest.raises(SQL_INTEGRITY_ERROR, match="append-only"):
        district.conn.execute("UPDATE audit_log SET details = '{}' WHERE seq = 2")
    with pytest.raises(SQL_INTEGRITY_ERROR, match="append-only"):
        district.conn.execute("DELETE FROM audit_log WHERE seq = 2")


def test_edited_details_are_found_at_that_entry(district: DataFile) -> None:
    _election_morning(district.conn)
    _drop_guards(district.conn)
    district.conn.execute("""UPDATE audit_log SET details = '{"contest":"C01-committee","voter":7}' WHERE seq = 3""")
    assert verify_chain(district.conn) == (False, 3)


def test_edited_user_is_found_even_when_its_hash_is_recomputed(district: DataFile) -> None:
    from app.audit.log import entry_hash

    _election_morning(district.conn)
    _drop_guards(district.conn)
    row = district.conn.execute("SELECT * FROM audit_log WHERE seq = 2").fetchone()
    forged = entry_hash(2, row["time"], "chief1", "chief", row["event"], row["details"], row["prev_hash"])
    district.conn.execute("UPDATE audit_log SET user_name='chief1', role='chief', hash=? WHERE seq=2", (forged,))
    assert verify_chain(district.conn) == (False, 3)   # the next entry no longer links to it


def test_deleted_entry_is_found(district: DataFile) -> None:
    _election_morning(district.conn)
    _drop_guards(district.conn)
    district.conn.execute("DELETE FROM audit_log WHERE seq = 4")
    assert verify_chain(district.conn) == (False, 4)


def test_reordered_entries_are_found(district: DataFile) -> None:
    _election_morning(district.conn)
    _drop_guards(district.conn)
    with transaction(district.conn) as conn:
        conn.execute("UPDATE audit_log SET seq = 100 WHERE seq = 2")
        conn.execute("UPDATE audit_log SET seq = 2 WHERE seq = 3")
        conn.execute("UPDATE audit_log SET seq = 3 WHERE seq = 100")
    assert verify_chain(district.conn) == (False, 2)


def test_cut_off_tail_is_found_against_a_kept_anchor(district: DataFile) -> None:
    _election_morning(district.conn)
    anchor = chain_head(district.conn)
    _drop_guards(district.conn)
    district.conn.execute("DELETE FROM audit_log WHERE seq >= 4")
    assert verify_chain(district.conn) == (True, None)          # invisible from inside the file ...
    assert verify_chain(district.conn, anchor) == (False, 4)    # ... but not against the anchor


def test_empty_log_verifies(district: DataFile) -> None:
    assert verify_chain(district.conn) == (True, None)


def test_undeclared_event_is_refused_and_nothing_is_written(district: DataFile) -> None:
    with pytest.raises(UndeclaredEventError):
        append_event(district.conn, CLERK, "ballot_stuffed", {})
    assert read_events(district.conn) == []


def test_entry_commits_and_rolls_back_with_the_callers_transaction(district: DataFile) -> None:
    conn = district.conn
    with pytest.raises(RuntimeError), transaction(conn):
        append_event(conn, CLERK, "ballot_issued", {"voter": 1})
        assert conn.in_transaction
        raise RuntimeError("printer jammed before the issuance was saved")
    assert read_events(conn) == []
    with transaction(conn):
        append_event(conn, CLERK, "ballot_issued", {"voter": 1})
        append_event(conn, CLERK, "ballot_issued", {"voter": 2})
    assert [e.details["voter"] for e in read_events(conn)] == [1, 2]
    assert verify_chain(conn) == (True, None)


def test_catalogue_declares_what_other_areas_need() -> None:
    needed = {
        "register_imported", "voter_added", "voter_removed", "duplicate_resolved", "candidate_nominated",
        "candidate_reviewed", "poll_opened", "poll_closed", "counting_started", "results_certified",
        "ballot_issued", "proxy_ballot_issued", "mobile_ballot_issued", "ballot_spoilt", "issuance_undone",
        "override_by_chief", "login_ok", "login_failed", "user_locked", "user_unlocked", "user_added",
        "user_removed", "password_changed", "package_exported", "package_imported", "package_rejected",
        "package_removed", "backup_written", "results_locked", "setup_loaded",
    }
    assert needed <= set(EVENTS)
    assert describe("ballot_spoilt") == "写坏的选票已作废并补发"
