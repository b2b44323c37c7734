"""At 200 % text the counting page fits a laptop's screen beside the page list, and signing in shows the overview
without the counting page's size making it scroll."""

from __future__ import annotations

from pathlib import Path

import pytest
from a11ykit import SCREEN, clipped_texts
from counting_day import COUNTER, LINES, RESOLVED, enter_lines
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QScrollArea, QSizePolicy

from app.db import DataFile
from app.i18n import set_language
from ui.counting import CountingPage
from ui.main import MainWindow

PAGE_ROOM = (SCREEN[0] - 200, SCREEN[1] - 120)     # what the main window leaves a page on the laptop


def _counting_in_page_room(qtbot, station: DataFile) -> tuple[QScrollArea, CountingPage]:  # type: ignore[no-untyped-def]
    page = CountingPage()
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(page)
    qtbot.addWidget(scroll)
    scroll.resize(*PAGE_ROOM)
    page.set_station(station.conn, COUNTER)
    scroll.show()
    qtbot.waitExposed(scroll)
    return scroll, page


def _cut_short(top: CountingPage) -> list[str]:
    """Word-wrapped labels shown lower than their lines need (a splitter gives no height for a width)."""
    return [label.text() for label in top.findChildren(QLabel) if label.isVisible() and label.wordWrap()
            and label.heightForWidth(label.width()) > label.height()]


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_at_200_percent_the_counting_page_needs_no_sideways_scrolling(
        qtbot, counting_station: DataFile, look, language: str) -> None:  # type: ignore[no-untyped-def]
    look(200)
    set_language(language)
    try:
        scroll, page = _counting_in_page_room(qtbot, counting_station)
        page.retranslate()
        enter_lines(counting_station.conn, LINES)
        page.refresh()
        qtbot.wait(30)
        assert scroll.horizontalScrollBar().maximum() == 0, page.minimumSizeHint()
        contest = page.contest
        assert QFontMetrics(contest.font()).horizontalAdvance(contest.currentText()) < contest.width()
        assert page.count.wordWrap() and page.undecided_title.wordWrap()
        assert page.line.font().pointSize() == 48          # 24 points at 100 %, grown with the text
        assert page.board.parentWidget().parentWidget().width() >= page.board.minimumSizeHint().width()
        assert clipped_texts(scroll) == [] and _cut_short(page) == []
    finally:
        set_language("zh_CN")


def test_the_unclear_ballots_show_only_while_there_are_some(qtbot, counting_station: DataFile) -> None:  # type: ignore[no-untyped-def]
    _, page = _counting_in_page_room(qtbot, counting_station)
    unclear = (page.undecided_title, page.undecided, page.reading, page.resolve)
    assert page.line.font().pointSize() == 24
    assert not any(widget.isVisible() for widget in unclear)
    page.line.setFocus()
    qtbot.keyClicks(page.line, LINES[-1])         # the ballot with an unclear section
    qtbot.keyClick(page.line, Qt.Key.Key_Return)
    assert page.undecided.count() == 1 and all(widget.isVisible() for widget in unclear)
    page.undecided.setCurrentRow(0)
    qtbot.keyClicks(page.reading, RESOLVED)
    page.resolve.setFocus()
    qtbot.keyClick(page.resolve, Qt.Key.Key_Space)
    assert page.undecided.count() == 0 and not any(widget.isVisible() for widget in unclear)
    assert page.window().focusWidget() is page.line       # back to typing ballots, not lost with the button


def test_after_sign_in_at_200_percent_the_overview_does_not_scroll_for_the_counting_page(
        qtbot, window: MainWindow, sign_in, station_file: Path, look) -> None:  # type: ignore[no-untyped-def]
    look(200)
    window.resize(*SCREEN)
    sign_in(window, station_file, "clerk1")
    window.resize(*SCREEN)
    qtbot.wait(30)
    assert window.stack.currentWidget() is window.pages[0]
    counting = window.page("counting")
    assert counting.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Ignored
    assert window.page_scroller.horizontalScrollBar().maximum() == 0
    assert window.width() <= SCREEN[0]
    election = window.status.election_label            # the status bar cuts the name short, never hides it
    assert election.isVisible() and election.text() and election.full_text() in window.status.text()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_at_200_percent_the_reconciliation_shows_every_box_and_column_without_scrolling_inside(
        qtbot, counting_station: DataFile, look, language: str) -> None:  # type: ignore[no-untyped-def]
    look(200)
    set_language(language)
    try:
        scroll, page = _counting_in_page_room(qtbot, counting_station)
        page.retranslate()
        page.tabs.setCurrentIndex(2)
        qtbot.wait(30)
        table = page.reconciliation.table
        header = table.horizontalHeader()
        assert table.rowCount() == 3
        assert table.horizontalScrollBar().maximum() == 0 and table.verticalScrollBar().maximum() == 0
        assert header.length() <= table.viewport().width()
        shown = header.height() + sum(table.rowHeight(r) for r in range(table.rowCount()))
        assert shown <= table.height()            # every row whole: the page scrolls, not the table
        assert scroll.horizontalScrollBar().maximum() == 0
        for column in range(table.columnCount()):
            # a narrowed column wraps its words (heading and cells), never cuts a word
            heading, *cells = table.column_texts(column)
            widest = max([header.fontMetrics().horizontalAdvance(w) for w in heading.split()] +
                         [table.fontMetrics().horizontalAdvance(w) for text in cells for w in text.split()])
            assert widest <= header.sectionSize(column)
    finally:
        set_language("zh_CN")
