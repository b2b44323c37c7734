"""The key file in step with the users table (用户与密钥同步): app.auth's user changes on an encrypted file.

Order, for every change (add a user, reset or change a password, remove a user):
1. the new key file is prepared in memory, before the write transaction (argon2 is slow);
2. BEGIN IMMEDIATE; the users row and the audit events are written;
3. the key file is written (temp -> fsync -> rename: all or nothing), still inside the transaction;
4. COMMIT. If COMMIT fails the previous key file is written back; if step 2 or 3 fails, ROLLBACK.
So when one of the two fails, neither changes. A crash between 3 and 4 (a few microseconds) leaves
the key file one change ahead of the users table: an added user who can unlock but not sign in yet,
a password that unlocks but does not sign in, a removed user who can no longer unlock. In each case
the chief repeats the action (add again, reset the password, remove again) and both agree again.
A removal then re-encrypts the file under a new key (after COMMIT, crash-safe on its own).
"""

from __future__ import annotations

import copy
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from app.db import DataFile
from app.errors import DataFileError, PollDeskError
from app.vault import keyfile
from app.vault.access import rotate_file_key


class KeyChange:
    """One change to an encrypted file's key file, prepared before the users table is written."""

    def __init__(self, df: DataFile) -> None:
        if df.file_key is None:
            raise ValueError("only an encrypted file has a key file")
        self.df, self.file_key = df, df.file_key
        self.before = keyfile.read_keys(df.path)
        self.after: dict[str, Any] = copy.deepcopy(self.before)
        self.events: list[tuple[str, dict[str, Any]]] = []
        self.rotate = False

    def grant(self, user: str, password: str, reason: str) -> None:
        """`user` unlocks the file with `password` from now on (a new entry: new key pair)."""
        keyfile.grant(self.after, self.file_key, user, password)
        self.events.append(("access_granted", {"name": keyfile.normal_user(user), "reason": reason}))

    def change_password(self, user: str, old_password: str, new_password: str) -> None:
        """Re-wrap `user`'s entry under the new password; a user without an entry is given one."""
        if keyfile.normal_user(user) not in self.after["users"]:
            self.grant(user, new_password, "password_changed")
        elif not keyfile.rewrap(self.after, user, old_password, new_password):
            raise DataFileError("unlock_refused", "The name or password does not open {path}. Nothing was opened.",
                                path=str(self.df.path))

    def revoke(self, user: str) -> None:
        """`user` can no longer unlock the file; the file key is changed after the commit."""
        if not keyfile.revoke(self.after, user):
            return                   # never had an entry, or a removal cut off by a crash is repeated
        if not self.after["users"] and "recovery" not in self.after:
            raise PollDeskError("last_key_holder", "{user} is the only one who can unlock {path}; add another user "
                                "before removing this one.", user=user, path=str(self.df.path))
        self.rotate = True
        self.events.append(("access_revoked", {"name": keyfile.normal_user(user)}))

    def write(self) -> None:
        """Write the changed key file (step 3)."""
        keyfile.write_keys(self.df.path, self.after)

    def undo(self) -> None:
        """Put the key file back as it was (COMMIT failed after step 3)."""
        keyfile.write_keys(self.df.path, self.before)


@contextmanager
def users_and_keys(conn: sqlite3.Connection, change: KeyChange | None) -> Iterator[sqlite3.Connection]:
    """One write of the users table together with the key file (steps 2-4 above); joins an open transaction.

    Joined to the caller's transaction, the key file is written at the end of this block and the
    caller's COMMIT decides the rest; a removal refuses to be joined (the re-encryption needs no
    open transaction).
    """
    joined = conn.in_transaction
    if joined and change is not None and change.rotate:
        raise ValueError("removing a user of an encrypted file needs its own transaction")
    if not joined:
        conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        if change is not None:
            change.write()
    except BaseException:
        if not joined:
            conn.execute("ROLLBACK")
        raise
    if joined:
        return
    try:
        conn.execute("COMMIT")
    except BaseException:
        if change is not None:
            change.undo()
        raise
    if change is not None and change.rotate:
        rotate_file_key(change.df)
