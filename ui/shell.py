"""What an open file adds to the main window: its pages (with Ctrl+number), its menus, and how it closes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from app.i18n import tr


@dataclass
class ShellPage:
    """One entry of the navigation list: its title (in the language in use), the page, where the keyboard goes."""

    key: str
    title: Callable[[], str]
    widget: QWidget
    focus: Callable[[], None]
    owned: bool = True       # made for this file (deleted when it closes), or one of the window's fixed pages


class FileShell(QObject):
    """The pages and menus of one open file for one signed-in user (or none); `close()` releases everything."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pages: list[ShellPage] = []
        self.menus: list[QMenu] = []
        self.file_actions: list[QAction] = []    # put into the File menu while the file is open

    def page(self, key: str) -> QWidget:
        """The page called `key` (KeyError when this file has none)."""
        for entry in self.pages:
            if entry.key == key:
                return entry.widget
        raise KeyError(key)

    def banner(self, key: str) -> str:
        """A sentence shown above page `key` (empty: no banner)."""
        return ""

    @property
    def can_lock(self) -> bool:
        """Whether this file's screen can be locked (Ctrl+L) while its user steps away."""
        return False

    def lock_now(self) -> None:
        """Cover the window until the signed-in user's password (files that can lock)."""

    def retranslate(self) -> None:
        """Set the shell's own strings again (the pages retranslate themselves where they can)."""

    def close(self) -> None:
        """Close the pages' connections and threads, and delete what this shell made."""
        for menu in self.menus:
            menu.deleteLater()
        self.menus = []
        for entry in self.pages:
            if entry.owned:
                entry.widget.hide()
                entry.widget.deleteLater()
        self.pages = []


def ask(parent: QWidget, text: str, on_yes: Callable[[], object],
        on_no: Callable[[], object] | None = None) -> QMessageBox:
    """A yes/no question that does not block the window's events; `on_yes` runs on Yes."""
    box = QMessageBox(QMessageBox.Icon.Question, tr("PollDesk"), text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    box.finished.connect(lambda _: give_back_keyboard(parent))
    box.accepted.connect(on_yes)
    if on_no is not None:
        box.rejected.connect(on_no)
    box.open()
    return box


def tell(parent: QWidget, text: str, warning: bool = False) -> QMessageBox:
    """A plain message with an OK button, not blocking the window's events."""
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    box = QMessageBox(icon, tr("PollDesk"), text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.finished.connect(lambda _: give_back_keyboard(parent))
    box.open()
    return box


def give_back_keyboard(parent: QWidget) -> None:
    """A dialog of the window closed: the window is active again, so its keys (Ctrl+number, F-keys) work."""
    parent.window().activateWindow()
