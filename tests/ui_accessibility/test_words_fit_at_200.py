"""At 200 % text the overview, status bar, counting board, candidates and dashboard keep every word in its room."""

from __future__ import annotations

from pathlib import Path

import pytest
from a11ykit import SCREEN, clipped_texts
from counting_day import COUNTER, LINES, enter_lines
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel

from app.db import DataFile
from app.i18n import set_language
from ui.counting import CountingPage
from ui.main import MainWindow
from ui.pages import PATH_RUN, ElectionPage, breakable_path
from ui.statusbar import ElidedLabel


def _show(window: MainWindow, key: str) -> None:
    assert window.shell is not None
    window.show_page([entry.key for entry in window.shell.pages].index(key))


def _fits_its_height(label: QLabel) -> bool:
    """A word-wrapped label is tall enough for all its lines at its width (nothing cut off at the bottom)."""
    needed = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
    return needed <= label.height()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_overview_labels_wrap_and_values_stay_on_screen_at_200_percent(
        qtbot, window: MainWindow, sign_in, station_file: Path, look, language: str) -> None:  # type: ignore[no-untyped-def]
    look(200)
    window.resize(*SCREEN)
    sign_in(window, station_file, "clerk1")
    window.resize(*SCREEN)
    try:
        window.language_actions[language].trigger()
        _show(window, "election")
        qtbot.wait(30)
        page = window.page("election")
        assert isinstance(page, ElectionPage)
        room = page.viewport().width()
        assert page.horizontalScrollBar().maximum() == 0
        for label, value in page.fact_rows + page.rule_rows:
            # the label column takes at most 40 % of the page; the value starts and ends on screen
            assert label.width() <= room * ElectionPage.LABEL_SHARE + 1, label.text()
            assert value.geometry().right() <= page.content.width(), value.text()
            assert value.width() >= room * 0.4, value.text()
            assert _fits_its_height(label) and _fits_its_height(value), (label.text(), value.text())
            for line_of in (label, value):
                metrics = QFontMetrics(line_of.font())
                widest_word = max(metrics.horizontalAdvance(word) for word in line_of.text().split(" ") if word)
                assert widest_word <= line_of.contentsRect().width() or "\u200b" in line_of.text(), line_of.text()
        long_rule = page.rule_rows[-1][0]       # "Votes for a higher position count for a lower one:"
        if long_rule.fontMetrics().horizontalAdvance(long_rule.text()) > long_rule.contentsRect().width():
            assert long_rule.heightForWidth(long_rule.width()) > long_rule.fontMetrics().height() * 1.5  # wraps
        assert language == "zh_CN" or long_rule.height() > long_rule.fontMetrics().height() * 1.5
        assert clipped_texts(window) == []
    finally:
        set_language("zh_CN")


def test_overview_at_100_percent_keeps_each_label_on_one_line(
        qtbot, window: MainWindow, sign_in, station_file: Path) -> None:  # type: ignore[no-untyped-def]
    window.resize(*SCREEN)
    sign_in(window, station_file, "clerk1")
    _show(window, "election")
    qtbot.wait(30)
    page = window.page("election")
    for label, _ in page.fact_rows + page.rule_rows:
        assert label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width(), label.text()


def test_a_long_election_name_is_cut_short_with_an_ellipsis_and_shown_whole_on_hover(qtbot, look) -> None:  # type: ignore[no-untyped-def]
    look(200)
    label = ElidedLabel()
    qtbot.addWidget(label)
    name = "第四届社区居民委员会换届选举（示范区二〇一一年四月十日统一选举日）"
    label.set_full_text(name)
    label.resize(300, label.sizeHint().height())
    label.show()
    assert label.text().endswith("…") and label.is_elided() and label.toolTip() == name
    assert QFontMetrics(label.font()).horizontalAdvance(label.text()) <= label.contentsRect().width()
    assert label.full_text() == name and label.minimumSizeHint().width() < 300
    label.resize(label.sizeHint().width(), label.height())
    assert label.text() == name and label.toolTip() == ""


def test_the_status_bar_says_everything_and_fits_the_laptop_at_200_percent(
        qtbot, window: MainWindow, sign_in, station_file: Path, look) -> None:  # type: ignore[no-untyped-def]
    look(200)
    window.resize(*SCREEN)
    sign_in(window, station_file, "clerk1")
    window.resize(*SCREEN)
    qtbot.wait(30)
    status = window.status
    # every label shown (the election's name too), each cut short down to a few characters when room is short
    assert status.election_label.isVisible() and status.minimumSizeHint().width() < SCREEN[0] * 3 // 5
    assert "测试模式" in status.text() and "C02-Z.polldesk" in status.text()
    for label in (status.place_label, status.election_label, status.file_label):
        if label.isVisible():
            assert QFontMetrics(label.font()).horizontalAdvance(label.text()) <= label.contentsRect().width()
            assert not label.is_elided() or label.toolTip()
    assert status.file_label.toolTip() == str(station_file)
    assert window.width() <= SCREEN[0]


def test_the_counting_board_grows_with_the_text_size(qtbot, counting_station: DataFile, look) -> None:  # type: ignore[no-untyped-def]
    sizes = {}
    for scale in (100, 200):
        look(scale)
        page = CountingPage()
        qtbot.addWidget(page)
        page.set_station(counting_station.conn, COUNTER)
        if scale == 100:
            enter_lines(counting_station.conn, LINES)
            page.refresh()
        board = page.board
        sizes[scale] = (board.name_font().pointSize(), board.mark_size(), board.minimumSizeHint().width(),
                        board.sizeHint().height())
    assert sizes[100][:2] == (22, 26) and sizes[200][:2] == (44, 52)
    assert sizes[200][2] > sizes[100][2] and sizes[200][3] > 1.6 * sizes[100][3]


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_candidates_and_dashboard_keep_their_tables_readable_at_200_percent(
        qtbot, window: MainWindow, open_and_wait, demo_district_file: Path, look,
        language: str) -> None:  # type: ignore[no-untyped-def]
    look(200)
    window.resize(*SCREEN)
    open_and_wait(window, demo_district_file)        # no users yet: read-only, a tall banner above each page
    window.resize(*SCREEN)
    try:
        window.language_actions[language].trigger()
        _show(window, "candidates")
        qtbot.wait(30)
        candidates = window.page("candidates")
        line = candidates.tree.fontMetrics().lineSpacing()
        assert window.banner.isVisible()
        assert candidates.tree.height() >= 6 * line and candidates.problems.height() >= 2 * line
        assert window.page_scroller.horizontalScrollBar().maximum() == 0
        assert clipped_texts(window) == []
        _show(window, "dashboard")
        qtbot.wait(30)
        dashboard = window.page("dashboard")
        table = dashboard.communities
        rows_shown = table.viewport().height() / table.verticalHeader().defaultSectionSize()
        assert rows_shown >= 5, rows_shown
        bar = dashboard.tabs.tabBar()
        assert sum(bar.tabRect(i).width() for i in range(bar.count())) <= bar.width(), "tab titles cut off"
        assert window.page_scroller.horizontalScrollBar().maximum() == 0
        assert clipped_texts(window) == []
    finally:
        set_language("zh_CN")


def test_a_long_file_path_may_wrap_inside_each_long_folder_name() -> None:
    path = "C:\\Users\\Administrator\\第四届社区居委会换届选举东湖社区第一投票站数据\\test_overview_labels_wrap_and_1\\C02-Z.polldesk"
    shown = breakable_path(path)
    assert shown.replace("\u200b", "") == path
    assert max(len(piece) for piece in shown.split("\u200b")) <= PATH_RUN
    assert "test_\u200boverview_\u200b" in shown and "\\\u200bC02-\u200bZ.\u200bpolldesk" in shown
