"""The poll book (选民投票登记) of election day: poll states, ballot issuance, proxies, mobile boxes, turnout.

SECRECY RULE (无记名投票): the poll book records WHO received a ballot, never what is on it. Nothing
here holds ballot content, and the counting tables must carry no voter id, no issuance sequence, no
box-entry order and no timestamp: the two sides share no key, order or time that could link a voter to
a ballot. Ballots counted later are identified only by their box and a count-time number of their own.
"""

from app.pollbook.derive import rebuild_issuances, replay
from app.pollbook.issue import IssueResult, issue_ballot, spoil_exchange, undo_issuance
from app.pollbook.mobile import MobileReturn, mobile_out, mobile_return
from app.pollbook.record import Actor
from app.pollbook.state import (
    POLL_STATES,
    certify_poll,
    close_poll,
    open_poll,
    poll_state,
    reopen_for_further_round,
    start_counting,
)
from app.pollbook.turnout import receive_ballots, turnout

__all__ = [
    "POLL_STATES", "Actor", "IssueResult", "MobileReturn", "certify_poll", "close_poll", "issue_ballot",
    "mobile_out", "mobile_return", "open_poll", "poll_state", "rebuild_issuances", "receive_ballots", "reopen_for_further_round", "replay", "spoil_exchange",
    "start_counting", "turnout", "undo_issuance",
]
