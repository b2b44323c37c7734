"""The main window: open a station or district data file and see its election, communities, places, contests."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from app.errors import PollDeskError
from app.i18n import DEFAULT_LANGUAGE, language, set_language, tr
from ui import settings as user
from ui.collector import collect_between_events
from ui.shell import FileShell, ShellPage
from ui.shell_host import ShellHost
from ui.shell_view import ViewLook
from ui.statusbar import ElectionStatusBar
from ui.theme import Look, apply_style, install_cjk_font
from ui.welcome import WelcomePage
from ui.worker import Worker

if TYPE_CHECKING:   # app.auth, app.db and app.election are read with the first file, not at start-up
    from app.auth import Session
    from app.db import DataFile
    from app.election.overview import Overview
    from ui.pages import ElectionPage, TablePage
    from ui.shell_signin import SignIn

FILE_FILTER = "PollDesk (*.polldesk *.sqlite *.db);;*"
# Language names are written in their own language on purpose: a user who cannot read the
# current language must still find their own.
LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}
LANGUAGE_MENU = "语言/&Language"
PAGE_KEYS = 9          # Ctrl+1 .. Ctrl+9


def default_demo_path() -> Path:
    """Where `polldesk demo` (scripts/demo.sh) writes the demo district by default."""
    return Path.cwd() / "demo-output" / "district.polldesk"


def _demo_generator() -> Callable[..., Any] | None:
    """app.demo.run_demo when it exists and takes an output folder, else None (it is optional)."""
    try:
        from app.demo import run_demo  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    try:
        inspect.signature(run_demo).bind(Path("demo-output"))
    except (TypeError, ValueError):
        return None
    return run_demo  # type: ignore[no-any-return, unused-ignore]


def load_overview(path: Path) -> tuple[DataFile, Overview]:
    """Open a data file and read all the window shows (runs on the worker thread)."""
    from app.db import open_data_file  # with the first file: app.db pulls in the vault's cryptography
    from app.election.overview import read_overview

    df = open_data_file(path)
    try:
        return df, read_overview(df)
    except BaseException:
        df.close()
        raise


class MainWindow(ShellHost, ViewLook):
    """Welcome page until a file is open; then sign-in, and a navigation list with the file's pages.

    A station file gives overview, issuing desk, turnout, counting and register (ui/shell_station.py);
    a district file gives overview, communities, places, contests, register and candidates
    (ui/shell_district.py). Page n is Ctrl+n.
    """

    setup_shown = Signal(object)    # the SetupStationDialog on screen
    users_shown = Signal(object)    # the UsersDialog on screen

    def __init__(self, settings: QSettings | None = None, demo_path: Path | None = None) -> None:
        super().__init__()
        self.settings = settings or user.user_settings()
        self.demo_path = demo_path or default_demo_path()
        self.data_file: DataFile | None = None
        self.overview: Overview | None = None
        self.message_box: QMessageBox | None = None
        self.shell: FileShell | None = None
        self.session: Session | None = None
        self.sign_in: SignIn | None = None
        self.worker = Worker(self, self.show_message)
        self.resize(1280, 760)

        self.welcome = WelcomePage(self)
        self.welcome.open_requested.connect(self.choose_file)
        self.welcome.demo_requested.connect(self.open_demo)
        self.welcome.recent_requested.connect(self.open_file)
        self.welcome.setup_requested.connect(self.set_up_station)
        self._fixed: list[ShellPage] = []      # made with the first file (fixed_pages): start-up stays quick
        self.navigation = QListWidget(self)
        self.navigation.setObjectName("navigation")
        self.stack = QStackedWidget(self)
        self.navigation.currentRowChanged.connect(self._navigated)
        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.hide()
        workspace = QWidget(self)
        row = QHBoxLayout(workspace)
        row.addWidget(self._sidebar())
        row.addWidget(self.page_scroll(self.banner, self.stack), 1)
        self.screens = QStackedWidget(self)
        self.screens.addWidget(self.welcome)
        self.screens.addWidget(workspace)
        self.setCentralWidget(self.screens)
        self.status = ElectionStatusBar(self)
        self.setStatusBar(self.status)
        self._make_actions()
        self._make_menus()
        self.setTabOrder(self.navigation, self.stack)
        self.welcome.set_recent(user.recent_files(self.settings))
        self.retranslate()
        self._show_workspace(False)

    # ---- the pages every file has, made when a file first needs them ---------------------------

    def _make_fixed_pages(self) -> list[ShellPage]:
        """Election, communities, places and contests: made once, then kept in the stack, hidden, until a file
        shows them. Not at start-up: the welcome page is all the first screen shows."""
        if not self._fixed:
            from ui.pages import ElectionPage, communities_page, contests_page, places_page  # first file only

            self._election_page = ElectionPage(self)
            self._communities_page = communities_page(self)
            self._places_page = places_page(self)
            self._contests_page = contests_page(self)
            election, communities = self._election_page, self._communities_page
            places, contests = self._places_page, self._contests_page
            self._fixed = [
                ShellPage("election", lambda: tr("Election"), election, election.setFocus, False),
                ShellPage("communities", lambda: tr("Communities"), communities, communities.setFocus, False),
                ShellPage("places", lambda: tr("Voting places"), places, places.setFocus, False),
                ShellPage("contests", lambda: tr("Contests"), contests, contests.setFocus, False),
            ]
            for entry in self._fixed:
                self.stack.addWidget(entry.widget)
            election.retranslate()
        return self._fixed

    @property
    def fixed_pages(self) -> list[ShellPage]:
        """The four pages every file has (made on first use)."""
        return self._make_fixed_pages()

    @property
    def election_page(self) -> ElectionPage:
        """The election's facts and key rules (made on first use)."""
        self._make_fixed_pages()
        return self._election_page

    @property
    def communities_page(self) -> TablePage:
        """One row per community (made on first use)."""
        self._make_fixed_pages()
        return self._communities_page

    @property
    def places_page(self) -> TablePage:
        """One row per voting place (made on first use)."""
        self._make_fixed_pages()
        return self._places_page

    @property
    def contests_page(self) -> TablePage:
        """One row per contest (made on first use)."""
        self._make_fixed_pages()
        return self._contests_page

    def _made_tables(self) -> list[TablePage]:
        """The communities, places and contests pages once a file has needed them, else none."""
        return [self._communities_page, self._places_page, self._contests_page] if self._fixed else []

    # ---- actions and menus -------------------------------------------------------------------

    def _make_actions(self) -> None:
        self.open_action = QAction(self)
        self.open_action.setShortcut(QKeySequence("Ctrl+O"))
        self.open_action.triggered.connect(self.choose_file)
        self.demo_action = QAction(self)
        self.demo_action.triggered.connect(self.open_demo)
        self.setup_action = QAction(self)
        self.setup_action.triggered.connect(self.set_up_station)
        self.close_action = QAction(self)
        self.close_action.setShortcut(QKeySequence("Ctrl+W"))
        self.close_action.triggered.connect(self.close_file)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        self.lock_action = QAction(self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock_screen)
        self.sign_out_action = QAction(self)
        self.sign_out_action.triggered.connect(self.sign_out)
        self.users_action = QAction(self)
        self.users_action.triggered.connect(self.manage_users)
        self.page_actions: list[QAction] = []
        for number in range(PAGE_KEYS):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{number + 1}"))
            action.triggered.connect(lambda _=False, n=number: self.show_page(n))
            self.page_actions.append(action)
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGE_NAMES.items():
            action = QAction(name, self.language_group)
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, c=code: self.switch_language(c))
            self.language_actions[code] = action
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self._about)
        self._make_look_actions()

    def _make_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.recent_menu = QMenu(self)
        for item in (self.open_action, self.recent_menu, self.demo_action, self.setup_action, None,
                     self.close_action, None, self.quit_action):
            if item is None:
                self.file_menu.addSeparator()
            elif isinstance(item, QMenu):
                self.file_menu.addMenu(item)
            else:
                self.file_menu.addAction(item)
        self.view_menu = bar.addMenu("")
        self.view_menu.addActions(self.page_actions)
        self._add_look_menu(self.view_menu)
        self.user_menu = bar.addMenu("")
        self.user_menu.addActions([self.users_action, self.lock_action, self.sign_out_action])
        self.user_menu.aboutToShow.connect(self._enable_users_action)
        self.language_menu = bar.addMenu(LANGUAGE_MENU)
        self.language_menu.addActions(list(self.language_actions.values()))
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about_action)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        paths = user.recent_files(self.settings)
        for number, path in enumerate(paths, 1):
            action = self.recent_menu.addAction(f"&{number} {Path(path).name}")
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_file(p))
        self.recent_menu.setEnabled(bool(paths))

    # ---- language ----------------------------------------------------------------------------

    def switch_language(self, code: str) -> None:
        """Use `code` for every string at once, and remember it."""
        set_language(code)
        user.save_language(self.settings, code)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every visible string again in the language now in use."""
        self.file_menu.setTitle(tr("&File"))
        self.open_action.setText(tr("&Open…"))
        self.recent_menu.setTitle(tr("Open &recent"))
        self.demo_action.setText(tr("Open the &demo district…"))
        self.setup_action.setText(tr("&Set up this station from a setup package…"))
        self.close_action.setText(tr("&Close file"))
        self.quit_action.setText(tr("&Quit"))
        self.view_menu.setTitle(tr("&View"))
        self._name_look_menu()
        self.user_menu.setTitle(tr("&User"))
        self.users_action.setText(tr("&Users of this file…"))
        self.lock_action.setText(tr("&Lock the screen"))
        self.sign_out_action.setText(tr("Sign &out"))
        self.help_menu.setTitle(tr("&Help"))
        self.about_action.setText(tr("&About PollDesk"))
        self.language_actions[language()].setChecked(True)
        self._fill_recent_menu()
        self.welcome.retranslate()
        if self._fixed:
            self.election_page.retranslate()
        for page in self._made_tables():
            page.retranslate()
        if self.shell is not None:
            self.shell.retranslate()
            for entry in self.shell.pages:
                if entry.owned and hasattr(entry.widget, "retranslate"):
                    entry.widget.retranslate()
            self._show_banner()
        self._name_pages()
        self._fit_navigation()
        self.status.retranslate()
        self._show_user()
        self._set_title()

    def _set_title(self) -> None:
        if self.overview is None:
            self.setWindowTitle(tr("PollDesk"))
        else:
            self.setWindowTitle(tr("{election} — {file} — PollDesk", election=self.overview.summary.election.name,
                                   file=self.overview.summary.path.name))

    # ---- opening files -----------------------------------------------------------------------

    def choose_file(self) -> None:
        """Ask for a data file (File > Open…, Ctrl+O) and open it."""
        start = str(Path(user.recent_files(self.settings)[0]).parent) if user.recent_files(self.settings) else ""
        path, _ = QFileDialog.getOpenFileName(self, tr("Open a data file"), start, FILE_FILTER)
        if path:
            self.open_file(path)

    def open_file(self, path: str | Path) -> None:
        """Open `path` in the background; the pages show it when it is read."""
        from app.vault import is_encrypted  # with the first file: app.vault pulls in cryptography

        path = Path(path)
        if is_encrypted(path):        # nothing can be read before it is unlocked: sign in first
            try:
                self._unlock_first(path)
            except PollDeskError as exc:      # its key file is damaged
                self.show_message(exc.message)
                self.open_failed.emit(exc.message)
            return
        self.worker.run(lambda: load_overview(path), self._loaded,
                        tr("Opening {name}…", name=path.name), on_failed=self.open_failed.emit)

    def _loaded(self, result: tuple[DataFile, Overview]) -> None:
        data_file, overview = result
        self._forget_file()
        self.data_file = data_file
        self._show_overview(overview)
        self.status.show_summary(overview.summary)
        self.welcome.set_recent(user.remember_file(self.settings, overview.summary.path))
        self._fill_recent_menu()
        self._set_title()
        self._ask_sign_in()

    def _show_overview(self, overview: Overview) -> None:
        self.overview = overview
        self.election_page.show_overview(overview)
        self.communities_page.set_rows(overview.communities)
        self.places_page.set_rows(overview.places)
        self.contests_page.set_rows(overview.contests)

    def refresh_overview(self) -> None:
        """Read the open file's overview again (after an import changed the register)."""
        from app.election.overview import read_overview  # loaded with the first file (load_overview)

        if self.data_file is not None:
            self._show_overview(read_overview(self.data_file))

    def open_demo(self) -> None:
        """Open the demo district; offer to build it first when it is not there yet."""
        if self.demo_path.is_file():
            self.open_file(self.demo_path)
            return
        generator = _demo_generator()
        if generator is None:
            self.show_message(tr("The demo district has not been built yet. Run scripts/demo.sh (or "
                                 "`polldesk demo`) once, then open it again here."))
            return
        box = QMessageBox(QMessageBox.Icon.Question, tr("PollDesk"),
                          tr("The demo district has not been built yet. Build it now in {folder}? "
                             "This takes a while.", folder=str(self.demo_path.parent)),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.accepted.connect(lambda: self._build_demo(generator))
        self.message_box = box
        box.open()

    def _build_demo(self, generator: Callable[..., Any]) -> None:
        folder = self.demo_path.parent
        self.worker.run(lambda: generator(folder, encrypt=True), lambda _: self.open_file(self.demo_path),
                        tr("Building the demo district…"))

    def close_file(self) -> None:
        """Close the open file (every page's connections first) and go back to the welcome page."""
        self._forget_file()
        for page in self._made_tables():
            page.set_rows([])
        self.status.show_summary(None)
        self._set_title()
        self._show_workspace(False)

    def _forget_file(self) -> None:
        self._remove_shell()
        if self.data_file is not None:
            self.data_file.close()
        self.data_file = self.overview = None
        if self._fixed:
            self.election_page.show_overview(None)

    # ---- setting up a station, managing users --------------------------------------------------

    def set_up_station(self) -> None:
        """File > Set up this station from a setup package: make the encrypted station file, open it signed in."""
        from ui.setup_dialog import show_setup_dialog

        self.setup_shown.emit(show_setup_dialog(self, self.worker.run, self.open_set_up))

    def open_set_up(self, result: tuple[DataFile, Overview, Session]) -> None:
        """Show a station file just made, signed in as its chief (as after unlocking an encrypted file)."""
        if self.unlock is not None:
            self.unlock.cancel()
            self.unlock = None
        self.unlocked_session = result[2]
        self._loaded(result[:2])

    def _enable_users_action(self) -> None:
        enabled = False
        if self.data_file is not None and self.session is not None:   # not at start-up: app.auth comes with a file
            from ui.users_dialog import may_manage_users

            enabled = may_manage_users(self.session)
        self.users_action.setEnabled(enabled)

    def manage_users(self) -> None:
        """User > Users of this file: list, add, reset, unlock, remove (chief or district administrator)."""
        from ui.users_dialog import may_manage_users, show_users_dialog

        if self.data_file is not None and self.session is not None and may_manage_users(self.session):
            self.users_shown.emit(show_users_dialog(self, self.data_file, self.session, self.worker.run))

    # ---- pages and messages ------------------------------------------------------------------

    def _show_workspace(self, shown: bool) -> None:
        self.screens.setCurrentIndex(1 if shown else 0)
        self.close_action.setEnabled(shown)
        for action in self.page_actions:
            action.setEnabled(shown)
        self.lock_action.setEnabled(shown and self.shell is not None and self.shell.can_lock)
        self.sign_out_action.setEnabled(shown and self.session is not None)
        self._enable_users_action()
        (self.navigation if shown else self.welcome).setFocus()

    def show_message(self, text: str) -> None:
        """Tell the user something (an error they can act on) without blocking the window's events."""
        box = QMessageBox(QMessageBox.Icon.Warning, tr("PollDesk"), text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message_box = box
        box.finished.connect(lambda _: self._message_closed(box))
        box.open()

    def _message_closed(self, box: QMessageBox) -> None:
        if self.message_box is box:
            self.message_box = None

    def _about(self) -> None:
        from app import __version__

        self.show_message(tr("PollDesk {version}: offline software for community residents' committee "
                             "elections.", version=__version__))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.worker.wait()
        self._forget_file()
        super().closeEvent(event)


def run(files: list[str]) -> int:
    """Start the application, open the first file given, and run until the window closes."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("PollDesk")
    settings = user.user_settings()
    chosen = user.saved_language(settings)
    if chosen and language() == DEFAULT_LANGUAGE:   # an explicit --lang wins over the saved choice
        set_language(chosen)
    font_problem = install_cjk_font(app)
    apply_style(app, Look.from_environment(user.saved_look(settings)))
    window = MainWindow(settings)
    collect_between_events(window)
    window.showMaximized()
    if font_problem:
        window.show_message(font_problem)
    if files:
        window.open_file(files[0])
    return app.exec()
