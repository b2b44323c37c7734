"""A changed, forged, replayed or hostile package is refused with a reason and changes no election data."""

from __future__ import annotations

import hashlib
import json
import warnings
import zipfile
import zlib
from pathlib import Path

import pytest

from app.audit import read_events, verify_chain
from app.db import DataFile, create_data_file, open_data_file, transaction
from app.election.station import create_station_file
from app.exchange import Limits, export_station_package, import_packages, pin_station_key, station_fingerprint
from app.exchange.keys import carry_sealing_key, district_sealing_private_key, ensure_district_sealing_key
from app.exchange.package import seal_context
from app.exchange.rows import canonical
from app.vault.copies import copy_keys
from app.vault.sealing import open_sealed, seal_for_district
from tests.exchange.conftest import election_data_hash, record_issue, rezip


@pytest.fixture
def scene(tmp_path: Path, district: DataFile, stations: dict[str, DataFile]) -> dict:
    """Station C01-S1's first package imported; its second (genuine) package ready to tamper with."""
    station = stations["C01-S1"]
    first = export_station_package(station, tmp_path / "usb")
    assert import_packages(district, [first])[0].status == "imported"
    record_issue(station, 3)
    second = export_station_package(station, tmp_path / "usb")
    return {"district": district, "station": station, "first": first, "second": second, "tmp": tmp_path}


def _refused(scene: dict, data: bytes, code: str | None, *, limits: Limits | None = None) -> None:
    district: DataFile = scene["district"]
    before = election_data_hash(district.conn)
    path = scene["tmp"] / "bad.zip"
    path.write_bytes(data)
    outcome = import_packages(district, [path], **({"limits": limits} if limits else {}))[0]
    assert outcome.status == "rejected", outcome
    if code is not None:
        assert outcome.code == code, outcome
    assert outcome.reason and any("\u4e00" <= ch <= "\u9fff" for ch in outcome.reason), "a reason in Chinese"
    assert election_data_hash(district.conn) == before
    log = district.conn.execute("SELECT status, code FROM package_import_log ORDER BY id DESC LIMIT 1").fetchone()
    assert tuple(log) == ("rejected", outcome.code)
    assert read_events(district.conn, limit=1)[0].event == "package_rejected"
    assert verify_chain(district.conn) == (True, None)


def test_the_genuine_second_package_is_accepted(scene: dict) -> None:
    outcome = import_packages(scene["district"], [scene["second"]])[0]
    assert outcome.status == "imported"


def test_every_flipped_byte_is_refused_or_changes_nothing(scene: dict) -> None:
    district: DataFile = scene["district"]
    data = scene["first"].read_bytes()
    before = election_data_hash(district.conn)
    path = scene["tmp"] / "flipped.zip"
    statuses = set()
    for offset in range(0, len(data), 5):
        flipped = bytearray(data)
        flipped[offset] ^= 0x5A
        path.write_bytes(bytes(flipped))
        outcome = import_packages(district, [path])[0]
        # bytes the zip format ignores (a header's date, "made by") may flip harmlessly: same package then
        assert outcome.status in ("rejected", "already_imported"), (offset, outcome)
        statuses.add(outcome.status)
    assert election_data_hash(district.conn) == before
    assert "rejected" in statuses
    assert verify_chain(district.conn) == (True, None)


def test_table_contents_swapped_between_entries(scene: dict) -> None:
    with zipfile.ZipFile(scene["second"]) as zf:
        events = zf.read("tables/issuance_events.jsonl")
        states = zf.read("tables/poll_state_changes.jsonl") if "tables/poll_state_changes.jsonl" in zf.namelist() \
            else b""
    swap = {"tables/issuance_events.jsonl": states, "tables/poll_state_changes.jsonl": events}
    _refused(scene, rezip(scene["second"].read_bytes(), lambda n, b: swap.get(n, b)), "tampered")


def test_edited_manifest(scene: dict) -> None:
    def change(name: str, blob: bytes) -> bytes:
        return blob.replace(b'"sequence":2', b'"sequence":9') if name == "manifest.json" else blob
    _refused(scene, rezip(scene["second"].read_bytes(), change), "bad_signature")


def _resealed_events(scene: dict, change: tuple[bytes, bytes]) -> tuple[bytes, dict]:
    """The second package's issuance events opened, edited and sealed again to the district's (public) key."""
    district = scene["district"].conn
    with zipfile.ZipFile(scene["second"]) as zf:
        sealed = zf.read("tables/issuance_events.jsonl")
        manifest = json.loads(zf.read("manifest.json"))
    context = seal_context(manifest, "issuance_events")
    events = zlib.decompress(open_sealed(sealed, district_sealing_private_key(district), context))
    assert change[0] in events
    packed = zlib.compress(events.replace(*change))
    return seal_for_district(packed, ensure_district_sealing_key(district), context), manifest


def test_edited_entry_with_recomputed_manifest_hash_but_the_old_signature(scene: dict) -> None:
    forged, manifest = _resealed_events(scene, (b'"voter_id":3', b'"voter_id":2'))
    for entry in manifest["entries"]:
        if entry["name"] == "tables/issuance_events.jsonl":
            entry.update(sha256=hashlib.sha256(forged).hexdigest(), size=len(forged))
    new = {"tables/issuance_events.jsonl": forged, "manifest.json": canonical(manifest).encode()}
    _refused(scene, rezip(scene["second"].read_bytes(), lambda n, b: new.get(n, b)), "bad_signature")


def test_edited_entry_alone(scene: dict) -> None:
    forged, _ = _resealed_events(scene, (b'"voter_id":3', b'"voter_id":2'))

    def change(name: str, blob: bytes) -> bytes:
        return forged if name.endswith("issuance_events.jsonl") else blob
    _refused(scene, rezip(scene["second"].read_bytes(), change), "tampered")


def test_missing_entry(scene: dict) -> None:
    _refused(scene, rezip(scene["second"].read_bytes(),
                          lambda n, b: None if n.endswith("issuance_events.jsonl") else b), "entry_missing")


def test_extra_entry(scene: dict) -> None:
    _refused(scene, rezip(scene["second"].read_bytes(), extra=[("tables/voters.jsonl", b"{}\n")]), "extra_entry")


@pytest.mark.parametrize("name", ["../evil.jsonl", "/etc/passwd", "tables/../../x", "C:/x", "tables\\..\\x", ""])
def test_unsafe_entry_names(scene: dict, name: str) -> None:
    _refused(scene, rezip(scene["second"].read_bytes(), extra=[(zipfile.ZipInfo(name or "x/"), b"x")]), None)


def test_symlink_entry(scene: dict) -> None:
    link = zipfile.ZipInfo("tables/link.jsonl")
    link.external_attr = 0o120777 << 16
    _refused(scene, rezip(scene["second"].read_bytes(), extra=[(link, b"/etc/passwd")]), "unsafe_entry")


def test_duplicate_entry_names(scene: dict) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = rezip(scene["second"].read_bytes(), extra=[("manifest.json", b"{}")])
    _refused(scene, data, "duplicate_entry")


def test_zip_bomb(scene: dict) -> None:
    _refused(scene, rezip(scene["second"].read_bytes(), extra=[("tables/bomb.jsonl", b"\0" * (2 * 2**20))]),
             "zip_bomb")


def test_too_many_entries(scene: dict) -> None:
    extra = [(f"tables/t{i}.jsonl", b"") for i in range(70)]
    _refused(scene, rezip(scene["second"].read_bytes(), extra=extra), "too_many_entries")


def test_entry_over_the_size_cap(scene: dict) -> None:
    _refused(scene, scene["second"].read_bytes(), "entry_too_big", limits=Limits(entry_bytes=200))


def test_not_a_zip_at_all(scene: dict) -> None:
    _refused(scene, b"PK\x03\x04 this is not a package", "unreadable")


def test_package_signed_by_another_key_after_the_first_was_trusted(scene: dict, district: DataFile) -> None:
    impostor = create_station_file(district, "C01-S1", scene["tmp"] / "impostor.db")
    record_issue(impostor, 3)
    forged = export_station_package(impostor, scene["tmp"] / "impostor")
    _refused(scene, forged.read_bytes(), "other_key")
    impostor.close()


def test_pinned_fingerprint_refuses_a_forged_first_package(scene: dict, district: DataFile,
                                                         stations: dict[str, DataFile]) -> None:
    pin_station_key(district, "C02-S1", station_fingerprint(stations["C02-S1"].conn))
    impostor = create_station_file(district, "C02-S1", scene["tmp"] / "impostor.db")
    _refused(scene, export_station_package(impostor, scene["tmp"] / "impostor").read_bytes(), "other_key")
    impostor.close()
    genuine = export_station_package(stations["C02-S1"], scene["tmp"] / "usb")
    assert import_packages(district, [genuine])[0].status == "imported"


def test_replayed_older_package(scene: dict) -> None:
    assert import_packages(scene["district"], [scene["second"]])[0].status == "imported"
    record_issue(scene["station"], 3)
    third = export_station_package(scene["station"], scene["tmp"] / "usb")
    assert import_packages(scene["district"], [third])[0].status == "imported"
    # removing the middle one and offering it again: older than number 3
    from app.exchange import read_package, remove_package

    remove_package(scene["district"], read_package(scene["second"]).package_id)
    _refused(scene, scene["second"].read_bytes(), "replayed")


def test_same_number_with_other_content_contradicts(scene: dict, district: DataFile) -> None:
    with open_twin(scene, scene["tmp"] / "twin.db") as twin:
        record_issue(twin, 2, time="2011-04-10T11:00:00+08:00")
        with transaction(twin.conn) as conn:  # the twin forgets it ever exported number 2
            conn.execute("DELETE FROM exchange_exports WHERE sequence = 2")
        twin_second = export_station_package(twin, scene["tmp"] / "twin")
    assert import_packages(district, [scene["second"]])[0].status == "imported"
    _refused(scene, twin_second.read_bytes(), "contradiction")


def test_issuance_event_rewritten_under_the_same_number_contradicts(scene: dict, district: DataFile) -> None:
    assert import_packages(district, [scene["second"]])[0].status == "imported"
    twin = open_twin(scene, scene["tmp"] / "twin.db")
    with transaction(twin.conn) as conn:  # the same key rewriting its history: event 3 now names voter 2
        conn.execute("DROP TRIGGER issuance_events_no_update")
        conn.execute("UPDATE issuance_events SET voter_id = 2 WHERE seq = 3")
    rewritten = export_station_package(twin, scene["tmp"] / "twin")
    twin.close()
    _refused(scene, rewritten.read_bytes(), "contradiction_rows")


def open_twin(scene: dict, path: Path) -> DataFile:
    """A copy of the station file taken now (same key, same numbers)."""
    scene["station"].conn.execute("VACUUM INTO ?", (str(path),))   # an encrypted file's copy keeps its key ...
    copy_keys(scene["station"], path)                                # ... so it needs the key file beside it
    return open_data_file(path)


def test_package_of_another_election(scene: dict, tmp_path: Path, small_definition) -> None:
    from dataclasses import replace

    from app.election.store import store_definition

    other = create_data_file(tmp_path / "other.db", kind="district", election_id="other-2011")
    store_definition(other, replace(small_definition, election=replace(small_definition.election, id="other-2011")))
    station = create_station_file(other, "C01-S1", tmp_path / "other-s.db")
    _refused(scene, export_station_package(station, tmp_path / "o").read_bytes(), "other_election")
    station.close()
    other.close()


def test_test_package_into_an_official_election(scene: dict, district: DataFile) -> None:
    with transaction(district.conn) as conn:
        conn.execute("UPDATE election SET mode = 'official'")
    _refused(scene, scene["second"].read_bytes(), "wrong_mode")


def test_package_of_a_place_not_in_the_election(scene: dict, district: DataFile, tmp_path: Path) -> None:
    stray = create_data_file(tmp_path / "stray.db", kind="station", election_id="test-2011", place_code="C09-S1")
    with transaction(stray.conn) as conn:
        row = district.conn.execute("SELECT * FROM election").fetchone()
        conn.execute("INSERT INTO election VALUES (?,?,?,?,?,?)", tuple(row))
    carry_sealing_key(district.conn, stray.conn)
    _refused(scene, export_station_package(stray, tmp_path / "s").read_bytes(), "unknown_station")
    stray.close()
