"""Rules 4 and 5: more than half of the ballots collected wins; unfilled seats go to a further round."""

from __future__ import annotations

DIRECTOR = {"id": "director", "seats": 1, "candidates": ["王建国", "李秀英", "张伟"]}
DEPUTY = {"id": "deputy", "seats": 2, "candidates": ["刘芳", "陈静", "杨洋", "赵敏"]}


def test_exactly_half_of_the_ballots_does_not_win(count, result_of):
    ballots = [{"director": ["王建国"]}] * 5 + [{"director": ["李秀英"]}] * 4 + [{}]
    director = result_of(count([DIRECTOR], ballots), "director")
    assert director["elected"] == []
    assert director["unfilled"] == 1


def test_half_plus_one_vote_wins(count, result_of):
    ballots = [{"director": ["王建国"]}] * 6 + [{"director": ["李秀英"]}] * 4
    director = result_of(count([DIRECTOR], ballots), "director")
    assert director["elected"] == ["王建国"]
    assert director["unfilled"] == 0
    assert director["runoff_candidates"] == []


def test_invalid_ballots_count_in_the_half_to_beat(count, result_of):
    # 5 of 10 collected is not more than half, though it is 5 of the 9 valid ballots.
    ballots = ([{"director": ["王建国"]}] * 5 + [{"director": ["李秀英"]}] * 4
               + [{"director": ["王建国", "李秀英"]}])
    outcome = count([DIRECTOR], ballots)
    assert outcome["invalid_ballots"] == 1
    assert result_of(outcome, "director")["elected"] == []


def test_winners_are_taken_highest_first_until_the_seats_are_filled(count, result_of):
    # 刘芳 7, 陈静 7, 杨洋 6: all above half of 10, but there are two seats.
    ballots = ([{"deputy": ["刘芳", "陈静"]}] * 4 + [{"deputy": ["刘芳", "杨洋"]}] * 3
               + [{"deputy": ["陈静", "杨洋"]}] * 3)
    deputy = result_of(count([DEPUTY], ballots), "deputy")
    assert deputy["votes"] == {"刘芳": 7, "陈静": 7, "杨洋": 6, "赵敏": 0}
    assert deputy["elected"] == ["刘芳", "陈静"]
    assert deputy["unfilled"] == 0


def test_a_tie_for_the_last_seat_elects_nobody_and_both_go_to_the_further_round(count, result_of):
    # 刘芳 8 wins the first seat; 陈静 6 and 杨洋 6 tie for the second, both above half of 10.
    ballots = ([{"deputy": ["刘芳", "陈静"]}] * 4 + [{"deputy": ["刘芳", "杨洋"]}] * 4
               + [{"deputy": ["陈静", "杨洋"]}] * 2)
    deputy = result_of(count([DEPUTY], ballots), "deputy")
    assert deputy["elected"] == ["刘芳"]
    assert deputy["unfilled"] == 1
    # Equal votes are listed by name (code point order), so 杨 before 陈.
    assert deputy["runoff_candidates"] == ["杨洋", "陈静"]


def test_further_round_takes_one_more_than_the_seats_left(count, result_of):
    ballots = ([{"director": ["王建国"]}] * 4 + [{"director": ["李秀英"]}] * 3
               + [{"director": ["张伟"]}] * 2 + [{}])
    director = result_of(count([DIRECTOR], ballots), "director")
    assert director["elected"] == []
    assert director["runoff_candidates"] == ["王建国", "李秀英"]


def test_further_round_includes_everyone_tied_at_the_cut(count, result_of):
    ballots = ([{"director": ["王建国"]}] * 4 + [{"director": ["李秀英"]}] * 3
               + [{"director": ["张伟"]}] * 3)
    director = result_of(count([DIRECTOR], ballots), "director")
    # Seats left 1 + margin 1 = 2 wanted; 张伟 and 李秀英 tie at the cut, so both stay in.
    assert director["runoff_candidates"] == ["王建国", "张伟", "李秀英"]


def test_written_in_name_is_counted_and_can_win(count, result_of):
    ballots = [{"director": ["何平"]}] * 6 + [{"director": ["王建国"]}] * 4
    director = result_of(count([DIRECTOR], ballots), "director")
    assert director["votes"] == {"何平": 6, "王建国": 4, "张伟": 0, "李秀英": 0}
    assert list(director["votes"])[:2] == ["何平", "王建国"]
    assert director["elected"] == ["何平"]


def test_every_candidate_is_listed_with_zero_and_unvoted_write_ins_are_not(count, result_of):
    director = result_of(count([DIRECTOR], [{"director": ["王建国"]}]), "director")
    assert director["votes"] == {"王建国": 1, "张伟": 0, "李秀英": 0}


def test_winning_share_of_two_thirds_set_in_the_rules(count, result_of):
    ballots = [{"director": ["王建国"]}] * 6 + [{"director": ["李秀英"]}] * 3
    rules = {"winning_fraction": "2/3"}
    assert result_of(count([DIRECTOR], ballots, rules=rules), "director")["elected"] == []
    ballots.append({"director": ["王建国"]})
    assert result_of(count([DIRECTOR], ballots, rules=rules), "director")["elected"] == ["王建国"]


def test_person_elected_director_is_passed_over_for_deputy(count, result_of):
    director = {"id": "director", "seats": 1, "candidates": ["王建国", "李秀英"]}
    deputy = {"id": "deputy", "seats": 1, "candidates": ["刘芳", "陈静"]}
    ballots = [{"director": ["王建国"], "deputy": ["王建国"]}] * 7 + [{"director": ["李秀英"], "deputy": ["刘芳"]}] * 3
    outcome = count([director, deputy], ballots)
    assert result_of(outcome, "director")["elected"] == ["王建国"]
    assert result_of(outcome, "deputy")["votes"]["王建国"] == 7
    assert result_of(outcome, "deputy")["elected"] == []
    assert result_of(outcome, "deputy")["runoff_candidates"] == ["刘芳", "陈静"]


# Rule 5: the further round (另行选举): most votes, and at least one third of that round's ballots.

def test_further_round_winner_with_exactly_one_third_is_elected(count, result_of):
    ballots = [{"director": ["王建国"]}] * 3 + [{"director": ["李秀英"]}] * 2 + [{}] * 4
    director = result_of(count([DIRECTOR], ballots, electorate=10, round=2), "director")
    assert director["elected"] == ["王建国"]


def test_further_round_winner_just_below_one_third_is_not_elected(count, result_of):
    ballots = [{"director": ["王建国"]}] * 3 + [{"director": ["李秀英"]}] * 2 + [{}] * 5
    director = result_of(count([DIRECTOR], ballots, electorate=12, round=2), "director")
    assert director["elected"] == []
    assert director["unfilled"] == 1


def test_further_round_tie_for_the_last_seat_still_fills_nobody(count, result_of):
    # 12 ballots: one third is 4. 刘芳 6 takes a seat; 陈静 4 and 杨洋 4 both reach it but tie.
    ballots = [{"deputy": ["刘芳"]}] * 6 + [{"deputy": ["陈静", "杨洋"]}] * 4 + [{}] * 2
    deputy = result_of(count([DEPUTY], ballots, round=2), "deputy")
    assert deputy["votes"]["陈静"] == deputy["votes"]["杨洋"] == 4
    assert deputy["elected"] == ["刘芳"]
    assert deputy["unfilled"] == 1
    assert deputy["runoff_candidates"] == ["杨洋", "陈静"]


def test_further_round_needs_the_quorum_too(count, result_of):
    ballots = [{"director": ["王建国"]}] * 5
    outcome = count([DIRECTOR], ballots, electorate=10, round=2)
    assert outcome["quorum_met"] is False
    assert result_of(outcome, "director")["elected"] == []


def test_further_round_share_of_one_half_set_in_the_rules(count, result_of):
    ballots = [{"director": ["王建国"]}] * 4 + [{"director": ["李秀英"]}] * 4
    rules = {"runoff_fraction": "1/2"}
    director = result_of(count([DIRECTOR], ballots, round=2, rules=rules), "director")
    assert director["elected"] == []        # a tie: nobody
    ballots[-1] = {}
    director = result_of(count([DIRECTOR], ballots, round=2, rules=rules), "director")
    assert director["elected"] == ["王建国"]   # 4 of 8 is at least one half
