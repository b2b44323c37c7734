"""Mobile ballot boxes (流动票箱): ballots handed to the box's staff for named voters, reconciled on return."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from app.audit import Clock, system_clock
from app.auth import Action
from app.errors import PollDeskError
from app.pollbook.issue import BallotRequest, IssueResult, issue_in_transaction
from app.pollbook.record import (
    Actor,
    append_issuance_event,
    audit,
    check_permission,
    durable_transaction,
    iso_time,
    station_place,
)
from app.pollbook.state import require_state


@dataclass(frozen=True)
class MobileReturn:
    """The reconciliation of one trip of a mobile box (流动票箱核对)."""

    box_id: str
    ballots_out: int      # ballots handed to the staff for named voters on this trip
    unused: int           # ballots brought back unused (the named voter did not vote)
    undone: int           # issuances undone by the chief while the box was out
    expected: int         # ballots that should be in the box
    returned: int         # ballots the staff report cast into the box
    seq: int

    @property
    def difference(self) -> int:
        """Ballots reported in the box minus ballots expected there (0 when reconciled)."""
        return self.returned - self.expected

    @property
    def balanced(self) -> bool:
        """True when the box's count matches the ballots issued into it."""
        return self.difference == 0


def _mobile_box(conn: sqlite3.Connection, box_id: str) -> sqlite3.Row:
    row = conn.execute("SELECT * FROM ballot_boxes WHERE id = ? AND kind = 'mobile'", (box_id,)).fetchone()
    if row is None:
        raise PollDeskError("box_unknown", "There is no mobile ballot box {box} here.", box=box_id)
    return row


def mobile_out(conn: sqlite3.Connection, actor: Actor, box_id: str, voter_ids: Sequence[int],
               contest_id: str | None = None, *, override_by: Actor | None = None,
               clock: Clock = system_clock) -> list[IssueResult]:
    """Issue one mobile ballot per named voter to the box's staff, all or none (the refusal names the voter)."""
    check_permission(actor, Action.ISSUE_MOBILE)
    if len(set(voter_ids)) != len(voter_ids) or not voter_ids:
        raise PollDeskError("bad_voter_list", "Name each voter of the mobile box once.")
    place = station_place(conn)
    _mobile_box(conn, box_id)
    with durable_transaction(conn):
        return [issue_in_transaction(conn, actor, place, BallotRequest(v, contest_id, "mobile", box_id=box_id),
                                     override_by, clock) for v in voter_ids]


def _trip_start(conn: sqlite3.Connection, place: str, box_id: str) -> int:
    """Sequence number of the box's last return here (0 before the first): the trip starts after it."""
    row = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM issuance_events WHERE place_code = ? AND box_id = ?"
                       " AND event = 'mobile_return'", (place, box_id)).fetchone()
    return int(row[0])


def mobile_return(conn: sqlite3.Connection, actor: Actor, box_id: str, returned_count: int,
                  unused: Sequence[int] = (), clock: Clock = system_clock) -> MobileReturn:
    """Record a box's return: its reported ballot count and the named voters whose ballots came back unused.

    The unused voters' mobile ballots are withdrawn (they may still vote in person). The result says
    whether the box reconciles: ballots out - unused - undone = ballots in the box.
    """
    check_permission(actor, Action.ISSUE_MOBILE)
    if returned_count < 0:
        raise PollDeskError("bad_count", "A number of ballots cannot be negative.")
    place = station_place(conn)
    _mobile_box(conn, box_id)
    with durable_transaction(conn):
        require_state(conn, "open", "closed")
        start = _trip_start(conn, place, box_id)
        trip = conn.execute("SELECT * FROM issuance_events WHERE place_code = ? AND box_id = ? AND seq > ?"
                            " AND event = 'mobile_out'", (place, box_id, start)).fetchall()
        active = conn.execute("SELECT * FROM issuances WHERE place_code = ? AND box_id = ? AND seq > ?",
                              (place, box_id, start)).fetchall()
        time = iso_time(clock)
        withdrawn = 0
        for voter_id in dict.fromkeys(unused):
            ballots = [r for r in active if r["voter_id"] == voter_id]
            if not ballots:
                raise PollDeskError("not_on_trip", "Voter number {voter} had no ballot on this trip of box {box}.",
                                    voter=voter_id, box=box_id)
            for issued in ballots:
                _withdraw(conn, actor, place, issued, time, clock)
            withdrawn += len(ballots)
        expected = len(active) - withdrawn
        seq = append_issuance_event(conn, place, "mobile_return", actor.user, time, box_id=box_id,
                                    count=returned_count)
        result = MobileReturn(box_id, len(trip), withdrawn, len(trip) - len(active), expected,
                              returned_count, seq)
        audit(conn, actor, "mobile_box_returned", {"place": place, "seq": seq, "box": box_id,
                                                   "out": result.ballots_out, "unused": result.unused,
                                                   "undone": result.undone, "returned": returned_count,
                                                   "balanced": result.balanced}, clock)
    return result


def _withdraw(conn: sqlite3.Connection, actor: Actor, place: str, issued: sqlite3.Row, time: str,
              clock: Clock) -> None:
    """Withdraw a mobile ballot that came back unused: the voter may still vote in person."""
    seq = append_issuance_event(
        conn, place, "mobile_unused", actor.user, time, contest_id=issued["contest_id"],
        voter_id=issued["voter_id"], household_id=issued["household_id"], ballot_kind="mobile",
        box_id=issued["box_id"], reason="returned unused", ref_place=issued["place_code"], ref_seq=issued["seq"])
    conn.execute("DELETE FROM issuances WHERE contest_id = ? AND voter_id = ?",
                 (issued["contest_id"], issued["voter_id"]))
    audit(conn, actor, "issuance_undone", {"place": place, "seq": seq, "voter": issued["voter_id"],
                                           "box": issued["box_id"], "reason": "mobile ballot returned unused"},
          clock)
