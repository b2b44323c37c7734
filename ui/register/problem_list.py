"""Saving a register check's problems for the people who fix the data (Excel or PDF), from the import wizard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from app.i18n import tr
from app.register.check_report import ReportHeading, save_pdf, save_xlsx
from app.register.checker import CheckReport

FILTERS = "Excel (*.xlsx);;PDF (*.pdf)"


class ProblemListSaver(QWidget):
    """A "Save the problem list…" button and what became of the last save; enabled when there are problems."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button = QPushButton(self)
        self.button.setAutoDefault(False)       # Enter still means Next or Finish
        self.button.clicked.connect(self.ask_and_save)
        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.outcome, 1)
        self.report: CheckReport | None = None
        self.heading: ReportHeading | None = None
        self.source: Path | None = None
        self.set_report(None)
        self.retranslate()

    def retranslate(self) -> None:
        self.button.setText(tr("&Save the problem list…"))

    def set_report(self, report: CheckReport | None, election_day: date | None = None,
                   source: Path | None = None) -> None:
        """The check to save (None: nothing to save); `source` is the register file that was checked."""
        self.report, self.source = report, source
        self.heading = (ReportHeading(source.name, election_day, date.today())
                        if report is not None and election_day is not None and source is not None else None)
        self.button.setEnabled(self.heading is not None and report is not None and bool(report.problems))
        self.outcome.clear()

    def suggested_path(self) -> Path:
        """Beside the register file: its name and "problems", as Excel."""
        source = self.source or Path.home() / "register"
        return source.with_name(f"{source.stem}-{tr('problems')}.xlsx")

    def ask_and_save(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(self, tr("Save the problem list as"), str(self.suggested_path()),
                                                   FILTERS)
        if path:
            self.save(Path(path), pdf=chosen.startswith("PDF"))

    def save(self, path: Path, pdf: bool = False) -> bool:
        """Write the list to `path` (PDF when its name ends .pdf or `pdf`, else Excel); says so on the page."""
        if self.report is None or self.heading is None:
            return False
        as_pdf = path.suffix.lower() == ".pdf" or (pdf and path.suffix.lower() != ".xlsx")
        path = path.with_suffix(".pdf" if as_pdf else ".xlsx") if path.suffix.lower() not in (".pdf", ".xlsx") else path
        try:
            (save_pdf if as_pdf else save_xlsx)(self.report, self.heading, path)
        except OSError as exc:
            self.outcome.setText(tr("The problem list could not be saved to {path}: {reason}", path=str(path),
                                    reason=exc.strerror or str(exc)))
            return False
        self.outcome.setText(tr("Problem list saved: {path}", path=str(path)))
        return True
