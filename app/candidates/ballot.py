"""The ballot's order (选票排列): positions by rank, passed candidates in surname stroke order, numbered from 1.

THIS is the numbering printed on the ballot and typed at the count; every screen and report asks here.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from app.candidates.strokes import name_order_key
from app.election.model import POSITIONS
from app.errors import PollDeskError


@dataclass(frozen=True)
class BallotPosition:
    """One position as printed: id, title, seats and its numbered candidates (number, name, candidate id)."""

    id: str
    title: str
    seats: int
    candidates: tuple[tuple[int, str, int], ...]


def ballot_layout(conn: sqlite3.Connection, contest_id: str) -> list[BallotPosition]:
    """The positions of a contest by rank, each with its passed candidates in ballot order."""
    positions = conn.execute("SELECT id, name, seats FROM positions WHERE contest_id = ? ORDER BY rank, rowid",
                             (contest_id,)).fetchall()
    if not positions:
        raise PollDeskError("unknown_contest", "There is no contest {contest} in this file.", contest=contest_id)
    layout = []
    for p in positions:
        rows = conn.execute("SELECT id, name FROM candidates WHERE contest_id = ? AND position_id = ?"
                            " AND review_status = 'passed'", (contest_id, p["id"])).fetchall()
        ordered = sorted(rows, key=lambda r: (name_order_key(r["name"]), r["id"]))
        title = p["name"] or POSITIONS.get(p["id"], (0, p["id"]))[1]
        layout.append(BallotPosition(p["id"], title, int(p["seats"]),
                                     tuple((n, r["name"], r["id"]) for n, r in enumerate(ordered, 1))))
    return layout


def ballot_order(conn: sqlite3.Connection, contest_id: str) -> dict[str, list[tuple[int, str]]]:
    """{position id: [(number, name), ...]} in ballot order: the numbering the counting screens use."""
    return {p.id: [(n, name) for n, name, _ in p.candidates] for p in ballot_layout(conn, contest_id)}
