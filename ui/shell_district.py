"""A district file in the main window: overview, communities, places, contests, register, candidates, imports.

Without a signed-in user (a file with no users yet) the district is browsed read-only: a banner says so
and the import actions are off; File > Print the election-day checklist… works read-only too. The register
page, the import wizard and the worker's jobs reopen the window's file (with its key when it is encrypted).
The district dashboard (ui/district, written separately) joins the pages when that package exports
`DashboardPage`; see `dashboard_page`.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QWidget

from app.auth import Action, Session, may
from app.db import DataFile
from app.exchange import import_packages
from app.i18n import tr
from ui.candidates import CandidatesPage
from ui.register.changes import RegisterChanges
from ui.register.job import FileSource, own_connection
from ui.register.page import RegisterPage
from ui.register.wizard import ImportWizard
from ui.setup_packages_dialog import SetupPackagesMaker
from ui.shell import FileShell, ShellPage
from ui.shell_imports import ImportResultsDialog
from ui.shell_poll import ChecklistPrinter, RunJob
from ui.shell_signin import users_command


def import_station_packages(district: FileSource, packages: list[Path],
                            session: Session) -> list[dict[str, object]]:
    """Import station packages into the district file (on the worker thread, with its own connection)."""
    with own_connection(district, kind="district") as df:
        return [outcome.as_dict() for outcome in import_packages(df, packages, session=session)]


def dashboard_page(parent: QWidget, data_file: DataFile, session: Session | None) -> QWidget | None:
    """HOOK for the district dashboard (全区进度): ui.district.DashboardPage(conn, session, parent), else None.

    The dashboard is written separately; without that package the district simply has no such page.
    """
    try:
        module = importlib.import_module("ui.district")
    except ImportError:
        return None
    page_class = getattr(module, "DashboardPage", None)
    if page_class is None:
        return None
    page: QWidget = page_class(data_file.conn, session, parent)
    return page


class DistrictShell(FileShell):
    """The district office's pages and its two imports (register file, station packages)."""

    register_reloaded = Signal()
    packages_imported = Signal(object)   # the list of per-package outcomes (dicts)

    def __init__(self, window: QWidget, data_file: DataFile, session: Session | None, fixed: list[ShellPage],
                 run_job: RunJob, parent: QObject | None = None) -> None:
        super().__init__(parent or window)
        self.window, self.data_file, self.session, self.run_job = window, data_file, session, run_job
        self.dialog: QWidget | None = None
        self.register = RegisterPage(data_file, window)
        self.candidates = CandidatesPage(window)
        self.candidates.set_file(data_file.conn, session)
        self.pages = [*fixed,
                      ShellPage("register", lambda: tr("Voters"), self.register, self.register.focus_search),
                      ShellPage("candidates", lambda: tr("Candidates"), self.candidates,
                                self.candidates.community.setFocus)]
        self.dashboard = dashboard_page(window, data_file, session)
        if self.dashboard is not None:   # last, so that Ctrl+2..6 stay where they were
            self.pages.append(ShellPage("dashboard", lambda: tr("Dashboard"), self.dashboard,
                                        self.dashboard.setFocus))
        self.register_action = QAction(window)
        self.register_action.triggered.connect(self.import_register)
        self.packages_action = QAction(window)
        self.packages_action.triggered.connect(self.choose_packages)
        self.register_action.setEnabled(session is not None and may(session.role, Action.EDIT_REGISTER))
        self.packages_action.setEnabled(session is not None and may(session.role, Action.IMPORT_PACKAGE))
        self.checklist = ChecklistPrinter(window, data_file, run_job, parent=self)
        self.setup_packages = SetupPackagesMaker(window, data_file, session, run_job, parent=self)
        self.changes = RegisterChanges(window, data_file, session, self.register, parent=self)
        self.changes.changed.connect(self._register_changed)
        self.menus = [self.changes.menu]
        self.file_actions = [self.register_action, self.setup_packages.action, self.packages_action,
                             self.checklist.action]
        self.retranslate()

    def banner(self, key: str) -> str:
        if self.session is not None:
            return ""
        return tr("Read-only: this district file has no users yet, so nothing can be changed or imported. "
                  "Add the district administrator with: {command}",
                  command=users_command(str(self.data_file.path), "district_admin"))

    def retranslate(self) -> None:
        self.register_action.setText(tr("Import the voter re&gister…"))
        self.packages_action.setText(tr("Import station &packages…"))
        self.checklist.retranslate()
        self.setup_packages.retranslate()
        self.changes.retranslate()

    # ---- the register ------------------------------------------------------------------------

    def import_register(self) -> ImportWizard | None:
        """File > Import the voter register…: the import wizard; the register page reloads after an import."""
        if self.session is None:
            return None
        wizard = ImportWizard(self.data_file, self.window, actor=self.session)
        wizard.imported.connect(lambda _: self.reload_register())
        self.dialog = wizard
        wizard.open()
        return wizard

    def reload_register(self) -> None:
        """Read the register again after an import."""
        self.register.reload()
        self.register_reloaded.emit()

    def _register_changed(self, text: str) -> None:
        """A voter added or removed, or a double registration resolved: read the register again, say so."""
        self.reload_register()
        self.register.say(text)

    # ---- station packages --------------------------------------------------------------------

    def choose_packages(self) -> QFileDialog:
        """File > Import station packages…: choose the packages (zip files) on the stick."""
        dialog = QFileDialog(self.window, tr("Choose the station packages to import"), "", "*.zip")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.filesSelected.connect(lambda names: self.import_packages([Path(n) for n in names]))
        dialog.finished.connect(lambda _: dialog.deleteLater())
        self.dialog = dialog
        dialog.open()
        return dialog

    def import_packages(self, packages: list[Path]) -> None:
        """Import `packages` on the worker thread; then show each one's outcome in a table."""
        if self.session is None or not packages:
            return
        district, session = self.data_file, self.session
        self.run_job(lambda: import_station_packages(district, packages, session), self._imported,
                     tr("Importing {n} station packages…", n=len(packages)))

    def _imported(self, outcomes: Any) -> None:
        dialog = ImportResultsDialog(outcomes, self.window)
        dialog.finished.connect(lambda _: dialog.deleteLater())
        self.dialog = dialog
        dialog.open()
        if self.dashboard is not None and hasattr(self.dashboard, "refresh"):
            self.dashboard.refresh()
        self.packages_imported.emit(outcomes)

    def close(self) -> None:
        self.register.close_file()
        for action in self.file_actions:
            action.deleteLater()
        self.file_actions = []
        super().close()
