"""Nominating candidates (提名) from the register, withdrawing them, and recording close relatives (近亲属)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from app.audit.log import HasActor
from app.auth.roles import Action, require
from app.candidates.audit import record
from app.db import transaction
from app.errors import PollDeskError
from app.i18n import tr

RELATIONS = ("spouse", "parent_child", "sibling", "grandparent", "in_law", "other")


@dataclass(frozen=True)
class CandidateRow:
    """A stored candidate with where they stand and the review outcome."""

    id: int
    community: str
    contest: str
    position: str
    name: str
    sex: str
    birth_date: str | None
    party: str
    education: str
    voter_id: int | None
    review_status: str
    review_reason: str


def relation_label(relation: str) -> str:
    """配偶, 父母子女, 兄弟姐妹 ..."""
    return {
        "spouse": tr("spouse"), "parent_child": tr("parent and child"), "sibling": tr("siblings"),
        "grandparent": tr("grandparent and grandchild"), "in_law": tr("in-laws"), "other": tr("close relative"),
    }[relation]


def nominate(conn: sqlite3.Connection, session: HasActor, contest_id: str, position_id: str, voter_id: int,
             *, party: str = "", education: str = "", incumbent: bool = False) -> CandidateRow:
    """Nominate a registered voter for a position; name, sex and birth date come from the register."""
    require(session, Action.MANAGE_CANDIDATES)
    with transaction(conn):
        place = conn.execute("SELECT k.community_code FROM positions p JOIN contests k ON k.id = p.contest_id"
                             " WHERE p.contest_id = ? AND p.id = ?", (contest_id, position_id)).fetchone()
        if place is None:
            raise PollDeskError("unknown_position", "Contest {contest} has no position {position}.",
                                contest=contest_id, position=position_id)
        voter = conn.execute("SELECT * FROM voters WHERE id = ?", (voter_id,)).fetchone()
        if voter is None or voter["status"] != "active" or voter["community_code"] != place[0]:
            raise PollDeskError("not_a_voter", "Voter {voter} is not a registered voter of this community;"
                                " only registered voters can stand.", voter=voter_id)
        if conn.execute("SELECT 1 FROM candidates WHERE contest_id = ? AND voter_id = ?",
                        (contest_id, voter_id)).fetchone():
            raise PollDeskError("already_nominated", "{name} already stands in this contest.", name=voter["name"])
        cur = conn.execute(
            "INSERT INTO candidates(contest_id, position_id, voter_id, name, sex, birth_date, ethnicity, party,"
            " education, incumbent) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (contest_id, position_id, voter_id, voter["name"], voter["sex"], voter["birth_date"],
             voter["ethnicity"], party, education, int(incumbent)))
        candidate_id = int(cur.lastrowid or 0)
        record(conn, session, "candidate_nominated",
               {"candidate": candidate_id, "contest": contest_id, "position": position_id})
    return candidate(conn, candidate_id)


def withdraw(conn: sqlite3.Connection, session: HasActor, candidate_id: int, reason: str) -> None:
    """A candidate withdraws (or the nomination is taken back) before the ballots are printed."""
    require(session, Action.MANAGE_CANDIDATES)
    if not reason.strip():
        raise PollDeskError("reason_needed", "Give the reason.")
    with transaction(conn):
        row = candidate(conn, candidate_id)
        conn.execute("DELETE FROM candidate_reviews WHERE candidate_id = ?", (candidate_id,))
        conn.execute("DELETE FROM candidates WHERE id = ?", (candidate_id,))
        record(conn, session, "candidate_withdrawn",
               {"candidate": candidate_id, "contest": row.contest, "reason": reason.strip()})


def candidate(conn: sqlite3.Connection, candidate_id: int) -> CandidateRow:
    """One candidate by id."""
    rows = _select(conn, "c.id = ?", (candidate_id,))
    if not rows:
        raise PollDeskError("unknown_candidate", "There is no candidate {candidate}.", candidate=candidate_id)
    return rows[0]


def list_candidates(conn: sqlite3.Connection, *, community: str | None = None,
                    contest: str | None = None) -> list[CandidateRow]:
    """Candidates by community, contest, position rank, then nomination order."""
    where, params = ["1 = 1"], []
    if community is not None:
        where.append("k.community_code = ?")
        params.append(community)
    if contest is not None:
        where.append("c.contest_id = ?")
        params.append(contest)
    return _select(conn, " AND ".join(where), tuple(params))


def _select(conn: sqlite3.Connection, where: str, params: tuple[object, ...]) -> list[CandidateRow]:
    rows = conn.execute(
        "SELECT c.*, k.community_code FROM candidates c JOIN contests k ON k.id = c.contest_id"
        " JOIN positions p ON p.contest_id = c.contest_id AND p.id = c.position_id"
        f" WHERE {where} ORDER BY k.community_code, k.rowid, p.rank, p.rowid, c.id", params)
    return [CandidateRow(r["id"], r["community_code"], r["contest_id"], r["position_id"], r["name"], r["sex"],
                         r["birth_date"], r["party"], r["education"], r["voter_id"], r["review_status"],
                         r["review_reason"]) for r in rows]


def age_on(birth_date: str | None, day: date) -> int | None:
    """Age in whole years on `day` (None when the birth date is unknown)."""
    if not birth_date:
        return None
    born = date.fromisoformat(birth_date)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def record_relatives(conn: sqlite3.Connection, session: HasActor, voter_a: int, voter_b: int,
                     relation: str) -> None:
    """Record that two voters are close relatives (配偶, 父母子女, 兄弟姐妹 ...)."""
    require(session, Action.MANAGE_CANDIDATES)
    if relation not in RELATIONS:
        raise PollDeskError("bad_relation", "A relation is one of {choices}.", choices=", ".join(RELATIONS))
    if voter_a == voter_b:
        raise PollDeskError("same_person", "A person is not their own relative.")
    a, b = sorted((voter_a, voter_b))
    with transaction(conn):
        conn.execute("INSERT INTO relatives(voter_a, voter_b, relation) VALUES (?,?,?)"
                     " ON CONFLICT(voter_a, voter_b) DO UPDATE SET relation = excluded.relation", (a, b, relation))
        record(conn, session, "relatives_recorded", {"voters": [a, b], "relation": relation})


def relatives_among(conn: sqlite3.Connection, voter_ids: list[int]) -> list[tuple[int, int, str]]:
    """The recorded relative pairs (a, b, relation) with both voters in `voter_ids`."""
    if len(voter_ids) < 2:
        return []
    marks = ",".join("?" * len(voter_ids))
    return [(r[0], r[1], r[2]) for r in conn.execute(
        f"SELECT voter_a, voter_b, relation FROM relatives WHERE voter_a IN ({marks}) AND voter_b IN ({marks})"
        " ORDER BY voter_a, voter_b", (*voter_ids, *voter_ids))]
