"""The key screens at 100 % and 200 % in Chinese and English, for a person to look at (POLLDESK_SCREENSHOTS/a11y).

Each picture is also checked: the window keeps to a 1366 x 768 laptop screen and no label or button is cut off.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from a11ykit import SCREEN, clipped_texts, picture_folder
from counting_day import COUNTER, LINES, enter_lines
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QWidget

from app.audit import Actor
from app.db import DataFile, open_data_file
from app.i18n import set_language
from app.pollbook import open_poll
from ui.counting import CountingPage
from ui.main import MainWindow

LANGUAGES = {"zh": "zh_CN", "en": "en"}
STATION_SCREENS = {"overview": "election", "desk": "desk", "register": "register", "counting-window": "counting"}
DISTRICT_SCREENS = {"candidates": "candidates", "dashboard": "dashboard"}


def _save(qtbot, widget: QWidget, folder: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.wait(30)     # let the layouts settle, as they have before anyone looks
    assert widget.window().width() <= SCREEN[0], (name, widget.window().width())
    assert clipped_texts(widget) == [], name
    if isinstance(widget, MainWindow) and name.startswith(("desk-100", "overview-100")):
        bar = widget.page_scroller.verticalScrollBar()
        assert bar.maximum() == 0, (name, bar.maximum())     # the whole desk on a 768-pixel screen
    if isinstance(widget, MainWindow) and name.startswith("counting-window"):      # beside the page list
        assert widget.page_scroller.horizontalScrollBar().maximum() == 0, name
    assert widget.window().grab().save(str(folder / f"{name}.png"))


def _show(window: MainWindow, key: str) -> None:
    assert window.shell is not None
    window.show_page([entry.key for entry in window.shell.pages].index(key))


@pytest.mark.parametrize("scale", [100, 200])
def test_station_screens_in_both_languages(qtbot, window: MainWindow, sign_in, station_file: Path, look,
                                           scale: int, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = picture_folder(tmp_path)
    with open_data_file(station_file, kind="station") as df:
        open_poll(df.conn, Actor("chief1", "chief"))
    look(scale)
    window.resize(*SCREEN)
    sign_in(window, station_file, "clerk1")
    window.resize(*SCREEN)     # what a maximised window on the laptop gets
    desk = window.page("desk")
    _show(window, "desk")
    names = [r[0] for r in desk.conn.execute("SELECT name FROM voters WHERE place_code = 'C02-Z' AND status = "
                                             "'active' ORDER BY id LIMIT 2")]
    for name in names:       # one ballot issued, then the second voter's card checked and ready
        desk.search.box.setText(name)
        desk.search.search(name)
        qtbot.keyClick(desk.search.box, Qt.Key.Key_Return)
        qtbot.keyClick(desk.card_check, Qt.Key.Key_Space)
        if name == names[0]:
            qtbot.keyClick(desk.card_check, Qt.Key.Key_F5)
    try:
        for lang, code in LANGUAGES.items():
            window.language_actions[code].trigger()
            for screen, key in STATION_SCREENS.items():
                _show(window, key)
                if key == "desk":      # the keyboard at the card check, as after Enter on a match
                    desk.search.box.setFocus()
                    desk.card_check.setFocus()
                _save(qtbot, window, folder, f"{screen}-{scale}-{lang}")
            overview = window.page("election")        # the key rules, further down the overview
            _show(window, "election")
            qtbot.wait(30)         # the page laid out at its new size: the bar's range is known
            overview.verticalScrollBar().setValue(overview.verticalScrollBar().maximum())
            _save(qtbot, window, folder, f"overview-rules-{scale}-{lang}")
    finally:
        set_language("zh_CN")


@pytest.mark.parametrize("scale", [100, 200])
def test_district_screens_in_both_languages(qtbot, window: MainWindow, open_and_wait, demo_district_file: Path,
                                            look, scale: int, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = picture_folder(tmp_path)
    look(scale)
    window.resize(*SCREEN)
    open_and_wait(window, demo_district_file)
    window.resize(*SCREEN)
    try:
        for lang, code in LANGUAGES.items():
            window.language_actions[code].trigger()
            for screen, key in DISTRICT_SCREENS.items():
                _show(window, key)
                _save(qtbot, window, folder, f"{screen}-{scale}-{lang}")
    finally:
        set_language("zh_CN")


@pytest.mark.parametrize("scale", [100, 200])
def test_counting_board_in_both_languages(qtbot, counting_station: DataFile, look, scale: int,
                                          tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = picture_folder(tmp_path)
    look(scale)
    page = CountingPage()
    scroll = QScrollArea()       # as in the main window: a page wider than the screen scrolls
    scroll.setWidgetResizable(True)
    scroll.setWidget(page)
    qtbot.addWidget(scroll)
    scroll.resize(SCREEN[0] - 200, SCREEN[1] - 120)     # what the main window leaves for a page
    page.set_station(counting_station.conn, COUNTER)
    scroll.show()
    qtbot.waitExposed(scroll)
    enter_lines(counting_station.conn, LINES[:-1])       # 29 ballots read out before, then one typed
    page.line.setFocus()
    qtbot.keyClicks(page.line, LINES[-1])
    qtbot.keyClick(page.line, Qt.Key.Key_Return)
    assert page.board.votes_of("deputy", "刘芳") == 26 and page.undecided.count() == 1
    sideways = []
    try:
        for lang, code in LANGUAGES.items():
            set_language(code)
            page.retranslate()
            for tab, name in enumerate(("counting", "counting-sheet", "counting-reconciliation")):
                page.tabs.setCurrentIndex(tab)
                _save(qtbot, scroll, folder, f"{name}-{scale}-{lang}")
                if scroll.horizontalScrollBar().maximum() > 0:
                    sideways.append(f"{name}-{lang}")
            page.tabs.setCurrentIndex(0)
    finally:
        set_language("zh_CN")
    assert page.board.name_font().pointSize() == 22 * scale // 100      # the board's names grow with the text
    assert sideways == []


def test_high_contrast_desk_for_a_person_to_look_at(qtbot, window: MainWindow, sign_in, station_file: Path, look,
                                                    tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = picture_folder(tmp_path)
    look(100, True)
    window.resize(*SCREEN)
    sign_in(window, station_file, "clerk1")
    _show(window, "desk")
    qtbot.keyClick(window.page("desk").search.box, Qt.Key.Key_F5)     # nobody chosen: refused in words
    _save(qtbot, window, folder, "desk-high-contrast-100-zh")
