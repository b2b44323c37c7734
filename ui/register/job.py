"""A long job (check, import) on its own thread, with app.progress's progress and cancel protocol.

A job, a page or a search thread works on a connection of its own (SQLite connections belong to one
thread). `own_connection` opens it from the window's open DataFile, with that file's key when it is
encrypted (no password asked again), or from a path for an unencrypted file (tests, tools).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from app.db import DataFile, open_data_file
from app.errors import PollDeskError
from app.progress import Cancel, Progress
from app.vault.reopen import reopen
from ui.worker import error_text

JobFunction = Callable[[Progress, Cancel], Any]
# An open data file (an encrypted one is reopened with its key) or the path of an unencrypted one.
FileSource = DataFile | Path | str


def own_connection(source: FileSource, kind: str | None = None) -> DataFile:
    """A new connection to the data file `source` for one page or thread; the caller closes it."""
    if isinstance(source, DataFile):
        return reopen(source, kind=kind)
    return open_data_file(source, kind=kind)


def source_path(source: FileSource) -> Path:
    """Where the data file `source` is on disk."""
    return source.path if isinstance(source, DataFile) else Path(source)


class _Thread(QThread):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str, str)          # message for the user, error code ('' for a bug)

    def __init__(self, fn: JobFunction, cancel: threading.Event, parent: QObject) -> None:
        super().__init__(parent)
        self._fn, self._cancel = fn, cancel

    def run(self) -> None:
        try:
            result = self._fn(self.progressed.emit, self._cancel)
        except PollDeskError as exc:
            self.failed.emit(exc.message, exc.code)
        except Exception as exc:   # a bug: error_text logs it; the user gets a plain sentence
            self.failed.emit(error_text(exc), "")
        else:
            self.succeeded.emit(result)


class Job(QObject):
    """Runs `fn(progress, cancel)` once in the background; its signals arrive on the GUI thread."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str, str)

    def __init__(self, fn: JobFunction, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread = _Thread(fn, self._cancel, self)
        self._thread.progressed.connect(self.progressed)
        self._thread.succeeded.connect(self.succeeded)
        self._thread.failed.connect(self.failed)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        """Ask the job to stop at its next checkpoint; it then fails with code "cancelled"."""
        self._cancel.set()

    def running(self) -> bool:
        return self._thread.isRunning()

    def wait(self) -> None:
        """Block until the job has ended (closing the wizard mid-job cancels, then waits)."""
        self._thread.wait()
