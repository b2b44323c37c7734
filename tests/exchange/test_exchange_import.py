"""The district imports every station's packages: in any order, once, and can take one out again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.audit import read_events
from app.cli import main
from app.db import DataFile
from app.exchange import export_station_package, import_log, import_packages, read_package, remove_package
from tests.exchange.conftest import election_data_hash, record_issue


def _issued_by_station(district: DataFile) -> dict[str, int]:
    return {r[0]: r[1] for r in district.conn.execute(
        "SELECT station, COUNT(*) FROM imported_issuance_events WHERE event = 'issue' GROUP BY station")}


@pytest.fixture
def packages(tmp_path: Path, stations: dict[str, DataFile]) -> list[Path]:
    """C01-S1's first and second package, C02-S1's first."""
    first = export_station_package(stations["C01-S1"], tmp_path / "usb")
    record_issue(stations["C01-S1"], 3)
    second = export_station_package(stations["C01-S1"], tmp_path / "usb")
    other = export_station_package(stations["C02-S1"], tmp_path / "usb")
    return [first, second, other]


def test_all_stations_imported_give_the_turnout_of_each(district: DataFile, packages: list[Path]) -> None:
    outcomes = import_packages(district, packages)
    assert [o.status for o in outcomes] == ["imported"] * 3
    assert _issued_by_station(district) == {"C01-S1": 3, "C02-S1": 1}
    assert [e.event for e in read_events(district.conn)][-3:] == ["package_imported"] * 3


def test_import_order_does_not_change_the_result(district: DataFile, packages: list[Path]) -> None:
    import_packages(district, [packages[2], packages[0], packages[1]])
    forward = election_data_hash(district.conn)
    for row in district.conn.execute("SELECT package_id FROM imported_packages").fetchall():
        remove_package(district, row[0])
    import_packages(district, [packages[1], packages[2]])  # the later package alone carries everything
    later_only = _issued_by_station(district)
    for row in district.conn.execute("SELECT package_id FROM imported_packages").fetchall():
        remove_package(district, row[0])
    import_packages(district, packages)
    assert election_data_hash(district.conn) == forward
    assert later_only == _issued_by_station(district) == {"C01-S1": 3, "C02-S1": 1}


def test_importing_the_same_package_again_changes_nothing(district: DataFile, packages: list[Path]) -> None:
    import_packages(district, packages)
    before = election_data_hash(district.conn)
    again = import_packages(district, packages)
    assert [o.status for o in again] == ["already_imported"] * 3
    assert election_data_hash(district.conn) == before
    assert [r["status"] for r in import_log(district.conn)][-3:] == ["already_imported"] * 3


def test_removing_a_package_restores_the_state_before_it(district: DataFile, packages: list[Path]) -> None:
    import_packages(district, packages[:1])
    before = election_data_hash(district.conn)
    import_packages(district, packages[1:2])
    assert _issued_by_station(district) == {"C01-S1": 3}
    removed = remove_package(district, read_package(packages[1]).package_id)
    assert removed["rows_removed"] > 0
    assert election_data_hash(district.conn) == before
    assert _issued_by_station(district) == {"C01-S1": 2}, "rows the first package carries stay"
    assert read_events(district.conn, limit=1)[0].event == "package_removed"


def test_removing_an_unknown_package_is_refused(district: DataFile) -> None:
    from app.errors import PollDeskError

    with pytest.raises(PollDeskError) as caught:
        remove_package(district, "0123456789abcdef")
    assert caught.value.code == "unknown_package"


def test_import_verify_and_remove_through_the_command_line(
        tmp_path: Path, district: DataFile, packages: list[Path], capsys: pytest.CaptureFixture) -> None:
    district.close()
    db = str(tmp_path / "district.db")
    bad = tmp_path / "bad.zip"
    bad.write_bytes(packages[0].read_bytes().replace(b"manifest.json", b"manifest.jsoX", 1))
    assert main(["district", "import", db, *map(str, packages), str(bad)]) == 1
    printed = json.loads(capsys.readouterr().out)
    assert [p["status"] for p in printed] == ["imported", "imported", "imported", "rejected"]
    assert set(printed[0]) >= {"package", "status", "reason"} and printed[3]["reason"]
    assert main(["district", "import", db, str(packages[0])]) == 0
    assert json.loads(capsys.readouterr().out)[0]["status"] == "already_imported"

    assert main(["package", "verify", str(packages[2])]) == 0
    ok = json.loads(capsys.readouterr().out)
    assert (ok["ok"], ok["station"], ok["election"], ok["reason"]) == (True, "C02-S1", "test-2011", "")
    tampered = tmp_path / "tampered.zip"
    raw = bytearray(packages[2].read_bytes())
    raw[60] ^= 1
    tampered.write_bytes(bytes(raw))
    assert main(["package", "verify", str(tampered)]) in (1, 2)
    assert json.loads(capsys.readouterr().out)["ok"] is False
    assert main(["package", "verify", str(tmp_path / "nothing.zip")]) == 2
    capsys.readouterr()
    assert main(["package", "verify", str(packages[2]), "--fingerprint", "ab" * 32]) == 1
    capsys.readouterr()

    assert main(["district", "remove", db, "--package-id", printed[1]["package_id"]]) == 0
    assert json.loads(capsys.readouterr().out)["station"] == "C01-S1"
    assert main(["district", "log", db]) == 0
    assert [r["status"] for r in json.loads(capsys.readouterr().out)][-1] == "removed"


def test_pinning_a_station_key_that_contradicts_an_import_is_refused(
        district: DataFile, packages: list[Path]) -> None:
    from app.errors import PollDeskError
    from app.exchange import pin_station_key

    import_packages(district, packages[:1])
    with pytest.raises(PollDeskError) as caught:
        pin_station_key(district, "C01-S1", "cd" * 32)
    assert caught.value.code == "pin_conflicts"
    shown = pin_station_key(district, "C01-S1", read_package(packages[0]).fingerprint)
    assert shown == read_package(packages[0]).fingerprint
