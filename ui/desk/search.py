"""The one search box and its matches: type or scan, up/down to choose, Enter to select (a card selects at once)."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QVBoxLayout, QWidget

from app.errors import PollDeskError
from app.i18n import tr
from app.register.lookup import LookupRow, lookup
from app.register.privacy import looks_like_card
from ui.desk.words import status_word
from ui.table_cells import fill_list, set_row_text

LIMIT = 20


NBSP = "\u00a0"   # keeps "household 01013" or "Group 1" on one line when a narrow list wraps


class SearchBox(QLineEdit):
    """A line edit that hands up/down/page keys to the match list."""

    moved = Signal(int)   # rows to move the choice by

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        steps = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 5, Qt.Key.Key_PageUp: -5}
        step = steps.get(Qt.Key(event.key()))
        if step is not None:
            self.moved.emit(step)
            return
        super().keyPressEvent(event)


class VoterSearch(QWidget):
    """Search box and match list over `app.register.lookup`; `chosen(voter_id)` when a voter is selected."""

    chosen = Signal(int)
    refused = Signal(str)   # a scanned card that is not genuine, and similar

    def __init__(self, conn: sqlite3.Connection, place: str, places: dict[str, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn, self.place, self.places = conn, place, places
        self.rows: list[LookupRow] = []
        self.box = SearchBox(self)
        self.box.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # the keyboard stays in the search box
        self.results.setWordWrap(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addWidget(self.results, 1)
        self.box.textEdited.connect(self.search)
        self.box.moved.connect(self.move_choice)
        self.box.returnPressed.connect(self.select)
        self.results.itemDoubleClicked.connect(lambda _: self.select())
        self.retranslate()

    def retranslate(self) -> None:
        """The hint and the matches' words again in the language now in use (the choice stays)."""
        self.box.setPlaceholderText(tr("Name, pinyin, last ID digits, household, or scan the voter card"))
        for number, row in enumerate(self.rows[:self.results.count()]):
            set_row_text(self.results, number, self._line(row))
        if not self.rows and self.results.count() == 1:
            set_row_text(self.results, 0, tr("No voter found."))

    def search(self, text: str) -> None:
        """Show the matches of `text` (a card payload is looked up only on Enter, when it is complete)."""
        self.rows = []
        self.results.clear()
        if not text.strip() or looks_like_card(text.strip()):
            return
        try:
            self.rows = lookup(self.conn, text, LIMIT, self.place)
        except PollDeskError as exc:
            self.refused.emit(exc.message)
            return
        fill_list(self.results, [self._line(row) for row in self.rows])
        if self.rows:
            self.results.setCurrentRow(0)
        else:
            self.results.addItem(tr("No voter found."))

    def _line(self, row: LookupRow) -> str:
        """Two lines a match: who (name, status, masked ID), then where (group, household, place)."""
        who = [row.name, status_word(row.status), row.masked_id]
        place = tr("this place") if row.place == self.place else self.places.get(row.place, row.place)
        where = [row.group, tr("household {number}", number=row.household) if row.household else "", place]
        return "\n".join("   ".join(p.replace(" ", NBSP) for p in parts if p) for parts in (who, where))

    def move_choice(self, step: int) -> None:
        """Move the choice up or down the matches."""
        if self.rows:
            self.results.setCurrentRow(max(0, min(len(self.rows) - 1, self.results.currentRow() + step)))

    def select(self) -> None:
        """Enter: a scanned card selects its voter at once; otherwise the chosen match is selected."""
        text = self.box.text().strip()
        if looks_like_card(text):
            try:
                rows = lookup(self.conn, text, 1, self.place)
            except PollDeskError as exc:
                self.refused.emit(exc.message)
                self.box.selectAll()
                return
            if rows:
                self.chosen.emit(rows[0].voter_id)
            return
        row = self.results.currentRow()
        if 0 <= row < len(self.rows):
            self.chosen.emit(self.rows[row].voter_id)

    def reset(self) -> None:
        """Empty box, no matches, keyboard in the box."""
        self.box.clear()
        self.search("")
        self.box.setFocus()
