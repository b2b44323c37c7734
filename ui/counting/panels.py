"""The counting page's side panels: a box's tally sheet (计票单), and reconciliation with the Certify button."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.counting.certify import BoxFigures
from app.counting.entry import BallotLayout
from app.counting.store import TallySheet
from app.i18n import tr
from ui.table_cells import column_texts, fill_cells

MAX_BALLOTS = 100_000
CELL_PADDING = 16      # room around a cell's or a column heading's words


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
        self.save = QPushButton(self)
        self.save.clicked.connect(self._save)
        self.collected: QSpinBox
        self.invalid: QSpinBox
        self.votes: dict[tuple[str, str], QSpinBox] = {}
        self.show_layout((), None)       # every box made here is in the form: none lies loose over the title
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


class BoxTable(QTableWidget):
    """The boxes' figures, every column on screen and every row shown: when the page is too narrow for the
    columns at the text size in use, the widest give way and their words wrap onto more lines (the headings
    too), and the table is as tall as its rows, so the page scrolls rather than the table inside itself."""

    def __init__(self, columns: int, parent: QWidget | None = None) -> None:
        super().__init__(0, columns, parent)
        self.verticalHeader().setVisible(False)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.horizontalHeader()
        header.setTextElideMode(Qt.TextElideMode.ElideNone)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._fitting = False

    def column_texts(self, column: int) -> list[str]:
        """The column's heading, then its cells' texts."""
        return column_texts(self, column)

    def _narrowest(self, column: int) -> int:
        """A column's width with its longest word (up to a space) on one line: a word is never cut."""
        heading, *cells = self.column_texts(column)
        widths = [self.horizontalHeader().fontMetrics().horizontalAdvance(word) for word in heading.split()]
        widths += [self.fontMetrics().horizontalAdvance(word) for text in cells for word in text.split()]
        return max(widths + [0]) + CELL_PADDING

    def fit(self) -> None:
        """Columns as wide as their words, the widest narrowed until all fit; rows and headings as tall as
        their wrapped words; the table as tall as all of them."""
        if self._fitting or not self.isVisible():     # hidden under another tab it has no width of its own yet
            return
        self._fitting = True
        try:
            self.resizeColumnsToContents()
            header = self.horizontalHeader()
            natural = [header.sectionSize(c) for c in range(self.columnCount())]
            floors = [min(width, self._narrowest(c)) for c, width in enumerate(natural)]
            room = self.viewport().width()
            cap = max(natural + [0])
            while cap > 0 and sum(min(w, max(cap, f)) for w, f in zip(natural, floors, strict=True)) > room:
                cap -= 4
            for column, (width, floor) in enumerate(zip(natural, floors, strict=True)):
                header.resizeSection(column, min(width, max(cap, floor)))
            header.setMinimumHeight(self._heading_height())
            self.resizeRowsToContents()
            rows = sum(self.rowHeight(r) for r in range(self.rowCount()))
            sideways = self.horizontalScrollBar().sizeHint().height() if header.length() > room else 0
            self.setMinimumHeight(header.minimumHeight() + rows + sideways + 2 * self.frameWidth() + 2)
        finally:
            self._fitting = False

    def _heading_height(self) -> int:
        """The column headings' height with each heading wrapped to its column's width."""
        header = self.horizontalHeader()
        flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        metrics = header.fontMetrics()
        heights = []
        for column in range(self.columnCount()):
            room = QRect(0, 0, max(1, header.sectionSize(column) - CELL_PADDING), 10_000)
            heights.append(metrics.boundingRect(room, flags, self.column_texts(column)[0]).height())
        return max(heights + [metrics.height()]) + CELL_PADDING

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """Never narrower than the longest word of each column side by side."""
        hint = super().minimumSizeHint()
        words = sum(self._narrowest(c) for c in range(self.columnCount()))
        return QSize(max(hint.width(), words + 2 * self.frameWidth()), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:       # a new text size
            self.fit()


class ReconciliationPanel(QWidget):
    """Issued against collected per box, an issued figure for a box from elsewhere, and Certify (chief only)."""

    COLUMNS = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setObjectName("subheading")
        self.table = BoxTable(self.COLUMNS, self)
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
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.certify)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        self._figures: list[BoxFigures] = []
        self.retranslate()

    def show_figures(self, figures: list[BoxFigures]) -> None:
        """One row per box of the community."""
        self._figures = figures
        sources = {"pollbook": tr("poll book"), "entered": tr("entered by hand"), "missing": tr("not known yet")}
        modes = {"ballots": tr("ballot by ballot"), "sheet": tr("tally sheet"), "": tr("not counted")}
        fill_cells(self.table, [[f"{box.name} ({box.box_id})", modes[box.mode],
                                 "—" if box.issued is None else str(box.issued), sources[box.issued_source],
                                 str(box.collected), (tr("yes") if box.reconciles else tr("no")) if box.mode else "—"]
                                for box in figures])
        self.table.fit()

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
