"""A station's election day in the main window: sign in, open the poll, issue at the desk, watch turnout, close."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.db import SQL_ERROR, open_data_file
from app.exchange import read_package
from app.pollbook import poll_state
from ui.main import MainWindow

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ui_desk"))

from deskkit import issue_by_keyboard, voter_here  # noqa: E402


def _yes(qtbot, box) -> None:  # type: ignore[no-untyped-def]
    """Press Yes on a question the window asked."""
    assert isinstance(box, QMessageBox) and box.isVisible(), box
    window = box.parentWidget().window()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _open_poll_from_the_menu(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    poll = window.shell.poll  # type: ignore[union-attr]
    poll.menu.aboutToShow.emit()
    assert poll.open_action.isEnabled() and not poll.close_action.isEnabled()
    poll.open_action.trigger()
    with qtbot.waitSignal(poll.poll_changed, timeout=5000):
        _yes(qtbot, poll.dialog)


def test_chief_signs_in_opens_the_poll_and_a_ballot_issued_at_the_desk_shows_in_turnout(
        qtbot, window: MainWindow, sign_in, station_file: Path) -> None:  # type: ignore[no-untyped-def]
    sign_in(window, station_file, "chief1")
    assert "站长" in window.user_label.text()
    assert [window.navigation.item(n).text() for n in range(window.navigation.count())] == [
        "1  选举", "2  发票台", "3  投票情况", "4  计票", "5  选民"]
    _open_poll_from_the_menu(qtbot, window)
    assert poll_state(window.data_file.conn) == "open"  # type: ignore[union-attr]

    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    desk = window.page("desk")
    assert window.stack.currentWidget() is desk and desk.search.box.hasFocus()
    assert desk.counter.text().startswith("投票进行中") and desk.open_button.isHidden()
    _, name = voter_here(desk.conn)
    issue_by_keyboard(qtbot, desk, name)
    assert "已发票" in desk.result.text() and name in desk.result.text()

    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    turnout = window.page("turnout")
    assert window.stack.currentWidget() is turnout
    assert "已发票 1，" in turnout.summary.text()


def test_closing_the_poll_backs_up_and_offers_the_station_summary(
        qtbot, window: MainWindow, sign_in, station_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sign_in(window, station_file, "chief1")
    shell = window.shell
    backups = tmp_path / "usb-stick"
    dialog = shell.backups.choose_folder()  # type: ignore[union-attr]
    backups.mkdir()
    dialog.selectFile(str(backups))
    dialog.accept()
    assert len(list(backups.glob("*.polldesk.bak"))) == 1
    assert "已备份" in window.backup_label.text()
    _open_poll_from_the_menu(qtbot, window)
    poll = shell.poll  # type: ignore[union-attr]
    poll.menu.aboutToShow.emit()
    poll.close_action.trigger()
    with qtbot.waitSignal(poll.poll_changed, timeout=5000):
        _yes(qtbot, poll.dialog)
    assert poll_state(window.data_file.conn) == "closed"  # type: ignore[union-attr]
    assert len(list(backups.glob("*.polldesk.bak"))) == 2
    offer = poll.dialog
    assert "已备份到" in offer.text() and "汇总表" in offer.text()
    _yes(qtbot, offer)
    save = poll.dialog
    with qtbot.waitSignal(poll.summary_saved, timeout=20_000) as saved:
        save.selectFile(str(tmp_path / "summary.pdf"))
        save.accept()
    pdf = Path(saved.args[0])
    assert pdf.read_bytes().startswith(b"%PDF")
    poll.dialog.accept()
    assert window.page("desk").counter.text().startswith("投票已结束")


def test_exported_package_is_read_back_before_the_stick_may_be_pulled(
        qtbot, window: MainWindow, sign_in, station_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sign_in(window, station_file, "chief1")
    poll = window.shell.poll  # type: ignore[union-attr]
    stick = tmp_path / "stick"
    stick.mkdir()
    dialog = poll.choose_export_folder()
    with qtbot.waitSignal(poll.exported, timeout=20_000) as exported:
        dialog.selectFile(str(stick))
        dialog.accept()
    package = Path(exported.args[0])
    assert package.parent == stick
    assert read_package(package).place_code == "C02-Z"
    said = poll.dialog.text()
    assert "可以安全拔出U盘" in said and package.name in said
    poll.dialog.accept()


def test_a_clerk_cannot_open_the_poll_alone_the_chief_approves_at_the_desk(
        qtbot, window: MainWindow, sign_in, station_file: Path) -> None:  # type: ignore[no-untyped-def]
    sign_in(window, station_file, "clerk1")
    assert "发票员" in window.user_label.text()
    poll = window.shell.poll  # type: ignore[union-attr]
    poll.open_action.trigger()
    approval = poll.dialog
    assert approval.windowTitle() == "站长授权"
    qtbot.keyClicks(approval.name, "chief1")
    qtbot.keyClicks(approval.password, "demo-pass")
    with qtbot.waitSignal(poll.poll_changed, timeout=5000):
        qtbot.keyClick(approval.password, Qt.Key.Key_Return)
    assert poll_state(window.data_file.conn) == "open"  # type: ignore[union-attr]
    assert window.page("desk").open_button.isHidden()


def test_ctrl_l_locks_and_signing_out_asks_for_the_next_user(
        qtbot, window: MainWindow, sign_in, station_file: Path) -> None:  # type: ignore[no-untyped-def]
    sign_in(window, station_file, "clerk1")
    lock = window.shell.lock  # type: ignore[union-attr]
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert lock.is_locked()
    qtbot.keyClicks(lock.screen.password, "demo-pass")
    qtbot.keyClick(lock.screen.password, Qt.Key.Key_Return)
    assert not lock.is_locked()
    with qtbot.waitSignal(window.login_requested, timeout=5000) as shown:
        window.sign_out_action.trigger()
    assert window.shell is None and window.data_file is not None
    shown.args[0].reject()
    assert window.data_file is None and window.screens.currentWidget() is window.welcome


def test_closing_the_file_closes_every_page_connection(
        qtbot, window: MainWindow, sign_in, station_file: Path) -> None:  # type: ignore[no-untyped-def]
    sign_in(window, station_file, "chief1")
    desk, register = window.page("desk"), window.page("register")
    for number in range(5):
        window.show_page(number)
    window.close_file()
    assert register.data_file is None
    try:
        desk.conn.execute("SELECT 1")
    except SQL_ERROR:               # ProgrammingError: the connection is closed
        pass
    else:
        raise AssertionError("the desk's connection is still open")
    with open_data_file(station_file) as df:   # nothing holds the file
        assert df.kind == "station"
