"""The secret ballot by construction: the poll book knows who voted, never how; counting cannot tell who."""

from __future__ import annotations

from pollbook_day import CHIEF, CLERK, COMMITTEE

from app.db import DataFile
from app.pollbook import issue_ballot, open_poll

POLL_BOOK_TABLES = ("issuance_events", "issuances", "poll_state_changes")
# Who and when: columns that would link a counted ballot to a voter or to the moment of issue.
LINKING = {"voter_id", "household_id", "proxy_voter_id", "clerk", "time", "issued_at", "auth_no"}
CONTENT = {"candidate", "candidate_id", "mark", "marks", "vote", "votes", "position_id", "write_in"}


def _columns(df: DataFile, table: str) -> set[str]:
    return {row[1] for row in df.conn.execute(f"PRAGMA table_info({table})")}


def test_poll_book_holds_no_ballot_content(station: DataFile, voters: dict[str, int], clock) -> None:  # type: ignore[no-untyped-def]
    open_poll(station.conn, CHIEF, clock)
    issue_ballot(station.conn, CLERK, voters["张三"], COMMITTEE, clock=clock)
    for table in POLL_BOOK_TABLES:
        assert not _columns(station, table) & CONTENT, table


def test_no_ballot_or_counting_table_carries_who_or_when(station: DataFile) -> None:
    tables = [r[0] for r in station.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    words = {"ballot", "ballots", "count", "counts", "counting", "tally", "tallies", "votes", "result", "results"}
    counting = [t for t in tables if t not in POLL_BOOK_TABLES and set(t.split("_")) & words]
    assert "ballot_boxes" in counting     # the guard looks at real tables
    for table in counting:
        assert not _columns(station, table) & LINKING, f"{table} could link a ballot to a voter"
