"""Storing an election definition in a data file and reading it back."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from typing import TYPE_CHECKING

from app.election.model import (
    BallotBox,
    Candidate,
    Community,
    Contest,
    Definition,
    Election,
    Position,
    ResidentGroup,
    UnitRepresentative,
    VotingPlace,
)
from app.election.rules import RuleSet

if TYPE_CHECKING:   # only a type here: app.db pulls in the vault's cryptography, which the window's start skips
    from app.db import DataFile


def store_definition(df: DataFile, definition: Definition) -> dict[tuple[str, int], int]:
    """Write the election and its communities into an empty data file, in one transaction.

    Returns the id given to each resident group, keyed by (community code, group number).
    """
    if df.election_id != definition.election.id:
        raise ValueError("the data file belongs to another election")
    from app.db import transaction  # here, not at the top: see the TYPE_CHECKING import above

    with transaction(df.conn) as conn:
        e = definition.election
        conn.execute(
            "INSERT INTO election(id, name, district_name, election_day, mode, rules) VALUES (?,?,?,?,?,?)",
            (e.id, e.name, e.district_name, e.election_day.isoformat(), e.mode, json.dumps(e.rules.to_dict())),
        )
        group_ids: dict[tuple[str, int], int] = {}
        for c in definition.communities:
            _store_community(conn, c, group_ids)
    return group_ids


def _store_community(conn: sqlite3.Connection, c: Community, group_ids: dict[tuple[str, int], int]) -> None:
    conn.execute("INSERT INTO communities(code, name) VALUES (?, ?)", (c.code, c.name))
    for g in c.groups:
        cur = conn.execute("INSERT INTO resident_groups(community_code, number, name) VALUES (?,?,?)",
                           (c.code, g.number, g.name))
        group_ids[(c.code, g.number)] = int(cur.lastrowid or 0)
    for p in c.places:
        conn.execute("INSERT INTO voting_places(code, community_code, kind, name, address) VALUES (?,?,?,?,?)",
                     (p.code, c.code, p.kind, p.name, p.address))
        conn.executemany("INSERT INTO ballot_boxes(id, place_code, kind, name) VALUES (?,?,?,?)",
                         [(b.id, p.code, b.kind, b.name) for b in p.boxes])
        conn.executemany("INSERT INTO place_groups(place_code, group_id) VALUES (?,?)",
                         [(p.code, group_ids[(c.code, n)]) for n in p.groups])
    for k in c.contests:
        conn.execute("INSERT INTO contests(id, community_code, kind, form, group_id, name, round, parent_contest)"
                     " VALUES (?,?,?,?,?,?,?,?)",
                     (k.id, c.code, k.kind, k.form,
                      group_ids[(c.code, k.group)] if k.group is not None else None, k.name, k.round, k.parent))
        conn.executemany("INSERT INTO positions(contest_id, id, name, seats, rank) VALUES (?,?,?,?,?)",
                         [(k.id, p.id, p.name, p.seats, p.rank) for p in k.positions])
        conn.executemany(
            "INSERT INTO candidates(contest_id, position_id, voter_id, name, sex, birth_date, ethnicity, party,"
            " education, incumbent, review_status, review_reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(k.id, x.position, x.voter_id, x.name, x.sex, x.birth_date.isoformat() if x.birth_date else None,
              x.ethnicity, x.party, x.education, int(x.incumbent), x.review_status, x.review_reason)
             for x in k.candidates])
    conn.executemany("INSERT INTO unit_representatives(community_code, unit_name, name) VALUES (?,?,?)",
                     [(c.code, u.unit_name, u.name) for u in c.unit_representatives])


def read_election(conn: sqlite3.Connection) -> Election:
    """The election stored in a data file."""
    row = conn.execute("SELECT id, name, district_name, election_day, mode, rules FROM election").fetchone()
    if row is None:
        raise LookupError("the data file holds no election yet")
    return Election(row["id"], row["name"], date.fromisoformat(row["election_day"]), row["mode"],
                    row["district_name"], RuleSet.from_dict(json.loads(row["rules"])))


def read_definition(conn: sqlite3.Connection) -> Definition:
    """The whole election stored in a data file (without the register)."""
    election = read_election(conn)
    communities = tuple(_read_community(conn, r["code"], r["name"])
                        for r in conn.execute("SELECT code, name FROM communities ORDER BY rowid"))
    return Definition(election, communities)


def _read_community(conn: sqlite3.Connection, code: str, name: str) -> Community:
    groups = tuple(ResidentGroup(r["number"], r["name"]) for r in conn.execute(
        "SELECT number, name FROM resident_groups WHERE community_code=? ORDER BY number", (code,)))
    places = []
    for p in conn.execute("SELECT * FROM voting_places WHERE community_code=? ORDER BY rowid", (code,)).fetchall():
        numbers = tuple(r[0] for r in conn.execute(
            "SELECT g.number FROM place_groups pg JOIN resident_groups g ON g.id = pg.group_id"
            " WHERE pg.place_code=? ORDER BY g.number", (p["code"],)))
        boxes = tuple(BallotBox(b["id"], b["kind"], b["name"]) for b in conn.execute(
            "SELECT id, kind, name FROM ballot_boxes WHERE place_code=? ORDER BY rowid", (p["code"],)))
        places.append(VotingPlace(p["code"], p["kind"], p["name"], p["address"], numbers, boxes))
    contests = []
    for k in conn.execute(
        "SELECT k.*, g.number AS group_number FROM contests k LEFT JOIN resident_groups g ON g.id = k.group_id"
        " WHERE k.community_code=? ORDER BY k.rowid", (code,)
    ).fetchall():
        positions = tuple(Position(r["id"], r["seats"], r["name"], r["rank"]) for r in conn.execute(
            "SELECT id, name, seats, rank FROM positions WHERE contest_id=? ORDER BY rowid", (k["id"],)))
        candidates = tuple(Candidate(
            r["name"], r["position_id"], r["sex"],
            date.fromisoformat(r["birth_date"]) if r["birth_date"] else None, r["ethnicity"], r["party"],
            r["education"], bool(r["incumbent"]), r["review_status"], r["review_reason"], r["voter_id"],
        ) for r in conn.execute("SELECT * FROM candidates WHERE contest_id=? ORDER BY id", (k["id"],)))
        contests.append(Contest(k["id"], k["kind"], k["form"], k["name"], positions, candidates, k["group_number"],
                                k["round"], k["parent_contest"]))
    units = tuple(UnitRepresentative(r["unit_name"], r["name"]) for r in conn.execute(
        "SELECT unit_name, name FROM unit_representatives WHERE community_code=? ORDER BY id", (code,)))
    return Community(code, name, groups, tuple(places), tuple(contests), units)
