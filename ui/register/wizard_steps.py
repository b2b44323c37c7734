"""The import wizard's long steps: check (problems by row), import (progress, Cancel), and the summary."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.election.store import read_election
from app.errors import PollDeskError
from app.i18n import tr
from app.progress import Cancel, Progress
from app.register.checker import CheckReport, check_rows
from app.register.context import load_context
from app.register.importer import ImportResult, import_register
from app.register.lookup_index import build_lookup_index, index_is_current
from app.register.reader import read_register
from ui.register.job import FileSource, Job, own_connection
from ui.register.problem_list import ProblemListSaver
from ui.table_cells import fill_cells, set_cell
from ui.words import join

if TYPE_CHECKING:
    from ui.register.wizard import ImportWizard

MAX_PROBLEMS_SHOWN = 5000
MAX_ROWS_LISTED = 30     # skipped rows named on the summary


def field_label(field: str) -> str:
    """A register field (reader.SYNONYMS) in words."""
    return {
        "name": tr("Name"), "sex": tr("Sex"), "id_number": tr("ID number"), "birth_date": tr("Birth date"),
        "group": tr("Resident group"), "household": tr("Household"), "community": tr("Community"),
        "category": tr("Registration category"), "address": tr("Address"), "ethnicity": tr("Ethnicity"),
    }.get(field, field)


def message_label(parent: QWidget) -> QLabel:
    """A label for a message the user can act on (red, wrapped, selectable)."""
    label = QLabel(parent)
    label.setWordWrap(True)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#b71c1c"))
    label.setPalette(palette)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def small_table(parent: QWidget) -> QTableWidget:
    """A read-only table for a few hundred rows (a preview, the problems found)."""
    table = QTableWidget(parent)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setTabKeyNavigation(False)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 12)
    return table


class _JobPage(QWizardPage):
    """A step that runs one background job with a progress bar and a Cancel button."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.job: Job | None = None
        self.finished = False
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.cancel)
        self.error = message_label(self)

    def start(self, fn: Any) -> None:
        self.finished = False
        self.error.clear()
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.job = Job(fn, self)
        self.job.progressed.connect(self._progressed)
        self.job.succeeded.connect(self._succeeded)
        self.job.failed.connect(self._failed)
        self.completeChanged.emit()
        self.job.start()

    def _progressed(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def _succeeded(self, result: object) -> None:
        self.show_result(result)
        self._end()

    def _failed(self, message: str, code: str) -> None:
        self.error.setText(message)
        self.show_failure(code)
        self._end()

    def _end(self) -> None:
        if self.job is not None:
            self.job.wait()              # run() has returned: this only lets the thread wind down
        self.finished = True
        self.cancel_button.setEnabled(False)
        if self.bar.maximum() == 0:
            self.bar.setRange(0, 1)
        self.completeChanged.emit()

    def cancel(self) -> None:
        """Ask the running job to stop; it rolls back and reports "cancelled"."""
        if self.job is not None and self.job.running():
            self.cancel_button.setEnabled(False)
            self.status.setText(tr("Stopping…"))
            self.job.cancel()

    def stop_job(self) -> None:
        if self.job is not None and self.job.running():
            self.job.cancel()
            self.job.wait()

    def show_result(self, result: Any) -> None:
        raise NotImplementedError

    def show_failure(self, code: str) -> None:
        """A job that failed: nothing more to show by default."""

    def isComplete(self) -> bool:  # noqa: N802
        return self.finished and not self.error.text()


class CheckPage(_JobPage):
    """Step 3: every problem of every row, with its row number, before anything is written."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.counts = QLabel(self)
        self.counts.setObjectName("subheading")
        self.problems = small_table(self)
        self.problems.setColumnCount(2)
        self.problems.horizontalHeader().setStretchLastSection(True)
        self.problems.verticalHeader().setVisible(False)
        self.report: CheckReport | None = None
        self.election_day: date | None = None
        self.saver = ProblemListSaver(self)
        layout = QVBoxLayout(self)
        for widget in (self.status, self.bar, self.cancel_button, self.counts):
            layout.addWidget(widget)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.saver)
        layout.addWidget(self.error)

    def retranslate(self) -> None:
        self.setTitle(tr("Check the rows"))
        self.setSubTitle(tr("Rows with a problem are not imported. Fix them in the file and import it again later."))
        self.cancel_button.setText(tr("&Cancel check"))
        self.problems.setHorizontalHeaderLabels([tr("Row"), tr("What to fix")])
        self.saver.retranslate()

    def initializePage(self) -> None:  # noqa: N802
        self.counts.clear()
        self.problems.setRowCount(0)
        self.report = None
        self.saver.set_report(None)
        self.status.setText(tr("Checking every row…"))
        path, community, district = self._wizard.file_to_import(), self._wizard.community(), self._wizard.district
        self.start(lambda progress, cancel: check_file(district, path, community, progress, cancel))

    def show_result(self, result: Any) -> None:
        checked: CheckedFile = result
        report = self.report = checked.report
        self.election_day = checked.election_day
        assert self._wizard.preview is not None
        self.saver.set_report(report, checked.election_day, self._wizard.preview.path)
        problems = report.problems
        self.status.setText(tr("Check finished."))
        self.counts.setText(tr("{rows} rows: {valid} without problems, {bad} with problems ({problems} problems).",
                               rows=len(report.rows), valid=report.valid, bad=len(report.rows) - report.valid,
                               problems=len(problems)))
        shown = problems[:MAX_PROBLEMS_SHOWN]
        fill_cells(self.problems, [[str(problem.row), problem.message] for problem in shown])
        for row, problem in enumerate(shown):
            set_cell(self.problems, row, 1, Qt.ItemDataRole.ToolTipRole, problem.message)
        self.problems.resizeColumnToContents(0)

    def isComplete(self) -> bool:  # noqa: N802
        return super().isComplete() and self.report is not None and self.report.valid > 0


class ImportPage(_JobPage):
    """Step 4: the import itself, all or nothing, with Cancel."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.result: ImportResult | None = None
        self.cancelled = False
        layout = QVBoxLayout(self)
        for widget in (self.status, self.bar, self.cancel_button, self.error):
            layout.addWidget(widget)
        layout.addStretch(1)

    def retranslate(self) -> None:
        self.setTitle(tr("Import"))
        self.setSubTitle(tr("All rows without problems are written at once; Cancel leaves the register as it was."))
        self.cancel_button.setText(tr("&Cancel import"))

    def initializePage(self) -> None:  # noqa: N802
        self.result, self.cancelled = None, False
        self.status.setText(tr("Importing…"))
        path, community = self._wizard.file_to_import(), self._wizard.community()
        district, actor = self._wizard.district, self._wizard.actor
        self.start(lambda progress, cancel: import_file(district, path, community, actor, progress, cancel))

    def show_result(self, result: Any) -> None:
        self.result = result
        self.status.setText(tr("Import finished."))
        self._wizard.imported.emit(result)

    def show_failure(self, code: str) -> None:
        self.cancelled = code == "cancelled"
        self.status.setText(tr("The register was not changed."))

    def isComplete(self) -> bool:  # noqa: N802
        return self.finished

    def validatePage(self) -> bool:  # noqa: N802
        return self.finished


class SummaryPage(QWizardPage):
    """Step 5: what was imported and what was skipped."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.text = QLabel(self)
        self.text.setObjectName("subheading")
        self.text.setWordWrap(True)
        self.saver = ProblemListSaver(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.saver)
        layout.addStretch(1)

    def retranslate(self) -> None:
        self.setTitle(tr("Summary"))
        self.saver.retranslate()

    def initializePage(self) -> None:  # noqa: N802
        page, check = self._wizard.import_page, self._wizard.check_page
        result = page.result
        skipped, preview = result is not None and result.skipped > 0, self._wizard.preview
        self.saver.set_report(check.report if skipped else None, check.election_day, preview.path if preview else None)
        self.saver.setVisible(skipped)
        if result is None:
            self.text.setText(page.error.text() or tr("The register was not changed."))
            return
        text = tr("{file}: {rows} rows read, {imported} voters imported, {skipped} rows skipped "
                  "(with problems), {households} households created.", file=result.file,
                  rows=result.rows, imported=result.imported, skipped=result.skipped,
                  households=result.households_created)
        if skipped:
            numbers = sorted({problem.row for problem in result.problems})
            more = "…" if len(numbers) > MAX_ROWS_LISTED else ""
            listed = join(str(n) for n in numbers[:MAX_ROWS_LISTED]) + more
            text += "\n" + tr("Rows skipped: {rows}", rows=listed)
        self.text.setText(text)


class CheckedFile(NamedTuple):
    """A register file's check and the election day it was checked for."""

    report: CheckReport
    election_day: date


def check_file(district: FileSource, path: Path, community: str | None, progress: Progress,
               cancel: Cancel) -> CheckedFile:
    """Check a register file against the district file, without writing (runs on the job's thread)."""
    table = read_register(path)
    with own_connection(district) as df:
        try:
            day = read_election(df.conn).election_day
        except LookupError as exc:
            raise PollDeskError("no_election", "This data file holds no election yet: load the election first "
                                "(polldesk election load).") from exc
        context = load_context(df.conn, community)
        return CheckedFile(check_rows(table.rows, day, context, progress=progress, cancel=cancel), day)


def import_file(district: FileSource, path: Path, community: str | None, actor: Any, progress: Progress,
                cancel: Cancel) -> ImportResult:
    """Import a register file, then bring the search index up to date (runs on the job's thread)."""
    with own_connection(district) as df:
        result = import_register(df.conn, path, community=community, actor=actor, progress=progress, cancel=cancel)
        if not index_is_current(df.conn):
            build_lookup_index(df.conn, progress)
        return result
