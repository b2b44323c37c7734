"""Rolling backups on a USB stick during the poll, and restoring one on a laptop after a failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.audit import chain_head, read_events, verify_chain
from app.backup import BackupError, close_poll_with_backup, list_backups, restore_backup, write_backup
from app.db import DataFile, create_data_file, open_data_file
from app.errors import DataFileError
from app.pollbook import issue_ballot, open_poll, poll_state
from tests.backup.backupkit import CHIEF, CLERK, backup_files, unlock_of
from tests.datafiles import copy_data_file
from tests.handclock import HandClock


def _issued(path: Path) -> set[int]:
    with open_data_file(path) as df:
        return {int(r[0]) for r in df.conn.execute("SELECT voter_id FROM issuances")}


def _integrity(path: Path) -> list[str]:
    with open_data_file(path) as df:
        return [r[0] for r in df.conn.execute("PRAGMA integrity_check")]


def _issue(station: DataFile, voters: list[int], clock: HandClock) -> None:
    for voter in voters:
        issue_ballot(station.conn, CLERK, voter, clock=clock)
        clock.advance(1)


def test_restored_backup_holds_exactly_the_ballots_issued_before_it(
        station: DataFile, voters: list[int], clock: HandClock, tmp_path: Path) -> None:
    open_poll(station.conn, CHIEF, clock=clock)
    _issue(station, voters[:6], clock)
    backup = write_backup(station, tmp_path / "usb", clock)
    _issue(station, voters[6:10], clock)

    restored = restore_backup(backup, tmp_path / "new-laptop" / "station.polldesk",
                              election_id=station.election_id, place_code=station.place_code)

    assert _issued(restored.path) == set(voters[:6]) and restored.ballots == 6
    assert _issued(station.path) == set(voters[:10])
    assert _integrity(restored.path) == ["ok"]
    with open_data_file(restored.path, election_id=station.election_id) as df:
        assert verify_chain(df.conn) == (True, None)
        [restored_entry] = read_events(df.conn, event="backup_restored")   # the restore itself is audited
        assert chain_head(df.conn) == (restored_entry.seq, restored_entry.hash)
        assert restored_entry.details["backup"] == backup.name
    [written] = read_events(station.conn, event="backup_written")
    # The copy ends where the station's log stood when the backup was written; the restore entry follows it.
    assert written.details["file"] == backup.name
    assert written.details["audit_head"] == [restored_entry.seq - 1, restored_entry.prev_hash]


def test_a_backup_is_one_file_named_after_the_place_and_time(station: DataFile, clock: HandClock,
                                                              tmp_path: Path) -> None:
    backup = write_backup(station, tmp_path / "usb", clock)
    assert backup.name == f"{station.place_code}-20110410-080000-0001.polldesk.bak"
    assert sorted(p.name for p in backup.parent.iterdir()) == backup_files(station, backup)  # no -wal, no temp
    [info] = list_backups(backup.parent, unlock=unlock_of(station))
    assert (info.election_id, info.place_code, info.poll_state, info.seq) == (
        station.election_id, station.place_code, "setup", 1)


def test_only_the_newest_backups_are_kept_and_another_elections_are_left_alone(
        station: DataFile, clock: HandClock, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    last_weeks = usb / f"{station.place_code}-20110403-080000-0001.polldesk.bak"
    create_data_file(last_weeks, kind="station", election_id="rehearsal", place_code=station.place_code).close()
    for _ in range(12):
        write_backup(station, usb, clock, keep=10)
        clock.advance(5)
    ours = [b for b in list_backups(usb) if b.election_id == station.election_id]
    assert [b.seq for b in ours] == list(range(4, 14))
    assert last_weeks.exists()
    deleted = [e.details["deleted"] for e in read_events(station.conn, event="backup_written")]
    assert deleted[-1] == [f"{station.place_code}-20110410-080500-0003.polldesk.bak"]


def test_restore_refuses_a_backup_of_another_election(station: DataFile, station_path: Path,
                                                     tmp_path: Path) -> None:
    foreign = tmp_path / "usb" / "other.polldesk.bak"
    create_data_file(foreign, kind="station", election_id="another-election",
                     place_code=station.place_code).close()
    station.close()
    before = station_path.read_bytes()
    with pytest.raises(DataFileError) as refused:
        restore_backup(foreign, station_path, replace=True)
    assert refused.value.code == "other_election"
    assert station_path.read_bytes() == before
    assert sorted(p.name for p in station_path.parent.iterdir()) == backup_files(station, station_path)


def test_restore_refuses_another_places_backup(station: DataFile, station_path: Path,
                                               demo_stations: dict[str, Path], tmp_path: Path) -> None:
    other = next(code for code in demo_stations if code != station.place_code)
    with open_data_file(copy_data_file(demo_stations[other], tmp_path / "other.polldesk")) as df:
        backup = write_backup(df, tmp_path / "usb")
    station.close()
    with pytest.raises(BackupError) as refused:
        restore_backup(backup, station_path, replace=True)
    assert refused.value.code == "other_place_backup"


def test_restore_keeps_the_file_it_replaces_and_never_overwrites_unasked(
        station: DataFile, station_path: Path, voters: list[int], clock: HandClock, tmp_path: Path) -> None:
    open_poll(station.conn, CHIEF, clock=clock)
    backup = write_backup(station, tmp_path / "usb", clock)
    _issue(station, voters[:3], clock)
    station.close()
    with pytest.raises(BackupError) as refused:
        restore_backup(backup, station_path)
    assert refused.value.code == "restore_target_exists"
    done = restore_backup(backup, station_path, replace=True, clock=clock)
    assert _issued(station_path) == set()
    assert done.moved_aside is not None and _issued(done.moved_aside) == set(voters[:3])


def test_restore_to_a_new_file_needs_the_election(station: DataFile, tmp_path: Path) -> None:
    backup = write_backup(station, tmp_path / "usb")
    with pytest.raises(BackupError) as refused:
        restore_backup(backup, tmp_path / "fresh.polldesk")
    assert refused.value.code == "restore_needs_election"
    assert not (tmp_path / "fresh.polldesk").exists()


def test_closing_the_poll_writes_a_backup_of_the_closed_poll(
        station: DataFile, voters: list[int], clock: HandClock, tmp_path: Path) -> None:
    open_poll(station.conn, CHIEF, clock=clock)
    _issue(station, voters[:2], clock)
    closed = close_poll_with_backup(station, CHIEF, tmp_path / "usb", clock)
    assert closed.state == "closed" and closed.error is None and closed.backup is not None
    [info] = list_backups(tmp_path / "usb", unlock=unlock_of(station))
    assert (info.poll_state, info.ballots) == ("closed", 2)


def test_a_pulled_usb_stick_does_not_keep_the_poll_open(station: DataFile, clock: HandClock,
                                                        tmp_path: Path) -> None:
    open_poll(station.conn, CHIEF, clock=clock)
    not_a_folder = tmp_path / "stick"
    not_a_folder.write_text("a file where the stick's folder should be")
    closed = close_poll_with_backup(station, CHIEF, not_a_folder, clock)
    assert closed.state == "closed" and poll_state(station.conn) == "closed"
    assert closed.backup is None and closed.error is not None and closed.error.code == "backup_folder_unusable"
