"""What happened in a week, per community: the district file's audit log and the stations' imported logs."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import date, timedelta
from typing import Any

from app.district.imported import imported_rows

DISTRICT_WIDE = ""   # events that concern no one community


def week_bounds(week_ending: date) -> tuple[date, date]:
    """The seven days ending on `week_ending`, both included."""
    return week_ending - timedelta(days=6), week_ending


def week_activity(conn: sqlite3.Connection, week_ending: date) -> dict[str, Counter[str]]:
    """Audit events of the week counted per community code (DISTRICT_WIDE for the district's own work)."""
    first, last = week_bounds(week_ending)
    place_community = {r["code"]: r["community_code"] for r in conn.execute("SELECT code, community_code FROM"
                                                                             " voting_places")}
    contest_community = {r["id"]: r["community_code"] for r in conn.execute("SELECT id, community_code FROM"
                                                                             " contests")}
    communities = {r["code"] for r in conn.execute("SELECT code FROM communities")}
    found: dict[str, Counter[str]] = {}

    def count(time: str, event: str, community: str) -> None:
        if first.isoformat() <= str(time)[:10] <= last.isoformat():
            found.setdefault(community, Counter())[event] += 1

    for r in conn.execute("SELECT time, event, details FROM audit_log ORDER BY seq"):
        details = json.loads(r["details"])
        count(r["time"], r["event"], _community(details, communities, place_community, contest_community))
    for row in imported_rows(conn, "audit_log"):
        count(row["time"], row["event"], place_community.get(str(row["_station"]), DISTRICT_WIDE))
    return found


def _community(details: dict[str, Any], communities: set[str], places: dict[str, str],
               contests: dict[str, str]) -> str:
    if details.get("community") in communities:
        return str(details["community"])
    for key in ("place_code", "place", "station"):
        if details.get(key) in places:
            return places[str(details[key])]
    if details.get("contest") in contests:
        return contests[str(details["contest"])]
    return DISTRICT_WIDE
