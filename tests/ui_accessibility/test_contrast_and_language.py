"""High contrast (remembered), status said in words as well as colour, and the desk and turnout in English."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from app.i18n import set_language
from ui import settings as user
from ui.main import MainWindow
from ui.theme import Look, current_look


def test_high_contrast_is_black_on_white_with_thick_focus_and_is_remembered(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.contrast_action.trigger()
    assert current_look() == Look(100, True) and window.contrast_action.isChecked()
    palette = QApplication.palette()
    assert palette.color(QPalette.ColorRole.Window).name() == "#ffffff"
    assert palette.color(QPalette.ColorRole.WindowText).name() == "#000000"
    assert "border: 5px solid #000000" in QApplication.instance().styleSheet()
    assert user.saved_look(window.settings) == Look(100, True)
    again = MainWindow(window.settings)          # the next start reads it back
    qtbot.addWidget(again)
    assert again.contrast_action.isChecked()
    window.contrast_action.trigger()
    assert not current_look().high_contrast and not user.saved_look(window.settings).high_contrast


def test_desk_and_turnout_follow_a_switch_to_english(qtbot, window: MainWindow, sign_in,
                                                      station_file: Path) -> None:  # type: ignore[no-untyped-def]
    sign_in(window, station_file, "clerk1")
    desk, turnout = window.page("desk"), window.page("turnout")
    assert desk.buttons["issue"].text() == "发票  F5"
    try:
        window.language_actions["en"].trigger()
        assert desk.buttons["issue"].text() == "Issue ballot  F5"
        assert desk.card_check.text() == "Voter card checked (Space)"
        assert desk.search_label.text() == "Find the voter (F2)"
        assert "issuing desk" in desk.title.text() and desk.counter.text().startswith("Poll ")
        assert desk.voter.empty.text().startswith("No voter selected")
        assert turnout.heading.text() == "Turnout" and turnout.contest_label.text() == "Contest"
        assert turnout.summary.text().startswith("Poll ")
        # the mode is said in words in the status bar, whatever the colour
        assert "TEST mode" in window.status.text()
        window.language_actions["zh_CN"].trigger()
        assert desk.buttons["issue"].text() == "发票  F5" and turnout.heading.text() == "投票情况"
    finally:
        set_language("zh_CN")
