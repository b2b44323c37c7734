"""District recovery (密钥恢复): a recovery key pair per election; its public half is sealed into each file's keys.

The district makes the pair once (`polldesk vault recovery-key`), keeps the private key file offline
(a USB stick in the office safe) and gives the public key to every station file it creates. With the
private key, the district opens a station file of its own election and sets a new password for a user.
Recovery key file (JSON): {"format": "polldesk-recovery-key", "election_id", "public_key", "private_key"}.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

from app.db import DataFile, open_data_file
from app.errors import PollDeskError
from app.vault.access import grant_access
from app.vault.keyfile import Unlock
from app.vault.sealing import new_key_pair, public_key_of
from app.vault.wrapping import b64, unb64

FORMAT = "polldesk-recovery-key"
RECOVERY_ACTOR = "district_recovery"


def make_recovery_key(out: Path | str, election_id: str) -> bytes:
    """Write a new recovery key file for `election_id` (owner-only permissions); returns its public key."""
    out = Path(out)
    if out.exists():
        raise PollDeskError("file_exists", "The file {path} already exists.", path=str(out))
    private, public = new_key_pair()
    doc = {"format": FORMAT, "election_id": election_id, "public_key": b64(public), "private_key": b64(private)}
    out.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)
        f.flush()
        os.fsync(f.fileno())
    return public


def read_recovery_key(path: Path | str) -> tuple[str, bytes]:
    """(election id, raw private key) from a recovery key file."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
        private = unb64(doc["private_key"])
        if doc.get("format") != FORMAT or len(private) != 32 or unb64(doc["public_key"]) != public_key_of(private):
            raise ValueError("not a recovery key")
        return str(doc["election_id"]), private
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PollDeskError("bad_recovery_key", "{path} is not a PollDesk recovery key file.", path=str(path)) from exc


def recovery_public_key(path: Path | str) -> bytes:
    """The public half of a recovery key file (what station files are created with)."""
    return public_key_of(read_recovery_key(path)[1])


def recover(path: Path | str, recovery_key_file: Path | str, user: str, new_password: str) -> DataFile:
    """Open a data file with the district's recovery key and give `user` the new password; returns it open.

    The password opens the file from now on, and, when `user` is a user of the file, also signs in
    (app.auth's reset_password, recorded in the audit log as done by the district's recovery).
    """
    from app.auth.passwords import check_password_rule

    check_password_rule(new_password, name=user)
    election_id, private = read_recovery_key(recovery_key_file)
    df = open_data_file(path, election_id=election_id, unlock=Unlock.with_recovery_key(private))
    try:
        if not _reset_login(df, user, new_password):
            grant_access(df, user, new_password)
    except BaseException:
        df.close()
        raise
    return df


def _reset_login(df: DataFile, user: str, password: str) -> bool:
    """Reset `user`'s password for both sign-in and the key file; False when `user` is not a user of the file."""
    from app.auth.session import Session
    from app.auth.users import reset_password

    row = df.conn.execute("SELECT 1 FROM users WHERE name = ? AND removed_at IS NULL", (user,)).fetchone()
    if row is None:
        return False
    reset_password(df, Session(RECOVERY_ACTOR, "district_admin", datetime.now()), user, password)
    return True
