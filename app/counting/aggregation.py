"""Counting the votes of each position, with the optional higher-position rule (rule 6)."""

from __future__ import annotations

from collections import Counter

from app.counting.ballots import Ballot, PositionSpec, judge_section


def _valid_names(ballot: Ballot, position: PositionSpec) -> frozenset[str]:
    section = ballot.section(position.id)
    if judge_section(section, position.seats).gives_votes:
        return frozenset(section.names)
    return frozenset()


def count_votes(ballots: tuple[Ballot, ...], positions: tuple[PositionSpec, ...],
                aggregate: bool) -> dict[str, Counter[str]]:
    """Votes per position id: every candidate (0 when none) plus write-ins that got a vote.

    With `aggregate` (positions in rank order, first = highest), a person standing for a position -
    a candidate of it, or written in on at least one valid section of it - also counts every ballot
    that voted for them in a higher position; one ballot still gives a person at most one vote.
    """
    direct: dict[str, Counter[str]] = {p.id: Counter() for p in positions}
    for ballot in ballots:
        for position in positions:
            direct[position.id].update(_valid_names(ballot, position))
    if not aggregate:
        return {p.id: _with_candidates(direct[p.id], p) for p in positions}

    standing = {p.id: set(p.candidates) | set(direct[p.id]) for p in positions}
    counts: dict[str, Counter[str]] = {p.id: Counter() for p in positions}
    for ballot in ballots:
        voted_so_far: set[str] = set()
        for position in positions:
            voted_so_far |= _valid_names(ballot, position)
            counts[position.id].update(voted_so_far & standing[position.id])
    return {p.id: _with_candidates(counts[p.id], p) for p in positions}


def _with_candidates(votes: Counter[str], position: PositionSpec) -> Counter[str]:
    full: Counter[str] = Counter({name: 0 for name in position.candidates})
    full.update(votes)
    return full
