"""Rules 1 and 3: the counts must reconcile, and more than half of the electorate must take part."""

from __future__ import annotations

import pytest

from app.counting.tally import CountingError
from app.i18n import set_language

LEADER = {"id": "leader", "seats": 1, "candidates": ["孙丽", "马超"]}
FOR_SUN = {"leader": ["孙丽"]}
ELECTORATE_NOUN = {"direct": "登记选民", "household": "户", "representatives": "居民代表"}


@pytest.mark.parametrize("form", ["direct", "household", "representatives"])
def test_exactly_half_of_the_electorate_is_not_a_quorum(count, result_of, form):
    outcome = count([LEADER], [FOR_SUN] * 5, electorate=10, form=form)
    assert outcome["quorum_met"] is False
    assert result_of(outcome, "leader")["elected"] == []
    assert result_of(outcome, "leader")["unfilled"] == 1
    assert result_of(outcome, "leader")["runoff_candidates"] == []
    assert result_of(outcome, "leader")["votes"]["孙丽"] == 5   # still counted for the record
    assert ELECTORATE_NOUN[form] in outcome["reason"]
    assert "5" in outcome["reason"] and "10" in outcome["reason"]


@pytest.mark.parametrize("form", ["direct", "household", "representatives"])
def test_half_plus_one_of_the_electorate_is_a_quorum(count, result_of, form):
    outcome = count([LEADER], [FOR_SUN] * 6, electorate=10, form=form)
    assert outcome["quorum_met"] is True
    assert outcome["reason"] is None
    assert result_of(outcome, "leader")["elected"] == ["孙丽"]


def test_household_quorum_reason_in_english(count):
    set_language("en")
    outcome = count([LEADER], [FOR_SUN] * 2, electorate=4, form="household")
    assert outcome["reason"] == ("Only 2 of 4 households took part, not more than 1/2 of them: "
                                 "the quorum is not met and no one is elected.")


def test_quorum_of_two_thirds_set_in_the_rules(count):
    rules = {"quorum_fraction": "2/3"}
    assert count([LEADER], [FOR_SUN] * 6, electorate=9, rules=rules)["quorum_met"] is False
    assert count([LEADER], [FOR_SUN] * 7, electorate=9, rules=rules)["quorum_met"] is True


def test_more_ballots_collected_than_issued_voids_the_round(count, result_of):
    outcome = count([LEADER], [FOR_SUN] * 7, electorate=10, issued=6)
    assert outcome["valid_round"] is False
    assert result_of(outcome, "leader")["elected"] == []
    assert result_of(outcome, "leader")["unfilled"] == 1
    assert "7" in outcome["reason"] and "6" in outcome["reason"] and "无效" in outcome["reason"]


def test_as_many_ballots_collected_as_issued_is_a_valid_round(count):
    outcome = count([LEADER], [FOR_SUN] * 7, electorate=10, issued=7)
    assert outcome["valid_round"] is True


def test_fewer_ballots_collected_than_issued_is_a_valid_round(count, result_of):
    outcome = count([LEADER], [FOR_SUN] * 7, electorate=10, issued=9)
    assert outcome["valid_round"] is True
    assert result_of(outcome, "leader")["elected"] == ["孙丽"]


def test_one_box_with_too_many_ballots_voids_the_round_even_when_the_totals_agree(count):
    boxes = [{"id": "C01-Z-1", "issued": 3, "collected": 4}, {"id": "C01-M1-1", "issued": 3, "collected": 2}]
    outcome = count([LEADER], [FOR_SUN] * 6, electorate=10, issued=6, boxes=boxes)
    assert outcome["valid_round"] is False
    assert "C01-Z-1" in outcome["reason"]
    assert "C01-M1-1" not in outcome["reason"]


def test_boxes_that_reconcile_leave_the_round_valid(count):
    boxes = [{"id": "C01-Z-1", "issued": 4, "collected": 4}, {"id": "C01-M1-1", "issued": 3, "collected": 2}]
    outcome = count([LEADER], [FOR_SUN] * 6, electorate=10, issued=7, boxes=boxes)
    assert outcome["valid_round"] is True


def test_box_figures_that_do_not_add_up_to_the_totals_are_refused(count):
    boxes = [{"id": "C01-Z-1", "issued": 4, "collected": 4}]
    with pytest.raises(CountingError) as refused:
        count([LEADER], [FOR_SUN] * 6, electorate=10, issued=7, boxes=boxes)
    assert refused.value.code == "boxes_do_not_add_up"
