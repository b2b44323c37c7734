"""Pictures of the desk in use for a person to look at (POLLDESK_SCREENSHOTS=folder keeps them)."""

from __future__ import annotations

import os
from pathlib import Path

from deskkit import COMMITTEE, find_and_select, issue_by_keyboard, type_text, voter_here
from PySide6.QtCore import Qt

from app.pollbook import issue_ballot, mobile_out
from tests.handclock import HandClock
from ui.desk import DeskPage
from ui.login import IdleLock
from ui.turnout import TurnoutPage


def _save(widget, folder: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    image = widget.grab()
    assert not image.isNull() and image.width() >= 600
    assert image.save(str(folder / f"desk-{name}.png"))


def test_desk_pictures_of_a_morning(qtbot, desk: DeskPage, clock: HandClock, tmp_path: Path) -> None:
    folder = Path(os.environ.get("POLLDESK_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    _, name = voter_here(desk.conn)
    issue_by_keyboard(qtbot, desk, name)
    qtbot.wait(50)
    _save(desk, folder, "issued")
    clock.advance(20)
    issue_by_keyboard(qtbot, desk, name)
    qtbot.wait(50)
    _save(desk, folder, "refused")

    _, principal = voter_here(desk.conn, 1)
    _, proxy = voter_here(desk.conn, 2)
    find_and_select(qtbot, desk, principal)
    qtbot.keyClick(desk.card_check, Qt.Key.Key_F6)
    dialog = desk.issuing.dialog
    assert dialog is not None
    type_text(qtbot, dialog.search.box, proxy[:1])
    qtbot.keyClick(dialog.search.box, Qt.Key.Key_Return)
    dialog.auth_no.setText("WT-007")
    qtbot.wait(50)
    _save(dialog, folder, "proxy-dialog")
    dialog.reject()

    _, other = voter_here(desk.conn, place="C02-S1")
    find_and_select(qtbot, desk, other)
    qtbot.wait(50)
    _save(desk, folder, "other-place")

    lock = IdleLock.for_session(desk.conn, desk, desk.session, clock)
    lock.lock_now()
    qtbot.wait(50)
    _save(desk, folder, "lock-screen")
    lock.stop()

    for hour, n in ((1, 3), (2, 4), (3, 6)):
        clock.advance(60)
        for k in range(n):
            issue_ballot(desk.conn, desk.session, voter_here(desk.conn, 3 + hour * 10 + k)[0], COMMITTEE, clock=clock)
    mobile_out(desk.conn, desk.session, desk.facts.mobile_boxes[0][0],
               [voter_here(desk.conn, 60 + k)[0] for k in range(2)], COMMITTEE, clock=clock)
    page = TurnoutPage(desk.conn)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    qtbot.wait(50)
    assert sum(count for _, count in page.by_place.bars) == 16
    _save(page, folder, "turnout")
    page.close()
