"""Who can open an encrypted file: the right password or the district's recovery key, nobody else."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from conftest import PASSWORD, district_with_voters

from app.auth import add_user, login
from app.db import Unlock, create_data_file, open_data_file
from app.election.model import Definition
from app.errors import DataFileError, PollDeskError
from app.vault import keyfile
from app.vault.access import change_password, grant_access, key_holders, revoke_access
from app.vault.recovery import make_recovery_key, recover, recovery_public_key

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _station(tmp_path: Path, recovery: bytes | None = None, election: str = "test-2011"):  # type: ignore[no-untyped-def]
    df = create_data_file(tmp_path / f"{election}-C01-Z.polldesk", kind="station", election_id=election,
                          place_code="C01-Z", encrypt_for=[("chief1", PASSWORD)], recovery_public_key=recovery)
    add_user(df, None, "chief1", "chief", PASSWORD)
    return df


def _refused(path: Path, unlock: Unlock | None, **kwargs: str) -> DataFileError:
    before = path.read_bytes()
    with pytest.raises(DataFileError) as err:
        open_data_file(path, unlock=unlock, **kwargs)
    assert CHINESE.search(err.value.message), err.value.message   # said in the clerk's language
    assert path.read_bytes() == before
    return err.value


def test_wrong_password_or_unknown_name_opens_nothing(tmp_path: Path) -> None:
    _station(tmp_path).close()
    path = tmp_path / "test-2011-C01-Z.polldesk"
    assert _refused(path, Unlock.with_password("chief1", "not-the-password")).code == "unlock_refused"
    assert _refused(path, Unlock.with_password("nobody", PASSWORD)).code == "unlock_refused"
    assert _refused(path, None).code == "file_locked"
    with open_data_file(path, unlock=Unlock.with_password(" chief1 ", PASSWORD)) as df:
        assert df.encrypted and df.place_code == "C01-Z"


def test_another_elections_key_opens_nothing(tmp_path: Path) -> None:
    ours = recovery_public_key(_key(tmp_path / "ours.key", "test-2011"))
    _station(tmp_path, ours).close()
    other_key = _key(tmp_path / "other.key", "other-2016")
    other_df = _station(tmp_path / "other", recovery_public_key(other_key), election="other-2016")
    other_df.close()
    path = tmp_path / "test-2011-C01-Z.polldesk"
    assert _refused(path, Unlock.with_recovery_key(_private(other_key))).code == "recovery_key_mismatch"
    assert _refused(path, Unlock.with_password("chief1", PASSWORD), election_id="other-2016").code == "other_election"
    with pytest.raises(DataFileError) as err:
        recover(path, other_key, "chief1", "brand-new-pass")
    assert err.value.code == "other_election"
    # the other election's key file beside our data file, with the same password: it does not fit
    keyfile.keys_path(path).write_bytes(keyfile.keys_path(other_df.path).read_bytes())
    assert _refused(path, Unlock.with_password("chief1", PASSWORD)).code == "wrong_key"


def test_edited_key_file_opens_nothing(tmp_path: Path) -> None:
    _station(tmp_path).close()
    path = tmp_path / "test-2011-C01-Z.polldesk"
    keys = keyfile.keys_path(path)
    keys.write_text(keys.read_text(encoding="utf-8").replace('"C01-Z"', '"C02-Z"'), encoding="utf-8")
    assert _refused(path, Unlock.with_password("chief1", PASSWORD)).code == "unlock_refused"
    keys.write_text("{not json", encoding="utf-8")
    assert _refused(path, Unlock.with_password("chief1", PASSWORD)).code == "keys_unreadable"


def test_password_change_rewraps_only_the_key_entry(tmp_path: Path) -> None:
    df = _station(tmp_path)
    grant_access(df, "clerk1", "clerk-pass-1")
    df.close()
    path = df.path
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    clerk_entry = keyfile.read_keys(path)["users"]["clerk1"]
    change_password(path, "chief1", PASSWORD, "new-chief-pass")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest      # not re-encrypted
    assert keyfile.read_keys(path)["users"]["clerk1"] == clerk_entry     # nobody else's entry touched
    _refused(path, Unlock.with_password("chief1", PASSWORD))
    with pytest.raises(DataFileError):
        change_password(path, "chief1", "wrong-old-pass", "another-pass")
    for unlock in (Unlock.with_password("chief1", "new-chief-pass"), Unlock.with_password("clerk1", "clerk-pass-1")):
        open_data_file(path, unlock=unlock).close()


def test_revoked_user_cannot_open_and_an_old_key_file_no_longer_fits(tmp_path: Path) -> None:
    df = _station(tmp_path)
    grant_access(df, "clerk1", "clerk-pass-1")
    old_keys = keyfile.keys_path(df.path).read_bytes()       # the clerk kept a copy before being revoked
    revoke_access(df, "clerk1")
    df.conn.execute("INSERT INTO file_meta(key, value) VALUES ('after_revoke', 'yes')")
    df.close()
    assert key_holders(df.path) == ["chief1"]
    _refused(df.path, Unlock.with_password("clerk1", "clerk-pass-1"))
    keyfile.keys_path(df.path).write_bytes(old_keys)
    assert _refused(df.path, Unlock.with_password("clerk1", "clerk-pass-1")).code == "wrong_key"


def test_the_last_key_holder_cannot_be_revoked_without_a_recovery_key(tmp_path: Path) -> None:
    with _station(tmp_path) as df, pytest.raises(PollDeskError) as err:
        revoke_access(df, "chief1")
    assert err.value.code == "last_key_holder"


def test_rotation_cut_off_after_rekey_is_finished_on_next_open(tmp_path: Path) -> None:
    import os

    df = _station(tmp_path)
    new_key = os.urandom(32)
    doc = keyfile.read_keys(df.path)
    keyfile.begin_rotation(doc, new_key)
    keyfile.write_keys(df.path, doc)
    df.conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
    df.close()                                        # power cut before the key file was finished
    with open_data_file(df.path, unlock=Unlock.with_password("chief1", PASSWORD)) as again:
        assert again.file_key == new_key
    assert "next" not in keyfile.read_keys(df.path)


def test_district_recovers_a_station_file_and_the_chief_signs_in_with_the_new_password(
        tmp_path: Path, small_definition: Definition) -> None:
    key = _key(tmp_path / "recovery.key", "test-2011")
    _station(tmp_path, recovery_public_key(key)).close()
    path = tmp_path / "test-2011-C01-Z.polldesk"
    with recover(path, key, "chief1", "after-recovery-1") as df:
        assert df.encrypted
    with open_data_file(path, unlock=Unlock.with_password("chief1", "after-recovery-1")) as df:
        assert login(df.conn, "chief1", "after-recovery-1").role == "chief"
    _refused(path, Unlock.with_password("chief1", PASSWORD))


def test_district_file_with_recovery_key_opens_with_it(tmp_path: Path, small_definition: Definition) -> None:
    key = _key(tmp_path / "recovery.key", "test-2011")
    district_with_voters(tmp_path / "district.polldesk", small_definition, encrypt=True,
                         recovery_public_key=recovery_public_key(key)).close()
    with open_data_file(tmp_path / "district.polldesk", unlock=Unlock.with_recovery_key(_private(key))) as df:
        assert df.conn.execute("SELECT count(*) FROM voters").fetchone()[0] == 3


@pytest.mark.plain_files
def test_unencrypted_files_open_as_before(tmp_path: Path) -> None:
    with create_data_file(tmp_path / "plain.polldesk", kind="station", election_id="e", place_code="C01-Z") as df:
        assert not df.encrypted and type(df.conn).__module__ == "sqlite3"
    with open_data_file(tmp_path / "plain.polldesk", unlock=Unlock.with_password("x", "y")) as df:
        assert not df.encrypted
    assert not keyfile.keys_path(tmp_path / "plain.polldesk").exists()


def _key(path: Path, election: str) -> Path:
    make_recovery_key(path, election)
    return path


def _private(path: Path) -> bytes:
    from app.vault.recovery import read_recovery_key

    return read_recovery_key(path)[1]
