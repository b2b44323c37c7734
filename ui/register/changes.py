"""The district's Register menu (名册): add a voter, remove the selected voter, people registered twice.

Only a user allowed to change the register (app.auth, Action.EDIT_REGISTER) gets the entries enabled; every
change goes through app.register.maintenance, and the register page reads the register again after it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QWidget

from app.auth import Action, Session, may
from app.db import DataFile
from app.i18n import tr
from ui.register.duplicates_dialog import DuplicatesDialog
from ui.register.page import RegisterPage
from ui.register.voter_forms import AddVoterForm, RemoveVoterForm, open_form


class RegisterChanges(QObject):
    """The Register menu and its three dialogs; `changed(text)` after each change to the register."""

    changed = Signal(str)

    def __init__(self, window: QWidget, data_file: DataFile, session: Session | None, page: RegisterPage,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window, self.data_file, self.session, self.page = window, data_file, session, page
        self.dialog: QDialog | None = None
        self.menu = QMenu(window)
        self.add_action = self.menu.addAction("", self.add_voter)
        self.remove_action = self.menu.addAction("", self.remove_voter)
        self.menu.addSeparator()
        self.duplicates_action = self.menu.addAction("", self.show_duplicates)
        allowed = session is not None and may(session.role, Action.EDIT_REGISTER)
        for action in self.actions:
            action.setEnabled(allowed)
        self.retranslate()

    @property
    def actions(self) -> list[QAction]:
        return [self.add_action, self.remove_action, self.duplicates_action]

    def retranslate(self) -> None:
        self.menu.setTitle(tr("&Register"))
        self.add_action.setText(tr("&Add a voter…"))
        self.remove_action.setText(tr("&Remove the selected voter…"))
        self.duplicates_action.setText(tr("People registered in &two communities…"))

    def add_voter(self) -> QDialog | None:
        """Register > Add a voter…: in the community the register page is filtered on, if any."""
        if self.session is None:
            return None
        community = self.page.community.currentData()
        self.dialog = open_form(AddVoterForm(self.window, self.data_file.conn, self.session,
                                             community if isinstance(community, str) else None), self._changed)
        return self.dialog

    def remove_voter(self) -> QDialog | None:
        """Register > Remove the selected voter…: the voter chosen on the register page."""
        if self.session is None:
            return None
        voter = self.page.selected_voter()
        if voter is None:
            self.page.say(tr("Choose the voter on the Voters page first, then Remove."))
            return None
        if voter.status == "removed":
            self.page.say(tr("{name} is already off the register.", name=voter.name))
            return None
        self.dialog = open_form(RemoveVoterForm(self.window, self.data_file.conn, self.session, voter),
                                self._changed)
        return self.dialog

    def show_duplicates(self) -> QDialog | None:
        """Register > People registered in two communities…"""
        if self.session is None:
            return None
        dialog = DuplicatesDialog(self.window, self.data_file.conn, self.session, self._changed)
        dialog.finished.connect(lambda _: dialog.deleteLater())
        self.dialog = dialog
        dialog.open()
        return dialog

    def _changed(self, text: str) -> None:
        self.changed.emit(text)
