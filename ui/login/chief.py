"""The station chief's approval (站长授权): name and password at the clerk's desk, for undo and other places."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.audit import Clock, system_clock
from app.auth import Session, login, require
from app.i18n import tr
from ui.login.dialog import password_field
from ui.login.form import SignInAttempt
from ui.login.look import LARGE, message_label, plain_button, show_message


class ChiefApprovalDialog(QDialog):
    """The chief signs in for one action; `session` (and `reason`, when asked) are set when accepted."""

    def __init__(self, conn: sqlite3.Connection, action: str, what: str, parent: QWidget | None = None, *,
                 needs_reason: bool = False, clock: Clock = system_clock) -> None:
        super().__init__(parent)
        self.conn, self.action, self.clock = conn, action, clock
        self.session: Session | None = None
        self.reason = ""
        self.setStyleSheet(LARGE)
        self.setWindowTitle(tr("Station chief's approval"))
        title = QLabel(tr("Station chief's approval"), self)
        title.setObjectName("title")
        self.what = QLabel(what, self)
        self.what.setWordWrap(True)
        self.name = QLineEdit(self)
        self.password = password_field(self)
        self.reason_field = QLineEdit(self)
        self.button = plain_button(tr("Approve"), self)
        cancel = plain_button(tr("Cancel"), self)
        self.message = message_label(self)
        self.attempt = SignInAttempt(self.button, self.message, self)
        form = QFormLayout()
        form.addRow(tr("Chief's user name"), self.name)
        form.addRow(tr("Chief's password"), self.password)
        if needs_reason:
            form.addRow(tr("Reason"), self.reason_field)
        self.reason_field.setVisible(needs_reason)
        self.needs_reason = needs_reason
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.what)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.button)
        layout.addWidget(cancel)
        self.button.clicked.connect(self.approve)
        cancel.clicked.connect(self.reject)
        self.name.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.reason_field.setFocus if needs_reason else self.approve)
        self.reason_field.returnPressed.connect(self.approve)
        self.name.setFocus()

    def approve(self) -> None:
        """Check the chief's password and role; accept on success, else say why."""
        if self.needs_reason and not self.reason_field.text().strip():
            show_message(self.message, tr("Type the reason first: it is kept in the record."))
            self.reason_field.setFocus()
            return

        def chief() -> Session:
            session = login(self.conn, self.name.text(), self.password.text(), self.clock)
            require(session, self.action)
            return session

        session = self.attempt.run(chief)
        if session is None:
            self.password.clear()
            self.password.setFocus()
            return
        self.session, self.reason = session, self.reason_field.text().strip()
        self.accept()
