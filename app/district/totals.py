"""District totals (全区汇总): voters, ballots by place kind, turnout, members elected and who they are."""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.district.imported import HeldBallots
from app.district.merge import ELECTED, FURTHER_ROUND, ContestMerge

ONE_ROUND, ANOTHER_ROUND, NOT_DONE = "one_round", "another_round", "not_done"
AFTER_FURTHER_ROUND = "after_further_round"   # every seat filled, some by a further round (另行选举)
AGE_BANDS = ((35, "35_and_under"), (45, "36_45"), (55, "46_55"), (200, "56_and_over"))
PLACE_KINDS = ("central", "station", "mobile", "proxy")


@dataclass(frozen=True)
class ElectedMember:
    """Someone elected to a community committee, with what the district reports about them."""

    community: str
    position: str
    name: str
    sex: str             # M, F or "" (a write-in the district has no record of)
    age: int | None
    ethnicity: str
    party: str
    education: str
    incumbent: bool


@dataclass
class CommunityResult:
    """One community's figures: its committee electorate, ballots, turnout, result and state."""

    code: str
    name: str
    electorate: int = 0
    issued: int = 0
    collected: int = 0
    state: str = NOT_DONE
    elected: list[ElectedMember] = field(default_factory=list)

    @property
    def turnout_percent(self) -> float:
        """Ballots collected as a share of the electorate, one decimal."""
        return round(100 * self.collected / self.electorate, 1) if self.electorate else 0.0


@dataclass
class DistrictTotals:
    """The figures of the seed's "basic situation" (基本情况), generated from the data."""

    registered: int
    unit_representatives: int
    group_leaders: int
    communities: list[CommunityResult]
    ballots_by_place_kind: dict[str, int]
    household_ballots: int
    members: list[ElectedMember]

    @property
    def issued(self) -> int:
        """Committee ballots issued in the district."""
        return sum(self.ballots_by_place_kind.values())

    @property
    def collected(self) -> int:
        """Committee ballots collected (counted) in the district."""
        return sum(c.collected for c in self.communities)

    @property
    def electorate(self) -> int:
        """Voters of the committee elections, summed over communities."""
        return sum(c.electorate for c in self.communities)

    @property
    def turnout_percent(self) -> float:
        """Ballots collected as a share of the committee electorate, one decimal."""
        return round(100 * self.collected / self.electorate, 1) if self.electorate else 0.0

    def count_by(self, attribute: str) -> dict[str, int]:
        """Members elected counted by position, sex, age_band, ethnicity, party, education or incumbent."""
        if attribute == "age_band":
            return dict(Counter(age_band(m.age) for m in self.members))
        return dict(Counter(str(getattr(m, attribute)) for m in self.members))

    def communities_in(self, state: str) -> list[CommunityResult]:
        """Communities done in one round, needing another round, or not done."""
        return [c for c in self.communities if c.state == state]

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {"registered": self.registered, "unit_representatives": self.unit_representatives,
                "group_leaders": self.group_leaders, "issued": self.issued, "collected": self.collected,
                "electorate": self.electorate, "turnout_percent": self.turnout_percent,
                "ballots_by_place_kind": self.ballots_by_place_kind, "household_ballots": self.household_ballots,
                "members": len(self.members),
                **{f"by_{a}": self.count_by(a) for a in ("position", "sex", "age_band", "ethnicity", "party",
                                                         "education", "incumbent")},
                "communities": {s: [c.code for c in self.communities_in(s)]
                                for s in (ONE_ROUND, AFTER_FURTHER_ROUND, ANOTHER_ROUND, NOT_DONE)},
                "per_community": [{"code": c.code, "name": c.name, "electorate": c.electorate, "issued": c.issued,
                                   "collected": c.collected, "turnout_percent": c.turnout_percent,
                                   "state": c.state, "elected": [[m.position, m.name] for m in c.elected]}
                                  for c in self.communities]}


def age_band(age: int | None) -> str:
    """The report's age band of an age (unknown when the birth date is not recorded)."""
    if age is None:
        return "unknown"
    return next(band for limit, band in AGE_BANDS if age <= limit)


def _age(birth: str | None, day: date) -> int | None:
    if not birth:
        return None
    born = date.fromisoformat(birth)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def district_totals(conn: sqlite3.Connection, merges: list[ContestMerge], held: HeldBallots,
                    waiting: set[str] = frozenset()) -> DistrictTotals:  # type: ignore[assignment]
    """Sum the merged contests and the imported poll books into the district's figures.

    `waiting`: communities with a voting place whose package has not come in; they are not done yet.
    """
    day = date.fromisoformat(conn.execute("SELECT election_day FROM election").fetchone()[0])
    kinds = {r["id"]: r["kind"] for r in conn.execute("SELECT id, kind FROM contests")}
    kinds.update({m.contest_id: m.kind for m in merges})     # with the further rounds the stations declared
    place_kind = {r["code"]: r["kind"] for r in conn.execute("SELECT code, kind FROM voting_places")}
    by_place: Counter[str] = Counter({k: 0 for k in PLACE_KINDS})
    issued_by_community: Counter[str] = Counter()
    household = 0
    community_of = {r["id"]: r["community_code"] for r in conn.execute("SELECT id, community_code FROM contests")}
    community_of.update({m.contest_id: m.community for m in merges})
    for e in held.active:
        if kinds.get(e["contest_id"]) != "committee":
            household += 1
            continue
        kind = e["ballot_kind"]
        by_place[kind if kind in ("proxy", "mobile") else place_kind.get(e["place_code"], "station")] += 1
        issued_by_community[community_of[e["contest_id"]]] += 1
    communities = [CommunityResult(r["code"], r["name"]) for r in conn.execute(
        "SELECT code, name FROM communities ORDER BY code")]
    members: list[ElectedMember] = []
    for community in communities:
        mine = [m for m in merges if m.community == community.code and m.kind == "committee"]
        community.electorate = sum(m.electorate for m in mine)
        community.issued = issued_by_community[community.code]
        community.collected = sum(m.outcome.collected for m in mine if m.outcome is not None)
        community.state = NOT_DONE if community.code in waiting else _state([m for m in mine if m.parent is None])
        for m in mine:     # both rounds' winners: a further round's candidates are its first round's
            community.elected += [_member(conn, community.code, m.parent or m.contest_id, pos, name, day)
                                  for pos, name in m.elected()]
        members += community.elected
    return DistrictTotals(
        registered=int(conn.execute("SELECT COUNT(*) FROM voters WHERE status = 'active'").fetchone()[0]),
        unit_representatives=int(conn.execute("SELECT COUNT(*) FROM unit_representatives").fetchone()[0]),
        group_leaders=sum(len(m.elected()) for m in merges if m.kind == "group_leader"),
        communities=communities, ballots_by_place_kind=dict(by_place), household_ballots=household,
        members=members)


def _state(committee: list[ContestMerge]) -> str:
    states = {m.status for m in committee}
    if not committee or not states <= {ELECTED, FURTHER_ROUND}:
        return NOT_DONE
    if states != {ELECTED}:
        return ANOTHER_ROUND
    return AFTER_FURTHER_ROUND if any(m.own_status == FURTHER_ROUND for m in committee) else ONE_ROUND


def _member(conn: sqlite3.Connection, community: str, contest: str, position: str, name: str,
            day: date) -> ElectedMember:
    row = conn.execute("SELECT * FROM candidates WHERE contest_id = ? AND position_id = ? AND name = ?"
                       " ORDER BY review_status = 'passed' DESC, id LIMIT 1", (contest, position, name)).fetchone()
    if row is None:  # a write-in (另选他人): elected, but not a registered candidate
        return ElectedMember(community, position, name, "", None, "", "", "", False)
    return ElectedMember(community, position, name, row["sex"], _age(row["birth_date"], day), row["ethnicity"],
                         row["party"], row["education"], bool(row["incumbent"]))
