"""Importing a register file into a district data file: checked rows only, all in one transaction.

Rows with any problem are not imported and are listed with the same problems a check reports.
The ID number is kept only as its keyed hash and masked form.
"""

from __future__ import annotations

import gc
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.audit import SYSTEM, append_event
from app.audit.log import HasActor
from app.db import transaction
from app.election.store import read_election
from app.errors import PollDeskError
from app.progress import Cancel, Progress, checkpoint
from app.register.changes import record_change
from app.register.checker import CheckedRow, CheckReport, Problem, check_rows
from app.register.context import load_context
from app.register.lookup_index import VoterRow, index_new_voters
from app.register.privacy import ensure_register_key
from app.register.reader import read_register

BATCH = 5000
BULK = 5000        # importing at least this many voters, and at least as many as there are: a bulk load


@dataclass
class ImportResult:
    """What an import did: rows read, imported, skipped, and why."""

    file: str
    rows: int
    imported: int
    households_created: int
    problems: list[Problem]
    # Where the time went, in seconds: reading the file, checking its rows, writing the voters (with the
    # register's indexes), the search index, and committing (for `polldesk bench` and the CLI's report)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def skipped(self) -> int:
        return self.rows - self.imported

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "rows": self.rows, "imported": self.imported, "skipped": self.skipped,
                "households_created": self.households_created, "problems": [p.as_dict() for p in self.problems],
                "seconds": {phase: round(value, 3) for phase, value in self.seconds.items()}}


def import_register(conn: sqlite3.Connection, path: Path | str, *, community: str | None = None,
                    actor: HasActor = SYSTEM, progress: Progress | None = None,
                    cancel: Cancel | None = None) -> ImportResult:
    """Read, check and import a register file (参选居民登记表) into the district file open on `conn`."""
    with _bulk_allocation():
        return _import(conn, Path(path), community, actor, progress, cancel)


def _import(conn: sqlite3.Connection, path: Path, community: str | None, actor: HasActor,
            progress: Progress | None, cancel: Cancel | None) -> ImportResult:
    clock = _Clock()
    table = read_register(path)
    clock.lap("read")
    election_day = _election_day(conn)
    total = 2 * len(table.rows)

    def check_progress(done: int, _total: int) -> None:
        if progress is not None:
            progress(done, total)

    with _large_cache(conn), transaction(conn):
        ensure_register_key(conn)
        context = load_context(conn, community)
        report = check_rows(table.rows, election_day, context, progress=check_progress, cancel=cancel)
        clock.lap("check")
        writer = _insert(conn, report, len(table.rows), total, progress, cancel)
        clock.lap("write")
        index_new_voters(conn, writer.index_rows)      # from the rows just written, not read back
        clock.lap("search_index")
        imported, households = len(writer.index_rows), writer.households_created
        note = f"{path.name}: {imported}/{len(table.rows)}"
        record_change(conn, "import", None, "import", note, actor.user)
        append_event(conn, actor, "register_imported", {"file": path.name, "rows": len(table.rows),
                                                        "imported": imported, "community": community or ""})
    clock.lap("commit")
    return ImportResult(path.name, len(table.rows), imported, households, report.problems, clock.laps)


class _Clock:
    """Seconds per phase, each lap from the end of the one before."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.laps[phase] = now - self._last
        self._last = now


def _election_day(conn: sqlite3.Connection) -> date:
    try:
        return read_election(conn).election_day
    except LookupError as exc:
        raise PollDeskError("no_election", "This data file holds no election yet: load the election first "
                            "(polldesk election load).") from exc


def _insert(conn: sqlite3.Connection, report: CheckReport, rows: int, total: int,
            progress: Progress | None, cancel: Cancel | None) -> VoterWriter:
    """Insert the clean rows in batches, reporting progress; the writer, holding what it wrote."""
    clean = [r for r in report.rows if not r.problems]
    writer = VoterWriter(conn)
    bulk = len(clean) >= BULK and len(clean) >= conn.execute("SELECT count(*) FROM voters").fetchone()[0]
    # cheaper to build the B-trees once, sorted
    indexes = _drop_indexes(conn, "voters") + _drop_indexes(conn, "households") if bulk else []
    for start in range(0, len(clean), BATCH):
        checkpoint(rows + round(start * rows / len(clean)), total, progress, cancel)
        writer.write(clean[start:start + BATCH])
    for sql in indexes:
        conn.execute(sql)
    checkpoint(total, total, progress, cancel)
    return writer


def _drop_indexes(conn: sqlite3.Connection, table: str) -> list[str]:
    """Drop a table's own indexes for a bulk load (inside the caller's transaction); their CREATE statements."""
    found = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
                         " AND sql IS NOT NULL", (table,)).fetchall()
    for name, _ in found:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in found]


@contextmanager
def _bulk_allocation() -> Iterator[None]:
    """No cyclic garbage collection while an import builds its rows: they are long-lived and acyclic, and
    collections triggered by their sheer number rescan all of them (a third of the checking time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _large_cache(conn: sqlite3.Connection) -> Iterator[None]:
    """A page cache big enough for the id_hash index: random keys in a 2 MB cache spill to disk mid-import."""
    before = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute("PRAGMA cache_size = -262144")   # at most 256 MiB, used only as pages are touched
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {int(before)}")


class VoterWriter:
    """Writes checked rows without problems as voters, creating households by 户号 on the way."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.households = {(r[0], r[1]): r[2] for r in conn.execute(
            "SELECT community_code, number, id FROM households")}
        self.group_ids = {(r[0], r[1]): r[2] for r in conn.execute(
            "SELECT community_code, number, id FROM resident_groups")}
        self.group_names = {r[0]: r[1] for r in conn.execute("SELECT id, name FROM resident_groups")}
        self.places = _place_of_group(conn)
        self.next_household = int(conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM households").fetchone()[0])
        self.next_voter = int(conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM voters").fetchone()[0])
        self.households_created = 0
        self.index_rows: list[VoterRow] = []      # each voter written, as the search index reads it

    def write(self, rows: list[CheckedRow]) -> None:
        """Insert `rows` (inside the caller's transaction)."""
        voters: list[tuple[object, ...]] = []
        new_households: list[tuple[object, ...]] = []
        group_ids, households, places, group_names = self.group_ids, self.households, self.places, self.group_names
        index_rows, voter_id = self.index_rows, self.next_voter
        next_household = self.next_household
        for row in rows:
            number, community, group = row.id_number, row.community, row.group
            if row.problems or number is None or community is None or group is None:
                raise ValueError(f"row {row.number} has problems and cannot be inserted")
            group_id = group_ids[(community, group)]
            household, household_id = row.household, None
            if household:
                household_id = households.get((community, household))
                if household_id is None:
                    household_id = households[(community, household)] = next_household
                    new_households.append((household_id, community, group_id, household, row.address))
                    next_household += 1
            n = number.number
            born = row.birth_date.isoformat() if row.birth_date is not None else number.birth_date.isoformat()
            masked, place = n[:6] + "********" + n[14:], places.get(group_id)     # mask(n)
            voters.append((voter_id, community, group_id, household_id, row.name, "M" if n[16] in "13579" else "F",
                           born, row.id_hash, masked, row.ethnicity, row.category, row.address, place))
            index_rows.append((voter_id, community, row.name, born, masked, household if household_id else "",
                               group_id, group_names.get(group_id, ""), place, 0))
            voter_id += 1
        self.next_household = next_household
        self.conn.executemany("INSERT INTO households(id, community_code, group_id, number, address)"
                              " VALUES (?,?,?,?,?)", new_households)
        self.conn.executemany(_INSERT_VOTER, voters)
        self.next_voter = voter_id
        self.households_created += len(new_households)


_INSERT_VOTER = ("INSERT INTO voters(id, community_code, group_id, household_id, name, sex, birth_date, id_hash,"
                 " id_masked, ethnicity, category, address, place_code) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")


def _place_of_group(conn: sqlite3.Connection) -> dict[int, str]:
    """The fixed voting place (central venue or station) of each resident group served by exactly one."""
    found: dict[int, list[str]] = {}
    for group_id, code in conn.execute(
            "SELECT pg.group_id, p.code FROM place_groups pg JOIN voting_places p ON p.code = pg.place_code"
            " WHERE p.kind != 'mobile'"):
        found.setdefault(group_id, []).append(code)
    return {g: codes[0] for g, codes in found.items() if len(codes) == 1}
