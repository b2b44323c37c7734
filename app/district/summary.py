"""The district's whole picture in one read: merged contests, totals, problems, stages, places, the lock."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from app.district.imported import held_ballots
from app.district.lock import ResultsLock, results_lock
from app.district.merge import ContestMerge, merge_contests
from app.district.problems import Problem, find_problems
from app.district.progress import CommunityProgress, PlaceStatus, community_progress, place_statuses
from app.district.totals import DistrictTotals, district_totals


@dataclass
class DistrictSummary:
    """Everything the dashboard, the reports and `polldesk merge` show."""

    contests: list[ContestMerge]
    totals: DistrictTotals
    problems: list[Problem]
    progress: list[CommunityProgress]
    places: list[PlaceStatus]
    lock: ResultsLock | None

    def to_dict(self, *, with_text: bool = False) -> dict[str, Any]:
        """Plain, language-neutral data (with_text adds each problem's sentence in the user's language)."""
        problems = [p.to_dict() for p in self.problems]
        if not with_text:
            for p in problems:
                p.pop("description")
        return {"totals": self.totals.to_dict(), "contests": [m.to_dict() for m in self.contests],
                "problems": problems,
                "places": [p.to_dict() for p in self.places],
                "stages": {c.code: [s.state for s in c.stages] for c in self.progress}}


def district_summary(conn: sqlite3.Connection) -> DistrictSummary:
    """Merge everything imported so far (read-only; the same for any order the packages came in)."""
    held = held_ballots(conn)
    merges = merge_contests(conn, held)
    places = place_statuses(conn)
    waiting = {p.community for p in places if p.missing}
    return DistrictSummary(merges, district_totals(conn, merges, held, waiting), find_problems(conn, merges, held),
                           community_progress(conn, merges, places), places, results_lock(conn))
