"""The counting page (计票): a ballot per line typed as it is read aloud, a large board of running totals."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.audit.log import HasActor
from app.auth import Action, may
from app.counting.certify import box_figures, certify_contest, running_totals
from app.counting.entry import BallotLayout, ballot_order, describe_section, format_entry, parse_entry
from app.counting.store import (
    StoredBallot,
    contest_boxes,
    counting_contests,
    enter_ballot,
    enter_tally_sheet,
    own_box,
    resolve_undecided,
    set_issued,
    stored_ballots,
    tally_sheet,
    undecided_ballots,
    undo_last_ballot,
)
from app.errors import PollDeskError
from app.i18n import tr
from ui.counting.board import BoardPosition, CountingBoard
from ui.counting.fit import BallotSplitter, BoardArea, ChoiceFlow, EntryColumn, WholeChoice
from ui.counting.panels import ReconciliationPanel, TallySheetForm
from ui.table_cells import fill_list
from ui.theme import set_points

ENTRY_POINTS = 24      # the entry line's type at 100 % text (ui.theme scales it with View > Text size)


class _EntryKeys(QObject):
    """Tab types a position break instead of leaving the line; Ctrl+Z on an empty line undoes the last ballot."""

    def __init__(self, line: QLineEdit, undo: Callable[[], None]) -> None:
        super().__init__(line)
        self.line, self.undo = line, undo

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Tab:
                self.line.insert(" / ")
                return True
            if event.matches(QKeySequence.StandardKey.Undo) and not self.line.text():
                self.undo()
                return True
        return False


class CountingPage(QWidget):
    """Embeddable page: choose contest and box, type ballots, watch the board, resolve, reconcile, certify."""

    ballot_entered = Signal()
    certified = Signal(str)      # the SHA-256 of the certified result

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn: sqlite3.Connection | None = None
        self.session: HasActor | None = None
        self.layout_: BallotLayout = ()
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.contest = WholeChoice(self)
        self.box = WholeChoice(self)
        self.entry_pass = WholeChoice(self)
        self.tabs = QTabWidget(self)
        self._make_ballot_tab()
        self.sheet = TallySheetForm(self)
        self.sheet.save_requested.connect(self._save_sheet)
        self.reconciliation = ReconciliationPanel(self)
        self.reconciliation.connect_actions(self._set_issued, self.certify)
        self.tabs.addTab(self.ballot_tab, "")
        self.tabs.addTab(self.sheet, "")
        self.tabs.addTab(self.reconciliation, "")
        self.choice_labels = [QLabel(self) for _ in range(3)]
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self._choices())
        layout.addWidget(self.tabs, 1)
        self.contest.currentIndexChanged.connect(self._contest_changed)
        self.box.currentIndexChanged.connect(self.refresh)
        self.entry_pass.currentIndexChanged.connect(self.refresh)
        self.setFocusProxy(self.line)
        self.retranslate()

    def _choices(self) -> ChoiceFlow:
        """Each drop-down with its label, flowing onto a second row when the page is narrow."""
        flow = ChoiceFlow()
        flow.setContentsMargins(0, 0, 0, 0)
        for label, combo in zip(self.choice_labels, (self.contest, self.box, self.entry_pass), strict=True):
            label.setBuddy(combo)
            pair = QWidget(self)
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(label)
            row.addWidget(combo)
            flow.addWidget(pair)
        return flow

    def _make_ballot_tab(self) -> None:
        self.ballot_tab = QWidget(self)
        entry = EntryColumn(self.ballot_tab)
        self.hint = QLabel(entry)
        self.hint.setWordWrap(True)
        self.line = QLineEdit(entry)
        set_points(self.line, ENTRY_POINTS)
        self.line.returnPressed.connect(self.commit_line)
        self.line.textChanged.connect(self._preview)
        self.line.installEventFilter(_EntryKeys(self.line, self.undo_last))
        self.preview = QLabel(entry)
        self.preview.setWordWrap(True)
        self.message = QLabel(entry)
        self.message.setWordWrap(True)
        self.count = QLabel(entry)
        self.count.setObjectName("subheading")
        self.count.setWordWrap(True)
        self.undo = QPushButton(entry)
        self.undo.clicked.connect(self.undo_last)
        self.undecided_title = QLabel(entry)
        self.undecided_title.setWordWrap(True)
        self.undecided = QListWidget(entry)
        self.reading = QLineEdit(entry)
        self.resolve = QPushButton(entry)
        self.resolve.clicked.connect(self.resolve_selected)
        self.undecided_title.setBuddy(self.undecided)
        column = QVBoxLayout(entry)
        column.setContentsMargins(0, 0, 0, 0)
        # the line first: at 200 % text the wrapped hint above it pushed it off the screen
        for widget in (self.line, self.preview, self.message, self.hint, self.count, self.undo, self.undecided_title,
                       self.undecided, self.reading, self.resolve):
            column.addWidget(widget)
        column.addStretch(1)
        self.board = CountingBoard(self.ballot_tab)
        board_area = BoardArea(self.ballot_tab)
        board_area.setWidgetResizable(True)
        board_area.setWidget(self.board)
        # the counters may give the board more room, or the entry column; neither can be squeezed away
        self.splitter = BallotSplitter(self.ballot_tab)
        self.splitter.addWidget(entry)
        self.splitter.addWidget(board_area)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        row = QVBoxLayout(self.ballot_tab)
        row.setContentsMargins(4, 4, 4, 4)     # every pixel of width goes to the board and the entry column
        row.addWidget(self.splitter)

    # ---- data ------------------------------------------------------------------------------------------------

    def set_station(self, conn: sqlite3.Connection, session: HasActor) -> None:
        """Show the count of this station file for the signed-in user."""
        self.conn, self.session = conn, session
        self.contest.blockSignals(True)
        self.contest.clear()
        for contest_id, name in counting_contests(conn):
            self.contest.addItem(name, contest_id)
        self.contest.blockSignals(False)
        self.reconciliation.certify.setEnabled(may(session.role, Action.CERTIFY_RESULTS))
        self._contest_changed()

    def contest_id(self) -> str:
        return str(self.contest.currentData() or "")

    def box_id(self) -> str:
        return str(self.box.currentData() or "")

    def _pass(self) -> int:
        return int(self.entry_pass.currentData() or 1)

    def _contest_changed(self) -> None:
        if self.conn is None or not self.contest_id():
            return
        self.layout_ = ballot_order(self.conn, self.contest_id())
        self.box.blockSignals(True)
        self.box.clear()
        for box in contest_boxes(self.conn, self.contest_id()):
            self.box.addItem(f"{box['name']} ({box['id']})", box["id"])
        self.box.setCurrentIndex(max(0, self.box.findData(own_box(self.conn, self.contest_id()))))
        self.box.blockSignals(False)
        self._preview(self.line.text())      # what a blank line would count, before the first ballot
        self.refresh()

    def refresh(self) -> None:
        """Redraw the board, counts, unclear ballots, tally sheet and reconciliation from the file."""
        if self.conn is None or not self.contest_id():
            return
        conn, contest = self.conn, self.contest_id()
        votes = running_totals(conn, contest)
        self.board.show_totals([(p.id, BoardPosition(p.title, p.seats, p.candidates)) for p in self.layout_], votes)
        in_box = len(stored_ballots(conn, contest, self.box_id(), self._pass()))
        figures = box_figures(conn, contest)
        self.count.setText(tr("This box: {n} ballots entered. All boxes: {total} ballots collected.", n=in_box,
                              total=sum(b.collected for b in figures)))
        self._show_undecided(undecided_ballots(conn, contest))
        self.sheet.show_layout(self.layout_, tally_sheet(conn, contest, self.box_id()))
        self.reconciliation.show_figures(figures)

    def _show_undecided(self, unclear: list[StoredBallot]) -> None:
        """The unclear ballots for the scrutineers, and their box only while there are some."""
        fill_list(self.undecided, ["  ".join(describe_section(stored.ballot.section(p.id), p) for p in self.layout_
                                             if stored.ballot.section(p.id).undecided) for stored in unclear],
                  data=[(stored.ballot_id, format_entry(stored.ballot, self.layout_)) for stored in unclear])
        had_keyboard = self.window().focusWidget() in (self.undecided, self.reading, self.resolve)
        for widget in (self.undecided_title, self.undecided, self.reading, self.resolve):
            widget.setVisible(bool(unclear))
        if had_keyboard and not unclear:       # the last one decided: back to typing ballots
            self.line.setFocus()

    # ---- actions -----------------------------------------------------------------------------------------------

    def _run(self, action: Callable[[], Any], done: str | None = None) -> bool:
        """Do one write; a user's mistake is shown in red under the line, never as a traceback."""
        try:
            action()
        except PollDeskError as exc:
            self.message.setStyleSheet("color: #b71c1c; font-weight: bold;")
            self.message.setText(exc.message)
            return False
        self.message.setStyleSheet("color: #1b5e20;")
        self.message.setText(done or "")
        self.refresh()
        return True

    def commit_line(self) -> None:
        """Enter: the typed line becomes a stored ballot of the chosen box."""
        if self.conn is None or self.session is None:
            return
        conn, session, text = self.conn, self.session, self.line.text()

        def enter() -> None:
            ballot = parse_entry(text, self.layout_)
            enter_ballot(conn, session, self.contest_id(), self.box_id(), ballot, self._pass())

        if self._run(enter, tr("Ballot entered: {line}", line=text.strip() or tr("blank ballot"))):
            self.line.clear()
            self.ballot_entered.emit()

    def undo_last(self) -> None:
        """Take back the ballot entered last in this box."""
        if self.conn is None or self.session is None:
            return
        conn, session = self.conn, self.session
        undone: list[Any] = []
        if self._run(lambda: undone.append(undo_last_ballot(conn, session, self.contest_id(), self.box_id(),
                                                            self._pass()))):
            line = format_entry(undone[0], self.layout_) if undone and undone[0] is not None else None
            self.message.setText(tr("Last ballot taken back: {line}", line=line or tr("blank ballot"))
                                 if undone and undone[0] is not None else tr("There is no ballot to take back."))

    def resolve_selected(self) -> None:
        """The scrutineers' reading (typed like a ballot line) replaces the selected unclear ballot."""
        item = self.undecided.currentItem()
        if item is None or self.conn is None or self.session is None:
            return
        ballot_id = item.data(Qt.ItemDataRole.UserRole)[0]
        conn, session, text = self.conn, self.session, self.reading.text()
        if self._run(lambda: resolve_undecided(conn, session, ballot_id, parse_entry(text, self.layout_)),
                     tr("The scrutineers' decision is recorded.")):
            self.reading.clear()

    def _save_sheet(self, sheet: Any) -> None:
        if self.conn is not None and self.session is not None:
            conn, session = self.conn, self.session
            self._run(lambda: enter_tally_sheet(conn, session, self.contest_id(), self.box_id(), sheet),
                      tr("The tally sheet is saved."))

    def _set_issued(self, issued: int) -> None:
        if self.conn is not None and self.session is not None:
            conn, session = self.conn, self.session
            self._run(lambda: set_issued(conn, session, self.contest_id(), self.box_id(), issued))

    def certify(self) -> None:
        """The chief certifies this contest's results (refused with the reason when something is open)."""
        if self.conn is None or self.session is None:
            return
        conn, session = self.conn, self.session
        result: list[Any] = []
        if self._run(lambda: result.append(certify_contest(conn, session, self.contest_id()))):
            digest = result[0].sha256
            self.reconciliation.outcome.setText(tr("Certified. Result data SHA-256: {hash}", hash=digest))
            self.certified.emit(digest)
        else:
            self.reconciliation.outcome.setText(self.message.text())

    def _preview(self, text: str) -> None:
        try:
            ballot = parse_entry(text, self.layout_)
        except PollDeskError as exc:
            self.preview.setText(exc.message)
            return
        self.preview.setText("   ".join(describe_section(ballot.section(p.id), p) for p in self.layout_))

    def retranslate(self) -> None:
        self.heading.setText(tr("Counting the ballots"))
        # "Box", not "Ballot box": the box's name says it, and the row fits a laptop's screen at 200 % text
        for label, text in zip(self.choice_labels, (tr("Contest"), tr("Box"), tr("Entry")), strict=True):
            label.setText(text + tr(":"))
        self.entry_pass.blockSignals(True)
        self.entry_pass.clear()
        self.entry_pass.addItem(tr("first counter"), 1)
        self.entry_pass.addItem(tr("second counter (double entry)"), 2)
        self.entry_pass.blockSignals(False)
        self.hint.setText(tr("Type the numbers of the names read out, position by position: / or Tab between "
                             "positions, a name for a write-in, - for an invalid section, ? for an unclear one. "
                             "Enter saves the ballot; Ctrl+Z on an empty line takes back the last one."))
        self.undo.setText(tr("Take back last ballot"))      # short: it fits beside the board at 200 % text
        self.undecided_title.setText(tr("Unclear ballots for the scrutineers (type their reading below):"))
        self.resolve.setText(tr("Record the decision"))
        self.tabs.setTabText(0, tr("Enter ballots"))
        self.tabs.setTabText(1, tr("Tally sheet"))
        self.tabs.setTabText(2, tr("Reconciliation and certification"))
        self.sheet.retranslate()
        self.reconciliation.retranslate()
        self.refresh()
