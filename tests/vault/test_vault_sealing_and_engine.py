"""Sealed exports open only at their district; the encrypted engine keeps every SQLite feature PollDesk uses."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PASSWORD

from app.db import SQL_INTEGRITY_ERROR, Unlock, create_data_file, open_data_file, transaction
from app.vault import SealError, open_sealed, seal_for_district
from app.vault.copies import backup_target
from app.vault.sealing import new_key_pair


def test_sealed_table_opens_only_with_the_districts_key_and_entry_name() -> None:
    district_private, district_public = new_key_pair()
    other_private, _ = new_key_pair()
    blob = '{"name": "欧阳翠花"}\n'.encode()
    sealed = seal_for_district(blob, district_public, b"tables/voters.jsonl")
    assert blob not in sealed and "欧阳翠花".encode("utf-16-le") not in sealed
    assert open_sealed(sealed, district_private, b"tables/voters.jsonl") == blob
    for key, context, data in ((other_private, b"tables/voters.jsonl", sealed),
                               (district_private, b"tables/other.jsonl", sealed),
                               (district_private, b"tables/voters.jsonl", sealed[:-1] + bytes([sealed[-1] ^ 1]))):
        with pytest.raises(SealError):
            open_sealed(data, key, context)


def test_encrypted_file_keeps_wal_full_sync_foreign_keys_triggers_and_without_rowid(tmp_path: Path) -> None:
    with create_data_file(tmp_path / "s.polldesk", kind="station", election_id="e", place_code="C01-Z",
                          encrypt_for=[("chief1", PASSWORD)]) as df:
        conn = df.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        conn.execute("CREATE TABLE box(id TEXT PRIMARY KEY) WITHOUT ROWID")
        conn.execute("CREATE TABLE slip(id INTEGER PRIMARY KEY, box TEXT NOT NULL REFERENCES box(id))")
        conn.execute("CREATE TABLE seen(n)")
        conn.execute("CREATE TRIGGER slip_seen AFTER INSERT ON slip BEGIN INSERT INTO seen VALUES (new.id); END")
        with transaction(conn):
            conn.execute("INSERT INTO box VALUES ('C01-Z-1')")
            conn.execute("INSERT INTO slip(box) VALUES ('C01-Z-1')")
        with pytest.raises(SQL_INTEGRITY_ERROR), transaction(conn):
            conn.execute("INSERT INTO slip(box) VALUES ('nowhere')")
        assert conn.execute("SELECT count(*) FROM seen").fetchone()[0] == 1
        df.db["notes"].insert({"text": "sqlite-utils writes through the encrypted connection"})
        assert df.db["notes"].count == 1 and "box" in df.db.table_names()
        copy = backup_target(df, tmp_path / "copy.polldesk")
        conn.backup(copy)
        assert copy.execute("SELECT count(*) FROM slip").fetchone()[0] == 1
        copy.close()
    with open_data_file(tmp_path / "s.polldesk", unlock=Unlock.with_password("chief1", PASSWORD)) as again:
        assert again.conn.execute("SELECT count(*) FROM slip").fetchone()[0] == 1


def test_station_file_copies_from_an_encrypted_district_file_with_its_own_key(tmp_path: Path) -> None:
    from app.db.datafile import attach_data_file

    with create_data_file(tmp_path / "d.polldesk", kind="district", election_id="e",
                          encrypt_for=[("admin1", PASSWORD)]) as district, \
            create_data_file(tmp_path / "s.polldesk", kind="station", election_id="e", place_code="C01-Z",
                             encrypt_for=[("chief1", PASSWORD)]) as station:
        attach_data_file(station.conn, "src", district)
        assert station.conn.execute("SELECT value FROM src.file_meta WHERE key = 'kind'").fetchone()[0] == "district"
        station.conn.execute("DETACH DATABASE src")
        assert district.file_key != station.file_key
