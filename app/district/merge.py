"""Merging a contest's certified counts from every place that counted it (汇总计票结果).

How the merge works. A community's committee election may be counted at several places: the central venue
counts its own box, a polling station its box and the mobile box that went out from it, and each place's
chief certifies what was counted THERE (an outcome that is only a part of the contest: its quorum and its
"more than half" are reckoned on that part alone, so a place's outcome is never added to another's). The
district therefore goes back to the counted data itself, which the stations' packages carry for certified
contests: every box's ballots as entered (`counted_ballots`, first entry) or its tally sheet (`count_boxes`),
and the box's issued figure from the certified result. It takes each box once (a box certified at two places
is a problem, and the first place in code order is used), adds up issued ballots over the boxes, and runs
the same counting engine once on the whole: `tally()` on all the ballots when every box was entered ballot by
ballot (so the higher-position rule still works), else `tally_totals()` on the summed votes, valid sections,
ballots and invalid ballots. The electorate is the district register's. Nothing here depends on the order
the packages came in: rows are read sorted and the engine's result does not depend on ballot order.

A further round (另行选举) is a contest the station created and declared in its package (kept with the
package's imported rows, so it goes when the package is removed). It is merged like any contest, and
completes its first round: the first round counts as every seat filled once the further round fills the seats
it left, and as needing another round while seats remain unfilled after the last round.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from app.counting.aggregation import count_votes
from app.counting.ballots import Ballot, PositionSpec, ballot_is_invalid, judge_section
from app.counting.store import TallySheet, ballot_from_json
from app.counting.tally import BoxCount, TallyInput, TallyOutcome, tally, tally_totals
from app.district.imported import HeldBallots, held_ballots, imported_rows
from app.election.rules import RuleSet

# A contest's state after the merge.
NOT_COUNTED = "not_counted"        # no place has sent a certified count
INCOMPLETE = "incomplete"          # ballots were issued into a box that no certified count covers
ELECTED = "elected"                # every seat filled in this round
FURTHER_ROUND = "further_round"    # counted, but seats unfilled or the round void: another round is needed


@dataclass(frozen=True)
class MergedBox:
    """One box as certified: where it was counted, its issued and collected figures, how it was counted."""

    box_id: str
    station: str
    mode: str
    issued: int
    collected: int


@dataclass
class ContestMerge:
    """A contest's merged count: the boxes used, what is missing, and the engine's outcome on the whole."""

    contest_id: str
    community: str
    kind: str
    form: str
    name: str
    electorate: int
    titles: dict[str, str] = field(default_factory=dict)
    boxes: list[MergedBox] = field(default_factory=list)
    stations: list[str] = field(default_factory=list)
    missing_boxes: list[str] = field(default_factory=list)     # issued into, not in any certified count
    counted_twice: list[str] = field(default_factory=list)     # certified at more than one place
    outcome: TallyOutcome | None = None
    round: int = 1
    parent: str | None = None                                  # the contest a further round continues
    further: ContestMerge | None = None                        # this contest's further round, when declared

    @property
    def issued(self) -> int:
        """Ballots issued into the counted boxes."""
        return sum(b.issued for b in self.boxes)

    @property
    def own_status(self) -> str:
        """This round's own state: not_counted, incomplete, elected or further_round."""
        if self.outcome is None:
            return NOT_COUNTED
        if self.missing_boxes:
            return INCOMPLETE
        if self.outcome.valid_round and self.outcome.quorum_met and all(
                p.unfilled == 0 for p in self.outcome.positions):
            return ELECTED
        return FURTHER_ROUND

    @property
    def status(self) -> str:
        """The state with later rounds: a round whose unfilled seats its further round filled is elected."""
        own = self.own_status
        if own != FURTHER_ROUND or self.further is None or self.outcome is None:
            return own
        if not (self.outcome.valid_round and self.outcome.quorum_met) or self.further.status != ELECTED:
            return own
        filled = Counter(position for position, _ in self.further.elected())
        return ELECTED if all(filled[p.id] >= p.unfilled for p in self.outcome.positions) else own

    def elected(self) -> list[tuple[str, str]]:
        """(position id, name) of everyone elected, in rank order; nobody until the count is complete."""
        if self.outcome is None or self.missing_boxes:
            return []
        return [(p.id, name) for p in self.outcome.positions for name in p.elected]

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (the CLI and the lock)."""
        return {"contest": self.contest_id, "community": self.community, "kind": self.kind, "form": self.form,
                "name": self.name, "electorate": self.electorate, "issued": self.issued, "status": self.status,
                "stations": self.stations, "missing_boxes": self.missing_boxes, "counted_twice": self.counted_twice,
                "boxes": [b.__dict__ for b in self.boxes],
                "round": self.round, "parent_contest": self.parent,
                "outcome": _outcome_dict(self.outcome)}


def _outcome_dict(outcome: TallyOutcome | None) -> dict[str, Any] | None:
    if outcome is None:
        return None
    data = outcome.to_dict()
    data.pop("reason")  # language-dependent text; the flags say the same
    return data


def electorate(conn: sqlite3.Connection, contest: sqlite3.Row | dict[str, Any]) -> int:
    """Voters (households for a household contest) of the contest in the district register."""
    what = "COUNT(DISTINCT household_id)" if contest["form"] == "household" else "COUNT(*)"
    sql = f"SELECT {what} FROM voters WHERE status = 'active' AND community_code = ?"
    params: list[Any] = [contest["community_code"]]
    if contest["group_id"] is not None:
        sql += " AND group_id = ?"
        params.append(contest["group_id"])
    return int(conn.execute(sql, params).fetchone()[0])


def merge_contests(conn: sqlite3.Connection, held: HeldBallots | None = None) -> list[ContestMerge]:
    """Every contest of the district file, merged (contests in id order)."""
    held = held if held is not None else held_ballots(conn)
    certified = _by_contest(imported_rows(conn, "certified_results"))
    counted = _by_contest(imported_rows(conn, "counted_ballots"))
    settings = _by_contest(imported_rows(conn, "count_boxes"))
    issued_boxes: dict[str, set[str]] = {}
    for e in held.active:
        issued_boxes.setdefault(str(e["contest_id"]), set()).add(str(e["box_id"]))
    merged = []
    contests = [dict(c) for c in conn.execute("SELECT * FROM contests ORDER BY id")]
    contests = sorted(contests + further_round_contests(conn), key=lambda c: str(c["id"]))
    for contest in contests:
        cid = contest["id"]
        merge = merge_contest(contest, electorate(conn, contest), certified.get(cid, []),
                              counted.get(cid, []), settings.get(cid, []), issued_boxes.get(cid, set()))
        merge.round, merge.parent = int(contest["round"]), contest["parent_contest"]
        merged.append(merge)
    by_id = {m.contest_id: m for m in merged}
    for m in merged:
        if m.parent is not None and m.parent in by_id:
            by_id[m.parent].further = m
    return merged


def further_round_contests(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The further rounds the stations declared (the first station in code order for each id)."""
    found: dict[str, dict[str, Any]] = {}
    for row in imported_rows(conn, "contests"):
        found.setdefault(str(row["id"]), {k: v for k, v in row.items() if k != "_station"})
    return [found[k] for k in sorted(found)]


def _by_contest(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(str(row["contest_id"]), []).append(row)
    return grouped


def merge_contest(contest: sqlite3.Row | dict[str, Any], voters: int, certified: list[dict[str, Any]],
                  counted: list[dict[str, Any]], settings: list[dict[str, Any]],
                  issued_into: set[str]) -> ContestMerge:
    """One contest's merge from its imported certified results, counted ballots and box settings."""
    merge = ContestMerge(contest["id"], contest["community_code"], contest["kind"], contest["form"],
                         contest["name"], voters)
    results = sorted(((str(r["_station"]), json.loads(r["result"])) for r in certified), key=lambda s: s[0])
    if not results:
        merge.missing_boxes = sorted(issued_into)
        return merge
    used: dict[str, MergedBox] = {}
    for station, data in results:
        for box in data["boxes"]:
            if not box["mode"]:
                continue
            if box["id"] in used:
                merge.counted_twice.append(box["id"])
                continue
            used[box["id"]] = MergedBox(box["id"], station, box["mode"], int(box["issued"] or 0),
                                        int(box["collected"]))
    merge.boxes = sorted(used.values(), key=lambda b: b.box_id)
    merge.stations = [s for s, _ in results]
    merge.missing_boxes = sorted(issued_into - set(used))
    first = results[0][1]
    merge.titles = {p["id"]: p["title"] for p in first["positions"]}
    positions = tuple(PositionSpec(p["id"], int(p["seats"]), tuple(p["candidates"])) for p in first["positions"])
    given = TallyInput(form=contest["form"], electorate=max(voters, 1), issued=merge.issued, positions=positions,
                       ballots=_ballots(counted, used), round=max(int(d["round"]) for _, d in results),
                       rules=RuleSet.from_dict(first["rules"]),
                       boxes=tuple(BoxCount(b.box_id, b.issued, b.collected) for b in merge.boxes))
    sheets = [TallySheet.from_dict(json.loads(s["sheet"])) for s in sorted(settings, key=lambda s: s["box_id"])
              if s["mode"] == "sheet" and s["box_id"] in used and used[s["box_id"]].station == s["_station"]]
    merge.outcome = tally(given) if not sheets else _with_sheets(given, sheets)
    return merge


def _ballots(counted: list[dict[str, Any]], used: dict[str, MergedBox]) -> tuple[Ballot, ...]:
    """First-entry ballots of the boxes used, from the place that counted each (sorted: order-free)."""
    chosen = sorted((r["box_id"], r["ballot_id"], r["sections"]) for r in counted
                    if int(r["entry_pass"]) == 1 and r["box_id"] in used and used[r["box_id"]].station == r["_station"])
    return tuple(ballot_from_json(sections) for _, _, sections in chosen)


def _with_sheets(given: TallyInput, sheets: list[TallySheet]) -> TallyOutcome:
    """Totals of the entered ballots and the tally sheets together, counted by `tally_totals`."""
    ballots = given.ballots
    votes = count_votes(ballots, given.positions, aggregate=False)
    valid = Counter({p.id: sum(not judge_section(b.section(p.id), p.seats).is_invalid for b in ballots)
                     for p in given.positions})
    for sheet in sheets:
        for p in given.positions:
            votes[p.id].update(sheet.votes.get(p.id, {}))
            valid[p.id] += sheet.collected - sheet.invalid_ballots - sheet.invalid_sections.get(p.id, 0)
    collected = len(ballots) + sum(s.collected for s in sheets)
    invalid = sum(ballot_is_invalid(b, given.positions) for b in ballots) + sum(s.invalid_ballots for s in sheets)
    return tally_totals(given, {p: dict(v) for p, v in votes.items()}, collected, invalid, dict(valid))
