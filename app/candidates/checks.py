"""Checking the nominations (提名审查): registration, competitive margins, a woman, relatives, committee members.

`check_nominations` reports problems; it refuses nothing. Candidates rejected at the qualification
review are left out of every check (they will not be on the ballot).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from app.candidates.nominations import CandidateRow, list_candidates, relation_label, relatives_among
from app.election.model import POSITIONS
from app.election.rules import RuleSet
from app.election.store import read_election
from app.i18n import tr


@dataclass(frozen=True)
class Problem:
    """One finding: where (community, contest, position or ""), a stable code and a sentence."""

    community: str
    contest: str
    position: str
    code: str
    message: str
    candidates: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return asdict(self)


def check_nominations(conn: sqlite3.Connection, community: str | None = None) -> list[Problem]:
    """Every problem of the nominations of all communities (or one), contest by contest."""
    rules = read_election(conn).rules
    # A further round (另行选举) takes the runoff candidates the count produced: nothing to nominate.
    where: str = " WHERE round = 1"
    params: tuple[object, ...] = ()
    if community is not None:
        where, params = " WHERE round = 1 AND community_code = ?", (community,)
    problems: list[Problem] = []
    for k in conn.execute(f"SELECT * FROM contests{where} ORDER BY community_code, rowid", params).fetchall():
        standing = [c for c in list_candidates(conn, contest=k["id"]) if c.review_status != "rejected"]
        problems += _registration(conn, k, standing)
        problems += _margins(conn, k, standing, rules)
        if k["kind"] == "committee":
            problems += _committee_size(conn, k, rules)
            if rules.require_woman:
                problems += _woman(conn, k, standing)
        problems += _relatives(conn, k, standing)
        problems += _committee_members(conn, k, standing)
    return problems


def _problem(k: sqlite3.Row, position: str, code: str, message: str, *ids: int) -> Problem:
    return Problem(k["community_code"], k["id"], position, code, message, tuple(ids))


def _registration(conn: sqlite3.Connection, k: sqlite3.Row, standing: list[CandidateRow]) -> list[Problem]:
    out = []
    seen: dict[int, CandidateRow] = {}
    for c in standing:
        if c.voter_id is None:
            out.append(_problem(k, c.position, "not_linked", tr(
                "{name} is not linked to the register: check that they are a registered voter.", name=c.name), c.id))
            continue
        if c.voter_id in seen:
            out.append(_problem(k, c.position, "stands_twice", tr(
                "{name} stands for two positions in the same election.", name=c.name), seen[c.voter_id].id, c.id))
        seen[c.voter_id] = c
        v = conn.execute("SELECT community_code, group_id, status FROM voters WHERE id = ?", (c.voter_id,)).fetchone()
        if v is None or v["status"] != "active" or v["community_code"] != k["community_code"]:
            out.append(_problem(k, c.position, "not_registered", tr(
                "{name} is not a registered voter of this community and cannot stand.", name=c.name), c.id))
        elif k["group_id"] is not None and v["group_id"] != k["group_id"]:
            out.append(_problem(k, c.position, "not_in_group", tr(
                "{name} does not belong to this resident group.", name=c.name), c.id))
    return out


def _margin_bounds(position: str, kind: str, rules: RuleSet) -> tuple[int, int | None]:
    """(least, most) candidates beyond the seats (差额) for a position."""
    if kind != "committee":
        return 1, None
    return {"director": (rules.margin_director, None), "deputy": (rules.margin_deputy, None),
            "member": (rules.margin_member_min, rules.margin_member_max)}.get(position, (1, None))


def _margins(conn: sqlite3.Connection, k: sqlite3.Row, standing: list[CandidateRow], rules: RuleSet) -> list[Problem]:
    out = []
    counts: dict[str, int] = defaultdict(int)
    for c in standing:
        counts[c.position] += 1
    for p in conn.execute("SELECT id, name, seats FROM positions WHERE contest_id = ? ORDER BY rank, rowid",
                          (k["id"],)):
        least, most = _margin_bounds(p["id"], k["kind"], rules)
        title = p["name"] or POSITIONS.get(p["id"], (0, p["id"]))[1]
        have, seats = counts[p["id"]], p["seats"]
        if have < seats + least:
            out.append(_problem(k, p["id"], "too_few_candidates", tr(
                "{position}: {have} candidates for {seats} seats; the competitive election needs at least {need}.",
                position=title, have=have, seats=seats, need=seats + least)))
        elif most is not None and have > seats + most:
            out.append(_problem(k, p["id"], "too_many_candidates", tr(
                "{position}: {have} candidates for {seats} seats; the rules allow at most {most}.",
                position=title, have=have, seats=seats, most=seats + most)))
    return out


def _committee_size(conn: sqlite3.Connection, k: sqlite3.Row, rules: RuleSet) -> list[Problem]:
    seats = conn.execute("SELECT COALESCE(SUM(seats), 0) FROM positions WHERE contest_id = ?", (k["id"],)).fetchone()[0]
    if rules.committee_min <= seats <= rules.committee_max:
        return []
    return [_problem(k, "", "committee_size", tr(
        "The committee has {seats} seats; the rules ask for {least} to {most}.",
        seats=seats, least=rules.committee_min, most=rules.committee_max))]


def _woman(conn: sqlite3.Connection, k: sqlite3.Row, standing: list[CandidateRow]) -> list[Problem]:
    """At least one woman on the committee: certain, at risk, or waiting for the review."""
    women = [c for c in standing if c.sex == "F"]
    if not women:
        return [_problem(k, "", "no_woman", tr(
            "No woman stands for the committee: it cannot include a woman as the rules require."))]
    passed = [c for c in women if c.review_status == "passed"]
    if not passed:
        return [_problem(k, "", "woman_not_yet_passed", tr(
            "No woman candidate has passed the qualification review yet: the committee may end up without a woman."),
            *(c.id for c in women))]
    seats = {r["id"]: r["seats"] for r in conn.execute("SELECT id, seats FROM positions WHERE contest_id = ?", (k["id"],))}
    by_position: dict[str, list[CandidateRow]] = defaultdict(list)
    for c in standing:
        by_position[c.position].append(c)
    # Every woman may lose when, in each position, the women are no more than the candidates who will not be elected.
    all_may_lose = all(
        sum(1 for c in cands if c.sex == "F") <= max(0, len(cands) - seats.get(pid, 0))
        for pid, cands in by_position.items())
    if all_may_lose:
        return [_problem(k, "", "woman_at_risk", tr(
            "Only {count} women stand and all of them could lose: the committee may end up without a woman."
            " Consider a further round (另行选举) or a woman candidate among the members.", count=len(women)),
            *(c.id for c in women))]
    return []


def _relatives(conn: sqlite3.Connection, k: sqlite3.Row, standing: list[CandidateRow]) -> list[Problem]:
    by_voter = {c.voter_id: c for c in standing if c.voter_id is not None}
    out = []
    related = set()
    for a, b, relation in relatives_among(conn, list(by_voter)):
        related.add((a, b))
        out.append(_problem(k, "", "relatives_standing", tr(
            "{first} and {second} are close relatives ({relation}) and stand for the same committee.",
            first=by_voter[a].name, second=by_voter[b].name, relation=relation_label(relation)),
            by_voter[a].id, by_voter[b].id))
    if not by_voter:
        return out
    marks = ",".join("?" * len(by_voter))
    households: dict[int, list[int]] = defaultdict(list)
    for r in conn.execute(f"SELECT id, household_id FROM voters WHERE id IN ({marks}) AND household_id IS NOT NULL"
                          " ORDER BY id", list(by_voter)):
        households[r["household_id"]].append(r["id"])
    for members in households.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if (a, b) not in related:
                    out.append(_problem(k, "", "same_household", tr(
                        "{first} and {second} live in the same household: check whether they are close relatives.",
                        first=by_voter[a].name, second=by_voter[b].name), by_voter[a].id, by_voter[b].id))
    return out


def _committee_members(conn: sqlite3.Connection, k: sqlite3.Row, standing: list[CandidateRow]) -> list[Problem]:
    members = conn.execute("SELECT voter_id, name FROM committee_members WHERE community_code = ?"
                           " AND status = 'serving'", (k["community_code"],)).fetchall()
    by_voter = {m["voter_id"] for m in members if m["voter_id"] is not None}
    unlinked = {m["name"] for m in members if m["voter_id"] is None}
    out = []
    for c in standing:
        if (c.voter_id is not None and c.voter_id in by_voter) or c.name in unlinked:
            out.append(_problem(k, c.position, "committee_member_standing", tr(
                "{name} is a member of the election committee and stands as a candidate: they must step down"
                " from the committee.", name=c.name), c.id))
    return out


def problems_by_contest(problems: list[Problem]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """{community: {contest: [problem, ...]}} for JSON output."""
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for p in problems:
        out.setdefault(p.community, {}).setdefault(p.contest, []).append(p.to_dict())
    return out
