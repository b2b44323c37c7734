"""The status bar: which file, which election, test or official mode, district or which station."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from app.i18n import tr
from ui import words

if TYPE_CHECKING:   # types only: app.election is read with the first file, not at start-up
    from app.election.overview import FileSummary

ELLIPSIS = "…"


class ElidedLabel(QLabel):
    """One line of text cut short with "…" when it has less room than it needs; the full text is the tooltip.

    It asks for its whole text but takes any width down to a few characters, so a long election name or path
    never makes the window wider than the screen (at 200 % text) and is never hidden either.
    """

    def __init__(self, parent: QWidget | None = None, mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight) -> None:
        super().__init__(parent)
        self._full = ""
        self._mode = mode
        self._own_tip = ""

    def set_full_text(self, text: str, tooltip: str = "") -> None:
        """The text to show (cut short to the width given); `tooltip`, if any, always shows on hover."""
        self._full, self._own_tip = text, tooltip
        self.updateGeometry()
        self._elide()

    def full_text(self) -> str:
        """The whole text, however much of it is shown."""
        return self._full

    def is_elided(self) -> bool:
        """Whether the shown text is cut short."""
        return self.text() != self._full

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        hint = super().sizeHint()       # the shown text's, with the style's padding and frame
        metrics = self.fontMetrics()
        width = hint.width() - metrics.horizontalAdvance(self.text()) + metrics.horizontalAdvance(self._full)
        return QSize(width, hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        hint = super().minimumSizeHint()
        return QSize(min(self.sizeHint().width(), self.fontMetrics().horizontalAdvance("M" * 4 + ELLIPSIS)),
                     hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):     # a new text size
            self.updateGeometry()
            self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, self._mode, max(0, self.contentsRect().width()))
        if shown != self.text():
            super().setText(shown)
        tip = self._own_tip or (self._full if shown != self._full else "")
        self.setToolTip(tip)


class ElectionStatusBar(QStatusBar):
    """Always visible; the mode is a coloured label that also says the mode in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self._summary: FileSummary | None = None
        self.mode_label = QLabel(self)
        self.place_label = ElidedLabel(self)
        self.election_label = ElidedLabel(self)
        self.file_label = ElidedLabel(self, Qt.TextElideMode.ElideMiddle)
        self.addWidget(self.mode_label)
        self.addWidget(self.place_label)
        self.addWidget(self.election_label)
        self.addWidget(self.file_label, 1)
        self.retranslate()

    def show_summary(self, summary: FileSummary | None) -> None:
        self._summary = summary
        self.retranslate()

    def text(self) -> str:
        """Everything the bar says, in order and in full (for tests and screen readers)."""
        texts = [self.mode_label.text(), *(label.full_text() for label in self._elided())]
        return "  ".join(text for text in texts if text)

    def _elided(self) -> tuple[ElidedLabel, ElidedLabel, ElidedLabel]:
        return self.place_label, self.election_label, self.file_label

    def retranslate(self) -> None:
        s = self._summary
        if s is None:
            self.mode_label.clear()
            self.mode_label.hide()
            for label in (self.place_label, self.election_label):
                label.set_full_text("")
                label.hide()
            self.mode_label.setObjectName("")
            self.file_label.set_full_text(tr("No file open"))
            self._restyle()
            return
        mode = s.election.mode
        self.mode_label.setText(words.mode(mode))
        self.mode_label.setObjectName("testMode" if mode == "test" else "officialMode")
        self.mode_label.setToolTip(tr("A test election: its results do not count.") if mode == "test"
                                   else tr("The official election: every action counts."))
        self.place_label.set_full_text(tr("District office") if s.is_district
                                       else tr("Station {code} {name}", code=s.place_code or "",
                                               name=s.place_name or ""))
        self.election_label.set_full_text(s.election.name)
        # the full path is the tooltip, whether or not the name is cut short
        file_text = (tr("File: {path} (encrypted)", path=s.path.name) if s.encrypted
                     else tr("File: {path} (not encrypted)", path=s.path.name))
        self.file_label.set_full_text(file_text, str(s.path))
        self.mode_label.show()
        self.place_label.show()
        self.election_label.show()
        self._restyle()

    def _restyle(self) -> None:
        # the stylesheet selects on objectName, which Qt only re-reads on a re-polish
        self.mode_label.style().unpolish(self.mode_label)
        self.mode_label.style().polish(self.mode_label)
