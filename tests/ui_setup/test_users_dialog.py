"""The station chief manages the users of the encrypted station file: add a clerk, new password, unlock, remove."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.auth import FAILURES_BEFORE_LOCK, LoginError, add_user, get_user, login
from app.db import open_data_file
from app.errors import DataFileError
from app.vault import Unlock
from tests.ui_setup.conftest import CHIEF, CHIEF_PASSWORD, CLERK, CLERK_PASSWORD
from ui.main import MainWindow
from ui.table_cells import cell_text
from ui.users_dialog import UserForm, UsersDialog

SignIn = Callable[[MainWindow, Path, str, str], None]


def _users_dialog(qtbot, window: MainWindow) -> UsersDialog:  # type: ignore[no-untyped-def]
    """User > Users of this file, as the chief chooses it."""
    window.user_menu.aboutToShow.emit()
    assert window.users_action.isEnabled()
    with qtbot.waitSignal(window.users_shown, timeout=5_000) as shown:
        window.users_action.trigger()
    dialog = shown.args[0]
    assert isinstance(dialog, UsersDialog)
    qtbot.waitUntil(dialog.table.hasFocus)
    return dialog


def _rows(dialog: UsersDialog) -> list[list[str]]:
    return [[cell_text(dialog.table, r, c) for c in range(dialog.table.columnCount())]
            for r in range(dialog.table.rowCount())]


def _select(dialog: UsersDialog, name: str) -> None:
    dialog.table.selectRow([u.name for u in dialog.users].index(name))


def _submit(qtbot, window: MainWindow, form: UserForm) -> None:  # type: ignore[no-untyped-def]
    """Enter in the second password field, then wait for the worker."""
    qtbot.keyClick(form.password_again, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.worker.busy(), timeout=10_000)


def _unlocks(path: Path, name: str, password: str) -> bool:
    try:
        with open_data_file(path, unlock=Unlock.with_password(name, password)):
            return True
    except DataFileError as exc:
        assert exc.code == "unlock_refused"
        return False


def test_chief_adds_a_clerk_who_can_then_open_the_file(
        qtbot, window: MainWindow, station_file: Path, sign_in: SignIn) -> None:  # type: ignore[no-untyped-def]
    sign_in(window, station_file, CHIEF, CHIEF_PASSWORD)
    dialog = _users_dialog(qtbot, window)
    assert _rows(dialog) == [[CHIEF, "王建国", "站长（总监票人）", "正常"]]
    assert not dialog.remove_button.isEnabled(), "nobody removes themselves"
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    form = dialog.form
    assert form is not None
    qtbot.waitUntil(form.name.hasFocus)
    qtbot.keyClicks(form.name, CLERK)
    qtbot.keyClick(form.name, Qt.Key.Key_Return)
    form.display_name.setText("李秀英")
    assert form.role_value == "clerk"
    qtbot.keyClicks(form.password, CLERK_PASSWORD)
    qtbot.keyClick(form.password, Qt.Key.Key_Return)
    qtbot.keyClicks(form.password_again, CLERK_PASSWORD)
    _submit(qtbot, window, form)
    assert dialog.form is None and not form.isVisible()
    assert [CLERK, "李秀英", "发票员", "正常"] in _rows(dialog)
    assert dialog.message.text() == f"已添加 {CLERK}。"
    assert _unlocks(station_file, CLERK, CLERK_PASSWORD)


def test_a_weak_password_is_refused_in_words_and_nothing_typed_is_lost(
        qtbot, window: MainWindow, station_file: Path, sign_in: SignIn) -> None:  # type: ignore[no-untyped-def]
    sign_in(window, station_file, CHIEF, CHIEF_PASSWORD)
    dialog = _users_dialog(qtbot, window)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    form = dialog.form
    assert form is not None
    qtbot.keyClicks(form.name, CLERK)
    form.role.setCurrentIndex(form.role.findData("counter"))
    qtbot.keyClicks(form.password, "abc")
    qtbot.keyClicks(form.password_again, "abc")
    _submit(qtbot, window, form)
    assert form.isVisible() and "至少" in form.message.text()
    assert form.name.text() == CLERK and form.role_value == "counter"
    assert len(dialog.users) == 1
    assert not _unlocks(station_file, CLERK, "abc")


def test_chief_resets_a_clerks_password_then_removes_the_clerk_whose_key_is_revoked(
        qtbot, window: MainWindow, station_file: Path, sign_in: SignIn) -> None:  # type: ignore[no-untyped-def]
    sign_in(window, station_file, CHIEF, CHIEF_PASSWORD)
    assert window.data_file is not None
    add_user(window.data_file, window.session, CLERK, "clerk", CLERK_PASSWORD)
    dialog = _users_dialog(qtbot, window)
    _select(dialog, CLERK)
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    form = dialog.form
    assert form is not None and not form.name.isVisible()
    qtbot.waitUntil(form.password.hasFocus)
    qtbot.keyClicks(form.password, "new-clerk-pass")
    qtbot.keyClicks(form.password_again, "new-clerk-pass")
    _submit(qtbot, window, form)
    assert dialog.message.text() == f"{CLERK} 的密码已重设。"
    assert _unlocks(station_file, CLERK, "new-clerk-pass")
    assert not _unlocks(station_file, CLERK, CLERK_PASSWORD)

    _select(dialog, CLERK)
    assert dialog.remove_button.isEnabled()
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    box = dialog.question
    assert box is not None and "重新加密" in box.text() and "吊销" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: not window.worker.busy(), timeout=10_000)
    assert dialog.message.text() == f"已删除 {CLERK}。"
    assert [row[0] for row in _rows(dialog)] == [CHIEF]
    assert not _unlocks(station_file, CLERK, "new-clerk-pass")
    assert _unlocks(station_file, CHIEF, CHIEF_PASSWORD)
    assert window.data_file.conn.execute("SELECT COUNT(*) FROM voting_places").fetchone()[0] > 0, \
        "the window's open file still reads after the re-encryption"


def test_chief_unlocks_a_clerk_locked_after_wrong_passwords(
        qtbot, window: MainWindow, station_file: Path, sign_in: SignIn) -> None:  # type: ignore[no-untyped-def]
    sign_in(window, station_file, CHIEF, CHIEF_PASSWORD)
    assert window.data_file is not None
    conn = window.data_file.conn
    add_user(window.data_file, window.session, CLERK, "clerk", CLERK_PASSWORD)
    start = datetime.now(UTC)
    for minute in range(FAILURES_BEFORE_LOCK):
        with pytest.raises(LoginError):
            login(conn, CLERK, "wrong-password", clock=lambda m=minute: start + timedelta(minutes=m))
    dialog = _users_dialog(qtbot, window)
    assert [CLERK, "", "发票员", "已锁定"] in _rows(dialog)
    _select(dialog, CLERK)
    assert dialog.unlock_button.isEnabled()
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.worker.busy(), timeout=10_000)
    assert not get_user(conn, CLERK).locked
    assert [CLERK, "", "发票员", "正常"] in _rows(dialog)
    assert not dialog.unlock_button.isEnabled()


def test_a_clerk_signed_in_cannot_open_the_users_dialog(
        qtbot, window: MainWindow, station_file: Path, sign_in: SignIn) -> None:  # type: ignore[no-untyped-def]
    with open_data_file(station_file, unlock=Unlock.with_password(CHIEF, CHIEF_PASSWORD)) as df:
        add_user(df, login(df.conn, CHIEF, CHIEF_PASSWORD), CLERK, "clerk", CLERK_PASSWORD)
    sign_in(window, station_file, CLERK, CLERK_PASSWORD)
    assert window.session is not None and window.session.role == "clerk"
    window.user_menu.aboutToShow.emit()
    assert not window.users_action.isEnabled()
    shown: list[object] = []
    window.users_shown.connect(shown.append)
    window.manage_users()
    assert shown == []


def test_without_a_file_the_users_entry_is_off(window: MainWindow) -> None:
    window.user_menu.aboutToShow.emit()
    assert not window.users_action.isEnabled()
    assert window.users_action.text() == "用户管理(&U)…"
