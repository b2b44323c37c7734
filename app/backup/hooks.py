"""Backups tied to the poll: closing the poll writes one, and a timer tick writes one when it is due."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.audit import Clock, system_clock
from app.backup.schedule import BackupScheduler
from app.backup.writer import DEFAULT_KEEP, write_backup
from app.db import DataFile
from app.errors import PollDeskError
from app.pollbook import Actor, close_poll


@dataclass(frozen=True)
class PollClosed:
    """The poll is closed; `backup` is the file written then, or `error` says why there is none."""

    state: str
    backup: Path | None
    error: PollDeskError | None = None


def close_poll_with_backup(df: DataFile, actor: Actor, folder: Path | str, clock: Clock = system_clock, *,
                           keep: int = DEFAULT_KEEP, scheduler: BackupScheduler | None = None) -> PollClosed:
    """Close the poll (结束投票), then back up the file at once.

    The close is on disk before the backup starts and stands even when the backup fails (a pulled
    stick must not keep the poll open): the failure comes back in `error` for the screen to show.
    """
    state = close_poll(df.conn, actor, clock)
    try:
        path = write_backup(df, folder, clock, keep=keep, actor=actor)
    except PollDeskError as exc:
        if scheduler is not None:
            scheduler.failed(clock())
        return PollClosed(state, None, exc)
    if scheduler is not None:
        scheduler.written(clock())
    return PollClosed(state, path)


def backup_if_due(df: DataFile, folder: Path | str, scheduler: BackupScheduler, clock: Clock = system_clock, *,
                  keep: int = DEFAULT_KEEP) -> Path | None:
    """On a timer tick: write a backup when the scheduler says it is due; None when it is not.

    A failure is recorded in the scheduler (retried later) and raised for the screen to show.
    """
    now = clock()
    if not scheduler.due(now):
        return None
    try:
        path = write_backup(df, folder, clock, keep=keep)
    except PollDeskError:
        scheduler.failed(now)
        raise
    scheduler.written(now)
    return path
