"""The ballots the demo's voters mark: favourites get most marks, some races are close, a few ballots go wrong.

Each contest gets a mood: per position, as many favourites as seats (heavily marked) and the other
candidates marked less. In about one committee in five one race is close (the weakest favourite no
stronger than the best of the rest), which is how a seat can stay unfilled and need a further round.
A ballot is blank now and then, invalid (every section over-marked) now and then, marks fewer names
than seats sometimes, and names someone not on the ballot (另选他人) rarely.
"""

from __future__ import annotations

import random
from collections import Counter

from app.counting.ballots import Ballot, PositionSpec, Section, ballot_is_invalid, judge_section
from app.counting.store import TallySheet

Mood = dict[str, dict[str, float]]    # position id -> candidate name -> weight

BLANK_SHARE = 0.006
INVALID_SHARE = 0.008
FEWER_MARKS = 0.10
WRITE_IN_SHARE = 0.003
CLOSE_RACE_SHARE = 0.2
WRITE_INS = ("李国强", "陈伟明", "黄丽华", "梁志刚")


def mood_of(rng: random.Random, positions: tuple[PositionSpec, ...], close_races: float = CLOSE_RACE_SHARE) -> Mood:
    """How a contest's voters lean: favourites per position, and perhaps one close race."""
    mood: Mood = {}
    for p in positions:
        names = list(p.candidates)
        rng.shuffle(names)
        weights = {n: rng.uniform(2.5, 4.0) if i < p.seats else rng.uniform(0.4, 1.0) for i, n in enumerate(names)}
        mood[p.id] = weights
    contested = [p for p in positions if len(p.candidates) > p.seats]
    if contested and rng.random() < close_races:
        p = rng.choice(contested)
        weights = mood[p.id]
        ranked = sorted(weights, key=lambda n: -weights[n])
        weakest, best_rest = ranked[p.seats - 1], ranked[p.seats]
        weights[weakest] = weights[best_rest] = rng.uniform(0.9, 1.1) * (3.0 if p.seats == 1 else 1.0)
    return mood


def _marks(rng: random.Random, weights: dict[str, float], k: int) -> list[str]:
    """`k` different names drawn by weight, without replacement."""
    left = dict(weights)
    chosen = []
    for _ in range(min(k, len(left))):
        name = rng.choices(list(left), weights=list(left.values()))[0]
        chosen.append(name)
        del left[name]
    return chosen


def mark_ballot(rng: random.Random, positions: tuple[PositionSpec, ...], mood: Mood) -> Ballot:
    """One voter's ballot."""
    r = rng.random()
    if r < BLANK_SHARE:
        return Ballot({})
    if r < BLANK_SHARE + INVALID_SHARE:
        return Ballot({p.id: Section(p.candidates) for p in positions})
    sections = {}
    for p in positions:
        k = p.seats - 1 if p.seats > 1 and rng.random() < FEWER_MARKS else p.seats
        names = _marks(rng, mood[p.id], k)
        if names and rng.random() < WRITE_IN_SHARE:
            names[-1] = rng.choice(WRITE_INS)
        if names:
            sections[p.id] = Section(tuple(names))
    return Ballot(sections)


def box_ballots(rng: random.Random, positions: tuple[PositionSpec, ...], mood: Mood, issued: int) -> list[Ballot]:
    """The ballots found in a box: as many as issued, less the one or two some voters took home."""
    lost = min(issued, rng.choice((0, 0, 0, 1, 2)))
    return [mark_ballot(rng, positions, mood) for _ in range(issued - lost)]


def sheet_of(ballots: list[Ballot], positions: tuple[PositionSpec, ...]) -> TallySheet:
    """The tally sheet (计票单) the counters would fill in for these ballots."""
    votes: dict[str, Counter[str]] = {p.id: Counter() for p in positions}
    invalid_sections: Counter[str] = Counter()
    invalid_ballots = 0
    for b in ballots:
        if ballot_is_invalid(b, positions):
            invalid_ballots += 1
            continue
        for p in positions:
            section = b.section(p.id)
            if judge_section(section, p.seats).is_invalid:
                invalid_sections[p.id] += 1
            else:
                votes[p.id].update(section.names)
    return TallySheet(len(ballots), invalid_ballots, {p: dict(v) for p, v in votes.items()}, dict(invalid_sections))
