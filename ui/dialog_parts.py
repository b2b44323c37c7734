"""Parts the dialogs share: contents that scroll instead of squeezing, sized to the screen, a table whose
columns share the width it has, and jobs whose PollDeskError comes back as a value for the dialog to show in
its own words."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QDialog,
    QFrame,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QScrollArea,
    QStyle,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import PollDeskError
from app.i18n import tr
from ui.login.look import show_message
from ui.table import pick_whole_rows
from ui.table_cells import cell_text, fill_cells

_WORD = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+")
WIDTH_IN_CHARACTERS = 36     # a dialog's width, in Chinese characters of its font, when the screen has room
SCREEN_SHARE = 0.9


def heading(dialog: QDialog, title: str, hint: str) -> tuple[QLabel, QLabel]:
    """The dialog's window title, and its heading and hint (styled as "title" and "hint"), both wrapping."""
    dialog.setWindowTitle(title)
    labels = QLabel(title, dialog), QLabel(hint, dialog)
    for label, name in zip(labels, ("title", "hint"), strict=True):
        label.setObjectName(name)
        label.setWordWrap(True)
    return labels


def passwords_differ(message: QLabel, password: QLineEdit, again: QLineEdit) -> bool:
    """Whether the two password fields differ; if so both are emptied and the user told to type them again."""
    if password.text() == again.text():
        return False
    show_message(message, tr("The two passwords are not the same. Type them again."))
    password.clear()
    again.clear()
    password.setFocus()
    return True


def scroll_body(dialog: QDialog, body: QLayout, footer: QBoxLayout) -> QScrollArea:
    """The dialog's contents in a scroll area, its buttons (`footer`) below them in sight: at a large text size
    on a small screen the fields scroll, they are never squeezed."""
    content = QWidget(dialog)
    content.setLayout(body)
    scroll = QScrollArea(dialog)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setWidget(content)
    outer = QVBoxLayout(dialog)
    outer.addWidget(scroll, 1)
    outer.addLayout(footer)
    return scroll


def fit_to_screen(dialog: QDialog, scroll: QScrollArea) -> None:
    """Give the dialog the room its contents ask for (a comfortable width), within the screen."""
    content, outer = scroll.widget(), dialog.layout()
    assert content is not None and outer is not None, "made by scroll_body"
    room = dialog.screen().availableGeometry()
    bar = scroll.verticalScrollBar().sizeHint().width() + 2 * outer.contentsMargins().left()
    width = max(content.sizeHint().width(), dialog.fontMetrics().horizontalAdvance("中") * WIDTH_IN_CHARACTERS)
    width = min(width + bar, int(room.width() * SCREEN_SHARE))
    layout = content.layout()
    body = layout.heightForWidth(width - bar) if layout is not None and layout.hasHeightForWidth() else -1
    height = max(body, content.sizeHint().height()) + outer.sizeHint().height() - scroll.sizeHint().height()
    dialog.resize(width, min(height + bar, int(room.height() * SCREEN_SHARE)))


def reveal(dialog: QDialog, scroll: QScrollArea, widget: QWidget) -> None:
    """Once a message just shown is laid out: grow the dialog for it (within the screen) and scroll it into sight."""
    def show() -> None:
        size = dialog.size()
        fit_to_screen(dialog, scroll)
        dialog.resize(dialog.size().expandedTo(size))
        scroll.ensureWidgetVisible(widget)
    QTimer.singleShot(0, scroll, show)


class FittedTable(QTableWidget):
    """A read-only table of whole rows whose columns share the width it is given instead of scrolling sideways.

    Each column gets the width its text asks for while there is room; when there is not, the widest columns give
    way first (never below their heading): their text wraps onto more lines, a word too long for a line is cut
    with "…" (the `whole_first` column's last, then the shortest words'), and the cell's tooltip has it whole.
    Room left over goes to the `stretch` column. Its size hint is
    the width the columns ask for, so a dialog sized to its contents (`fit_to_screen`) gives it that when it can.
    """

    def __init__(self, headers: list[str], parent: QWidget, *, stretch: int = 0, whole_first: int = 0) -> None:
        super().__init__(0, len(headers), parent)
        self.stretch, self.whole_first = stretch, whole_first
        self._fitting = False
        self.setHorizontalHeaderLabels(headers)
        pick_whole_rows(self)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

    def set_rows(self, rows: list[list[str]]) -> None:
        """Show `rows` (one string a cell; each cell's tooltip is its whole text) and fit the columns again."""
        fill_cells(self, rows, tooltips=True)
        self.fit_columns()

    def wanted_widths(self) -> list[int]:
        """The width each column asks for: its widest cell on one line, or its heading."""
        header = self.horizontalHeader()
        return [max(self.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(self.columnCount())]

    def fit_columns(self) -> None:
        """Share the visible width among the columns, then let the rows grow to their wrapped text."""
        if self._fitting:
            return
        self._fitting = True
        try:
            header = self.horizontalHeader()
            room, wanted = self.viewport().width(), self.wanted_widths()
            floors = [header.sectionSizeHint(c) for c in range(self.columnCount())]
            whole = [max(f, min(w, self.widest_word(c))) for c, (w, f) in enumerate(zip(wanted, floors, strict=True))]
            for column in sorted(range(len(whole)), key=lambda c: (c != self.whole_first, whole[c] - floors[c])):
                if sum(floors) - floors[column] + whole[column] <= room:   # its words whole, the cheapest first
                    floors[column] = whole[column]
            for column, width in enumerate(shared_widths(wanted, floors, room, self.stretch)):
                header.resizeSection(column, width)
            self.resizeRowsToContents()
        finally:
            self._fitting = False

    def widest_word(self, column: int) -> int:
        """The width of the column's longest word (a line may break between Chinese characters), with the
        cell's margins."""
        metrics, margin = self.fontMetrics(), 4 * self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 4
        words = [word for row in range(self.rowCount()) for word in _WORD.findall(cell_text(self, row, column))]
        return max((metrics.horizontalAdvance(word) for word in words), default=0) + margin

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """As wide as its columns ask for (a dialog gives less when the screen is small)."""
        hint = super().sizeHint()
        frame = 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()
        return QSize(max(hint.width(), sum(self.wanted_widths()) + frame), hint.height())

    def hidden_height(self) -> int:
        """How many pixels of rows are out of sight below (0 when all show)."""
        return max(0, self.verticalHeader().length() - self.viewport().height())

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Fit the columns again whenever the visible width changes (the dialog resized, a scroll bar came)."""
        if event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().viewportEvent(event)


def shared_widths(wanted: list[int], floors: list[int], room: int, stretch: int) -> list[int]:
    """Column widths within `room`: what each wants if all fit (the rest to `stretch`), else the widest cut
    down to a common width, never below their floor."""
    if sum(wanted) <= room:
        widths = list(wanted)
        widths[stretch] += room - sum(wanted)
        return widths
    low, high = 0, max(wanted)          # the largest common cap whose widths still fit
    while low < high:
        cap = (low + high + 1) // 2
        if sum(max(f, min(w, cap)) for w, f in zip(wanted, floors, strict=True)) <= room:
            low = cap
        else:
            high = cap - 1
    widths = [max(f, min(w, low)) for w, f in zip(wanted, floors, strict=True)]
    cut = [c for c, (w, f) in enumerate(zip(wanted, floors, strict=True)) if min(w, low) >= f and w > low]
    for column in cut[:max(0, room - sum(widths))]:   # the pixels left after the cap, one each
        widths[column] += 1
    return widths


def guarded(job: Callable[[], Any]) -> Callable[[], Any]:
    """`job`, handing back a PollDeskError instead of raising it: the dialog shows it in its own words."""
    def run() -> Any:
        try:
            return job()
        except PollDeskError as exc:
            return exc
    return run
