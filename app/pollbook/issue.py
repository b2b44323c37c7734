"""Issuing a ballot (发放选票), exchanging a spoilt one and undoing an issuance, each one durable transaction."""

from __future__ import annotations

import sqlite3
import unicodedata
from dataclasses import dataclass

from app.audit import Clock, system_clock
from app.auth import Action
from app.election.store import read_election
from app.errors import PollDeskError
from app.pollbook.eligibility import (
    active_issuance,
    check_in_contest,
    check_not_certified,
    check_not_issued,
    check_place,
    find_contest,
    find_voter,
)
from app.pollbook.proxy import check_proxy
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

BALLOT_KINDS = ("in_person", "proxy", "mobile", "household")
_ACTION = {"in_person": Action.ISSUE_BALLOT, "household": Action.ISSUE_BALLOT,
           "proxy": Action.ISSUE_PROXY, "mobile": Action.ISSUE_MOBILE}
_AUDIT = {"in_person": "ballot_issued", "household": "ballot_issued",
          "proxy": "proxy_ballot_issued", "mobile": "mobile_ballot_issued"}


@dataclass(frozen=True)
class IssueResult:
    """A ballot issued and on disk: whose, for which contest, how, where, by whom, under which event."""

    voter_id: int
    voter_name: str
    contest_id: str
    kind: str
    place_code: str
    seq: int
    box_id: str
    clerk: str
    time: str
    proxy_voter_id: int | None = None
    authorised_by: str | None = None


@dataclass(frozen=True)
class BallotRequest:
    """One ballot to issue, as checked inside the write transaction."""

    voter_id: int
    contest_id: str | None
    kind: str
    proxy_id: int | None = None
    auth_no: str | None = None
    box_id: str | None = None
    relative: bool = False


def issue_ballot(conn: sqlite3.Connection, actor: Actor, voter_id: int, contest_id: str | None = None,
                 kind: str | None = None, proxy_for: int | None = None, auth_no: str | None = None,
                 box_id: str | None = None, *, override_by: Actor | None = None, relative: bool = False,
                 clock: Clock = system_clock) -> IssueResult:
    """Issue one ballot to `voter_id`, or to `voter_id` as proxy for `proxy_for`; refused with a PollDeskError.

    The ballot is on disk (event, derived state and audit entry in one transaction) when this returns.
    """
    auth_no = unicodedata.normalize("NFKC", auth_no).strip() if auth_no else auth_no
    if proxy_for is not None:
        kind = kind or "proxy"
        request = BallotRequest(proxy_for, contest_id, kind, voter_id, auth_no, box_id, relative)
    else:
        if kind is None and box_id is None:
            box_id = _own_mobile_box(conn)   # at a mobile place's desk its box is the one meant
        request = BallotRequest(voter_id, contest_id, kind or _kind_of_box(conn, box_id), None, None, box_id)
    if request.kind not in BALLOT_KINDS or (request.kind == "proxy") != (proxy_for is not None):
        raise PollDeskError("bad_ballot_kind", "Unknown way of issuing a ballot: {kind}.", kind=request.kind)
    check_permission(actor, _ACTION[request.kind])
    place = station_place(conn)
    with durable_transaction(conn):
        return issue_in_transaction(conn, actor, place, request, override_by, clock)


def _kind_of_box(conn: sqlite3.Connection, box_id: str | None) -> str:
    """The way of issuing a ballot named by its box alone: "mobile" for a mobile box (流动票箱), else in person."""
    if box_id is not None and conn.execute("SELECT 1 FROM ballot_boxes WHERE id = ? AND kind = 'mobile'",
                                           (box_id,)).fetchone():
        return "mobile"
    return "in_person"


def _own_mobile_box(conn: sqlite3.Connection) -> str | None:
    """The box of a mobile place's file (a place with a mobile box and no fixed one), else None."""
    rows = conn.execute("SELECT b.id, b.kind FROM ballot_boxes b JOIN file_meta m ON m.key = 'place_code'"
                        " AND m.value = b.place_code ORDER BY b.id").fetchall()
    if rows and all(r["kind"] == "mobile" for r in rows):
        return str(rows[0]["id"])
    return None


def issue_in_transaction(conn: sqlite3.Connection, actor: Actor, place: str, request: BallotRequest,
                         override_by: Actor | None, clock: Clock) -> IssueResult:
    """Check and record one ballot inside the caller's write transaction."""
    require_state(conn, "open")
    voter = find_voter(conn, request.voter_id)
    contest = find_contest(conn, place, request.contest_id)
    check_not_certified(conn, contest)
    check_in_contest(voter, contest)
    household = contest["form"] == "household"
    kind = "household" if household and request.kind == "in_person" else request.kind
    if kind == "household" and not household:
        raise PollDeskError("bad_ballot_kind", "Unknown way of issuing a ballot: {kind}.", kind=kind)
    check_not_issued(conn, voter, contest)
    box = _box(conn, place, kind, request.box_id)
    overridden = check_place(conn, voter, (place, box["place_code"]), override_by)
    proxy_id = None
    if kind == "proxy":
        proxy_id = int(check_proxy(conn, read_election(conn).rules, int(request.proxy_id or 0), voter,
                                   request.auth_no, request.relative)["id"])
    time = iso_time(clock)
    authorised_by = override_by.user if overridden and override_by is not None else None
    household_id = voter["household_id"] if household else None
    event = "mobile_out" if kind == "mobile" else "issue"
    seq = append_issuance_event(
        conn, place, event, actor.user, time, contest_id=contest["id"], voter_id=voter["id"],
        household_id=household_id, ballot_kind=kind, proxy_voter_id=proxy_id, auth_no=request.auth_no,
        box_id=box["id"], authorised_by=authorised_by)
    conn.execute("INSERT INTO issuances(contest_id, voter_id, household_id, kind, proxy_voter_id, auth_no, box_id,"
                 " place_code, seq, clerk, time) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                 (contest["id"], voter["id"], household_id, kind, proxy_id, request.auth_no, box["id"], place,
                  seq, actor.user, time))
    details = {"place": place, "seq": seq, "contest": contest["id"], "voter": voter["id"], "kind": kind,
               "box": box["id"]}
    if proxy_id is not None:
        details.update(proxy=proxy_id, auth_no=request.auth_no, relative=request.relative)
    audit(conn, actor, _AUDIT[kind], details, clock)
    if authorised_by is not None and override_by is not None:
        audit(conn, override_by, "override_by_chief",
              {"place": place, "seq": seq, "voter": voter["id"], "exception": "other_place"}, clock)
    return IssueResult(voter["id"], voter["name"], contest["id"], kind, place, seq, box["id"], actor.user, time,
                       proxy_id, authorised_by)


def _box(conn: sqlite3.Connection, place: str, kind: str, box_id: str | None) -> sqlite3.Row:
    """The ballot box the ballot goes to: a mobile box for a mobile ballot, else this place's box."""
    if box_id is None and kind != "mobile":
        row = conn.execute("SELECT * FROM ballot_boxes WHERE place_code = ? AND kind = 'fixed' ORDER BY id",
                           (place,)).fetchone()
        if row is None:
            raise PollDeskError("no_ballot_box", "This voting place has no ballot box in the election setup.")
        return row
    wanted = "mobile" if kind == "mobile" else "fixed"
    row = conn.execute(
        "SELECT b.* FROM ballot_boxes b JOIN voting_places p ON p.code = b.place_code"
        " WHERE b.id = ? AND b.kind = ? AND (b.place_code = ? OR (b.kind = 'mobile' AND p.community_code ="
        " (SELECT community_code FROM voting_places WHERE code = ?)))", (box_id, wanted, place, place)).fetchone()
    if row is None:
        if wanted == "mobile":
            raise PollDeskError("box_unknown", "There is no mobile ballot box {box} here.", box=box_id or "-")
        raise PollDeskError("box_unknown", "There is no ballot box {box} here.", box=box_id or "-")
    return row


def undo_issuance(conn: sqlite3.Connection, actor: Actor, voter_id: int, contest_id: str | None = None,
                  reason: str = "", clock: Clock = system_clock) -> int:
    """Undo a voter's active ballot (chief only, with a reason): a new event; returns its sequence number."""
    check_permission(actor, Action.UNDO_ISSUANCE)
    if not reason.strip():
        raise PollDeskError("reason_required", "Give the reason for undoing this ballot issuance.")
    place = station_place(conn)
    with durable_transaction(conn):
        require_state(conn, "open")
        voter = find_voter(conn, voter_id)
        contest = find_contest(conn, place, contest_id)
        check_not_certified(conn, contest)
        issued = active_issuance(conn, voter, contest)
        seq = append_issuance_event(
            conn, place, "undo", actor.user, iso_time(clock), contest_id=contest["id"], voter_id=voter["id"],
            household_id=issued["household_id"], ballot_kind=issued["kind"], box_id=issued["box_id"],
            reason=reason.strip(), ref_place=issued["place_code"], ref_seq=issued["seq"])
        conn.execute("DELETE FROM issuances WHERE contest_id = ? AND voter_id = ?", (contest["id"], voter["id"]))
        audit(conn, actor, "issuance_undone", {"place": place, "seq": seq, "contest": contest["id"],
                                               "voter": voter["id"], "undone": [issued["place_code"],
                                                                                issued["seq"]],
                                               "reason": reason.strip()}, clock)
    return seq


def spoil_exchange(conn: sqlite3.Connection, actor: Actor, voter_id: int, contest_id: str | None = None,
                   reason: str = "", clock: Clock = system_clock) -> int:
    """A spoilt ballot handed back is voided and kept, and a new one issued; returns the event's number."""
    check_permission(actor, Action.SPOIL_BALLOT)
    place = station_place(conn)
    with durable_transaction(conn):
        require_state(conn, "open")
        voter = find_voter(conn, voter_id)
        contest = find_contest(conn, place, contest_id)
        check_not_certified(conn, contest)
        issued = active_issuance(conn, voter, contest)
        seq = append_issuance_event(
            conn, place, "spoil_exchange", actor.user, iso_time(clock), contest_id=contest["id"],
            voter_id=voter["id"], household_id=issued["household_id"], ballot_kind=issued["kind"],
            box_id=issued["box_id"], reason=reason.strip(), ref_place=issued["place_code"], ref_seq=issued["seq"])
        audit(conn, actor, "ballot_spoilt", {"place": place, "seq": seq, "contest": contest["id"],
                                             "voter": voter["id"]}, clock)
    return seq
