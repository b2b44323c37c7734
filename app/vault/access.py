"""Who may unlock an encrypted data file (授权): add, revoke, change a password, rotate the file key.

These are the key-file halves of app.auth's user actions; app.auth checks roles first, then calls them
(add_user / reset_password -> grant_access, remove_user -> revoke_access, change_password ->
change_password). Revoking deletes the user's entry and, by default, rotates the file key with
`PRAGMA rekey`: a revoked user who kept an old copy of the key file cannot open the file's later
states. The rotation is crash-safe: the new key is first sealed for everyone beside the old one.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.db import DataFile
from app.errors import DataFileError, PollDeskError
from app.vault import keyfile


def _require_encrypted(df: DataFile) -> bytes:
    if df.file_key is None:
        raise PollDeskError("not_encrypted", "{path} is not encrypted; it has no keys to manage.", path=str(df.path))
    return df.file_key


def grant_access(df: DataFile, user: str, password: str) -> None:
    """Let `user` unlock the open file with `password` (a new user, or a new password for a forgotten one)."""
    file_key = _require_encrypted(df)
    doc = keyfile.read_keys(df.path)
    keyfile.grant(doc, file_key, user, password)
    keyfile.write_keys(df.path, doc)


def revoke_access(df: DataFile, user: str, *, rotate: bool = True) -> None:
    """Delete `user`'s entry; with `rotate` (the default) the file is re-encrypted under a new key."""
    _require_encrypted(df)
    doc = keyfile.read_keys(df.path)
    if keyfile.normal_user(user) not in doc["users"]:
        raise PollDeskError("no_key_entry", "{user} cannot unlock {path} anyway; nothing to revoke.",
                            user=user, path=str(df.path))
    if len(doc["users"]) == 1 and "recovery" not in doc:
        raise PollDeskError("last_key_holder", "{user} is the only one who can unlock {path}; add another user "
                            "before revoking this one.", user=user, path=str(df.path))
    keyfile.revoke(doc, user)
    keyfile.write_keys(df.path, doc)
    if rotate:
        rotate_file_key(df)


def change_password(path: Path | str, user: str, old_password: str, new_password: str) -> None:
    """Re-wrap `user`'s entry under a new password; the data file itself is not touched (no re-encryption)."""
    doc = keyfile.read_keys(path)
    if not keyfile.rewrap(doc, user, old_password, new_password):
        raise DataFileError("unlock_refused", "The name or password does not open {path}. Nothing was opened.",
                            path=str(path))
    keyfile.write_keys(path, doc)


def rotate_file_key(df: DataFile) -> None:
    """Re-encrypt the open file under a new random key and seal it for every remaining user and recovery."""
    _require_encrypted(df)
    new_key = os.urandom(32)
    doc = keyfile.read_keys(df.path)
    keyfile.begin_rotation(doc, new_key)
    keyfile.write_keys(df.path, doc)          # a crash from here on is finished by the next open
    df.conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
    keyfile.finish_rotation(doc, new_key)
    keyfile.write_keys(df.path, doc)
    df.file_key = new_key


def key_holders(path: Path | str) -> list[str]:
    """The users who can unlock a data file (read from its key file, without unlocking it)."""
    return sorted(keyfile.read_keys(path)["users"])
