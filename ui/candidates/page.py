"""CandidatesPage: one community's contests and candidates in ballot order, the nomination problems, review actions."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from app.audit.log import HasActor
from app.candidates import ballot_layout, check_nominations, list_candidates, review
from app.errors import PollDeskError
from app.i18n import tr
from ui.table_cells import add_tree_row, tree_rows

CANDIDATE_ID = Qt.ItemDataRole.UserRole + 1


def status_word(status: str) -> str:
    """待审查, 已通过 or 未通过."""
    return {"pending": tr("Pending"), "passed": tr("Passed"), "rejected": tr("Rejected")}.get(status, status)


class CandidatesPage(QWidget):
    """A community's contests -> positions -> candidates (ballot numbers for passed ones), problems and review."""

    reviewed = Signal(int)   # a candidate id whose review changed
    TREE_ROWS = 6
    PROBLEM_ROWS = 2

    def __init__(self, parent: QWidget | None = None,
                 ask_reason: Callable[[QWidget, str], str | None] | None = None) -> None:
        super().__init__(parent)
        self._conn: sqlite3.Connection | None = None
        self._session: HasActor | None = None
        self._ask_reason = ask_reason or _ask_reason
        self.title = QLabel(self)
        self.title.setObjectName("heading")
        self.community = QComboBox(self)
        self.community.currentIndexChanged.connect(self.refresh)
        self.step = QComboBox(self)
        self.step.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(5)
        self.tree.setAlternatingRowColors(True)
        self.problems_title = QLabel(self)
        self.problems_title.setObjectName("subheading")
        self.problems = QListWidget(self)
        self.problems.setWordWrap(True)
        self.pass_button = QPushButton(self)
        self.reject_button = QPushButton(self)
        self.pass_button.clicked.connect(lambda: self.review_selected("passed"))
        self.reject_button.clicked.connect(lambda: self.review_selected("rejected"))
        self.community_label, self.step_label = QLabel(self), QLabel(self)
        # two rows: which community, then the review step and its buttons (one row is wider than a laptop
        # screen at 200 % text)
        choose = QHBoxLayout()
        choose.addWidget(self.community_label)
        choose.addWidget(self.community, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.step_label)
        actions.addWidget(self.step)
        actions.addWidget(self.pass_button)
        actions.addWidget(self.reject_button)
        actions.addStretch(1)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.problems_title)
        lower_layout.addWidget(self.problems, 1)
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.tree)
        self.split.addWidget(lower)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(choose)
        layout.addLayout(actions)
        layout.addWidget(self.split, 1)
        self._fit_heights()
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "split"):      # a new text size
            self._fit_heights()

    def _fit_heights(self) -> None:
        """The table keeps room for TREE_ROWS rows and the problems for PROBLEM_ROWS at any text size: under a
        tall banner at 200 % the page scrolls rather than squeeze the table to nothing."""
        line = self.fontMetrics().lineSpacing() + 8
        header = self.tree.header().sizeHint().height()
        self.tree.setMinimumHeight(header + self.TREE_ROWS * line)
        self.problems.setMinimumHeight(self.PROBLEM_ROWS * line)

    def set_file(self, conn: sqlite3.Connection | None, session: HasActor | None) -> None:
        """Show this file's communities (the review buttons need a session)."""
        self._conn, self._session = conn, session
        self.community.blockSignals(True)
        self.community.clear()
        if conn is not None:
            for row in conn.execute("SELECT code, name FROM communities ORDER BY rowid"):
                self.community.addItem(row["name"], row["code"])
        self.community.blockSignals(False)
        self.refresh()

    def retranslate(self) -> None:
        self.title.setText(tr("Candidates and qualification review"))
        self.community_label.setText(tr("Community"))
        self.step_label.setText(tr("Review step"))
        current = self.step.currentIndex()
        self.step.clear()
        self.step.addItem(tr("Community review"), "community")
        self.step.addItem(tr("District joint review"), "district")
        self.step.setCurrentIndex(max(0, current))
        self.pass_button.setText(tr("Pass"))
        self.reject_button.setText(tr("Reject…"))
        self.tree.setHeaderLabels([tr("Ballot order"), tr("Name"), tr("Sex"), tr("Review"), tr("Reason")])
        self.problems_title.setText(tr("Problems to look at"))
        self.refresh()

    def refresh(self) -> None:
        """Read the community's contests, candidates and problems again."""
        self.tree.clear()
        self.problems.clear()
        code = self.community.currentData()
        if self._conn is None or code is None:
            return
        by_contest: dict[str, list] = {}
        for c in list_candidates(self._conn, community=code):
            by_contest.setdefault(c.contest, []).append(c)
        sexes = {"M": tr("male"), "F": tr("female")}
        for k in self._conn.execute("SELECT id, name FROM contests WHERE community_code = ? ORDER BY rowid", (code,)):
            contest = add_tree_row(self.tree, QModelIndex(), ["", k["name"]])
            candidates = by_contest.get(k["id"], [])
            for position in ballot_layout(self._conn, k["id"]):
                numbers = {cid: n for n, _, cid in position.candidates}
                title = tr("{position} (elect {seats})", position=position.title, seats=position.seats)
                listing = add_tree_row(self.tree, contest, ["", title])
                listed = sorted((c for c in candidates if c.position == position.id),
                                key=lambda c: (c.id not in numbers, numbers.get(c.id, 0), c.id))
                for c in listed:
                    number = str(numbers[c.id]) if c.id in numbers else "—"
                    row = add_tree_row(self.tree, listing, [number, c.name, sexes.get(c.sex, c.sex),
                                                            status_word(c.review_status), c.review_reason])
                    self.tree.model().setData(row, c.id, CANDIDATE_ID)
                self.tree.setExpanded(listing, True)
            self.tree.setExpanded(contest, True)
        for i in range(self.tree.columnCount()):
            self.tree.resizeColumnToContents(i)
        for p in check_nominations(self._conn, code):
            self.problems.addItem(p.message)
        if not self.problems.count():
            self.problems.addItem(tr("No problems found."))

    def selected_candidate(self) -> int | None:
        index = self.tree.currentIndex()
        value = index.siblingAtColumn(0).data(CANDIDATE_ID) if index.isValid() else None
        return int(value) if value is not None else None

    def select_candidate(self, candidate_id: int) -> None:
        """Make a candidate the current row (keyboard users and tests)."""
        for index in tree_rows(self.tree):
            if index.data(CANDIDATE_ID) == candidate_id:
                self.tree.setCurrentIndex(index)

    def review_selected(self, status: str) -> None:
        """Pass or reject the selected candidate at the chosen step; a plain message when refused."""
        candidate_id = self.selected_candidate()
        if self._conn is None or candidate_id is None:
            return
        reason = ""
        if status == "rejected":
            answer = self._ask_reason(self, tr("Why is this candidate not qualified?"))
            if not answer:
                return
            reason = answer
        try:
            review(self._conn, self._session, candidate_id, self.step.currentData(), status, reason)  # type: ignore[arg-type]
        except PollDeskError as exc:
            QMessageBox.warning(self, tr("Qualification review"), exc.message)
            return
        self.refresh()
        self.select_candidate(candidate_id)
        self.reviewed.emit(candidate_id)


def _ask_reason(parent: QWidget, prompt: str) -> str | None:
    text, ok = QInputDialog.getText(parent, tr("Qualification review"), prompt)
    return text.strip() if ok and text.strip() else None
