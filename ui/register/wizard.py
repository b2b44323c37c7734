"""The register import wizard (导入参选居民登记表): file, preview and columns, check, import, summary."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.audit import SYSTEM
from app.audit.log import HasActor
from app.errors import PollDeskError
from app.i18n import tr
from app.register import reader, view
from app.register.view import FilePreview
from ui.register.job import FileSource, own_connection, source_path
from ui.register.wizard_steps import (
    CheckPage,
    ImportPage,
    SummaryPage,
    field_label,
    message_label,
    small_table,
)
from ui.table_cells import fill_cells

FILE_FILTER = "*.csv *.xlsx *.txt;;*"


class ImportWizard(QWizard):
    """Import a register file into the district file `district`, checking it first.

    `district` is the window's open file (its check and import reopen it with its key when encrypted) or an
    unencrypted file's path. The wizard deletes itself when closed; `imported` tells the window to read the
    register again.
    """

    imported = Signal(object)     # the ImportResult of an import that was written

    def __init__(self, district: FileSource, parent: QWidget | None = None, actor: HasActor = SYSTEM) -> None:
        super().__init__(parent)
        self.district = district
        self.district_path = source_path(district)
        self.actor = actor
        self.preview: FilePreview | None = None
        self.fields: dict[int, str] = {}
        self._scratch = tempfile.TemporaryDirectory(prefix="polldesk-import-")
        # A closed wizard left alive crashed a later app-wide setStyleSheet (PySide6 6.12): delete it on close.
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.resize(1100, 760)
        self.file_page = FilePage(self)
        self.columns_page = ColumnsPage(self)
        self.check_page = CheckPage(self)
        self.import_page = ImportPage(self)
        self.summary_page = SummaryPage(self)
        for page in (self.file_page, self.columns_page, self.check_page, self.import_page, self.summary_page):
            self.addPage(page)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Import a register file"))
        for button, text in ((QWizard.WizardButton.BackButton, tr("< &Back")),
                             (QWizard.WizardButton.NextButton, tr("&Next >")),
                             (QWizard.WizardButton.CancelButton, tr("Cancel")),
                             (QWizard.WizardButton.FinishButton, tr("&Finish"))):
            self.setButtonText(button, text)
        for page_id in self.pageIds():
            page = self.page(page_id)
            if hasattr(page, "retranslate"):
                page.retranslate()

    def file_to_import(self) -> Path:
        """The chosen file, or a copy with the columns the user chose when they differ from the detected ones."""
        assert self.preview is not None
        if self.fields == self.preview.fields:
            return self.preview.path
        return view.remapped_copy(self.preview, self.fields, Path(self._scratch.name))

    def community(self) -> str | None:
        return self.file_page.community.currentData()

    def done(self, result: int) -> None:  # noqa: D102 (Qt's name): stop a running job before closing
        for page in (self.check_page, self.import_page):
            page.stop_job()
        self._scratch.cleanup()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        for page in (self.check_page, self.import_page):
            page.stop_job()
        super().closeEvent(event)


class FilePage(QWizardPage):
    """Step 1: which file, and (optionally) which community it is for."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.path = QLineEdit(self)
        self.path.textChanged.connect(self.completeChanged)
        self.browse = QPushButton(self)
        self.browse.clicked.connect(self._choose)
        self.community_label = QLabel(self)
        self.community = QComboBox(self)
        self.community.addItem("", None)
        with own_connection(wizard.district) as df:
            for choice in view.communities(df.conn):
                self.community.addItem(f"{choice.value} {choice.label}", choice.value)
        self.community_label.setBuddy(self.community)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.error = message_label(self)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(row)
        layout.addWidget(self.community_label)
        layout.addWidget(self.community)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def retranslate(self) -> None:
        self.setTitle(tr("Choose the register file"))
        self.hint.setText(tr("A CSV or Excel (.xlsx) file with one voter per row. A title row above the header "
                             "is fine; the columns are recognised by their names (姓名, 公民身份号码 ...)."))
        self.browse.setText(tr("&Choose…"))
        self.community_label.setText(tr("&Community of this file:"))
        self.community.setItemText(0, tr("As written in the file (column 社区)"))

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Choose the register file"), "", FILE_FILTER)
        if path:
            self.path.setText(path)

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:  # noqa: N802
        """Read the file's first rows; a file that cannot be read is explained here, and the page stays."""
        try:
            self._wizard.preview = view.preview_file(Path(self.path.text().strip()))
        except PollDeskError as exc:
            self.error.setText(exc.message)
            return False
        self.error.clear()
        self._wizard.fields = dict(self._wizard.preview.fields)
        return True


class ColumnsPage(QWizardPage):
    """Step 2: the first rows as read, the header row found, and a field chosen for every column."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.found = QLabel(self)
        self.found.setWordWrap(True)
        self.mapping = QGridLayout()
        self.combos: list[QComboBox] = []
        self.table = small_table(self)
        self.error = message_label(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.found)
        layout.addLayout(self.mapping)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)

    def retranslate(self) -> None:
        self.setTitle(tr("Check the columns"))
        self.setSubTitle(tr("Choose what each column holds; columns marked \"not imported\" are left out."))

    def initializePage(self) -> None:  # noqa: N802
        preview = self._wizard.preview
        assert preview is not None
        for combo in self.combos:
            self.mapping.removeWidget(combo)
            combo.deleteLater()
        self.combos = []
        self.found.setText(tr("Header found in row {row}; {rows} data rows. The first rows:",
                              row=preview.header_row, rows=preview.total_rows))
        for column, header in enumerate(preview.headers):
            combo = QComboBox(self)
            combo.addItem(tr("not imported"), None)
            for field in reader.SYNONYMS:
                combo.addItem(field_label(field), field)
            combo.setCurrentIndex(max(0, combo.findData(preview.fields.get(column))))
            combo.setToolTip(header)
            combo.currentIndexChanged.connect(self._changed)
            self.mapping.addWidget(combo, 0, column + 1)
            self.combos.append(combo)
        self.table.setColumnCount(len(preview.headers))
        self.table.setHorizontalHeaderLabels(preview.headers)
        fill_cells(self.table, preview.rows)
        self.table.setVerticalHeaderLabels([str(preview.header_row + 1 + i) for i in range(len(preview.rows))])
        self.table.resizeColumnsToContents()
        for column, combo in enumerate(self.combos):
            width = max(self.table.columnWidth(column), combo.sizeHint().width())
            self.table.setColumnWidth(column, width)
            self.mapping.setColumnMinimumWidth(column + 1, width)
        # Column 0 stands over the row numbers, so each choice sits above its column.
        self.mapping.setColumnMinimumWidth(0, self.table.verticalHeader().sizeHint().width()
                                           + self.table.frameWidth())
        self.mapping.setHorizontalSpacing(0)
        self.mapping.setColumnStretch(len(self.combos) + 1, 1)
        self._changed()

    def _changed(self) -> None:
        chosen = {c: combo.currentData() for c, combo in enumerate(self.combos) if combo.currentData()}
        self._wizard.fields = chosen
        fields = list(chosen.values())
        twice = sorted({f for f in fields if fields.count(f) > 1})
        missing = [f for f in reader.REQUIRED if f not in fields]
        if twice:
            self.error.setText(tr("{fields}: chosen for more than one column.",
                                  fields=tr(", ").join(field_label(f) for f in twice)))
        elif missing:
            self.error.setText(tr("Choose the column of: {fields}.",
                                  fields=tr(", ").join(field_label(f) for f in missing)))
        else:
            self.error.clear()
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return not self.error.text()


__all__ = ["ImportWizard"]
