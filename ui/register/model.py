"""The register as a lazy table model: rowCount from one COUNT, rows read in blocks on demand, a small LRU."""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.i18n import tr
from app.register.view import BLOCK, RegisterFilter, RegisterPages, RegisterRow
from ui.register.words import sex_word, status_colour, status_word

CACHED_BLOCKS = 40        # 8,000 rows: a few screens either side of where the clerk looks

Index = QModelIndex | QPersistentModelIndex

COLUMNS: list[tuple[Callable[[], str], Callable[[RegisterRow], str | int]]] = [
    (lambda: tr("Name"), lambda r: r.name),
    (lambda: tr("Sex"), lambda r: sex_word(r.sex)),
    (lambda: tr("Age"), lambda r: r.age),
    (lambda: tr("Status"), lambda r: status_word(r.status)),      # in sight on a laptop: before the wide columns
    (lambda: tr("Resident group"), lambda r: r.group),
    (lambda: tr("Household"), lambda r: r.household),
    (lambda: tr("ID number"), lambda r: r.masked_id),
    (lambda: tr("Voting place"), lambda r: r.place),
]
AGE_COLUMN = 2


class RegisterModel(QAbstractTableModel):
    """Either the whole register under a filter (keyset blocks) or a fixed list of voters (search results)."""

    def __init__(self, conn: sqlite3.Connection, parent: QObject | None = None, block: int = BLOCK) -> None:
        super().__init__(parent)
        self._conn = conn
        self._block = block
        self.pages = RegisterPages(conn, block=block)
        self._found: list[int] | None = None       # search results, or None when browsing
        self._rows = 0
        self._cache: OrderedDict[int, list[RegisterRow]] = OrderedDict()
        self.reload()

    # ---- what is shown -----------------------------------------------------------------------

    def set_filter(self, where: RegisterFilter) -> None:
        """Browse the register under `where` (search results, if shown, are filtered too)."""
        self.pages = RegisterPages(self._conn, where, self._block)
        if self._found is not None:
            self._found = self.pages.matching(self._found)
        self.reload()

    def show_found(self, voter_ids: Sequence[int] | None) -> None:
        """Show these voters (a search's results, best first), or the whole register again (None)."""
        self._found = None if voter_ids is None else self.pages.matching(voter_ids)
        self.reload()

    def reload(self) -> None:
        """Read the count again and forget every block (after an import or an election-day change)."""
        self.beginResetModel()
        self._cache.clear()
        self.pages = RegisterPages(self._conn, self.pages.filter, self._block)
        self._rows = len(self._found) if self._found is not None else self.pages.count()
        self.endResetModel()

    @property
    def searching(self) -> bool:
        return self._found is not None

    def voter(self, row: int) -> RegisterRow | None:
        """The voter shown in `row` (reads its block if needed)."""
        if not 0 <= row < self._rows:
            return None
        block = self._block_of(row // self._block)
        offset = row % self._block
        return block[offset] if offset < len(block) else None

    def retranslate(self) -> None:
        """Headers and words are asked again in the language now in use."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(self._rows - 1, len(COLUMNS) - 1))

    def _block_of(self, number: int) -> list[RegisterRow]:
        block = self._cache.get(number)
        if block is not None:
            self._cache.move_to_end(number)
            return block
        if self._found is not None:
            ids = self._found[number * self._block:(number + 1) * self._block]
            block = self.pages.rows(ids)
        else:
            block = self.pages.block_rows(number)
        self._cache[number] = block
        while len(self._cache) > CACHED_BLOCKS:
            self._cache.popitem(last=False)
        return block

    # ---- Qt's model interface ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt's signature)
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                                               Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.TextAlignmentRole):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if index.column() == AGE_COLUMN else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        row = self.voter(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return status_colour(row.status)
        return str(COLUMNS[index.column()][1](row))

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]() if 0 <= section < len(COLUMNS) else None
        return str(section + 1)
