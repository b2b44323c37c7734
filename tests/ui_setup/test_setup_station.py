"""A station chief sets up the station's file from the district's setup package, in the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.auth import list_users
from app.db import open_data_file
from app.errors import DataFileError
from app.vault import Unlock, keys_path
from tests.ui_setup.conftest import CHIEF, CHIEF_PASSWORD, SetupPackage
from ui.main import MainWindow
from ui.setup_dialog import SetupStationDialog, station_file_for


def _open_setup(qtbot, window: MainWindow) -> SetupStationDialog:  # type: ignore[no-untyped-def]
    """The welcome page's button, as a chief clicks it."""
    with qtbot.waitSignal(window.setup_shown, timeout=5_000) as shown:
        qtbot.mouseClick(window.welcome.setup_button, Qt.MouseButton.LeftButton)
    dialog = shown.args[0]
    assert isinstance(dialog, SetupStationDialog)
    qtbot.waitUntil(dialog.package.hasFocus)
    return dialog


def _fill(qtbot, dialog: SetupStationDialog, package: Path, fingerprint: str,  # type: ignore[no-untyped-def]
          setup_code: str, password: str = CHIEF_PASSWORD, again: str = CHIEF_PASSWORD) -> None:
    """Type every field, moving on with Enter as a person at the keyboard does."""
    qtbot.keyClicks(dialog.package, str(package))
    qtbot.keyClick(dialog.package, Qt.Key.Key_Return)
    assert dialog.fingerprint.hasFocus()
    qtbot.keyClicks(dialog.fingerprint, fingerprint)
    qtbot.keyClick(dialog.fingerprint, Qt.Key.Key_Return)
    assert dialog.setup_code.hasFocus()
    qtbot.keyClicks(dialog.setup_code, setup_code)
    qtbot.keyClick(dialog.setup_code, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.station_file, Qt.Key.Key_Return)     # the default place is kept
    qtbot.keyClicks(dialog.chief, CHIEF)
    qtbot.keyClick(dialog.chief, Qt.Key.Key_Return)
    dialog.display_name.setText("王建国")     # QTest types ASCII only; an input method types Chinese
    qtbot.keyClick(dialog.display_name, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.password_again, again)


def _refused(qtbot, window: MainWindow, dialog: SetupStationDialog) -> str:  # type: ignore[no-untyped-def]
    """Press Create and wait for the refusal the dialog shows."""
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.worker.busy() and dialog.create_button.isEnabled(), timeout=10_000)
    assert dialog.isVisible() and dialog.message.isVisible()
    return dialog.message.text()


def test_chief_sets_up_the_station_and_is_signed_in_on_the_encrypted_file(
        qtbot, window: MainWindow, setup_package: SetupPackage, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _open_setup(qtbot, window)
    typed = setup_package.setup_code.lower().replace("-", " ")      # as read off the sheet, in lower case
    _fill(qtbot, dialog, setup_package.path, setup_package.fingerprint, typed)
    target = Path(dialog.station_file.text())
    assert target == station_file_for(setup_package.path)
    assert target.name == "test-2011_C01-S1.polldesk" and target.is_relative_to(tmp_path / "home")
    with qtbot.waitSignal(window.file_loaded, timeout=20_000):
        qtbot.keyClick(dialog.password_again, Qt.Key.Key_Return)
    assert window.session is not None
    assert (window.session.user, window.session.role, window.session.display_name) == (CHIEF, "chief", "王建国")
    assert window.data_file is not None and window.data_file.encrypted
    assert window.data_file.place_code == "C01-S1"
    assert keys_path(target).is_file()
    assert not target.read_bytes().startswith(b"SQLite format 3")
    assert window.users_action.isEnabled()
    window.close_file()
    with open_data_file(target, unlock=Unlock.with_password(CHIEF, CHIEF_PASSWORD)) as df:
        assert [(u.name, u.role) for u in list_users(df.conn)] == [(CHIEF, "chief")]


def test_the_file_menu_offers_the_same_setup(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.setup_action in window.file_menu.actions()
    assert window.setup_action.text() == "从初始数据包建立投票站文件(&S)…"
    with qtbot.waitSignal(window.setup_shown, timeout=5_000) as shown:
        window.setup_action.trigger()
    shown.args[0].reject()


def test_wrong_fingerprint_is_refused_and_no_file_is_left(
        qtbot, window: MainWindow, setup_package: SetupPackage) -> None:  # type: ignore[no-untyped-def]
    dialog = _open_setup(qtbot, window)
    _fill(qtbot, dialog, setup_package.path, "0000 " * 15 + "0000", setup_package.setup_code)
    target = Path(dialog.station_file.text())
    text = _refused(qtbot, window, dialog)
    assert "不是" in text and "区" in text
    assert not target.exists() and not keys_path(target).exists()
    assert window.data_file is None
    assert dialog.package.text() == str(setup_package.path), "what was typed stays"
    assert dialog.chief.text() == CHIEF


def test_a_wrong_setup_code_is_refused_and_no_file_is_left(
        qtbot, window: MainWindow, setup_package: SetupPackage) -> None:  # type: ignore[no-untyped-def]
    dialog = _open_setup(qtbot, window)
    wrong = "ABCD-EFGH-JKMN-PQRS-TVWX"
    assert wrong != setup_package.setup_code
    _fill(qtbot, dialog, setup_package.path, setup_package.fingerprint, wrong)
    target = Path(dialog.station_file.text())
    text = _refused(qtbot, window, dialog)
    assert "初始设置码打不开" in text and "初始设置单" in text
    qtbot.waitUntil(dialog.setup_code.hasFocus, timeout=2000)     # the chief is taken to the code to type it again
    assert not target.exists() and not keys_path(target).exists()
    assert window.data_file is None


def test_a_setup_code_too_short_is_caught_before_anything_runs(
        qtbot, window: MainWindow, setup_package: SetupPackage) -> None:  # type: ignore[no-untyped-def]
    dialog = _open_setup(qtbot, window)
    _fill(qtbot, dialog, setup_package.path, setup_package.fingerprint, setup_package.setup_code[:14])
    qtbot.keyClick(dialog.password_again, Qt.Key.Key_Return)
    assert "20 个字母和数字" in dialog.message.text()
    assert dialog.setup_code.hasFocus()
    assert not window.worker.busy()
    assert not Path(dialog.station_file.text()).exists()


def test_two_different_passwords_are_caught_before_anything_is_made(
        qtbot, window: MainWindow, setup_package: SetupPackage) -> None:  # type: ignore[no-untyped-def]
    dialog = _open_setup(qtbot, window)
    _fill(qtbot, dialog, setup_package.path, setup_package.fingerprint, setup_package.setup_code,
          again="chief-pass-2012")
    qtbot.keyClick(dialog.password_again, Qt.Key.Key_Return)
    assert "两次输入的密码不一样" in dialog.message.text()
    assert dialog.password.hasFocus() and not dialog.password.text()
    assert not Path(dialog.station_file.text()).exists()


def test_weak_password_gets_the_password_rule_and_no_file(
        qtbot, window: MainWindow, setup_package: SetupPackage) -> None:  # type: ignore[no-untyped-def]
    dialog = _open_setup(qtbot, window)
    _fill(qtbot, dialog, setup_package.path, setup_package.fingerprint, setup_package.setup_code,
          password="abc", again="abc")
    text = _refused(qtbot, window, dialog)
    assert "至少" in text
    assert not Path(dialog.station_file.text()).exists()


def test_an_existing_station_file_is_not_overwritten(
        qtbot, window: MainWindow, setup_package: SetupPackage, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    existing = tmp_path / "old.polldesk"
    existing.write_bytes(b"yesterday's file")
    dialog = _open_setup(qtbot, window)
    dialog.station_file.setText(str(existing))
    _fill(qtbot, dialog, setup_package.path, setup_package.fingerprint, setup_package.setup_code)
    assert dialog.station_file.text() == str(existing)
    text = _refused(qtbot, window, dialog)
    assert "已存在" in text
    assert existing.read_bytes() == b"yesterday's file"
    assert not keys_path(existing).exists()


def test_a_result_package_is_not_taken_for_a_setup_package(
        qtbot, window: MainWindow, setup_package: SetupPackage, station_file: Path) -> None:  # type: ignore[no-untyped-def]
    from app.exchange import export_station_package

    with open_data_file(station_file, unlock=Unlock.with_password(CHIEF, CHIEF_PASSWORD)) as df:
        result = export_station_package(df, station_file.parent / "out")
    dialog = _open_setup(qtbot, window)
    _fill(qtbot, dialog, result, setup_package.fingerprint, setup_package.setup_code)
    text = _refused(qtbot, window, dialog)
    assert "不是" in text
    assert not Path(dialog.station_file.text()).exists()


@pytest.mark.parametrize("missing", ["package", "fingerprint", "setup_code", "chief"])
def test_an_empty_field_is_named_before_anything_runs(
        qtbot, window: MainWindow, setup_package: SetupPackage, missing: str) -> None:  # type: ignore[no-untyped-def]
    dialog = _open_setup(qtbot, window)
    _fill(qtbot, dialog, setup_package.path, setup_package.fingerprint, setup_package.setup_code)
    getattr(dialog, missing).clear()
    qtbot.keyClick(dialog.password_again, Qt.Key.Key_Return)
    assert "请先填写" in dialog.message.text()
    assert getattr(dialog, missing).hasFocus()
    assert not window.worker.busy()
    with pytest.raises(DataFileError):
        open_data_file(Path(dialog.station_file.text() or "nothing.polldesk"))
