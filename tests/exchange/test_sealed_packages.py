"""A station's package on the stick: personal data sealed for the district, the manifest verifiable by anyone."""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from app.audit import SYSTEM, append_event
from app.cli import main
from app.db import DataFile, create_data_file, transaction
from app.election.station import create_station_file
from app.election.store import store_definition
from app.errors import PollDeskError
from app.exchange import (
    PackageRejected,
    district_fingerprint,
    export_setup_package,
    export_station_package,
    import_packages,
    load_setup_package,
    read_package,
)
from app.exchange.keys import (
    carry_sealing_key,
    district_sealing_private_key,
    ensure_district_sealing_key,
    fingerprint,
    station_sealing_key,
)
from app.exchange.reader import open_sealed_tables
from app.exchange.rows import canonical_row, read_rows
from app.exchange.station_export import RESULT_TABLES
from tests.exchange.conftest import ID_NUMBERS, add_voters, election_data_hash, record_issue

PLACE = "C01-S1"


def _sealed_station(district: DataFile, path: Path) -> DataFile:
    station = create_station_file(district, PLACE, path)
    carry_sealing_key(district.conn, station.conn)
    return station


def _plant_personal_data(station: DataFile) -> list[tuple[str, str]]:
    """Two ballots issued and a register correction in the audit log naming the voter: (name, masked ID) each."""
    voters = [(r["id"], r["name"], r["id_masked"]) for r in station.conn.execute(
        "SELECT id, name, id_masked FROM voters WHERE community_code = 'C01' ORDER BY id")]
    for voter_id, name, masked in voters[:2]:
        record_issue(station, voter_id)
        append_event(station.conn, SYSTEM, "voter_changed", {"voter": voter_id, "name": name, "id_masked": masked})
    return [(name, masked) for _, name, masked in voters]


def _entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def test_no_voter_name_masked_id_or_id_number_can_be_read_from_the_package_on_the_stick(
        tmp_path: Path, district: DataFile) -> None:
    station = _sealed_station(district, tmp_path / "s.db")
    people = _plant_personal_data(station)
    path = export_station_package(station, tmp_path / "usb")
    raw, entries = path.read_bytes(), _entries(path)
    secrets = [b'"voter_id"', b'"voter":', b"clerk1"]
    for name, masked in people:
        secrets += [name.encode(), masked.encode(), masked[:6].encode() + b"****", b"****" + masked[14:].encode()]
    secrets += [n.encode() for n in ID_NUMBERS] + [n[6:14].encode() for n in ID_NUMBERS]
    for where, blob in [("zip", raw), *entries.items()]:
        for secret in secrets:
            assert secret not in blob, (where, secret)
    # the scan would have found them: opened by the district, the same package holds every one planted
    opened = open_sealed_tables(read_package(path), district_sealing_private_key(district.conn))
    clear = b"".join(canonical_row(r).encode() for t in opened.tables.values() for r in t.rows)
    for name, masked in people[:2]:
        assert name.encode() in clear and masked.encode() in clear
    assert b'"voter_id"' in clear and b"clerk1" in clear
    station.close()


def test_the_manifest_names_the_district_key_and_every_entry_is_sealed(tmp_path: Path, district: DataFile) -> None:
    station = _sealed_station(district, tmp_path / "s.db")
    record_issue(station, 1)
    package = read_package(export_station_package(station, tmp_path / "usb"))
    assert package.manifest["format_version"] == 3
    assert package.manifest["sealed_to"] == fingerprint(ensure_district_sealing_key(district.conn))
    assert package.tables == {}, "nothing is readable without the district's key"
    assert sorted(package.sealed) == sorted(e["table"] for e in package.manifest["entries"])
    assert {e["table"] for e in package.manifest["entries"]} <= set(RESULT_TABLES)
    assert all(e["sealed"] is True for e in package.manifest["entries"])
    station.close()


def test_anyone_verifies_the_package_without_the_districts_private_key(
        tmp_path: Path, district: DataFile, capsys: pytest.CaptureFixture[str]) -> None:
    station = _sealed_station(district, tmp_path / "s.db")
    record_issue(station, 1)
    path = export_station_package(station, tmp_path / "usb")
    station_print = read_package(path).fingerprint
    station.close()
    district.close()    # no district file at hand: only the package and the station's printed fingerprint
    assert main(["package", "verify", str(path), "--fingerprint", station_print]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["ok"], shown["station"], shown["sequence"]) == (True, PLACE, 1)
    # a changed byte inside a sealed entry is caught by its hash, still without the private key
    entries = _entries(path)
    events = bytearray(entries["tables/issuance_events.jsonl"])
    events[-1] ^= 0x01
    entries["tables/issuance_events.jsonl"] = bytes(events)
    changed = tmp_path / "changed.zip"
    with zipfile.ZipFile(changed, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in entries.items():
            zf.writestr(name, blob)
    assert main(["package", "verify", str(changed)]) == 1
    assert json.loads(capsys.readouterr().out)["code"] == "tampered"


def test_the_district_opens_the_records_and_keeps_exactly_the_stations_rows(
        tmp_path: Path, district: DataFile) -> None:
    station = _sealed_station(district, tmp_path / "s.db")
    _plant_personal_data(station)
    first = export_station_package(station, tmp_path / "usb")
    record_issue(station, 3)
    second = export_station_package(station, tmp_path / "usb")
    outcomes = import_packages(district, [first, second])
    assert [o.status for o in outcomes] == ["imported", "imported"], outcomes
    for table, where in RESULT_TABLES.items():
        rows = read_rows(station.conn, table, where)
        if table == "audit_log":    # the second export's own audit entry is written after the package
            rows = [r for r in rows if r["seq"] != max(r["seq"] for r in rows)]
        sent = sorted(canonical_row(r) for r in rows)
        kept = sorted(r[0] for r in district.conn.execute(
            "SELECT data FROM imported_rows WHERE place_code = ? AND table_name = ?", (PLACE, table)))
        assert kept == sent, table
    issued = district.conn.execute("SELECT COUNT(*) FROM imported_issuance_events WHERE event = 'issue'")
    assert issued.fetchone()[0] == 3
    assert import_packages(district, [second])[0].status == "already_imported"
    station.close()


def _other_district(tmp_path: Path, small_definition) -> DataFile:
    """A second district file of the same election (a copy set up elsewhere): its own sealing key."""
    other = create_data_file(tmp_path / "other.db", kind="district", election_id=small_definition.election.id)
    store_definition(other, small_definition)
    add_voters(other)
    return other


def test_a_package_sealed_for_another_district_is_refused_and_changes_nothing(
        tmp_path: Path, district: DataFile, small_definition) -> None:
    ensure_district_sealing_key(district.conn)
    other = _other_district(tmp_path, small_definition)
    station = create_station_file(district, PLACE, tmp_path / "s.db")
    carry_sealing_key(other.conn, station.conn)      # sealed to the other office's key
    record_issue(station, 1)
    path = export_station_package(station, tmp_path / "usb")
    before = election_data_hash(district.conn)
    outcome = import_packages(district, [path])[0]
    assert (outcome.status, outcome.code) == ("rejected", "sealed_for_other_district")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in outcome.reason), "a reason in Chinese"
    assert election_data_hash(district.conn) == before
    log = district.conn.execute("SELECT status, code FROM package_import_log ORDER BY id DESC LIMIT 1").fetchone()
    assert tuple(log) == ("rejected", "sealed_for_other_district")
    assert import_packages(other, [path])[0].status == "imported", "the office it was sealed for takes it"
    station.close()
    other.close()


def test_a_district_that_never_gave_out_a_key_refuses_a_sealed_package(
        tmp_path: Path, district: DataFile, small_definition) -> None:
    other = _other_district(tmp_path, small_definition)
    station = create_station_file(other, PLACE, tmp_path / "s.db")
    carry_sealing_key(other.conn, station.conn)
    record_issue(station, 1)
    path = export_station_package(station, tmp_path / "usb")
    before = election_data_hash(district.conn)
    assert import_packages(district, [path])[0].code == "sealed_for_other_district"
    assert election_data_hash(district.conn) == before
    assert district_sealing_private_key(district.conn) is None, "refusing made no key"
    station.close()
    other.close()


def test_a_sealed_entry_does_not_open_under_another_packages_name(tmp_path: Path, district: DataFile) -> None:
    station = _sealed_station(district, tmp_path / "s.db")
    record_issue(station, 1)
    package = read_package(export_station_package(station, tmp_path / "usb"))
    moved = replace(package, manifest={**package.manifest, "sequence": 7})
    with pytest.raises(PackageRejected) as caught:
        open_sealed_tables(moved, district_sealing_private_key(district.conn))
    assert caught.value.code == "sealed_unreadable"
    station.close()


def test_the_setup_package_carries_the_districts_public_sealing_key_only(tmp_path: Path, district: DataFile) -> None:
    setup = export_setup_package(district, "C02-S1", tmp_path / "usb")
    assert district_sealing_private_key(district.conn) not in setup.path.read_bytes()
    station = load_setup_package(setup.path, tmp_path / "station.db", setup_code=setup.setup_code,
                                 district_fingerprint=district_fingerprint(district.conn))
    assert station_sealing_key(station.conn) == ensure_district_sealing_key(district.conn)
    record_issue(station, 4)
    result = export_station_package(station, tmp_path / "usb")
    assert import_packages(district, [result])[0].status == "imported"
    station.close()


def test_a_station_file_without_the_districts_key_writes_no_package(tmp_path: Path, district: DataFile) -> None:
    station = create_data_file(tmp_path / "bare.db", kind="station", election_id="test-2011", place_code=PLACE)
    with transaction(station.conn) as conn:
        conn.execute("INSERT INTO election VALUES (?,?,?,?,?,?)",
                     tuple(district.conn.execute("SELECT * FROM election").fetchone()))
    with pytest.raises(PollDeskError) as caught:
        export_station_package(station, tmp_path / "usb")
    assert caught.value.code == "no_district_sealing_key"
    assert not list((tmp_path / "usb").glob("*"))
    assert station.conn.execute("SELECT COUNT(*) FROM exchange_exports").fetchone()[0] == 0
    station.close()
