"""Demo stations with ballots issued, for the package benchmarks: most voters of a place given a ballot."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.audit import Actor, system_clock
from app.db import open_data_file
from app.pollbook import open_poll
from app.pollbook.issue import BallotRequest, issue_in_transaction
from app.pollbook.record import durable_transaction, station_place

CLERK = Actor("clerk1", "clerk")
CHIEF = Actor("chief1", "chief")
BATCH = 500


def place_voters(conn: sqlite3.Connection, place: str) -> list[int]:
    """The active voters assigned to `place`, by id."""
    return [int(r[0]) for r in conn.execute(
        "SELECT id FROM voters WHERE place_code = ? AND status = 'active' ORDER BY id", (place,))]


def busiest_station(station_files: dict[str, str]) -> Path:
    """The station file with most voters assigned to its own place."""
    sizes = {}
    for code, path in station_files.items():
        with open_data_file(path, kind="station") as df:
            sizes[path] = len(place_voters(df.conn, code))
    return Path(max(sorted(sizes), key=lambda p: sizes[p]))


def issue_most(station: Path, share: float = 0.9, cap: int | None = None) -> int:
    """Open the poll and issue a ballot (through the poll book's own checks) to `share` of the place's voters.

    Ballots are issued in durable transactions of BATCH ballots, for speed; the rows are those of
    single issues. Returns how many ballots were issued.
    """
    with open_data_file(station, kind="station") as df:
        conn = df.conn
        place = station_place(conn)
        voters = place_voters(conn, place)
        chosen = voters[: int(len(voters) * share)][:cap]
        open_poll(conn, CHIEF)
        for start in range(0, len(chosen), BATCH):
            with durable_transaction(conn):
                for voter in chosen[start:start + BATCH]:
                    issue_in_transaction(conn, CLERK, place, BallotRequest(voter, None, "in_person"), None,
                                         system_clock)
    return len(chosen)

