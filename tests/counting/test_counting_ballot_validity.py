"""Rule 2: each position's section on a ballot is judged on its own (DOMAIN.md, counting rule 2)."""

from __future__ import annotations

import pytest

from app.counting.ballots import (
    Ballot,
    PositionSpec,
    Section,
    SectionVerdict,
    decide_section,
    judge_section,
    rule_section_invalid,
)
from app.counting.tally import CountingError, TallyInput, tally

DIRECTOR = {"id": "director", "seats": 1, "candidates": ["王建国", "李秀英"]}
DEPUTY = {"id": "deputy", "seats": 2, "candidates": ["张伟", "刘芳", "陈静"]}


def test_too_many_marks_for_director_voids_that_section_but_deputies_still_count(count, result_of):
    ballots = [{"director": ["王建国", "李秀英"], "deputy": ["张伟"]}] + [{"director": ["王建国"]}] * 3
    outcome = count([DIRECTOR, DEPUTY], ballots)
    director, deputy = result_of(outcome, "director"), result_of(outcome, "deputy")
    assert director["votes"] == {"王建国": 3, "李秀英": 0}
    assert director["valid_sections"] == 3
    assert deputy["votes"]["张伟"] == 1
    assert outcome["invalid_ballots"] == 0


def test_a_write_in_counts_against_the_seats_like_a_mark(count, result_of):
    # Two seats: two marks plus one name written in (另选他人) is three names, one too many.
    ballots = [{"deputy": ["张伟", "刘芳", "赵六"]}, {"deputy": ["张伟", "赵六"]}]
    deputy = result_of(count([DEPUTY], ballots), "deputy")
    assert deputy["votes"] == {"张伟": 1, "赵六": 1, "刘芳": 0, "陈静": 0}
    assert deputy["valid_sections"] == 1


def test_ballot_with_every_section_spoilt_is_an_invalid_ballot_but_still_collected(count, result_of):
    spoilt = {"director": ["王建国", "李秀英"], "deputy": ["张伟", "刘芳", "陈静"]}
    outcome = count([DIRECTOR, DEPUTY], [spoilt, {"director": ["王建国"]}])
    assert outcome["collected"] == 2
    assert outcome["invalid_ballots"] == 1
    assert result_of(outcome, "director")["valid_sections"] == 1


def test_the_same_name_twice_in_one_section_makes_the_section_invalid(count, result_of):
    outcome = count([DIRECTOR, DEPUTY], [{"director": ["李秀英"], "deputy": ["张伟", "张伟"]}])
    assert result_of(outcome, "deputy")["votes"]["张伟"] == 0
    assert result_of(outcome, "deputy")["valid_sections"] == 0
    assert result_of(outcome, "director")["votes"]["李秀英"] == 1


def test_blank_ballot_is_a_ballot_cast_with_no_votes(count, result_of):
    outcome = count([DIRECTOR, DEPUTY], [{}, {"director": [], "deputy": []}, {"director": ["王建国"]}],
                    electorate=5)
    assert outcome["collected"] == 3
    assert outcome["invalid_ballots"] == 0
    assert outcome["quorum_met"] is True          # 3 of 5 took part, blanks included
    assert result_of(outcome, "director")["votes"] == {"王建国": 1, "李秀英": 0}
    assert result_of(outcome, "director")["valid_sections"] == 3


def test_blank_section_with_a_spoilt_section_leaves_the_ballot_valid(count):
    outcome = count([DIRECTOR, DEPUTY], [{"director": ["王建国", "李秀英"]}])
    assert outcome["invalid_ballots"] == 0


def test_section_verdicts_name_the_reason():
    assert judge_section(Section(("张伟", "刘芳")), 2) is SectionVerdict.VALID
    assert judge_section(Section(), 2) is SectionVerdict.BLANK
    assert judge_section(Section(("张伟", "刘芳", "陈静")), 2) is SectionVerdict.OVER_VOTED
    assert judge_section(Section(("张伟", "张伟")), 2) is SectionVerdict.DUPLICATE_NAME
    assert judge_section(Section(("张伟",), undecided=True), 2) is SectionVerdict.UNDECIDED
    assert judge_section(Section(("张伟",), ruled_invalid=True), 2) is SectionVerdict.RULED_INVALID


def _round(*ballots: Ballot) -> TallyInput:
    return TallyInput(form="direct", electorate=3, issued=3,
                      positions=(PositionSpec("director", 1, ("王建国", "李秀英")),), ballots=ballots)


def test_tally_is_refused_while_a_ballot_has_unclear_marks():
    unclear = Ballot({"director": Section(("王建国",), undecided=True)})
    clear = Ballot({"director": Section(("王建国",))})
    with pytest.raises(CountingError) as refused:
        tally(_round(unclear, clear, clear))
    assert refused.value.code == "undecided_ballots"
    assert "监票人" in refused.value.message


def test_scrutineers_decide_an_unclear_mark_and_the_tally_proceeds():
    unclear = Section(("王建国",), undecided=True)
    read_as_li = Ballot({"director": decide_section(unclear, ("李秀英",))})
    ruled_out = Ballot({"director": rule_section_invalid(unclear)})
    clear = Ballot({"director": Section(("王建国",))})
    outcome = tally(_round(read_as_li, ruled_out, clear))
    assert outcome.positions[0].votes == {"王建国": 1, "李秀英": 1}
    assert outcome.invalid_ballots == 1
    assert outcome.positions[0].valid_sections == 2


def test_unclear_section_in_the_tally_file_also_blocks_the_tally(count):
    with pytest.raises(CountingError, match="undecided_ballots"):
        count([DIRECTOR], [{"director": {"names": ["王建国"], "undecided": True}}])
    outcome = count([DIRECTOR], [{"director": {"names": ["王建国"], "ruled_invalid": True}}])
    assert outcome["invalid_ballots"] == 1
