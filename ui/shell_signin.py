"""Signing in to an opened file (登录): the users live in the file; a test file without users may get the demo's.

The decisions, per file:
- an encrypted file: its login dialog came before it was opened (ui/login/unlock.py), so the session
  is given and nothing more is asked;
- a file with users: the login dialog; cancelling it closes the file;
- a station file without users: a test election is offered the demo users clerk1 and chief1 (password
  demo-pass); an official one is refused, naming `polldesk users add` (nobody may issue unsigned);
- a district file without users: opened read-only (a banner says so and how to add an administrator).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from app.auth import DEMO_PASSWORD, Session, ensure_demo_users, has_users
from app.db import DataFile
from app.election.overview import FileSummary
from app.election.store import read_election
from app.errors import PollDeskError
from app.i18n import tr
from ui.login import LoginDialog
from ui.shell import ask, tell

# Called with the session, or None for read-only browsing; `on_refused(message)` closes the file.
Signed = Callable[[Session | None], None]


def users_command(path: str, role: str) -> str:
    """The command line that adds a file's first user (quoted for a shell)."""
    return f"polldesk users add \"{path}\" --name NAME --role {role}"


class SignIn(QObject):
    """One sign-in to `data_file`; ends in `on_signed(session or None)` or `on_refused(message or '')`."""

    login_shown = Signal(object)     # the LoginDialog now on screen

    def __init__(self, window: QWidget, data_file: DataFile, summary: FileSummary, on_signed: Signed,
                 on_refused: Callable[[str], None], session: Session | None = None) -> None:
        super().__init__(window)
        self.given = session         # signed in already, by the name and password that unlocked the file
        self.window, self.data_file, self.summary = window, data_file, summary
        self.on_signed, self.on_refused = on_signed, on_refused
        self.dialog: LoginDialog | None = None
        self.question: QWidget | None = None     # the offer of the demo users, while it is asked
        self.ended = False

    def start(self) -> None:
        """Ask for what this file needs: a login, the demo users first, or nothing (read-only district)."""
        if self.given is not None:
            self._end(self.given)
        elif has_users(self.data_file.conn):
            self.show_login()
        elif self.summary.is_district:
            self._end(None)
        elif self.summary.election.is_test:
            self.question = ask(self.window, tr("This test election's file has no users yet. Add the demo users clerk1 (clerk) and "
                                "chief1 (station chief), both with the password {password}?",
                                password=DEMO_PASSWORD),
                self._add_demo_users, lambda: self._end(None, refused=""))
        else:
            message = tr("Nobody can sign in to this station file: it has no users. The district office adds the "
                         "station chief with: {command}", command=users_command(str(self.summary.path), "chief"))
            self.question = tell(self.window, message, warning=True)
            self._end(None, refused=message)

    def _add_demo_users(self) -> None:
        try:
            ensure_demo_users(self.data_file, read_election(self.data_file.conn))
        except PollDeskError as exc:
            self.question = tell(self.window, exc.message, warning=True)
            self._end(None, refused=exc.message)
            return
        self.show_login()

    def show_login(self) -> None:
        """The login dialog, not blocking; accepted gives the session, cancelled closes the file."""
        place = (tr("District office") if self.summary.is_district
                 else tr("Station {code} {name}", code=self.summary.place_code or "", name=self.summary.place_name or ""))
        dialog = LoginDialog(self.data_file.conn, self.window, place=f"{self.summary.election.name} — {place}")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._signed(dialog))
        dialog.rejected.connect(lambda: self._cancelled(dialog))
        dialog.open()
        dialog.name.setFocus()
        self.login_shown.emit(dialog)

    def _signed(self, dialog: LoginDialog) -> None:
        self.dialog = None
        self._end(dialog.session)

    def _cancelled(self, dialog: LoginDialog) -> None:
        self.dialog = None
        self._end(None, refused="")

    def _end(self, session: Session | None, refused: str | None = None) -> None:
        if self.ended:
            return
        self.ended = True
        if refused is None:
            self.on_signed(session)
        else:
            self.on_refused(refused)

    def cancel(self) -> None:
        """The file is closing while the sign-in is asked: end without calling back, close the dialog."""
        self.ended = True
        for widget in (self.dialog, self.question):
            if widget is not None and isValid(widget):
                widget.close()
        self.dialog = self.question = None
