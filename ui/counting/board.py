"""The large counting board (计票板): per position, each name with its 正-stroke tally and its number of votes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.i18n import tr
from ui.theme import points

STROKES_PER_MARK = 5          # one 正 is five votes


def zheng_marks(votes: int) -> list[int]:
    """The strokes of each 正 written for `votes`: full characters (5) then the remainder (1-4)."""
    full, rest = divmod(max(0, votes), STROKES_PER_MARK)
    return [STROKES_PER_MARK] * full + ([rest] if rest else [])


def draw_zheng(painter: QPainter, box: QRectF, strokes: int) -> None:
    """The first `strokes` strokes of 正 in writing order: top 一, centre 丨, short 一, left 丨, bottom 一."""
    left, right, top, bottom = box.left(), box.right(), box.top(), box.bottom()
    mid_x, mid_y = (left + right) / 2, (top + bottom) / 2
    lines = [
        (QPointF(left, top), QPointF(right, top)),
        (QPointF(mid_x, top), QPointF(mid_x, bottom)),
        (QPointF(mid_x, mid_y), QPointF(right - box.width() * 0.15, mid_y)),
        (QPointF(left + box.width() * 0.18, mid_y), QPointF(left + box.width() * 0.18, bottom)),
        (QPointF(left - box.width() * 0.05, bottom), QPointF(right + box.width() * 0.05, bottom)),
    ]
    for start, end in lines[:strokes]:
        painter.drawLine(start, end)


@dataclass(frozen=True)
class BoardPosition:
    """One position on the board: title, seats and the names in ballot order (write-ins after)."""

    title: str
    seats: int
    names: tuple[str, ...]


class CountingBoard(QWidget):
    """Big type, one block per position: name, 正 marks drawn stroke by stroke, and the number."""

    NAME_POINTS = 22     # at 100 % text; the board grows with View > Text size (ui.theme.points)
    MARK = 26.0          # size of one 正 in pixels at 100 % text
    MARKS_PER_LINE = 12
    MIN_MARKS = 4        # 正 shown beside a name before the board scrolls sideways (20 votes; more: "…")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAutoFillBackground(True)
        self._positions: list[BoardPosition] = []
        self._votes: dict[str, Mapping[str, int]] = {}
        self._ids: list[str] = []

    def show_totals(self, positions: Sequence[tuple[str, BoardPosition]], votes: Mapping[str, Mapping[str, int]]) -> None:
        """Positions (id, layout) and the votes so far per position id."""
        self._ids = [pid for pid, _ in positions]
        self._positions = [p for _, p in positions]
        self._votes = dict(votes)
        self.updateGeometry()
        self.update()

    def votes_of(self, position_id: str, name: str) -> int:
        """The number the board shows for a name (for tests and the read-back)."""
        return int(self._votes.get(position_id, {}).get(name, 0))

    def _rows(self) -> list[tuple[str, BoardPosition, list[str]]]:
        rows = []
        for pid, position in zip(self._ids, self._positions, strict=True):
            votes = self._votes.get(pid, {})
            extra = sorted((n for n in votes if n not in position.names and votes[n]), key=lambda n: (-votes[n], n))
            rows.append((pid, position, [*position.names, *extra]))
        return rows

    def mark_size(self) -> float:
        """The size of one 正 in pixels at the text size in use."""
        return points(self.MARK)

    def name_font(self) -> QFont:
        """The font of the names and numbers, at the text size in use."""
        return self._fonts()[0]

    def _fonts(self) -> tuple[QFont, QFont]:
        name = QFont(self.font())
        name.setPointSize(points(self.NAME_POINTS))
        title = QFont(name)
        title.setBold(True)
        return name, title

    def _columns(self, metrics: QFontMetrics) -> tuple[int, int]:
        """The widths of the name column and of the number column for the names on the board."""
        name_w = max([metrics.horizontalAdvance(n) for _, _, names in self._rows() for n in names] + [120]) + 24
        return name_w, metrics.horizontalAdvance("0000") + 16

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        name, _ = self._fonts()
        line = QFontMetrics(name).height() + 10
        lines = sum(1 + len(names) for _, _, names in self._rows())
        return QSize(max(900, self.minimumSizeHint().width()), max(300, lines * line + 20))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """Room for the names, the numbers and MIN_MARKS 正 between them (more scroll in the board's area)."""
        name_font, title_font = self._fonts()
        name_w, number_w = self._columns(QFontMetrics(name_font))
        titles = QFontMetrics(title_font)
        title_w = max([titles.horizontalAdvance(self._title(p)) for _, p, _ in self._rows()] + [0]) + 24
        marks = int(self.MIN_MARKS * self.mark_size() * 1.35)
        return QSize(max(title_w, 24 + name_w + marks + number_w + 60), 300)

    @staticmethod
    def _title(position: BoardPosition) -> str:
        return tr("{title} ({seats} to elect)", title=position.title, seats=position.seats)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#fffdf5"))
        name_font, title_font = self._fonts()
        metrics = QFontMetrics(name_font)
        line = metrics.height() + 10
        name_w, number_w = self._columns(metrics)
        y = 10.0
        for pid, position, names in self._rows():
            painter.setFont(title_font)
            painter.setPen(QColor("#0d47a1"))
            painter.drawText(QRectF(12, y, self.width() - 24, line), Qt.AlignmentFlag.AlignVCenter,
                             self._title(position))
            y += line
            painter.setFont(name_font)
            for name in names:
                votes = self.votes_of(pid, name)
                painter.setPen(QColor("#202020"))
                painter.drawText(QRectF(24, y, name_w, line), Qt.AlignmentFlag.AlignVCenter, name)
                painter.drawText(QRectF(self.width() - number_w - 12, y, number_w, line),
                                 Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, str(votes))
                self._draw_marks(painter, QRectF(24 + name_w, y, self.width() - name_w - number_w - 60, line), votes)
                y += line
            y += 6

    def _draw_marks(self, painter: QPainter, area: QRectF, votes: int) -> None:
        pen = QPen(QColor("#b71c1c"))
        mark = self.mark_size()
        pen.setWidthF(2.6 * mark / self.MARK)
        painter.setPen(pen)
        step = mark * 1.35
        per_line = max(1, int(area.width() // step))
        marks = zheng_marks(votes)
        shown = marks if len(marks) <= per_line else marks[:per_line - 1]
        top = area.top() + (area.height() - mark) / 2
        for i, strokes in enumerate(shown):
            draw_zheng(painter, QRectF(area.left() + i * step, top, mark, mark), strokes)
        if len(shown) < len(marks):   # more than fits: the number beside says the rest
            painter.drawText(QRectF(area.left() + len(shown) * step, area.top(), step, area.height()),
                             Qt.AlignmentFlag.AlignVCenter, "…")
