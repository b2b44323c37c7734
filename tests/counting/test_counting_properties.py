"""Properties that hold for any round: checked on random rounds with hypothesis."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from app.counting.ballots import Ballot, PositionSpec, Section
from app.counting.tally import TallyInput, tally
from app.election.rules import RuleSet

PEOPLE = ["王建国", "李秀英", "张伟", "刘芳", "陈静", "何平", "赵六"]   # the last two are never nominated
POSITION_IDS = ["director", "deputy", "member"]


@st.composite
def rounds(draw: st.DrawFn) -> TallyInput:
    n_positions = draw(st.integers(1, 3))
    positions = tuple(
        PositionSpec(POSITION_IDS[i], draw(st.integers(1, 3)),
                     tuple(draw(st.lists(st.sampled_from(PEOPLE[:5]), max_size=4, unique=True))))
        for i in range(n_positions))
    section = st.lists(st.sampled_from(PEOPLE), max_size=4).map(lambda names: Section(tuple(names)))
    ballot = st.fixed_dictionaries({}, optional={p.id: section for p in positions}).map(Ballot)
    ballots = tuple(draw(st.lists(ballot, max_size=25)))
    collected = len(ballots)
    return TallyInput(
        form=draw(st.sampled_from(["direct", "household", "representatives"])),
        electorate=draw(st.integers(max(1, collected // 2), 2 * collected + 2)),
        issued=draw(st.integers(max(0, collected - 2), collected + 3)),
        positions=positions, ballots=ballots, round=draw(st.sampled_from([1, 2])),
        rules=RuleSet(higher_position_aggregation=draw(st.booleans())))


@settings(max_examples=150, deadline=None)
@given(rounds())
def test_nobody_gets_more_votes_than_ballots_collected(round_: TallyInput) -> None:
    outcome = tally(round_)
    for result in outcome.positions:
        assert all(0 <= n <= outcome.collected for n in result.votes.values())


@settings(max_examples=150, deadline=None)
@given(rounds())
def test_without_carried_votes_a_position_gets_at_most_seats_votes_per_valid_section(
        round_: TallyInput) -> None:
    outcome = tally(replace(round_, rules=RuleSet()))
    for result in outcome.positions:
        assert sum(result.votes.values()) <= result.valid_sections * result.seats
        assert result.valid_sections <= outcome.collected


@settings(max_examples=100, deadline=None)
@given(rounds(), st.randoms(use_true_random=False))
def test_the_order_ballots_are_counted_in_does_not_change_the_result(round_: TallyInput, rnd) -> None:
    shuffled = list(round_.ballots)
    rnd.shuffle(shuffled)
    assert tally(replace(round_, ballots=tuple(shuffled))).to_dict() == tally(round_).to_dict()


@settings(max_examples=150, deadline=None)
@given(rounds())
def test_seats_are_never_overfilled_and_nobody_holds_two(round_: TallyInput) -> None:
    outcome = tally(round_)
    everyone_elected: list[str] = []
    for result in outcome.positions:
        assert len(result.elected) + result.unfilled == result.seats
        assert not set(result.elected) & set(result.runoff_candidates)
        everyone_elected.extend(result.elected)
    assert len(everyone_elected) == len(set(everyone_elected))


@settings(max_examples=150, deadline=None)
@given(rounds())
def test_everyone_elected_reached_the_threshold_and_beat_everyone_left_out(round_: TallyInput) -> None:
    outcome = tally(round_)
    share = round_.rules.fraction("winning_fraction" if round_.round == 1 else "runoff_fraction")
    elected_higher: set[str] = set()
    for result in outcome.positions:
        if result.elected:
            assert outcome.valid_round and outcome.quorum_met
        left_out = [n for n in result.votes if n not in result.elected and n not in elected_higher]
        for name in result.elected:
            if round_.round == 1:
                assert result.votes[name] > share * outcome.collected
            else:
                assert result.votes[name] >= share * outcome.collected
            assert all(result.votes[other] < result.votes[name] for other in left_out)
        elected_higher.update(result.elected)
    assert outcome.quorum_met == (Fraction(outcome.collected) > Fraction(1, 2) * round_.electorate)
