"""An encrypted district makes encrypted station files, and their rolling backups on the stick stay encrypted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.audit import read_events, verify_chain
from app.backup import list_backups, restore_backup, write_backup
from app.db import DataFile, Unlock, create_data_file, open_data_file
from app.db import datafile as datafile_module
from app.election.model import Definition
from app.election.station import create_station_file
from app.errors import DataFileError
from app.pollbook import issue_ballot, open_poll
from app.vault.access import key_holders
from app.vault.keyfile import keys_path
from app.vault.recovery import read_recovery_key, recovery_public_key
from tests.backup.backupkit import CHIEF, CLERK
from tests.handclock import HandClock
from tests.vault.conftest import ID_NUMBERS, PASSWORD, VOTERS, district_with_voters

PLACE = "C01-Z"
CLERK_PASSWORD = "clerk-pass-2011"
AS_CLERK = Unlock.with_password("clerk1", CLERK_PASSWORD)


def _needles() -> list[bytes]:
    found = []
    for (name, _, _), id_number in zip(VOTERS, ID_NUMBERS, strict=True):
        for text in (name, id_number, id_number[-6:], id_number[6:14]):
            found += [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]
    return found


def _leaks(*paths: Path) -> list[str]:
    return [f"{p.name}: {needle!r}" for p in paths for needle in _needles() if needle in p.read_bytes()]


@pytest.fixture
def district(tmp_path: Path, small_definition: Definition, recovery_file: Path) -> Iterator[DataFile]:
    """The encrypted district file with the three voters, sealed for the district's recovery key."""
    with district_with_voters(tmp_path / "office" / "district.polldesk", small_definition, encrypt=True,
                              recovery_public_key=recovery_public_key(recovery_file)) as df:
        yield df


@pytest.fixture
def station(district: DataFile, tmp_path: Path) -> Iterator[DataFile]:
    """The central venue's station file, encrypted for its clerk."""
    with create_station_file(district, PLACE, tmp_path / "laptop" / f"{PLACE}.polldesk",
                             encrypt_for=[("clerk1", CLERK_PASSWORD)]) as df:
        yield df


def test_station_file_from_an_encrypted_district_has_its_own_key_for_its_own_users(
        district: DataFile, station: DataFile, recovery_file: Path) -> None:
    assert station.encrypted and station.file_key != district.file_key
    assert station.conn.execute("SELECT count(*) FROM voters").fetchone()[0] == len(VOTERS)
    assert key_holders(station.path) == ["clerk1"]
    station.close()
    assert _leaks(station.path, keys_path(station.path)) == []
    with pytest.raises(DataFileError) as refused:            # the district's chief is not a user of the station
        open_data_file(station.path, unlock=Unlock.with_password("chief1", PASSWORD))
    assert refused.value.code == "unlock_refused"
    _, private = read_recovery_key(recovery_file)             # ... but the district's recovery key opens it
    with open_data_file(station.path, unlock=Unlock.with_recovery_key(private)) as df:
        assert {r[0] for r in df.conn.execute("SELECT name FROM voters")} == {v[0] for v in VOTERS}


def test_an_unencrypted_station_file_from_an_encrypted_district_is_refused_and_leaves_nothing(
        district: DataFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datafile_module, "_default_users", None)    # as in the application, not the test suite
    path = tmp_path / "laptop" / "plain.polldesk"
    with pytest.raises(DataFileError) as refused:
        create_station_file(district, PLACE, path)
    assert refused.value.code == "station_must_be_encrypted"
    assert not path.exists() and not keys_path(path).exists()


def test_backup_of_an_encrypted_station_is_encrypted_beside_its_key_file_and_restores(
        station: DataFile, tmp_path: Path) -> None:
    clock = HandClock()
    open_poll(station.conn, CHIEF, clock=clock)
    voter = int(station.conn.execute("SELECT id FROM voters WHERE place_code = ? ORDER BY id", (PLACE,))
                .fetchone()[0])
    issue_ballot(station.conn, CLERK, voter, clock=clock)
    backup = write_backup(station, tmp_path / "usb", clock)
    assert sorted(p.name for p in backup.parent.iterdir()) == [backup.name, keys_path(backup).name]
    assert _leaks(backup, keys_path(backup)) == []
    assert not backup.read_bytes().startswith(b"SQLite format 3")

    [locked] = list_backups(backup.parent)                   # without a password: what the key file says
    assert (locked.readable, locked.encrypted, locked.election_id, locked.kind, locked.place_code) == (
        True, True, station.election_id, "station", PLACE)
    assert locked.ballots is None
    [unlocked] = list_backups(backup.parent, unlock=AS_CLERK)
    assert (unlocked.poll_state, unlocked.ballots) == ("open", 1)

    target = tmp_path / "new-laptop" / f"{PLACE}.polldesk"
    with pytest.raises(DataFileError) as refused:
        restore_backup(backup, target, election_id=station.election_id)
    assert refused.value.code == "file_locked" and list(target.parent.iterdir()) == []
    restored = restore_backup(backup, target, election_id=station.election_id, unlock=AS_CLERK, clock=clock)
    assert restored.ballots == 1 and keys_path(target).is_file()
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name, keys_path(target).name]
    with open_data_file(target, election_id=station.election_id, unlock=AS_CLERK) as df:
        assert df.encrypted and verify_chain(df.conn) == (True, None)
        [entry] = read_events(df.conn, event="backup_restored")
        assert entry.details["backup"] == backup.name


def test_restoring_over_an_encrypted_file_keeps_the_old_one_aside_with_its_key_file(
        station: DataFile, tmp_path: Path) -> None:
    clock = HandClock()
    backup = write_backup(station, tmp_path / "usb", clock)
    open_poll(station.conn, CHIEF, clock=clock)
    station.close()
    done = restore_backup(backup, station.path, replace=True, unlock=AS_CLERK, clock=clock)
    assert done.moved_aside is not None and keys_path(done.moved_aside).is_file()
    with open_data_file(done.moved_aside, unlock=AS_CLERK) as old, open_data_file(station.path,
                                                                                 unlock=AS_CLERK) as new:
        states = [df.conn.execute("SELECT count(*) FROM poll_state_changes").fetchone()[0] for df in (old, new)]
    assert states == [1, 0]


def test_pruning_encrypted_backups_takes_their_key_files_and_spares_another_elections(
        station: DataFile, tmp_path: Path) -> None:
    clock = HandClock()
    usb = tmp_path / "usb"
    rehearsal = usb / f"{PLACE}-20110403-080000-0001.polldesk.bak"
    create_data_file(rehearsal, kind="station", election_id="rehearsal", place_code=PLACE,
                     encrypt_for=[("clerk1", CLERK_PASSWORD)]).close()
    orphan = keys_path(usb / f"{PLACE}-20110410-075900-0099.polldesk.bak")
    orphan.write_text("{}", encoding="utf-8")                 # a backup cut off before its rename
    for _ in range(4):
        write_backup(station, usb, clock, keep=2)
        clock.advance(5)
    ours = [b for b in list_backups(usb) if b.election_id == station.election_id]
    assert [b.seq for b in ours] == [4, 5]        # the rehearsal backup took number 1
    assert rehearsal.exists() and keys_path(rehearsal).exists() and not orphan.exists()
    assert sorted(p.name for p in usb.iterdir() if p.name.endswith(".keys")) == sorted(
        keys_path(p).name for p in (rehearsal, *(b.path for b in ours)))
