"""Writing a rolling backup (滚动备份): SQLite's online backup to a temp file, verified, fsynced, renamed.

The copy is taken with `sqlite3.Connection.backup` (a consistent snapshot while the file stays in use),
switched to a single self-contained file (no -wal beside it on the stick), checked with
`PRAGMA integrity_check`, flushed to the device and only then renamed to its final name, so a
backup either exists whole or not at all. Older backups of the place beyond `keep` are deleted.

The backup of an encrypted file is encrypted with the same file key, and the file's key file is
written beside it (`<backup>.keys`, before the rename): the same users, or the district's recovery
key, open it, and nothing on the stick is in clear.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.audit import SYSTEM, Clock, append_event, system_clock
from app.audit.log import HasActor
from app.backup.files import (
    DISTRICT_PLACE,
    TEMP_SUFFIX,
    backup_name,
    fsync_file,
    fsync_folder,
    next_seq,
    prune,
)
from app.db import SQL_ERROR, DataFile
from app.errors import PollDeskError
from app.vault.copies import backup_target, copy_keys
from app.vault.keyfile import keys_path

DEFAULT_KEEP = 10


class BackupError(PollDeskError):
    """A backup could not be written or checked; the data file itself is untouched."""


def write_backup(df: DataFile, folder: Path | str, clock: Clock = system_clock, *, keep: int = DEFAULT_KEEP,
                 actor: HasActor = SYSTEM) -> Path:
    """Back up an open data file into `folder`, keep its newest `keep` backups there; returns the new file.

    The station file's audit log records the backup with the copy's audit head (seq, hash): an
    anchor that later proves the copy is an untouched earlier state of this file.
    """
    if keep < 1:
        raise BackupError("bad_keep", "Keep at least one backup.")
    folder = Path(folder)
    place = df.place_code or DISTRICT_PLACE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        seq = next_seq(folder, place)
    except OSError as exc:
        raise _unusable(folder, exc) from exc
    final = folder / backup_name(place, clock(), seq)
    temp = folder / f".{final.name}{TEMP_SUFFIX}"
    try:
        head = _copy_verified(df, temp)
        fsync_file(temp)
        copy_keys(df, final)          # the key file first: a backup never stands on the stick without it
        os.replace(temp, final)
        fsync_folder(folder)
    except OSError as exc:
        _remove_unfinished(temp, final)
        raise _unusable(folder, exc) from exc
    except BaseException:
        _remove_unfinished(temp, final)
        raise
    deleted = prune(folder, place, df.election_id, keep)
    append_event(df.conn, actor, "backup_written",
                 {"file": final.name, "seq": seq, "audit_head": list(head), "kept": keep,
                  "deleted": [p.name for p in deleted]}, clock=clock)
    return final


def _unusable(folder: Path, exc: OSError) -> BackupError:
    return BackupError("backup_folder_unusable",
                       "The backup could not be written to {folder} ({reason}). Check that the USB stick is "
                       "plugged in, not full and not write-protected, then try again.",
                       folder=str(folder), reason=exc.strerror or str(exc))


def _remove_unfinished(temp: Path, final: Path) -> None:
    """Remove what a cut-off backup left: its temp file and a key file whose backup never arrived."""
    temp.unlink(missing_ok=True)
    if not final.exists():
        keys_path(final).unlink(missing_ok=True)


def _copy_verified(df: DataFile, temp: Path) -> tuple[int, str]:
    """Copy the database into `temp` and check the copy; returns the copy's audit head (seq, hash)."""
    temp.unlink(missing_ok=True)
    # The copy's destination is a bare new file, not a data file opened for use: app.db's connect
    # would put it in WAL mode, and a backup must be one file. An encrypted file's copy is keyed
    # with the same file key, so its pages are written to the stick encrypted.
    dest = backup_target(df, temp)
    try:
        df.conn.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")
        checked = [row[0] for row in dest.execute("PRAGMA integrity_check")]
        if checked != ["ok"]:
            raise BackupError("backup_damaged", "The backup copy failed its integrity check ({problem}). "
                              "Try again; if it fails again, use another USB stick.", problem=checked[0])
        row = dest.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    except SQL_ERROR as exc:
        raise BackupError("backup_damaged", "The backup copy failed its integrity check ({problem}). "
                          "Try again; if it fails again, use another USB stick.", problem=str(exc)) from exc
    finally:
        dest.close()
    return (int(row[0]), str(row[1])) if row else (0, "")
