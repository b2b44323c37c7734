"""A clerk signs in; wrong passwords slow down and finally lock the account until the chief unlocks it."""

from __future__ import annotations

import pytest
from authkit import PASSWORD, FakeClock

from app.audit import read_events, verify_chain
from app.auth import LoginError, Session, add_user, delay_after, login, unlock_user
from app.db import DataFile
from app.errors import PollDeskError


def _wrong(station: DataFile, clock: FakeClock, name: str = "clerk1") -> LoginError:
    with pytest.raises(LoginError) as err:
        login(station.conn, name, "not the password", clock)
    return err.value


def test_clerk_signs_in_with_the_right_password(station: DataFile, clerk: Session, clock: FakeClock) -> None:
    session = login(station.conn, "clerk1", PASSWORD, clock)
    assert (session.user, session.role, session.started, session.display_name) == (
        "clerk1", "clerk", clock.now, "李发票员")
    assert read_events(station.conn, event="login_ok")[-1].user == "clerk1"


def test_stored_password_is_an_argon2id_hash_never_the_password(station: DataFile, clerk: Session) -> None:
    row = station.conn.execute("SELECT password_hash FROM users WHERE name='clerk1'").fetchone()
    assert row["password_hash"].startswith("$argon2id$")
    assert PASSWORD not in row["password_hash"]


def test_wrong_password_and_unknown_name_give_the_same_message(
        station: DataFile, clerk: Session, clock: FakeClock) -> None:
    wrong_password = _wrong(station, clock, "clerk1")
    unknown_name = _wrong(station, clock, "nobody")
    assert wrong_password.code == unknown_name.code == "login_failed"
    assert wrong_password.message == unknown_name.message == "用户名或密码错误。"
    assert wrong_password.retry_after == unknown_name.retry_after == 1


def test_each_wrong_password_doubles_the_wait_and_early_attempts_are_refused(
        station: DataFile, clerk: Session, clock: FakeClock) -> None:
    assert [delay_after(k) for k in range(5)] == [0, 1, 2, 4, 8]
    for failures in (1, 2, 3, 4):
        assert _wrong(station, clock).retry_after == delay_after(failures)
        clock.advance(delay_after(failures) - 0.5)
        with pytest.raises(LoginError) as early:
            login(station.conn, "clerk1", PASSWORD, clock)   # even the right password must wait
        assert early.value.code == "login_wait"
        assert early.value.retry_after == 1
        assert "秒后再试" in early.value.message
        clock.advance(0.5)
    login(station.conn, "clerk1", PASSWORD, clock)          # the wait is over, the count resets
    assert _wrong(station, clock).retry_after == 1


def test_fifth_wrong_password_locks_the_account(station: DataFile, clerk: Session, clock: FakeClock) -> None:
    for failures in range(1, 5):
        assert _wrong(station, clock).code == "login_failed"
        clock.advance(delay_after(failures))
    locked = _wrong(station, clock)
    assert locked.code == "account_locked"
    assert "站长" in locked.message
    clock.advance(3600)
    with pytest.raises(LoginError) as err:
        login(station.conn, "clerk1", PASSWORD, clock)
    assert err.value.code == "account_locked"
    assert [e.event for e in read_events(station.conn)][-2:] == ["login_failed", "user_locked"]


def _lock_out(station: DataFile, clock: FakeClock, name: str) -> None:
    for failures in range(1, 6):
        _wrong(station, clock, name)
        clock.advance(delay_after(failures))


def test_only_the_chief_unlocks_a_locked_clerk(station: DataFile, chief: Session, clock: FakeClock) -> None:
    add_user(station, chief, "clerk1", "clerk", PASSWORD, clock=clock)
    add_user(station, chief, "clerk2", "clerk", PASSWORD, clock=clock)
    other_clerk = login(station.conn, "clerk2", PASSWORD, clock)
    _lock_out(station, clock, "clerk1")
    with pytest.raises(PollDeskError) as err:
        unlock_user(station.conn, other_clerk, "clerk1", clock)
    assert err.value.code == "forbidden"
    with pytest.raises(LoginError):
        login(station.conn, "clerk1", PASSWORD, clock)
    unlock_user(station.conn, chief, "clerk1", clock)
    assert login(station.conn, "clerk1", PASSWORD, clock).user == "clerk1"
    assert read_events(station.conn, event="user_unlocked")[-1].user == "chief1"


def test_district_admin_may_unlock_too(station: DataFile, clock: FakeClock) -> None:
    add_user(station, None, "admin", "district_admin", PASSWORD, clock=clock)
    admin = login(station.conn, "admin", PASSWORD, clock)
    add_user(station, admin, "chief1", "chief", PASSWORD, clock=clock)
    _lock_out(station, clock, "chief1")
    unlock_user(station.conn, admin, "chief1", clock)
    login(station.conn, "chief1", PASSWORD, clock)


def test_every_sign_in_attempt_is_audited_without_the_password(
        station: DataFile, clerk: Session, clock: FakeClock) -> None:
    _wrong(station, clock, "nobody")
    failed = read_events(station.conn, event="login_failed")[-1]
    assert failed.user == "?"            # a mistyped name may be someone's password: not kept
    rows = station.conn.execute("SELECT details, user_name FROM audit_log").fetchall()
    assert not any("not the password" in r["details"] or PASSWORD in r["details"] for r in rows)
    assert verify_chain(station.conn) == (True, None)
