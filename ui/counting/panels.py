"""The counting page's side panels: a box's tally sheet (计票单), and reconciliation with the Certify button."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.counting.certify import BoxFigures
from app.counting.entry import BallotLayout
from app.counting.store import TallySheet
from app.i18n import tr

MAX_BALLOTS = 100_000


def _spin(parent: QWidget) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setRange(0, MAX_BALLOTS)
    # room for six digits and the arrows at the text size in use (a fixed 140 px cut digits off at 200 %)
    spin.setMinimumWidth(max(140, spin.fontMetrics().horizontalAdvance("000000") + 48))
    return spin


class TallySheetForm(QWidget):
    """A box counted on paper: ballots collected, invalid ballots and each candidate's votes."""

    save_requested = Signal(object)    # a TallySheet

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setObjectName("subheading")
        self.form = QFormLayout()
        # a long "position name:" label goes above its box rather than widen the page at 200 % text
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.collected, self.invalid = _spin(self), _spin(self)
        self.save = QPushButton(self)
        self.save.clicked.connect(self._save)
        self.votes: dict[tuple[str, str], QSpinBox] = {}
        self._rows: list[QWidget] = []
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.form)
        layout.addWidget(self.save)
        layout.addStretch(1)
        self.retranslate()

    def show_layout(self, layout: BallotLayout, sheet: TallySheet | None) -> None:
        """One spin box per candidate of each position, filled from the stored sheet if there is one."""
        while self.form.rowCount():
            self.form.removeRow(0)
        self.collected, self.invalid = _spin(self), _spin(self)
        self.form.addRow(tr("Ballots collected") + tr(":"), self.collected)
        self.form.addRow(tr("Invalid ballots") + tr(":"), self.invalid)
        self.votes = {}
        for position in layout:
            for name in position.candidates:
                spin = _spin(self)
                self.votes[(position.id, name)] = spin
                self.form.addRow(f"{position.title} {name}" + tr(":"), spin)
        if sheet is not None:
            self.collected.setValue(sheet.collected)
            self.invalid.setValue(sheet.invalid_ballots)
            for (pid, name), spin in self.votes.items():
                spin.setValue(sheet.votes.get(pid, {}).get(name, 0))

    def _save(self) -> None:
        votes: dict[str, dict[str, int]] = {}
        for (pid, name), spin in self.votes.items():
            votes.setdefault(pid, {})[name] = spin.value()
        self.save_requested.emit(TallySheet(self.collected.value(), self.invalid.value(), votes))

    def retranslate(self) -> None:
        self.title.setText(tr("Tally sheet of this box"))
        self.save.setText(tr("Save the tally sheet"))


class ReconciliationPanel(QWidget):
    """Issued against collected per box, an issued figure for a box from elsewhere, and Certify (chief only)."""

    COLUMNS = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setObjectName("subheading")
        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.verticalHeader().setVisible(False)
        self.issued_label = QLabel(self)
        self.issued_label.setWordWrap(True)      # long in English at 200 % text
        self.issued = _spin(self)
        self.set_issued = QPushButton(self)
        self.certify = QPushButton(self)
        self.certify.setObjectName("bigButton")
        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.issued_label, 1)
        row.addWidget(self.issued)
        row.addWidget(self.set_issued)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.certify)
        layout.addWidget(self.outcome)
        self._figures: list[BoxFigures] = []
        self.retranslate()

    def show_figures(self, figures: list[BoxFigures]) -> None:
        """One row per box of the community."""
        self._figures = figures
        self.table.setRowCount(len(figures))
        sources = {"pollbook": tr("poll book"), "entered": tr("entered by hand"), "missing": tr("not known yet")}
        modes = {"ballots": tr("ballot by ballot"), "sheet": tr("tally sheet"), "": tr("not counted")}
        for r, box in enumerate(figures):
            cells = [f"{box.name} ({box.box_id})", modes[box.mode],
                     "—" if box.issued is None else str(box.issued), sources[box.issued_source], str(box.collected),
                     (tr("yes") if box.reconciles else tr("no")) if box.mode else "—"]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def retranslate(self) -> None:
        self.title.setText(tr("Reconciliation per ballot box"))
        self.table.setHorizontalHeaderLabels([tr("Ballot box"), tr("Counted"), tr("Issued"), tr("Issued figure from"),
                                              tr("Collected"), tr("Reconciles")])
        self.issued_label.setText(tr("Ballots issued into the chosen box") + tr(":"))
        self.set_issued.setText(tr("Save the issued figure"))
        self.certify.setText(tr("Certify the results (station chief)"))
        self.show_figures(self._figures)

    def connect_actions(self, on_issued: Callable[[int], None], on_certify: Callable[[], None]) -> None:
        """What the two buttons do (the page decides)."""
        self.set_issued.clicked.connect(lambda: on_issued(self.issued.value()))
        self.certify.clicked.connect(on_certify)
