"""Each community's way through the five key stages (五个重点环节), and which places' packages came in.

A stage's state is derived from the data, never ticked by hand: the election committee formed; the register
imported and the voter list posted; the resident-group contests counted; every committee candidate reviewed;
the committee election's packages received and certified. Each stage is done, under way or not started.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from app.district.imported import imported_rows, stations_reporting
from app.district.merge import ELECTED, FURTHER_ROUND, NOT_COUNTED, ContestMerge
from app.i18n import tr

DONE, UNDER_WAY, NOT_STARTED = "done", "under_way", "not_started"
# The seed's five stages, in order (English source; tr() gives the Chinese).
STAGES = ("Election committee formed", "Voter registration", "Group leaders and representatives chosen",
          "Candidate qualification review", "Voting and counting")


@dataclass(frozen=True)
class StageState:
    """One stage of one community: done / under_way / not_started, with a short note saying why."""

    stage: int          # 1..5
    state: str
    note: str

    @property
    def title(self) -> str:
        """The stage's name in the user's language."""
        return tr(STAGES[self.stage - 1])


@dataclass
class CommunityProgress:
    """A community's five stages and the stage it has reached (the last done in a row from the first)."""

    code: str
    name: str
    stages: list[StageState] = field(default_factory=list)

    @property
    def reached(self) -> int:
        """How many stages are done, counting from the first without a gap."""
        n = 0
        for s in self.stages:
            if s.state != DONE:
                break
            n += 1
        return n


@dataclass(frozen=True)
class PlaceStatus:
    """A voting place: its packages received, the latest poll state they show, contests certified there."""

    code: str
    name: str
    community: str
    kind: str
    packages: int
    poll_state: str
    certified: tuple[str, ...]

    @property
    def expected(self) -> bool:
        """Central venues and stations send packages; a mobile box comes back through its station."""
        return self.kind != "mobile"

    @property
    def missing(self) -> bool:
        """An expected place whose package has not come in."""
        return self.expected and self.packages == 0

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {"code": self.code, "name": self.name, "community": self.community, "kind": self.kind,
                "packages": self.packages, "poll_state": self.poll_state, "certified": list(self.certified),
                "missing": self.missing}


def state_word(state: str) -> str:
    """A stage state in words (the screens never rely on colour alone)."""
    return {DONE: tr("Done"), UNDER_WAY: tr("Under way"), NOT_STARTED: tr("Not started")}[state]


def place_statuses(conn: sqlite3.Connection) -> list[PlaceStatus]:
    """Every voting place with what its packages show, in code order."""
    reporting = stations_reporting(conn)
    states: dict[str, tuple[int, str]] = {}
    for row in imported_rows(conn, "poll_state_changes"):
        place, seq = str(row["place_code"]), int(row["seq"])
        if seq > states.get(place, (0, ""))[0]:
            states[place] = (seq, str(row["state"]))
    certified: dict[str, list[str]] = {}
    for row in imported_rows(conn, "certified_results"):
        certified.setdefault(str(row["_station"]), []).append(str(row["contest_id"]))
    return [PlaceStatus(r["code"], r["name"], r["community_code"], r["kind"],
                        int(reporting.get(r["code"], {}).get("packages", 0)),
                        states.get(r["code"], (0, "setup" if r["code"] in reporting else ""))[1],
                        tuple(sorted(certified.get(r["code"], []))))
            for r in conn.execute("SELECT * FROM voting_places ORDER BY community_code, code")]


def community_progress(conn: sqlite3.Connection, merges: list[ContestMerge],
                       places: list[PlaceStatus]) -> list[CommunityProgress]:
    """The five stages of every community, in code order."""
    posted = _posted(conn)
    progress = []
    for c in conn.execute("SELECT code, name FROM communities ORDER BY code"):
        code = c["code"]
        mine = [m for m in merges if m.community == code]
        progress.append(CommunityProgress(code, c["name"], [
            _committee(conn, code), _register(conn, code, posted), _groups(mine, conn, code),
            _review(conn, code), _voting([m for m in mine if m.kind == "committee"],
                                         [p for p in places if p.community == code])]))
    return progress


def _posted(conn: sqlite3.Connection) -> set[str]:
    """Communities whose voter list was posted ("*" when a posting was recorded for the whole district)."""
    found = set()
    for r in conn.execute("SELECT details FROM audit_log WHERE event = 'register_posted'"):
        found.add(str(json.loads(r[0]).get("community") or "*"))
    return found


def _committee(conn: sqlite3.Connection, code: str) -> StageState:
    row = conn.execute("SELECT formed_on FROM election_committees WHERE community_code = ?", (code,)).fetchone()
    if row is None:
        return StageState(1, NOT_STARTED, tr("No election committee recorded."))
    return StageState(1, DONE, tr("Formed on {date}.", date=row[0]))


def _register(conn: sqlite3.Connection, code: str, posted: set[str]) -> StageState:
    voters = int(conn.execute("SELECT COUNT(*) FROM voters WHERE community_code = ? AND status = 'active'",
                              (code,)).fetchone()[0])
    if not voters:
        return StageState(2, NOT_STARTED, tr("No register imported."))
    if code in posted or "*" in posted:
        return StageState(2, DONE, tr("{voters} voters registered; list posted.", voters=voters))
    return StageState(2, UNDER_WAY, tr("{voters} voters registered; list not posted yet.", voters=voters))


def _groups(mine: list[ContestMerge], conn: sqlite3.Connection, code: str) -> StageState:
    groups = [m for m in mine if m.kind == "group_leader"]
    counted = [m for m in groups if m.status in (ELECTED, FURTHER_ROUND)]
    units = int(conn.execute("SELECT COUNT(*) FROM unit_representatives WHERE community_code = ?",
                             (code,)).fetchone()[0])
    note = tr("{counted} of {total} group elections counted; {units} unit representatives.",
              counted=len(counted), total=len(groups), units=units)
    if groups and len(counted) == len(groups):
        return StageState(3, DONE, note)
    return StageState(3, UNDER_WAY if counted or units else NOT_STARTED, note)


def _review(conn: sqlite3.Connection, code: str) -> StageState:
    row = conn.execute("SELECT COUNT(*), SUM(k.review_status != 'pending'), SUM(k.review_status = 'passed')"
                       " FROM candidates k JOIN contests c ON c.id = k.contest_id"
                       " WHERE c.community_code = ? AND c.kind = 'committee'", (code,)).fetchone()
    total, reviewed, passed = int(row[0]), int(row[1] or 0), int(row[2] or 0)
    note = tr("{reviewed} of {total} candidates reviewed, {passed} passed.", reviewed=reviewed, total=total,
              passed=passed)
    if total and reviewed == total:
        return StageState(4, DONE, note)
    return StageState(4, UNDER_WAY if reviewed else NOT_STARTED, note)


def _voting(committee: list[ContestMerge], places: list[PlaceStatus]) -> StageState:
    expected = [p for p in places if p.expected]
    received = [p for p in expected if p.packages]
    note = tr("Packages from {received} of {expected} places.", received=len(received), expected=len(expected))
    statuses = {m.status for m in committee}
    if committee and statuses <= {ELECTED, FURTHER_ROUND} and len(received) == len(expected):
        if FURTHER_ROUND in statuses:
            return StageState(5, DONE, note + " " + tr("Certified; another round is needed."))
        return StageState(5, DONE, note + " " + tr("Certified; every seat filled."))
    if received or statuses - {NOT_COUNTED}:
        return StageState(5, UNDER_WAY, note)
    return StageState(5, NOT_STARTED, note)
