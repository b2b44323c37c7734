"""The main window's part that hosts an open file: sign-in, the file's pages and menus, sign-out and lock."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QListWidget, QMainWindow, QMenu, QStackedWidget, QWidget

from app.i18n import tr
from ui.shell import FileShell, ShellPage
from ui.shell_view import size_by_current_page
from ui.worker import Worker

if TYPE_CHECKING:   # app.auth, app.db and app.election are read with the first file, not at start-up
    from app.auth import Session
    from app.db import DataFile
    from app.election.overview import Overview
    from ui.login.unlock import UnlockFirst
    from ui.pages import ElectionPage
    from ui.shell_signin import SignIn

BACKUP_LABEL_WIDTH = 300


class ShellHost(QMainWindow):
    """MainWindow's base: everything between "the file is read" and "its pages are on screen"."""

    file_loaded = Signal()             # a file's pages are on screen (after sign-in)
    open_failed = Signal(str)          # the message the user was shown
    login_requested = Signal(object)   # the LoginDialog on screen

    # made by MainWindow.__init__
    data_file: DataFile | None
    overview: Overview | None
    shell: FileShell | None
    session: Session | None
    sign_in: SignIn | None
    settings: QSettings
    worker: Worker
    navigation: QListWidget
    stack: QStackedWidget
    banner: QLabel
    backup_label: QLabel
    user_label: QLabel
    file_menu: QMenu
    user_menu: QMenu
    close_action: QAction
    page_actions: list[QAction]
    file_separator: QAction | None = None
    unlocked_session: Session | None = None    # who unlocked the encrypted file being read (ui/login/unlock.py)
    unlock: UnlockFirst | None = None          # the encrypted file's login dialog, while it is asked

    @property
    def fixed_pages(self) -> list[ShellPage]:
        raise NotImplementedError

    @property
    def election_page(self) -> ElectionPage:
        raise NotImplementedError

    def close_file(self) -> None:
        raise NotImplementedError

    def retranslate(self) -> None:
        raise NotImplementedError

    def refresh_overview(self) -> None:
        raise NotImplementedError

    def _show_workspace(self, shown: bool) -> None:
        raise NotImplementedError

    def _ask_sign_in(self) -> None:
        from ui.shell_signin import SignIn  # loaded with the first file: start-up stays quick

        assert self.data_file is not None and self.overview is not None
        sign_in = SignIn(self, self.data_file, self.overview.summary, self._signed, self._sign_in_refused,
                         session=self.unlocked_session)
        self.sign_in, self.unlocked_session = sign_in, None
        sign_in.login_shown.connect(self.login_requested)
        sign_in.start()

    def _unlock_first(self, path: Path) -> None:
        """An encrypted file: its login dialog first; the same name and password open it and sign in."""
        from ui.login.unlock import UnlockFirst, overview_of

        if self.unlock is not None:
            self.unlock.cancel()
        unlock = UnlockFirst(self, path)
        unlock.login_shown.connect(self.login_requested)

        def unlocked(data_file: DataFile, session: Session) -> None:
            self.unlock, self.unlocked_session = None, session
            self.worker.run(lambda: overview_of(data_file), self._loaded, tr("Opening {name}…", name=path.name),
                            on_failed=self.open_failed.emit)

        unlock.unlocked.connect(unlocked)
        self.unlock = unlock
        unlock.start()

    def _loaded(self, result: tuple[DataFile, Overview]) -> None:
        raise NotImplementedError

    def _sign_in_refused(self, message: str) -> None:
        self.sign_in = None
        self.close_file()
        if message:
            self.open_failed.emit(message)

    def _signed(self, session: Session | None) -> None:
        self.sign_in = None
        assert self.data_file is not None and self.overview is not None
        self.session = session
        if self.overview.summary.is_district:
            from ui.shell_district import DistrictShell

            district = DistrictShell(self, self.data_file, session, self.fixed_pages, self.worker.run)
            district.register_reloaded.connect(self.refresh_overview)
            shell: FileShell = district
        else:
            assert session is not None
            from ui.shell_station import StationShell

            station = StationShell(self, self.data_file, session, self.election_page, self.settings, self.worker.run)
            station.backups.changed.connect(self._show_backup)
            self._show_backup(station.backups.state)
            station.poll.poll_changed.connect(lambda _: self._show_banner())
            shell = station
        self._install_shell(shell)
        self._show_workspace(True)
        self.activateWindow()      # back from the login dialog: the keyboard belongs to the window again
        self.show_page(0)
        # the first page may be on screen already (no currentChanged): the pages just added must ask no room
        size_by_current_page(self.stack)
        self.file_loaded.emit()

    def _install_shell(self, shell: FileShell) -> None:
        self.shell = shell
        self.navigation.blockSignals(True)
        self.navigation.clear()
        for entry in shell.pages:
            self.navigation.addItem("")
            if self.stack.indexOf(entry.widget) < 0:
                self.stack.addWidget(entry.widget)
        self.navigation.blockSignals(False)
        for menu in shell.menus:
            self.menuBar().insertMenu(self.user_menu.menuAction(), menu)
        for action in shell.file_actions:
            self.file_menu.insertAction(self.close_action, action)
        if shell.file_actions:
            self.file_separator = self.file_menu.insertSeparator(self.close_action)
        self.retranslate()

    def _remove_shell(self) -> None:
        """Take the file's pages and menus out of the window and close them."""
        shell, self.shell, self.session = self.shell, None, None
        if self.sign_in is not None:
            self.sign_in.cancel()
            self.sign_in = None
        if shell is None:
            return
        for menu in shell.menus:
            self.menuBar().removeAction(menu.menuAction())
        for action in shell.file_actions:
            self.file_menu.removeAction(action)
        if self.file_separator is not None:
            self.file_menu.removeAction(self.file_separator)
            self.file_separator = None
        for entry in shell.pages:
            if entry.owned:
                self.stack.removeWidget(entry.widget)
        self.navigation.blockSignals(True)
        self.navigation.clear()
        self.navigation.blockSignals(False)
        shell.close()
        shell.deleteLater()
        self.banner.hide()
        self.backup_label.clear()
        self._name_pages()
        self._show_user()

    def _show_backup(self, text: str) -> None:
        """The last backup's outcome, cut short in the middle when long (the whole sentence is the tooltip)."""
        metrics = self.backup_label.fontMetrics()
        self.backup_label.setText(metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, BACKUP_LABEL_WIDTH))
        self.backup_label.setToolTip(text)

    def lock_screen(self) -> None:
        """Ctrl+L: cover the window until the signed-in user's password (the clerk steps away)."""
        if self.shell is not None and self.shell.can_lock:
            self.shell.lock_now()

    def sign_out(self) -> None:
        """Sign out: the pages close, the file stays open and the next user signs in (cancel closes the file)."""
        if self.data_file is None or self.session is None:
            return
        self._remove_shell()
        self._ask_sign_in()

    def _name_pages(self) -> None:
        """The numbered titles in the navigation list and the View menu."""
        entries = self.shell.pages if self.shell is not None else []
        for number, action in enumerate(self.page_actions):
            title = entries[number].title() if number < len(entries) else ""
            if number < self.navigation.count():
                self.navigation.item(number).setText(f"{number + 1}  {title}")
            action.setText(f"&{number + 1} {title}")
            action.setVisible(number < len(entries))

    def _show_user(self) -> None:
        """Who is signed in, short in the status bar (user name and role); the display name is the tooltip."""
        session = self.session
        if session is not None:
            from app.auth import role_label  # once someone signs in: app.auth pulls in argon2 and the vault

            self.user_label.setText(tr("{user} · {role}", user=session.user, role=role_label(session.role)))
            self.user_label.setToolTip(tr("Signed in: {name} ({user}) — {role}", name=session.display_name or
                                          session.user, user=session.user, role=role_label(session.role)))
        elif self.shell is not None:
            self.user_label.setText(tr("Read-only: nobody signed in"))
            self.user_label.setToolTip("")
        else:
            self.user_label.clear()
            self.user_label.setToolTip("")

    @property
    def pages(self) -> list[QWidget]:
        """The open file's pages in navigation order (page n is Ctrl+n+1)."""
        return [entry.widget for entry in self.shell.pages] if self.shell is not None else []

    def page(self, key: str) -> QWidget:
        """The open file's page called `key` ("desk", "turnout", "register", ...)."""
        if self.shell is None:
            raise KeyError(key)
        return self.shell.page(key)

    def _navigated(self, row: int) -> None:
        if self.shell is not None and 0 <= row < len(self.shell.pages):
            self.stack.setCurrentWidget(self.shell.pages[row].widget)
        self._show_banner()

    def _show_banner(self) -> None:
        """The open file's sentence for the page on screen (read-only district, counting not started yet)."""
        row = self.navigation.currentRow()
        shell = self.shell
        text = shell.banner(shell.pages[row].key) if shell is not None and 0 <= row < len(shell.pages) else ""
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def show_page(self, number: int) -> None:
        """Show page `number` (counted from 0) and put the keyboard in its main input."""
        if self.shell is None or not 0 <= number < len(self.shell.pages):
            return
        self.navigation.setCurrentRow(number)
        self.stack.setCurrentWidget(self.shell.pages[number].widget)
        self._show_banner()
        self.shell.pages[number].focus()

