"""A station exports its result package: signed, verified on the stick, numbered, without ID numbers."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from app.audit import read_events
from app.audit.privacy import contains_id_number
from app.db import DataFile
from app.exchange import export_station_package, read_package, station_fingerprint
from app.exchange.keys import district_sealing_private_key, fingerprint
from app.exchange.package import Package
from app.exchange.reader import open_sealed_tables
from tests.exchange.conftest import ID_NUMBERS

_ID18 = re.compile(rb"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")


def _opened(path: Path, district: DataFile) -> Package:
    """The package as the district reads it: its tables are sealed to the district's key."""
    return open_sealed_tables(read_package(path), district_sealing_private_key(district.conn))


def test_result_package_holds_the_poll_book_and_is_signed_by_the_station(
        tmp_path: Path, district: DataFile, stations: dict[str, DataFile]) -> None:
    station = stations["C01-S1"]
    path = export_station_package(station, tmp_path / "usb")
    package = _opened(path, district)
    assert package.kind == "station-result"
    assert (package.place_code, package.election_id, package.mode, package.sequence) == ("C01-S1", "test-2011",
                                                                                         "test", 1)
    assert package.fingerprint == station_fingerprint(station.conn)
    events = package.tables["issuance_events"].rows
    assert [(e["place_code"], e["seq"], e["voter_id"]) for e in events] == [("C01-S1", 1, 1), ("C01-S1", 2, 2)]
    assert package.tables["issuance_events"].key == ["place_code", "seq"]
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
    assert names[:2] == ["manifest.json", "signature"]
    assert "tables/issuance_events.jsonl" in names and "tables/voters.jsonl" not in names
    assert not list((tmp_path / "usb").glob(".polldesk-*")), "no temp file is left behind"


def test_each_export_gets_the_next_sequence_number_and_is_audited(
        tmp_path: Path, district: DataFile, stations: dict[str, DataFile]) -> None:
    station = stations["C01-S1"]
    first = export_station_package(station, tmp_path / "usb")
    second = export_station_package(station, tmp_path / "usb")
    assert (read_package(first).sequence, read_package(second).sequence) == (1, 2)
    assert first.name.endswith("_0001.zip") and second.name.endswith("_0002.zip")
    exported = read_events(station.conn, event="package_exported")
    assert [e.details["sequence"] for e in exported] == [1, 2]
    # the second package carries the first export's audit entry: a later package extends an earlier one
    assert len(_opened(second, district).tables["audit_log"].rows) > len(_opened(first, district).tables["audit_log"].rows)


def test_no_id_number_in_clear_anywhere_in_the_package(tmp_path: Path, district: DataFile,
                                                       stations: dict[str, DataFile]) -> None:
    path = export_station_package(stations["C01-S1"], tmp_path / "usb")
    raw = path.read_bytes()
    with zipfile.ZipFile(path) as zf:
        texts = [zf.read(n) for n in zf.namelist()]
    for blob in [raw, *texts]:
        assert not _ID18.search(blob)
        for number in ID_NUMBERS:
            assert number.encode() not in blob
    assert not any(contains_id_number(t.decode("utf-8", "replace")) for t in texts)     # tables are sealed bytes
    # the scan would see one: the masked form is what the register holds instead
    assert _ID18.search(ID_NUMBERS[0].encode()) and not _ID18.search(b"110105********002X")


def test_export_refuses_a_table_holding_an_id_number_in_clear(tmp_path: Path, stations: dict[str, DataFile]) -> None:
    from app.db import transaction
    from app.errors import PollDeskError

    station = stations["C01-S1"]
    with transaction(station.conn) as conn:
        conn.execute("INSERT INTO issuance_events(place_code, seq, event, clerk, time, reason) VALUES"
                     " ('C01-S1', 99, 'undo', 'clerk1', '2011-04-10T10:00:00+08:00', ?)", (ID_NUMBERS[1],))
    with pytest.raises(PollDeskError) as caught:
        export_station_package(station, tmp_path / "usb")
    assert caught.value.code == "id_number_in_package"
    assert not list((tmp_path / "usb").glob("*.zip"))


def test_fingerprint_is_sixteen_groups_of_four_hex_characters(stations: dict[str, DataFile]) -> None:
    shown = station_fingerprint(stations["C01-S1"].conn)
    assert re.fullmatch(r"[0-9a-f]{4}( [0-9a-f]{4}){15}", shown)
    assert shown == station_fingerprint(stations["C01-S1"].conn), "the key is made once"
    assert shown != station_fingerprint(stations["C02-S1"].conn)
    assert fingerprint(b"\x00" * 32).startswith("6668 7aad f862")  # SHA-256 of 32 zero bytes


def test_package_time_comes_from_the_program_clock(tmp_path: Path, stations: dict[str, DataFile]) -> None:
    moment = datetime.fromisoformat("2011-04-10T18:30:00+08:00")
    path = export_station_package(stations["C02-S1"], tmp_path, clock=lambda: moment)
    assert read_package(path).manifest["created"] == "2011-04-10T18:30:00+08:00"


def test_counting_goes_out_only_once_the_contest_is_certified(tmp_path: Path, district: DataFile,
                                                              stations: dict[str, DataFile]) -> None:
    from app.db import transaction

    station = stations["C01-S1"]
    with transaction(station.conn) as conn:
        for contest in ("C01-committee", "C01-G1"):
            conn.execute("INSERT INTO counted_ballots(ballot_id, contest_id, box_id, sections, state)"
                         " VALUES (?, ?, 'C01-S1-1', '{}', 'decided')", (f"b-{contest}", contest))
        conn.execute("INSERT INTO certified_results(contest_id, result, sha256, certified_by, certified_at)"
                     " VALUES ('C01-committee', '{}', '', 'chief', '2011-04-10T20:00:00+08:00')")
    package = _opened(export_station_package(station, tmp_path / "usb"), district)
    assert [r["contest_id"] for r in package.tables["counted_ballots"].rows] == ["C01-committee"]
    assert [r["contest_id"] for r in package.tables["certified_results"].rows] == ["C01-committee"]
