"""The counting page's layout helpers: whole drop-downs, choices that flow onto more rows, and a board that goes
under the entry column when the page is too narrow for both side by side (no sideways scrolling at 200 % text)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QComboBox, QLayout, QLayoutItem, QScrollArea, QSplitter, QStyle, QWidget

LONGEST_CHOICE = "东" * 24   # a drop-down is as wide as its longest item, up to this many characters


class WholeChoice(QComboBox):
    """A drop-down never narrower than its longest item (up to LONGEST_CHOICE): "东湖社区…" is never cut off."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        hint = super().minimumSizeHint()
        whole = self.sizeHint().width()     # AdjustToContents: the longest item, the arrow and the frame
        cap = whole - self.fontMetrics().horizontalAdvance(self._longest()) + \
            self.fontMetrics().horizontalAdvance(LONGEST_CHOICE)
        return QSize(max(hint.width(), min(whole, cap)), hint.height())

    def _longest(self) -> str:
        texts = [self.itemText(n) for n in range(self.count())]
        return max(texts, key=self.fontMetrics().horizontalAdvance, default="")


class ChoiceFlow(QLayout):
    """The drop-downs with their labels on one row while they fit, else on as many rows as needed (two at 200 %
    text, three beside the page list in English): one row was wider than a laptop's screen at 200 %."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt's name)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt's name)
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt's name)
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 (Qt's name)
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt's name)
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        hints = [item.sizeHint() for item in self._items]
        width = sum(h.width() for h in hints) + self.spacing() * max(0, len(hints) - 1)
        return self._with_margins(width, max([h.height() for h in hints] + [0]))

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt's name)
        hints = [item.sizeHint() for item in self._items]     # a pair is never squeezed: it goes down a row
        return self._with_margins(max([h.width() for h in hints] + [0]), max([h.height() for h in hints] + [0]))

    def _with_margins(self, width: int, height: int) -> QSize:
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def _place(self, rect: QRect, move: bool) -> int:
        """Lay the pairs out left to right, a new row when the next does not fit; the height they take."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, row_height = area.x(), area.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x > area.x() and x + hint.width() > area.right() + 1:
                x, y, row_height = area.x(), y + row_height + self.spacing(), 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self.spacing()
            row_height = max(row_height, hint.height())
        return y + row_height - rect.y() + m.bottom()


class BoardArea(QScrollArea):
    """The board's scroll area: never narrower than the board's own minimum, so the names, the numbers and a
    few 正 always show side by side (a longer count shows "…" and the number, it does not scroll sideways).
    Under the entry column it is as tall as the whole board: the page scrolls, not a second bar inside it."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        hint = super().minimumSizeHint()
        board = self.widget()
        if board is None:
            return hint
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        splitter = self.parentWidget()
        below = isinstance(splitter, QSplitter) and splitter.orientation() == Qt.Orientation.Vertical
        height = board.sizeHint().height() + 2 * self.frameWidth() if below else hint.height()
        return QSize(board.minimumSizeHint().width() + 2 * self.frameWidth() + bar, height)


class BallotSplitter(QSplitter):
    """The entry column and the board side by side when the page is wide enough for both, else the board under
    the column (at 200 % text beside the main window's page list): the page never scrolls sideways."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setChildrenCollapsible(False)

    def side_by_side_width(self) -> int:
        """The width the two parts need side by side."""
        parts = [self.widget(n) for n in range(self.count())]
        return sum(p.minimumSizeHint().width() for p in parts if p is not None) + self.handleWidth()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        # as narrow as one part above the other: side by side is a choice made by the width given
        parts = [self.widget(n) for n in range(self.count())]
        width = max([p.minimumSizeHint().width() for p in parts if p is not None] + [0])
        return QSize(width, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        wanted = (Qt.Orientation.Horizontal if self.width() >= self.side_by_side_width()
                  else Qt.Orientation.Vertical)
        if wanted != self.orientation():
            self.setOrientation(wanted)
            self.updateGeometry()
        super().resizeEvent(event)


class EntryColumn(QWidget):
    """The column beside the board: as tall as its wrapped words need at the width the splitter gives it (a
    splitter asks its parts for no height for a width, and the hint would be squeezed to two cut lines)."""

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            needed = layout.totalHeightForWidth(self.width())
            if needed != self.minimumHeight():
                self.setMinimumHeight(needed)
