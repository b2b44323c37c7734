"""Ballots received and turnout (投票情况): issued by place, kind and hour; received, issued, spoilt, unused."""

from __future__ import annotations

import sqlite3
from typing import Any

from app.audit import Clock, system_clock
from app.auth import Action
from app.errors import PollDeskError
from app.pollbook.eligibility import find_contest
from app.pollbook.record import (
    Actor,
    append_issuance_event,
    audit,
    check_permission,
    durable_transaction,
    iso_time,
    station_place,
)
from app.pollbook.state import poll_state, require_state

_ISSUING = "('issue', 'mobile_out')"
_WITHDRAWING = "('undo', 'mobile_unused')"


def receive_ballots(conn: sqlite3.Connection, actor: Actor, contest_id: str | None, count: int,
                    clock: Clock = system_clock) -> int:
    """Record blank ballots of a contest received by the station (before or during the poll)."""
    check_permission(actor, Action.OPEN_POLL)
    if count <= 0:
        raise PollDeskError("bad_count", "The number of ballots received must be at least 1.")
    place = station_place(conn)
    with durable_transaction(conn):
        require_state(conn, "setup", "open")
        contest = find_contest(conn, place, contest_id)
        seq = append_issuance_event(conn, place, "receive", actor.user, iso_time(clock),
                                    contest_id=contest["id"], count=count)
        audit(conn, actor, "ballots_received", {"place": place, "seq": seq, "contest": contest["id"],
                                                "count": count}, clock)
    return seq


def _electorate(conn: sqlite3.Connection, contest: sqlite3.Row) -> int:
    """Voters (or households, for a household contest) taking part in a contest."""
    what = "COUNT(DISTINCT household_id)" if contest["form"] == "household" else "COUNT(*)"
    sql = f"SELECT {what} FROM voters WHERE status = 'active' AND community_code = ?"
    params: list[Any] = [contest["community_code"]]
    if contest["group_id"] is not None:
        sql += " AND group_id = ?"
        params.append(contest["group_id"])
    return int(conn.execute(sql, params).fetchone()[0])


def _counts(conn: sqlite3.Connection, sql: str, contest_id: str) -> dict[str, int]:
    return {str(r[0]): int(r[1]) for r in conn.execute(sql, (contest_id,))}


def _event_count(conn: sqlite3.Connection, contest_id: str, events: str, column: str = "COUNT(*)") -> int:
    row = conn.execute(f"SELECT COALESCE({column}, 0) FROM issuance_events WHERE contest_id = ? AND event IN"
                       f" {events}", (contest_id,)).fetchone()
    return int(row[0])


def contest_turnout(conn: sqlite3.Connection, contest: sqlite3.Row) -> dict[str, Any]:
    """One contest's figures: electorate, ballots received/issued/spoilt/unused, issued by place, kind, hour."""
    cid = contest["id"]
    received = _event_count(conn, cid, "('receive')", "SUM(count)")
    issued = int(conn.execute("SELECT COUNT(*) FROM issuances WHERE contest_id = ?", (cid,)).fetchone()[0])
    spoilt = _event_count(conn, cid, "('spoil_exchange')")
    electorate = _electorate(conn, contest)
    return {
        "name": contest["name"],
        "form": contest["form"],
        "electorate": electorate,
        "received": received,
        "issued": issued,
        "spoilt": spoilt,
        "unused": received - issued - spoilt,
        "issuing_events": _event_count(conn, cid, _ISSUING),
        "withdrawn": _event_count(conn, cid, _WITHDRAWING),
        "turnout_percent": round(100 * issued / electorate, 1) if electorate else 0.0,
        # a mobile ballot counts for the mobile box's place, where it was cast
        "by_place": _counts(conn, "SELECT CASE WHEN i.kind = 'mobile' THEN b.place_code ELSE i.place_code END AS p,"
                                  " COUNT(*) FROM issuances i LEFT JOIN ballot_boxes b ON b.id = i.box_id"
                                  " WHERE i.contest_id = ? GROUP BY p ORDER BY p", cid),
        "by_kind": _counts(conn, "SELECT kind, COUNT(*) FROM issuances WHERE contest_id = ? GROUP BY kind"
                                 " ORDER BY kind", cid),
        "by_hour": _counts(conn, "SELECT substr(time, 12, 2) AS h, COUNT(*) FROM issuances WHERE contest_id = ?"
                                 " GROUP BY h ORDER BY h", cid),
        "by_box": _counts(conn, "SELECT box_id, COUNT(*) FROM issuances WHERE contest_id = ? GROUP BY box_id"
                                " ORDER BY box_id", cid),
    }


def turnout(conn: sqlite3.Connection) -> dict[str, Any]:
    """Turnout of this file: its place and poll state, and per contest the figures of `contest_turnout`."""
    place = conn.execute("SELECT value FROM file_meta WHERE key = 'place_code'").fetchone()
    contests = conn.execute("SELECT * FROM contests ORDER BY id").fetchall()
    if place is not None:
        community = conn.execute("SELECT community_code FROM voting_places WHERE code = ?", (place[0],)).fetchone()
        contests = [c for c in contests if community is None or c["community_code"] == community[0]]
    return {
        "place": place[0] if place else None,
        "state": poll_state(conn),
        "contests": {c["id"]: contest_turnout(conn, c) for c in contests},
    }
