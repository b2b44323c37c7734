"""The district-wide 不重 check: one person with ballots at two places, or registered in two communities.

Each problem has a stable key (from the keyed ID hash, never the ID number) so the district's decision on it,
kept in `district_problem_resolutions`, still applies after more packages come in.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from app.audit import SYSTEM, Clock, append_event, system_clock
from app.audit.log import HasActor
from app.auth import Action, require
from app.db import transaction
from app.district.imported import HeldBallots, held_ballots
from app.district.merge import ContestMerge
from app.errors import PollDeskError
from app.i18n import tr
from app.register.maintenance import find_cross_community_duplicates

SECOND_BALLOT = "second_ballot"
TWO_COMMUNITIES = "two_communities"
COUNTED_TWICE = "counted_twice"


@dataclass
class Problem:
    """One thing the district must look into, with whoever it concerns and the decision taken, if any."""

    key: str
    kind: str
    masked_id: str = ""
    names: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)       # voting places (second ballot) or communities
    resolution: str = ""
    resolved_by: str = ""
    communities: list[str] = field(default_factory=list)   # community codes it concerns

    @property
    def open(self) -> bool:
        """True until a resolution is recorded."""
        return not self.resolution

    def describe(self) -> str:
        """The problem in a sentence, in the user's language."""
        who = "、".join(dict.fromkeys(self.names)) or "-"
        where = "、".join(self.places)
        if self.kind == SECOND_BALLOT:
            return tr("{names} ({masked}) was issued ballots at {count} places: {places}.", names=who,
                      masked=self.masked_id, count=len(self.places), places=where)
        if self.kind == TWO_COMMUNITIES:
            return tr("{names} ({masked}) is registered in {count} communities: {places}.", names=who,
                      masked=self.masked_id, count=len(self.places), places=where)
        return tr("Ballot box {box} was certified at more than one place: {places}.", box=self.names[0],
                  places=where)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {"key": self.key, "kind": self.kind, "masked_id": self.masked_id, "names": self.names,
                "places": self.places, "open": self.open, "resolution": self.resolution,
                "resolved_by": self.resolved_by, "communities": self.communities,
                "description": self.describe()}


def find_problems(conn: sqlite3.Connection, merges: list[ContestMerge],
                  held: HeldBallots | None = None) -> list[Problem]:
    """Every problem found now, with the latest resolution recorded for each (sorted by key)."""
    held = held if held is not None else held_ballots(conn)
    found = _second_ballots(conn, held) + _two_communities(conn) + _counted_twice(merges)
    decisions = {r["problem_key"]: r for r in conn.execute(
        "SELECT * FROM district_problem_resolutions ORDER BY id")}
    for problem in found:
        decision = decisions.get(problem.key)
        if decision is not None:
            problem.resolution, problem.resolved_by = decision["resolution"], decision["resolved_by"]
    return sorted(found, key=lambda p: p.key)


def _second_ballots(conn: sqlite3.Connection, held: HeldBallots) -> list[Problem]:
    """People (by ID hash) holding more than one ballot of one kind of contest, across all places."""
    people = {r["id"]: r for r in conn.execute("SELECT id, id_hash, id_masked, name FROM voters")}
    kinds = {r["id"]: r["kind"] for r in conn.execute("SELECT id, kind FROM contests")}
    places = {r["code"]: r["name"] for r in conn.execute("SELECT code, name FROM voting_places")}
    community_of = {r["code"]: r["community_code"] for r in conn.execute("SELECT code, community_code FROM"
                                                                          " voting_places")}
    ballots: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for e in held.active + held.second:
        voter = people.get(e["voter_id"])
        if voter is not None:
            ballots.setdefault((voter["id_hash"], kinds.get(e["contest_id"], "")), []).append(e)
    problems: dict[str, Problem] = {}
    for (id_hash, _), events in sorted(ballots.items()):
        if len(events) < 2:
            continue
        first = people[events[0]["voter_id"]]
        problem = problems.setdefault(id_hash, Problem(f"{SECOND_BALLOT}:{id_hash[:16]}", SECOND_BALLOT,
                                                       first["id_masked"]))
        for e in events:
            problem.names.append(people[e["voter_id"]]["name"])
            place = places.get(e["place_code"], e["place_code"])
            if place not in problem.places:
                problem.places.append(place)
            community = community_of.get(e["place_code"], "")
            if community not in problem.communities:
                problem.communities.append(community)
    return list(problems.values())


def _two_communities(conn: sqlite3.Connection) -> list[Problem]:
    return [Problem(f"{TWO_COMMUNITIES}:{d.id_hash[:16]}", TWO_COMMUNITIES, d.id_masked,
                    [str(r["name"]) for r in d.registrations],
                    list(dict.fromkeys(str(r["community_name"]) for r in d.registrations)),
                    communities=list(dict.fromkeys(str(r["community"]) for r in d.registrations)))
            for d in find_cross_community_duplicates(conn)]


def _counted_twice(merges: list[ContestMerge]) -> list[Problem]:
    return [Problem(f"{COUNTED_TWICE}:{m.contest_id}:{box}", COUNTED_TWICE, "", [box], m.stations,
                    communities=[m.community])
            for m in merges for box in m.counted_twice]


def resolve_problem(conn: sqlite3.Connection, key: str, resolution: str, *, session: HasActor | None = None,
                    clock: Clock = system_clock) -> None:
    """Record how the district resolved a problem (the latest record counts; earlier ones stay)."""
    if session is not None:
        require(session, Action.LOCK_DISTRICT_RESULTS)
    if not resolution.strip():
        raise PollDeskError("resolution_empty", "Write down how the problem was resolved.")
    actor = session or SYSTEM
    with transaction(conn):
        if conn.execute("SELECT 1 FROM district_results_lock").fetchone() is not None:
            raise PollDeskError("results_locked", "The district results are locked as official: nothing more "
                                "can be changed.")
        conn.execute("INSERT INTO district_problem_resolutions(problem_key, resolution, resolved_by, resolved_at)"
                     " VALUES (?,?,?,?)", (key, resolution.strip(), actor.user, clock().isoformat(timespec="seconds")))
        append_event(conn, actor, "duplicate_resolved", {"problem": key, "note": resolution.strip()}, clock=clock)
