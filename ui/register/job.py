"""A long job (check, import) on its own thread, with app.progress's progress and cancel protocol."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from app.errors import PollDeskError
from app.progress import Cancel, Progress
from ui.worker import error_text

JobFunction = Callable[[Progress, Cancel], Any]


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
