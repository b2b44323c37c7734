"""Setting up a polling station from the district's setup package (从初始数据包建立投票站文件), in the window.

The same steps as `polldesk package load-setup --user NAME`: the package is checked against the district
fingerprint typed from the setup sheet, opened with the one-time setup code printed on the same sheet,
the station file is created encrypted for the chief (and for the
district's recovery key named in the package), the chief becomes its first user, and the window opens it
signed in as the chief. On any refusal no file is left behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import PollDeskError
from app.i18n import tr
from ui.dialog_parts import fit_to_screen, guarded, heading, passwords_differ, reveal, scroll_body
from ui.login.dialog import password_field
from ui.login.look import LARGE, message_label, plain_button, show_message

if TYPE_CHECKING:   # app.auth, app.db and app.election are read when the station is made, not at start-up
    from app.auth import Session
    from app.db import DataFile
    from app.election.overview import Overview

RunJob = Callable[..., None]    # the window's Worker.run(fn, on_done, label)
Opened = tuple["DataFile", "Overview", "Session"]
STATION_SUFFIX = ".polldesk"
SETUP_SUFFIX = "_setup"


def default_station_folder() -> Path:
    """Where a new station file goes unless the chief picks another place: PollDesk in the user's documents."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or Path.home()) / "PollDesk"


def station_file_for(package: Path, folder: Path | None = None) -> Path:
    """The default station file for a package: `<election>_<place>.polldesk` in `folder` (the documents)."""
    stem = package.stem
    stem = stem[: -len(SETUP_SUFFIX)] if stem.endswith(SETUP_SUFFIX) and len(stem) > len(SETUP_SUFFIX) else stem
    return (folder or default_station_folder()) / f"{stem}{STATION_SUFFIX}"


@dataclass(frozen=True)
class StationSetup:
    """What the chief typed: the package, the fingerprint, the setup code, the new file, and the chief's account."""

    package: Path
    fingerprint: str
    setup_code: str
    station_file: Path
    chief: str
    display_name: str
    password: str


def _remove_station_file(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".keys"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def set_up_station(setup: StationSetup) -> Opened:
    """Create the encrypted station file, add the chief and sign in (worker thread); nothing is left on failure."""
    from app.auth import add_user, check_password_rule, login
    from app.exchange import load_setup_package
    from ui.login.unlock import overview_of

    check_password_rule(setup.password, name=setup.chief)     # before any file is made
    df = load_setup_package(setup.package, setup.station_file, district_fingerprint=setup.fingerprint,
                            setup_code=setup.setup_code, encrypt_for=[(setup.chief, setup.password)])
    try:
        add_user(df, None, setup.chief, "chief", setup.password, display_name=setup.display_name)
        session = login(df.conn, setup.chief, setup.password)
        data_file, overview = overview_of(df)
    except BaseException:
        df.close()
        _remove_station_file(setup.station_file)
        raise
    return data_file, overview, session


class SetupStationDialog(QDialog):
    """The package, the fingerprint, the setup code, where to save, the chief's account; Create makes the file."""

    def __init__(self, parent: QWidget, run_job: RunJob, on_opened: Callable[[Opened], None]) -> None:
        super().__init__(parent)
        self.run_job, self.on_opened = run_job, on_opened
        self.busy = False
        self.setStyleSheet(LARGE)
        title, hint = heading(self, tr("Set up this station from a setup package"), tr(
            "The district office gives each station a setup package (a .zip file) and a setup sheet with the "
            "district key fingerprint and the setup code that opens the package. The new station file is encrypted: "
            "only the station chief's password (and the district's recovery key) opens it."))
        self.package = QLineEdit(self)
        self.package_button = plain_button(tr("C&hoose…"), self)
        self.fingerprint = QLineEdit(self)
        self.fingerprint.setPlaceholderText("0000 0000 0000 …")
        self.setup_code = QLineEdit(self)
        self.setup_code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX")
        self.station_file = QLineEdit(self)
        self.station_button = plain_button(tr("Choo&se…"), self)
        self.chief = QLineEdit(self)
        self.display_name = QLineEdit(self)
        self.password = password_field(self)
        self.password_again = password_field(self)
        self.message = message_label(self)
        self.create_button = plain_button(tr("&Create the station file"), self)
        self.cancel_button = plain_button(tr("Cancel"), self)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._add_row(form, tr("Setup &package"), self.package, self.package_button)
        self._add_row(form, tr("District key &fingerprint"), self.fingerprint)
        self._add_row(form, tr("Setup co&de"), self.setup_code)
        self._add_row(form, tr("Save the station file &as"), self.station_file, self.station_button)
        self._add_row(form, tr("Chief's &user name"), self.chief)
        self._add_row(form, tr("Chief's full &name"), self.display_name)
        self._add_row(form, tr("Pass&word"), self.password)
        self._add_row(form, tr("Password a&gain"), self.password_again)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout()
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.body = scroll_body(self, layout, buttons)

        self.package_button.clicked.connect(self.choose_package)
        self.station_button.clicked.connect(self.choose_station_file)
        self.package.editingFinished.connect(self._default_station_file)
        self.create_button.clicked.connect(self.create_station)
        self.cancel_button.clicked.connect(self.reject)
        for field, following in ((self.package, self.fingerprint), (self.fingerprint, self.setup_code),
                                 (self.setup_code, self.station_file),
                                 (self.station_file, self.chief), (self.chief, self.display_name),
                                 (self.display_name, self.password), (self.password, self.password_again)):
            field.returnPressed.connect(following.setFocus)
        self.password_again.returnPressed.connect(self.create_station)
        self.package.setFocus()

    def _add_row(self, form: QFormLayout, text: str, field: QLineEdit, button: QWidget | None = None) -> None:
        label = QLabel(text, self)
        label.setBuddy(field)
        if button is None:
            form.addRow(label, field)
            return
        row = QHBoxLayout()
        row.addWidget(field, 1)
        row.addWidget(button)
        form.addRow(label, row)

    def choose_package(self) -> None:
        """Pick the setup package (a .zip) from the USB stick."""
        path, _ = QFileDialog.getOpenFileName(self, tr("Choose the setup package"), self.package.text(),
                                              tr("Setup package (*.zip)"))
        if path:
            self.package.setText(path)
            self._default_station_file()
            self.fingerprint.setFocus()

    def choose_station_file(self) -> None:
        """Pick where the new station file is saved."""
        path, _ = QFileDialog.getSaveFileName(self, tr("Save the station file as"), self.station_file.text(),
                                              "PollDesk (*.polldesk)")
        if path:
            self.station_file.setText(path if Path(path).suffix else path + STATION_SUFFIX)

    def _default_station_file(self) -> None:
        """Once a package is named, the station file gets a name of its own in the documents folder."""
        package = self.package.text().strip()
        if package and not self.station_file.text().strip():
            self.station_file.setText(str(station_file_for(Path(package))))

    def _missing(self) -> QLineEdit | None:
        for field in (self.package, self.fingerprint, self.setup_code, self.station_file, self.chief,
                      self.password):
            if not field.text().strip():
                return field
        return None

    def create_station(self) -> None:
        """Check what was typed, then make and open the station file in the background."""
        from app.vault.setup_code import normalise_setup_code

        if self.busy:
            return
        missing = self._missing()
        if missing is not None:
            show_message(self.message, tr("Fill in every field first (the full name may stay empty)."))
            missing.setFocus()
            return
        if normalise_setup_code(self.setup_code.text()) is None:
            show_message(self.message, tr("A setup code is 20 letters and digits in groups of 4 (such as "
                                          "K7QM-2XPD-…). Check the setup code on the setup sheet and type it again."))
            self.setup_code.setFocus()
            return
        if passwords_differ(self.message, self.password, self.password_again):
            return
        setup = StationSetup(Path(self.package.text().strip()), self.fingerprint.text().strip(),
                             self.setup_code.text().strip(), Path(self.station_file.text().strip()), self.chief.text().strip(),
                             self.display_name.text().strip(), self.password.text())
        self.busy = True
        self.create_button.setEnabled(False)
        show_message(self.message, tr("Creating the station file…"), "info")
        self.run_job(guarded(lambda: set_up_station(setup)), self._done,
                     tr("Creating the station file {name}…", name=setup.station_file.name),
                     on_failed=self._failed)

    def _done(self, result: Opened | PollDeskError) -> None:
        self.busy = False
        self.create_button.setEnabled(True)
        if isinstance(result, PollDeskError):
            self._failed(result.message, self.setup_code if result.code == "wrong_setup_code" else None)
            return
        show_message(self.message, "")
        self.accept()
        self.on_opened(result)

    def _failed(self, text: str, field: QLineEdit | None = None) -> None:
        self.busy = False
        self.create_button.setEnabled(True)
        show_message(self.message, text)
        target = field or self.fingerprint
        target.setFocus()
        QTimer.singleShot(0, self, lambda: self._back_to(target))   # once a closing progress dialog has gone
        reveal(self, self.body, self.message)


    def _back_to(self, field: QLineEdit) -> None:
        """The keyboard back in this dialog, in `field` (the progress dialog gave it to the main window)."""
        self.activateWindow()
        field.setFocus()


def show_setup_dialog(window: QWidget, run_job: RunJob, on_opened: Callable[[Opened], None]) -> SetupStationDialog:
    """Open the setup dialog over `window` (not blocking; it deletes itself when closed)."""
    dialog = SetupStationDialog(window, run_job, on_opened)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    fit_to_screen(dialog, dialog.body)
    dialog.open()
    dialog.package.setFocus()
    return dialog
