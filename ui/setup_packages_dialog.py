"""Making the voting places' setup packages and their setup sheets at the district (制作投票站初始数据包), in the window.

The same steps as `polldesk package setup DISTRICT_DB --place … --out STICK --sheet FILE.pdf`: the places
(all ticked, under their communities), the folder on the stick, and the setup sheets PDF, which is refused
inside the package folder (the sheet travels by hand, apart from the stick). The packages are made on the
worker with the window's file; the dialog then lists them and offers to open the sheets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.auth import Action, Session, may
from app.db import DataFile
from app.district.words import place_kind_word
from app.errors import PollDeskError
from app.i18n import tr
from app.reports.setup_sheet import check_sheet_apart, issue_setup_packages, setup_places
from ui.dialog_parts import FittedTable, fit_to_screen, guarded, heading, reveal, scroll_body
from ui.login.look import LARGE, message_label, plain_button, show_message
from ui.register.job import FileSource, own_connection
from ui.setup_dialog import default_station_folder

RunJob = Callable[..., None]    # the window's Worker.run(fn, on_done, label)
PLACE_ROLE = Qt.ItemDataRole.UserRole
VISIBLE_ROWS = 12       # the places list shows this many rows before it scrolls


@dataclass(frozen=True)
class MadePackages:
    """What the worker wrote: each place and its package file, the folder, and the sheet PDF."""

    rows: list[tuple[str, str]]
    folder: Path
    sheet: Path
    pages: int


def make_setup_packages(district: FileSource, places: list[str], folder: Path, sheet: Path,
                        session: Session) -> MadePackages:
    """Make the packages and print their sheets (on the worker thread, with its own connection)."""
    with own_connection(district, kind="district") as df:
        issued = issue_setup_packages(df, places, folder, sheet, session=session)
    assert issued.sheet is not None, "a sheet was asked for"
    return MadePackages([(c.place_code, c.file) for c in issued.codes], issued.folder, issued.sheet.path,
                        issued.sheet.pages)


def default_sheet_file(election_id: str) -> Path:
    """Where the sheets go unless the user picks another place: PollDesk in the documents, stamped with the time."""
    return default_station_folder() / f"{election_id}_setup-sheets_{datetime.now():%Y%m%d-%H%M}.pdf"


class SetupPackagesDialog(QDialog):
    """The places to make packages for, the stick's folder, the sheets PDF; Make writes them all."""

    def __init__(self, parent: QWidget, data_file: DataFile, session: Session, run_job: RunJob) -> None:
        super().__init__(parent)
        self.data_file, self.session, self.run_job = data_file, session, run_job
        self.busy = False
        self.made: MadePackages | None = None
        self.setStyleSheet(LARGE)
        title, hint = heading(self, tr("Make setup packages for the voting places"), tr(
            "Each ticked voting place gets a setup package in the folder on the USB stick, sealed with a new setup "
            "code. The setup sheets (one page a place, with the district key fingerprint and the setup code) are saved "
            "apart from the stick: print them and hand each one over by hand, never on the stick."))
        self.places = QTreeWidget(self)
        self.places.setHeaderHidden(True)
        self.places.setWordWrap(True)            # a long place name wraps at 200 % instead of being cut
        self.places.setTextElideMode(Qt.TextElideMode.ElideNone)
        self._fill_places()
        rows = min(len(self.place_items()) + self.places.topLevelItemCount(), VISIBLE_ROWS)
        self.places.setMinimumHeight(int(rows * self.fontMetrics().height() * 1.4) + 2 * self.places.frameWidth())
        self.folder = QLineEdit(self)
        self.folder.setPlaceholderText(tr("the USB stick"))
        self.folder_button = plain_button(tr("C&hoose…"), self)
        self.sheet = QLineEdit(str(default_sheet_file(data_file.election_id)), self)
        self.sheet_button = plain_button(tr("Choos&e…"), self)
        self.message = message_label(self)
        self.results = FittedTable([tr("Voting place"), tr("Setup package file")], self, stretch=1)
        self.results.hide()
        self.make_button = plain_button(tr("&Make the packages and sheets"), self)
        self.open_button = plain_button(tr("&Open the setup sheets"), self)
        self.open_button.hide()
        self.close_button = plain_button(tr("Close"), self)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._add_row(form, tr("Folder for the &packages"), self.folder, self.folder_button)
        self._add_row(form, tr("Save the setup &sheets as"), self.sheet, self.sheet_button)
        places_label = QLabel(tr("&Voting places"), self)
        places_label.setBuddy(self.places)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.make_button, self.open_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout()
        for widget in (title, hint, places_label):
            layout.addWidget(widget)
        layout.addWidget(self.places, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.results)
        self.body = scroll_body(self, layout, buttons)

        self.folder_button.clicked.connect(self.choose_folder)
        self.sheet_button.clicked.connect(self.choose_sheet)
        self.make_button.clicked.connect(self.make_packages)
        self.open_button.clicked.connect(self.open_sheets)
        self.close_button.clicked.connect(self.reject)
        self.folder.returnPressed.connect(self.sheet.setFocus)
        self.sheet.returnPressed.connect(self.make_packages)

    def _add_row(self, form: QFormLayout, text: str, field: QLineEdit, button: QWidget) -> None:
        label = QLabel(text, self)
        label.setBuddy(field)
        row = QHBoxLayout()
        row.addWidget(field, 1)
        row.addWidget(button)
        form.addRow(label, row)

    def _fill_places(self) -> None:
        """Each community, and under it its voting places, all ticked."""
        communities: dict[str, QTreeWidgetItem] = {}
        for place in setup_places(self.data_file):
            parent = communities.get(place.community_code)
            if parent is None:
                parent = QTreeWidgetItem(self.places, [f"{place.community_name} ({place.community_code})"])
                parent.setFlags(parent.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate)
                parent.setCheckState(0, Qt.CheckState.Checked)
                communities[place.community_code] = parent
            item = QTreeWidgetItem(parent, [f"{place.name} ({place.code}) · {place_kind_word(place.kind)}"])
            item.setData(0, PLACE_ROLE, place.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked)
        self.places.expandAll()

    def place_items(self) -> list[QTreeWidgetItem]:
        """The voting places' rows, in order."""
        root = self.places.invisibleRootItem()
        communities = [c for n in range(root.childCount()) if (c := root.child(n)) is not None]
        return [p for c in communities for n in range(c.childCount()) if (p := c.child(n)) is not None]

    def chosen_places(self) -> list[str]:
        """The codes of the ticked voting places."""
        return [str(item.data(0, PLACE_ROLE)) for item in self.place_items()
                if item.checkState(0) == Qt.CheckState.Checked]

    def choose_folder(self) -> None:
        """Pick the folder on the USB stick the packages go into."""
        path = QFileDialog.getExistingDirectory(self, tr("Choose the folder for the setup packages"),
                                                self.folder.text())
        if path:
            self.folder.setText(path)

    def choose_sheet(self) -> None:
        """Pick where the setup sheets PDF is saved (not on the stick)."""
        path, _ = QFileDialog.getSaveFileName(self, tr("Save the setup sheets as"), self.sheet.text(), "PDF (*.pdf)")
        if path:
            self.sheet.setText(path if Path(path).suffix else path + ".pdf")

    def make_packages(self) -> None:
        """Check the choices, then make the packages and the sheets in the background."""
        if self.busy:
            return
        places, folder, sheet = self.chosen_places(), self.folder.text().strip(), self.sheet.text().strip()
        if not places:
            self._refuse(tr("Tick at least one voting place."), self.places)
            return
        for field, text in ((self.folder, folder), (self.sheet, sheet)):
            if not text:
                self._refuse(tr("Choose the folder for the packages and where to save the setup sheets."), field)
                return
        try:
            check_sheet_apart(sheet, folder)
        except PollDeskError as exc:
            self._refuse(exc.message, self.sheet)
            return
        self.busy = True
        self.make_button.setEnabled(False)
        show_message(self.message, tr("Making {n} setup packages…", n=len(places)), "info")
        district, session = self.data_file, self.session
        self.run_job(guarded(lambda: make_setup_packages(district, places, Path(folder), Path(sheet), session)),
                     self._done, tr("Making {n} setup packages…", n=len(places)), on_failed=self._failed)

    def _done(self, result: Any) -> None:
        self.busy = False
        if isinstance(result, PollDeskError):
            self._failed(result.message)
            return
        self.made = result
        show_message(self.message, tr("{n} setup packages are in {folder}. The setup sheets ({pages} pages) are saved "
                                      "as {sheet}: print them and hand each sheet over apart from the stick.",
                                      n=len(result.rows), folder=str(result.folder), pages=result.pages,
                                      sheet=str(result.sheet)), "good")
        self.results.set_rows([[place, file] for place, file in result.rows])
        self.results.show()
        self.open_button.show()
        self.open_button.setFocus()
        reveal(self, self.body, self.results)

    def _failed(self, text: str) -> None:
        self.busy = False
        self.make_button.setEnabled(True)
        self._refuse(text, self.folder)

    def _refuse(self, text: str, field: QWidget) -> None:
        show_message(self.message, text)
        field.setFocus()
        reveal(self, self.body, self.message)

    def open_sheets(self) -> None:
        """Open the sheets PDF in the computer's PDF reader, to print it."""
        if self.made is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.made.sheet)))


class SetupPackagesMaker(QObject):
    """File > Make setup packages for the voting places…: enabled for a user allowed to export packages."""

    def __init__(self, window: QWidget, data_file: DataFile, session: Session | None, run_job: RunJob,
                 parent: QObject | None = None) -> None:
        super().__init__(parent or window)
        self.window, self.data_file, self.session, self.run_job = window, data_file, session, run_job
        self.dialog: SetupPackagesDialog | None = None
        self.action = QAction(self)
        self.action.triggered.connect(self.open_dialog)
        self.action.setEnabled(self.allowed())
        self.retranslate()

    def retranslate(self) -> None:
        self.action.setText(tr("&Make setup packages for the voting places…"))

    def allowed(self) -> bool:
        """Whether the signed-in user may make setup packages (the right to export packages)."""
        return self.session is not None and may(self.session.role, Action.EXPORT_PACKAGE)

    def open_dialog(self) -> SetupPackagesDialog | None:
        """Open the dialog over the window (not blocking); None for a user without the right."""
        if self.session is None or not self.allowed():
            return None
        dialog = SetupPackagesDialog(self.window, self.data_file, self.session, self.run_job)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._forget)
        fit_to_screen(dialog, dialog.body)
        self.dialog = dialog
        dialog.open()
        dialog.folder.setFocus()
        return dialog

    def _forget(self) -> None:
        self.dialog = None
