"""A station's result package (投票站结果数据包): the poll book and count, signed, written safely, verified.

Only append-only tables are exported (events keyed by place and sequence number, the audit log); the
district derives current state from them, so a later package simply repeats and extends an earlier one.

Every table is sealed to the district's sealing key (see package.py): the poll book names voters by id,
the audit log and poll states name clerks, ballots may carry write-in names. Without the district's key
(from the setup package) no package is written.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from app.audit import SYSTEM, append_event, chain_head, system_clock
from app.audit.log import Clock, HasActor
from app.auth import require
from app.db import DataFile, transaction
from app.errors import PollDeskError
from app.exchange.keys import ensure_station_key, fingerprint, station_sealing_key
from app.exchange.package import Package, TableData, build_package, write_atomically
from app.exchange.reader import read_package
from app.exchange.rows import key_columns, read_rows, table_exists

# The station tables a result package carries, when the file has them, and which of their rows. Every
# row sent must never change afterwards: the district keeps the union and refuses a row that changed.
# So counting goes out only for certified contests (read-only from then on, by 60_counting.sql's
# triggers); a count still in progress stays at the station.
_CERTIFIED = "contest_id IN (SELECT contest_id FROM certified_results)"
# A further round (另行选举) is created at the station: its contest, positions and candidates go out so that
# the district learns the contest its poll book and count name (checked by row_checks.check_further_rounds).
_FURTHER_ROUND = "contest_id IN (SELECT id FROM contests WHERE round > 1)"
RESULT_TABLES: dict[str, str] = {
    "contests": "round > 1",
    "positions": _FURTHER_ROUND,
    "candidates": _FURTHER_ROUND,
    "poll_state_changes": "1",
    "issuance_events": "1",
    "count_boxes": _CERTIFIED,
    "counted_ballots": _CERTIFIED,
    "certified_results": "1",
    "audit_log": "1",
}


def safe_file_part(text: str) -> str:
    """Text fit for a file name on any USB stick."""
    return re.sub(r"[^A-Za-z0-9_.\-]", "_", text)[:60] or "_"


def export_station_package(station: DataFile, folder: Path | str, *, session: HasActor | None = None,
                           clock: Clock = system_clock) -> Path:
    """Write the next result package into `folder` and read it back verified; only then is it safe to unplug."""
    if session is not None:
        require(session, "export_package")
    if station.kind != "station" or station.place_code is None:
        raise PollDeskError("not_a_station", "Only a station's data file can export a result package.")
    conn = station.conn
    seal_to = station_sealing_key(conn)
    if seal_to is None:
        raise PollDeskError("no_district_sealing_key", "This station file lacks the district's key that protects the "
                            "voters' data in a package, so no package can be written. Make the station file from "
                            "the district's setup package.")
    public_key = ensure_station_key(conn)
    created = clock()
    with transaction(conn):
        sequence = int(conn.execute("SELECT COALESCE(MAX(sequence), 0) + 1 FROM exchange_exports").fetchone()[0])
        conn.execute("INSERT INTO exchange_exports(sequence, created) VALUES (?, ?)",
                     (sequence, created.isoformat(timespec="seconds")))
        row = conn.execute("SELECT mode FROM election").fetchone()
        if row is None:
            raise PollDeskError("no_election", "This data file holds no election yet.")
        tables = {t: TableData(key_columns(conn, t), read_rows(conn, t, where)) for t, where in RESULT_TABLES.items()
                  if table_exists(conn, t)}
        head = chain_head(conn)
        setup = conn.execute("SELECT fingerprint FROM exchange_district_key").fetchone()
    extra: dict[str, object] = {"audit_head": list(head)}
    if setup is not None:   # the district whose setup this station runs: another district's office refuses it
        extra["district_fingerprint"] = setup["fingerprint"]
    data = build_package(conn, kind="station-result", election_id=station.election_id, mode=row["mode"],
                         place_code=station.place_code, sequence=sequence, created=created, tables=tables,
                         extra=extra, seal_to=seal_to)
    name = f"{safe_file_part(station.election_id)}_{safe_file_part(station.place_code)}_result_{sequence:04d}.zip"
    path = write_atomically(Path(folder), name, data)
    package = _read_back(path, data)
    if package.public_key != public_key or package.sequence != sequence:
        raise PollDeskError("export_not_verified", "The package written to {path} could not be read back "
                            "correctly. Use another USB stick and export again.", path=str(path))
    with transaction(conn):
        conn.execute("UPDATE exchange_exports SET file = ?, digest = ? WHERE sequence = ?",
                     (path.name, package.digest, sequence))
        append_event(conn, session or SYSTEM, "package_exported",
                     {"file": path.name, "package_id": package.package_id, "sequence": sequence,
                      "fingerprint": fingerprint(public_key), "tables": sorted(tables)}, clock=clock)
    return path


def _read_back(path: Path, written: bytes) -> Package:
    """The package as read back from the device (the page cache dropped first where the system allows)."""
    _drop_cached_pages(path)
    stored = path.read_bytes()
    if hashlib.sha256(stored).digest() != hashlib.sha256(written).digest():
        raise PollDeskError("export_not_verified", "The package written to {path} could not be read back "
                            "correctly. Use another USB stick and export again.", path=str(path))
    return read_package(stored)


def _drop_cached_pages(path: Path) -> None:
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        advise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)

