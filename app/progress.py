"""Progress and cancel for long jobs (import, PDF, export): the core reports, the caller may stop it.

A job takes `progress: Progress | None` (called with done and total) and `cancel: Cancel | None`
(anything with `is_set()`, such as `threading.Event`). It calls `checkpoint` now and then; when the
caller has set the cancel flag, `checkpoint` raises PollDeskError "cancelled" and the job's
transaction rolls back, leaving the data as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from app.errors import PollDeskError

Progress = Callable[[int, int], None]


class Cancel(Protocol):
    """A cancel flag: `threading.Event` fits."""

    def is_set(self) -> bool: ...


class Cancelled(PollDeskError):
    """The user stopped a long job; nothing it had started was kept."""

    def __init__(self) -> None:
        super().__init__("cancelled", "Cancelled; nothing was changed.")


def checkpoint(done: int, total: int, progress: Progress | None, cancel: Cancel | None) -> None:
    """Report progress, then raise Cancelled if the caller asked to stop."""
    if progress is not None:
        progress(done, total)
    if cancel is not None and cancel.is_set():
        raise Cancelled()
