"""The desk's five actions (issue, proxy, mobile box, spoilt ballot, undo) and opening the poll, via app.pollbook."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog

from app.auth import Action, Session
from app.errors import PollDeskError
from app.i18n import tr
from app.pollbook import issue_ballot, mobile_out, open_poll, spoil_exchange, undo_issuance
from app.pollbook.desk import VoterCard
from ui.desk.dialogs import MobileDialog, ProxyDialog, SpoiltDialog
from ui.login.chief import ChiefApprovalDialog

if TYPE_CHECKING:
    from ui.desk.page import DeskPage

Call = Callable[[Session | None], Any]


class Issuing(QObject):
    """Runs each action through the app and shows the outcome; dialogs open without blocking (`dialog`)."""

    def __init__(self, page: DeskPage) -> None:
        super().__init__(page)
        self.page = page
        self.dialog: QDialog | None = None

    # ---- helpers -----------------------------------------------------------------------------

    def _voter(self, need_check: bool) -> VoterCard | None:
        page = self.page
        if page.card is None:
            page.refuse(tr("Find and select the voter first (F2)."))
            page.focus_search()
            return None
        if need_check and not page.card_check.isChecked():
            page.refuse(tr("Check the voter card first, then tick \"Voter card checked\" (Space)."))
            page.card_check.setFocus()
            return None
        return page.card

    def _open(self, dialog: QDialog, on_accept: Callable[[], None]) -> None:
        self.dialog = dialog
        dialog.accepted.connect(on_accept)
        dialog.finished.connect(lambda _: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
        if self.page.search.box.text() == "" and self.page.card is None:
            self.page.focus_search()

    def _chief(self, action: str, what: str, then: Callable[[ChiefApprovalDialog], None],
               needs_reason: bool = False) -> None:
        dialog = ChiefApprovalDialog(self.page.conn, action, what, self.page, needs_reason=needs_reason,
                                     clock=self.page.clock)
        self._open(dialog, lambda: then(dialog))

    def _run(self, card: VoterCard, call: Call, shown: Callable[[Any, Session | None], None],
             chief: Session | None = None) -> None:
        """Call the app; a voter of another place first needs the chief, then the call runs again."""
        if chief is None and card.other_place:
            self._ask_place(card, call, shown)
            return
        try:
            result = call(chief)
        except PollDeskError as exc:
            if exc.code == "other_place" and chief is None:
                self.page.refuse(exc.message)
                self._ask_place(card, call, shown)
            else:
                self.page.refuse(exc.message)
                self.page.show_voter(card.voter_id)
            return
        shown(result, chief)

    def _ask_place(self, card: VoterCard, call: Call, shown: Callable[[Any, Session | None], None]) -> None:
        what = tr("{name} is assigned to {place}. The station chief may allow voting here.",
                  name=card.name, place=card.assigned_place)
        self._chief(Action.OVERRIDE_OTHER_PLACE, what,
                    lambda d: self._run(card, call, shown, d.session))

    @staticmethod
    def _approved(chief: Session | None) -> str:
        return " " + tr("Allowed here by the station chief {chief}.", chief=chief.user) if chief else ""

    # ---- the actions -------------------------------------------------------------------------

    def issue(self) -> None:
        """F5 / Enter: issue the ballot of the selected, card-checked voter."""
        card = self._voter(need_check=True)
        if card is None:
            return
        page, contest = self.page, self.page.contest_now()

        def call(chief: Session | None) -> Any:
            return issue_ballot(page.conn, page.session, card.voter_id, contest.id, override_by=chief,
                                clock=page.clock)

        def shown(result: Any, chief: Session | None) -> None:
            text = tr("Ballot issued: {name} — {contest} ({time}).", name=result.voter_name, contest=contest.name,
                      time=result.time[11:16])
            if result.kind == "household":
                text += " " + tr("One ballot for the whole household.")
            page.done(text + self._approved(chief))

        self._run(card, call, shown)

    def proxy(self) -> None:
        """F6: the proxy at the desk receives the selected voter's ballot against a written authorisation."""
        card = self._voter(need_check=False)
        if card is None:
            return
        page, contest = self.page, self.page.contest_now()
        dialog = ProxyDialog(page.conn, page.facts.place_code, page.places, card, page)

        def call(chief: Session | None) -> Any:
            return issue_ballot(page.conn, page.session, int(dialog.proxy_id or 0), contest.id,
                                proxy_for=card.voter_id, auth_no=dialog.auth_no.text().strip(),
                                relative=dialog.relative.isChecked(), override_by=chief, clock=page.clock)

        def shown(result: Any, chief: Session | None) -> None:
            page.done(tr("Ballot issued to the proxy {proxy} for {name} (authorisation {number}).",
                         proxy=dialog.proxy_name, name=card.name, number=dialog.auth_no.text().strip())
                      + self._approved(chief))

        self._open(dialog, lambda: self._run(card, call, shown))

    def mobile(self) -> None:
        """F7: hand ballots for named voters to a mobile box's staff, all or none."""
        page = self.page
        if not page.facts.mobile_boxes:
            page.refuse(tr("This community has no mobile ballot box in the election setup."))
            return
        contest = page.contest_now()
        dialog = MobileDialog(page.conn, page.facts.place_code, page.places, page.facts.mobile_boxes, page.card, page)

        def accepted() -> None:
            ids = [v for v, _ in dialog.voters]
            try:
                results = mobile_out(page.conn, page.session, dialog.box_id(), ids, contest.id, clock=page.clock)
            except PollDeskError as exc:
                page.refuse(exc.message)
                return
            page.done(tr("{count} ballots handed to the mobile box {box} for: {names}.", count=len(results),
                         box=dialog.box.currentText(), names="、".join(n for _, n in dialog.voters)), len(results))

        self._open(dialog, accepted)

    def spoilt(self) -> None:
        """F8: a spoilt ballot is handed back, voided and kept, and a new one given."""
        card = self._voter(need_check=False)
        if card is None:
            return
        page, contest = self.page, self.page.contest_now()
        dialog = SpoiltDialog(card, page)

        def accepted() -> None:
            try:
                spoil_exchange(page.conn, page.session, card.voter_id, contest.id, dialog.reason.text(),
                               clock=page.clock)
            except PollDeskError as exc:
                page.refuse(exc.message)
                return
            page.done(tr("Spoilt ballot of {name} voided and kept; a new ballot was given.", name=card.name), 0)

        self._open(dialog, accepted)

    def undo(self) -> None:
        """F9: undo the selected voter's ballot: the station chief signs in and gives the reason."""
        card = self._voter(need_check=False)
        if card is None:
            return
        page, contest = self.page, self.page.contest_now()

        def approved(dialog: ChiefApprovalDialog) -> None:
            assert dialog.session is not None
            try:
                undo_issuance(page.conn, dialog.session, card.voter_id, contest.id, dialog.reason, clock=page.clock)
            except PollDeskError as exc:
                page.refuse(exc.message)
                return
            page.done(tr("The ballot issuance of {name} was undone by {chief}. Reason: {reason}",
                         name=card.name, chief=dialog.session.user, reason=dialog.reason), 0)

        self._chief(Action.UNDO_ISSUANCE, tr("Undo the ballot issued to {name} for {contest}?", name=card.name,
                                             contest=contest.name), approved, needs_reason=True)

    def open_poll(self) -> None:
        """The station chief opens the poll from the desk."""
        page = self.page

        def approved(dialog: ChiefApprovalDialog) -> None:
            assert dialog.session is not None
            try:
                open_poll(page.conn, dialog.session, clock=page.clock)
            except PollDeskError as exc:
                page.refuse(exc.message)
                return
            page.refresh_header()
            page.focus_search()

        self._chief(Action.OPEN_POLL, tr("Open the poll: ballots may be issued from now on."), approved)
