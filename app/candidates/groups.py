"""Stage 3: resident-group elections (户代表投票, one household one vote) and unit representatives (协商推选)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from app.audit.log import HasActor
from app.auth.roles import Action, require
from app.candidates.audit import record
from app.db import transaction
from app.election.model import POSITIONS
from app.errors import PollDeskError


@dataclass(frozen=True)
class GroupContest:
    """A resident group's election of its leader (and representatives), in household form."""

    id: str
    community: str
    group_number: int
    group_name: str
    name: str
    seats: dict[str, int]


@dataclass(frozen=True)
class UnitRepresentativeRow:
    """A unit (enterprise) representative chosen by consultation."""

    id: int
    community: str
    unit_name: str
    name: str


def list_group_contests(conn: sqlite3.Connection, community: str) -> list[GroupContest]:
    """The resident-group elections of a community, by group number."""
    rows = conn.execute(
        "SELECT k.id, k.name, g.number, g.name AS group_name FROM contests k JOIN resident_groups g ON g.id = k.group_id"
        " WHERE k.community_code = ? AND k.kind = 'group_leader' ORDER BY g.number, k.rowid", (community,)).fetchall()
    out = []
    for r in rows:
        seats = {p["id"]: p["seats"] for p in conn.execute(
            "SELECT id, seats FROM positions WHERE contest_id = ? ORDER BY rank, rowid", (r["id"],))}
        out.append(GroupContest(r["id"], community, r["number"], r["group_name"], r["name"], seats))
    return out


def groups_without_contest(conn: sqlite3.Connection, community: str) -> list[int]:
    """Numbers of the community's resident groups that have no leader election yet."""
    return [r[0] for r in conn.execute(
        "SELECT g.number FROM resident_groups g WHERE g.community_code = ? AND NOT EXISTS"
        " (SELECT 1 FROM contests k WHERE k.group_id = g.id AND k.kind = 'group_leader') ORDER BY g.number",
        (community,))]


def create_group_contest(conn: sqlite3.Connection, session: HasActor, community: str, group_number: int,
                         *, leaders: int = 1, representatives: int = 0) -> GroupContest:
    """Create a resident group's leader (and representative) election: household form, one household one vote."""
    require(session, Action.MANAGE_CANDIDATES)
    if leaders < 1 or representatives < 0:
        raise PollDeskError("bad_seats", "A group elects one leader or more and no fewer than zero representatives.")
    with transaction(conn):
        group = conn.execute("SELECT id, name FROM resident_groups WHERE community_code = ? AND number = ?",
                             (community, group_number)).fetchone()
        if group is None:
            raise PollDeskError("unknown_group", "Community {community} has no resident group {group}.",
                                community=community, group=group_number)
        contest_id = f"{community}-G{group_number:03d}"
        if conn.execute("SELECT 1 FROM contests WHERE id = ? OR (group_id = ? AND kind = 'group_leader')",
                        (contest_id, group["id"])).fetchone():
            raise PollDeskError("group_contest_exists", "Resident group {group} already has its election.",
                                group=group_number)
        name = f"{group['name']}组长选举" if not representatives else f"{group['name']}组长和居民代表选举"
        conn.execute("INSERT INTO contests(id, community_code, kind, form, group_id, name)"
                     " VALUES (?, ?, 'group_leader', 'household', ?, ?)", (contest_id, community, group["id"], name))
        seats = {"leader": leaders, "representative": representatives}
        conn.executemany("INSERT INTO positions(contest_id, id, name, seats, rank) VALUES (?, ?, '', ?, ?)",
                         [(contest_id, pid, n, POSITIONS[pid][0]) for pid, n in seats.items() if n])
        record(conn, session, "group_contest_created", {"contest": contest_id, "community": community,
                                                        "group": group_number})
    return next(c for c in list_group_contests(conn, community) if c.id == contest_id)


def add_unit_representative(conn: sqlite3.Connection, session: HasActor, community: str, unit_name: str,
                            name: str) -> UnitRepresentativeRow:
    """Record a unit representative chosen by consultation (协商推选), not by vote."""
    require(session, Action.MANAGE_CANDIDATES)
    if not unit_name.strip() or not name.strip():
        raise PollDeskError("unit_representative_incomplete", "Give the unit's name and the representative's name.")
    with transaction(conn):
        if conn.execute("SELECT 1 FROM communities WHERE code = ?", (community,)).fetchone() is None:
            raise PollDeskError("unknown_community", "There is no community {community} in this file.",
                                community=community)
        cur = conn.execute("INSERT INTO unit_representatives(community_code, unit_name, name) VALUES (?,?,?)",
                           (community, unit_name.strip(), name.strip()))
        rep_id = int(cur.lastrowid or 0)
        record(conn, session, "unit_representative_added", {"community": community, "representative": rep_id})
    return UnitRepresentativeRow(rep_id, community, unit_name.strip(), name.strip())


def list_unit_representatives(conn: sqlite3.Connection, community: str | None = None) -> list[UnitRepresentativeRow]:
    """Unit representatives of one community or all, in the order recorded."""
    sql = "SELECT * FROM unit_representatives"
    params: tuple[object, ...] = ()
    if community is not None:
        sql, params = sql + " WHERE community_code = ?", (community,)
    return [UnitRepresentativeRow(r["id"], r["community_code"], r["unit_name"], r["name"])
            for r in conn.execute(sql + " ORDER BY community_code, id", params)]
