"""Ballot entry and validity (选票有效性): one section per position, judged on its own."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import Enum


@dataclass(frozen=True)
class PositionSpec:
    """One position on the ballot: its id, seats (应选名额) and nominated candidates (候选人)."""

    id: str
    seats: int
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """What one ballot says for one position.

    `names` are the "for" marks and the write-ins (另选他人) together; a name that is not a candidate
    of the position is a write-in. `undecided` marks an unclear section waiting for the scrutineers
    (监票人); `ruled_invalid` is their decision that it cannot count.
    """

    names: tuple[str, ...] = ()
    undecided: bool = False
    ruled_invalid: bool = False


BLANK = Section()


class SectionVerdict(Enum):
    """How a section counts: only VALID sections give votes; BLANK ones count as cast, no votes."""

    VALID = "valid"
    BLANK = "blank"
    OVER_VOTED = "over_voted"          # more names than seats
    DUPLICATE_NAME = "duplicate_name"  # the same person twice: one voter cannot give two votes
    RULED_INVALID = "ruled_invalid"    # the scrutineers decided it cannot count
    UNDECIDED = "undecided"            # still waiting for the scrutineers

    @property
    def gives_votes(self) -> bool:
        """True when the section's names are counted."""
        return self is SectionVerdict.VALID

    @property
    def is_invalid(self) -> bool:
        """True for a section that was filled in but cannot count."""
        return self in (SectionVerdict.OVER_VOTED, SectionVerdict.DUPLICATE_NAME,
                        SectionVerdict.RULED_INVALID)


@dataclass(frozen=True)
class Ballot:
    """One ballot paper taken from a box: a section per position id (a missing one is blank)."""

    sections: Mapping[str, Section] = field(default_factory=dict)

    def section(self, position_id: str) -> Section:
        """The section for `position_id`; blank when the voter left it empty."""
        return self.sections.get(position_id, BLANK)

    @property
    def undecided(self) -> bool:
        """True while any section waits for the scrutineers."""
        return any(s.undecided for s in self.sections.values())


def judge_section(section: Section, seats: int) -> SectionVerdict:
    """Rule 2: a section with more names than seats, or one name twice, is invalid."""
    if section.undecided:
        return SectionVerdict.UNDECIDED
    if section.ruled_invalid:
        return SectionVerdict.RULED_INVALID
    if not section.names:
        return SectionVerdict.BLANK
    if len(section.names) > seats:
        return SectionVerdict.OVER_VOTED
    if len(set(section.names)) != len(section.names):
        return SectionVerdict.DUPLICATE_NAME
    return SectionVerdict.VALID


def ballot_is_invalid(ballot: Ballot, positions: tuple[PositionSpec, ...]) -> bool:
    """Rule 2: a ballot is invalid when every one of its sections is invalid (blank is not invalid)."""
    return all(judge_section(ballot.section(p.id), p.seats).is_invalid for p in positions)


def decide_section(section: Section, names: tuple[str, ...]) -> Section:
    """The scrutineers read an unclear section as `names`."""
    return replace(section, names=names, undecided=False, ruled_invalid=False)


def rule_section_invalid(section: Section) -> Section:
    """The scrutineers rule an unclear section invalid."""
    return replace(section, undecided=False, ruled_invalid=True)
