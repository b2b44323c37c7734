"""A further round (另行选举) at the station: created by the chief, issued, counted and certified by round 2's rule."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from counting_day import CHIEF, CLERK, COMMITTEE, LINES, RESOLVED, layout_of
from further_round_day import (
    FURTHER,
    ROUND_ONE,
    count_and_certify_round_one,
    count_lines,
    hold_further_round,
    voter_ids,
)

from app.audit import Actor
from app.counting.certify import certified_result, certify_contest
from app.counting.entry import ballot_order, parse_entry
from app.counting.further_round import create_further_round, further_round_of
from app.counting.store import resolve_undecided, undecided_ballots
from app.db import DataFile
from app.errors import PollDeskError
from app.pollbook import issue_ballot, poll_state, reopen_for_further_round, start_counting
from app.reports.ballots import ballot_pdf
from app.reports.results import announcement_pdf, record_pdf

# Further-round ballots (member: 1 杨洋 2 周杰, in surname stroke order).
EXACTLY_A_THIRD = ["1"] * 8 + ["2"] * 7 + [""] * 9        # 24 ballots: 杨洋 8 = 24 / 3
JUST_BELOW = ["1"] * 7 + ["2"] * 6 + [""] * 11             # 24 ballots: 杨洋 7 < 8


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


def _candidates(station: DataFile, contest: str) -> list[tuple[str, str, str, int | None, str]]:
    return [tuple(r) for r in station.conn.execute(  # type: ignore[misc]
        "SELECT position_id, name, review_status, voter_id, review_reason FROM candidates WHERE contest_id = ?"
        " ORDER BY id", (contest,))]


def test_the_chief_creates_a_further_round_for_the_unfilled_member_seat(round_one_certified: DataFile) -> None:
    conn = round_one_certified.conn
    assert create_further_round(conn, CHIEF, COMMITTEE) == FURTHER == further_round_of(conn, COMMITTEE)
    row = conn.execute("SELECT * FROM contests WHERE id = ?", (FURTHER,)).fetchone()
    assert (row["round"], row["parent_contest"], row["kind"], row["form"]) == (2, COMMITTEE, "committee", "direct")
    assert row["name"] == "东湖社区第四届居民委员会选举（另行选举·第2轮）"
    assert [tuple(r) for r in conn.execute("SELECT id, seats, rank FROM positions WHERE contest_id = ?",
                                           (FURTHER,))] == [("member", 1, 3)]
    assert [(p, n, s) for p, n, s, _, _ in _candidates(round_one_certified, FURTHER)] == [
        ("member", "杨洋", "passed"), ("member", "周杰", "passed")]
    [event] = conn.execute("SELECT details FROM audit_log WHERE event = 'further_round_created'").fetchall()
    assert FURTHER in event[0] and "杨洋" in event[0]


def test_the_further_round_ballot_lists_only_the_runoff_candidates_and_says_further_round(
        round_one_certified: DataFile, tmp_path: Path) -> None:
    create_further_round(round_one_certified.conn, CHIEF, COMMITTEE)
    document = ballot_pdf(round_one_certified.conn, FURTHER, tmp_path / "ballot.pdf")
    text = _pdf_text(document.path)
    assert document.candidates == 2 and not document.missing_glyphs
    assert "另行选举" in text and "第2轮" in text and "第1轮未选满" in text
    assert "杨洋" in text and "周杰" in text and "委员" in text
    for absent in ("赵敏", "黄磊", "吴桂兰", "王建国", "主任", "副主任"):
        assert absent not in text


def test_a_winner_with_exactly_one_third_of_the_round_s_ballots_is_elected(
        round_one_certified: DataFile, tmp_path: Path) -> None:
    conn = round_one_certified.conn
    create_further_round(conn, CHIEF, COMMITTEE)
    assert reopen_for_further_round(conn, CHIEF) == "open"
    hold_further_round(conn, EXACTLY_A_THIRD)
    result = certify_contest(conn, CHIEF, FURTHER)
    assert (result.data["round"], result.data["parent_contest"], result.data["issued"]) == (2, COMMITTEE, 24)
    [member] = result.data["outcome"]["positions"]
    assert (member["votes"], member["elected"], member["unfilled"]) == ({"杨洋": 8, "周杰": 7}, ["杨洋"], 0)
    assert certified_result(conn, FURTHER) is not None and poll_state(conn) == "certified"
    announcement = _pdf_text(announcement_pdf(conn, FURTHER, tmp_path / "a.pdf").path)
    record = _pdf_text(record_pdf(conn, FURTHER, tmp_path / "r.pdf").path)
    for text in (announcement, record):
        assert "另行选举（第2轮）" in text and "1/3" in text and "杨洋" in text


def test_one_vote_below_one_third_elects_nobody(round_one_certified: DataFile, tmp_path: Path) -> None:
    conn = round_one_certified.conn
    create_further_round(conn, CHIEF, COMMITTEE)
    reopen_for_further_round(conn, CHIEF)
    hold_further_round(conn, JUST_BELOW)
    result = certify_contest(conn, CHIEF, FURTHER)
    [member] = result.data["outcome"]["positions"]
    assert (member["elected"], member["unfilled"], member["runoff_candidates"]) == ([], 1, ["杨洋", "周杰"])
    assert result.data["round"] == 2
    text = _pdf_text(announcement_pdf(conn, FURTHER, tmp_path / "a.pdf").path)
    assert "选举委员会决定是否再次" in text


def test_a_further_round_below_the_quorum_elects_nobody(round_one_certified: DataFile) -> None:
    conn = round_one_certified.conn
    create_further_round(conn, CHIEF, COMMITTEE)
    reopen_for_further_round(conn, CHIEF)
    hold_further_round(conn, ["1"] * 20)        # 20 of 40 registered voters: exactly half is not enough
    outcome = certify_contest(conn, CHIEF, FURTHER).data["outcome"]
    assert not outcome["quorum_met"] and outcome["positions"][0]["elected"] == []


def test_after_reopening_only_the_further_round_gets_ballots(round_one_certified: DataFile) -> None:
    conn = round_one_certified.conn
    create_further_round(conn, CHIEF, COMMITTEE)
    reopen_for_further_round(conn, CHIEF)
    last_voter = voter_ids(conn)[-1]            # did not vote in round 1
    with pytest.raises(PollDeskError) as caught:
        issue_ballot(conn, CLERK, last_voter, COMMITTEE)
    assert caught.value.code == "contest_certified"
    assert issue_ballot(conn, CLERK, last_voter).contest_id == FURTHER       # the default is the latest round


def test_the_poll_reopens_only_for_a_further_round_waiting(round_one_certified: DataFile) -> None:
    with pytest.raises(PollDeskError) as caught:
        reopen_for_further_round(round_one_certified.conn, CHIEF)
    assert caught.value.code == "no_further_round"
    create_further_round(round_one_certified.conn, CHIEF, COMMITTEE)
    with pytest.raises(PollDeskError) as caught:
        reopen_for_further_round(round_one_certified.conn, CLERK)
    assert caught.value.code == "forbidden"


def test_a_further_round_needs_round_one_certified(station: DataFile) -> None:
    start_counting(station.conn, CHIEF)
    with pytest.raises(PollDeskError) as caught:
        create_further_round(station.conn, CHIEF, COMMITTEE)
    assert caught.value.code == "not_certified"


def test_no_further_round_when_every_seat_is_filled(station: DataFile) -> None:
    start_counting(station.conn, CHIEF)
    count_lines(station.conn, COMMITTEE, LINES)
    [unclear] = undecided_ballots(station.conn, COMMITTEE)
    resolve_undecided(station.conn, CHIEF, unclear.ballot_id, parse_entry(RESOLVED, layout_of(station.conn)))
    certify_contest(station.conn, CHIEF, COMMITTEE)
    with pytest.raises(PollDeskError) as caught:
        create_further_round(station.conn, CHIEF, COMMITTEE)
    assert caught.value.code == "nothing_unfilled"


def test_a_clerk_may_not_create_a_further_round_and_the_chief_only_once(round_one_certified: DataFile) -> None:
    with pytest.raises(PollDeskError) as caught:
        create_further_round(round_one_certified.conn, CLERK, COMMITTEE)
    assert caught.value.code == "forbidden"
    create_further_round(round_one_certified.conn, CHIEF, COMMITTEE)
    with pytest.raises(PollDeskError) as caught:
        create_further_round(round_one_certified.conn, CHIEF, COMMITTEE)
    assert caught.value.code == "further_round_exists"


def test_a_voided_first_round_is_held_again_not_continued(station: DataFile) -> None:
    count_and_certify_round_one(station.conn, ["1/1 2/4 5"] * 20)    # 20 of 40: quorum not met
    with pytest.raises(PollDeskError) as caught:
        create_further_round(station.conn, CHIEF, COMMITTEE)
    assert caught.value.code == "round_void"


def test_a_write_in_in_the_further_round_is_added_from_the_register_with_a_note(station: DataFile) -> None:
    voter = station.conn.execute("SELECT id FROM voters WHERE name = '居民5'").fetchone()[0]
    count_and_certify_round_one(station.conn, ["1/1 2/4 5"] * 20 + ["2/3/2 居民5"] * 6 + ["2/3/2 3"] * 4)
    further = create_further_round(station.conn, CHIEF, COMMITTEE)
    [yang, written_in] = _candidates(station, further)
    assert yang[1] == "杨洋" and yang[4] == ""
    assert written_in[:4] == ("member", "居民5", "passed", voter)
    assert "另选他人" in written_in[4] and "6票" in written_in[4]
    assert [p.candidates for p in ballot_order(station.conn, further)] == [("杨洋", "居民5")]


def test_a_write_in_the_register_does_not_know_needs_the_chief_to_give_their_sex(station: DataFile) -> None:
    count_and_certify_round_one(station.conn, ["1/1 2/4 5"] * 20 + ["2/3/2 何平"] * 6 + ["2/3/2 3"] * 4)
    with pytest.raises(PollDeskError) as caught:
        create_further_round(station.conn, CHIEF, COMMITTEE)
    assert caught.value.code == "write_in_details"
    assert further_round_of(station.conn, COMMITTEE) is None        # nothing half-made
    further = create_further_round(station.conn, CHIEF, COMMITTEE, {"何平": "M"})
    assert ("member", "何平", "passed") in [c[:3] for c in _candidates(station, further)]


def test_round_one_rows_are_untouched_by_the_further_round(round_one_certified: DataFile) -> None:
    before = certified_result(round_one_certified.conn, COMMITTEE)
    create_further_round(round_one_certified.conn, CHIEF, COMMITTEE)
    after = certified_result(round_one_certified.conn, COMMITTEE)
    assert before is not None and after is not None and after.intact and after.sha256 == before.sha256
    assert "round" in before.data and before.data["round"] == 1 and "parent_contest" not in before.data


def test_round_one_lines_leave_exactly_one_member_seat(round_one_certified: DataFile) -> None:
    result = certified_result(round_one_certified.conn, COMMITTEE)
    assert result is not None and len(ROUND_ONE) == 30
    member = result.data["outcome"]["positions"][2]
    assert (member["elected"], member["unfilled"], member["runoff_candidates"]) == (["赵敏", "黄磊"], 1,
                                                                                   ["杨洋", "周杰"])
    assert Actor("x", "chief").role == "chief"
