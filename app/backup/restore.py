"""Restoring a backup (恢复备份): checked to be this election's and this place's, intact, then put in place.

The backup (with its key file, when encrypted) is copied next to the target, opened there through
app.db (which refuses another election's file and upgrades an older schema), checked (integrity,
audit chain, place), the restore is entered in its audit log, and only then is it renamed over the
target. A file already at the target is never destroyed: with `replace` it is moved aside (with its
-wal and key file) as `<name>.before-restore-<time>`. An encrypted backup needs an `unlock` (a user
of the backup, or the district's recovery key) and stays encrypted, openable by the same users.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from app.audit import SYSTEM, Clock, append_event, system_clock, verify_chain
from app.backup.files import fsync_file, fsync_folder
from app.backup.writer import BackupError
from app.db import SQL_ERROR, Unlock, open_data_file, transaction
from app.errors import PollDeskError
from app.vault import keyfile

_SIDECARS = ("-wal", "-shm", "-journal", keyfile.SUFFIX)


@dataclass(frozen=True)
class Restored:
    """A restored data file: where, what it holds, and where the file it replaced was moved."""

    path: Path
    election_id: str
    place_code: str | None
    ballots: int
    audit_entries: int
    moved_aside: Path | None


def restore_backup(backup_path: Path | str, target_path: Path | str, *, replace: bool = False,
                   election_id: str | None = None, place_code: str | None = None,
                   clock: Clock = system_clock, unlock: Unlock | None = None) -> Restored:
    """Restore `backup_path` as the data file `target_path` (no program may have the target open).

    The election and place checked are those given, else those of the file being replaced; a new
    target needs `election_id`. A different election or place, a damaged copy or a broken audit
    chain is refused and nothing changes. An encrypted backup is opened with `unlock`.
    """
    backup, target = Path(backup_path), Path(target_path)
    if not backup.is_file():
        raise BackupError("backup_missing", "The backup {path} does not exist.", path=str(backup))
    if target.exists():
        if not replace:
            raise BackupError("restore_target_exists",
                              "{path} already exists. Restoring would replace it; say so explicitly "
                              "(--replace) and the old file will be kept beside it.", path=str(target))
        election_id, place_code = _expected(target, election_id, place_code, unlock)
    elif election_id is None:
        raise BackupError("restore_needs_election",
                          "Say which election the restored file is for (--election, as shown by "
                          "'backup list'), so that another election's backup cannot be restored by mistake.")
    temp = target.with_name(f".{target.name}.restoring")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_with_sidecars(temp)
        shutil.copyfile(backup, temp)
        if keyfile.is_encrypted(backup):
            shutil.copyfile(keyfile.keys_path(backup), keyfile.keys_path(temp))
            fsync_file(keyfile.keys_path(temp))
    except OSError as exc:
        _remove_with_sidecars(temp)
        raise BackupError("restore_failed", "The backup could not be restored to {path} ({reason}).",
                          path=str(target), reason=exc.strerror or str(exc)) from exc
    try:
        aside = _aside_name(target, clock) if _something_at(target) else None
        restored = _checked_copy(temp, election_id, place_code, unlock, backup.name, aside, clock)
        fsync_file(temp)
        if aside is not None:
            _move_aside(target, aside)
        _remove_with_sidecars(target)      # a stale -wal must never be replayed onto the restored file
        if keyfile.is_encrypted(temp):     # the key file first: the data never stands without it
            os.replace(keyfile.keys_path(temp), keyfile.keys_path(target))
        os.replace(temp, target)
        fsync_folder(target.parent)
    except BaseException:
        _remove_with_sidecars(temp)
        raise
    return Restored(target, *restored, aside)


def _expected(target: Path, election_id: str | None, place_code: str | None,
              unlock: Unlock | None) -> tuple[str, str | None]:
    """The election and place the replaced file belongs to (those given win)."""
    if election_id is not None:
        return election_id, place_code
    try:
        if keyfile.is_encrypted(target):    # said in clear by its key file: no need to unlock it
            doc = keyfile.read_keys(target)
            return str(doc["election_id"]), place_code if place_code is not None else doc.get("place_code")
        with open_data_file(target, unlock=unlock) as df:
            return df.election_id, place_code if place_code is not None else df.place_code
    except SQL_ERROR + (PollDeskError,) as exc:
        raise BackupError("restore_target_unreadable",
                          "{path} cannot be read to check which election it belongs to. Give the election "
                          "(--election) to restore over it.", path=str(target)) from exc


def _checked_copy(temp: Path, election_id: str, place_code: str | None, unlock: Unlock | None, backup_name: str,
                  aside: Path | None, clock: Clock) -> tuple[str, str | None, int, int]:
    """Check the copy at `temp`, then enter the restore in its audit log; the backup's (election, place,
    ballots, audit entries)."""
    with open_data_file(temp, election_id=election_id, unlock=unlock) as df:
        if place_code is not None and df.place_code != place_code:
            raise BackupError("other_place_backup",
                              "This backup is of {found}, not of {wanted}: restore the backup of {wanted}.",
                              found=df.place_code or "district", wanted=place_code)
        checked = [row[0] for row in df.conn.execute("PRAGMA integrity_check")]
        if checked != ["ok"]:
            raise BackupError("backup_damaged", "The backup copy failed its integrity check ({problem}). "
                              "Try again; if it fails again, use another USB stick.", problem=checked[0])
        intact, broken_at = verify_chain(df.conn)
        if not intact:
            raise BackupError("backup_audit_broken",
                              "The audit log of this backup is broken at entry {seq}: it was changed after it "
                              "was written. Use an earlier backup and tell the district office.", seq=broken_at)
        ballots = int(df.conn.execute("SELECT COUNT(*) FROM issuances").fetchone()[0])
        entries = int(df.conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0])
        with transaction(df.conn):
            append_event(df.conn, SYSTEM, "backup_restored",
                         {"backup": backup_name, "kept_aside": aside.name if aside else ""}, clock=clock)
        return df.election_id, df.place_code, ballots, entries


def _something_at(target: Path) -> bool:
    return any(Path(f"{target}{sidecar}").exists() for sidecar in ("", *_SIDECARS))


def _aside_name(target: Path, clock: Clock) -> Path:
    """A free name beside `target` for the file a restore replaces."""
    stamp = clock().strftime('%Y%m%d-%H%M%S')
    aside = target.with_name(f"{target.name}.before-restore-{stamp}")
    n = 1
    while _something_at(aside):
        n += 1
        aside = target.with_name(f"{target.name}.before-restore-{stamp}-{n}")
    return aside


def _move_aside(target: Path, aside: Path) -> None:
    for sidecar in _SIDECARS:
        old = Path(f"{target}{sidecar}")
        if old.exists():
            os.replace(old, Path(f"{aside}{sidecar}"))
    if target.exists():
        os.replace(target, aside)


def _remove_with_sidecars(path: Path) -> None:
    for sidecar in ("", *_SIDECARS):
        Path(f"{path}{sidecar}").unlink(missing_ok=True)
