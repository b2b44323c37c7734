"""The two dialogs in Chinese, at 100 % and 200 % text size: nothing squeezed, all on the screen (screenshots kept)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QLabel, QLineEdit, QPushButton, QWidget

from tests.ui_setup.conftest import CHIEF, CHIEF_PASSWORD, CLERK, CLERK_PASSWORD, SetupPackage
from ui.main import MainWindow
from ui.theme import Look, apply_style

SHOTS_ENV = "UI_SETUP_SHOTS"     # a folder to keep the screenshots in (e.g. /tmp/ui_setup_shots)


def _squeezed(dialog: QWidget) -> list[str]:
    """The words, fields and buttons given less room than they need to be read whole."""
    found = []
    for child in dialog.findChildren(QWidget):
        if not isinstance(child, QLabel | QLineEdit | QPushButton | QComboBox) or not child.isVisible():
            continue
        hint = child.minimumSizeHint()
        need = child.heightForWidth(child.width()) if child.hasHeightForWidth() else hint.height()
        if child.height() < need or child.width() < hint.width():
            found.append(f"{type(child).__name__} {child.text() if hasattr(child, 'text') else ''!r}: "
                         f"{child.width()}x{child.height()} < {hint.width()}x{need}")
    return found


def _shoot(qtbot, widget: QWidget, name: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Every label, field and button gets the room it asks for (the body scrolls instead); keep a screenshot."""
    qtbot.waitExposed(widget)
    qtbot.wait(100)      # a message just shown is laid out on the next turn of the event loop
    assert not _squeezed(widget), (name, _squeezed(widget))
    folder = Path(os.environ.get(SHOTS_ENV) or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(folder / f"{name}.png"))
    screen = widget.screen().availableGeometry()
    assert widget.width() <= screen.width() and widget.height() <= screen.height(), (name, widget.size())


@pytest.mark.parametrize("scale", [100, 200])
def test_both_dialogs_in_chinese_keep_their_words_whole(
        qtbot, qapp: QApplication, window: MainWindow, setup_package: SetupPackage,  # type: ignore[no-untyped-def]
        station_file: Path, sign_in, tmp_path: Path, scale: int) -> None:
    apply_style(qapp, Look(scale))
    try:
        with qtbot.waitSignal(window.setup_shown) as shown:
            window.set_up_station()
        setup: QDialog = shown.args[0]
        setup.package.setText(str(setup_package.path))
        setup.fingerprint.setText("0000 " * 15 + "0000")
        setup.setup_code.setText(setup_package.setup_code)
        setup.chief.setText(CHIEF)
        setup.display_name.setText("王建国")
        setup.password.setText(CHIEF_PASSWORD)
        setup.password_again.setText(CHIEF_PASSWORD)
        setup.station_file.setText(str(tmp_path / "station.polldesk"))
        qtbot.mouseClick(setup.create_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: setup.message.isVisible() and setup.create_button.isEnabled(), timeout=10_000)
        _shoot(qtbot, setup, f"setup_{scale}", tmp_path)
        setup.reject()

        sign_in(window, station_file, CHIEF, CHIEF_PASSWORD)
        from app.auth import add_user

        assert window.data_file is not None
        add_user(window.data_file, window.session, CLERK, "clerk", CLERK_PASSWORD, display_name="李秀英")
        with qtbot.waitSignal(window.users_shown) as shown:
            window.manage_users()
        users = shown.args[0]
        users.table.selectRow(1)
        _shoot(qtbot, users, f"users_{scale}", tmp_path)
        qtbot.mouseClick(users.add_button, Qt.MouseButton.LeftButton)
        form = users.form
        form.name.setText("zhaomin")
        form.display_name.setText("赵敏")
        form.password.setText("abc")
        form.password_again.setText("abc")
        qtbot.keyClick(form.password_again, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not window.worker.busy() and form.message.text() != "正在保存…", timeout=10_000)
        _shoot(qtbot, form, f"add_user_{scale}", tmp_path)
        form.reject()
        users.accept()
    finally:
        apply_style(qapp, Look())
