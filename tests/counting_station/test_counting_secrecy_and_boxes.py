"""Secrecy of counted ballots, double entry by two counters, and boxes counted from a tally sheet."""

from __future__ import annotations

import pytest
from counting_day import (
    BOX,
    CHIEF,
    COMMITTEE,
    COUNTER,
    COUNTER2,
    LINES,
    MOBILE_BOX,
    RESOLVED,
    STATION_BOX,
    enter_lines,
    layout_of,
)

from app.counting.certify import box_figures, certify_contest
from app.counting.entry import parse_entry
from app.counting.store import (
    TallySheet,
    close_double_entry,
    double_entry_differences,
    enter_tally_sheet,
    replace_ballot,
    resolve_undecided,
    set_double_entry,
    set_issued,
    undecided_ballots,
)
from app.db import DataFile
from app.errors import PollDeskError

COUNTING_TABLES = ("count_boxes", "counted_ballots", "certified_results")


def test_counting_tables_hold_no_voter_household_issuance_order_or_time(station: DataFile) -> None:
    for table in COUNTING_TABLES:
        columns = [r["name"] for r in station.conn.execute(f"PRAGMA table_info({table})")]
        assert columns
        linking = [c for c in columns if any(w in c for w in ("voter", "household", "seq", "issu", "time"))]
        assert linking in ([], ["issued_entered"]), (table, linking)   # a box's figure, not a person's
        without_rowid = station.conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        assert "WITHOUT ROWID" in without_rowid   # no hidden rowid keeping the entry order


def test_ballot_ids_are_random_and_the_stored_order_is_not_the_entry_order(station: DataFile) -> None:
    entered = enter_lines(station.conn, LINES)
    assert len(set(entered)) == 30 and all(len(i) == 16 for i in entered)
    stored = [r[0] for r in station.conn.execute("SELECT ballot_id FROM counted_ballots")]
    assert sorted(stored) == sorted(entered)
    assert stored != entered and sorted(entered) != entered
    assert not any(i.isdigit() for i in entered)


def test_stack_numbers_are_gone_once_the_results_are_certified(station: DataFile) -> None:
    enter_lines(station.conn, LINES)
    assert station.conn.execute("SELECT COUNT(*) FROM counted_ballots WHERE stack_no IS NOT NULL").fetchone()[0] == 30
    [unclear] = undecided_ballots(station.conn, COMMITTEE)
    resolve_undecided(station.conn, CHIEF, unclear.ballot_id, parse_entry(RESOLVED, layout_of(station.conn)))
    certify_contest(station.conn, CHIEF, COMMITTEE)
    assert station.conn.execute("SELECT COUNT(*) FROM counted_ballots WHERE stack_no IS NOT NULL").fetchone()[0] == 0


def test_two_counters_entries_are_compared_ballot_by_ballot_and_closed_when_they_agree(station: DataFile) -> None:
    set_double_entry(station.conn, CHIEF, COMMITTEE, BOX, True)
    enter_lines(station.conn, ["1/2 1/2 4 5", "2/3/3", "1/1/5"])
    enter_lines(station.conn, ["1/2 1/2 4 5", "2/3/2", "1/1/5", "1"], who=COUNTER2, entry_pass=2)
    differences = double_entry_differences(station.conn, COMMITTEE, BOX)
    assert [d.stack_no for d in differences] == [2, 4]
    assert differences[1].first is None
    with pytest.raises(PollDeskError) as caught:
        certify_contest(station.conn, CHIEF, COMMITTEE)
    assert caught.value.code == "double_entry_open"
    with pytest.raises(PollDeskError) as caught:
        close_double_entry(station.conn, CHIEF, COMMITTEE, BOX)
    assert caught.value.code == "entries_differ"
    layout = layout_of(station.conn)
    replace_ballot(station.conn, COUNTER2, COMMITTEE, BOX, 2, 2, parse_entry("2/3/3", layout))
    enter_lines(station.conn, ["1"])
    assert close_double_entry(station.conn, CHIEF, COMMITTEE, BOX) == 4
    assert station.conn.execute("SELECT COUNT(*) FROM counted_ballots WHERE stack_no IS NOT NULL"
                                " OR entry_pass = 2").fetchone()[0] == 0
    [figures] = [b for b in box_figures(station.conn, COMMITTEE) if b.box_id == BOX]
    assert figures.collected == 4 and not figures.double_entry_open
    with pytest.raises(PollDeskError) as caught:
        enter_lines(station.conn, ["1"])
    assert caught.value.code == "box_reconciled"


def test_a_box_from_another_station_is_counted_from_its_tally_sheet_with_its_issued_figure_entered(
        station: DataFile) -> None:
    enter_lines(station.conn, ["1/2 1/2 4 5"] * 20)
    sheet = TallySheet(collected=9, invalid_ballots=1,
                       votes={"director": {"李秀英": 8}, "deputy": {"陈静": 8, "何平": 3}, "member": {"周杰": 8}})
    enter_tally_sheet(station.conn, COUNTER, COMMITTEE, STATION_BOX, sheet)
    with pytest.raises(PollDeskError) as caught:
        certify_contest(station.conn, CHIEF, COMMITTEE)
    assert caught.value.code == "issued_missing"
    set_issued(station.conn, CHIEF, COMMITTEE, STATION_BOX, 10)
    figures = {b.box_id: b for b in box_figures(station.conn, COMMITTEE)}
    assert (figures[STATION_BOX].issued, figures[STATION_BOX].issued_source) == (10, "entered")
    assert figures[MOBILE_BOX].mode == ""
    result = certify_contest(station.conn, CHIEF, COMMITTEE)
    outcome = result.data["outcome"]
    assert (outcome["collected"], outcome["invalid_ballots"], result.data["issued"]) == (29, 1, 42)
    deputy = outcome["positions"][1]
    assert deputy["votes"] == {"刘芳": 20, "张伟": 20, "陈静": 8, "何平": 3} and deputy["valid_sections"] == 28
    assert deputy["elected"] == ["刘芳", "张伟"]


def test_a_tally_sheet_with_more_votes_than_ballots_is_refused(station: DataFile) -> None:
    with pytest.raises(PollDeskError) as caught:
        enter_tally_sheet(station.conn, COUNTER, COMMITTEE, STATION_BOX,
                          TallySheet(5, 0, {"director": {"王建国": 6}}))
    assert caught.value.code == "sheet_figures"


def test_a_box_counted_ballot_by_ballot_cannot_also_take_a_tally_sheet(station: DataFile) -> None:
    enter_lines(station.conn, ["1"])
    with pytest.raises(PollDeskError) as caught:
        enter_tally_sheet(station.conn, COUNTER, COMMITTEE, BOX, TallySheet(1, 0, {}))
    assert caught.value.code == "box_mode"
