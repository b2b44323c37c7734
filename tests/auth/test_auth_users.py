"""The chief sets up the station's users: first user, clerks, removals, passwords, the demo's users."""

from __future__ import annotations

from dataclasses import replace

import pytest
from authkit import PASSWORD, FakeClock

from app.audit import read_events
from app.auth import (
    DEMO_PASSWORD,
    LoginError,
    Session,
    add_user,
    change_password,
    check_password_rule,
    ensure_demo_users,
    list_users,
    login,
    remove_user,
    reset_password,
)
from app.db import DataFile
from app.election.model import Definition
from app.errors import PollDeskError


def test_first_user_of_a_file_must_be_a_chief_or_administrator(station: DataFile, clock: FakeClock) -> None:
    with pytest.raises(PollDeskError) as err:
        add_user(station, None, "clerk1", "clerk", PASSWORD, clock=clock)
    assert err.value.code == "first_user_role"
    add_user(station, None, "chief1", "chief", PASSWORD, clock=clock)
    assert read_events(station.conn, event="user_added")[0].details["bootstrap"] is True


def test_second_user_needs_a_signed_in_chief(station: DataFile, chief: Session, clock: FakeClock) -> None:
    with pytest.raises(PollDeskError) as err:
        add_user(station, None, "chief2", "chief", PASSWORD, clock=clock)
    assert err.value.code == "sign_in_needed"


def test_a_clerk_cannot_add_or_remove_users(station: DataFile, clerk: Session, clock: FakeClock) -> None:
    with pytest.raises(PollDeskError) as err:
        add_user(station, clerk, "clerk9", "clerk", PASSWORD, clock=clock)
    assert err.value.code == "forbidden"
    with pytest.raises(PollDeskError):
        remove_user(station, clerk, "chief1", clock)


def test_a_chief_cannot_make_a_district_administrator(station: DataFile, chief: Session, clock: FakeClock) -> None:
    with pytest.raises(PollDeskError) as err:
        add_user(station, chief, "boss", "district_admin", PASSWORD, clock=clock)
    assert err.value.code == "forbidden"


def test_removed_clerk_can_no_longer_sign_in_and_the_name_stays_taken(
        station: DataFile, chief: Session, clerk: Session, clock: FakeClock) -> None:
    remove_user(station, chief, "clerk1", clock)
    assert [u.name for u in list_users(station.conn)] == ["chief1"]
    with pytest.raises(LoginError) as err:
        login(station.conn, "clerk1", PASSWORD, clock)
    assert err.value.code == "login_failed"
    with pytest.raises(PollDeskError) as taken:
        add_user(station, chief, "clerk1", "clerk", PASSWORD, clock=clock)
    assert taken.value.code == "user_exists"
    with pytest.raises(PollDeskError) as self_removal:
        remove_user(station, chief, "chief1", clock)
    assert self_removal.value.code == "remove_self"


def test_duplicate_name_is_refused(station: DataFile, chief: Session, clock: FakeClock) -> None:
    with pytest.raises(PollDeskError) as err:
        add_user(station, chief, "chief1", "clerk", PASSWORD, clock=clock)
    assert err.value.code == "user_exists"


@pytest.mark.parametrize("password", ["short", "1234", "12345", "abcdefg", "clerk7"])
def test_too_short_passwords_and_pins_are_refused(password: str) -> None:
    with pytest.raises(PollDeskError) as err:
        check_password_rule(password, name="clerk7")
    assert err.value.code == "weak_password"


@pytest.mark.parametrize("password", ["123456", "abcdefgh", "长城长城长城长城"])
def test_six_digit_pin_or_eight_character_password_is_accepted(password: str) -> None:
    check_password_rule(password, name="clerk7")


def test_clerk_changes_own_password_after_giving_the_old_one(
        station: DataFile, clerk: Session, clock: FakeClock) -> None:
    with pytest.raises(PollDeskError) as err:
        change_password(station, clerk, "guess", "246810", clock)
    assert err.value.code == "wrong_password"
    change_password(station, clerk, PASSWORD, "246810", clock)
    assert login(station.conn, "clerk1", "246810", clock).user == "clerk1"
    with pytest.raises(LoginError):
        login(station.conn, "clerk1", PASSWORD, clock)


def test_chief_resets_a_forgotten_password(station: DataFile, chief: Session, clerk: Session,
                                           clock: FakeClock) -> None:
    with pytest.raises(PollDeskError):
        reset_password(station, clerk, "chief1", "13579135", clock)
    reset_password(station, chief, "clerk1", "13579135", clock)
    assert login(station.conn, "clerk1", "13579135", clock).role == "clerk"
    details = read_events(station.conn, event="password_changed")[-1].details
    assert details == {"name": "clerk1", **({"unlocks_file": True} if station.encrypted else {})}


def test_demo_users_exist_only_in_a_test_election(station: DataFile, small_definition: Definition,
                                                  clock: FakeClock) -> None:
    official = replace(small_definition.election, mode="official")
    with pytest.raises(PollDeskError) as err:
        ensure_demo_users(station, official, clock)
    assert err.value.code == "demo_users_official"
    assert list_users(station.conn) == []
    assert ensure_demo_users(station, small_definition.election, clock) == ["clerk1", "chief1"]
    assert ensure_demo_users(station, small_definition.election, clock) == []
    assert login(station.conn, "clerk1", DEMO_PASSWORD, clock).role == "clerk"
    assert login(station.conn, "chief1", DEMO_PASSWORD, clock).role == "chief"
