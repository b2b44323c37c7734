"""The sign-in dialog (登录): user name and password or PIN, in large type."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.audit import Clock, system_clock
from app.auth import Session, login
from app.i18n import tr
from ui.login.form import SignInAttempt
from ui.login.look import LARGE, message_label, plain_button


def password_field(parent: QWidget) -> QLineEdit:
    """A password or PIN field: dots on screen."""
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(320)
    return field


SignInWith = Callable[[str, str], Session]


class LoginDialog(QDialog):
    """Ask for a name and password; `session` is set when the dialog is accepted.

    By default the name and password sign in to the open file `conn`; `sign_in_with(name, password)`
    replaces that (an encrypted file: the same name and password unlock it first, ui/shell_signin.py).
    """

    def __init__(self, conn: sqlite3.Connection | None, parent: QWidget | None = None, clock: Clock = system_clock,
                 place: str = "", sign_in_with: SignInWith | None = None) -> None:
        super().__init__(parent)
        self.conn, self.clock = conn, clock
        self.sign_in_with = sign_in_with or self._login
        self.session: Session | None = None
        self.setStyleSheet(LARGE)
        self.setWindowTitle(tr("Sign in — PollDesk"))
        title = QLabel(tr("Sign in"), self)
        title.setObjectName("title")
        hint = QLabel(tr("Sign in with your user name and your password or PIN."), self)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        self.name = QLineEdit(self)
        self.password = password_field(self)
        self.button = plain_button(tr("Sign in"), self)
        self.message = message_label(self)
        self.attempt = SignInAttempt(self.button, self.message, self)
        form = QFormLayout()
        form.addRow(tr("User name"), self.name)
        form.addRow(tr("Password or PIN"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        if place:
            layout.addWidget(QLabel(place, self))
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.button)
        self.button.clicked.connect(self.sign_in)
        self.name.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.sign_in)
        self.name.setFocus()

    def sign_in(self) -> None:
        """Try the name and password; accept on success, else show why and clear the password."""
        session = self.attempt.run(lambda: self.sign_in_with(self.name.text(), self.password.text()))
        if session is None:
            self.password.clear()
            self.password.setFocus()
            return
        self.session = session
        self.accept()

    def _login(self, name: str, password: str) -> Session:
        assert self.conn is not None, "a LoginDialog without a connection needs sign_in_with"
        return login(self.conn, name, password, self.clock)
