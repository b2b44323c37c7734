"""Format 3: a station's tables are packed (zlib) inside the seal, so the package is small, and never unpacks past its caps."""

from __future__ import annotations

import zipfile
from pathlib import Path

from app.db import DataFile
from app.exchange import Limits, import_packages, read_package
from app.exchange.keys import district_sealing_private_key
from app.exchange.package import seal_context
from app.vault.sealing import public_key_of, seal_for_district
from tests.exchange import test_redteam_kit as kit
from tests.exchange.conftest import election_data_hash
from tests.exchange.test_redteam_kit import Demo, cli_verify, entries_of, forge, refused

demo, district = kit.demo, kit.district    # the kit's fixtures, used here

PLACE = "C02-S1"


def test_a_stations_package_is_a_fraction_of_the_records_it_carries(demo: Demo, district: DataFile) -> None:
    path = demo.packages[PLACE]
    manifest = read_package(path).manifest
    clear = entries_of(path.read_bytes())
    carried = sum(len(clear[e["name"]]) for e in manifest["entries"])
    assert carried == sum(e["clear_size"] for e in manifest["entries"])
    # what format 2 wrote: each table sealed as it is (sealed bytes do not compress in the zip)
    public = public_key_of(district_sealing_private_key(district.conn) or b"")
    unpacked = sum(len(seal_for_district(clear[e["name"]], public, seal_context(manifest, e["table"])))
                   for e in manifest["entries"])
    size = path.stat().st_size
    assert size * 5 < unpacked, (size, unpacked)
    with zipfile.ZipFile(path) as zf:       # sealed entries are stored, not deflated a second time for nothing
        assert {i.compress_type for i in zf.infolist() if i.filename.startswith("tables/")} == {zipfile.ZIP_STORED}


def test_a_sealed_table_that_unpacks_past_its_declared_size_is_refused(demo: Demo, district: DataFile,
                                                                       tmp_path: Path) -> None:
    bomb = b'{"seq":1}\n' + b"0" * (8 * 2**20)       # 8 MiB that pack into a few KiB
    forged = forge(demo.package(PLACE), demo.station_key(PLACE), tables={"audit_log": bomb},
                   declared_sizes={"audit_log": 4096})
    assert len(forged) < 64 * 2**10
    refused(district, tmp_path, forged, "zip_bomb")


def test_a_sealed_table_declared_far_larger_than_its_packed_bytes_is_refused_before_unpacking(
        demo: Demo, district: DataFile, tmp_path: Path) -> None:
    bomb = b'{"seq":1}\n' + b"0" * (8 * 2**20)
    forged = forge(demo.package(PLACE), demo.station_key(PLACE), tables={"audit_log": bomb})
    refused(district, tmp_path, forged, "zip_bomb", verify_fails=True)


def test_the_cap_on_an_entry_holds_for_its_unpacked_size(demo: Demo, district: DataFile, tmp_path: Path) -> None:
    path = demo.packages[PLACE]
    entries = read_package(path).manifest["entries"]
    biggest = max(entries, key=lambda e: e["clear_size"])
    packed_biggest = max(e["size"] for e in entries)
    assert packed_biggest < biggest["clear_size"] // 2
    cap = Limits(entry_bytes=(packed_biggest + biggest["clear_size"]) // 2)
    before = election_data_hash(district.conn)
    [outcome] = import_packages(district, [path], limits=cap)
    assert (outcome.status, outcome.code) == ("rejected", "entry_too_big")
    assert election_data_hash(district.conn) == before
    assert import_packages(district, [path])[0].status == "imported"


def test_a_format_2_package_is_refused_saying_which_format_this_program_reads(
        demo: Demo, district: DataFile, tmp_path: Path) -> None:
    old = forge(demo.package(PLACE), demo.station_key(PLACE), manifest={"format_version": 2})
    refused(district, tmp_path, old, "unknown_format", verify_fails=True)
    ok, code = cli_verify(tmp_path / "hostile.zip")
    assert (ok, code) == (False, "unknown_format")
