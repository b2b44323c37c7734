"""The qualification review (候选人资格审查, stage 4): the community's review, then the district's joint review (联审).

Each decision is recorded as a row of `candidate_reviews`; the latest decision of each step counts.
A candidate has passed only when both steps passed, is rejected as soon as either step rejected
(with the reason), and is pending otherwise. The outcome is kept in `candidates.review_status`, which
the ballot and the counting read; only passed candidates reach the ballot.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from app.audit.log import Clock, HasActor, system_clock
from app.auth.roles import Action, require
from app.candidates.audit import record
from app.candidates.nominations import CandidateRow, candidate
from app.db import transaction
from app.errors import PollDeskError

STEPS = ("community", "district")
DECISIONS = ("passed", "rejected")


@dataclass(frozen=True)
class ReviewDecision:
    """One recorded decision of a review step."""

    step: str
    status: str
    reason: str
    reviewer: str
    reviewed_at: str


def community_review(conn: sqlite3.Connection, session: HasActor, candidate_id: int, status: str,
                     reason: str = "", *, clock: Clock = system_clock) -> CandidateRow:
    """The community's review of a candidate's qualification: passed, or rejected with a reason."""
    return review(conn, session, candidate_id, "community", status, reason, clock=clock)


def district_review(conn: sqlite3.Connection, session: HasActor, candidate_id: int, status: str,
                    reason: str = "", *, clock: Clock = system_clock) -> CandidateRow:
    """The district's joint review (联审), after the community passed the candidate."""
    return review(conn, session, candidate_id, "district", status, reason, clock=clock)


def review(conn: sqlite3.Connection, session: HasActor, candidate_id: int, step: str, status: str,
           reason: str = "", *, clock: Clock = system_clock) -> CandidateRow:
    """Record one review decision and derive the candidate's review status from both steps."""
    require(session, Action.REVIEW_CANDIDATES)
    if step not in STEPS:
        raise PollDeskError("bad_review_step", "A review step is community or district.")
    if status not in DECISIONS:
        raise PollDeskError("bad_review_status", "A review decision is passed or rejected.")
    reason = reason.strip()
    if status == "rejected" and not reason:
        raise PollDeskError("reason_needed", "Give the reason.")
    with transaction(conn):
        candidate(conn, candidate_id)
        latest = latest_decisions(conn, candidate_id)
        if step == "district" and (latest.get("community") is None or latest["community"].status != "passed"):
            raise PollDeskError("community_review_first", "The community must pass the candidate before the"
                                " district's joint review.")
        conn.execute("INSERT INTO candidate_reviews(candidate_id, step, status, reason, reviewer, reviewed_at)"
                     " VALUES (?,?,?,?,?,?)", (candidate_id, step, status, reason, session.user,
                                               clock().isoformat(timespec="seconds")))
        outcome, why = _outcome(latest_decisions(conn, candidate_id))
        conn.execute("UPDATE candidates SET review_status = ?, review_reason = ? WHERE id = ?",
                     (outcome, why, candidate_id))
        record(conn, session, "candidate_reviewed",
               {"candidate": candidate_id, "step": step, "status": status, "reason": reason, "outcome": outcome})
    return candidate(conn, candidate_id)


def latest_decisions(conn: sqlite3.Connection, candidate_id: int) -> dict[str, ReviewDecision]:
    """The decision that counts for each step already taken."""
    out: dict[str, ReviewDecision] = {}
    for r in conn.execute("SELECT * FROM candidate_reviews WHERE candidate_id = ? ORDER BY id", (candidate_id,)):
        out[r["step"]] = ReviewDecision(r["step"], r["status"], r["reason"], r["reviewer"], r["reviewed_at"])
    return out


def review_history(conn: sqlite3.Connection, candidate_id: int) -> list[ReviewDecision]:
    """Every decision recorded for a candidate, oldest first."""
    return [ReviewDecision(r["step"], r["status"], r["reason"], r["reviewer"], r["reviewed_at"])
            for r in conn.execute("SELECT * FROM candidate_reviews WHERE candidate_id = ? ORDER BY id",
                                  (candidate_id,))]


def _outcome(latest: dict[str, ReviewDecision]) -> tuple[str, str]:
    for step in STEPS:
        decision = latest.get(step)
        if decision is not None and decision.status == "rejected":
            return "rejected", decision.reason
    if all(step in latest for step in STEPS):
        return "passed", ""
    return "pending", ""

