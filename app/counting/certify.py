"""Reconciling, tallying and certifying a contest's count at a station (核对票数, 计票结果, 签署确认).

The engine (`tally`) runs on the stored ballots, or on tally-sheet totals (`tally_totals`) when a box was
counted on paper. The chief certifies (`certify_results`): the result data is written as canonical JSON
with its SHA-256, and triggers refuse any later change to that contest's counting records. When every
contest counted at the station is certified, the poll moves to "certified".
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from dataclasses import dataclass
from typing import Any

from app.audit import Clock, append_event, system_clock
from app.audit.log import HasActor
from app.auth import Action, require
from app.counting.aggregation import count_votes
from app.counting.ballots import Ballot, ballot_is_invalid, judge_section
from app.counting.entry import BallotLayout, ballot_order, positions_of
from app.counting.store import (
    CountStoreError,
    check_counting,
    contest_boxes,
    contest_row,
    stored_ballots,
    tally_sheet,
    undecided_ballots,
)
from app.counting.tally import BoxCount, TallyInput, TallyOutcome, tally, tally_totals
from app.db import transaction
from app.election.store import read_election
from app.pollbook.state import certify_poll, poll_state
from app.pollbook.turnout import contest_turnout

FORMAT = "PDR1"


@dataclass(frozen=True)
class BoxFigures:
    """One box's reconciliation line: issued (and where the figure comes from) against collected."""

    box_id: str
    name: str
    kind: str
    mode: str                 # ballots | sheet | "" (not counted yet)
    issued: int | None        # None: not in this file's poll book and not entered yet
    issued_source: str        # pollbook | entered | missing
    collected: int
    double_entry_open: bool   # a second entry is still to be compared

    @property
    def reconciles(self) -> bool:
        """Rule 1 for this box: collected <= issued (an unknown issued figure does not reconcile)."""
        return self.issued is not None and self.collected <= self.issued


@dataclass(frozen=True)
class CertifiedResult:
    """A certified contest: its canonical result JSON, the SHA-256 over it, and whether it still matches."""

    contest_id: str
    data: dict[str, Any]
    text: str
    sha256: str

    @property
    def intact(self) -> bool:
        """True when the stored JSON still hashes to the stored SHA-256."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest() == self.sha256

    def qr_payload(self) -> str:
        """`PDR1|contest|electorate|collected|invalid|elected (; between positions)|sha256 first 16`."""
        d, o = self.data, self.data["outcome"]
        elected = ";".join(",".join(p["elected"]) for p in o["positions"])
        return "|".join([FORMAT, d["contest"], str(d["electorate"]), str(o["collected"]),
                         str(o["invalid_ballots"]), elected, self.sha256[:16]])


def canonical_json(data: Any) -> str:
    """Sorted keys, no spaces, UTF-8 characters as they are: the text the hash is taken over."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def _station_place(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM file_meta WHERE key = 'place_code'").fetchone()
    return str(row[0]) if row else None


def box_figures(conn: sqlite3.Connection, contest_id: str) -> list[BoxFigures]:
    """Per box of the contest's community: issued (poll book, else entered) and collected (ballots or sheet)."""
    place = _station_place(conn)
    issued_by_box = Counter({r[0]: int(r[1]) for r in conn.execute(
        "SELECT box_id, COUNT(*) FROM issuances WHERE contest_id = ? GROUP BY box_id", (contest_id,))})
    recorded = {r[0] for r in conn.execute(
        "SELECT DISTINCT box_id FROM issuance_events WHERE contest_id = ? AND box_id IS NOT NULL", (contest_id,))}
    collected = Counter({r[0]: int(r[1]) for r in conn.execute(
        "SELECT box_id, COUNT(*) FROM counted_ballots WHERE contest_id = ? AND entry_pass = 1 GROUP BY box_id",
        (contest_id,))})
    settings = {r["box_id"]: r for r in conn.execute("SELECT * FROM count_boxes WHERE contest_id = ?", (contest_id,))}
    figures = []
    for box in contest_boxes(conn, contest_id):
        setting = settings.get(box["id"])
        if box["place_code"] == place or box["id"] in recorded:
            issued, source = issued_by_box[box["id"]], "pollbook"
        elif setting is not None and setting["issued_entered"] is not None:
            issued, source = int(setting["issued_entered"]), "entered"
        else:
            issued, source = None, "missing"
        mode = setting["mode"] if setting is not None else ""
        sheet = tally_sheet(conn, contest_id, box["id"]) if mode == "sheet" else None
        figures.append(BoxFigures(
            box["id"], box["name"], box["kind"], mode, issued, source,
            sheet.collected if sheet is not None else collected[box["id"]],
            bool(setting is not None and setting["double_entry"] and not setting["reconciled"])))
    return figures


def running_totals(conn: sqlite3.Connection, contest_id: str) -> dict[str, Counter[str]]:
    """Votes so far per position (valid sections of decided ballots, plus tally sheets): the counting board."""
    layout = ballot_order(conn, contest_id)
    ballots = tuple(b.ballot for b in stored_ballots(conn, contest_id) if not b.ballot.undecided)
    votes = count_votes(ballots, positions_of(layout), aggregate=False)
    for box in box_figures(conn, contest_id):
        sheet = tally_sheet(conn, contest_id, box.box_id) if box.mode == "sheet" else None
        if sheet is not None:
            for pid, counts in sheet.votes.items():
                votes.setdefault(pid, Counter()).update(counts)
    return votes


def tally_contest(conn: sqlite3.Connection, contest_id: str) -> tuple[TallyOutcome, TallyInput]:
    """The engine's outcome of the contest on what is stored now (refused while ballots are undecided).

    A further round (另行选举, the contest's `round` 2 or more) is counted by the further-round rule.
    """
    contest = contest_row(conn, contest_id)
    layout = ballot_order(conn, contest_id)
    election = read_election(conn)
    boxes = [b for b in box_figures(conn, contest_id) if b.mode or (b.issued or 0) > 0]
    issued = sum(b.issued or 0 for b in boxes)
    ballots = tuple(b.ballot for b in stored_ballots(conn, contest_id))
    given = TallyInput(form=contest["form"], electorate=int(contest_turnout(conn, contest)["electorate"]),
                       issued=issued, positions=positions_of(layout), ballots=ballots, round=int(contest["round"]),
                       rules=election.rules,
                       boxes=tuple(BoxCount(b.box_id, b.issued or 0, b.collected) for b in boxes))
    sheets = [s for s in (tally_sheet(conn, contest_id, b.box_id) for b in boxes if b.mode == "sheet") if s]
    if not sheets:
        return tally(given), given
    if election.rules.higher_position_aggregation:
        raise CountStoreError("sheet_with_aggregation", "Votes for a higher position count for a lower one in this "
                              "election: every box must be entered ballot by ballot, not from a tally sheet.")
    return _tally_with_sheets(given, ballots, sheets), given


def _tally_with_sheets(given: TallyInput, ballots: tuple[Ballot, ...], sheets: list[Any]) -> TallyOutcome:
    tally(TallyInput(given.form, given.electorate, given.issued, given.positions, ballots))  # undecided check
    votes = count_votes(ballots, given.positions, aggregate=False)
    valid = {p.id: sum(not judge_section(b.section(p.id), p.seats).is_invalid for b in ballots)
             for p in given.positions}
    for sheet in sheets:
        for p in given.positions:
            votes[p.id].update(sheet.votes.get(p.id, {}))
            valid[p.id] += sheet.collected - sheet.invalid_ballots - sheet.invalid_sections.get(p.id, 0)
    collected = len(ballots) + sum(s.collected for s in sheets)
    invalid = sum(ballot_is_invalid(b, given.positions) for b in ballots) + sum(s.invalid_ballots for s in sheets)
    return tally_totals(given, {p: dict(v) for p, v in votes.items()}, collected, invalid, valid)


def _check_certifiable(conn: sqlite3.Connection, contest_id: str, boxes: list[BoxFigures]) -> None:
    if certified_result(conn, contest_id) is not None:
        raise CountStoreError("already_certified", "The results of {contest} are already certified.",
                              contest=contest_id)
    undecided = len(undecided_ballots(conn, contest_id))
    if undecided:
        raise CountStoreError("undecided_ballots", "{count} ballots still have unclear marks: the scrutineers must "
                              "decide each one before the tally.", count=undecided)
    for box in boxes:
        if box.double_entry_open:
            raise CountStoreError("double_entry_open", "The two entries of box {box} have not been compared and "
                                  "closed yet.", box=box.box_id)
        if not box.mode and (box.issued or 0) > 0:
            raise CountStoreError("box_not_counted", "Box {box} had {issued} ballots issued but has not been counted.",
                                  box=box.box_id, issued=box.issued)
        if box.mode and box.issued is None:
            raise CountStoreError("issued_missing", "Enter how many ballots were issued into box {box}: this file's "
                                  "poll book does not hold them.", box=box.box_id)
        if box.mode and not box.reconciles:
            raise CountStoreError("box_over_issued", "Box {box}: {collected} ballots were collected but only {issued} "
                                  "were issued. Count the box again; if the figures are right the round is void "
                                  "and must be held again.", box=box.box_id, collected=box.collected,
                                  issued=box.issued)
    if not any(box.mode for box in boxes):
        raise CountStoreError("nothing_counted", "No ballots have been entered for {contest} yet.", contest=contest_id)


def result_data(conn: sqlite3.Connection, contest_id: str, outcome: TallyOutcome, given: TallyInput,
                layout: BallotLayout, boxes: list[BoxFigures]) -> dict[str, Any]:
    """The facts that are certified and hashed (language-neutral: the reason text is left out)."""
    contest, election = contest_row(conn, contest_id), read_election(conn)
    community = conn.execute("SELECT name FROM communities WHERE code = ?", (contest["community_code"],)).fetchone()
    outcome_data = outcome.to_dict()
    outcome_data.pop("reason")
    return {
        "format": FORMAT, "election_id": election.id, "election": election.name, "mode": election.mode,
        "district": election.district_name, "election_day": election.election_day.isoformat(),
        "community": contest["community_code"], "community_name": community[0] if community else "",
        "place": _station_place(conn), "contest": contest_id, "contest_name": contest["name"],
        "form": contest["form"], "round": given.round, "electorate": given.electorate, "issued": given.issued,
        "rules": given.rules.to_dict(),
        "positions": [{"id": p.id, "title": p.title, "seats": p.seats, "candidates": list(p.candidates)}
                      for p in layout],
        "boxes": [{"id": b.box_id, "name": b.name, "kind": b.kind, "mode": b.mode, "issued": b.issued,
                   "issued_source": b.issued_source, "collected": b.collected} for b in boxes],
        "outcome": outcome_data,
    } | ({"parent_contest": contest["parent_contest"]} if given.round > 1 else {})


def certify_contest(conn: sqlite3.Connection, session: HasActor, contest_id: str,
                    clock: Clock = system_clock) -> CertifiedResult:
    """The chief certifies a contest's count: checks, tally, canonical JSON + SHA-256 stored, records locked."""
    require(session, Action.CERTIFY_RESULTS)
    check_counting(conn)
    with transaction(conn):
        boxes = [b for b in box_figures(conn, contest_id) if b.mode or (b.issued or 0) > 0]
        _check_certifiable(conn, contest_id, boxes)
        outcome, given = tally_contest(conn, contest_id)
        data = result_data(conn, contest_id, outcome, given, ballot_order(conn, contest_id), boxes)
        data["certified_by"] = session.user
        data["certified_at"] = clock().isoformat(timespec="seconds")
        text = canonical_json(data)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        conn.execute("UPDATE counted_ballots SET stack_no = NULL WHERE contest_id = ?", (contest_id,))
        conn.execute("INSERT INTO certified_results(contest_id, result, sha256, certified_by, certified_at)"
                     " VALUES (?,?,?,?,?)", (contest_id, text, digest, session.user, data["certified_at"]))
        append_event(conn, session, "results_certified", {"contest": contest_id, "sha256": digest}, clock=clock)
    if poll_state(conn) == "counting" and not contests_left_to_certify(conn):
        certify_poll(conn, session, clock)
    return CertifiedResult(contest_id, data, text, digest)


def contests_left_to_certify(conn: sqlite3.Connection) -> list[str]:
    """Contests with ballots issued or counted in this file whose results are not certified yet."""
    return [r[0] for r in conn.execute(
        "SELECT id FROM contests WHERE (id IN (SELECT contest_id FROM issuances)"
        " OR id IN (SELECT contest_id FROM count_boxes)) AND id NOT IN (SELECT contest_id FROM certified_results)"
        " ORDER BY id")]


def certified_result(conn: sqlite3.Connection, contest_id: str) -> CertifiedResult | None:
    """The stored certified result of a contest, or None."""
    row = conn.execute("SELECT result, sha256 FROM certified_results WHERE contest_id = ?", (contest_id,)).fetchone()
    if row is None:
        return None
    return CertifiedResult(contest_id, json.loads(row["result"]), row["result"], row["sha256"])
