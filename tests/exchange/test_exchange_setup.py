"""The district hands each station a signed setup package; the station loads it only from its own district."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.audit import read_events, verify_chain
from app.cli import main
from app.db import DataFile, open_data_file
from app.election.station import create_station_file
from app.exchange import (
    PackageRejected,
    district_fingerprint,
    export_setup_package,
    load_setup_package,
    read_package,
    station_fingerprint,
)
from app.register.privacy import register_key
from tests.exchange.conftest import election_data_hash

_ELECTION_TABLES = ("election", "communities", "resident_groups", "households", "voting_places", "ballot_boxes",
                    "place_groups", "contests", "positions", "candidates", "unit_representatives", "voters",
                    "register_key")


def _rows(df: DataFile, table: str) -> list[tuple]:
    return sorted(tuple(r) for r in df.conn.execute(f"SELECT * FROM {table}"))


def test_loaded_setup_gives_the_same_station_file_as_making_it_at_the_district(
        tmp_path: Path, district: DataFile) -> None:
    issued = export_setup_package(district, "C02-S1", tmp_path / "usb")
    station = load_setup_package(issued.path, tmp_path / "station.db", setup_code=issued.setup_code,
                                 district_fingerprint=district_fingerprint(district.conn))
    direct = create_station_file(district, "C02-S1", tmp_path / "direct.db")
    for table in _ELECTION_TABLES:
        assert _rows(station, table) == _rows(direct, table), table
    assert register_key(station.conn) == register_key(district.conn), "the register key travels in the setup"
    assert [r["community_code"] for r in station.conn.execute("SELECT community_code FROM voters")] == ["C02"] * 3
    assert (station.kind, station.place_code, station.election_id) == ("station", "C02-S1", "test-2011")
    loaded = read_events(station.conn, event="setup_loaded")
    assert loaded[0].details["station_fingerprint"] == station_fingerprint(station.conn)
    assert verify_chain(station.conn) == (True, None)
    station.close()
    direct.close()


def test_setup_signed_by_another_district_key_is_refused_and_no_station_file_is_left(
        tmp_path: Path, district: DataFile) -> None:
    issued = export_setup_package(district, "C01-S1", tmp_path / "usb")
    wrong = "0000 " * 15 + "0000"
    with pytest.raises(PackageRejected) as caught:
        load_setup_package(issued.path, tmp_path / "station.db", district_fingerprint=wrong,
                           setup_code=issued.setup_code)
    assert caught.value.code == "not_our_district"
    assert "不是" in caught.value.message
    assert not (tmp_path / "station.db").exists()


def test_result_package_is_not_taken_as_a_setup(tmp_path: Path, district: DataFile,
                                               stations: dict[str, DataFile]) -> None:
    from app.exchange import export_station_package

    result = export_station_package(stations["C01-S1"], tmp_path / "usb")
    with pytest.raises(PackageRejected) as caught:
        load_setup_package(result, tmp_path / "s.db", district_fingerprint=station_fingerprint(stations["C01-S1"].conn),
                           setup_code=None)
    assert caught.value.code == "wrong_kind"


def test_setup_export_changes_no_election_data_and_keeps_the_district_key(tmp_path: Path, district: DataFile) -> None:
    export_setup_package(district, "C01-S1", tmp_path / "usb")
    before = election_data_hash(district.conn)
    first = district_fingerprint(district.conn)
    export_setup_package(district, "C01-Z", tmp_path / "usb")
    assert election_data_hash(district.conn) == before
    assert district_fingerprint(district.conn) == first
    assert read_package(tmp_path / "usb" / "test-2011_C01-Z_setup.zip").fingerprint == first


def test_setup_through_the_command_line(tmp_path: Path, district: DataFile, capsys: pytest.CaptureFixture) -> None:
    import json

    district.close()
    assert main(["package", "setup", str(tmp_path / "district.db"), "--place", "C01-S1",
                 "--out", str(tmp_path / "usb")]) == 0
    made = json.loads(capsys.readouterr().out)
    assert main(["package", "load-setup", made["package"], "--db", str(tmp_path / "s.db"), "--unencrypted",
                 "--district-fingerprint", made["district_fingerprint"].replace(" ", "-").upper(),
                 "--setup-code", made["setup_code"]]) == 0
    loaded = json.loads(capsys.readouterr().out)
    assert loaded["station"] == "C01-S1"
    with open_data_file(tmp_path / "s.db", kind="station") as df:
        assert loaded["station_fingerprint"] == station_fingerprint(df.conn)
    assert main(["package", "load-setup", made["package"], "--db", str(tmp_path / "t.db"), "--unencrypted",
                 "--district-fingerprint", "ab" * 32, "--setup-code", made["setup_code"]]) == 2
    assert "不是" in capsys.readouterr().err


@pytest.mark.plain_files     # it encrypts the district file itself, with a recovery key
def test_loaded_setup_makes_an_encrypted_station_file_the_district_can_recover(
        tmp_path: Path, district: DataFile, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from app.auth import add_user
    from app.db import Unlock
    from app.errors import DataFileError
    from app.vault.copies import encrypt_data_file
    from app.vault.recovery import make_recovery_key, read_recovery_key

    district.close()
    district_path = tmp_path / "district.db"
    public = make_recovery_key(tmp_path / "safe" / "recovery.key", "test-2011")
    encrypt_data_file(district_path, encrypt_for=[("admin", "district-pass-1")], recovery_public_key=public)
    with open_data_file(district_path, unlock=Unlock.with_password("admin", "district-pass-1")) as df:
        add_user(df, None, "admin", "district_admin", "district-pass-1")
    monkeypatch.setenv("POLLDESK_PASSWORD", "district-pass-1")
    assert main(["package", "setup", str(district_path), "--place", "C01-S1", "--out", str(tmp_path / "usb"),
                 "--user", "admin"]) == 0
    made = json.loads(capsys.readouterr().out)
    load = ["package", "load-setup", made["package"], "--db", str(tmp_path / "s.db"),
            "--district-fingerprint", made["district_fingerprint"], "--setup-code", made["setup_code"]]
    assert main(load) == 2
    assert "--user" in capsys.readouterr().err and not (tmp_path / "s.db").exists()
    monkeypatch.setenv("POLLDESK_PASSWORD", "chief-pass-42")
    assert main([*load, "--user", "li"]) == 0
    assert json.loads(capsys.readouterr().out)["encrypted"] is True
    assert not (tmp_path / "s.db").read_bytes().startswith(b"SQLite format 3")
    with pytest.raises(DataFileError):
        open_data_file(tmp_path / "s.db")
    with open_data_file(tmp_path / "s.db", unlock=Unlock.with_password("li", "chief-pass-42")) as df:
        assert df.conn.execute("SELECT role FROM users WHERE name = 'li'").fetchone()[0] == "chief"
        assert df.conn.execute("SELECT COUNT(*) FROM voters").fetchone()[0] > 0
    _, recovery = read_recovery_key(tmp_path / "safe" / "recovery.key")
    open_data_file(tmp_path / "s.db", unlock=Unlock.with_recovery_key(recovery)).close()
