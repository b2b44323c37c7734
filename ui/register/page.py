"""The register page (选民名册): every voter in one lazy table, filters, and a search box that never blocks."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.db import DataFile
from app.i18n import tr
from app.register import view
from app.register.lookup import STATUSES
from app.register.view import RegisterFilter, RegisterRow
from ui.register.job import FileSource, own_connection, source_path
from ui.register.model import COLUMNS, RegisterModel
from ui.register.search import RegisterSearch
from ui.register.words import sex_word, status_word
from ui.table import pick_whole_rows
from ui.theme import set_points

TABLE_POINT_SIZE = 15
SEARCH_CHARS = 16          # the search box's least width, in digits of its font
FILTER_CHARS = 8           # a filter's least width, in characters: longer names are cut short ("…")
# Column widths from a typical text of each column in the table's font (no measuring of a million rows).
COLUMN_SAMPLES = ("欧阳某某某", "性别", "年龄", "已委托投票", "第52居民小组", "0100012345", "440112********123X",
                  "某某社区第一投票站")


class RegisterPage(QWidget):
    """Browse the whole register of a data file; filter by community, resident group and status; search.

    `datafile` is the window's open file (reopened with its key when encrypted) or an unencrypted file's path;
    the page and its search thread each hold a connection of their own until `close_file()`.
    """

    search_answered = Signal(str)     # the text whose results are now on screen

    def __init__(self, datafile: FileSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = source_path(datafile)
        self.data_file: DataFile | None = own_connection(datafile)
        self.model = RegisterModel(self.data_file.conn, self)
        self.search = RegisterSearch(datafile, self)
        self.search.results.connect(self._show_results)
        self._go_to_results = False

        self.title = QLabel(self)
        self.title.setObjectName("heading")
        self.search_label = QLabel(self)
        self.search_box = QLineEdit(self)
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(self.search_box.fontMetrics().horizontalAdvance("0") * SEARCH_CHARS)
        self.search_box.textChanged.connect(self._typed)
        self.search_box.returnPressed.connect(self._enter)
        self.search_box.installEventFilter(self)
        self.search_label.setBuddy(self.search_box)
        self.community_label, self.group_label, self.status_label = QLabel(self), QLabel(self), QLabel(self)
        self.community = QComboBox(self)
        self.group = QComboBox(self)
        self.status = QComboBox(self)
        for label, combo in ((self.community_label, self.community), (self.group_label, self.group),
                             (self.status_label, self.status)):
            label.setBuddy(combo)
            # the widest choice would make the page wider than a laptop screen: the list shows it whole
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(FILTER_CHARS)
        self._fill_communities()
        self.community.currentIndexChanged.connect(self._community_chosen)
        self.group.currentIndexChanged.connect(self._apply_filter)
        self.status.currentIndexChanged.connect(self._apply_filter)
        self.count_label = QLabel(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.table = self._make_table()

        bar = QHBoxLayout()
        bar.addWidget(self.search_label)
        bar.addWidget(self.search_box, 1)
        filters = QHBoxLayout()     # a row of its own: the page fits a 1366-pixel laptop screen
        for label, combo in ((self.community_label, self.community), (self.group_label, self.group),
                             (self.status_label, self.status)):
            filters.addWidget(label)
            filters.addWidget(combo, 1)
            filters.addSpacing(12)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self.find_shortcut = QShortcut(QKeySequence.StandardKey.Find, self)
        self.find_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_shortcut.activated.connect(self.focus_search)
        self.model.modelReset.connect(self._show_count)
        self.retranslate()

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        set_points(table, TABLE_POINT_SIZE)
        table.setModel(self.model)
        table.setAlternatingRowColors(True)
        pick_whole_rows(table)
        table.setWordWrap(False)
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)   # no measuring of a million rows
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        table.installEventFilter(self)
        self._size_table(table)
        return table

    def _size_table(self, table: QTableView) -> None:
        """Row height and column widths from the table's font (again when View > Text size changes it)."""
        metrics = table.fontMetrics()
        table.verticalHeader().setDefaultSectionSize(metrics.height() + 14)
        # the words of the language in use count too: "female" is wider than 性别
        words = {1: [sex_word("M"), sex_word("F")], 7: [status_word(s) for s in STATUSES]}
        for column, sample in enumerate(COLUMN_SAMPLES):
            width = max(metrics.horizontalAdvance(text) for text in [sample, *words.get(column, [])])
            table.horizontalHeader().resizeSection(column, width + 28)

    # ---- filters -----------------------------------------------------------------------------

    def _fill_communities(self) -> None:
        assert self.data_file is not None
        self.community.blockSignals(True)
        self.community.clear()
        self.community.addItem("", None)
        for choice in view.communities(self.data_file.conn):
            self.community.addItem(f"{choice.label}", choice.value)
        self.community.blockSignals(False)
        self.group.addItem("", None)
        self.group.setEnabled(False)
        self.status.addItem("", None)
        for status in STATUSES:
            self.status.addItem("", status)

    def _community_chosen(self) -> None:
        assert self.data_file is not None
        community = self.community.currentData()
        self.group.blockSignals(True)
        while self.group.count() > 1:
            self.group.removeItem(1)
        if community is not None:
            for choice in view.resident_groups(self.data_file.conn, community):
                self.group.addItem(choice.label, choice.value)
        self.group.setCurrentIndex(0)
        self.group.setEnabled(community is not None)
        self.group.blockSignals(False)
        self._apply_filter()

    def current_filter(self) -> RegisterFilter:
        """The filter the combo boxes say."""
        return RegisterFilter(self.community.currentData(), self.group.currentData(), self.status.currentData())

    def _apply_filter(self) -> None:
        self.model.set_filter(self.current_filter())

    # ---- search ------------------------------------------------------------------------------

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the search box, its text selected."""
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _typed(self, text: str) -> None:
        self.search.ask(text)
        if not text.strip():
            self._say("")
            self.model.show_found(None)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def say(self, text: str) -> None:
        """A sentence above the table (what was just done to the register); empty hides it."""
        self._say(text)

    def selected_voter(self) -> RegisterRow | None:
        """The voter of the table's current row, if any."""
        index = self.table.currentIndex()
        return self.model.voter(index.row()) if index.isValid() else None

    def _show_results(self, text: str, voter_ids: list[int], message: str) -> None:
        self.model.show_found(voter_ids)
        self._say(message or ("" if voter_ids else tr("No voter found.")))
        self.search_answered.emit(text)
        if self._go_to_results:
            self._go_to_results = False
            self.go_to_first_row()

    def _enter(self) -> None:
        if self.search.busy():
            self._go_to_results = True     # the answer is on its way: go there when it comes
        else:
            self.go_to_first_row()

    def go_to_first_row(self) -> None:
        """Select the first row shown and move the keyboard to the table."""
        if self.model.rowCount() == 0:
            return
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.table.selectRow(0)
        self.table.scrollToTop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is getattr(self, "table", None) and event.type() == QEvent.Type.FontChange:
            self._size_table(self.table)
            self.search_box.setMinimumWidth(self.search_box.fontMetrics().horizontalAdvance("0") * SEARCH_CHARS)
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape and self.search_box.text():
                self.search_box.clear()
                return True
        return super().eventFilter(watched, event)

    # ---- words and figures -------------------------------------------------------------------

    def _show_count(self) -> None:
        total = self.model.rowCount()
        if self.model.searching:
            self.count_label.setText(tr("{count} voters found", count=f"{total:,}"))
        else:
            self.count_label.setText(tr("{count} voters shown", count=f"{total:,}"))

    def retranslate(self) -> None:
        """Every string again in the language now in use."""
        self.title.setText(tr("Voter register"))
        self.search_label.setText(tr("&Find:"))
        self.search_box.setPlaceholderText(tr("name, pinyin, last 4 ID digits, household"))
        self.community_label.setText(tr("&Community:"))
        self.group_label.setText(tr("&Group:"))
        self.status_label.setText(tr("&Status:"))
        self.community.setItemText(0, tr("All communities"))
        self.group.setItemText(0, tr("All groups"))
        self.status.setItemText(0, tr("Any status"))
        for number, status in enumerate(STATUSES, 1):
            self.status.setItemText(number, status_word(status))
        self.model.retranslate()
        self._size_table(self.table)
        self._show_count()

    def reload(self) -> None:
        """Read the register again (after an import)."""
        self.model.reload()

    def close_file(self) -> None:
        """Stop the search thread and close both connections (before the file is closed or the page dropped)."""
        self.search.stop()
        if self.data_file is not None:
            self.data_file.close()
            self.data_file = None


__all__ = ["COLUMNS", "RegisterPage"]
