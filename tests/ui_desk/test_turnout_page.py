"""The turnout page counts what the desk issued, by place, way and hour, with the numbers written out."""

from __future__ import annotations

from deskkit import COMMITTEE, voter_here

from app.pollbook import issue_ballot
from ui.desk import DeskPage
from ui.turnout import TurnoutPage


def test_turnout_page_shows_the_issued_count(qtbot, desk: DeskPage) -> None:
    page = TurnoutPage(desk.conn, refresh_ms=50)
    qtbot.addWidget(page)
    page.show()
    assert page.by_place.bars == []
    for n in range(3):
        issue_ballot(desk.conn, desk.session, voter_here(desk.conn, n)[0], COMMITTEE, clock=desk.clock)
    qtbot.waitUntil(lambda: page.by_kind.bars == [("本人领票", 3)], timeout=2000)   # the timer refreshed it
    assert page.contest.currentData() == COMMITTEE
    assert "已发票 3，共" in page.summary.text()
    assert page.by_place.bars == [("太平社区中心会场", 3)]
    assert page.by_hour.bars == [("08:00–09:00", 3)]
    page.close()
    assert not page.timer.isActive()
