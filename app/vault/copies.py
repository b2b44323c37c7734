"""Copies of an encrypted data file stay encrypted (副本加密): backup targets, key files beside copies, conversion.

A backup of an encrypted file (`conn.backup`) must go to a connection keyed with the same file key,
and the copy needs the key file beside it to be opened by the same users (or the recovery key).
`encrypt_data_file` turns an existing unencrypted file into an encrypted one (SQLCipher's export).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import cast

from app.db import DataFile, open_data_file
from app.db.datafile import analyze, cipher_connect
from app.errors import DataFileError
from app.vault import keyfile


def backup_target(df: DataFile, dest: Path | str) -> sqlite3.Connection:
    """A bare connection to `dest` for `df.conn.backup(...)`: keyed with `df`'s key when `df` is encrypted."""
    if df.file_key is None:
        return sqlite3.connect(str(dest), isolation_level=None)
    return cipher_connect(dest, df.file_key)


def copy_keys(df: DataFile, dest: Path | str) -> Path | None:
    """Write `df`'s key file beside a copy at `dest` (None for an unencrypted file, which has none)."""
    if df.file_key is None:
        return None
    return keyfile.write_keys(dest, keyfile.read_keys(df.path))


def encrypt_data_file(path: Path | str, *, encrypt_for: Sequence[tuple[str, str]],
                      recovery_public_key: bytes | None = None) -> None:
    """Encrypt an existing unencrypted data file in place (no program may have it open).

    The old file's disk blocks are not wiped by the rename: files that will hold personal data
    should be created encrypted in the first place.
    """
    path = Path(path)
    if keyfile.is_encrypted(path):
        raise DataFileError("already_encrypted", "{path} is already encrypted.", path=str(path))
    with open_data_file(path) as df:            # checks it is a data file and upgrades its schema
        meta = (df.kind, df.election_id, df.place_code)
        version = int(df.conn.execute("PRAGMA user_version").fetchone()[0])
    file_key = os.urandom(32)
    temp = path.with_name(f".{path.name}.encrypting")
    temp.unlink(missing_ok=True)
    source = _plain_cipher_connection(path)
    try:
        source.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{file_key.hex()}'\"", (str(temp),))
        source.execute("SELECT sqlcipher_export('encrypted')")
        source.execute(f"PRAGMA encrypted.user_version = {version}")
        analyze(source, "encrypted")      # the export leaves the planner's statistics behind
        source.execute("DETACH DATABASE encrypted")
    finally:
        source.close()
    doc = keyfile.new_keys(file_key, election_id=meta[1], kind=meta[0], place_code=meta[2],
                           users=list(encrypt_for), recovery_public_key=recovery_public_key)
    keyfile.write_keys(path, doc)
    os.replace(temp, path)
    for leftover in ("-wal", "-shm"):
        path.with_name(path.name + leftover).unlink(missing_ok=True)


def _plain_cipher_connection(path: Path) -> sqlite3.Connection:
    """A SQLCipher connection to an unencrypted file (SQLCipher reads plain files when given no key)."""
    from sqlcipher3 import dbapi2

    conn = dbapi2.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    return cast(sqlite3.Connection, conn)     # the same DB-API as sqlite3's, under its own class
