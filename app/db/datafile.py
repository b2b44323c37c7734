"""Opening a data file: pragmas, schema version, and which election and place it belongs to.

Every data file is opened here and nowhere else. A file is bound at creation to one election
(`election_id`) and one place (`kind` = "district" or "station", with `place_code` for a station);
opening it for another election is refused, as is a file written by a newer program.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from app import __version__
from app.db import migrations
from app.errors import DataFileError

KINDS = ("district", "station")


@dataclass
class DataFile:
    """An open data file and what it belongs to."""

    path: Path
    conn: sqlite3.Connection
    kind: str
    election_id: str
    place_code: str | None

    @property
    def db(self) -> sqlite_utils.Database:
        """The same connection through sqlite-utils."""
        return sqlite_utils.Database(self.conn)

    def close(self) -> None:
        """Close the connection (checkpointing the WAL)."""
        self.conn.close()

    def __enter__(self) -> DataFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect(path: Path | str) -> sqlite3.Connection:
    """A connection with PollDesk's pragmas: WAL, synchronous=FULL, foreign keys."""
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=10.0)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=10000")
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One all-or-nothing write: BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def create_data_file(
    path: Path | str, *, kind: str, election_id: str, place_code: str | None = None
) -> DataFile:
    """Create a new data file bound to one election and one place or the district office."""
    path = Path(path)
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    if (kind == "station") != (place_code is not None):
        raise ValueError("a station file needs a place code; a district file has none")
    if path.exists():
        raise DataFileError("file_exists", "The file {path} already exists.", path=str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = connect(path)
    with transaction(conn):
        _migrate(conn, 0)
        meta = {"kind": kind, "election_id": election_id, "app_version": __version__}
        if place_code is not None:
            meta["place_code"] = place_code
        conn.executemany("INSERT INTO file_meta(key, value) VALUES (?, ?)", meta.items())
    return DataFile(path, conn, kind, election_id, place_code)


def open_data_file(
    path: Path | str, *, election_id: str | None = None, kind: str | None = None
) -> DataFile:
    """Open an existing data file, upgrading its schema; refuse a newer or foreign file."""
    path = Path(path)
    if not path.is_file():
        raise DataFileError("file_missing", "The data file {path} does not exist.", path=str(path))
    try:
        conn = connect(path)
    except sqlite3.DatabaseError as exc:
        raise DataFileError(
            "not_a_data_file", "{path} is not a PollDesk data file.", path=str(path)
        ) from exc
    try:
        return _checked(path, conn, election_id, kind)
    except BaseException:
        conn.close()
        raise


def _checked(
    path: Path, conn: sqlite3.Connection, election_id: str | None, kind: str | None
) -> DataFile:
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        has_meta = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='file_meta'"
        ).fetchone()
    except sqlite3.DatabaseError as exc:
        raise DataFileError(
            "not_a_data_file", "{path} is not a PollDesk data file.", path=str(path)
        ) from exc
    if not has_meta or version == 0:
        raise DataFileError("not_a_data_file", "{path} is not a PollDesk data file.", path=str(path))
    if version > migrations.LATEST_VERSION:
        raise DataFileError(
            "file_too_new",
            "{path} was written by a newer version of PollDesk (schema {found}, this program knows "
            "{known}). Install the newer version to open it.",
            path=str(path), found=version, known=migrations.LATEST_VERSION,
        )
    if version < migrations.LATEST_VERSION:
        with transaction(conn):
            _migrate(conn, version)
    meta = dict(conn.execute("SELECT key, value FROM file_meta").fetchall())
    if election_id is not None and meta.get("election_id") != election_id:
        raise DataFileError(
            "other_election",
            "{path} belongs to another election; it cannot be used here.", path=str(path),
        )
    if kind is not None and meta.get("kind") != kind:
        raise DataFileError(
            "wrong_kind", "{path} is a {found} file, not a {wanted} file.",
            path=str(path), found=meta.get("kind"), wanted=kind,
        )
    return DataFile(path, conn, meta["kind"], meta["election_id"], meta.get("place_code"))


def _migrate(conn: sqlite3.Connection, current: int) -> None:
    """Run every pending step inside the caller's transaction (all or nothing)."""
    for step in migrations.pending_steps(current):
        step.apply(conn)
        conn.execute(f"PRAGMA user_version={step.version}")
