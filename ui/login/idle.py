"""The idle lock (空闲锁屏): after minutes untouched the window is covered until the same user's password."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.audit import Clock, system_clock
from app.auth import Session, SessionGuard, guard_for, unlock_session
from app.i18n import tr
from ui.login.dialog import password_field
from ui.login.form import SignInAttempt
from ui.login.look import LARGE, message_label, plain_button

_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}
_BLOCKED = _ACTIVITY | {QEvent.Type.KeyRelease, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
                        QEvent.Type.Shortcut, QEvent.Type.ShortcutOverride}
CHECK_MS = 1000


class LockScreen(QWidget):
    """Covers the whole window: says who is signed in and asks for that user's password."""

    def __init__(self, window: QWidget, user: str) -> None:
        super().__init__(window)
        self.setObjectName("lockScreen")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, Qt.GlobalColor.white)
        self.setPalette(palette)
        self.setStyleSheet(LARGE)
        title = QLabel(tr("Screen locked"), self)
        title.setObjectName("title")
        self.who = QLabel(tr("{user} is signed in. The screen was locked because it was not used for a while. "
                             "Only {user} can unlock it, with their password or PIN.", user=user), self)
        self.who.setWordWrap(True)
        self.password = password_field(self)
        self.button = plain_button(tr("Unlock"), self)
        self.message = message_label(self)
        box = QWidget(self)
        box.setFixedWidth(760)   # a fixed width lets the wrapped sentence take the height it needs
        inner = QVBoxLayout(box)
        caption = QLabel(tr("Password or PIN"), self)
        for widget in (title, self.who, caption, self.password, self.message, self.button):
            inner.addWidget(widget)
        # the wrapped sentence's height, known from the box's fixed width (an aligned item gets none)
        self.who.setMinimumHeight(self.who.heightForWidth(box.width() - 24))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.hide()

    def cover(self) -> None:
        """Cover the window now and take the keyboard."""
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        self.password.clear()
        self.password.setFocus()


class IdleLock(QObject):
    """Watches the application's key and mouse events; locks `window` after the file's idle time."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, conn: sqlite3.Connection, guard: SessionGuard, window: QWidget,
                 clock: Clock = system_clock) -> None:
        super().__init__(window)
        self.conn, self.guard, self.window, self.clock = conn, guard, window, clock
        self.screen = LockScreen(window, guard.session.display_name or guard.session.user)
        self.attempt = SignInAttempt(self.screen.button, self.screen.message, self)
        self.screen.button.clicked.connect(self.unlock)
        self.screen.password.returnPressed.connect(self.unlock)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)   # every widget's input passes here, the window's resizes too

    @classmethod
    def for_session(cls, conn: sqlite3.Connection, window: QWidget, session: Session,
                    clock: Clock = system_clock) -> IdleLock:
        """An idle lock with this file's idle time (default 10 minutes) for a signed-in session."""
        return cls(conn, guard_for(conn, session, clock()), window, clock)

    def is_locked(self) -> bool:
        """Whether the lock screen is up."""
        return self.screen.isVisible()

    def check(self) -> None:
        """Cover the window when the guard says the session has been idle too long."""
        if self.guard.is_locked(self.clock()) and not self.screen.isVisible():
            self.screen.cover()
            self.locked.emit()

    def lock_now(self) -> None:
        """Lock at once (the clerk steps away)."""
        self.guard.lock()
        self.check()

    def unlock(self) -> None:
        """Check the password of the signed-in user; uncover the window on success."""
        session = self.attempt.run(lambda: unlock_session(self.conn, self.guard, self.screen.password.text(),
                                                          self.clock))
        self.screen.password.clear()
        if session is not None:
            self.screen.hide()
            self.unlocked.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Touch the guard on activity; while locked, let input reach only the lock screen."""
        kind = event.type()
        if watched is self.window and kind == QEvent.Type.Resize and self.screen.isVisible():
            self.screen.setGeometry(self.window.rect())
        if kind not in _BLOCKED:
            return False
        if self.screen.isVisible():
            return not self._inside_lock_screen(watched)
        if kind in _ACTIVITY:
            self.guard.touch(self.clock())
            self.check()
            return self.screen.isVisible()
        return False

    def _inside_lock_screen(self, watched: QObject) -> bool:
        node: QObject | None = watched
        while node is not None:
            if node is self.screen:
                return True
            node = node.parent()
        return False

    def stop(self) -> None:
        """Stop watching (the window closes)."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
