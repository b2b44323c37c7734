"""Posting the voter list (张榜公布): recorded once the list is printed, so the district sees stage 2 done."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date

from app.audit import SYSTEM, append_event, joined_transaction
from app.audit.log import HasActor


def communities_of(conn: sqlite3.Connection, community: str | None, group_ids: Sequence[int] | None) -> list[str]:
    """The communities a printed list covers: the one asked for, those of the groups, or all."""
    if community:
        return [community]
    if group_ids:
        marks = ",".join("?" * len(group_ids))
        rows = conn.execute(f"SELECT DISTINCT community_code FROM resident_groups WHERE id IN ({marks})"
                            " ORDER BY community_code", list(group_ids))
    else:
        rows = conn.execute("SELECT code FROM communities ORDER BY code")
    return [r[0] for r in rows]


def record_posting(conn: sqlite3.Connection, communities: Sequence[str], posting_date: date,
                   actor: HasActor = SYSTEM) -> None:
    """Audit that each community's voter list was posted on `posting_date` (one entry per community)."""
    with joined_transaction(conn):
        for code in communities:
            append_event(conn, actor, "register_posted", {"community": code, "posting_date": posting_date.isoformat()})
