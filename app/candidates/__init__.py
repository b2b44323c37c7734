"""Candidates (候选人): the election committee, nominations and their checks, the qualification review, ballot order."""

from app.candidates.ballot import BallotPosition, ballot_layout, ballot_order
from app.candidates.checks import Problem, check_nominations
from app.candidates.committee import add_member, form_committee, list_members, step_down
from app.candidates.nominations import list_candidates, nominate, record_relatives, withdraw
from app.candidates.review import community_review, district_review, review

__all__ = [
    "BallotPosition", "Problem", "add_member", "ballot_layout", "ballot_order", "check_nominations",
    "community_review", "district_review", "form_committee", "list_candidates", "list_members", "nominate",
    "record_relatives", "review", "step_down", "withdraw",
]
