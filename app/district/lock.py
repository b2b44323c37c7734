"""Locking the district's merged results as official (结果确认锁定): once, audited, and for good.

After the lock the file's schema (80_district.sql) refuses any package import or removal and any new
problem resolution; the merged results locked are kept as canonical JSON with their SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from app.audit import Clock, append_event, system_clock
from app.audit.log import HasActor
from app.auth import Action, require
from app.db import transaction
from app.errors import PollDeskError


@dataclass(frozen=True)
class ResultsLock:
    """Who locked the results, when, and the SHA-256 of the results locked."""

    locked_by: str
    locked_at: str
    sha256: str
    results: dict[str, Any]


def results_lock(conn: sqlite3.Connection) -> ResultsLock | None:
    """The lock, or None while the results are not official yet."""
    row = conn.execute("SELECT * FROM district_results_lock").fetchone()
    if row is None:
        return None
    return ResultsLock(row["locked_by"], row["locked_at"], row["sha256"], json.loads(row["results"]))


def lock_results(conn: sqlite3.Connection, session: HasActor, *, clock: Clock = system_clock) -> ResultsLock:
    """Make the merged results official; refused while a problem is open or a community is not done."""
    require(session, Action.LOCK_DISTRICT_RESULTS)
    from app.district.summary import district_summary

    with transaction(conn):
        if results_lock(conn) is not None:
            raise PollDeskError("results_locked", "The district results are locked as official: nothing more "
                                "can be changed.")
        summary = district_summary(conn)
        open_problems = [p for p in summary.problems if p.open]
        if open_problems:
            raise PollDeskError("problems_open", "{count} problems are not resolved yet (first: {first}). Record "
                                "how each was resolved, then lock the results.", count=len(open_problems),
                                first=open_problems[0].describe())
        not_done = summary.totals.communities_in("not_done")
        if not_done:
            raise PollDeskError("communities_not_done", "{count} communities are not done yet ({names}): their "
                                "packages or certified counts are missing.", count=len(not_done),
                                names="、".join(c.name for c in not_done))
        data = summary.to_dict()
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        at = clock().isoformat(timespec="seconds")
        conn.execute("INSERT INTO district_results_lock(id, locked_by, locked_at, results, sha256)"
                     " VALUES (1,?,?,?,?)", (session.user, at, text, digest))
        append_event(conn, session, "results_locked", {"sha256": digest, "members": data["totals"]["members"]},
                     clock=clock)
    return ResultsLock(session.user, at, digest, data)
