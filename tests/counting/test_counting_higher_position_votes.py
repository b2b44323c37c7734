"""Rule 6 (optional): votes for a higher position also count for the same person in a lower one."""

from __future__ import annotations

DIRECTOR = {"id": "director", "seats": 1, "candidates": ["王建国", "李秀英"]}
DEPUTY = {"id": "deputy", "seats": 2, "candidates": ["刘芳", "陈静", "李秀英"]}   # 李秀英 stands for both
AGGREGATE = {"higher_position_aggregation": True}

# 王建国 6 wins director. For deputy 刘芳 has 8, 陈静 4, 李秀英 only 2 directly, but 4 more ballots
# chose her for director.
BALLOTS = ([{"director": ["王建国"], "deputy": ["刘芳", "陈静"]}] * 4
           + [{"director": ["李秀英"], "deputy": ["刘芳"]}] * 4
           + [{"director": ["王建国"], "deputy": ["李秀英"]}] * 2)


def test_without_the_rule_a_failed_director_candidate_keeps_only_her_deputy_votes(count, result_of):
    outcome = count([DIRECTOR, DEPUTY], BALLOTS)
    assert result_of(outcome, "director")["elected"] == ["王建国"]
    deputy = result_of(outcome, "deputy")
    assert deputy["votes"] == {"刘芳": 8, "陈静": 4, "李秀英": 2}
    assert deputy["elected"] == ["刘芳"]
    assert deputy["unfilled"] == 1


def test_with_the_rule_her_director_votes_carry_down_and_elect_her_deputy(count, result_of):
    outcome = count([DIRECTOR, DEPUTY], BALLOTS, rules=AGGREGATE)
    assert result_of(outcome, "director")["votes"] == {"王建国": 6, "李秀英": 4}
    deputy = result_of(outcome, "deputy")
    assert deputy["votes"] == {"刘芳": 8, "李秀英": 6, "陈静": 4}
    assert deputy["elected"] == ["刘芳", "李秀英"]


def test_a_ballot_choosing_her_for_both_positions_gives_her_one_deputy_vote(count, result_of):
    ballots = [{"director": ["李秀英"], "deputy": ["李秀英"]}] * 3
    deputy = result_of(count([DIRECTOR, DEPUTY], ballots, rules=AGGREGATE), "deputy")
    assert deputy["votes"]["李秀英"] == 3


def test_director_votes_do_not_carry_to_someone_not_standing_for_deputy(count, result_of):
    ballots = [{"director": ["王建国"]}] * 3 + [{"deputy": ["刘芳"]}]
    deputy = result_of(count([DIRECTOR, DEPUTY], ballots, rules=AGGREGATE), "deputy")
    assert "王建国" not in deputy["votes"]


def test_a_name_written_in_for_deputy_gathers_the_director_votes_written_for_it(count, result_of):
    ballots = [{"director": ["何平"]}] * 3 + [{"deputy": ["何平"]}]
    deputy = result_of(count([DIRECTOR, DEPUTY], ballots, rules=AGGREGATE), "deputy")
    assert deputy["votes"]["何平"] == 4


def test_deputy_votes_never_count_upwards_for_director(count, result_of):
    ballots = [{"deputy": ["李秀英"]}] * 3
    director = result_of(count([DIRECTOR, DEPUTY], ballots, rules=AGGREGATE), "director")
    assert director["votes"]["李秀英"] == 0


def test_a_spoilt_director_section_carries_nothing_down(count, result_of):
    ballots = [{"director": ["王建国", "李秀英"]}] * 3
    deputy = result_of(count([DIRECTOR, DEPUTY], ballots, rules=AGGREGATE), "deputy")
    assert deputy["votes"]["李秀英"] == 0


def test_the_elected_director_is_not_also_elected_deputy_with_carried_votes(count, result_of):
    deputy = {"id": "deputy", "seats": 1, "candidates": ["刘芳", "王建国"]}
    ballots = [{"director": ["王建国"]}] * 7 + [{"deputy": ["刘芳"]}] * 3
    outcome = count([DIRECTOR, deputy], ballots, rules=AGGREGATE)
    assert result_of(outcome, "director")["elected"] == ["王建国"]
    assert result_of(outcome, "deputy")["votes"]["王建国"] == 7
    assert result_of(outcome, "deputy")["elected"] == []
    assert result_of(outcome, "deputy")["runoff_candidates"] == ["刘芳"]
