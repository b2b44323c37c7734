"""What one ballot costs the disk: the pages an issuance writes (each one encrypted and MACed on an encrypted file)."""

from __future__ import annotations

from pathlib import Path

from pollbook_day import CHIEF, CLERK, COMMITTEE, FixedClock

from app.db import DataFile
from app.pollbook import issue_ballot, open_poll, receive_ballots

WAL_HEADER, FRAME_HEADER = 32, 24


def _pages_in_wal(df: DataFile) -> int:
    page_size = int(df.conn.execute("PRAGMA page_size").fetchone()[0])
    wal = Path(f"{df.path}-wal")
    size = wal.stat().st_size if wal.exists() else 0
    return max(0, size - WAL_HEADER) // (page_size + FRAME_HEADER)


def test_an_issuance_writes_three_pages_audit_entry_event_and_ballot(
        station: DataFile, voters: dict[str, int], clock: FixedClock) -> None:
    conn = station.conn
    receive_ballots(conn, CHIEF, COMMITTEE, 20, clock=clock)
    open_poll(conn, CHIEF, clock)
    issue_ballot(conn, CLERK, voters["李四"], clock=clock)        # the tables' first pages are split off here
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert _pages_in_wal(station) == 0

    issue_ballot(conn, CLERK, voters["张三"], clock=clock)

    assert _pages_in_wal(station) == 3
