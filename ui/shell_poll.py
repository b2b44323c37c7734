"""The station's Poll menu (投票): the chief opens and closes the poll and starts the count; papers and the package.

Each poll step needs the station chief: a signed-in chief confirms; anyone else calls the chief to the desk
(ChiefApprovalDialog). Closing the poll backs the file up at once when a backup folder is set, then offers the
station summary PDF. The election-day checklist (选举日检查清单) is printed from here too (the district prints
it from its File menu). The result package is written on the worker thread and read back before the user is
told the stick may be pulled out. Worker jobs reopen the window's file (with its key when it is encrypted).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from app.auth import Action, Session, may
from app.backup import close_poll_with_backup
from app.db import DataFile
from app.errors import PollDeskError
from app.exchange import export_station_package
from app.i18n import tr
from app.pollbook import close_poll, open_poll, poll_state, start_counting
from app.reports.checklist import checklist_pdf
from app.reports.station_summary import station_summary_pdf
from ui.login import ChiefApprovalDialog
from ui.register.job import FileSource, own_connection
from ui.shell import ask, give_back_keyboard, tell
from ui.shell_backup import BackupKeeper

RunJob = Callable[..., None]    # the window's Worker.run(fn, on_done, label)


def summary_pdf(station: FileSource, out: Path) -> Path:
    """Print the station summary of the file `station` (on the worker thread, with its own connection)."""
    with own_connection(station, kind="station") as df:
        return station_summary_pdf(df.conn, out).path


def export_package(station: FileSource, folder: Path, session: Session) -> Path:
    """Write and read back the station's result package (on the worker thread, with its own connection)."""
    with own_connection(station, kind="station") as df:
        return export_station_package(df, folder, session=session)


def checklist_file(data_file: FileSource, out: Path) -> Path:
    """Print the election-day checklist of a station or district file (worker thread, its own connection)."""
    with own_connection(data_file) as df:
        return checklist_pdf(df, out).path


def pdf_file_dialog(window: QWidget, title: str, suggested: Path, chosen: Callable[[Path], None]) -> QFileDialog:
    """Where to save a PDF (not blocking the window); `chosen(path)` when the user picks one."""
    dialog = QFileDialog(window, title, str(suggested), "PDF (*.pdf)")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setDefaultSuffix("pdf")
    dialog.fileSelected.connect(lambda name: chosen(Path(name)))
    dialog.finished.connect(lambda _: dialog.deleteLater())
    dialog.open()
    return dialog


def saved_pdf_box(window: QWidget, text: str, out: Path) -> QMessageBox:
    """Say where a PDF was written, with a button that opens it."""
    box = tell(window, text)
    opener = box.addButton(tr("Open it"), QMessageBox.ButtonRole.ActionRole)
    opener.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(out))))
    return box


class ChecklistPrinter(QObject):
    """打印选举日检查清单: choose where, print on the worker thread, say where it is; `saved(path)` then."""

    saved = Signal(object)

    def __init__(self, window: QWidget, data_file: DataFile, run_job: RunJob, parent: QObject | None = None) -> None:
        super().__init__(parent or window)
        self.window, self.data_file, self.run_job = window, data_file, run_job
        self.dialog: QWidget | None = None
        self.action = QAction(self)      # goes with the printer (the menu that shows it does not own it)
        self.action.triggered.connect(self.choose_file)
        self.retranslate()

    def retranslate(self) -> None:
        self.action.setText(tr("Print the election-day chec&klist…"))

    def choose_file(self) -> QFileDialog:
        """Ask where to save the checklist PDF (beside the data file by default)."""
        name = f"{self.data_file.place_code or self.data_file.kind}-checklist.pdf"
        dialog = pdf_file_dialog(self.window, tr("Save the election-day checklist"),
                                 self.data_file.path.parent / name, self.print_to)
        self.dialog = dialog
        return dialog

    def print_to(self, out: Path) -> None:
        """Write the checklist PDF to `out` in the background, then say where it is."""
        data_file = self.data_file
        self.run_job(lambda: checklist_file(data_file, out), self._printed,
                     tr("Printing the election-day checklist…"))

    def _printed(self, out: Any) -> None:
        self.dialog = saved_pdf_box(self.window, tr("The election-day checklist is saved as {path}. Print it and "
                                                    "tick each step as it is done.", path=str(out)), Path(out))
        self.saved.emit(out)


class PollMenu(QObject):
    """The menu and what its actions do; `poll_changed(state)` after each step, `exported(path)` when verified."""

    poll_changed = Signal(str)
    exported = Signal(object)
    summary_saved = Signal(object)

    def __init__(self, window: QWidget, data_file: DataFile, session: Session, backups: BackupKeeper,
                 run_job: RunJob) -> None:
        super().__init__(window)
        self.window, self.data_file, self.session = window, data_file, session
        self.backups, self.run_job = backups, run_job
        self.dialog: QWidget | None = None
        self.menu = QMenu(window)
        self.open_action = self.menu.addAction("", self.open_poll)
        self.close_action = self.menu.addAction("", self.close_poll)
        self.count_action = self.menu.addAction("", self.start_counting)
        self.menu.addSeparator()
        self.summary_action = self.menu.addAction("", self.choose_summary_file)
        self.checklist = ChecklistPrinter(window, data_file, run_job, parent=self)
        self.menu.addAction(self.checklist.action)
        self.export_action = self.menu.addAction("", self.choose_export_folder)
        self.menu.aboutToShow.connect(self.update_actions)
        self.retranslate()
        self.update_actions()

    def retranslate(self) -> None:
        self.menu.setTitle(tr("&Poll"))
        self.open_action.setText(tr("&Open the poll…"))
        self.close_action.setText(tr("&Close the poll…"))
        self.count_action.setText(tr("&Start counting…"))
        self.summary_action.setText(tr("Save the station s&ummary (PDF)…"))
        self.checklist.retranslate()
        self.export_action.setText(tr("&Export the result package to a USB stick…"))

    def update_actions(self) -> None:
        """Offer only the step the poll can take now."""
        state = poll_state(self.data_file.conn)
        self.open_action.setEnabled(state == "setup")
        self.close_action.setEnabled(state == "open")
        self.count_action.setEnabled(state == "closed")
        self.export_action.setEnabled(may(self.session.role, Action.EXPORT_PACKAGE))

    # ---- the chief's steps -------------------------------------------------------------------

    def _as_chief(self, action: str, what: str, then: Callable[[Session], object]) -> None:
        if may(self.session.role, action):
            self.dialog = ask(self.window, what, lambda: self._step(then, self.session))
            return
        dialog = ChiefApprovalDialog(self.data_file.conn, action, what, self.window)
        dialog.accepted.connect(lambda: self._step(then, dialog.session))
        dialog.finished.connect(lambda _: dialog.deleteLater())
        dialog.finished.connect(lambda _: give_back_keyboard(self.window))
        self.dialog = dialog
        dialog.open()

    def _step(self, then: Callable[[Session], object], chief: Session | None) -> None:
        assert chief is not None
        try:
            then(chief)
        except PollDeskError as exc:
            self.dialog = tell(self.window, exc.message, warning=True)
        self.update_actions()
        self.poll_changed.emit(poll_state(self.data_file.conn))

    def open_poll(self) -> None:
        """开始投票: from now on ballots may be issued."""
        self._as_chief(Action.OPEN_POLL, tr("Open the poll now? Ballots may be issued from then on."),
                       lambda chief: open_poll(self.data_file.conn, chief))

    def start_counting(self) -> None:
        """开始计票: the public count begins."""
        self._as_chief(Action.START_COUNTING, tr("Start counting now? The ballot boxes are opened in public."),
                       lambda chief: start_counting(self.data_file.conn, chief))

    def close_poll(self) -> None:
        """结束投票: no more ballots; a backup at once when a folder is set; then the summary is offered."""
        self._as_chief(Action.CLOSE_POLL, tr("Close the poll now? No ballot can be issued after this."),
                       self._close)

    def _close(self, chief: Session) -> None:
        folder = self.backups.folder()
        if folder is None:
            close_poll(self.data_file.conn, chief)
            said = tr("The poll is closed. No backup folder is set, so no backup was written: choose one under "
                      "Settings > Backup folder….")
        else:
            closed = close_poll_with_backup(self.data_file, chief, folder, scheduler=self.backups.scheduler)
            if closed.backup is not None:
                said = tr("The poll is closed and the file was backed up to {path}.", path=str(closed.backup))
                self.backups.changed.emit(tr("Backed up at poll close to {folder}", folder=str(folder)))
            else:
                reason = closed.error.message if closed.error else ""
                said = tr("The poll is closed, but the backup failed: {reason}", reason=reason)
        self.dialog = ask(self.window, said + "\n\n" + tr("Save the station summary as a PDF to print now?"),
                          self.choose_summary_file)

    # ---- papers and the package --------------------------------------------------------------

    def choose_summary_file(self) -> QFileDialog:
        """Where to save the station summary (投票站投票情况汇总表); it is written on the worker thread."""
        place = self.data_file.place_code or "station"
        dialog = pdf_file_dialog(self.window, tr("Save the station summary"),
                                 self.data_file.path.parent / f"{place}-station-summary.pdf", self.save_summary)
        self.dialog = dialog
        return dialog

    def save_summary(self, out: Path) -> None:
        """Write the station summary PDF to `out` in the background, then say where it is."""
        station = self.data_file
        self.run_job(lambda: summary_pdf(station, out), self._summary_done, tr("Printing the station summary…"))

    def _summary_done(self, out: Any) -> None:
        self.dialog = saved_pdf_box(self.window, tr("The station summary is saved as {path}. Open it and print it "
                                                    "for the signatures.", path=str(out)), Path(out))
        self.summary_saved.emit(out)

    def choose_export_folder(self) -> QFileDialog:
        """导出数据包: choose the USB stick's folder; the package is written on the worker thread."""
        dialog = QFileDialog(self.window, tr("Choose the USB stick or folder for the result package"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.fileSelected.connect(lambda name: self.export_to(Path(name)))
        dialog.finished.connect(lambda _: dialog.deleteLater())
        self.dialog = dialog
        dialog.open()
        return dialog

    def export_to(self, folder: Path) -> None:
        """Write the result package into `folder` and read it back; only then say it is safe to unplug."""
        station, session = self.data_file, self.session
        self.run_job(lambda: export_package(station, folder, session), self._exported,
                     tr("Writing the result package and reading it back…"))

    def _exported(self, package: Any) -> None:
        self.dialog = tell(self.window, tr("The result package {name} was written to {folder} and read back "
                                           "complete. You can now safely unplug the USB stick.",
                                           name=Path(package).name, folder=str(Path(package).parent)))
        self.exported.emit(package)
