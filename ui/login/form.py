"""One sign-in attempt on screen: the button, the app's refusal words, and the countdown of the growing delay."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QPushButton

from app.auth import LoginError, Session
from app.errors import PollDeskError
from app.i18n import tr
from ui.login.look import show_message

Attempt = Callable[[], Session]


class SignInAttempt(QObject):
    """Runs `attempt()` and shows the refusal; after a wrong password the button waits, counting down."""

    def __init__(self, button: QPushButton, message: QLabel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.button, self.message = button, message
        self.remaining = 0
        self.refusal = ""
        self.code = ""
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)

    def run(self, attempt: Attempt) -> Session | None:
        """The session when the attempt succeeds; otherwise None, with the reason on screen."""
        if self.remaining > 0:
            return None
        try:
            session = attempt()
        except LoginError as exc:
            self._refused(exc.code, exc.message, exc.retry_after)
            return None
        except PollDeskError as exc:
            self._refused(exc.code, exc.message, 0)
            return None
        self.code = self.refusal = ""
        show_message(self.message, "")
        return session

    def _refused(self, code: str, text: str, wait: int) -> None:
        self.code, self.refusal = code, text
        if code == "account_locked":
            text += "\n" + tr("Only a station chief can unlock this account.")
        self.remaining = wait
        self._show(text)
        if wait > 0:
            self.button.setEnabled(False)
            self.timer.start()

    def _show(self, text: str) -> None:
        if self.remaining > 0:
            text += "\n" + tr("You can try again in {seconds} s.", seconds=self.remaining)
        show_message(self.message, text)

    def tick(self) -> None:
        """One second of the wait has passed: count down, and free the button at zero."""
        self.remaining = max(0, self.remaining - 1)
        text = self.refusal + ("\n" + tr("Only a station chief can unlock this account.")
                               if self.code == "account_locked" else "")
        self._show(text)
        if self.remaining == 0:
            self.timer.stop()
            self.button.setEnabled(True)
