"""The mobile box goes out with named voters' ballots and comes back; the day's turnout adds up."""

from __future__ import annotations

import pytest
from pollbook_day import CHIEF, CLERK, COMMITTEE, HOUSEHOLD_CONTEST, MOBILE_BOX, PLACE, FixedClock

from app.audit import read_events, verify_chain
from app.db import DataFile, transaction
from app.errors import PollDeskError
from app.pollbook import (
    close_poll,
    issue_ballot,
    mobile_out,
    mobile_return,
    open_poll,
    rebuild_issuances,
    receive_ballots,
    spoil_exchange,
    turnout,
    undo_issuance,
)


@pytest.fixture
def open_station(station: DataFile, clock: FixedClock) -> DataFile:
    receive_ballots(station.conn, CHIEF, COMMITTEE, 30, clock=clock)
    open_poll(station.conn, CHIEF, clock)
    return station


def test_mobile_box_out_and_back_reconciles(open_station: DataFile, voters: dict[str, int],
                                            clock: FixedClock) -> None:
    conn = open_station.conn
    named = [voters["冯二"], voters["钱七"], voters["孙八"]]
    out = mobile_out(conn, CLERK, MOBILE_BOX, named, clock=clock)
    assert [r.kind for r in out] == ["mobile"] * 3 and {r.box_id for r in out} == {MOBILE_BOX}
    # 孙八 was not at home: the ballot comes back unused, and 孙八 may still come in person
    result = mobile_return(conn, CHIEF, MOBILE_BOX, returned_count=2, unused=[voters["孙八"]], clock=clock)
    assert (result.ballots_out, result.unused, result.expected, result.returned) == (3, 1, 2, 2)
    assert result.balanced
    issue_ballot(conn, CLERK, voters["孙八"], clock=clock)
    assert turnout(conn)["contests"][COMMITTEE]["by_kind"] == {"in_person": 1, "mobile": 2}
    assert verify_chain(conn) == (True, None)


def test_mobile_box_with_a_ballot_too_many_does_not_reconcile(open_station: DataFile, voters: dict[str, int],
                                                               clock: FixedClock) -> None:
    conn = open_station.conn
    mobile_out(conn, CLERK, MOBILE_BOX, [voters["冯二"], voters["钱七"]], clock=clock)
    undo_issuance(conn, CHIEF, voters["钱七"], reason="named by mistake", clock=clock)
    result = mobile_return(conn, CHIEF, MOBILE_BOX, returned_count=2, clock=clock)
    assert (result.ballots_out, result.undone, result.expected, result.difference) == (2, 1, 1, 1)
    assert not result.balanced
    # the next trip starts afresh
    mobile_out(conn, CLERK, MOBILE_BOX, [voters["钱七"]], clock=clock)
    assert mobile_return(conn, CHIEF, MOBILE_BOX, returned_count=1, clock=clock).balanced


def test_mobile_box_list_with_a_voter_who_already_voted_issues_nothing(open_station: DataFile,
                                                                       voters: dict[str, int],
                                                                       clock: FixedClock) -> None:
    conn = open_station.conn
    issue_ballot(conn, CLERK, voters["钱七"], clock=clock)
    with pytest.raises(PollDeskError) as err:
        mobile_out(conn, CLERK, MOBILE_BOX, [voters["冯二"], voters["钱七"]], clock=clock)
    assert err.value.code == "already_issued" and "钱七" in err.value.message
    assert conn.execute("SELECT COUNT(*) FROM issuances WHERE kind = 'mobile'").fetchone()[0] == 0


def test_voter_of_the_mobile_box_may_not_take_a_ballot_at_the_venue_without_the_chief(
        open_station: DataFile, voters: dict[str, int], clock: FixedClock) -> None:
    with pytest.raises(PollDeskError) as err:
        issue_ballot(open_station.conn, CLERK, voters["冯二"], clock=clock)
    assert err.value.code == "other_place"


def test_unused_ballot_for_a_voter_not_on_the_trip_is_refused(open_station: DataFile, voters: dict[str, int],
                                                              clock: FixedClock) -> None:
    mobile_out(open_station.conn, CLERK, MOBILE_BOX, [voters["冯二"]], clock=clock)
    with pytest.raises(PollDeskError) as err:
        mobile_return(open_station.conn, CHIEF, MOBILE_BOX, 0, unused=[voters["钱七"]], clock=clock)
    assert err.value.code == "not_on_trip"


def test_turnout_by_place_kind_and_hour(open_station: DataFile, voters: dict[str, int], clock: FixedClock) -> None:
    conn = open_station.conn
    clock.now = clock.now.replace(hour=8, minute=30)
    issue_ballot(conn, CLERK, voters["张三"], clock=clock)
    issue_ballot(conn, CLERK, voters["李四"], proxy_for=voters["王五"], auth_no="W-1", clock=clock)
    clock.now = clock.now.replace(hour=9, minute=10)
    issue_ballot(conn, CLERK, voters["李四"], clock=clock)
    mobile_out(conn, CLERK, MOBILE_BOX, [voters["冯二"]], clock=clock)
    spoil_exchange(conn, CLERK, voters["张三"], clock=clock)
    clock.now = clock.now.replace(hour=10)
    issue_ballot(conn, CLERK, voters["赵六"], HOUSEHOLD_CONTEST, clock=clock)
    close_poll(conn, CHIEF, clock)
    figures = turnout(conn)
    assert figures["place"] == PLACE and figures["state"] == "closed"
    committee = figures["contests"][COMMITTEE]
    assert committee["by_place"] == {PLACE: 3, "C01-M1": 1}
    assert committee["by_kind"] == {"in_person": 2, "mobile": 1, "proxy": 1}
    assert committee["by_hour"] == {"08": 2, "09": 2}
    assert (committee["received"], committee["issued"], committee["spoilt"], committee["unused"]) == (30, 4, 1, 25)
    assert committee["electorate"] == 11     # 12 voters of 东湖社区 in the register, one removed
    household = figures["contests"][HOUSEHOLD_CONTEST]
    assert (household["issued"], household["by_kind"], household["electorate"]) == (1, {"household": 1}, 4)
    assert [e.event for e in read_events(conn, event="poll_closed")] == ["poll_closed"]


def test_rebuilding_from_events_gives_the_same_ballots_and_finds_a_voter_who_voted_twice(
        open_station: DataFile, voters: dict[str, int], clock: FixedClock) -> None:
    conn = open_station.conn
    issue_ballot(conn, CLERK, voters["张三"], clock=clock)
    issue_ballot(conn, CLERK, voters["李四"], clock=clock)
    undo_issuance(conn, CHIEF, voters["李四"], reason="wrong line", clock=clock)
    mobile_out(conn, CLERK, MOBILE_BOX, [voters["冯二"]], clock=clock)
    before = [tuple(r) for r in conn.execute("SELECT * FROM issuances ORDER BY contest_id, voter_id")]
    with transaction(conn):
        assert rebuild_issuances(conn) == []
    assert [tuple(r) for r in conn.execute("SELECT * FROM issuances ORDER BY contest_id, voter_id")] == before
    # as in a merged district file: the first station also issued 张三 a ballot, later in the day
    conn.execute("INSERT INTO issuance_events(place_code, seq, event, contest_id, voter_id, ballot_kind, box_id,"
                 " clerk, time) VALUES ('C01-S1', 1, 'issue', ?, ?, 'in_person', 'C01-S1-1', 'clerk9',"
                 " '2011-04-10T11:00:00+08:00')", (COMMITTEE, voters["张三"]))
    with transaction(conn):
        twice = rebuild_issuances(conn)
    assert [(e["place_code"], e["voter_id"]) for e in twice] == [("C01-S1", voters["张三"])]
    assert [tuple(r) for r in conn.execute("SELECT * FROM issuances ORDER BY contest_id, voter_id")] == before
