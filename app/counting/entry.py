"""Keyboard entry of a ballot while the caller (唱票人) reads it aloud: candidate numbers per position.

One line is one ballot. Positions come in the ballot's order (highest first), separated by ``/`` or Tab;
within a position, candidate NUMBERS (1 = first on the ballot) separated by spaces or commas, and any
other word is a write-in name (另选他人). When a position has at most 9 candidates, a run of digits is
one number per digit (``12`` = candidates 1 and 2), so a fast counter need not type spaces.
``-`` marks the section invalid (作废); ``?`` marks it undecided for the scrutineers (待认定).
A position left out at the end is blank. Full-width input (``１／２``, ``？``) is accepted.
Enter commits the ballot and Ctrl+Z undoes the last one: those keys belong to the screen, not here.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass

from app.candidates.ballot import ballot_layout
from app.counting.ballots import Ballot, PositionSpec, Section
from app.errors import PollDeskError

INVALID_KEY = "-"
UNDECIDED_KEY = "?"
_POSITION_BREAK = re.compile(r"[/\t]")
_TOKEN_BREAK = re.compile(r"[\s,、]+")


class EntryError(PollDeskError):
    """A typed ballot line that cannot be read; the counter corrects it and presses Enter again."""


@dataclass(frozen=True)
class PositionLayout:
    """One position as printed on the ballot: id, title, seats and candidates in ballot order."""

    id: str
    title: str
    seats: int
    candidates: tuple[str, ...]

    @property
    def spec(self) -> PositionSpec:
        """The engine's view of the position."""
        return PositionSpec(self.id, self.seats, self.candidates)


BallotLayout = tuple[PositionLayout, ...]


def ballot_order(conn: sqlite3.Connection, contest_id: str) -> BallotLayout:
    """The ballot paper of a contest as the counters see it: the printed ballot's positions and numbering.

    The order itself (passed candidates in surname stroke order, 姓氏笔画) is decided in one place,
    `app.candidates.ballot.ballot_layout`, so the count always matches the printed ballot.
    """
    try:
        printed = ballot_layout(conn, contest_id)
    except PollDeskError as exc:
        raise EntryError(exc.code, exc.text, **exc.params) from exc
    return tuple(PositionLayout(p.id, p.title, p.seats, tuple(name for _, name, _ in p.candidates))
                 for p in printed)


def positions_of(layout: BallotLayout) -> tuple[PositionSpec, ...]:
    """The engine's positions, in rank order."""
    return tuple(p.spec for p in layout)


def parse_entry(line: str, layout: BallotLayout) -> Ballot:
    """The ballot a typed line stands for, or EntryError saying what to fix."""
    text = unicodedata.normalize("NFKC", line).strip()
    parts = _POSITION_BREAK.split(text) if text else []
    if len(parts) > len(layout):
        raise EntryError("too_many_positions", "The line has {found} positions but the ballot has only {count}.",
                         found=len(parts), count=len(layout))
    sections = {}
    for part, position in zip(parts, layout, strict=False):
        section = parse_section(part, position)
        if section.names or section.undecided or section.ruled_invalid:
            sections[position.id] = section
    return Ballot(sections)


def parse_section(text: str, position: PositionLayout) -> Section:
    """One position's part of the line: numbers, write-in names, ``-`` (invalid) or ``?`` (undecided)."""
    names: list[str] = []
    undecided = invalid = False
    for token in _TOKEN_BREAK.split(text.strip()):
        if not token:
            continue
        while token and token[-1] in (INVALID_KEY, UNDECIDED_KEY):   # "3?" reads as 3 and undecided
            undecided |= token[-1] == UNDECIDED_KEY
            invalid |= token[-1] == INVALID_KEY
            token = token[:-1]
        if token.isdigit():
            names.extend(_numbered(token, position))
        elif token:
            names.append(token)
    if invalid:
        return Section(tuple(names), ruled_invalid=True)
    return Section(tuple(names), undecided=undecided)


def _numbered(token: str, position: PositionLayout) -> list[str]:
    numbers = [int(d) for d in token] if len(position.candidates) <= 9 else [int(token)]
    names = []
    for number in numbers:
        if not 1 <= number <= len(position.candidates):
            raise EntryError("no_such_candidate", "{position} has no candidate number {number} (1 to {count}).",
                             position=position.title, number=number, count=len(position.candidates))
        names.append(position.candidates[number - 1])
    return names


def format_entry(ballot: Ballot, layout: BallotLayout) -> str:
    """A ballot written back as an entry line (numbers for candidates, names for write-ins)."""
    parts = [format_section(ballot.section(p.id), p) for p in layout]
    while parts and not parts[-1]:
        parts.pop()
    return " / ".join(parts)


def format_section(section: Section, position: PositionLayout) -> str:
    """One section as typed: ``1 3 何平``, with ``-`` or ``?`` when it is invalid or undecided."""
    words = [str(position.candidates.index(n) + 1) if n in position.candidates else n for n in section.names]
    if section.ruled_invalid:
        words.append(INVALID_KEY)
    elif section.undecided:
        words.append(UNDECIDED_KEY)
    return " ".join(words)


def describe_section(section: Section, position: PositionLayout) -> str:
    """One section with names, as shown to the scrutineers: ``主任: 王建国``."""
    return f"{position.title}: {'、'.join(section.names) or '—'}{'?' if section.undecided else ''}"
