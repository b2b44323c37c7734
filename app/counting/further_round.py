"""A further round (另行选举): a new contest for the seats a certified round left unfilled.

The chief creates it at the station once the round is certified with seats unfilled. It is a contest row of
its own (`<contest>-r2`, `round` 2, `parent_contest` the round it continues) in the same community, so the
poll book, the count, certification and the printed papers work on it as on any contest. Each position with
unfilled seats is copied with `seats` = the seats unfilled, and its candidates are the certified outcome's
`runoff_candidates` of that position (the best non-elected, one more than the seats, ties at the cut
included). A candidate of round 1 keeps the row that passed the qualification review; a write-in (另选他人)
who got into the further round by votes is added with a note, their details taken from the contest's
candidates or the community's register (or given by the chief when neither tells them apart). Its winners
need the most votes and at least one third of that round's ballots (`runoff_fraction`), which
`app.counting.certify` applies by the contest's round.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from typing import Any

from app.audit import Clock, append_event, system_clock
from app.audit.log import HasActor
from app.auth import Action, require
from app.counting.certify import certified_result
from app.counting.store import contest_row
from app.db import transaction
from app.errors import PollDeskError

_ROUND_SUFFIX = re.compile(r"-r\d+$")
_NAME_SUFFIX = re.compile(r"（另行选举[^）]*）$")
_COPIED = ("voter_id", "name", "sex", "birth_date", "ethnicity", "party", "education", "incumbent")


class FurtherRoundError(PollDeskError):
    """A further round that cannot be created as asked."""


def further_round_name(name: str, round_no: int) -> str:
    """The further round's contest name: the first round's name with 「（另行选举·第N轮）」."""
    return f"{_NAME_SUFFIX.sub('', name)}（另行选举·第{round_no}轮）"


def further_round_of(conn: sqlite3.Connection, contest_id: str) -> str | None:
    """The id of the further round created for a contest, or None."""
    row = conn.execute("SELECT id FROM contests WHERE parent_contest = ? ORDER BY id", (contest_id,)).fetchone()
    return str(row[0]) if row else None


def _unfilled_positions(conn: sqlite3.Connection, contest_id: str) -> list[dict[str, Any]]:
    """The certified outcome's positions with seats unfilled and someone to stand; refused when there are none."""
    result = certified_result(conn, contest_id)
    if result is None:
        raise FurtherRoundError("not_certified", "The results of {contest} are not certified yet: the station chief "
                                "certifies them first.", contest=contest_id)
    outcome = result.data["outcome"]
    if not (outcome["valid_round"] and outcome["quorum_met"]):
        raise FurtherRoundError("round_void", "The count of {contest} is void or its quorum was not met: the whole "
                                "election must be held again, not a further round.", contest=contest_id)
    positions = [p for p in outcome["positions"] if p["unfilled"] > 0 and p["runoff_candidates"]]
    if not positions:
        raise FurtherRoundError("nothing_unfilled", "Every seat of {contest} is filled: there is no further round "
                                "to hold.", contest=contest_id)
    return positions


def create_further_round(conn: sqlite3.Connection, session: HasActor, contest_id: str,
                         write_ins: Mapping[str, str] | None = None, clock: Clock = system_clock) -> str:
    """The chief creates the further round of a certified contest with unfilled seats; returns its contest id.

    `write_ins` gives the sex ("M"/"F") of a write-in runoff candidate whom neither the contest's candidates
    nor the register name exactly once.
    """
    require(session, Action.CERTIFY_RESULTS)
    parent = contest_row(conn, contest_id)
    positions = _unfilled_positions(conn, contest_id)
    round_no = int(parent["round"]) + 1
    new_id = f"{_ROUND_SUFFIX.sub('', contest_id)}-r{round_no}"
    with transaction(conn):
        existing = further_round_of(conn, contest_id)
        if existing is not None or conn.execute("SELECT 1 FROM contests WHERE id = ?", (new_id,)).fetchone():
            raise FurtherRoundError("further_round_exists", "The further round of {contest} has already been "
                                    "created: {further}.", contest=contest_id, further=existing or new_id)
        conn.execute("INSERT INTO contests(id, community_code, kind, form, group_id, name, round, parent_contest)"
                     " VALUES (?,?,?,?,?,?,?,?)",
                     (new_id, parent["community_code"], parent["kind"], parent["form"], parent["group_id"],
                      further_round_name(parent["name"], round_no), round_no, contest_id))
        standing: dict[str, list[str]] = {}
        for p in positions:
            rank, title = conn.execute("SELECT rank, name FROM positions WHERE contest_id = ? AND id = ?",
                                       (contest_id, p["id"])).fetchone()
            conn.execute("INSERT INTO positions(contest_id, id, name, seats, rank) VALUES (?,?,?,?,?)",
                         (new_id, p["id"], title, p["unfilled"], rank))
            for name in p["runoff_candidates"]:
                _add_candidate(conn, parent, new_id, p, name, round_no, write_ins or {})
            standing[p["id"]] = list(p["runoff_candidates"])
        append_event(conn, session, "further_round_created",
                     {"contest": contest_id, "further_round": new_id, "round": round_no,
                      "seats": {p["id"]: p["unfilled"] for p in positions}, "candidates": standing}, clock=clock)
    return new_id


def _add_candidate(conn: sqlite3.Connection, parent: sqlite3.Row, new_id: str, position: Mapping[str, Any],
                   name: str, round_no: int, write_ins: Mapping[str, str]) -> None:
    """Copy the round-1 candidate who passed review; else add the write-in with a note."""
    row = conn.execute("SELECT * FROM candidates WHERE contest_id = ? AND position_id = ? AND name = ?"
                       " AND review_status = 'passed' ORDER BY id", (parent["id"], position["id"], name)).fetchone()
    note = ""
    if row is not None:
        values = {c: row[c] for c in _COPIED}
    else:
        values = _write_in_details(conn, parent, name, write_ins)
        note = f"另选他人：第{round_no - 1}轮得{position['votes'].get(name, 0)}票，依票数进入另行选举"
    conn.execute(f"INSERT INTO candidates(contest_id, position_id, {', '.join(_COPIED)}, review_status,"
                 f" review_reason) VALUES (?, ?, {', '.join('?' * len(_COPIED))}, 'passed', ?)",
                 (new_id, position["id"], *(values[c] for c in _COPIED), note))


def _write_in_details(conn: sqlite3.Connection, parent: sqlite3.Row, name: str,
                      write_ins: Mapping[str, str]) -> dict[str, Any]:
    """A write-in's details: a passed candidate of the contest, else the one voter of that name, else the chief's."""
    row = conn.execute("SELECT * FROM candidates WHERE contest_id = ? AND name = ? AND review_status = 'passed'"
                       " ORDER BY id", (parent["id"], name)).fetchone()
    if row is not None:
        return {c: row[c] for c in _COPIED}
    voters = conn.execute("SELECT id, sex, birth_date FROM voters WHERE community_code = ? AND name = ?"
                          " AND status = 'active'", (parent["community_code"], name)).fetchall()
    details: dict[str, Any] = {"voter_id": None, "name": name, "sex": None, "birth_date": None, "ethnicity": "汉族",
                               "party": "", "education": "", "incumbent": 0}
    if len(voters) == 1:
        details.update(voter_id=voters[0]["id"], sex=voters[0]["sex"], birth_date=voters[0]["birth_date"])
    if name in write_ins:
        details["sex"] = write_ins[name]
    if details["sex"] not in ("M", "F"):
        raise FurtherRoundError("write_in_details", "{name} was written in and stands in the further round, but the "
                                "register does not name them exactly once: give their sex (M or F).", name=name)
    return details
