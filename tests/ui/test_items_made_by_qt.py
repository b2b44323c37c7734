"""The tables and lists the window refills make their items through Qt alone (ui.table_cells): no item of theirs
is created by Python, so none has a wrapper that Qt could delete behind PySide's back.

Python-created QTableWidgetItems, replaced cell by cell whenever the counting page's box table was refreshed (every
language switch and text-size change), now and then crashed the window inside shiboken's releaseWrapper.
"""

from __future__ import annotations

from PySide6.QtWidgets import QListWidget, QTableWidget, QVBoxLayout, QWidget
from shiboken6 import Shiboken

from app.counting.certify import BoxFigures
from ui.counting.panels import ReconciliationPanel
from ui.dialog_parts import FittedTable
from ui.table_cells import cell_text, column_texts, fill_cells, fill_list, heading_text, set_row_text


def _made_by_python(table: QTableWidget) -> list[tuple[int, int]]:
    return [(r, c) for r in range(table.rowCount()) for c in range(table.columnCount())
            if (item := table.item(r, c)) is not None and Shiboken.createdByPython(item)]


def _boxes(count: int, collected: int) -> list[BoxFigures]:
    return [BoxFigures(f"C01-Z-{n}", f"{n}号票箱", "fixed", "ballots", 40, "pollbook", collected, False)
            for n in range(1, count + 1)]


def test_the_box_table_is_refilled_and_retranslated_without_python_items(qtbot) -> None:  # type: ignore[no-untyped-def]
    host = QWidget()
    qtbot.addWidget(host)
    panel = ReconciliationPanel(host)
    QVBoxLayout(host).addWidget(panel)
    host.show()
    qtbot.waitExposed(host)
    for round_ in range(40):          # grow, shrink, repaint in place, as the page does
        panel.show_figures(_boxes(1 + round_ % 4, round_))
        panel.retranslate()
    assert panel.table.rowCount() == 4 and cell_text(panel.table, 3, 4) == "39"
    assert column_texts(panel.table, 0)[0] == "票箱" and column_texts(panel.table, 0)[1] == "1号票箱 (C01-Z-1)"
    assert _made_by_python(panel.table) == []


def test_a_fitted_table_keeps_texts_and_tooltips_in_qt_items(qtbot) -> None:  # type: ignore[no-untyped-def]
    host = QWidget()
    qtbot.addWidget(host)
    table = FittedTable(["甲", "乙"], host)
    table.set_rows([["一", "二"], ["三", "四"]])
    table.set_rows([["五", "六"]])
    assert table.rowCount() == 1 and cell_text(table, 0, 1) == "六" and heading_text(table, 1) == "乙"
    assert table.model().index(0, 0).data(0x3) == "五"          # Qt.ToolTipRole: the text whole
    assert _made_by_python(table) == []


def test_plain_tables_and_lists_refilled_through_their_models(qtbot) -> None:  # type: ignore[no-untyped-def]
    table, listing = QTableWidget(0, 2), QListWidget()
    qtbot.addWidget(table)
    qtbot.addWidget(listing)
    fill_cells(table, [["a", "b"]], tooltips=True)
    fill_cells(table, [["c", "d"], ["e", "f"]])
    assert [cell_text(table, r, 1) for r in range(2)] == ["d", "f"]
    assert table.model().index(0, 0).data(0x3) is None            # no tooltip left from the first fill
    assert _made_by_python(table) == []
    fill_list(listing, ["x", "y"], data=[1, (2, "z")], tooltips=["tx", "ty"])
    set_row_text(listing, 1, "Y")
    assert [listing.model().index(r, 0).data() for r in range(2)] == ["x", "Y"]
    assert listing.model().index(1, 0).data(0x100) == (2, "z")     # Qt.UserRole
    assert not any(Shiboken.createdByPython(listing.item(r)) for r in range(listing.count()))
