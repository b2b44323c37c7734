"""The sign-in dialog (登录): user name and password or PIN, in large type."""

from __future__ import annotations

import sqlite3

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


class LoginDialog(QDialog):
    """Ask for a name and password; `session` is set when the dialog is accepted."""

    def __init__(self, conn: sqlite3.Connection, parent: QWidget | None = None, clock: Clock = system_clock,
                 place: str = "") -> None:
        super().__init__(parent)
        self.conn, self.clock = conn, clock
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
        session = self.attempt.run(lambda: login(self.conn, self.name.text(), self.password.text(), self.clock))
        if session is None:
            self.password.clear()
            self.password.setFocus()
            return
        self.session = session
        self.accept()
