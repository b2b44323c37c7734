"""Opening data files: pragmas, versions, and the election a file belongs to."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.db import SQL_INTEGRITY_ERROR, create_data_file, migrations, open_data_file
from app.errors import DataFileError


def test_new_file_uses_wal_full_sync_and_foreign_keys(tmp_path: Path) -> None:
    with create_data_file(tmp_path / "d.polldesk", kind="district", election_id="e1") as df:
        conn = df.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION


def test_file_remembers_its_election_and_place(tmp_path: Path) -> None:
    create_data_file(tmp_path / "s.polldesk", kind="station", election_id="e1", place_code="C01-S1").close()
    with open_data_file(tmp_path / "s.polldesk", election_id="e1", kind="station") as df:
        assert (df.kind, df.election_id, df.place_code) == ("station", "e1", "C01-S1")


def test_file_of_another_election_is_refused(tmp_path: Path) -> None:
    create_data_file(tmp_path / "d.polldesk", kind="district", election_id="e1").close()
    with pytest.raises(DataFileError) as err:
        open_data_file(tmp_path / "d.polldesk", election_id="e2")
    assert err.value.code == "other_election"
    assert "另一次选举" in err.value.message


def test_station_file_opened_as_district_is_refused(tmp_path: Path) -> None:
    create_data_file(tmp_path / "s.polldesk", kind="station", election_id="e1", place_code="P").close()
    with pytest.raises(DataFileError) as err:
        open_data_file(tmp_path / "s.polldesk", kind="district")
    assert err.value.code == "wrong_kind"


@pytest.mark.plain_files
def test_file_from_newer_program_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "d.polldesk"
    create_data_file(path, kind="district", election_id="e1").close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={migrations.LATEST_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DataFileError) as err:
        open_data_file(path)
    assert err.value.code == "file_too_new"
    assert "更新" in err.value.message
    assert path.read_bytes() == before


def test_not_a_data_file_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.polldesk"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(DataFileError) as err:
        open_data_file(junk)
    assert err.value.code == "not_a_data_file"
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).execute("CREATE TABLE t(x)").connection.close()
    with pytest.raises(DataFileError):
        open_data_file(empty)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as err:
        open_data_file(tmp_path / "nope.polldesk")
    assert err.value.code == "file_missing"


def test_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    create_data_file(tmp_path / "d.polldesk", kind="district", election_id="e1").close()
    with pytest.raises(DataFileError) as err:
        create_data_file(tmp_path / "d.polldesk", kind="district", election_id="e2")
    assert err.value.code == "file_exists"


@pytest.mark.plain_files
def test_older_file_is_upgraded_step_by_step_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "d.polldesk"
    create_data_file(path, kind="district", election_id="e1").close()

    def add_notes(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE notes (text TEXT)")

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half (x)")
        raise RuntimeError("step fails midway")

    v = migrations.LATEST_VERSION
    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, migrations.Step(v + 1, "notes", add_notes),
                                              migrations.Step(v + 2, "broken", broken)])
    monkeypatch.setattr(migrations, "LATEST_VERSION", v + 2)
    with pytest.raises(RuntimeError):
        open_data_file(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == v
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name IN ('notes','half')").fetchone()[0] == 0
    conn.close()

    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS[:-1]])
    monkeypatch.setattr(migrations, "LATEST_VERSION", v + 1)
    with open_data_file(path) as df:
        assert df.conn.execute("PRAGMA user_version").fetchone()[0] == v + 1
        df.conn.execute("INSERT INTO notes VALUES ('ok')")


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    with create_data_file(tmp_path / "d.polldesk", kind="district", election_id="e1") as df, \
            pytest.raises(SQL_INTEGRITY_ERROR):
        df.conn.execute("INSERT INTO resident_groups(community_code, number, name) VALUES ('NONE', 1, 'x')")
