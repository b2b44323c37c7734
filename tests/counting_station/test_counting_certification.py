"""Counting the central venue's box and certifying: engine outcome, hash, read-only afterwards."""

from __future__ import annotations

import hashlib

import pytest
from counting_day import BOX, CHIEF, CLERK, COMMITTEE, COUNTER, LINES, RESOLVED, enter_lines, layout_of

from app.counting.certify import box_figures, certified_result, certify_contest, running_totals
from app.counting.entry import parse_entry
from app.counting.store import enter_ballot, resolve_undecided, undecided_ballots, undo_last_ballot
from app.db import SQL_DATABASE_ERROR, DataFile, open_data_file
from app.errors import PollDeskError
from app.pollbook import poll_state


def _count_and_resolve(station: DataFile) -> None:
    enter_lines(station.conn, LINES)
    [unclear] = undecided_ballots(station.conn, COMMITTEE)
    resolve_undecided(station.conn, CHIEF, unclear.ballot_id, parse_entry(RESOLVED, layout_of(station.conn)))


def test_the_count_is_certified_with_the_engine_outcome_and_a_hash_over_canonical_json(station: DataFile) -> None:
    _count_and_resolve(station)
    result = certify_contest(station.conn, CHIEF, COMMITTEE)
    outcome = result.data["outcome"]
    assert (outcome["collected"], outcome["invalid_ballots"], outcome["quorum_met"]) == (30, 1, True)
    elected = {p["id"]: p["elected"] for p in outcome["positions"]}
    assert elected == {"director": ["王建国"], "deputy": ["刘芳", "张伟"], "member": ["赵敏", "黄磊", "杨洋"]}
    assert outcome["positions"][0]["votes"] == {"王建国": 21, "李秀英": 6}
    assert result.data["electorate"] == 40 and result.data["issued"] == 32
    assert result.sha256 == hashlib.sha256(result.text.encode("utf-8")).hexdigest()
    stored = certified_result(station.conn, COMMITTEE)
    assert stored is not None and stored.intact and stored.sha256 == result.sha256
    assert result.qr_payload() == f"PDR1|{COMMITTEE}|40|30|1|王建国;刘芳,张伟;赵敏,黄磊,杨洋|{result.sha256[:16]}"
    assert poll_state(station.conn) == "certified"


def test_certified_results_refuse_every_later_change(station: DataFile) -> None:
    _count_and_resolve(station)
    certify_contest(station.conn, CHIEF, COMMITTEE)
    with pytest.raises(PollDeskError) as caught:
        enter_ballot(station.conn, COUNTER, COMMITTEE, BOX, parse_entry("1", layout_of(station.conn)))
    assert caught.value.code == "poll_wrong_state"
    for sql in ("UPDATE counted_ballots SET sections = '{}'", "DELETE FROM counted_ballots",
                "INSERT INTO counted_ballots(ballot_id, contest_id, box_id, sections, state)"
                f" VALUES ('x', '{COMMITTEE}', '{BOX}', '{{}}', 'decided')",
                "UPDATE count_boxes SET issued_entered = 99", "UPDATE certified_results SET sha256 = 'x'",
                "DELETE FROM certified_results"):
        with pytest.raises(SQL_DATABASE_ERROR, match="read-only"):
            station.conn.execute(sql)


def test_a_tampered_result_no_longer_matches_its_hash(station: DataFile) -> None:
    _count_and_resolve(station)
    result = certify_contest(station.conn, CHIEF, COMMITTEE)
    forged = type(result)(COMMITTEE, result.data, result.text.replace('"王建国":21', '"王建国":12'), result.sha256)
    assert result.intact and not forged.intact


def test_ballots_can_be_entered_only_once_counting_has_started(station_path) -> None:  # type: ignore[no-untyped-def]
    with open_data_file(station_path, kind="station") as df, pytest.raises(PollDeskError) as caught:
        enter_lines(df.conn, ["1"])
    assert caught.value.code == "poll_wrong_state"


def test_a_clerk_may_not_enter_ballots_and_a_counter_may_not_certify(station: DataFile) -> None:
    with pytest.raises(PollDeskError) as caught:
        enter_lines(station.conn, ["1"], who=CLERK)
    assert caught.value.code == "forbidden"
    enter_lines(station.conn, LINES[:20])
    with pytest.raises(PollDeskError) as caught:
        certify_contest(station.conn, COUNTER, COMMITTEE)
    assert caught.value.code == "forbidden"


def test_an_unclear_ballot_blocks_certification_until_the_scrutineers_decide(station: DataFile) -> None:
    enter_lines(station.conn, LINES)
    with pytest.raises(PollDeskError) as caught:
        certify_contest(station.conn, CHIEF, COMMITTEE)
    assert caught.value.code == "undecided_ballots"
    assert running_totals(station.conn, COMMITTEE)["director"]["王建国"] == 20   # the unclear one not yet
    [unclear] = undecided_ballots(station.conn, COMMITTEE)
    resolve_undecided(station.conn, CHIEF, unclear.ballot_id, parse_entry(RESOLVED, layout_of(station.conn)))
    assert running_totals(station.conn, COMMITTEE)["director"]["王建国"] == 21
    assert certify_contest(station.conn, CHIEF, COMMITTEE).data["outcome"]["collected"] == 30


def test_undo_takes_back_the_ballot_entered_last(station: DataFile) -> None:
    enter_lines(station.conn, ["1/2 1/2 4 5", "2/3/3"])
    undone = undo_last_ballot(station.conn, COUNTER, COMMITTEE, BOX)
    assert undone == parse_entry("2/3/3", layout_of(station.conn))
    totals = running_totals(station.conn, COMMITTEE)
    assert totals["director"] == {"王建国": 1, "李秀英": 0}
    assert [b.collected for b in box_figures(station.conn, COMMITTEE) if b.box_id == BOX] == [1]


def test_more_ballots_in_the_box_than_issued_stops_certification(station: DataFile) -> None:
    enter_lines(station.conn, ["1/2/2"] * 33)
    [figures] = [b for b in box_figures(station.conn, COMMITTEE) if b.box_id == BOX]
    assert (figures.issued, figures.issued_source, figures.collected, figures.reconciles) == (32, "pollbook", 33, False)
    with pytest.raises(PollDeskError) as caught:
        certify_contest(station.conn, CHIEF, COMMITTEE)
    assert caught.value.code == "box_over_issued"
