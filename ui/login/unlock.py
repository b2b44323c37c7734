"""Opening an encrypted file (解锁): the login dialog comes first; the same name and password unlock, then sign in.

Nothing of an encrypted file can be read before it is unlocked, not even its election's name: the
dialog names the file and the place from its key file. A wrong name or password gets the same plain
message as a wrong sign-in, with the same growing wait, and opens nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from app.auth import LoginError, Session, delay_after, login
from app.auth.login import WRONG_NAME_OR_PASSWORD
from app.db import DataFile, open_data_file
from app.election.overview import Overview, read_overview
from app.errors import DataFileError
from app.i18n import tr
from app.vault import Unlock
from app.vault.keyfile import read_keys
from ui.login.dialog import LoginDialog


def overview_of(data_file: DataFile) -> tuple[DataFile, Overview]:
    """An unlocked file and all the window shows of it (worker thread); the file is closed if that fails."""
    try:
        return data_file, read_overview(data_file)
    except BaseException:
        data_file.close()
        raise


class UnlockFirst(QObject):
    """The login dialog for the encrypted file at `path`; `unlocked(data_file, session)` when it opens."""

    login_shown = Signal(object)        # the LoginDialog now on screen
    unlocked = Signal(object, object)   # DataFile, Session

    def __init__(self, window: QWidget, path: Path) -> None:
        super().__init__(window)
        self.window, self.path = window, path
        self.failures = 0
        self.data_file: DataFile | None = None
        self.dialog: LoginDialog | None = None

    def start(self) -> None:
        """Show the dialog (raises DataFileError when the key file is unreadable: nothing is shown then)."""
        keys = read_keys(self.path)
        place = tr("District office") if keys.get("kind") == "district" else keys.get("place_code") or ""
        dialog = LoginDialog(None, self.window, place=tr("Encrypted file {file} — {place}", file=self.path.name,
                                                           place=place), sign_in_with=self.unlock)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._opened(dialog))
        dialog.rejected.connect(self.cancel)
        dialog.open()
        dialog.name.setFocus()
        self.login_shown.emit(dialog)

    def unlock(self, name: str, password: str) -> Session:
        """Open the file with `name` and `password`, then sign in with them; LoginError when refused."""
        try:
            data_file = open_data_file(self.path, unlock=Unlock.with_password(name, password))
        except DataFileError as exc:
            if exc.code != "unlock_refused":
                raise
            self.failures += 1
            raise LoginError("login_failed", WRONG_NAME_OR_PASSWORD,
                             retry_after=delay_after(self.failures)) from exc
        try:
            session = login(data_file.conn, name, password)
        except BaseException:
            data_file.close()
            raise
        self.data_file = data_file
        return session

    def _opened(self, dialog: LoginDialog) -> None:
        data_file, self.data_file, self.dialog = self.data_file, None, None
        assert data_file is not None and dialog.session is not None
        self.unlocked.emit(data_file, dialog.session)

    def cancel(self) -> None:
        """Nothing is opened after all (the dialog was cancelled, or the window opens something else)."""
        if self.data_file is not None:
            self.data_file.close()
            self.data_file = None
        if self.dialog is not None and isValid(self.dialog):
            self.dialog.close()
        self.dialog = None
