"""Backup files on a folder (备份文件): their names, what each holds, and which to keep.

A backup is named `<place>-<YYYYMMDD-HHMMSS>-<seq>.polldesk.bak` (`district` for the district file),
e.g. `C02-Z-20110410-093000-0007.polldesk.bak`: a clerk can read the place and time, and the
sequence number orders a place's backups even if the laptop's clock was set back.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

SUFFIX = ".polldesk.bak"
TEMP_SUFFIX = ".tmp"
DISTRICT_PLACE = "district"
_NAME = re.compile(r"^(?P<place>.+)-(?P<stamp>\d{8}-\d{6})-(?P<seq>\d{4,})" + re.escape(SUFFIX) + "$")


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: its name's place, time and number, and what the copy itself says it holds."""

    path: Path
    place: str
    time: datetime
    seq: int
    size: int
    election_id: str | None = None
    kind: str | None = None
    place_code: str | None = None
    poll_state: str | None = None
    ballots: int | None = None
    audit_entries: int | None = None
    readable: bool = True

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `polldesk backup list --json`."""
        return {"file": self.path.name, "path": str(self.path), "place": self.place,
                "time": self.time.isoformat(timespec="seconds"), "seq": self.seq, "size": self.size,
                "election_id": self.election_id, "kind": self.kind, "place_code": self.place_code,
                "poll_state": self.poll_state, "ballots": self.ballots, "audit_entries": self.audit_entries,
                "readable": self.readable}


def backup_name(place: str, when: datetime, seq: int) -> str:
    """The file name of a place's backup number `seq` taken at `when`."""
    return f"{place}-{when.strftime('%Y%m%d-%H%M%S')}-{seq:04d}{SUFFIX}"


def parse_name(path: Path) -> tuple[str, datetime, int] | None:
    """(place, time, seq) from a backup's file name, or None for any other file."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    return match["place"], datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S"), int(match["seq"])


def next_seq(folder: Path, place: str) -> int:
    """The number the next backup of `place` in `folder` gets (1 + the highest there)."""
    numbers = [parsed[2] for p in folder.glob(f"*{SUFFIX}")
               if (parsed := parse_name(p)) is not None and parsed[0] == place]
    return max(numbers, default=0) + 1


def list_backups(folder: Path | str, place: str | None = None) -> list[BackupInfo]:
    """The backups in `folder` (optionally of one place), by place then number, each with its contents read."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(f"*{SUFFIX}"):
        parsed = parse_name(path)
        if parsed is None or (place is not None and parsed[0] != place):
            continue
        found.append(describe(path, *parsed))
    return sorted(found, key=lambda b: (b.place, b.seq))


def describe(path: Path, place: str, time: datetime, seq: int) -> BackupInfo:
    """What a backup holds, read without changing it (an unreadable copy is marked so, not raised)."""
    size = path.stat().st_size
    try:
        facts = read_facts(path)
    except sqlite3.Error:
        return BackupInfo(path, place, time, seq, size, readable=False)
    return BackupInfo(path, place, time, seq, size, **facts)


def read_facts(path: Path) -> dict[str, Any]:
    """Election, kind, place, poll state, ballots and audit entries of a data file, opened read-only."""
    # A read-only look at a finished copy; app.db opens data files for use (with WAL and migrations,
    # which would write to the USB stick), so this one peek goes to SQLite directly.
    conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
    try:
        meta = dict(conn.execute("SELECT key, value FROM file_meta").fetchall())
        ballots = audit = None
        state = None
        if _has_table(conn, "issuances"):
            ballots = int(conn.execute("SELECT COUNT(*) FROM issuances").fetchone()[0])
        if _has_table(conn, "audit_log"):
            audit = int(conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0])
        if _has_table(conn, "poll_state_changes"):
            row = conn.execute("SELECT state FROM poll_state_changes ORDER BY seq DESC LIMIT 1").fetchone()
            state = str(row[0]) if row else "setup"
    finally:
        conn.close()
    return {"election_id": meta.get("election_id"), "kind": meta.get("kind"), "place_code": meta.get("place_code"),
            "poll_state": state, "ballots": ballots, "audit_entries": audit}


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
    return row is not None


def prune(folder: Path, place: str, election_id: str, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups of this election's `place`; returns the files deleted.

    Backups of another election (a test run on the same stick) and copies that cannot be read are
    left alone: they are not this place's to judge.
    """
    ours = [b for b in list_backups(folder, place) if b.readable and b.election_id == election_id]
    doomed = [b.path for b in ours[:max(0, len(ours) - keep)]]
    for path in doomed:
        path.unlink(missing_ok=True)
    for stale in folder.glob(f".{place}-*{SUFFIX}{TEMP_SUFFIX}"):
        stale.unlink(missing_ok=True)      # left by a backup cut off half-way (stick pulled, power cut)
    return doomed


def fsync_file(path: Path) -> None:
    """Flush a written file to the device."""
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handle to flush."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
