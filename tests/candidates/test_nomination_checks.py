"""Each nomination check, once passing and once failing, as the district office runs them before the review."""

from __future__ import annotations

from datetime import date

import pytest
from candidatekit import District, pass_all

from app.candidates import (
    add_member,
    check_nominations,
    community_review,
    form_committee,
    nominate,
    record_relatives,
    step_down,
)
from app.db import transaction
from app.errors import PollDeskError


def codes(d: District, community: str = "C01") -> list[str]:
    return [p.code for p in check_nominations(d.df.conn, community)]


def test_a_fully_checked_committee_has_no_problems(district: District) -> None:
    pass_all(district)
    pass_all(district, "C01-G1")
    # Only the kinship hint for the two candidates who share a household remains.
    assert codes(district) == ["same_household"]


def test_candidate_removed_from_the_register_cannot_stand(district: District) -> None:
    with transaction(district.df.conn) as conn:
        conn.execute("UPDATE voters SET status = 'removed', status_reason = '迁出' WHERE id = ?",
                     (district.voters["杨洋"],))
    problems = [p for p in check_nominations(district.df.conn, "C01") if p.code == "not_registered"]
    assert [(p.contest, p.position, p.candidates) for p in problems] == [
        ("C01-committee", "member", (district.candidate_id("杨洋"),))]
    assert "杨洋" in problems[0].message


def test_candidate_not_linked_to_the_register_is_flagged(district: District) -> None:
    assert "not_linked" not in codes(district)
    assert codes(district, "C02").count("not_linked") == 11     # C02's candidates have no voter link


def test_only_registered_voters_of_the_community_can_be_nominated(district: District) -> None:
    with pytest.raises(PollDeskError) as refused:
        nominate(district.df.conn, district.admin, "C02-committee", "member", district.voters["杨洋"])
    assert refused.value.code == "not_a_voter"


def test_director_without_a_competitor_breaks_the_competitive_margin(district: District) -> None:
    assert "too_few_candidates" not in codes(district)
    community_review(district.df.conn, district.admin, district.candidate_id("李秀英"), "rejected", "不符合任职条件")
    problems = [p for p in check_nominations(district.df.conn, "C01") if p.code == "too_few_candidates"]
    assert [(p.contest, p.position) for p in problems] == [("C01-committee", "director")]
    assert "1" in problems[0].message and "2" in problems[0].message


def test_more_member_candidates_than_the_rules_allow_is_flagged(district: District) -> None:
    conn = district.df.conn
    with transaction(conn):
        for i in range(3):
            conn.execute("INSERT INTO voters(community_code, name, sex, birth_date, id_hash, id_masked)"
                         " VALUES ('C01', ?, 'M', '1970-01-01', ?, 'x')", (f"候选{i}", f"h{i}"))
    extra = [r[0] for r in conn.execute("SELECT id FROM voters WHERE name LIKE '候选%'")]
    nominate(conn, district.admin, "C01-committee", "member", extra[0])
    nominate(conn, district.admin, "C01-committee", "member", extra[1])
    assert "too_many_candidates" not in codes(district)       # 6 for 3 seats: margin 3 is allowed
    nominate(conn, district.admin, "C01-committee", "member", extra[2])
    assert "too_many_candidates" in codes(district)           # 7 for 3 seats


def test_committee_without_a_woman_candidate_is_flagged(district: District) -> None:
    conn = district.df.conn
    for name in ("李秀英", "刘芳", "陈静", "赵敏"):
        community_review(conn, district.admin, district.candidate_id(name), "rejected", "提名程序不符合规定")
    assert "no_woman" in codes(district)


def test_women_still_under_review_are_a_risk_until_one_passes(district: District) -> None:
    assert "woman_not_yet_passed" in codes(district)
    pass_all(district)
    assert not {"woman_not_yet_passed", "woman_at_risk", "no_woman"} & set(codes(district))


def test_women_who_could_all_lose_are_reported_as_a_risk(district: District) -> None:
    pass_all(district)
    conn = district.df.conn
    # Without 刘芳 and 陈静 every woman left (李秀英, 赵敏) stands where one candidate must lose.
    with transaction(conn):
        conn.execute("UPDATE candidates SET review_status = 'rejected', review_reason = 'x' WHERE name IN"
                     " ('刘芳', '陈静') AND contest_id = 'C01-committee'")
    problems = {p.code: p for p in check_nominations(conn, "C01")}
    assert "woman_at_risk" in problems
    assert set(problems["woman_at_risk"].candidates) == {district.candidate_id("李秀英"), district.candidate_id("赵敏")}


def test_close_relatives_standing_together_are_flagged(district: District) -> None:
    assert "relatives_standing" not in codes(district)
    record_relatives(district.df.conn, district.admin, district.voters["张伟"], district.voters["王建国"], "spouse")
    problems = [p for p in check_nominations(district.df.conn, "C01") if p.code == "relatives_standing"]
    assert len(problems) == 1 and "配偶" in problems[0].message


def test_shared_household_is_a_hint_until_the_kinship_is_recorded(district: District) -> None:
    hints = [p for p in check_nominations(district.df.conn, "C01") if p.code == "same_household"]
    assert len(hints) == 1 and "李秀英" in hints[0].message and "刘芳" in hints[0].message
    record_relatives(district.df.conn, district.admin, district.voters["刘芳"], district.voters["李秀英"], "sibling")
    assert "same_household" not in codes(district)
    assert "relatives_standing" in codes(district)


def test_election_committee_member_who_stands_must_step_down(district: District) -> None:
    conn = district.df.conn
    form_committee(conn, district.admin, "C01", "representatives_meeting", date(2011, 3, 5))
    add_member(conn, district.admin, "C01", "何主任", "chair")
    member = add_member(conn, district.admin, "C01", "杨洋", "member", district.voters["杨洋"])
    problems = [p for p in check_nominations(conn, "C01") if p.code == "committee_member_standing"]
    assert len(problems) == 1 and "杨洋" in problems[0].message
    step_down(conn, district.admin, member.id, "被提名为居委会委员候选人")
    assert "committee_member_standing" not in codes(district)


def test_group_leader_candidate_from_another_group_is_flagged(district: District) -> None:
    assert "not_in_group" not in codes(district)
    with transaction(district.df.conn) as conn:
        conn.execute("UPDATE voters SET group_id = ? WHERE id = ?",
                     (district.group_ids[("C01", 2)], district.voters["马超"]))
    problems = [p for p in check_nominations(district.df.conn, "C01") if p.code == "not_in_group"]
    assert [(p.contest, p.position) for p in problems] == [("C01-G1", "leader")]
