"""The count's records at a station (计票记录): ballots entered one by one, or tally-sheet totals, per box.

SECRECY (无记名投票). A counted ballot holds its contest, its box, a RANDOM opaque id (16 hex digits from
`secrets`, never sequential, no time in it) and its sections - NO voter id, NO household, NO issuance
sequence, NO time of entry or issuance. The tables are WITHOUT ROWID, so rows are kept in the order of
their random ids, not of entry. While a box is being counted a ballot carries its stack number (its
place in the pile as read out: the pile is the box emptied and mixed, not the issuance order), needed
for undo and for comparing a double entry; it is cleared when the double entry is reconciled and at
certification. Audit entries name the box and a count, never a ballot id or its content.

Writes need the `enter_ballots` permission and the poll in state "counting" (checked in `check_counting`).
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.audit import append_event
from app.audit.log import HasActor
from app.auth import Action, require
from app.counting.ballots import Ballot, PositionSpec, Section
from app.counting.tally_file import tally_input_from_dict
from app.db import transaction
from app.errors import PollDeskError
from app.pollbook.state import require_state

MODES = ("ballots", "sheet")


class CountStoreError(PollDeskError):
    """A counting record that cannot be written as asked."""


@dataclass(frozen=True)
class StoredBallot:
    """A ballot as stored: its random id, box, entry pass, stack number (while counting) and content."""

    ballot_id: str
    box_id: str
    entry_pass: int
    stack_no: int | None
    ballot: Ballot


@dataclass(frozen=True)
class TallySheet:
    """A box counted on paper (计票单): ballots collected, invalid ones, votes per name per position.

    `invalid_sections` are sections found invalid on ballots that still counted (per position);
    the invalid ballots' sections are included by themselves.
    """

    collected: int
    invalid_ballots: int
    votes: Mapping[str, Mapping[str, int]]
    invalid_sections: Mapping[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain data as stored."""
        return {"collected": self.collected, "invalid_ballots": self.invalid_ballots,
                "votes": {p: dict(v) for p, v in self.votes.items()},
                "invalid_sections": dict(self.invalid_sections)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TallySheet:
        """The sheet stored by `to_dict`."""
        return cls(int(data["collected"]), int(data["invalid_ballots"]),
                   {p: {n: int(c) for n, c in v.items()} for p, v in data["votes"].items()},
                   {p: int(c) for p, c in data.get("invalid_sections", {}).items()})


# ---- the one poll-state check, and the contest and box lookups -------------------------------------------


def check_counting(conn: sqlite3.Connection) -> None:
    """Counting records may change only while the station's poll is "counting" (开箱计票)."""
    require_state(conn, "counting")


def contest_row(conn: sqlite3.Connection, contest_id: str) -> sqlite3.Row:
    """The contest, or CountStoreError "unknown_contest"."""
    row = conn.execute("SELECT * FROM contests WHERE id = ?", (contest_id,)).fetchone()
    if row is None:
        raise CountStoreError("unknown_contest", "There is no contest {contest} in this file.", contest=contest_id)
    return row


def contest_boxes(conn: sqlite3.Connection, contest_id: str) -> list[sqlite3.Row]:
    """The ballot boxes of the contest's community (id, name, kind, place_code), fixed boxes first."""
    community = contest_row(conn, contest_id)["community_code"]
    return conn.execute(
        "SELECT b.id, b.name, b.kind, b.place_code FROM ballot_boxes b JOIN voting_places p ON p.code = b.place_code"
        " WHERE p.community_code = ? ORDER BY b.kind, b.id", (community,)).fetchall()


def _check_box(conn: sqlite3.Connection, contest_id: str, box_id: str) -> None:
    if box_id not in {b["id"] for b in contest_boxes(conn, contest_id)}:
        raise CountStoreError("box_unknown", "There is no ballot box {box} in this contest's community.", box=box_id)


def _box_setting(conn: sqlite3.Connection, contest_id: str, box_id: str) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM count_boxes WHERE contest_id = ? AND box_id = ?",
                        (contest_id, box_id)).fetchone()


def _ensure_box(conn: sqlite3.Connection, contest_id: str, box_id: str, mode: str) -> sqlite3.Row:
    """The box's counting row, made in `mode`; refused when the box is already counted the other way."""
    _check_box(conn, contest_id, box_id)
    row = _box_setting(conn, contest_id, box_id)
    if row is None:
        conn.execute("INSERT INTO count_boxes(contest_id, box_id, mode) VALUES (?,?,?)", (contest_id, box_id, mode))
        row = _box_setting(conn, contest_id, box_id)
        assert row is not None
    elif row["mode"] != mode:
        raise CountStoreError("box_mode", "Box {box} is being counted from a tally sheet: clear the sheet before "
                              "entering ballots one by one.", box=box_id) if row["mode"] == "sheet" else \
            CountStoreError("box_mode", "Box {box} already has ballots entered one by one: undo them before "
                            "entering a tally sheet.", box=box_id)
    return row


def _begin(conn: sqlite3.Connection, session: HasActor, action: str = Action.ENTER_BALLOTS) -> None:
    require(session, action)
    check_counting(conn)


# ---- ballots one by one ---------------------------------------------------------------------------------


def ballot_to_json(ballot: Ballot) -> str:
    """A ballot in the tally file's section form, as canonical JSON (blank sections left out)."""
    data: dict[str, Any] = {}
    for pid, s in sorted(ballot.sections.items()):
        if s.undecided or s.ruled_invalid:
            data[pid] = {"names": list(s.names), **({"undecided": True} if s.undecided else {}),
                         **({"ruled_invalid": True} if s.ruled_invalid else {})}
        elif s.names:
            data[pid] = list(s.names)
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def ballot_from_json(text: str) -> Ballot:
    """The ballot stored by `ballot_to_json`."""
    sections: dict[str, Section] = {}
    for pid, entry in json.loads(text).items():
        if isinstance(entry, list):
            sections[pid] = Section(tuple(entry))
        else:
            sections[pid] = Section(tuple(entry["names"]), bool(entry.get("undecided")),
                                    bool(entry.get("ruled_invalid")))
    return Ballot(sections)


def ballots_from_list(positions: tuple[PositionSpec, ...], data: Any) -> tuple[Ballot, ...]:
    """Ballots from a tally file's "ballots" list, checked by the tally file's own reader."""
    given = tally_input_from_dict({
        "form": "direct", "electorate": 1, "issued": 0, "ballots": data,
        "positions": [{"id": p.id, "seats": p.seats, "candidates": list(p.candidates)} for p in positions]})
    return given.ballots


def _next_stack_no(conn: sqlite3.Connection, contest_id: str, box_id: str, entry_pass: int) -> int:
    row = conn.execute("SELECT COALESCE(MAX(stack_no), 0) FROM counted_ballots WHERE contest_id = ? AND box_id = ?"
                       " AND entry_pass = ?", (contest_id, box_id, entry_pass)).fetchone()
    return int(row[0]) + 1


def _insert(conn: sqlite3.Connection, contest_id: str, box_id: str, entry_pass: int, stack_no: int | None,
            ballot: Ballot) -> str:
    ballot_id = secrets.token_hex(8)
    conn.execute("INSERT INTO counted_ballots(ballot_id, contest_id, box_id, entry_pass, stack_no, sections, state)"
                 " VALUES (?,?,?,?,?,?,?)", (ballot_id, contest_id, box_id, entry_pass, stack_no,
                                            ballot_to_json(ballot), "undecided" if ballot.undecided else "decided"))
    return ballot_id


def _check_pass(row: sqlite3.Row, entry_pass: int) -> None:
    if entry_pass not in (1, 2):
        raise CountStoreError("bad_pass", "The entry pass must be 1 or 2.")
    if row["reconciled"]:
        raise CountStoreError("box_reconciled", "Box {box} has been checked and closed: its ballots can no longer "
                              "be changed here.", box=row["box_id"])
    if entry_pass == 2 and not row["double_entry"]:
        raise CountStoreError("no_double_entry", "Box {box} is not set for double entry.", box=row["box_id"])


def enter_ballots(conn: sqlite3.Connection, session: HasActor, contest_id: str, box_id: str,
                  ballots: Iterable[Ballot], entry_pass: int = 1) -> list[str]:
    """Store ballots of one box in the order read out (one transaction, one audit entry); their random ids."""
    _begin(conn, session)
    ballots = list(ballots)
    with transaction(conn):
        _check_pass(_ensure_box(conn, contest_id, box_id, "ballots"), entry_pass)
        first = _next_stack_no(conn, contest_id, box_id, entry_pass)
        ids = [_insert(conn, contest_id, box_id, entry_pass, first + i, b) for i, b in enumerate(ballots)]
        append_event(conn, session, "ballots_entered",
                     {"contest": contest_id, "box": box_id, "pass": entry_pass, "count": len(ids)})
    return ids


def enter_ballot(conn: sqlite3.Connection, session: HasActor, contest_id: str, box_id: str, ballot: Ballot,
                 entry_pass: int = 1) -> str:
    """Store one ballot (Enter on the counting board); its random id."""
    return enter_ballots(conn, session, contest_id, box_id, [ballot], entry_pass)[0]


def undo_last_ballot(conn: sqlite3.Connection, session: HasActor, contest_id: str, box_id: str,
                     entry_pass: int = 1) -> Ballot | None:
    """Remove the ballot entered last in this box and pass (None when there is none)."""
    _begin(conn, session)
    with transaction(conn):
        row = _box_setting(conn, contest_id, box_id)
        if row is None:
            return None
        _check_pass(row, entry_pass)
        last = conn.execute("SELECT ballot_id, sections FROM counted_ballots WHERE contest_id = ? AND box_id = ? AND"
                            " entry_pass = ? ORDER BY stack_no DESC LIMIT 1", (contest_id, box_id, entry_pass)).fetchone()
        if last is None:
            return None
        conn.execute("DELETE FROM counted_ballots WHERE ballot_id = ?", (last["ballot_id"],))
        append_event(conn, session, "ballot_entry_undone",
                     {"contest": contest_id, "box": box_id, "pass": entry_pass})
    return ballot_from_json(last["sections"])


def replace_ballot(conn: sqlite3.Connection, session: HasActor, contest_id: str, box_id: str, entry_pass: int,
                   stack_no: int, ballot: Ballot) -> None:
    """Correct the ballot at a stack position (after a double-entry difference was read again)."""
    _begin(conn, session)
    with transaction(conn):
        row = _box_setting(conn, contest_id, box_id)
        if row is None:
            raise CountStoreError("no_ballot_there", "Box {box} has no ballot number {number} in entry {entry_pass}.",
                                  box=box_id, number=stack_no, entry_pass=entry_pass)
        _check_pass(row, entry_pass)
        done = conn.execute("UPDATE counted_ballots SET sections = ?, state = ? WHERE contest_id = ? AND box_id = ?"
                            " AND entry_pass = ? AND stack_no = ?",
                            (ballot_to_json(ballot), "undecided" if ballot.undecided else "decided", contest_id,
                             box_id, entry_pass, stack_no)).rowcount
        if done != 1:
            raise CountStoreError("no_ballot_there", "Box {box} has no ballot number {number} in entry {entry_pass}.",
                                  box=box_id, number=stack_no, entry_pass=entry_pass)
        append_event(conn, session, "ballot_corrected",
                     {"contest": contest_id, "box": box_id, "pass": entry_pass})


def resolve_undecided(conn: sqlite3.Connection, session: HasActor, ballot_id: str, ballot: Ballot) -> None:
    """The scrutineers' reading of an unclear ballot (names, or sections ruled invalid) replaces it."""
    _begin(conn, session)
    if ballot.undecided:
        raise CountStoreError("still_undecided", "Decide every unclear section (names, or invalid) before saving.")
    with transaction(conn):
        row = conn.execute("SELECT contest_id, box_id FROM counted_ballots WHERE ballot_id = ? AND state = 'undecided'",
                           (ballot_id,)).fetchone()
        if row is None:
            raise CountStoreError("not_undecided", "That ballot is not waiting for the scrutineers.")
        conn.execute("UPDATE counted_ballots SET sections = ?, state = 'decided' WHERE ballot_id = ?",
                     (ballot_to_json(ballot), ballot_id))
        append_event(conn, session, "undecided_resolved", {"contest": row["contest_id"], "box": row["box_id"]})


def stored_ballots(conn: sqlite3.Connection, contest_id: str, box_id: str | None = None,
                   entry_pass: int = 1) -> list[StoredBallot]:
    """The ballots of a contest (or one box) in one entry pass, in the order of their random ids."""
    sql = ("SELECT ballot_id, box_id, entry_pass, stack_no, sections FROM counted_ballots WHERE contest_id = ?"
           " AND entry_pass = ?")
    params: list[Any] = [contest_id, entry_pass]
    if box_id is not None:
        sql += " AND box_id = ?"
        params.append(box_id)
    return [StoredBallot(r["ballot_id"], r["box_id"], r["entry_pass"], r["stack_no"], ballot_from_json(r["sections"]))
            for r in conn.execute(sql + " ORDER BY ballot_id", params)]


def undecided_ballots(conn: sqlite3.Connection, contest_id: str) -> list[StoredBallot]:
    """Ballots of the first entry still waiting for the scrutineers (待认定)."""
    return [b for b in stored_ballots(conn, contest_id) if b.ballot.undecided]


# ---- tally sheets, issued figures, double entry --------------------------------------------------------------


def enter_tally_sheet(conn: sqlite3.Connection, session: HasActor, contest_id: str, box_id: str,
                      sheet: TallySheet) -> None:
    """Store (or replace) a box's tally-sheet totals instead of its ballots one by one."""
    _begin(conn, session)
    check_sheet(conn, contest_id, sheet)
    with transaction(conn):
        _ensure_box(conn, contest_id, box_id, "sheet")
        conn.execute("UPDATE count_boxes SET sheet = ? WHERE contest_id = ? AND box_id = ?",
                     (json.dumps(sheet.to_dict(), ensure_ascii=False, sort_keys=True), contest_id, box_id))
        append_event(conn, session, "tally_sheet_entered",
                     {"contest": contest_id, "box": box_id, "count": sheet.collected})


def check_sheet(conn: sqlite3.Connection, contest_id: str, sheet: TallySheet) -> None:
    """Refuse a sheet whose figures cannot be right (a name with more votes than ballots, too many votes)."""
    seats = {r["id"]: int(r["seats"]) for r in conn.execute("SELECT id, seats FROM positions WHERE contest_id = ?",
                                                           (contest_id,))}
    if sheet.collected < 0 or not 0 <= sheet.invalid_ballots <= sheet.collected:
        raise CountStoreError("sheet_figures", "The invalid ballots cannot be more than the ballots collected.")
    for pid, votes in sheet.votes.items():
        if pid not in seats:
            raise CountStoreError("unknown_position", "A ballot names a position that is not on this ballot paper: "
                                  "{ids}.", ids=pid)
        valid = sheet.collected - sheet.invalid_ballots - sheet.invalid_sections.get(pid, 0)
        if any(n < 0 or n > valid for n in votes.values()) or sum(votes.values()) > seats[pid] * valid:
            raise CountStoreError("sheet_figures", "The votes for {position} do not fit the {valid} valid ballots: "
                                  "check the tally sheet.", position=pid, valid=valid)


def tally_sheet(conn: sqlite3.Connection, contest_id: str, box_id: str) -> TallySheet | None:
    """A box's tally sheet, if it is counted that way."""
    row = _box_setting(conn, contest_id, box_id)
    if row is None or row["sheet"] is None:
        return None
    return TallySheet.from_dict(json.loads(row["sheet"]))


def set_issued(conn: sqlite3.Connection, session: HasActor, contest_id: str, box_id: str, issued: int) -> None:
    """Enter the ballots issued into a box whose issuing this file's poll book did not record."""
    _begin(conn, session)
    if issued < 0:
        raise CountStoreError("bad_count", "The number of ballots issued cannot be negative.")
    with transaction(conn):
        row = _box_setting(conn, contest_id, box_id)
        _ensure_box(conn, contest_id, box_id, row["mode"] if row is not None else "ballots")
        conn.execute("UPDATE count_boxes SET issued_entered = ? WHERE contest_id = ? AND box_id = ?",
                     (issued, contest_id, box_id))
        append_event(conn, session, "issued_entered", {"contest": contest_id, "box": box_id, "issued": issued})


def set_double_entry(conn: sqlite3.Connection, session: HasActor, contest_id: str, box_id: str, on: bool) -> None:
    """Have a second counter enter the same box (双人录入), compared ballot by ballot before it closes."""
    _begin(conn, session)
    with transaction(conn):
        row = _ensure_box(conn, contest_id, box_id, "ballots")
        _check_pass(row, 1)
        if not on and conn.execute("SELECT 1 FROM counted_ballots WHERE contest_id = ? AND box_id = ? AND"
                                   " entry_pass = 2", (contest_id, box_id)).fetchone():
            raise CountStoreError("second_entry_exists", "The second entry of box {box} has ballots: undo them "
                                  "first.", box=box_id)
        conn.execute("UPDATE count_boxes SET double_entry = ? WHERE contest_id = ? AND box_id = ?",
                     (int(on), contest_id, box_id))


@dataclass(frozen=True)
class EntryDifference:
    """A stack position where the two counters' entries differ (or one has no ballot)."""

    stack_no: int
    first: Ballot | None
    second: Ballot | None


def double_entry_differences(conn: sqlite3.Connection, contest_id: str, box_id: str) -> list[EntryDifference]:
    """Where the first and second entries of a box disagree, by stack number."""
    entries = [{b.stack_no: b.ballot for b in stored_ballots(conn, contest_id, box_id, p)} for p in (1, 2)]
    numbers = sorted({n for e in entries for n in e if n is not None})
    return [EntryDifference(n, entries[0].get(n), entries[1].get(n)) for n in numbers
            if entries[0].get(n) != entries[1].get(n)]


def close_double_entry(conn: sqlite3.Connection, session: HasActor, contest_id: str, box_id: str) -> int:
    """Accept a box whose two entries agree: keep one, drop the other and the stack numbers; the ballots kept."""
    _begin(conn, session)
    with transaction(conn):
        row = _box_setting(conn, contest_id, box_id)
        if row is None or not row["double_entry"]:
            raise CountStoreError("no_double_entry", "Box {box} is not set for double entry.", box=box_id)
        _check_pass(row, 1)
        differences = double_entry_differences(conn, contest_id, box_id)
        if differences:
            raise CountStoreError("entries_differ", "The two entries of box {box} differ at {count} ballots "
                                  "(first at number {number}): read those ballots again and correct the entry.",
                                  box=box_id, count=len(differences), number=differences[0].stack_no)
        conn.execute("DELETE FROM counted_ballots WHERE contest_id = ? AND box_id = ? AND entry_pass = 2",
                     (contest_id, box_id))
        conn.execute("UPDATE counted_ballots SET stack_no = NULL WHERE contest_id = ? AND box_id = ?",
                     (contest_id, box_id))
        conn.execute("UPDATE count_boxes SET reconciled = 1 WHERE contest_id = ? AND box_id = ?", (contest_id, box_id))
        kept = int(conn.execute("SELECT COUNT(*) FROM counted_ballots WHERE contest_id = ? AND box_id = ?",
                                (contest_id, box_id)).fetchone()[0])
        append_event(conn, session, "double_entry_closed", {"contest": contest_id, "box": box_id, "count": kept})
    return kept


def counting_contests(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(id, name) of the contests of this station's community, the committee first: what can be counted here."""
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT k.id, k.name FROM contests k WHERE k.community_code IN (SELECT p.community_code FROM voting_places p"
        " JOIN file_meta m ON m.key = 'place_code' AND m.value = p.code) ORDER BY k.kind != 'committee', k.id")]


def own_box(conn: sqlite3.Connection, contest_id: str) -> str:
    """This voting place's own fixed ballot box: the one counted by default."""
    place = conn.execute("SELECT value FROM file_meta WHERE key = 'place_code'").fetchone()
    for box in contest_boxes(conn, contest_id):
        if place is not None and box["place_code"] == place[0] and box["kind"] == "fixed":
            return str(box["id"])
    raise CountStoreError("no_ballot_box", "This voting place has no ballot box in the election setup.")
