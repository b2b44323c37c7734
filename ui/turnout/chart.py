"""A horizontal bar chart drawn with QPainter: each bar has its label and its number in words beside it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.theme import points

BAR = QColor("#1565c0")
GAP = 10


class BarChart(QWidget):
    """Bars of (label, value); the value is written next to each bar, so colour is never the only signal."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.bars: list[tuple[str, int]] = []
        self.empty_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def set_bars(self, title: str, bars: list[tuple[str, int]], empty_text: str = "") -> None:
        """Show these bars under `title` (`empty_text` when there are none)."""
        self.title, self.bars, self.empty_text = title, bars, empty_text
        self.updateGeometry()
        self.update()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        """A new text size (View > Text size): the bars take their new height."""
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.updateGeometry()
        super().changeEvent(event)

    def _fonts(self) -> tuple[QFont, QFont]:
        body = QFont(self.font())
        body.setPointSize(points(16))
        heading = QFont(body)
        heading.setBold(True)
        heading.setPointSize(points(18))
        return heading, body

    def _row_height(self) -> int:
        """A bar's height: its label's line and some room (grows with the text size)."""
        return QFontMetrics(self._fonts()[1]).height() + 12

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        heading, _ = self._fonts()
        rows = max(1, len(self.bars))
        return QSize(600, QFontMetrics(heading).height() + GAP + rows * (self._row_height() + GAP) + GAP)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        heading, body = self._fonts()
        painter.setFont(heading)
        painter.setPen(QColor("#000000"))
        title_height = QFontMetrics(heading).height()
        painter.drawText(QRectF(0, 0, self.width(), title_height), Qt.AlignmentFlag.AlignLeft, self.title)
        painter.setFont(body)
        metrics = QFontMetrics(body)
        row_height = self._row_height()
        top = title_height + GAP
        if not self.bars:
            painter.drawText(QRectF(0, top, self.width(), row_height), Qt.AlignmentFlag.AlignVCenter, self.empty_text)
            painter.end()
            return
        label_width = min(max(metrics.horizontalAdvance(label) for label, _ in self.bars) + 28, self.width() // 2)
        biggest = max(value for _, value in self.bars) or 1
        number_width = metrics.horizontalAdvance(str(biggest)) + 16
        room = max(10, self.width() - label_width - number_width - 8)
        for n, (label, value) in enumerate(self.bars):
            y = top + n * (row_height + GAP)
            text = metrics.elidedText(label, Qt.TextElideMode.ElideMiddle, label_width - 12)
            painter.setPen(QColor("#000000"))
            painter.drawText(QRectF(0, y, label_width - 8, row_height),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
            length = room * value / biggest
            painter.fillRect(QRectF(label_width, y + 4, length, row_height - 8), BAR)
            painter.drawText(QRectF(label_width + length + 8, y, number_width, row_height),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(value))
        painter.end()
