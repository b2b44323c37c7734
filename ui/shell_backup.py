"""Rolling backups of the open station file (滚动备份) to a folder the user chose, e.g. a USB stick.

A QTimer asks app.backup's scheduler every minute; a backup is written when it is due (every 5 minutes).
The folder is a user setting (Settings > Backup folder…), remembered between runs.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from app.audit import Clock, system_clock
from app.backup import BackupScheduler, backup_if_due, write_backup
from app.db import DataFile
from app.errors import PollDeskError
from app.i18n import tr

TICK_MS = 60_000
SETTING = "backup_folder"


def saved_backup_folder(settings: QSettings) -> Path | None:
    """The backup folder the user chose last time, if any."""
    value = settings.value(SETTING)
    return Path(value) if isinstance(value, str) and value else None


class BackupKeeper(QObject):
    """Backs up `data_file` into the chosen folder when due; `changed(text)` says the last outcome in words."""

    changed = Signal(str)

    def __init__(self, data_file: DataFile, settings: QSettings, parent: QWidget, clock: Clock = system_clock,
                 tick_ms: int = TICK_MS) -> None:
        super().__init__(parent)
        self.data_file, self.settings, self.clock = data_file, settings, clock
        self.window = parent
        self.scheduler = BackupScheduler()
        self.dialog: QFileDialog | None = None
        self.state = ""
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def folder(self) -> Path | None:
        """Where backups go now (None: no folder chosen yet)."""
        return saved_backup_folder(self.settings)

    def set_folder(self, folder: Path | str) -> None:
        """Use `folder` from now on and back up into it at once."""
        self.settings.setValue(SETTING, str(folder))
        self.settings.sync()
        self.back_up_now()

    def choose_folder(self) -> QFileDialog:
        """Settings > Backup folder…: a folder dialog, not blocking; choosing one backs up at once."""
        dialog = QFileDialog(self.window, tr("Choose the backup folder (e.g. a USB stick)"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        folder = self.folder()
        if folder is not None and folder.is_dir():
            dialog.setDirectory(str(folder))
        dialog.fileSelected.connect(self.set_folder)
        dialog.finished.connect(lambda _: dialog.deleteLater())
        self.dialog = dialog
        dialog.open()
        return dialog

    def tick(self) -> None:
        """The minute timer: write a backup when the scheduler says one is due."""
        folder = self.folder()
        if folder is None:
            self._say(tr("No backup folder"))
            return
        try:
            path = backup_if_due(self.data_file, folder, self.scheduler, self.clock)
        except PollDeskError as exc:
            self._say(tr("Backup failed: {reason}", reason=exc.message))
            return
        if path is not None:
            self._written(path)

    def back_up_now(self) -> Path | None:
        """Write a backup now (after choosing the folder); the outcome is shown in the status bar."""
        folder = self.folder()
        if folder is None:
            return None
        try:
            path = write_backup(self.data_file, folder, self.clock)
        except PollDeskError as exc:
            self.scheduler.failed(self.clock())
            self._say(tr("Backup failed: {reason}", reason=exc.message))
            return None
        self.scheduler.written(self.clock())
        self._written(path)
        return path

    def _written(self, path: Path) -> None:
        # the folder's own name (a stick's label) is short enough for the status bar
        self._say(tr("Backed up at {time} to {folder}", time=self.clock().strftime("%H:%M"),
                     folder=path.parent.name or str(path.parent)))

    def _say(self, text: str) -> None:
        self.state = text
        self.changed.emit(text)

    def stop(self) -> None:
        """No more backups (the file is closing)."""
        self.timer.stop()
