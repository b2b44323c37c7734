"""The three thresholds of the rule set, as exact fractions (过半数, 过半数当选, 三分之一)."""

from __future__ import annotations

from fractions import Fraction


def quorum_met(collected: int, electorate: int, fraction: Fraction) -> bool:
    """Rule 3: strictly more than `fraction` of the electorate took part; exactly half is not enough."""
    return collected > fraction * electorate


def wins_first_round(votes: int, collected: int, fraction: Fraction) -> bool:
    """Rule 4: strictly more than `fraction` of the ballots collected, invalid ones included."""
    return votes > 0 and votes > fraction * collected


def wins_further_round(votes: int, collected: int, fraction: Fraction) -> bool:
    """Rule 5: at least `fraction` of the ballots collected in the further round (另行选举)."""
    return votes > 0 and votes >= fraction * collected
