"""A clerk's day at the central venue: issuing ballots and every refusal a clerk meets."""

from __future__ import annotations

import pytest
from pollbook_day import CHIEF, CLERK, COMMITTEE, HOUSEHOLD_CONTEST, PLACE, FixedClock

from app.audit import Actor, read_events, verify_chain
from app.db import SQL_DATABASE_ERROR, SQL_INTEGRITY_ERROR, DataFile, open_data_file
from app.errors import PollDeskError
from app.i18n import set_language
from app.pollbook import (
    close_poll,
    issue_ballot,
    open_poll,
    poll_state,
    receive_ballots,
    spoil_exchange,
    undo_issuance,
)


@pytest.fixture
def open_station(station: DataFile, clock: FixedClock) -> DataFile:
    receive_ballots(station.conn, CHIEF, COMMITTEE, 20, clock=clock)
    receive_ballots(station.conn, CHIEF, HOUSEHOLD_CONTEST, 10, clock=clock)
    open_poll(station.conn, CHIEF, clock)
    clock.advance(5)
    return station


def _refusal(call, *args, **kwargs) -> PollDeskError:  # type: ignore[no-untyped-def]
    with pytest.raises(PollDeskError) as err:
        call(*args, **kwargs)
    return err.value


def test_ballot_issued_to_a_voter_is_on_disk_and_audited(open_station: DataFile, voters: dict[str, int],
                                                        clock: FixedClock) -> None:
    result = issue_ballot(open_station.conn, CLERK, voters["张三"], clock=clock)
    assert (result.contest_id, result.kind, result.place_code, result.box_id) == (
        COMMITTEE, "in_person", PLACE, "C01-Z-1")
    # a second connection (another process would see the same) finds the ballot committed
    with open_data_file(open_station.path) as again:
        row = again.conn.execute("SELECT voter_id, contest_id, kind FROM issuances").fetchone()
        assert tuple(row) == (voters["张三"], COMMITTEE, "in_person")
        assert [e.event for e in read_events(again.conn, event="ballot_issued")] == ["ballot_issued"]
        assert verify_chain(again.conn) == (True, None)


def test_second_ballot_for_same_voter_is_refused_saying_when_where_and_by_whom(
        open_station: DataFile, voters: dict[str, int], clock: FixedClock) -> None:
    issue_ballot(open_station.conn, CLERK, voters["张三"], clock=clock)
    clock.advance(30)
    set_language("en")
    err = _refusal(issue_ballot, open_station.conn, Actor("clerk2", "clerk"), voters["张三"], clock=clock)
    assert err.code == "already_issued"
    assert "2011-04-10 08:05" in err.message and "东湖社区中心会场" in err.message and "clerk1" in err.message
    assert open_station.conn.execute("SELECT COUNT(*) FROM issuances").fetchone()[0] == 1


def test_refusal_message_is_chinese_by_default(open_station: DataFile, voters: dict[str, int],
                                               clock: FixedClock) -> None:
    issue_ballot(open_station.conn, CLERK, voters["张三"], clock=clock)
    err = _refusal(issue_ballot, open_station.conn, CLERK, voters["张三"], clock=clock)
    assert "已经领取" in err.message and "clerk1" in err.message


def test_ballot_before_the_poll_opens_is_refused(station: DataFile, voters: dict[str, int],
                                                 clock: FixedClock) -> None:
    err = _refusal(issue_ballot, station.conn, CLERK, voters["张三"], clock=clock)
    assert err.code == "poll_not_open"
    assert station.conn.execute("SELECT COUNT(*) FROM issuance_events").fetchone()[0] == 0


def test_ballot_after_the_poll_closes_is_refused(open_station: DataFile, voters: dict[str, int],
                                                 clock: FixedClock) -> None:
    close_poll(open_station.conn, CHIEF, clock)
    assert _refusal(issue_ballot, open_station.conn, CLERK, voters["张三"], clock=clock).code == "poll_not_open"


def test_only_the_chief_opens_the_poll(station: DataFile, clock: FixedClock) -> None:
    assert _refusal(open_poll, station.conn, CLERK, clock).code == "forbidden"
    open_poll(station.conn, CHIEF, clock)
    assert poll_state(station.conn) == "open"
    assert _refusal(open_poll, station.conn, CHIEF, clock).code == "poll_wrong_state"
    assert [e.event for e in read_events(station.conn, event="poll_opened")] == ["poll_opened"]


def test_unknown_and_removed_voters_are_refused(open_station: DataFile, voters: dict[str, int],
                                                clock: FixedClock) -> None:
    assert _refusal(issue_ballot, open_station.conn, CLERK, 99999, clock=clock).code == "voter_unknown"
    assert _refusal(issue_ballot, open_station.conn, CLERK, voters["褚四"], clock=clock).code == "voter_removed"


def test_counting_staff_cannot_issue_ballots(open_station: DataFile, voters: dict[str, int],
                                             clock: FixedClock) -> None:
    err = _refusal(issue_ballot, open_station.conn, Actor("n1", "counter"), voters["张三"], clock=clock)
    assert err.code == "forbidden"


def test_proxy_ballot_is_issued_against_a_written_authorisation(open_station: DataFile, voters: dict[str, int],
                                                                clock: FixedClock) -> None:
    result = issue_ballot(open_station.conn, CLERK, voters["王五"], proxy_for=voters["张三"], auth_no="W-001",
                          clock=clock)
    assert (result.voter_id, result.kind, result.proxy_voter_id) == (voters["张三"], "proxy", voters["王五"])
    # the proxy still votes for themselves
    issue_ballot(open_station.conn, CLERK, voters["王五"], clock=clock)
    err = _refusal(issue_ballot, open_station.conn, CLERK, voters["张三"], clock=clock)
    assert err.code == "already_issued" and "王五" in err.message


def test_proxy_without_authorisation_number_is_refused(open_station: DataFile, voters: dict[str, int],
                                                       clock: FixedClock) -> None:
    err = _refusal(issue_ballot, open_station.conn, CLERK, voters["王五"], proxy_for=voters["张三"], clock=clock)
    assert err.code == "proxy_auth_missing"


def test_proxy_over_the_cap_is_refused(open_station: DataFile, voters: dict[str, int], clock: FixedClock) -> None:
    proxy = voters["钱七"]
    for n, principal in enumerate(("张三", "李四", "王五"), start=1):
        issue_ballot(open_station.conn, CLERK, proxy, proxy_for=voters[principal], auth_no=f"W-{n}", clock=clock)
    err = _refusal(issue_ballot, open_station.conn, CLERK, proxy, proxy_for=voters["赵六"], auth_no="W-4",
                   clock=clock)
    assert err.code == "proxy_cap" and "3" in err.message
    # the same authorisation used for the household contest is not a fourth one
    issue_ballot(open_station.conn, CLERK, proxy, HOUSEHOLD_CONTEST, proxy_for=voters["王五"], auth_no="W-3",
                 clock=clock)


def test_proxy_from_another_community_is_refused(open_station: DataFile, voters: dict[str, int],
                                                 clock: FixedClock) -> None:
    conn = open_station.conn
    # a voter of 西园社区 is not in this station's register at all
    err = _refusal(issue_ballot, conn, CLERK, voters["卫五"], proxy_for=voters["张三"], auth_no="W-9", clock=clock)
    assert err.code == "proxy_not_voter"
    # and one that is known to the file but registered in the other community is refused by name
    conn.execute("INSERT INTO communities(code, name) VALUES ('C02', '西园社区')")
    conn.execute("INSERT INTO voters(id, community_code, name, sex, birth_date, id_hash, id_masked)"
                 " VALUES (?, 'C02', '卫五', 'M', '1960-05-05', 'x', '110105********0011')", (voters["卫五"],))
    err = _refusal(issue_ballot, conn, CLERK, voters["卫五"], proxy_for=voters["张三"], auth_no="W-9", clock=clock)
    assert err.code == "proxy_other_community" and "卫五" in err.message


def test_candidate_as_proxy_is_refused_unless_for_a_close_relative(open_station: DataFile, voters: dict[str, int],
                                                                   clock: FixedClock) -> None:
    candidate = voters["陈三"]
    err = _refusal(issue_ballot, open_station.conn, CLERK, candidate, proxy_for=voters["孙八"], auth_no="W-5",
                   clock=clock)
    assert err.code == "candidate_proxy"
    result = issue_ballot(open_station.conn, CLERK, candidate, proxy_for=voters["孙八"], auth_no="W-5",
                          relative=True, clock=clock)
    assert result.kind == "proxy"


def test_household_second_ballot_is_refused(open_station: DataFile, voters: dict[str, int],
                                            clock: FixedClock) -> None:
    first = issue_ballot(open_station.conn, CLERK, voters["张三"], HOUSEHOLD_CONTEST, clock=clock)
    assert first.kind == "household"
    err = _refusal(issue_ballot, open_station.conn, CLERK, voters["李四"], HOUSEHOLD_CONTEST, clock=clock)
    assert err.code == "household_already_voted" and "张三" in err.message
    # another household of the group votes; a voter of another group takes no part
    issue_ballot(open_station.conn, CLERK, voters["王五"], HOUSEHOLD_CONTEST, clock=clock)
    assert _refusal(issue_ballot, open_station.conn, CLERK, voters["钱七"], HOUSEHOLD_CONTEST,
                    clock=clock).code == "not_in_contest"


def test_household_index_refuses_a_second_ballot_even_written_directly(open_station: DataFile,
                                                                        voters: dict[str, int],
                                                                        clock: FixedClock) -> None:
    first = issue_ballot(open_station.conn, CLERK, voters["张三"], HOUSEHOLD_CONTEST, clock=clock)
    row = open_station.conn.execute("SELECT * FROM issuances").fetchone()
    with pytest.raises(SQL_INTEGRITY_ERROR):
        open_station.conn.execute(
            "INSERT INTO issuances(contest_id, voter_id, household_id, kind, place_code, seq, clerk, time)"
            " VALUES (?,?,?,?,?,?,?,?)", (HOUSEHOLD_CONTEST, voters["李四"], row["household_id"], "household",
                                          PLACE, first.seq, "x", "t"))


def test_voter_of_another_place_needs_the_chief(open_station: DataFile, voters: dict[str, int],
                                                clock: FixedClock) -> None:
    err = _refusal(issue_ballot, open_station.conn, CLERK, voters["郑一"], clock=clock)
    assert err.code == "other_place" and "第一投票站" in err.message
    assert _refusal(issue_ballot, open_station.conn, CLERK, voters["郑一"], override_by=CLERK,
                    clock=clock).code == "forbidden"
    result = issue_ballot(open_station.conn, CLERK, voters["郑一"], override_by=CHIEF, clock=clock)
    assert result.authorised_by == "chief1"
    assert [e.user for e in read_events(open_station.conn, event="override_by_chief")] == ["chief1"]


def test_undo_by_a_clerk_is_refused_by_the_chief_with_reason_then_reissue(
        open_station: DataFile, voters: dict[str, int], clock: FixedClock) -> None:
    conn = open_station.conn
    issue_ballot(conn, CLERK, voters["张三"], clock=clock)
    assert _refusal(undo_issuance, conn, CLERK, voters["张三"], reason="wrong voter", clock=clock).code == "forbidden"
    assert _refusal(undo_issuance, conn, CHIEF, voters["张三"], reason=" ", clock=clock).code == "reason_required"
    undo_issuance(conn, CHIEF, voters["张三"], reason="clerk picked the wrong line", clock=clock)
    assert conn.execute("SELECT COUNT(*) FROM issuances").fetchone()[0] == 0
    again = issue_ballot(conn, CLERK, voters["张三"], clock=clock)
    events = [tuple(r) for r in conn.execute("SELECT event, reason FROM issuance_events WHERE voter_id = ?"
                                             " ORDER BY seq", (voters["张三"],))]
    assert events == [("issue", ""), ("undo", "clerk picked the wrong line"), ("issue", "")]
    assert again.seq == 5   # after two receive events, the issue and the undo


def test_issuance_events_cannot_be_changed_or_deleted(open_station: DataFile, voters: dict[str, int],
                                                     clock: FixedClock) -> None:
    issue_ballot(open_station.conn, CLERK, voters["张三"], clock=clock)
    for sql in ("UPDATE issuance_events SET voter_id = 1", "DELETE FROM issuance_events"):
        with pytest.raises(SQL_DATABASE_ERROR, match="append-only"):
            open_station.conn.execute(sql)


def test_spoilt_ballot_exchange_keeps_the_counts_reconciled(open_station: DataFile, voters: dict[str, int],
                                                            clock: FixedClock) -> None:
    from app.pollbook import turnout

    conn = open_station.conn
    for name in ("张三", "李四", "王五"):
        issue_ballot(conn, CLERK, voters[name], clock=clock)
    spoil_exchange(conn, CLERK, voters["李四"], reason="marked the wrong box", clock=clock)
    assert _refusal(spoil_exchange, conn, CLERK, voters["赵六"], clock=clock).code == "not_issued"
    figures = turnout(conn)["contests"][COMMITTEE]
    assert (figures["received"], figures["issued"], figures["spoilt"], figures["unused"]) == (20, 3, 1, 16)
    assert figures["received"] == figures["issued"] + figures["spoilt"] + figures["unused"]
    assert [e.event for e in read_events(conn, event="ballot_spoilt")] == ["ballot_spoilt"]
