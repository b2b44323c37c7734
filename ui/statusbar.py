"""The status bar: which file, which election, test or official mode, district or which station."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from app.election.overview import FileSummary
from app.i18n import tr
from ui import words


class ElectionStatusBar(QStatusBar):
    """Always visible; the mode is a coloured label that also says the mode in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self._summary: FileSummary | None = None
        self.mode_label = QLabel(self)
        self.place_label = QLabel(self)
        self.election_label = QLabel(self)
        self.file_label = QLabel(self)
        for label in (self.mode_label, self.place_label, self.election_label):
            self.addWidget(label)
        self.addWidget(self.file_label, 1)
        self.retranslate()

    def show_summary(self, summary: FileSummary | None) -> None:
        self._summary = summary
        self.retranslate()

    def text(self) -> str:
        """Everything the bar says, in order (for tests and screen readers)."""
        labels = (self.mode_label, self.place_label, self.election_label, self.file_label)
        return "  ".join(label.text() for label in labels if label.text())

    def retranslate(self) -> None:
        s = self._summary
        if s is None:
            for label in (self.mode_label, self.place_label, self.election_label):
                label.clear()
                label.hide()
            self.mode_label.setObjectName("")
            self.file_label.setText(tr("No file open"))
            self._restyle()
            return
        mode = s.election.mode
        self.mode_label.setText(words.mode(mode))
        self.mode_label.setObjectName("testMode" if mode == "test" else "officialMode")
        self.mode_label.setToolTip(tr("A test election: its results do not count.") if mode == "test"
                                   else tr("The official election: every action counts."))
        self.place_label.setText(tr("District office") if s.is_district
                                 else tr("Station {code} {name}", code=s.place_code or "", name=s.place_name or ""))
        self.election_label.setText(s.election.name)
        self.file_label.setText(tr("File: {path}", path=s.path.name))   # the full path is the tooltip
        self.file_label.setToolTip(str(s.path))
        for label in (self.mode_label, self.place_label, self.election_label):
            label.show()
        self._restyle()

    def _restyle(self) -> None:
        # the stylesheet selects on objectName, which Qt only re-reads on a re-polish
        self.mode_label.style().unpolish(self.mode_label)
        self.mode_label.style().polish(self.mode_label)
