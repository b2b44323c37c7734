"""A station laptop left alone locks after ten minutes; only the same user's password opens it again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from authkit import PASSWORD, START, FakeClock

from app.auth import (
    DEFAULT_IDLE_MINUTES,
    LoginError,
    Session,
    SessionGuard,
    guard_for,
    idle_minutes,
    set_idle_minutes,
    unlock_session,
)
from app.db import DataFile
from app.errors import PollDeskError


def test_screen_locks_after_ten_idle_minutes_and_not_before() -> None:
    guard = SessionGuard(Session("clerk1", "clerk", START), START)
    assert DEFAULT_IDLE_MINUTES == 10
    assert not guard.is_locked(START + timedelta(minutes=9, seconds=59))
    assert guard.is_locked(START + timedelta(minutes=10))


def test_each_keystroke_restarts_the_idle_timer() -> None:
    guard = SessionGuard(Session("clerk1", "clerk", START), START)
    assert guard.touch(START + timedelta(minutes=8))
    assert not guard.is_locked(START + timedelta(minutes=17))
    assert guard.is_locked(START + timedelta(minutes=18))


def test_a_locked_screen_is_not_reopened_by_a_keystroke() -> None:
    guard = SessionGuard(Session("clerk1", "clerk", START), START)
    assert guard.is_locked(START + timedelta(minutes=11))
    assert not guard.touch(START + timedelta(minutes=11))
    assert guard.is_locked(START + timedelta(minutes=11, seconds=1))


def test_only_the_same_users_password_reopens_the_screen(
        station: DataFile, clerk: Session, chief: Session, clock: FakeClock) -> None:
    guard = guard_for(station.conn, clerk, clock())
    guard.lock()
    with pytest.raises(LoginError):
        unlock_session(station.conn, guard, "the chief's guess", clock)
    assert guard.is_locked(clock())
    clock.advance(2)
    unlock_session(station.conn, guard, PASSWORD, clock)
    assert not guard.is_locked(clock.advance(60))
    assert guard.session.user == "clerk1"


def test_chief_sets_a_shorter_idle_time_for_this_file(station: DataFile, chief: Session, clerk: Session,
                                                      clock: FakeClock) -> None:
    assert idle_minutes(station.conn) == 10
    with pytest.raises(PollDeskError):
        set_idle_minutes(station.conn, clerk, 5, clock)
    with pytest.raises(PollDeskError) as err:
        set_idle_minutes(station.conn, chief, 0, clock)
    assert err.value.code == "bad_setting"
    set_idle_minutes(station.conn, chief, 5, clock)
    guard = guard_for(station.conn, clerk, START)
    assert not guard.is_locked(START + timedelta(minutes=4))
    assert guard.is_locked(START + timedelta(minutes=5))
