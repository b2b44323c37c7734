"""The district dashboard (全区进度): each community's five stages, packages, turnout, results, problems, the lock."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.audit.log import HasActor
from app.auth import may
from app.district import DistrictSummary, district_summary, lock_results
from app.district.progress import DONE, STAGES, UNDER_WAY, state_word
from app.district.words import community_state_word, place_kind_word
from app.errors import PollDeskError
from app.i18n import tr
from app.reports.district_stats import basic_situation
from ui.login.look import LARGE, message_label, plain_button, show_message
from ui.table_cells import fill_cells, set_cell

# The colour only helps the eye: every cell also says its state in words.
_TONES = {DONE: "#e8f5e9", UNDER_WAY: "#fff3e0"}
# the tab titles at the application's own size (not LARGE's 18pt): at 200 % text all three fit a laptop screen
_STYLE = LARGE + ("QTableWidget, QHeaderView, QTabBar { font-size: 14pt; } QListWidget { font-size: 15pt; }"
                  " QLabel#situation { font-size: 14pt; }")


class DashboardPage(QWidget):
    """The district office's overview after (and before) election day, read from the district file."""

    def __init__(self, conn: sqlite3.Connection, session: HasActor | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn, self.session = conn, session
        self.setStyleSheet(_STYLE)
        self.heading = QLabel(self)
        self.heading.setObjectName("title")
        self.situation = QLabel(self)
        self.situation.setWordWrap(True)
        self.situation.setObjectName("situation")
        self.message = message_label(self)
        self.lock_button = plain_button("", self)
        self.lock_button.clicked.connect(self.lock)
        self.communities = self._table()
        self.places = self._table()
        self.problems = QListWidget(self)
        self.problems.setWordWrap(True)
        self.tabs = QTabWidget(self)
        for widget in (self.communities, self.places, self.problems):
            self.tabs.addTab(widget, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.situation)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.lock_button)
        self.summary: DistrictSummary | None = None
        self.refresh()

    TABLE_ROWS = 6       # rows of a table always on screen, at any text size (the page scrolls instead)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        # (also while __init__ sets the style sheet, before the tabs are made)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and hasattr(self, "summary"):
            self._fit_heights()

    def _fit_heights(self) -> None:
        """The tables keep room for TABLE_ROWS rows under the situation paragraph, which at 200 % text is
        several lines: the page scrolls rather than squeeze the tables to a row or two."""
        self.communities.ensurePolished()
        line = self.communities.fontMetrics().lineSpacing() + 8
        header = self.communities.horizontalHeader().sizeHint().height()
        tab_bar = self.tabs.tabBar().sizeHint().height()
        self.tabs.setMinimumHeight(tab_bar + header + self.TABLE_ROWS * line + 8)

    def _table(self) -> QTableWidget:
        table = QTableWidget(self)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.setWordWrap(True)
        return table

    def retranslate(self) -> None:
        """Words in the current language."""
        self.refresh()

    def refresh(self) -> None:
        """Read the district file again and redraw every part."""
        self.summary = summary = district_summary(self.conn)
        self.heading.setText(tr("District progress"))
        self.situation.setText(basic_situation(summary.totals))
        show_message(self.message, "")
        self.tabs.setTabText(0, tr("Communities"))
        # short tab titles, so all three fit a laptop screen at 200 % text; the tooltip says it in full
        missing = sum(p.missing for p in summary.places)
        self.tabs.setTabText(1, tr("Voting places ({missing} missing)", missing=missing))
        self.tabs.setTabToolTip(1, tr("Voting places ({missing} packages missing)", missing=missing))
        open_count = sum(p.open for p in summary.problems)
        self.tabs.setTabText(2, tr("Problems ({count})", count=open_count))
        self.tabs.setTabToolTip(2, tr("Problems to resolve ({count})", count=open_count))
        self._fill_communities(summary)
        self._fill_places(summary)
        self.problems.clear()
        for p in summary.problems:
            text = p.describe() if p.open else tr("Resolved: {problem} — {resolution}", problem=p.describe(),
                                                  resolution=p.resolution)
            self.problems.addItem(text)
        if not summary.problems:
            self.problems.addItem(tr("No problems found."))
        self._show_lock(summary)
        self._fit_heights()

    def _fill_communities(self, summary: DistrictSummary) -> None:
        headings = [tr("Community"), *(f"{n}\n{tr(s)}" for n, s in enumerate(STAGES, 1)),
                    tr("Packages"), tr("Turnout %"), tr("Result")]
        table = self.communities
        table.setColumnCount(len(headings))
        table.setHorizontalHeaderLabels(headings)
        totals = {c.code: c for c in summary.totals.communities}
        rows = []
        for progress in summary.progress:
            places = [p for p in summary.places if p.community == progress.code and p.expected]
            result = totals[progress.code]
            rows.append([progress.name, *(state_word(s.state) for s in progress.stages),
                         tr("{received} of {expected}", received=sum(bool(p.packages) for p in places),
                            expected=len(places)),
                         f"{result.turnout_percent:.1f}%", community_state_word(result.state)])
        fill_cells(table, rows)
        for row, progress in enumerate(summary.progress):
            for column, stage in enumerate(progress.stages[:5], 1):
                tone = QBrush(QColor(_TONES[stage.state])) if stage.state in _TONES else None
                set_cell(table, row, column, Qt.ItemDataRole.ToolTipRole, stage.note)
                set_cell(table, row, column, Qt.ItemDataRole.BackgroundRole, tone)     # the cell may be reused

    def _fill_places(self, summary: DistrictSummary) -> None:
        headings = [tr("Voting place"), tr("Kind"), tr("Packages"), tr("Poll state"), tr("Certified")]
        table = self.places
        table.setColumnCount(len(headings))
        table.setHorizontalHeaderLabels(headings)
        rows = []
        for place in summary.places:
            received = (tr("Missing") if place.missing else tr("Not expected") if not place.packages
                        else tr("{count} received", count=place.packages))
            rows.append([place.name, place_kind_word(place.kind), received, place.poll_state or "—",
                         "、".join(place.certified) or "—"])
        fill_cells(table, rows)
        for row, place in enumerate(summary.places):
            for column in range(len(headings)):      # a cell may be reused: a place no longer missing loses its red
                set_cell(table, row, column, Qt.ItemDataRole.BackgroundRole,
                         QBrush(QColor("#ffebee")) if place.missing else None)

    def _show_lock(self, summary: DistrictSummary) -> None:
        if summary.lock is not None:
            self.lock_button.setText(tr("Results locked"))
            self.lock_button.setEnabled(False)
            show_message(self.message, tr("Results locked as official by {user} at {time}.",
                                          user=summary.lock.locked_by, time=summary.lock.locked_at[:16].replace("T", " ")), "good")
            return
        self.lock_button.setText(tr("Lock results as official"))
        allowed = self.session is not None and may(self.session.role, "lock_district_results")
        self.lock_button.setEnabled(allowed)
        if not allowed:
            self.lock_button.setToolTip(tr("Only the district election office can lock the results."))

    def lock(self) -> None:
        """Lock the merged results; a refusal is shown in plain words."""
        if self.session is None:
            return
        try:
            lock_results(self.conn, self.session)
        except PollDeskError as exc:
            show_message(self.message, exc.message, "bad")
            return
        self.refresh()
