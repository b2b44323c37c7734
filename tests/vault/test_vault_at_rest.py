"""A lost laptop gives nothing away: the data file, its -wal, a backup and the key file hold no voter's name or ID."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ID_NUMBERS, PASSWORD, VOTERS, district_with_voters

from app.db import Unlock, open_data_file
from app.election.model import Definition
from app.errors import DataFileError
from app.vault.copies import backup_target, copy_keys
from app.vault.keyfile import keys_path


def _needles() -> list[bytes]:
    found = []
    for (name, _, _), id_number in zip(VOTERS, ID_NUMBERS, strict=True):
        for text in (name, id_number, id_number[-6:], id_number[6:14]):
            found += [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]
    return found


def _leaks(*paths: Path) -> list[str]:
    return [f"{p.name}: {needle!r}" for p in paths for needle in _needles() if needle in p.read_bytes()]


def _backup(df, dest: Path) -> Path:  # type: ignore[no-untyped-def]
    dest.parent.mkdir(parents=True, exist_ok=True)
    target = backup_target(df, dest)
    df.conn.backup(target)
    target.execute("PRAGMA journal_mode=DELETE")
    target.close()
    copy_keys(df, dest)
    return dest


@pytest.mark.plain_files
def test_unencrypted_file_shows_the_names_so_the_scan_can_see_them(tmp_path: Path,
                                                                  small_definition: Definition) -> None:
    df = district_with_voters(tmp_path / "plain.polldesk", small_definition, encrypt=False)
    with df:
        wal = df.path.with_name(df.path.name + "-wal")
        assert any(repr(VOTERS[0][0].encode("utf-8")) in leak for leak in _leaks(df.path, wal))


def test_encrypted_file_wal_backup_and_key_file_hold_no_name_or_id(tmp_path: Path, small_definition: Definition,
                                                                   recovery_file: Path) -> None:
    from app.vault.recovery import recovery_public_key

    df = district_with_voters(tmp_path / "district.polldesk", small_definition, encrypt=True,
                              recovery_public_key=recovery_public_key(recovery_file))
    with df:
        wal = df.path.with_name(df.path.name + "-wal")
        assert wal.stat().st_size > 0, "the voters should still be in the -wal while the file is open"
        backup = _backup(df, tmp_path / "stick" / "district-1.polldesk.bak")
        assert df.conn.execute("SELECT count(*) FROM voters").fetchone()[0] == len(VOTERS)
        assert _leaks(df.path, wal, backup, keys_path(df.path), keys_path(backup)) == []
        assert not df.path.read_bytes().startswith(b"SQLite format 3")


def test_backup_of_an_encrypted_file_opens_with_the_same_password_only(tmp_path: Path,
                                                                       small_definition: Definition) -> None:
    df = district_with_voters(tmp_path / "district.polldesk", small_definition, encrypt=True)
    with df:
        backup = _backup(df, tmp_path / "stick" / "district-1.polldesk.bak")
    with open_data_file(backup, unlock=Unlock.with_password("chief1", PASSWORD)) as copy:
        names = {r[0] for r in copy.conn.execute("SELECT name FROM voters")}
    assert names == {v[0] for v in VOTERS}
    keys_path(backup).unlink()
    with pytest.raises(DataFileError) as err:
        open_data_file(backup, unlock=Unlock.with_password("chief1", PASSWORD))
    assert err.value.code == "not_a_data_file"
