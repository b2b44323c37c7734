"""The election committee (选举委员会) of each community: how it was formed, its members, stepping down.

Stage 1 of the seed. A member who becomes a candidate must step down from the committee: the
nomination checks say so, and `step_down` records it with the reason.
"""

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

FORMED_BY = ("residents_meeting", "representatives_meeting", "group_meetings")
ROLES = ("chair", "vice_chair", "member")
ROLE_TITLES = {"chair": "主任", "vice_chair": "副主任", "member": "委员"}


@dataclass(frozen=True)
class CommitteeMember:
    """One member of a community's election committee."""

    id: int
    community: str
    name: str
    role: str
    voter_id: int | None
    status: str
    status_reason: str

    @property
    def title(self) -> str:
        """主任, 副主任 or 委员 of the election committee."""
        return ROLE_TITLES[self.role]


def formed_by_label(formed_by: str) -> str:
    """How a committee was formed, in words: 居民会议, 居民代表会议 or 居民小组会议 推选."""
    return {
        "residents_meeting": tr("Chosen by the residents' meeting"),
        "representatives_meeting": tr("Chosen by the residents' representatives' meeting"),
        "group_meetings": tr("Chosen by the resident-group meetings"),
    }[formed_by]


def form_committee(conn: sqlite3.Connection, session: HasActor, community: str, formed_by: str,
                   formed_on: date) -> None:
    """Record that a community's election committee was formed, and how."""
    require(session, Action.MANAGE_CANDIDATES)
    if formed_by not in FORMED_BY:
        raise PollDeskError("bad_committee_formation", "A committee is formed by {choices}.",
                            choices=", ".join(FORMED_BY))
    with transaction(conn):
        if conn.execute("SELECT 1 FROM communities WHERE code = ?", (community,)).fetchone() is None:
            raise PollDeskError("unknown_community", "There is no community {community} in this file.",
                                community=community)
        conn.execute("INSERT INTO election_committees(community_code, formed_by, formed_on) VALUES (?,?,?)"
                     " ON CONFLICT(community_code) DO UPDATE SET formed_by = excluded.formed_by,"
                     " formed_on = excluded.formed_on", (community, formed_by, formed_on.isoformat()))
        record(conn, session, "committee_formed", {"community": community, "formed_by": formed_by})


def add_member(conn: sqlite3.Connection, session: HasActor, community: str, name: str, role: str,
               voter_id: int | None = None) -> CommitteeMember:
    """Add a member (主任/副主任/委员) to a community's election committee."""
    require(session, Action.MANAGE_CANDIDATES)
    if role not in ROLES:
        raise PollDeskError("bad_committee_role", "A committee member is chair, vice chair or member.")
    with transaction(conn):
        if conn.execute("SELECT 1 FROM election_committees WHERE community_code = ?",
                        (community,)).fetchone() is None:
            raise PollDeskError("no_committee", "Record how the election committee of {community} was formed"
                                " before adding its members.", community=community)
        if role == "chair" and conn.execute(
                "SELECT 1 FROM committee_members WHERE community_code = ? AND role = 'chair'"
                " AND status = 'serving'", (community,)).fetchone():
            raise PollDeskError("second_chair", "The election committee of {community} already has a chair.",
                                community=community)
        cur = conn.execute("INSERT INTO committee_members(community_code, voter_id, name, role) VALUES (?,?,?,?)",
                           (community, voter_id, name, role))
        member_id = int(cur.lastrowid or 0)
        record(conn, session, "committee_member_added",
               {"community": community, "member": member_id, "role": role})
    return member(conn, member_id)


def member(conn: sqlite3.Connection, member_id: int) -> CommitteeMember:
    """One committee member by id."""
    row = conn.execute("SELECT * FROM committee_members WHERE id = ?", (member_id,)).fetchone()
    if row is None:
        raise PollDeskError("unknown_member", "There is no committee member {member}.", member=member_id)
    return _member(row)


def list_members(conn: sqlite3.Connection, community: str, *, serving_only: bool = False) -> list[CommitteeMember]:
    """The committee's members, chair first."""
    sql = "SELECT * FROM committee_members WHERE community_code = ?"
    if serving_only:
        sql += " AND status = 'serving'"
    sql += " ORDER BY CASE role WHEN 'chair' THEN 0 WHEN 'vice_chair' THEN 1 ELSE 2 END, id"
    return [_member(r) for r in conn.execute(sql, (community,))]


def step_down(conn: sqlite3.Connection, session: HasActor, member_id: int, reason: str) -> CommitteeMember:
    """A member leaves the committee (e.g. because they stand as a candidate), with the reason."""
    require(session, Action.MANAGE_CANDIDATES)
    if not reason.strip():
        raise PollDeskError("reason_needed", "Give the reason.")
    with transaction(conn):
        current = member(conn, member_id)
        if current.status != "serving":
            raise PollDeskError("already_stepped_down", "{name} has already left the election committee.",
                                name=current.name)
        conn.execute("UPDATE committee_members SET status = 'stepped_down', status_reason = ? WHERE id = ?",
                     (reason.strip(), member_id))
        record(conn, session, "committee_member_stepped_down",
               {"community": current.community, "member": member_id, "reason": reason.strip()})
    return member(conn, member_id)


def _member(row: sqlite3.Row) -> CommitteeMember:
    return CommitteeMember(row["id"], row["community_code"], row["name"], row["role"], row["voter_id"],
                           row["status"], row["status_reason"])
