"""Filling the seats of one position, highest first, and naming the further round's candidates."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import groupby

RUNOFF_MARGIN = 1   # further round: one candidate more than the seats left (the least 差额), ties added


def ranked(votes: Mapping[str, int]) -> list[str]:
    """Names by votes, most first, then by name: the one order used everywhere."""
    return sorted(votes, key=lambda name: (-votes[name], name))


@dataclass(frozen=True)
class SeatFilling:
    """Who took a seat, and who tied for the last one (they elect nobody and go to a new round)."""

    elected: tuple[str, ...]
    tied: tuple[str, ...]


def fill_seats(votes: Mapping[str, int], seats: int, reaches: Callable[[int], bool],
               passed_over: Iterable[str] = ()) -> SeatFilling:
    """Rules 4 and 5: elect those reaching the threshold, highest first, while seats remain.

    A group with equal votes that does not fit in the seats left elects nobody. `passed_over` are
    people already elected to a higher position in this round: they cannot take a second seat.
    """
    skip = set(passed_over)
    remaining = seats
    elected: list[str] = []
    tied: list[str] = []
    order = [name for name in ranked(votes) if name not in skip]
    for count, group_iter in groupby(order, key=lambda name: votes[name]):
        group = list(group_iter)
        if remaining == 0 or not reaches(count):
            break
        if len(group) > remaining:
            tied = group
            break
        elected.extend(group)
        remaining -= len(group)
    return SeatFilling(tuple(elected), tuple(tied))


def runoff_candidates(votes: Mapping[str, int], unfilled: int,
                      not_eligible: Iterable[str]) -> tuple[str, ...]:
    """Rule 5: the best non-elected, `unfilled + RUNOFF_MARGIN` of them, everyone tied at the cut added."""
    if unfilled <= 0:
        return ()
    skip = set(not_eligible)
    pool = [name for name in ranked(votes) if name not in skip]
    wanted = unfilled + RUNOFF_MARGIN
    if len(pool) <= wanted:
        return tuple(pool)
    cut = votes[pool[wanted - 1]]
    return tuple(name for name in pool if votes[name] >= cut)
