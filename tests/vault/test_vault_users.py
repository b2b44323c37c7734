"""The users table and the key file change together: added users unlock, removed ones no longer can."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import PASSWORD

from app.audit import read_events
from app.auth import Session, add_user, change_password, ensure_demo_users, login, remove_user, reset_password
from app.db import DataFile, Unlock, create_data_file, open_data_file
from app.election.model import Definition
from app.errors import DataFileError, PollDeskError
from app.vault import keyfile
from app.vault.access import key_holders

CLERK_PASSWORD = "clerk-pass-2011"


def _station(tmp_path: Path, election: str = "test-2011") -> tuple[DataFile, Session]:
    """An encrypted station file whose chief1 unlocks it and is signed in."""
    df = create_data_file(tmp_path / "C01-Z.polldesk", kind="station", election_id=election, place_code="C01-Z",
                          encrypt_for=[("chief1", PASSWORD)])
    add_user(df, None, "chief1", "chief", PASSWORD)
    return df, login(df.conn, "chief1", PASSWORD)


def _unlocks(path: Path, user: str, password: str) -> bool:
    try:
        open_data_file(path, unlock=Unlock.with_password(user, password)).close()
    except DataFileError as exc:
        assert exc.code == "unlock_refused", exc.code
        return False
    return True


def test_a_clerk_added_by_the_chief_unlocks_the_file_with_their_own_password(tmp_path: Path) -> None:
    df, chief = _station(tmp_path)
    with df:
        add_user(df, chief, "clerk1", "clerk", CLERK_PASSWORD, "李发票员")
        granted = read_events(df.conn, event="access_granted")
    assert [e.details for e in granted] == [{"name": "chief1", "reason": "user_added"},
                                            {"name": "clerk1", "reason": "user_added"}]
    assert key_holders(df.path) == ["chief1", "clerk1"]
    with open_data_file(df.path, unlock=Unlock.with_password("clerk1", CLERK_PASSWORD)) as again:
        assert login(again.conn, "clerk1", CLERK_PASSWORD).role == "clerk"


def test_a_refused_addition_changes_neither_the_users_nor_the_key_file(tmp_path: Path) -> None:
    df, chief = _station(tmp_path)
    keys_before = keyfile.keys_path(df.path).read_bytes()
    with df:
        with pytest.raises(PollDeskError) as err:
            add_user(df, chief, "chief1", "clerk", CLERK_PASSWORD)      # the name is taken
        assert err.value.code == "user_exists"
        assert not read_events(df.conn, event="access_granted")[1:]
    assert keyfile.keys_path(df.path).read_bytes() == keys_before


def test_a_removed_clerk_can_no_longer_unlock_even_with_an_old_copy_of_the_key_file(tmp_path: Path) -> None:
    df, chief = _station(tmp_path)
    with df:
        add_user(df, chief, "clerk1", "clerk", CLERK_PASSWORD)
        old_keys = shutil.copy(keyfile.keys_path(df.path), tmp_path / "kept-by-the-clerk.keys")
        remove_user(df, chief, "clerk1")
        assert [e.details for e in read_events(df.conn, event="access_revoked")] == [{"name": "clerk1"}]
        df.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert key_holders(df.path) == ["chief1"]
    assert not _unlocks(df.path, "clerk1", CLERK_PASSWORD)
    assert _unlocks(df.path, "chief1", PASSWORD)
    shutil.copy(old_keys, keyfile.keys_path(df.path))             # the clerk puts the old key file back
    with pytest.raises(DataFileError) as err:
        open_data_file(df.path, unlock=Unlock.with_password("clerk1", CLERK_PASSWORD))
    assert err.value.code == "wrong_key"                          # the file was re-encrypted under a new key


def test_changing_a_password_rewraps_the_key_without_rewriting_the_data(tmp_path: Path) -> None:
    df, chief = _station(tmp_path)
    add_user(df, chief, "clerk1", "clerk", CLERK_PASSWORD)
    clerk = login(df.conn, "clerk1", CLERK_PASSWORD)
    df.close()
    data_before = df.path.read_bytes()
    with open_data_file(df.path, unlock=Unlock.with_password("clerk1", CLERK_PASSWORD)) as df:
        public_before = keyfile.read_keys(df.path)["users"]["clerk1"]["public_key"]
        with pytest.raises(PollDeskError):
            change_password(df, clerk, "not-my-password", "246810")    # neither changes
        assert _unlocks(df.path, "clerk1", CLERK_PASSWORD)
        change_password(df, clerk, CLERK_PASSWORD, "246810")
        assert read_events(df.conn, event="password_changed")[-1].details == {"name": "clerk1", "unlocks_file": True}
        df.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        data_after = df.path.read_bytes()
    assert keyfile.read_keys(df.path)["users"]["clerk1"]["public_key"] == public_before   # re-wrapped, not new
    assert not _unlocks(df.path, "clerk1", CLERK_PASSWORD)
    with open_data_file(df.path, unlock=Unlock.with_password("clerk1", "246810")) as again:
        assert login(again.conn, "clerk1", "246810").user == "clerk1"
    assert _page_count(data_before) == _page_count(data_after)
    assert _changed_pages(data_before, data_after) <= 3      # the audit entry and the user row; no re-encryption


def _page_count(data: bytes) -> int:
    return len(data) // 4096


def _changed_pages(before: bytes, after: bytes) -> int:
    return sum(before[n:n + 4096] != after[n:n + 4096] for n in range(0, min(len(before), len(after)), 4096))


def test_the_chief_resets_a_forgotten_password_and_it_unlocks_the_file(tmp_path: Path) -> None:
    df, chief = _station(tmp_path)
    with df:
        add_user(df, chief, "clerk1", "clerk", CLERK_PASSWORD)
        reset_password(df, chief, "clerk1", "13579135")
        assert read_events(df.conn, event="access_granted")[-1].details == {"name": "clerk1",
                                                                            "reason": "password_reset"}
    assert not _unlocks(df.path, "clerk1", CLERK_PASSWORD)
    assert _unlocks(df.path, "clerk1", "13579135")


def test_demo_users_of_a_test_election_unlock_its_encrypted_file(tmp_path: Path, small_definition: Definition) -> None:
    with create_data_file(tmp_path / "demo.polldesk", kind="station", election_id="test-2011", place_code="C01-Z",
                          encrypt_for=[("chief1", PASSWORD)]) as df:
        assert ensure_demo_users(df, small_definition.election) == ["clerk1", "chief1"]
    assert _unlocks(df.path, "clerk1", "demo-pass") and _unlocks(df.path, "chief1", "demo-pass")


def test_an_encrypted_files_bare_connection_is_refused_so_no_user_is_left_unable_to_unlock(tmp_path: Path) -> None:
    df, chief = _station(tmp_path)
    with df, pytest.raises(ValueError, match="pass the DataFile"):
        add_user(df.conn, chief, "clerk1", "clerk", CLERK_PASSWORD)


def test_a_page_of_its_own_reopens_an_unlocked_file_without_the_password(tmp_path: Path) -> None:
    from app.vault.reopen import reopen

    df, chief = _station(tmp_path)
    with df:
        add_user(df, chief, "clerk1", "clerk", CLERK_PASSWORD)
        with reopen(df, kind="station") as other:
            assert other.encrypted and other.place_code == "C01-Z"
            assert [r["name"] for r in other.conn.execute("SELECT name FROM users ORDER BY name")] == ["chief1",
                                                                                                     "clerk1"]
        with pytest.raises(DataFileError):
            reopen(df, kind="district")
