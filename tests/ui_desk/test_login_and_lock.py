"""Signing in at the station, the growing delay, the locked account, and the idle lock screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from deskkit import voter_here
from PySide6.QtCore import Qt

from app.auth import DEMO_PASSWORD, Action, LoginError, login
from app.db import DataFile, open_data_file
from tests.handclock import HandClock
from ui.desk import DeskPage
from ui.login import ChiefApprovalDialog, IdleLock, LoginDialog


@pytest.fixture
def station(station_path: Path):  # type: ignore[no-untyped-def]
    with open_data_file(station_path, kind="station") as df:
        yield df


def _dialog(qtbot, station: DataFile, clock: HandClock) -> LoginDialog:  # type: ignore[no-untyped-def]
    dialog = LoginDialog(station.conn, clock=clock)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_clerk_signs_in_with_name_and_password(qtbot, station: DataFile, clock: HandClock) -> None:
    dialog = _dialog(qtbot, station, clock)
    qtbot.keyClicks(dialog.name, "clerk1")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.password, DEMO_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    assert dialog.session is not None and (dialog.session.user, dialog.session.role) == ("clerk1", "clerk")


def test_wrong_password_shows_the_message_and_counts_down(qtbot, station: DataFile, clock: HandClock) -> None:
    dialog = _dialog(qtbot, station, clock)
    dialog.name.setText("clerk1")
    dialog.password.setText("wrong-pass")
    dialog.button.click()
    assert dialog.session is None and dialog.isVisible()
    assert "用户名或密码错误" in dialog.message.text() and "1 秒后可以再试" in dialog.message.text()
    assert not dialog.button.isEnabled() and dialog.password.text() == ""
    dialog.attempt.tick()
    assert dialog.button.isEnabled() and "秒后" not in dialog.message.text()
    clock.advance(0.1)
    dialog.password.setText("wrong-again")
    dialog.button.click()
    assert "2 秒后可以再试" in dialog.message.text()


def test_locked_account_says_only_a_chief_can_unlock(qtbot, station: DataFile, clock: HandClock) -> None:
    for _ in range(5):
        clock.advance(1)
        with pytest.raises(LoginError):
            login(station.conn, "clerk1", "wrong-pass", clock)
    dialog = _dialog(qtbot, station, clock)
    dialog.name.setText("clerk1")
    dialog.password.setText(DEMO_PASSWORD)   # even the right password
    dialog.button.click()
    assert dialog.session is None
    assert "已被锁定" in dialog.message.text() and "只有站长可以为此账户解锁" in dialog.message.text()


def test_a_clerk_cannot_approve_in_place_of_the_chief(qtbot, station: DataFile, clock: HandClock) -> None:
    dialog = ChiefApprovalDialog(station.conn, Action.OVERRIDE_OTHER_PLACE, "?", clock=clock)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("clerk1")
    dialog.password.setText(DEMO_PASSWORD)
    dialog.approve()
    assert dialog.session is None and "无权" in dialog.message.text()
    dialog.name.setText("chief1")
    dialog.password.setText(DEMO_PASSWORD)
    dialog.approve()
    assert dialog.session is not None and dialog.session.role == "chief"


def test_idle_desk_locks_and_only_the_same_users_password_opens_it(qtbot, desk: DeskPage, clock: HandClock) -> None:
    lock = IdleLock.for_session(desk.conn, desk, desk.session, clock)   # the file's 10 minutes
    clock.advance(9)
    lock.check()
    assert not lock.is_locked()
    clock.advance(2)
    lock.check()
    assert lock.is_locked() and lock.screen.geometry() == desk.rect()
    assert "发票员一" in lock.screen.who.text()
    voter_id, name = voter_here(desk.conn)
    desk.show_voter(voter_id)
    desk.card_check.setChecked(True)
    qtbot.keyClick(desk.card_check, Qt.Key.Key_F5)   # keys do not reach the desk under the lock
    assert desk.conn.execute("SELECT COUNT(*) FROM issuances").fetchone()[0] == 0
    lock.screen.password.setText("wrong-pass")
    lock.unlock()
    assert lock.is_locked() and "用户名或密码错误" in lock.screen.message.text()
    lock.attempt.tick()
    clock.advance(0.1)
    qtbot.keyClicks(lock.screen.password, DEMO_PASSWORD)
    qtbot.keyClick(lock.screen.password, Qt.Key.Key_Return)
    assert not lock.is_locked()
    lock.stop()


def test_keys_and_mouse_keep_the_desk_unlocked(qtbot, desk: DeskPage, clock: HandClock) -> None:
    lock = IdleLock.for_session(desk.conn, desk, desk.session, clock)
    for _ in range(3):
        clock.advance(6)
        qtbot.keyClick(desk.search.box, Qt.Key.Key_A)
        lock.check()
    assert not lock.is_locked()
    clock.advance(6)
    qtbot.mouseClick(desk.search.box, Qt.MouseButton.LeftButton)
    lock.check()
    assert not lock.is_locked()
    lock.stop()
