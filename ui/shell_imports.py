"""What became of each imported station package, as a table a person reads (not JSON)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from ui.table_cells import cell_text, fill_cells


def status_word(status: str) -> str:
    """导入成功, 已导入过 or 被拒绝."""
    return {"imported": tr("Imported"), "already_imported": tr("Already imported before"),
            "rejected": tr("Refused")}.get(status, status)


def outcome_cells(outcome: dict[str, Any]) -> list[str]:
    """One table row: package file, station, package number, outcome, reason."""
    sequence = outcome.get("sequence")
    return [Path(str(outcome.get("package", ""))).name, str(outcome.get("station") or "—"),
            str(sequence) if sequence is not None else "—", status_word(str(outcome.get("status", ""))),
            str(outcome.get("reason") or "")]


class ImportResultsDialog(QDialog):
    """A count line and one row per package; refused ones say why in words."""

    def __init__(self, outcomes: Sequence[dict[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Station packages imported"))
        self.resize(1100, 480)
        counts = {s: sum(1 for o in outcomes if o.get("status") == s)
                  for s in ("imported", "already_imported", "rejected")}
        self.summary = QLabel(tr("{imported} imported, {already} already imported before, {rejected} refused.",
                                 imported=counts["imported"], already=counts["already_imported"],
                                 rejected=counts["rejected"]), self)
        self.summary.setWordWrap(True)
        headers = [tr("Package"), tr("Station"), tr("Package number"), tr("Outcome"), tr("Reason")]
        self.table = QTableWidget(len(outcomes), len(headers), self)
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        fill_cells(self.table, [outcome_cells(outcome) for outcome in outcomes])
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def cell(self, row: int, column: int) -> str:
        """The text of one cell (for tests and screen readers)."""
        return cell_text(self.table, row, column)
