"""A station file in the main window: overview, issuing desk, turnout, counting and register, for one user.

The desk and the register page open their own connections to the window's open file (the desk writes; the
register searches on a thread), with its key when it is encrypted, so no password is asked again; turnout and
counting use the window's connection. Closing the shell closes them all.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QMenu, QVBoxLayout, QWidget

from app.auth import Session
from app.db import DataFile
from app.errors import PollDeskError
from app.i18n import tr
from app.pollbook import poll_state
from ui.counting import CountingPage
from ui.desk import DeskPage
from ui.login import IdleLock
from ui.pages import ElectionPage
from ui.register.page import RegisterPage
from ui.shell import FileShell, ShellPage
from ui.shell_backup import BackupKeeper
from ui.shell_poll import PollMenu, RunJob
from ui.turnout import TurnoutPage


class CountingNotReady(QWidget):
    """Stands in for the counting board when this station's setup has nothing to count (says why)."""

    def __init__(self, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = QLabel(reason, self)
        self.message.setWordWrap(True)
        QVBoxLayout(self).addWidget(self.message)


class StationShell(FileShell):
    """The station's five pages, its Poll and Settings menus, the idle lock and the rolling backups."""

    @property
    def can_lock(self) -> bool:
        return True

    def lock_now(self) -> None:
        self.lock.lock_now()

    def __init__(self, window: QWidget, data_file: DataFile, session: Session, election_page: ElectionPage,
                 settings: QSettings, run_job: RunJob) -> None:
        super().__init__(window)
        self.window, self.data_file, self.session = window, data_file, session
        conn = data_file.conn
        self.desk = DeskPage(data_file, session, window)
        self.turnout = TurnoutPage(conn, window)
        self.counting: QWidget = self._counting_page(window)
        self.register = RegisterPage(data_file, window)
        self.pages = [
            ShellPage("election", lambda: tr("Election"), election_page, election_page.setFocus, owned=False),
            ShellPage("desk", lambda: tr("Issuing desk"), self.desk, self.desk.focus_search),
            ShellPage("turnout", lambda: tr("Turnout"), self.turnout, self.turnout.contest.setFocus),
            ShellPage("counting", lambda: tr("Counting"), self.counting, self.counting.setFocus),
            ShellPage("register", lambda: tr("Voters"), self.register, self.register.focus_search),
        ]
        self.lock = IdleLock.for_session(conn, window, session)
        self.backups = BackupKeeper(data_file, settings, window)
        self.poll = PollMenu(window, data_file, session, self.backups, run_job)
        self.poll.poll_changed.connect(lambda _: self.refresh())
        self.desk.issued.connect(self.turnout.refresh)
        self.settings_menu = QMenu(window)
        self.backup_action = self.settings_menu.addAction("", self.backups.choose_folder)
        self.menus = [self.poll.menu, self.settings_menu]
        self.retranslate()
        self.backups.tick()     # a first backup when a folder is set, else the status bar says none is chosen

    def _counting_page(self, parent: QWidget) -> QWidget:
        page = CountingPage(parent)
        try:
            page.set_station(self.data_file.conn, self.session)
        except PollDeskError as exc:
            page.deleteLater()
            return CountingNotReady(exc.message, parent)
        return page

    def retranslate(self) -> None:
        self.poll.retranslate()
        self.settings_menu.setTitle(tr("&Settings"))
        self.backup_action.setText(tr("&Backup folder…"))

    def banner(self, key: str) -> str:
        if key == "counting" and poll_state(self.data_file.conn) not in ("counting", "certified"):
            return tr("Counting starts after the poll is closed, when the station chief chooses Poll > Start "
                      "counting. Until then no ballot can be entered here.")
        return ""

    def refresh(self) -> None:
        """Read the poll state and figures again on every page (after the chief's step)."""
        self.desk.refresh_header()
        self.turnout.refresh()
        if isinstance(self.counting, CountingPage):
            self.counting.refresh()
        self.poll.update_actions()

    def close(self) -> None:
        self.backups.stop()
        self.lock.stop()
        self.lock.screen.hide()
        self.lock.screen.deleteLater()
        self.lock.deleteLater()
        self.turnout.timer.stop()
        self.desk.close_file()
        self.register.close_file()
        super().close()
