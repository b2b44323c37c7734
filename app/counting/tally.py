"""The tally of one round (计票结果): reconciliation, quorum, votes and seats, position by position."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from app.counting.aggregation import count_votes
from app.counting.ballots import Ballot, PositionSpec, ballot_is_invalid, judge_section
from app.counting.reconcile import BoxCount, reconciliation_problems
from app.counting.seats import fill_seats, ranked, runoff_candidates
from app.counting.thresholds import quorum_met, wins_first_round, wins_further_round
from app.election.rules import RuleSet
from app.errors import PollDeskError
from app.i18n import language, tr

__all__ = ["BoxCount", "CountingError", "PositionResult", "TallyInput", "TallyOutcome", "tally", "tally_totals"]


class CountingError(PollDeskError):
    """The ballots or counts given to the tally cannot be counted as they are."""


@dataclass(frozen=True)
class TallyInput:
    """Everything one round's tally needs; positions in rank order (first = highest)."""

    form: str                       # direct | household | representatives
    electorate: int                 # voters, households or representatives, by the form
    issued: int
    positions: tuple[PositionSpec, ...]
    ballots: tuple[Ballot, ...]
    round: int = 1                  # 1, or 2 for a further round (另行选举)
    rules: RuleSet = field(default_factory=RuleSet)
    boxes: tuple[BoxCount, ...] = ()


@dataclass(frozen=True)
class PositionResult:
    """One position's outcome; `votes` are the counts the seats were filled by."""

    id: str
    seats: int
    valid_sections: int
    votes: dict[str, int]
    elected: tuple[str, ...]
    unfilled: int
    runoff_candidates: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain data, votes most first then by name."""
        return {"id": self.id, "seats": self.seats, "valid_sections": self.valid_sections,
                "votes": {name: self.votes[name] for name in ranked(self.votes)},
                "elected": list(self.elected), "unfilled": self.unfilled,
                "runoff_candidates": list(self.runoff_candidates)}


@dataclass(frozen=True)
class TallyOutcome:
    """The round's result: whether it stands, why not, and each position's result."""

    valid_round: bool
    reason: str | None
    quorum_met: bool
    collected: int
    invalid_ballots: int
    positions: tuple[PositionResult, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain data in the documented `polldesk tally` shape."""
        return {"valid_round": self.valid_round, "reason": self.reason, "quorum_met": self.quorum_met,
                "collected": self.collected, "invalid_ballots": self.invalid_ballots,
                "positions": [p.to_dict() for p in self.positions]}


_QUORUM_REASONS = {
    "direct": "Only {collected} of {electorate} registered voters took part, not more than {fraction} "
              "of them: the quorum is not met and no one is elected.",
    "household": "Only {collected} of {electorate} households took part, not more than {fraction} "
                 "of them: the quorum is not met and no one is elected.",
    "representatives": "Only {collected} of {electorate} residents' representatives took part, not more "
                       "than {fraction} of them: the quorum is not met and no one is elected.",
}


_CHINESE_DIGITS = "零一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """1-99 in Chinese numerals (二, 十, 十二, 二十三)."""
    tens, units = divmod(n, 10)
    if not tens:
        return _CHINESE_DIGITS[units]
    return (_CHINESE_DIGITS[tens] if tens > 1 else "") + "十" + (_CHINESE_DIGITS[units] if units else "")


def share_words(fraction: Fraction) -> str:
    """A rule's share as the reader says it: 半数, 三分之二 in Chinese; 1/2, 2/3 in English."""
    if language() != "zh_CN" or not 0 < fraction < 1 or fraction.denominator > 99:
        return str(fraction)
    if fraction == Fraction(1, 2):
        return "半数"
    return f"{_chinese_number(fraction.denominator)}分之{_chinese_number(fraction.numerator)}"


def _quorum_reason(form: str, collected: int, electorate: int, fraction: Fraction) -> str:
    return tr(_QUORUM_REASONS[form], collected=collected, electorate=electorate, fraction=share_words(fraction))


def _sentences(reasons: list[str]) -> str | None:
    """The reasons as one text; Chinese sentences follow each other without a space."""
    return ("" if language() == "zh_CN" else " ").join(reasons) or None


def tally(given: TallyInput) -> TallyOutcome:
    """Count one round by DOMAIN.md's rules 1-6 with the round's rule set."""
    _check_countable(given)
    rules = given.rules
    collected = len(given.ballots)
    reasons = reconciliation_problems(given.issued, collected, given.boxes)
    valid_round = not reasons
    quorum = quorum_met(collected, given.electorate, rules.fraction("quorum_fraction"))
    if not quorum:
        reasons.append(_quorum_reason(given.form, collected, given.electorate, rules.fraction("quorum_fraction")))
    votes = count_votes(given.ballots, given.positions, rules.higher_position_aggregation)
    results: list[PositionResult] = []
    elected_higher: set[str] = set()
    for position in given.positions:
        valid_sections = sum(
            not judge_section(b.section(position.id), position.seats).is_invalid for b in given.ballots)
        counts = dict(votes[position.id])
        if valid_round and quorum:
            elected, runoff = _fill(given, position, counts, collected, elected_higher)
            elected_higher.update(elected)
        else:
            elected, runoff = (), ()
        results.append(PositionResult(position.id, position.seats, valid_sections, counts, elected,
                                      position.seats - len(elected), runoff))
    return TallyOutcome(valid_round, _sentences(reasons), quorum, collected,
                        sum(ballot_is_invalid(b, given.positions) for b in given.ballots), tuple(results))


def _fill(given: TallyInput, position: PositionSpec, counts: dict[str, int], collected: int,
          elected_higher: set[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if given.round == 1:
        winning = given.rules.fraction("winning_fraction")
        filling = fill_seats(counts, position.seats,
                             lambda n: wins_first_round(n, collected, winning), elected_higher)
    else:
        runoff = given.rules.fraction("runoff_fraction")
        filling = fill_seats(counts, position.seats,
                             lambda n: wins_further_round(n, collected, runoff), elected_higher)
    unfilled = position.seats - len(filling.elected)
    return filling.elected, runoff_candidates(counts, unfilled, elected_higher | set(filling.elected))


def _check_countable(given: TallyInput) -> None:
    """Refuse a tally that cannot be counted yet: unclear marks left, or ballots for unknown positions."""
    undecided = sum(b.undecided for b in given.ballots)
    if undecided:
        raise CountingError(
            "undecided_ballots", "{count} ballots still have unclear marks: the scrutineers must "
            "decide each one before the tally.", count=undecided)
    known = {p.id for p in given.positions}
    unknown = sorted({pid for b in given.ballots for pid in b.sections} - known)
    if unknown:
        raise CountingError("unknown_position", "A ballot names a position that is not on this "
                            "ballot paper: {ids}.", ids=", ".join(unknown))
    if given.boxes:
        box_collected = sum(box.collected for box in given.boxes)
        box_issued = sum(box.issued for box in given.boxes)
        if box_collected != len(given.ballots) or box_issued != given.issued:
            raise CountingError(
                "boxes_do_not_add_up", "The boxes add up to {issued} issued and {collected} collected, "
                "but the totals are {total_issued} issued and {total_collected} collected. Check the "
                "box figures.", issued=box_issued, collected=box_collected,
                total_issued=given.issued, total_collected=len(given.ballots))


def tally_totals(given: TallyInput, votes: dict[str, dict[str, int]], collected: int, invalid_ballots: int,
                 valid_sections: dict[str, int]) -> TallyOutcome:
    """Count one round from totals (tally sheets, 计票单) instead of ballots: rules 1 and 3-5 as `tally()`.

    `given.ballots` is not read; `votes` are per position id, every candidate included. Rule 6 needs the
    ballots themselves, so it cannot be applied here (the caller refuses it).
    """
    rules = given.rules
    reasons = reconciliation_problems(given.issued, collected, given.boxes)
    valid_round = not reasons
    quorum = quorum_met(collected, given.electorate, rules.fraction("quorum_fraction"))
    if not quorum:
        reasons.append(_quorum_reason(given.form, collected, given.electorate, rules.fraction("quorum_fraction")))
    results: list[PositionResult] = []
    elected_higher: set[str] = set()
    for position in given.positions:
        counts = {name: 0 for name in position.candidates} | {
            name: n for name, n in votes.get(position.id, {}).items() if n or name in position.candidates}
        if valid_round and quorum:
            elected, runoff = _fill(given, position, counts, collected, elected_higher)
            elected_higher.update(elected)
        else:
            elected, runoff = (), ()
        results.append(PositionResult(position.id, position.seats, valid_sections.get(position.id, 0), counts,
                                      elected, position.seats - len(elected), runoff))
    return TallyOutcome(valid_round, _sentences(reasons), quorum, collected, invalid_ballots, tuple(results))
