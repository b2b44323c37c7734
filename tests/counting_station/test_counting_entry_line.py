"""The counter types what the caller reads aloud: numbers per position, '/' between, write-ins by name."""

from __future__ import annotations

import pytest

from app.counting.ballots import Ballot, Section
from app.counting.entry import EntryError, PositionLayout, format_entry, parse_entry

LAYOUT = (
    PositionLayout("director", "主任", 1, ("王建国", "李秀英")),
    PositionLayout("deputy", "副主任", 2, ("张伟", "刘芳", "陈静")),
    PositionLayout("member", "委员", 3, ("杨洋", "赵敏", "黄磊", "周杰")),
)


def test_numbers_per_position_become_the_candidates_in_ballot_order() -> None:
    ballot = parse_entry("1/1 2/3 4 2", LAYOUT)
    assert ballot == Ballot({"director": Section(("王建国",)), "deputy": Section(("张伟", "刘芳")),
                             "member": Section(("黄磊", "周杰", "赵敏"))})


def test_tab_separates_positions_like_a_slash_and_digits_need_no_spaces() -> None:
    assert parse_entry("2\t13\t124", LAYOUT) == parse_entry("2 / 1 3 / 1 2 4", LAYOUT)


def test_full_width_input_from_a_chinese_keyboard_is_read() -> None:
    assert parse_entry("１／１，２／３", LAYOUT) == parse_entry("1/1 2/3", LAYOUT)


def test_a_word_that_is_not_a_number_is_a_write_in() -> None:
    ballot = parse_entry("何平/1 何平", LAYOUT)
    assert ballot.section("director").names == ("何平",)
    assert ballot.section("deputy").names == ("张伟", "何平")


def test_positions_left_out_at_the_end_are_blank_and_an_empty_line_is_a_blank_ballot() -> None:
    assert parse_entry("1", LAYOUT) == Ballot({"director": Section(("王建国",))})
    assert parse_entry("  ", LAYOUT) == Ballot({})
    assert parse_entry("/ /3", LAYOUT) == Ballot({"member": Section(("黄磊",))})


def test_minus_marks_a_section_invalid_and_question_mark_leaves_it_to_the_scrutineers() -> None:
    ballot = parse_entry("-/1 2?/3", LAYOUT)
    assert ballot.section("director") == Section((), ruled_invalid=True)
    assert ballot.section("deputy") == Section(("张伟", "刘芳"), undecided=True)
    assert ballot.undecided


def test_a_number_with_no_candidate_is_refused_with_the_position_named() -> None:
    with pytest.raises(EntryError) as caught:
        parse_entry("3", LAYOUT)
    assert caught.value.code == "no_such_candidate"
    assert "主任" in caught.value.message


def test_more_positions_than_the_ballot_has_are_refused() -> None:
    with pytest.raises(EntryError) as caught:
        parse_entry("1/1/1/1", LAYOUT)
    assert caught.value.code == "too_many_positions"


def test_an_over_voted_section_is_kept_as_typed_for_the_engine_to_judge() -> None:
    assert parse_entry("1 2", LAYOUT).section("director").names == ("王建国", "李秀英")


def test_a_ballot_written_back_reads_as_the_same_ballot() -> None:
    for line in ("1/1 2/3 4 2", "何平/-/1 2?", "", "/3"):
        ballot = parse_entry(line, LAYOUT)
        assert parse_entry(format_entry(ballot, LAYOUT), LAYOUT) == ballot


def test_a_position_with_ten_candidates_reads_numbers_whole() -> None:
    many = (PositionLayout("member", "委员", 3, tuple(f"人{i}" for i in range(1, 12))),)
    assert parse_entry("10 2", many).section("member").names == ("人10", "人2")
