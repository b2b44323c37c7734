"""The desk's small dialogs: a proxy ballot, ballots for a mobile box, a spoilt ballot exchanged."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.pollbook.desk import VoterCard
from ui.desk.search import VoterSearch
from ui.login.look import LARGE, message_label, plain_button, show_message


def _title(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("title")
    label.setWordWrap(True)
    return label


class ProxyDialog(QDialog):
    """Pick the proxy (the person at the desk) and type the written authorisation's number."""

    def __init__(self, conn: sqlite3.Connection, place: str, places: dict[str, str], principal: VoterCard,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(LARGE)
        self.setWindowTitle(tr("Proxy ballot"))
        self.resize(900, 640)
        self.principal = principal
        self.proxy_id: int | None = None
        self.proxy_name = ""
        hint = QLabel(tr("Find the proxy: the voter standing at the desk with the written authorisation."), self)
        hint.setWordWrap(True)
        self.search = VoterSearch(conn, place, places, self)
        self.chosen = QLabel(tr("Proxy: not chosen yet"), self)
        self.auth_no = QLineEdit(self)
        self.relative = QCheckBox(tr("The proxy is a close relative"), self)
        self.message = message_label(self)
        self.button = plain_button(tr("Issue the ballot to the proxy"), self)
        cancel = plain_button(tr("Cancel"), self)
        form = QFormLayout()
        form.addRow(tr("Authorisation number"), self.auth_no)
        layout = QVBoxLayout(self)
        layout.addWidget(_title(tr("Proxy ballot for {name}", name=principal.name), self))
        layout.addWidget(hint)
        layout.addWidget(self.search, 1)
        layout.addWidget(self.chosen)
        layout.addLayout(form)
        layout.addWidget(self.relative)
        layout.addWidget(self.message)
        layout.addWidget(self.button)
        layout.addWidget(cancel)
        self.search.chosen.connect(self.choose)
        self.search.refused.connect(lambda text: show_message(self.message, text))
        self.auth_no.returnPressed.connect(self.confirm)
        self.button.clicked.connect(self.confirm)
        cancel.clicked.connect(self.reject)
        self.search.box.setFocus()

    def choose(self, voter_id: int) -> None:
        """The proxy is chosen: say who, then ask for the authorisation number."""
        self.proxy_id = voter_id
        self.proxy_name = next((r.name for r in self.search.rows if r.voter_id == voter_id), str(voter_id))
        self.chosen.setText(tr("Proxy: {name}", name=self.proxy_name))
        self.auth_no.setFocus()

    def confirm(self) -> None:
        """Accept when a proxy is chosen and the number typed; the app checks the rest."""
        if self.proxy_id is None:
            show_message(self.message, tr("Choose the proxy first: find them and press Enter."))
            self.search.box.setFocus()
        elif not self.auth_no.text().strip():
            show_message(self.message, tr("Type the number of the written authorisation."))
            self.auth_no.setFocus()
        else:
            self.accept()


class MobileDialog(QDialog):
    """Ballots handed to a mobile box's staff for named voters (流动票箱)."""

    def __init__(self, conn: sqlite3.Connection, place: str, places: dict[str, str],
                 boxes: tuple[tuple[str, str], ...], first: VoterCard | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(LARGE)
        self.setWindowTitle(tr("Mobile ballot box"))
        self.resize(900, 700)
        self.voters: list[tuple[int, str]] = []
        self.box = QComboBox(self)
        for box_id, name in boxes:
            self.box.addItem(f"{name} ({box_id})", box_id)
        self.search = VoterSearch(conn, place, places, self)
        self.listed = QListWidget(self)
        self.message = message_label(self)
        self.button = plain_button("", self)
        cancel = plain_button(tr("Cancel"), self)
        form = QFormLayout()
        form.addRow(tr("Mobile box"), self.box)
        layout = QVBoxLayout(self)
        layout.addWidget(_title(tr("Ballots for a mobile ballot box"), self))
        layout.addLayout(form)
        layout.addWidget(QLabel(tr("Add each voter the box will visit (Enter); Delete removes the chosen one."),
                                self))
        layout.addWidget(self.search, 2)
        layout.addWidget(QLabel(tr("Ballots to hand to the box's staff:"), self))
        layout.addWidget(self.listed, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.button)
        layout.addWidget(cancel)
        self.search.chosen.connect(self.add)
        self.search.refused.connect(lambda text: show_message(self.message, text))
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.listed, self.remove_current)
        self.button.clicked.connect(self.confirm)
        cancel.clicked.connect(self.reject)
        if first is not None:
            self._add(first.voter_id, first.name)
        self._count()
        self.search.box.setFocus()

    def add(self, voter_id: int) -> None:
        """Add the selected voter to the box's list (once)."""
        name = next((r.name for r in self.search.rows if r.voter_id == voter_id), str(voter_id))
        self._add(voter_id, name)
        self.search.reset()

    def _add(self, voter_id: int, name: str) -> None:
        if all(v != voter_id for v, _ in self.voters):
            self.voters.append((voter_id, name))
            self.listed.addItem(name)
        self._count()

    def remove_current(self) -> None:
        """Take the chosen voter off the list."""
        row = self.listed.currentRow()
        if 0 <= row < len(self.voters):
            del self.voters[row]
            self.listed.takeItem(row)
        self._count()

    def _count(self) -> None:
        self.button.setText(tr("Hand out {count} ballots", count=len(self.voters)))

    def box_id(self) -> str:
        """The mobile box chosen."""
        return str(self.box.currentData())

    def confirm(self) -> None:
        """Accept when at least one voter is listed."""
        if not self.voters:
            show_message(self.message, tr("Add at least one voter."))
        else:
            self.accept()


class SpoiltDialog(QDialog):
    """A spoilt ballot handed back: it is voided and kept, and a new one given."""

    def __init__(self, card: VoterCard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(LARGE)
        self.setWindowTitle(tr("Spoilt ballot"))
        text = QLabel(tr("{name} hands back a spoilt ballot. Mark it void, keep it, and give a new ballot.",
                         name=card.name), self)
        text.setWordWrap(True)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(tr("What happened (optional)"))
        self.button = plain_button(tr("Exchange the ballot"), self)
        cancel = plain_button(tr("Cancel"), self)
        layout = QVBoxLayout(self)
        layout.addWidget(_title(tr("Spoilt ballot"), self))
        for widget in (text, self.reason, self.button, cancel):
            layout.addWidget(widget)
        self.button.clicked.connect(self.accept)
        self.reason.returnPressed.connect(self.accept)
        cancel.clicked.connect(self.reject)
        self.reason.setFocus()
