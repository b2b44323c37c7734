"""Search as you type without freezing the window: a debounce timer and lookup on a thread of its own.

SQLite connections belong to one thread, so the search thread opens its own connection to the file
(read-only: `PRAGMA query_only`; an encrypted file is reopened with the open file's key). Every request carries a sequence number; an answer to anything but
the newest request is dropped, and a request already overtaken when the thread reaches it is skipped.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from app.db import DataFile
from app.errors import PollDeskError
from app.register.lookup import lookup
from ui.register.job import FileSource, own_connection

log = logging.getLogger("polldesk.ui")

DEBOUNCE_MS = 150
SEARCH_LIMIT = 200


class _Searcher(QObject):
    """Lives on the search thread; owns that thread's connection."""

    found = Signal(int, list, str)       # sequence number, voter ids, message ('' when fine)

    def __init__(self, source: FileSource, newest: list[int], lock: threading.Lock) -> None:
        super().__init__()
        self._source = source
        self._newest, self._lock = newest, lock
        self._file: DataFile | None = None

    @Slot(int, str)
    def search(self, seq: int, text: str) -> None:
        with self._lock:
            if seq < self._newest[0]:
                return                  # the clerk has typed on since
        try:
            if self._file is None:
                self._file = own_connection(self._source)
                self._file.conn.execute("PRAGMA query_only = ON")
            ids = [r.voter_id for r in lookup(self._file.conn, text, limit=SEARCH_LIMIT)]
        except PollDeskError as exc:
            self.found.emit(seq, [], exc.message)
            return
        except Exception:   # a bug: logged, and the clerk can still browse
            log.exception("search failed")
            self.found.emit(seq, [], "")
            return
        self.found.emit(seq, ids, "")

    @Slot()
    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class RegisterSearch(QObject):
    """Debounced lookup of the search box's text; `results` carries only the newest answer."""

    results = Signal(str, list, str)      # the text searched, voter ids best first, message
    _request = Signal(int, str)
    _close = Signal()

    def __init__(self, source: FileSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._seq = 0
        self._texts: dict[int, str] = {}
        self._newest = [0]
        lock = threading.Lock()
        self._lock = lock
        self._thread = QThread(self)
        self._thread.setObjectName("register-search")
        self._searcher = _Searcher(source, self._newest, lock)
        self._searcher.moveToThread(self._thread)
        self._request.connect(self._searcher.search)
        self._close.connect(self._searcher.close)
        self._searcher.found.connect(self._answered)
        self._thread.finished.connect(self._searcher.deleteLater)
        self._thread.start()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._send)
        self._pending = ""

    def ask(self, text: str) -> None:
        """Search for `text` once the clerk pauses typing (an empty text cancels what is pending)."""
        self._pending = text.strip()
        with self._lock:
            self._seq += 1
            self._newest[0] = self._seq     # anything asked before is stale from now on
        if self._pending:
            self._timer.start()
        else:
            self._timer.stop()
            self._texts.clear()

    def busy(self) -> bool:
        """Whether an answer is still to come."""
        return self._timer.isActive() or bool(self._texts)

    def _send(self) -> None:
        seq = self._seq
        self._texts = {seq: self._pending}     # older requests are stale: their answers are dropped
        self._request.emit(seq, self._pending)

    @Slot(int, list, str)
    def _answered(self, seq: int, ids: list[int], message: str) -> None:
        text = self._texts.pop(seq, None)
        if text is None or seq != self._seq:
            return
        self.results.emit(text, ids, message)

    def stop(self) -> None:
        """Close the thread's connection and end the thread (when the page closes)."""
        self._timer.stop()
        if self._thread.isRunning():
            self._close.emit()
            self._thread.quit()
            self._thread.wait()
