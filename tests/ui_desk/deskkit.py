"""What a desk test does by hand: pick voters of the station, type, press keys, read the boxes."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from ui.desk import DeskPage

COMMITTEE = "C02-committee"


def voter_here(conn: sqlite3.Connection, offset: int = 0, place: str = "C02-Z") -> tuple[int, str]:
    """A voter assigned to `place` whose name is unique in the register (id, name)."""
    row = conn.execute(
        "SELECT id, name FROM voters v WHERE place_code = ? AND status = 'active'"
        " AND (SELECT COUNT(*) FROM voters w WHERE w.name = v.name) = 1 ORDER BY id LIMIT 1 OFFSET ?",
        (place, offset)).fetchone()
    return int(row[0]), str(row[1])


def type_text(qtbot, widget: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type as a person does: Latin letters and digits key by key, Chinese through the input method."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    for char in text:
        event = QInputMethodEvent()
        event.setCommitString(char)
        QApplication.sendEvent(widget, event)


def find_and_select(qtbot, page: DeskPage, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type into the search box and press Enter, as the clerk does."""
    page.focus_search()
    type_text(qtbot, page.search.box, text)
    qtbot.keyClick(page.search.box, Qt.Key.Key_Return)


def issue_by_keyboard(qtbot, page: DeskPage, name: str) -> None:  # type: ignore[no-untyped-def]
    """Name, Enter, Space on the card check, F5."""
    find_and_select(qtbot, page, name)
    qtbot.keyClick(page.card_check, Qt.Key.Key_Space)
    qtbot.keyClick(page.card_check, Qt.Key.Key_F5)


def issuances(conn: sqlite3.Connection, voter_id: int, contest: str = COMMITTEE) -> list[sqlite3.Row]:
    """The voter's active ballots for a contest, read back from the file."""
    return conn.execute("SELECT * FROM issuances WHERE voter_id = ? AND contest_id = ?",
                        (voter_id, contest)).fetchall()
