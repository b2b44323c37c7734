"""A setup package lost on the way gives nothing away: it opens only with the setup code on the setup sheet."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from app.audit import read_events
from app.cli import main
from app.db import DataFile, open_data_file
from app.exchange import (
    IssuedSetup,
    PackageRejected,
    district_fingerprint,
    export_setup_package,
    issued_setup_codes,
    load_setup_package,
    read_package,
)
from app.exchange.package import TableData, build_package
from app.exchange.rows import key_columns, read_rows
from app.exchange.setup import SETUP_TABLES
from app.register.lookup import lookup
from app.register.privacy import register_key
from tests.exchange.conftest import ID_NUMBERS, rezip

PLACE = "C01-S1"
OTHER_CODE = "ABCD-EFGH-JKMN-PQRS-TVWX"


def _community_voters(district: DataFile, community: str = "C01") -> list[tuple[str, str, str]]:
    return [(r["name"], r["id_masked"], r["birth_date"]) for r in district.conn.execute(
        "SELECT name, id_masked, birth_date FROM voters WHERE community_code = ?", (community,))]


def _every_byte_of(path: Path) -> list[bytes]:
    """The file as it lies on the stick, and each of its zip entries unpacked."""
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [data, *(zf.read(name) for name in zf.namelist())]


def _refused(issued: IssuedSetup, target: Path, code: str | None, district: DataFile) -> PackageRejected:
    with pytest.raises(PackageRejected) as caught:
        load_setup_package(issued.path, target, district_fingerprint=district_fingerprint(district.conn),
                           setup_code=code)
    assert not target.exists() and not Path(f"{target}.keys").exists(), "no station file is left behind"
    return caught.value


def test_a_lost_setup_package_shows_no_voter_name_masked_id_or_register_key(
        tmp_path: Path, district: DataFile) -> None:
    issued = export_setup_package(district, PLACE, tmp_path / "usb")
    voters = _community_voters(district)
    key = register_key(district.conn)
    secrets = [key, key.hex().encode(), base64.b64encode(key)]
    for name, masked, _ in voters:
        secrets += [name.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be", "gb18030")]
        secrets += [masked.encode("ascii"), masked[-4:].encode("ascii") + b'"']
    blobs = _every_byte_of(issued.path)
    found = [s for s in secrets for blob in blobs if s in blob]
    assert not found, found
    opened = read_package(issued.path).manifest
    assert opened["sealed_to"] == "setup-code" and all(e["sealed"] for e in opened["entries"])
    # the scan would have seen them: the opened package holds exactly these voters and this key
    with load_setup_package(issued.path, tmp_path / "station.db", setup_code=issued.setup_code,
                            district_fingerprint=issued.district_fingerprint) as station:
        assert sorted(_community_voters(station)) == sorted(voters)
        assert register_key(station.conn) == key


def test_the_code_typed_loosely_opens_the_package_and_the_station_finds_its_voter(
        tmp_path: Path, district: DataFile) -> None:
    issued = export_setup_package(district, PLACE, tmp_path / "usb")
    typed = issued.setup_code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    with load_setup_package(issued.path, tmp_path / "station.db", setup_code=typed,
                            district_fingerprint=issued.district_fingerprint) as station:
        found = lookup(station.conn, ID_NUMBERS[0])
        assert [row.name for row in found] == ["选民0"]
        assert found[0].masked_id == ID_NUMBERS[0][:6] + "*" * 8 + ID_NUMBERS[0][14:]


def test_a_wrong_code_is_refused_and_leaves_no_file(tmp_path: Path, district: DataFile) -> None:
    issued = export_setup_package(district, PLACE, tmp_path / "usb")
    refused = _refused(issued, tmp_path / "station.db", OTHER_CODE, district)
    assert refused.code == "wrong_setup_code"
    assert "初始设置单" in refused.message and "初始设置码" in refused.message


def test_the_code_of_another_package_does_not_open_this_one(tmp_path: Path, district: DataFile) -> None:
    first = export_setup_package(district, PLACE, tmp_path / "first")
    again = export_setup_package(district, PLACE, tmp_path / "again")
    other = export_setup_package(district, "C01-Z", tmp_path / "other")
    assert len({first.setup_code, again.setup_code, other.setup_code}) == 3, "a fresh code for every package"
    for wrong in (again.setup_code, other.setup_code):
        assert _refused(first, tmp_path / "station.db", wrong, district).code == "wrong_setup_code"


@pytest.mark.parametrize("typed", [None, "", "   ", "K7QM-2XPD", "UUUU-UUUU-UUUU-UUUU-UUUU"])
def test_a_missing_or_mistyped_code_is_refused_and_says_where_the_code_is(
        tmp_path: Path, district: DataFile, typed: str | None) -> None:
    issued = export_setup_package(district, PLACE, tmp_path / "usb")
    refused = _refused(issued, tmp_path / "station.db", typed, district)
    assert refused.code == "wrong_setup_code"
    assert "初始设置单" in refused.message


def test_a_changed_sealed_entry_is_refused_before_any_code_is_tried(tmp_path: Path, district: DataFile) -> None:
    issued = export_setup_package(district, PLACE, tmp_path / "usb")

    def flip(name: str, blob: bytes) -> bytes:
        return blob[:-1] + bytes([blob[-1] ^ 1]) if name == "tables/voters.jsonl" else blob

    changed = tmp_path / "changed.zip"
    changed.write_bytes(rezip(issued.path.read_bytes(), flip))
    refused = _refused(IssuedSetup(changed, issued.setup_code, "", ""), tmp_path / "station.db",
                       issued.setup_code, district)
    assert refused.code == "tampered"


def test_the_district_fingerprint_is_checked_before_the_code(tmp_path: Path, district: DataFile) -> None:
    issued = export_setup_package(district, PLACE, tmp_path / "usb")
    for code in (None, OTHER_CODE, issued.setup_code):
        with pytest.raises(PackageRejected) as caught:
            load_setup_package(issued.path, tmp_path / "station.db", district_fingerprint="ab" * 32, setup_code=code)
        assert caught.value.code == "not_our_district"
    assert not (tmp_path / "station.db").exists()


def test_a_setup_package_without_a_setup_code_is_refused(tmp_path: Path, district: DataFile) -> None:
    """A package signed by the district but with its register in clear (an older PollDesk's) is not used."""
    issued = export_setup_package(district, PLACE, tmp_path / "usb")
    sealed = read_package(issued.path)
    conn = district.conn
    tables = {t: TableData(key_columns(conn, t), read_rows(conn, t, where, {"community": "C01"}, order="rowid"))
              for t, where in SETUP_TABLES.items()}
    extra = {k: v for k, v in sealed.manifest["extra"].items() if k != "setup_code"}
    data = build_package(conn, kind="district-setup", election_id=sealed.election_id, mode=sealed.mode,
                         place_code=PLACE, sequence=0, created=datetime(2011, 3, 1), tables=tables, extra=extra)
    clear = tmp_path / "clear.zip"
    clear.write_bytes(data)
    blobs = _every_byte_of(clear)
    assert all(any(name.encode() in blob for blob in blobs) for name, _, _ in _community_voters(district)), \
        "the scan of a sealed package above would have seen the names in a clear one"
    refused = _refused(IssuedSetup(clear, "", "", ""), tmp_path / "station.db", issued.setup_code, district)
    assert refused.code == "setup_not_sealed"


def test_the_district_keeps_each_code_it_issued_and_the_audit_log_never_shows_one(
        tmp_path: Path, district: DataFile) -> None:
    first = export_setup_package(district, PLACE, tmp_path / "usb")
    second = export_setup_package(district, "C02-S1", tmp_path / "usb")
    codes = issued_setup_codes(district)
    assert [(c.place_code, c.setup_code, c.package_id) for c in codes] == [
        ("C02-S1", second.setup_code, second.package_id), (PLACE, first.setup_code, first.package_id)]
    assert [c.setup_code for c in issued_setup_codes(district, PLACE)] == [first.setup_code]
    exported = read_events(district.conn, event="package_exported")
    assert [e.details["setup_code_issued"] for e in exported] == [True, True]
    log = "\n".join(str(tuple(r)) for r in district.conn.execute("SELECT * FROM audit_log"))
    for code in (first.setup_code, second.setup_code):
        assert code not in log and code.replace("-", "") not in log


def test_setup_through_the_command_line_with_the_code_in_the_environment(
        tmp_path: Path, district: DataFile, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    district.close()
    assert main(["package", "setup", str(tmp_path / "district.db"), "--place", PLACE,
                 "--out", str(tmp_path / "usb")]) == 0
    made = json.loads(capsys.readouterr().out)
    assert len(made["setup_code"]) == 24 and made["setup_code"].count("-") == 4
    load = ["package", "load-setup", made["package"], "--unencrypted",
            "--district-fingerprint", made["district_fingerprint"]]
    assert main([*load, "--db", str(tmp_path / "none.db")]) == 2
    assert "初始设置码" in capsys.readouterr().err and not (tmp_path / "none.db").exists()
    monkeypatch.setenv("POLLDESK_SETUP_CODE", OTHER_CODE)
    assert main([*load, "--db", str(tmp_path / "wrong.db")]) == 2
    assert "打不开" in capsys.readouterr().err and not (tmp_path / "wrong.db").exists()
    monkeypatch.setenv("POLLDESK_SETUP_CODE", made["setup_code"])
    assert main([*load, "--db", str(tmp_path / "s.db")]) == 0
    assert json.loads(capsys.readouterr().out)["station"] == PLACE
    with open_data_file(tmp_path / "s.db", kind="station") as station:
        assert [row.name for row in lookup(station.conn, ID_NUMBERS[1])] == ["选民1"]
    assert main(["package", "setup-codes", str(tmp_path / "district.db"), "--place", PLACE]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [c["setup_code"] for c in shown["setup_codes"]] == [made["setup_code"]]
    assert shown["district_fingerprint"] == made["district_fingerprint"]
    assert main(["package", "verify", made["package"], "--fingerprint", made["district_fingerprint"]]) == 0
    assert json.loads(capsys.readouterr().out)["sealed"] is True
