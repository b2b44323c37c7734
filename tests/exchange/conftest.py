"""Fixtures for packages: a district with a small register, its stations, a day of poll-book events."""

from __future__ import annotations

import hashlib
import io
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from app.db import DataFile, create_data_file, transaction
from app.election.model import Definition
from app.election.station import create_station_file
from app.election.store import store_definition
from app.register.privacy import ensure_register_key, id_hash

# Valid GB 11643 numbers: the register holds only their keyed hash and masked form.
ID_NUMBERS = ["11010519491231002X", "110105197001010014", "110105198502020027", "110105199003030030",
              "440106197506060016", "440106198807070020"]
LOG_TABLES = {"audit_log", "package_import_log", "sqlite_sequence", "exchange_setup_codes"}  # codes: a record


def add_voters(district: DataFile) -> None:
    """Three voters in each community, stored as the register importer stores them."""
    with transaction(district.conn) as conn:
        key = ensure_register_key(conn)
        for i, number in enumerate(ID_NUMBERS):
            community = "C01" if i < 3 else "C02"
            conn.execute(
                "INSERT INTO voters(community_code, name, sex, birth_date, id_hash, id_masked, place_code)"
                " VALUES (?,?,?,?,?,?,?)",
                (community, f"选民{i}", "M" if int(number[16]) % 2 else "F",
                 f"{number[6:10]}-{number[10:12]}-{number[12:14]}", id_hash(key, number),
                 number[:6] + "*" * 8 + number[14:], f"{community}-S1"))


def record_issue(station: DataFile, voter_id: int, *, time: str = "2011-04-10T09:00:00+08:00") -> None:
    """One ballot issued at the station, as an issuance event."""
    with transaction(station.conn) as conn:
        place = station.place_code
        seq = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM issuance_events WHERE place_code = ?",
                           (place,)).fetchone()[0]
        conn.execute("INSERT INTO issuance_events(place_code, seq, event, contest_id, voter_id, ballot_kind,"
                     " box_id, clerk, time) VALUES (?,?,?,?,?,?,?,?,?)",
                     (place, seq, "issue", f"{place[:3]}-committee", voter_id, "in_person", f"{place}-1",
                      "clerk1", time))


def election_data_hash(conn: sqlite3.Connection) -> str:
    """SHA-256 over every row of every table except the logs: the district's election data."""
    digest = hashlib.sha256()
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    for table in tables:
        if table in LOG_TABLES:
            continue
        rows = sorted(repr(tuple(r)) for r in conn.execute(f"SELECT * FROM {table}"))
        digest.update(f"{table}:{len(rows)}\n".encode())
        for row in rows:
            digest.update(row.encode())
    return digest.hexdigest()


def rezip(data: bytes, change: Callable[[str, bytes], bytes | None] | None = None,
          extra: list[tuple[zipfile.ZipInfo | str, bytes]] | None = None) -> bytes:
    """A copy of a zip with each entry passed through `change` (None drops it) and `extra` entries added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info)
            blob = change(info.filename, blob) if change else blob
            if blob is not None:
                dst.writestr(info.filename, blob)
        for name, blob in extra or []:
            dst.writestr(name, blob)
    return out.getvalue()


@pytest.fixture
def district(tmp_path: Path, small_definition: Definition) -> DataFile:
    df = create_data_file(tmp_path / "district.db", kind="district", election_id=small_definition.election.id)
    store_definition(df, small_definition)
    add_voters(df)
    yield df
    df.close()


@pytest.fixture
def stations(tmp_path: Path, district: DataFile) -> dict[str, DataFile]:
    """Station files of both communities' stations, each with some ballots issued."""
    made = {}
    for place, voters in (("C01-S1", (1, 2)), ("C02-S1", (4,))):
        station = create_station_file(district, place, tmp_path / f"{place}.db")
        for voter in voters:
            record_issue(station, voter)
        made[place] = station
    yield made
    for station in made.values():
        station.close()
