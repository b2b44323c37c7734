"""Running an `app/` function off the GUI thread: one worker thread, a late progress dialog, plain errors."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.errors import PollDeskError
from app.i18n import tr

log = logging.getLogger("polldesk.ui")

PROGRESS_DELAY_MS = 300   # quick jobs finish without a dialog flashing up


class _Signals(QObject):
    finished = Signal(int, bool, object)   # task id, succeeded, result or exception


class _Task(QRunnable):
    def __init__(self, task_id: int, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._id, self._fn, self._signals = task_id, fn, signals

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # handed to the GUI thread, which decides how to show it
            self._signals.finished.emit(self._id, False, exc)
        else:
            self._signals.finished.emit(self._id, True, result)


def error_text(exc: BaseException) -> str:
    """The message for the user: a PollDeskError's own words, or a plain note for a bug (logged)."""
    if isinstance(exc, PollDeskError):
        return exc.message
    log.error("unexpected error in a background task", exc_info=exc)
    return tr("Something went wrong that PollDesk did not expect ({kind}). The details are in the log.",
              kind=type(exc).__name__)


class Worker(QObject):
    """Runs jobs one at a time on a single thread (SQLite likes one writer); callbacks run on the GUI thread."""

    def __init__(self, parent: QWidget, show_error: Callable[[str], None]) -> None:
        super().__init__(parent)
        self._parent = parent
        self._show_error = show_error
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Callable[[Any], None], Callable[[str], None] | None]] = {}
        self._dialogs: dict[int, QProgressDialog] = {}

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None], label: str,
            on_failed: Callable[[str], None] | None = None) -> None:
        """Run `fn()` in the background; then `on_done(result)`, or show the error and call `on_failed`."""
        task_id = next(self._ids)
        self._pending[task_id] = (on_done, on_failed)
        QTimer.singleShot(PROGRESS_DELAY_MS, self, lambda: self._show_progress(task_id, label))
        self._pool.start(_Task(task_id, fn, self._signals))

    def busy(self) -> bool:
        """Whether a job is still running or queued."""
        return bool(self._pending)

    def wait(self, msecs: int = -1) -> bool:
        """Block until every job is done (on closing the window)."""
        return self._pool.waitForDone(msecs)

    def _show_progress(self, task_id: int, label: str) -> None:
        if task_id not in self._pending:
            return
        dialog = QProgressDialog(label, "", 0, 0, self._parent)
        dialog.setCancelButton(None)   # opening a file cannot be stopped half-way
        dialog.setWindowTitle(tr("Please wait"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.show()
        self._dialogs[task_id] = dialog

    @Slot(int, bool, object)
    def _finished(self, task_id: int, ok: bool, result: object) -> None:
        dialog = self._dialogs.pop(task_id, None)
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()
        on_done, on_failed = self._pending.pop(task_id)
        if ok:
            on_done(result)
            return
        assert isinstance(result, BaseException)
        message = error_text(result)
        self._show_error(message)
        if on_failed is not None:
            on_failed(message)
