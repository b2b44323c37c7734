"""Opening a data file: pragmas, schema version, and which election and place it belongs to.

Every data file is opened here and nowhere else. A file is bound at creation to one election
(`election_id`) and one place (`kind` = "district" or "station", with `place_code` for a station);
opening it for another election is refused, as is a file written by a newer program.

A file may be encrypted at rest (SQLCipher, a random 256-bit key per file): it is created with
`encrypt_for=[(user, password), ...]` and opened with `unlock=Unlock(...)`; its key file
`<file>.keys` beside it says who may unlock it (format in app/vault/keyfile.py). Unencrypted files
are opened exactly as before, through the standard sqlite3 module.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, cast

from app import __version__
from app.db import migrations
from app.errors import DataFileError
from app.i18n import tr
from app.vault import keyfile
from app.vault.keyfile import Unlock


def _import_cipher() -> ModuleType | None:
    try:
        from sqlcipher3 import dbapi2
    except ImportError:  # pragma: no cover - a missing dependency only matters for encrypted files
        return None
    return dbapi2


_cipher = _import_cipher()

if TYPE_CHECKING:
    import sqlite_utils

KINDS = ("district", "station")
_SQLITE_HEADER = b"SQLite format 3\x00"

# What a connection to either kind of file may raise: use these in `except` and `pytest.raises`,
# since SQLCipher's exception classes are not subclasses of sqlite3's.
def _both(name: str) -> tuple[type[Exception], ...]:
    return (getattr(sqlite3, name), *((getattr(_cipher, name),) if _cipher is not None else ()))


SQL_ERROR = _both("Error")
SQL_DATABASE_ERROR = _both("DatabaseError")
SQL_INTEGRITY_ERROR = _both("IntegrityError")
SQL_OPERATIONAL_ERROR = _both("OperationalError")

CIPHER_CACHE_KIB = 65536

_default_users: list[tuple[str, str]] | None = None
_default_recovery: bytes | None = None


@dataclass
class DataFile:
    """An open data file and what it belongs to."""

    path: Path
    conn: sqlite3.Connection
    kind: str
    election_id: str
    place_code: str | None
    file_key: bytes | None = field(default=None, repr=False)

    @property
    def encrypted(self) -> bool:
        """Whether the file is encrypted at rest."""
        return self.file_key is not None

    @property
    def db(self) -> sqlite_utils.Database:
        """The same connection through sqlite-utils."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    def close(self) -> None:
        """Close the connection (checkpointing the WAL)."""
        self.conn.close()

    def __enter__(self) -> DataFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def kind_word(kind: object) -> str:
    """A file kind in the user's language: a station's or the district office's."""
    words = {"station": tr("polling station"), "district": tr("district office")}
    return words.get(str(kind), str(kind))


def connect(path: Path | str, key: bytes | None = None) -> sqlite3.Connection:
    """A connection with PollDesk's pragmas: WAL, synchronous=FULL, foreign keys; SQLCipher when keyed."""
    if key is None:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=10.0)
        conn.row_factory = sqlite3.Row
    else:
        conn = cipher_connect(path, key)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=10000")
    return conn


def cipher_connect(path: Path | str, key: bytes) -> sqlite3.Connection:
    """A SQLCipher connection keyed with raw 256-bit `key` (no pragmas yet); refused if the key is wrong."""
    if _cipher is None:
        raise DataFileError("encryption_unavailable", "This installation cannot open encrypted data files "
                            "(the sqlcipher3 module is missing). Reinstall PollDesk.")
    conn = _cipher.connect(str(path), isolation_level=None, check_same_thread=False, timeout=10.0)
    try:
        conn.row_factory = _cipher.Row
        conn.execute("PRAGMA cipher_log_level = NONE")   # a wrong key is reported by us, not on stderr
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        # Pages are decrypted when read into SQLite's own cache: keep more of them there than the
        # default 2 MiB, so that repeated lookups do not decrypt the same pages again.
        conn.execute(f"PRAGMA cache_size = -{CIPHER_CACHE_KIB}")
    except _cipher.DatabaseError as exc:
        conn.close()
        raise DataFileError("wrong_key", "The key file {keys} does not open {path}: they do not belong "
                            "together. Nothing was opened.", keys=str(keyfile.keys_path(path)),
                            path=str(path)) from exc
    return cast(sqlite3.Connection, conn)


def analyze(conn: sqlite3.Connection, target: str = "") -> None:
    """Refresh the query planner's statistics (ANALYZE `target`), keeping only the basic ones (sqlite_stat1).

    SQLCipher's SQLite is built with STAT4, whose samples make it prepare a statement again for every
    new set of bound values (a lookup cost 4x its unencrypted figure). Its sqlite_stat4 rows are
    deleted, so connections opened afterwards plan from the same figures for both kinds of file.
    """
    conn.execute(f"ANALYZE {target}".strip())
    for name in [row[1] for row in conn.execute("PRAGMA database_list")]:
        if name.isidentifier() and conn.execute(
                f"SELECT 1 FROM {name}.sqlite_master WHERE name = 'sqlite_stat4'").fetchone():
            conn.execute(f"DELETE FROM {name}.sqlite_stat4")


def attach_data_file(conn: sqlite3.Connection, alias: str, other: DataFile) -> None:
    """ATTACH another open data file to `conn` under `alias`, with that file's own key (or none)."""
    if not alias.isidentifier():
        raise ValueError("an attached database needs a plain name")
    plain_conn = isinstance(conn, sqlite3.Connection)
    if other.file_key is None:
        key = "" if plain_conn else " KEY ''"
    elif plain_conn:
        raise ValueError("an unencrypted file's connection cannot attach an encrypted file")
    else:
        key = f" KEY \"x'{other.file_key.hex()}'\""
    conn.execute(f"ATTACH DATABASE ? AS {alias}{key}", (str(other.path),))


def use_encryption_by_default(users: Sequence[tuple[str, str]] | None,
                              recovery_public_key: bytes | None = None) -> None:
    """Encrypt every new file for `users` and unlock as the first of them when no unlock is given (test runs).

    `None` switches it off. The application itself passes `encrypt_for` and `unlock` explicitly.
    """
    global _default_users, _default_recovery
    _default_users = list(users) if users else None
    _default_recovery = recovery_public_key


def unlocks_by_default() -> bool:
    """Whether files open without an unlock (test runs under use_encryption_by_default)."""
    return _default_users is not None


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
    path: Path | str, *, kind: str, election_id: str, place_code: str | None = None,
    encrypt_for: Sequence[tuple[str, str]] | None = None, recovery_public_key: bytes | None = None,
) -> DataFile:
    """Create a new data file bound to one election and one place or the district office.

    With `encrypt_for` (user, password pairs) the file is encrypted with a new random key, wrapped for
    each user and, given `recovery_public_key`, for the district's recovery key in `<file>.keys`.
    """
    path = Path(path)
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    if (kind == "station") != (place_code is not None):
        raise ValueError("a station file needs a place code; a district file has none")
    if encrypt_for is None and _default_users is not None:
        encrypt_for, recovery_public_key = _default_users, recovery_public_key or _default_recovery
    if encrypt_for is not None and not encrypt_for and recovery_public_key is None:
        raise ValueError("an encrypted file needs at least one user or a recovery key")
    if path.exists() or keyfile.keys_path(path).exists():
        raise DataFileError("file_exists", "The file {path} already exists.", path=str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    file_key = None
    if encrypt_for is not None:
        file_key = os.urandom(32)
        keyfile.write_keys(path, keyfile.new_keys(
            file_key, election_id=election_id, kind=kind, place_code=place_code, users=list(encrypt_for),
            recovery_public_key=recovery_public_key))
    try:
        conn = connect(path, file_key)
        with transaction(conn):
            _migrate(conn, 0)
            meta = {"kind": kind, "election_id": election_id, "app_version": __version__}
            if place_code is not None:
                meta["place_code"] = place_code
            conn.executemany("INSERT INTO file_meta(key, value) VALUES (?, ?)", meta.items())
    except BaseException:
        if file_key is not None:     # never leave a key file without its data file, or the reverse
            for leftover in (path, keyfile.keys_path(path), path.with_name(path.name + "-wal"),
                             path.with_name(path.name + "-shm")):
                leftover.unlink(missing_ok=True)
        raise
    return DataFile(path, conn, kind, election_id, place_code, file_key)


def open_data_file(
    path: Path | str, *, election_id: str | None = None, kind: str | None = None,
    unlock: Unlock | None = None,
) -> DataFile:
    """Open an existing data file, upgrading its schema; refuse a newer or foreign file.

    An encrypted file (one with a key file) needs `unlock`: a user's name and password or the
    district's recovery key. A wrong one opens nothing and raises DataFileError.
    """
    path = Path(path)
    if not path.is_file():
        raise DataFileError("file_missing", "The data file {path} does not exist.", path=str(path))
    file_key = None
    if keyfile.is_encrypted(path):
        file_key = _unlock(path, election_id, kind, unlock)
    elif not _looks_like_sqlite(path):
        raise DataFileError("not_a_data_file", "{path} is not a PollDesk data file, or it is encrypted and its "
                            "key file {keys} is missing.", path=str(path), keys=str(keyfile.keys_path(path)))
    try:
        conn = connect(path, file_key)
    except SQL_DATABASE_ERROR as exc:
        raise DataFileError(
            "not_a_data_file", "{path} is not a PollDesk data file.", path=str(path)
        ) from exc
    try:
        df = _checked(path, conn, election_id, kind)
    except BaseException:
        conn.close()
        raise
    df.file_key = file_key
    return df


def _looks_like_sqlite(path: Path) -> bool:
    """A plain SQLite file starts with its magic header (an empty file is left to SQLite to judge)."""
    with path.open("rb") as f:
        head = f.read(len(_SQLITE_HEADER))
    return not head or head == _SQLITE_HEADER


def _unlock(path: Path, election_id: str | None, kind: str | None, unlock: Unlock | None) -> bytes:
    """The file key of an encrypted file, checked against its data; finishes a cut-off key rotation."""
    doc = keyfile.read_keys(path)
    if election_id is not None and doc["election_id"] != election_id:
        raise DataFileError("other_election", "{path} belongs to another election; it cannot be used here.",
                            path=str(path))
    if kind is not None and doc.get("kind") != kind:
        raise DataFileError("wrong_kind", "{path} is a {found} file, not a {wanted} file.",
                            path=str(path), found=kind_word(doc.get("kind")), wanted=kind_word(kind))
    if unlock is None and _default_users is not None:
        unlock = Unlock.with_password(*_default_users[0])
    if unlock is None:
        raise DataFileError("file_locked", "{path} is encrypted. Give your user name and password to open it.",
                            path=str(path))
    candidates = keyfile.file_keys(doc, unlock, path)
    for number, key in enumerate(candidates):
        try:
            cipher_connect(path, key).close()
        except DataFileError:
            if number + 1 < len(candidates):
                continue
            raise
        if number > 0:     # a rotation was cut off after the data was re-keyed: finish it
            keyfile.finish_rotation(doc, key)
            keyfile.write_keys(path, doc)
        elif "next" in doc:  # ... or before: the data kept its key, forget the unused next one
            del doc["next"]
            keyfile.write_keys(path, doc)
        return key
    raise AssertionError("unreachable")


def _checked(
    path: Path, conn: sqlite3.Connection, election_id: str | None, kind: str | None
) -> DataFile:
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        has_meta = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='file_meta'"
        ).fetchone()
    except SQL_DATABASE_ERROR as exc:
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
            path=str(path), found=kind_word(meta.get("kind")), wanted=kind_word(kind),
        )
    return DataFile(path, conn, meta["kind"], meta["election_id"], meta.get("place_code"))


def _migrate(conn: sqlite3.Connection, current: int) -> None:
    """Run every pending step inside the caller's transaction (all or nothing)."""
    for step in migrations.pending_steps(current):
        step.apply(conn)
        conn.execute(f"PRAGMA user_version={step.version}")
