"""The clerk's issuing desk (发票台): find the voter, check the voter card, issue the ballot, see it recorded."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.audit import Clock, system_clock
from app.auth import Session
from app.db import DataFile
from app.i18n import tr
from app.pollbook.desk import (
    DeskContest,
    DeskFacts,
    VoterCard,
    desk_facts,
    place_names,
    prepare_desk,
    voter_card,
)
from app.pollbook.desk import station_issued as count_station
from app.pollbook.state import state_label
from ui.desk.card import VoterCardView
from ui.desk.issuing import Issuing
from ui.desk.search import VoterSearch
from ui.login.look import LARGE, message_label, show_message
from ui.register.job import FileSource, own_connection
from ui.theme import current_look

STACK_FROM_SCALE = 150      # text size (%) from which search and card stand one above the other
BUTTONS = ("issue", "proxy", "mobile", "spoilt", "undo")
# Written for the 100 % text size (ui/theme.py scales them); the focus frame is thick and always visible.
CARD_CHECK_STYLE = ("QCheckBox { font-size: 20pt; font-weight: bold; padding: 4px; }"
                    " QCheckBox:focus { border: 4px solid #0d47a1; }"
                    " QCheckBox::indicator { width: 30px; height: 30px; }")
ISSUE_STYLE = "QPushButton { font-size: 22pt; font-weight: bold; padding: 12px; }"


def button_texts() -> dict[str, str]:
    """The five actions with their keys."""
    return {"issue": tr("Issue ballot  F5"), "proxy": tr("Proxy  F6"), "mobile": tr("Mobile box  F7"),
            "spoilt": tr("Spoilt ballot  F8"), "undo": tr("Undo  F9")}


class CardCheck(QCheckBox):
    """"选民证已核对": Space ticks it; Enter on it asks to issue."""

    confirmed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.confirmed.emit()
            return
        super().keyPressEvent(event)


class DeskPage(QWidget):
    """One station file, one signed-in clerk: search box always ready, one voter card, five actions.

    The desk writes on a connection of its own to `station` (the window's open file, reopened with its key
    when encrypted, or an unencrypted file's path); `close_file()` closes it.
    """

    issued = Signal()   # a ballot (or several) went on disk

    def __init__(self, station: FileSource, session: Session, parent: QWidget | None = None,
                 clock: Clock = system_clock) -> None:
        super().__init__(parent)
        self.data_file: DataFile = own_connection(station, kind="station")
        self.conn, self.session, self.clock = self.data_file.conn, session, clock
        prepare_desk(self.conn)
        self.facts: DeskFacts = desk_facts(self.conn)
        self.places = place_names(self.conn)
        self.card: VoterCard | None = None
        self.session_issued = 0
        self.setStyleSheet(LARGE)
        self._build()
        self.issuing = Issuing(self)
        self._shortcuts()
        self.refresh_header()
        self.search.box.setFocus()

    # ---- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel(self)
        self.title.setObjectName("title")
        self.who = QLabel(self)
        self.counter = QLabel(self)
        self.counter.setObjectName("counter")
        for label in (self.title, self.who, self.counter):    # long sentences wrap at 200 % text
            label.setWordWrap(True)
        self.poll = message_label(self)
        self.open_button = QPushButton(self)
        self.contest = QComboBox(self)
        for contest in self.facts.contests:
            self.contest.addItem(contest.name, contest.id)
        self.contest_note = QLabel(self)
        self.contest_note.setWordWrap(True)
        self.search = VoterSearch(self.conn, self.facts.place_code, self.places, self)
        self.voter = VoterCardView(self)
        self.card_check = CardCheck(self)
        self.card_check.setStyleSheet(CARD_CHECK_STYLE)
        self.buttons = {name: QPushButton(self) for name in BUTTONS}
        self.buttons["issue"].setStyleSheet(ISSUE_STYLE)
        self.result = message_label(self)
        self.result.setProperty("big", True)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.who)
        poll_row = QHBoxLayout()
        poll_row.addWidget(self.poll, 1)
        poll_row.addWidget(self.open_button)
        contest_row = QHBoxLayout()
        self.contest_label = QLabel(self)
        self.contest_label.setBuddy(self.contest)
        contest_row.addWidget(self.contest_label)
        contest_row.addWidget(self.contest, 1)
        left = QVBoxLayout()
        self.search_label = QLabel(self)
        self.search_label.setBuddy(self.search.box)
        left.addWidget(self.search_label)
        left.addWidget(self.search, 1)
        right = QVBoxLayout()
        right.addWidget(self.voter, 1)
        right.addWidget(self.card_check)
        # Issue right under the card check; the four other actions under the matches (the page fits 768 px)
        right.addWidget(self.buttons["issue"])
        grid = QGridLayout()
        for n, button in enumerate(self.buttons.values()):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            if n > 0:
                grid.addWidget(button, (n - 1) // 2, (n - 1) % 2)
        left.addLayout(grid)
        self.middle = middle = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        middle.addLayout(left, 5)
        middle.addLayout(right, 6)
        self._reflow()
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.counter)
        layout.addLayout(poll_row)
        layout.addLayout(contest_row)
        layout.addWidget(self.contest_note)
        layout.addWidget(self.result)   # the outcome right above the work, where the eye is
        layout.addLayout(middle, 1)

        self.search.chosen.connect(self.select_voter)
        self.search.refused.connect(self.refuse)
        self.contest.currentIndexChanged.connect(self._contest_changed)
        self.card_check.confirmed.connect(lambda: self.issuing.issue())
        self.retranslate()

    def retranslate(self) -> None:
        """Every string again in the language now in use (the last outcome stays as it was said)."""
        self.open_button.setText(tr("Open the poll (station chief)…"))
        self.contest_label.setText(tr("Contest"))
        self.search_label.setText(tr("Find the voter (F2)"))
        self.card_check.setText(tr("Voter card checked (Space)"))
        for name, text in button_texts().items():
            self.buttons[name].setText(text)
        self.search.retranslate()
        self.voter.retranslate()
        self.refresh_header()
        self._show_contest_note()

    def _reflow(self) -> None:
        """Search and card side by side; from 150 % text one above the other (the page scrolls down, not
        sideways, and the keyboard's widget is scrolled into view)."""
        stacked = current_look().scale >= STACK_FROM_SCALE
        self.middle.setDirection(QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and hasattr(self, "middle"):
            self._reflow()
        super().changeEvent(event)

    def _shortcuts(self) -> None:
        keys = {"F2": self.focus_search, "F5": self.issuing.issue, "F6": self.issuing.proxy,
                "F7": self.issuing.mobile, "F8": self.issuing.spoilt, "F9": self.issuing.undo}
        self.shortcuts = []
        for key, slot in keys.items():
            shortcut = QShortcut(QKeySequence(key), self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.shortcuts.append(shortcut)
        for name, slot in (("issue", self.issuing.issue), ("proxy", self.issuing.proxy),
                           ("mobile", self.issuing.mobile), ("spoilt", self.issuing.spoilt),
                           ("undo", self.issuing.undo)):
            self.buttons[name].clicked.connect(slot)
        self.open_button.clicked.connect(self.issuing.open_poll)

    # ---- what is shown -----------------------------------------------------------------------

    def contest_now(self) -> DeskContest:
        """The contest whose ballots the desk issues now."""
        return self.facts.contests[max(0, self.contest.currentIndex())]

    def _contest_changed(self) -> None:
        self._show_contest_note()
        self.show_voter(self.card.voter_id if self.card else None)
        self.focus_search()

    def _show_contest_note(self) -> None:
        contest = self.contest_now()
        self.contest_note.setText(
            tr("One ballot per household: the ballot goes to one member for the whole household.")
            if contest.household else "")
        self.contest_note.setVisible(contest.household)

    def refresh_header(self) -> None:
        """Place, clerk, poll state and the counters, read again from the file."""
        self.facts = desk_facts(self.conn)
        self.title.setText(tr("{place} — issuing desk", place=self.facts.place_name))
        self.who.setText(tr("Signed in: {name}", name=self.session.display_name or self.session.user))
        self.counter.setText(tr("Poll {state}. Ballots issued: {mine} by you this session, {station} at this "
                                "station.", state=state_label(self.facts.state), mine=self.session_issued,
                                station=count_station(self.conn)))
        if self.facts.state == "open":
            show_message(self.poll, "")
        else:
            chiefs = "、".join(self.facts.chiefs) or tr("the station chief")
            show_message(self.poll, tr("The poll is {state}: no ballot can be issued now. Only the station chief "
                                       "can open it: {chiefs}.", state=state_label(self.facts.state),
                                       chiefs=chiefs), "warn")
        self.open_button.setVisible(self.facts.state == "setup")

    def show_voter(self, voter_id: int | None) -> None:
        """Show a voter's card for the contest now chosen (None: nobody)."""
        self.card = None if voter_id is None else voter_card(self.conn, voter_id, self.contest_now().id,
                                                             self.facts.election_day)
        self.voter.show_card(self.card)
        self.card_check.setChecked(False)

    def select_voter(self, voter_id: int) -> None:
        """A voter was chosen in the search: show the card and go to the card check."""
        self.show_voter(voter_id)
        show_message(self.result, "")
        self.card_check.setFocus()

    def focus_search(self) -> None:
        """F2: back to the search box, its text selected for typing over."""
        self.search.box.setFocus()
        self.search.box.selectAll()

    def done(self, text: str, count: int = 1) -> None:
        """A ballot is on disk: say it large, count it, clear and refocus the search box."""
        self.session_issued += count
        show_message(self.result, text, "good")
        self._after_action()
        self.issued.emit()

    def refuse(self, text: str) -> None:
        """Say in the red box, with words, why nothing was done."""
        show_message(self.result, tr("Not done: {reason}", reason=text), "bad")

    def _after_action(self) -> None:
        self.refresh_header()
        self.show_voter(self.card.voter_id if self.card else None)
        self.search.reset()

    def close_file(self) -> None:
        """Close the station file (the window is closing)."""
        self.data_file.close()
