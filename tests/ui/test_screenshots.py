"""Pictures of the main window for a person to look at (POLLDESK_SCREENSHOTS=folder keeps them)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QMessageBox

from app.i18n import set_language
from ui.main import MainWindow
from ui.theme import BASE_POINT_SIZE

PAGES = ("election", "communities", "places", "contests")
STATION_PAGES = ("election", "desk", "turnout", "counting", "register")
DISTRICT_PAGES = ("election", "communities", "places", "contests", "register", "candidates", "dashboard")


def test_window_is_drawn_with_a_large_cjk_font_in_both_languages(qtbot, open_and_wait, window: MainWindow,
                                                                 district_file: Path, tmp_path: Path) -> None:
    folder = Path(os.environ.get("POLLDESK_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    font = QFontInfo(window.font())
    assert font.family() in ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC")
    assert font.pointSize() == BASE_POINT_SIZE
    qtbot.wait(50)   # let the layouts settle, as they have before anyone looks
    assert window.grab().save(str(folder / "main-welcome-zh.png"))
    open_and_wait(window, district_file)
    try:
        for lang in ("zh", "en"):
            window.language_actions["zh_CN" if lang == "zh" else "en"].trigger()
            for number, page in enumerate(PAGES):
                window.show_page(number)
                qtbot.wait(50)
                image = window.grab()
                assert not image.isNull() and image.width() >= 1000
                assert image.save(str(folder / f"main-{page}-{lang}.png"))
    finally:
        set_language("zh_CN")


def _folder(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("POLLDESK_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_station_pages_and_the_login_are_drawn_for_a_person_to_look_at(
        qtbot, window: MainWindow, sign_in, station_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = _folder(tmp_path)
    window.resize(1366, 800)
    with qtbot.waitSignal(window.login_requested, timeout=10_000) as shown:
        window.open_file(station_file)
    login = shown.args[0]
    qtbot.waitExposed(login)
    qtbot.keyClicks(login.name, "clerk1")
    assert login.grab().save(str(folder / "main-login-zh.png"))
    login.reject()
    sign_in(window, station_file, "chief1")
    poll = window.shell.poll  # type: ignore[union-attr]
    poll.open_action.trigger()
    poll.dialog.button(QMessageBox.StandardButton.Yes).click()
    desk = window.page("desk")
    window.show_page(1)
    voter = desk.conn.execute("SELECT name FROM voters WHERE place_code = 'C02-Z' ORDER BY id LIMIT 1").fetchone()[0]
    desk.search.box.setText(voter)
    desk.search.search(voter)
    qtbot.keyClick(desk.search.box, Qt.Key.Key_Return)
    qtbot.keyClick(desk.card_check, Qt.Key.Key_Space)
    qtbot.keyClick(desk.card_check, Qt.Key.Key_F5)
    assert "已发票" in desk.result.text()
    for number, name in enumerate(STATION_PAGES):
        window.show_page(number)
        qtbot.wait(50)
        assert window.grab().save(str(folder / f"main-station-{name}-zh.png"))
    poll.menu.popup(window.mapToGlobal(window.rect().center()))
    qtbot.wait(50)
    assert poll.menu.grab().save(str(folder / "main-station-poll-menu-zh.png"))
    poll.menu.hide()


def test_district_pages_are_drawn_for_a_person_to_look_at(
        qtbot, open_and_wait, window: MainWindow, demo_district_file: Path,  # type: ignore[no-untyped-def]
        tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    window.resize(1366, 800)
    open_and_wait(window, demo_district_file)
    for number, name in enumerate(DISTRICT_PAGES):
        window.show_page(number)
        qtbot.wait(50)
        assert window.grab().save(str(folder / f"main-district-{name}-zh.png"))
