"""Text in a QTableWidget's cells, a QListWidget's rows and a QTreeWidget's rows, written and read through the
view's model: the items are made, replaced and deleted by Qt alone and never get a Python wrapper.

PySide keeps a map from each C++ object it has wrapped to its wrapper. A QTableWidget deletes items on its own
(a cell set again, fewer rows, new header labels) without telling PySide about items Qt made, so a wrapper taken
of one (``horizontalHeaderItem()``) could be left mapped to freed memory that a new item then reused. The window
died of that: a segfault inside shiboken's BindingManager::releaseWrapper when a table's cell was set again
(seen in the counting page's box table, repainted on every language switch and text-size change).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QListWidget, QTableWidget, QTreeWidget

Role = Qt.ItemDataRole


def fill_cells(table: QTableWidget, rows: Sequence[Sequence[str]], *, tooltips: bool = False) -> None:
    """One table row per entry of `rows`, one text per cell (each its own tooltip too when `tooltips`)."""
    table.setRowCount(len(rows))
    model = table.model()
    for row, cells in enumerate(rows):
        for column, text in enumerate(cells):
            index = model.index(row, column)
            model.setData(index, text, Role.DisplayRole)
            model.setData(index, text if tooltips else None, Role.ToolTipRole)


def set_cell(table: QTableWidget, row: int, column: int, role: Role, value: Any) -> None:
    """Another role of one cell (a tooltip, a background) after `fill_cells`."""
    table.model().setData(table.model().index(row, column), value, role)


def cell_text(table: QTableWidget, row: int, column: int) -> str:
    """A cell's text ("" when empty)."""
    value = table.model().index(row, column).data(Role.DisplayRole)
    return "" if value is None else str(value)


def heading_text(table: QTableWidget, column: int) -> str:
    """A column's heading ("" when none)."""
    value = table.model().headerData(column, Qt.Orientation.Horizontal, Role.DisplayRole)
    return "" if value is None else str(value)


def column_texts(table: QTableWidget, column: int) -> list[str]:
    """A column's heading, then its cells' texts."""
    return [heading_text(table, column)] + [cell_text(table, row, column) for row in range(table.rowCount())]


def fill_list(view: QListWidget, texts: Sequence[str], *, data: Sequence[Any] | None = None,
              tooltips: Sequence[str] | None = None) -> None:
    """The list's rows, one text each (with a value under Qt.UserRole and a tooltip when given)."""
    view.clear()
    view.addItems(list(texts))
    model = view.model()
    for row in range(len(texts)):
        index = model.index(row, 0)
        if data is not None:
            model.setData(index, data[row], Role.UserRole)
        if tooltips is not None:
            model.setData(index, tooltips[row], Role.ToolTipRole)


def set_row_text(view: QListWidget, row: int, text: str) -> None:
    """One row's text again (a language switch)."""
    view.model().setData(view.model().index(row, 0), text, Role.DisplayRole)


def add_tree_row(tree: QTreeWidget, parent: QModelIndex, texts: Sequence[str]) -> QModelIndex:
    """A row of `texts` after the last child of `parent` (an invalid index: at the top); its first cell's index."""
    model = tree.model()
    row = model.rowCount(parent)
    model.insertRows(row, 1, parent)
    for column, text in enumerate(texts):
        model.setData(model.index(row, column, parent), text, Role.DisplayRole)
    return model.index(row, 0, parent)


def tree_rows(tree: QTreeWidget, parent: QModelIndex | None = None) -> list[QModelIndex]:
    """The first cell of every row under `parent` (all the tree's rows by default), depth first."""
    model, found = tree.model(), []
    stack = [parent or QModelIndex()]
    while stack:
        top = stack.pop()
        children = [model.index(row, 0, top) for row in range(model.rowCount(top))]
        found += children
        stack += reversed(children)
    return found
