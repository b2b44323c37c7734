"""Backup files on a folder (备份文件): their names, what each holds, and which to keep.

A backup is named `<place>-<YYYYMMDD-HHMMSS>-<seq>.polldesk.bak` (`district` for the district file),
e.g. `C02-Z-20110410-093000-0007.polldesk.bak`: a clerk can read the place and time, and the
sequence number orders a place's backups even if the laptop's clock was set back.

An encrypted backup has its key file beside it (`<backup>.keys`). Its election, kind and place are
read from the key file, without unlocking (enough to prune); with an `unlock` the copy itself is
read too (poll state, ballots, audit entries).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

from app.db import SQL_ERROR
from app.errors import DataFileError
from app.vault import keyfile
from app.vault.keyfile import Unlock

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
    encrypted: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `polldesk backup list --json`."""
        return {"file": self.path.name, "path": str(self.path), "place": self.place,
                "time": self.time.isoformat(timespec="seconds"), "seq": self.seq, "size": self.size,
                "election_id": self.election_id, "kind": self.kind, "place_code": self.place_code,
                "poll_state": self.poll_state, "ballots": self.ballots, "audit_entries": self.audit_entries,
                "readable": self.readable, "encrypted": self.encrypted}


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


def list_backups(folder: Path | str, place: str | None = None, *, unlock: Unlock | None = None) -> list[BackupInfo]:
    """The backups in `folder` (optionally of one place), by place then number, each with its contents read.

    Encrypted backups are described from their key files; with `unlock` their contents are read too.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = []
    keys = _FileKeys(unlock)
    for path in folder.glob(f"*{SUFFIX}"):
        parsed = parse_name(path)
        if parsed is None or (place is not None and parsed[0] != place):
            continue
        found.append(describe(path, *parsed, keys=keys))
    return sorted(found, key=lambda b: (b.place, b.seq))


def describe(path: Path, place: str, time: datetime, seq: int, *, keys: _FileKeys | None = None) -> BackupInfo:
    """What a backup holds, read without changing it (an unreadable copy is marked so, not raised)."""
    size = path.stat().st_size
    encrypted = keyfile.is_encrypted(path)
    try:
        facts = read_facts(path, keys=keys)
    except SQL_ERROR + (DataFileError,):
        return BackupInfo(path, place, time, seq, size, readable=False, encrypted=encrypted)
    return BackupInfo(path, place, time, seq, size, **facts, encrypted=encrypted)


def read_facts(path: Path, unlock: Unlock | None = None, *, keys: _FileKeys | None = None) -> dict[str, Any]:
    """Election, kind, place, poll state, ballots and audit entries of a data file, opened read-only.

    An encrypted file without `unlock` gives only what its key file says: election, kind and place.
    """
    keys = keys if keys is not None else _FileKeys(unlock)
    if not keyfile.is_encrypted(path):
        # A read-only look at a finished copy; app.db opens data files for use (with WAL and migrations,
        # which would write to the USB stick), so this one peek goes to SQLite directly.
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
        return _facts_of(conn)
    doc = keyfile.read_keys(path)
    clear = {"election_id": doc["election_id"], "kind": doc.get("kind"), "place_code": doc.get("place_code"),
             "poll_state": None, "ballots": None, "audit_entries": None}
    file_key = keys.of(doc, path)
    if file_key is None:
        return clear
    facts = _facts_of(_read_only_cipher(path, file_key))
    if (facts["election_id"], facts["kind"], facts["place_code"]) != (
            clear["election_id"], clear["kind"], clear["place_code"]):
        raise DataFileError("keys_mismatch", "The key file of {path} does not describe it.", path=str(path))
    return facts


def _facts_of(conn: sqlite3.Connection) -> dict[str, Any]:
    """Read a backup's facts from a read-only connection, then close it."""
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


def _read_only_cipher(path: Path, file_key: bytes) -> sqlite3.Connection:
    """A read-only SQLCipher connection to an encrypted backup (nothing is written to the stick)."""
    from sqlcipher3 import dbapi2

    conn = dbapi2.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{file_key.hex()}'\"")
    return cast(sqlite3.Connection, conn)     # the same DB-API as sqlite3's, under its own class


@dataclass
class _FileKeys:
    """File keys opened with one unlock, remembered by key entry: a stick's backups of one file share
    the same sealed key, so the password's (slow, by design) key derivation runs once, not per backup."""

    unlock: Unlock | None
    opened: dict[str, bytes | None] = field(default_factory=dict)

    def of(self, doc: dict[str, Any], path: Path) -> bytes | None:
        """The file key of the key file `doc` (None without an unlock or when it does not open it)."""
        if self.unlock is None:
            return None
        entry = doc.get("recovery") if self.unlock.recovery_key is not None else \
            doc["users"].get(keyfile.normal_user(self.unlock.user or ""))
        memo = json.dumps([doc["file_id"], doc["election_id"], doc.get("kind"), doc.get("place_code"), entry],
                          sort_keys=True)
        if memo not in self.opened:
            try:
                self.opened[memo] = keyfile.file_keys(doc, self.unlock, path)[0]
            except DataFileError:
                self.opened[memo] = None
        return self.opened[memo]


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
        keyfile.keys_path(path).unlink(missing_ok=True)
    for stale in folder.glob(f".{place}-*{SUFFIX}{TEMP_SUFFIX}"):
        stale.unlink(missing_ok=True)      # left by a backup cut off half-way (stick pulled, power cut)
    for keys in folder.glob(f"{place}-*{SUFFIX}{keyfile.SUFFIX}"):
        backup = keys.with_name(keys.name[:-len(keyfile.SUFFIX)])
        parsed = parse_name(backup)
        if parsed is not None and parsed[0] == place and not backup.exists():
            keys.unlink(missing_ok=True)   # a key file whose backup was never renamed into place
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
