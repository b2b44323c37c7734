"""The desk and the count by keyboard alone: no mouse click anywhere, and the keyboard's place always visible."""

from __future__ import annotations

import sys
from pathlib import Path

from a11ykit import focus_is_visible
from counting_day import COUNTER
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.audit import Actor
from app.db import DataFile, open_data_file
from app.pollbook import open_poll
from ui.counting import CountingPage
from ui.main import MainWindow

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ui_desk"))

from deskkit import type_text  # noqa: E402


def test_a_whole_issuance_and_a_refused_second_ballot_by_keys_only(
        qtbot, window: MainWindow, sign_in, station_file: Path) -> None:  # type: ignore[no-untyped-def]
    with open_data_file(station_file, kind="station") as df:
        open_poll(df.conn, Actor("chief1", "chief"))
    sign_in(window, station_file, "clerk1")          # typed: name, Enter, password, Enter
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    desk = window.page("desk")
    assert window.stack.currentWidget() is desk and desk.search.box.hasFocus() and focus_is_visible()
    voter_id, name = desk.conn.execute("SELECT id, name FROM voters v WHERE place_code = 'C02-Z' AND status = "
                                       "'active' AND (SELECT COUNT(*) FROM voters w WHERE w.name = v.name) = 1 "
                                       "ORDER BY id LIMIT 1").fetchone()
    for attempt in (1, 2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F2)
        assert desk.search.box.hasFocus() and focus_is_visible()
        type_text(qtbot, desk.search.box, name)
        qtbot.keyClick(desk.search.box, Qt.Key.Key_Return)
        assert desk.card_check.hasFocus() and focus_is_visible()
        qtbot.keyClick(desk.card_check, Qt.Key.Key_Space)
        assert desk.card_check.isChecked()
        qtbot.keyClick(desk.card_check, Qt.Key.Key_Return)     # Enter on the check issues, like F5
        assert focus_is_visible()
        issued = desk.conn.execute("SELECT COUNT(*) FROM issuances WHERE voter_id = ?", (voter_id,)).fetchone()[0]
        assert issued == 1
        if attempt == 1:
            assert desk.result.property("tone") == "good" and name in desk.result.text()
        else:   # the second ballot is refused, and the box says so in words, not only in red
            assert desk.result.property("tone") == "bad" and desk.result.text().startswith("未办理")
    # Tab reaches every action button, each with its key in the words
    seen = set()
    for _ in range(20):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert focus_is_visible()
        seen.add(QApplication.focusWidget())
    assert set(desk.buttons.values()) <= seen


def test_a_counted_ballot_by_keys_only(qtbot, counting_station: DataFile) -> None:  # type: ignore[no-untyped-def]
    page = CountingPage()
    qtbot.addWidget(page)
    page.resize(1166, 648)
    page.set_station(counting_station.conn, COUNTER)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    page.setFocus()                       # the page hands the keyboard to its entry line
    assert page.line.hasFocus() and focus_is_visible()
    qtbot.keyClicks(page.line, "1")
    qtbot.keyClick(page.line, Qt.Key.Key_Tab)          # Tab: the next position, not the next widget
    qtbot.keyClicks(page.line, "1")
    qtbot.keyClick(page.line, Qt.Key.Key_Tab)
    qtbot.keyClicks(page.line, "4 5")
    assert page.line.text() == "1 / 1 / 4 5" and page.line.hasFocus()
    qtbot.keyClick(page.line, Qt.Key.Key_Return)
    assert page.board.votes_of("director", "王建国") == 1
    assert page.line.text() == "" and page.line.hasFocus() and focus_is_visible()
    qtbot.keyClick(page.line, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)    # taken back, by keys
    assert page.board.votes_of("director", "王建国") == 0
