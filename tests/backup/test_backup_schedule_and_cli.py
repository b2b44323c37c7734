"""When backups fall due during the day, and `polldesk backup now|list|restore` from the command line."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from app.backup import BackupScheduler
from app.cli import main
from app.db import DataFile
from tests.backup.backupkit import cli_unlock
from tests.handclock import HandClock


def test_a_backup_is_due_at_once_then_every_five_minutes(clock: HandClock) -> None:
    scheduler = BackupScheduler()
    assert scheduler.due(clock())
    scheduler.written(clock())
    clock.advance(4)
    assert not scheduler.due(clock())
    assert scheduler.next_due(clock()) == clock() + timedelta(minutes=1)
    clock.advance(1)
    assert scheduler.due(clock())


def test_closing_the_poll_always_makes_a_backup_due(clock: HandClock) -> None:
    scheduler = BackupScheduler()
    scheduler.written(clock())
    clock.advance(0.5)
    assert not scheduler.due(clock()) and scheduler.due(clock(), poll_closing=True)


def test_a_failed_backup_is_retried_after_a_minute_not_on_every_tick(clock: HandClock) -> None:
    scheduler = BackupScheduler()
    scheduler.failed(clock())
    clock.advance(0.5)
    assert not scheduler.due(clock())
    clock.advance(0.5)
    assert scheduler.due(clock())


def test_a_clock_set_back_makes_a_backup_due_at_once(clock: HandClock) -> None:
    scheduler = BackupScheduler()
    scheduler.written(clock())
    clock.advance(-60)
    assert scheduler.due(clock())


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_backup_now_list_and_restore_from_the_command_line(
        station: DataFile, station_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    station.close()
    usb = tmp_path / "usb"
    written = _json(capsys, "backup", "now", str(station_path), "--to", str(usb), "--json",
                    *cli_unlock(station, monkeypatch))
    assert Path(written["backup"]).is_file() and written["size"] > 0
    listed = _json(capsys, "backup", "list", str(usb), "--json")
    [entry] = listed["backups"]
    assert entry["file"] == Path(written["backup"]).name and entry["election_id"] == station.election_id
    # An encrypted backup is listed from its key file: what it holds is not shown without a password.
    assert (entry["place_code"], entry["seq"], entry["ballots"], entry["readable"]) == (
        station.place_code, 1, None if station.encrypted else 0, True)
    restored = _json(capsys, "backup", "restore", written["backup"], "--to", str(station_path), "--replace",
                     "--json")
    assert restored["place_code"] == station.place_code and Path(restored["moved_aside"]).is_file()


def test_restoring_over_a_file_without_replace_exits_2(station: DataFile, station_path: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    station.close()
    assert main(["backup", "now", str(station_path), "--to", str(tmp_path / "usb"),
                 *cli_unlock(station, monkeypatch)]) == 0
    [backup] = (tmp_path / "usb").glob("*.bak")
    capsys.readouterr()
    assert main(["backup", "restore", str(backup), "--to", str(station_path)]) == 2
    assert str(station_path) in capsys.readouterr().err
