"""The counting board: typed ballots update the large totals; unclear ballots, tally sheet, certification."""

from __future__ import annotations

import os
from pathlib import Path

from counting_day import BOX, CHIEF, COMMITTEE, COUNTER, LINES, RESOLVED, STATION_BOX
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSpinBox

from app.db import DataFile
from app.i18n import set_language
from ui.counting import CountingPage
from ui.counting.board import zheng_marks

SCREENSHOTS = Path(os.environ.get("POLLDESK_SCREENSHOTS", "")) if os.environ.get("POLLDESK_SCREENSHOTS") else None


def _page(qtbot, station: DataFile, who=COUNTER) -> CountingPage:  # type: ignore[no-untyped-def]
    page = CountingPage()
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.set_station(station.conn, who)
    page.show()
    qtbot.waitExposed(page)
    return page


def _type(qtbot, page: CountingPage, line: str) -> None:  # type: ignore[no-untyped-def]
    page.line.setFocus()
    qtbot.keyClicks(page.line, line)
    qtbot.keyClick(page.line, Qt.Key.Key_Return)


def test_typing_a_ballot_and_enter_updates_the_board(qtbot, station: DataFile) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, station)
    assert page.contest_id() == COMMITTEE and page.box_id() == BOX
    _type(qtbot, page, "1/2 1/5 3 1")
    assert page.message.text().startswith("已录入选票")
    assert page.line.text() == ""
    assert page.board.votes_of("director", "王建国") == 1
    assert page.board.votes_of("deputy", "张伟") == 1 and page.board.votes_of("deputy", "刘芳") == 1
    assert [page.board.votes_of("member", n) for n in ("黄磊", "周杰", "吴桂兰")] == [1, 1, 1]
    assert page.board.votes_of("member", "赵敏") == 0
    assert "1" in page.count.text()


def test_tab_types_a_position_break_and_ctrl_z_on_an_empty_line_takes_back_the_last_ballot(
        qtbot, station: DataFile) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, station)
    page.line.setFocus()
    qtbot.keyClicks(page.line, "2")
    qtbot.keyClick(page.line, Qt.Key.Key_Tab)
    qtbot.keyClicks(page.line, "3")
    assert page.line.text() == "2 / 3"
    qtbot.keyClick(page.line, Qt.Key.Key_Return)
    assert page.board.votes_of("director", "李秀英") == 1 and page.board.votes_of("deputy", "陈静") == 1
    qtbot.keyClick(page.line, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.board.votes_of("director", "李秀英") == 0


def test_a_mistyped_line_stays_for_correction_with_the_reason_shown(qtbot, station: DataFile) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, station)
    _type(qtbot, page, "7")
    assert page.line.text() == "7" and "7" in page.message.text()
    assert page.board.votes_of("director", "王建国") == 0


def test_thirty_ballots_are_counted_resolved_and_certified_by_the_chief(qtbot, station: DataFile,  # type: ignore[no-untyped-def]
                                                                         tmp_path: Path) -> None:
    page = _page(qtbot, station)
    for line in LINES:
        _type(qtbot, page, line)
    assert page.board.votes_of("deputy", "刘芳") == 26
    assert zheng_marks(26) == [5, 5, 5, 5, 5, 1]
    assert page.undecided.count() == 1
    folder = SCREENSHOTS or tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    qtbot.wait(50)
    assert page.grab().save(str(folder / "counting-board-zh.png"))
    assert not page.reconciliation.certify.isEnabled()       # a counter may not certify
    chief_page = _page(qtbot, station, CHIEF)
    chief_page.undecided.setCurrentRow(0)
    chief_page.reading.setText(RESOLVED)
    chief_page.resolve.click()
    assert chief_page.undecided.count() == 0 and chief_page.board.votes_of("director", "王建国") == 21
    chief_page.tabs.setCurrentIndex(2)
    chief_page.reconciliation.certify.click()
    assert "SHA-256" in chief_page.reconciliation.outcome.text()
    qtbot.wait(50)
    assert chief_page.grab().save(str(folder / "counting-certified-zh.png"))


def test_a_box_from_elsewhere_is_counted_from_its_tally_sheet(qtbot, station: DataFile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, station)
    page.box.setCurrentIndex(page.box.findData(STATION_BOX))
    page.tabs.setCurrentIndex(1)
    page.sheet.collected.setValue(9)
    page.sheet.invalid.setValue(1)
    page.sheet.votes[("director", "李秀英")].setValue(8)
    page.sheet.save.click()
    assert page.board.votes_of("director", "李秀英") == 8
    folder = SCREENSHOTS or tmp_path
    qtbot.wait(50)
    assert page.grab().save(str(folder / "counting-sheet-zh.png"))
    set_language("en")
    try:
        page.retranslate()
        page.tabs.setCurrentIndex(2)
        qtbot.wait(50)
        assert page.grab().save(str(folder / "counting-reconciliation-en.png"))
    finally:
        set_language("zh_CN")


def test_the_tally_sheet_has_no_loose_box_over_its_title(qtbot, station: DataFile) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, station)
    page.tabs.setCurrentIndex(1)
    sheet = page.sheet
    in_form = {sheet.form.itemAt(n).widget() for n in range(sheet.form.count())}
    boxes = [spin for spin in sheet.findChildren(QSpinBox) if spin.isVisible()]
    assert len(boxes) == 2 + sum(len(p.candidates) for p in page.layout_) == 12   # collected, invalid, candidates
    assert all(spin in in_form for spin in boxes)
    assert all(spin.geometry().top() >= sheet.title.geometry().bottom() for spin in boxes)
