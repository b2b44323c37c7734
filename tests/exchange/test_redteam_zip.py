"""Red team, the archive itself: damaged, disguised and hostile zips are refused and change no election data."""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
from pathlib import Path

import pytest

from app.db import DataFile
from app.exchange import PackageRejected, read_package
from tests.exchange import test_redteam_kit as kit
from tests.exchange.test_redteam_kit import (
    Demo,
    cli_import,
    cli_verify,
    data_hash,
    forge,
    refused,
    stored_entries_of,
    zip_of,
)

demo, district = kit.demo, kit.district    # the kit's fixtures, used here
SMALL = "C01-M1"      # the smallest package: every one of its bytes is flipped in turn


def _flip(data: bytes, offset: int) -> bytes:
    flipped = bytearray(data)
    flipped[offset] ^= 0x5A
    return bytes(flipped)


def _regions(data: bytes) -> dict[str, int]:
    """An offset inside each part of a package: local headers, manifest, signature, a table, central directory."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = {i.filename: i for i in zf.infolist()}
        start_dir = zf.start_dir

    def body(name: str) -> int:
        info = infos[name]
        return info.header_offset + 30 + len(info.filename) + len(info.extra) + info.compress_size // 2
    return {"local header": infos["tables/issuance_events.jsonl"].header_offset + 14,   # its CRC
            "local header name": infos["manifest.json"].header_offset + 32,
            "manifest": body("manifest.json"), "signature": body("signature"),
            "table": body("tables/issuance_events.jsonl"), "central directory": start_dir + 16,
            "central directory name": start_dir + 48, "end record": len(data) - 10}


def test_every_flipped_byte_of_a_package_is_refused_or_reads_as_the_same_package(demo: Demo) -> None:
    data = demo.package(SMALL)
    genuine = read_package(data)
    refused_count = 0
    for offset in range(len(data)):
        try:
            package = read_package(_flip(data, offset))
        except PackageRejected as exc:
            assert exc.message
            refused_count += 1
            continue
        assert (package.digest, package.tables) == (genuine.digest, genuine.tables), offset
    assert refused_count > len(data) * 0.9


@pytest.mark.parametrize("region", ["local header", "local header name", "manifest", "signature", "table",
                                    "central directory", "central directory name", "end record"])
def test_a_flipped_byte_in_each_part_of_a_real_package_is_refused(demo: Demo, district: DataFile, tmp_path: Path,
                                                                   region: str) -> None:
    data = demo.package("C02-S1")
    refused(district, tmp_path, _flip(data, _regions(data)[region]), verify_fails=True)


@pytest.mark.parametrize("keep", [0.0, 0.1, 0.5, 0.9, 0.999])
def test_a_truncated_package_is_refused(demo: Demo, district: DataFile, tmp_path: Path, keep: float) -> None:
    data = demo.package("C02-S1")
    refused(district, tmp_path, data[:int(len(data) * keep)], verify_fails=True)


@pytest.mark.parametrize("data", [b"", b"just some text\n", b"%PDF-1.4\n%...", b"PK\x05\x06" + b"\0" * 18,
                                  "选举结果".encode("gbk")])
def test_a_file_that_is_not_a_package_is_refused(district: DataFile, tmp_path: Path, data: bytes) -> None:
    refused(district, tmp_path, data, verify_fails=True)


def test_a_zip_of_another_program_is_refused(district: DataFile, tmp_path: Path) -> None:
    office = zip_of([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")])
    refused(district, tmp_path, office, verify_fails=True)
    plain = zip_of([("manifest.json", b'{"hello": "world"}'), ("signature", b"{}")])
    refused(district, tmp_path, plain, verify_fails=True)


def test_a_genuine_package_renamed_is_the_same_package(demo: Demo, district: DataFile, tmp_path: Path) -> None:
    disguised = tmp_path / "C03-S1的结果.txt"
    disguised.write_bytes(demo.package("C02-S1"))
    first = cli_import(district, [disguised])[0]
    assert (first["status"], first["station"]) == ("imported", "C02-S1")
    before = data_hash(district)
    assert cli_import(district, [demo.packages["C02-S1"]])[0]["status"] == "already_imported"
    assert data_hash(district) == before


def _with_extra(demo: Demo, name: str | zipfile.ZipInfo, blob: bytes = b"{}\n") -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return forge(demo.package("C02-S1"), demo.station_key("C02-S1"), extra_entries=[(name, blob)])


@pytest.mark.parametrize("name", ["/etc/passwd", "/tables/x.jsonl", "../x.jsonl", "tables/../../x.jsonl",
                                  "tables\\..\\..\\x.jsonl", "tables\\x.jsonl", "C:\\x.jsonl", "C:/x.jsonl",
                                  "tables/x.jsonl\0.txt", "tables//x.jsonl", "./manifest.json", "tables/"])
def test_an_entry_with_an_unsafe_path_is_refused(demo: Demo, district: DataFile, tmp_path: Path, name: str) -> None:
    refused(district, tmp_path, _with_extra(demo, name), verify_fails=True)


def test_a_genuine_entry_renamed_with_a_nul_or_backslash_is_refused(demo: Demo, district: DataFile,
                                                                  tmp_path: Path) -> None:
    """`tables/x.jsonl\\0evil` reads as `tables/x.jsonl` in Python: other zip tools see another name."""
    for trick in ("\0evil", "\0/../../etc/cron.d/x"):
        entries = stored_entries_of(demo.package("C02-S1"))
        name = "tables/issuance_events.jsonl"
        marked = name + trick.replace("\0", "#")   # zipfile cuts names at NUL when writing: patch the bytes after
        data = zip_of([(marked if n == name else n, b) for n, b in entries.items()])
        data = data.replace(marked.encode(), (name + trick).encode())
        assert zipfile.ZipFile(io.BytesIO(data)).getinfo(name)      # Python hides the trick
        refused(district, tmp_path, data, "unsafe_name", verify_fails=True)


def test_duplicate_entry_names_are_refused(demo: Demo, district: DataFile, tmp_path: Path) -> None:
    entries = stored_entries_of(demo.package("C02-S1"))
    for name in ("manifest.json", "signature", "tables/issuance_events.jsonl"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            data = zip_of([*entries.items(), (name, entries[name])])
        refused(district, tmp_path, data, "duplicate_entry", verify_fails=True)


def test_a_folder_entry_is_refused(demo: Demo, district: DataFile, tmp_path: Path) -> None:
    folder = zipfile.ZipInfo("tables/more")
    folder.external_attr = (0o040755 << 16) | 0x10
    refused(district, tmp_path, _with_extra(demo, folder, b""), verify_fails=True)


@pytest.mark.parametrize("mode", [0o120777, 0o060644, 0o020644, 0o010644])   # link, block, char device, fifo
def test_a_link_or_device_entry_is_refused(demo: Demo, district: DataFile, tmp_path: Path, mode: int) -> None:
    entries = stored_entries_of(demo.package("C02-S1"))
    link = zipfile.ZipInfo("tables/issuance_events.jsonl")
    link.external_attr = mode << 16
    data = zip_of([(link if n == link.filename else n, b) for n, b in entries.items()])
    refused(district, tmp_path, data, "unsafe_entry", verify_fails=True)


def test_an_entry_declared_small_but_larger_inflated_is_refused(demo: Demo, district: DataFile,
                                                               tmp_path: Path) -> None:
    data = bytearray(demo.package("C02-S1"))
    # every header of the issuance table says 1,000 bytes; the deflated stream inflates to ~45,000
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("tables/issuance_events.jsonl")
    struct.pack_into("<I", data, info.header_offset + 22, 1000)
    central = bytes(data).index(b"PK\x01\x02" + bytes(data)[bytes(data).index(b"PK\x01\x02") + 4:][:0])
    for at in _central_headers(bytes(data)):
        if bytes(data)[at + 46:at + 46 + 28] == b"tables/issuance_events.jsonl":
            struct.pack_into("<I", data, at + 24, 1000)
    assert central
    refused(district, tmp_path, bytes(data), verify_fails=True)


def _central_headers(data: bytes) -> list[int]:
    found, at = [], data.find(b"PK\x01\x02")
    while at >= 0:
        found.append(at)
        at = data.find(b"PK\x01\x02", at + 4)
    return found


def test_a_zip_bomb_is_refused_before_it_is_inflated(demo: Demo, district: DataFile, tmp_path: Path) -> None:
    bomb = b"\n" * (300 * 2**20)   # 300 MiB of line breaks deflate to ~300 KiB: over the entry cap and the ratio
    # left in clear (sealed bytes would not deflate): the caps must hold before any entry is opened
    data = forge(demo.package("C02-S1"), demo.station_key("C02-S1"), tables={"issuance_events": bomb}, sealed=False)
    assert len(data) < 2 * 2**20
    refused(district, tmp_path, data, verify_fails=True)


def test_thousands_of_entries_are_refused(demo: Demo, district: DataFile, tmp_path: Path) -> None:
    entries = list(stored_entries_of(demo.package("C02-S1")).items())
    data = zip_of(entries + [(f"tables/t{i}.jsonl", b"") for i in range(5000)], zipfile.ZIP_STORED)
    refused(district, tmp_path, data, "too_many_entries", verify_fails=True)


def test_a_zip64_entry_claiming_a_huge_size_is_refused(demo: Demo, district: DataFile, tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in stored_entries_of(demo.package("C02-S1")).items():
            with zf.open(name, "w", force_zip64=True) as f:
                f.write(blob)
    data = bytearray(out.getvalue())
    for at in _central_headers(bytes(data)):   # the zip64 extra field of each central header: sizes to 2**40
        name_len, extra_len = struct.unpack_from("<HH", data, at + 28)
        extra = at + 46 + name_len
        if struct.unpack_from("<H", data, extra)[0] == 1:
            struct.pack_into("<Q", data, extra + 4, 2**40)
    refused(district, tmp_path, bytes(data), verify_fails=True)


def test_a_package_rewritten_as_zip64_is_refused(demo: Demo, district: DataFile,
                                                                    tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in stored_entries_of(demo.package("C02-S1")).items():
            with zf.open(name, "w", force_zip64=True) as f:
                f.write(blob)
    refused(district, tmp_path, out.getvalue(), "odd_archive", verify_fails=True)


class _Unseekable(io.RawIOBase):
    """A stream zipfile cannot seek in, so it writes data descriptors after each entry."""

    def __init__(self) -> None:
        self.buffer = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: bytes) -> int:   # type: ignore[override]
        self.buffer += b
        return len(b)


def test_an_entry_with_a_data_descriptor_that_contradicts_its_header_is_refused(
        demo: Demo, district: DataFile, tmp_path: Path) -> None:
    stream = _Unseekable()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in stored_entries_of(demo.package("C02-S1")).items():
            zf.writestr(name, blob)
    data = bytearray(stream.buffer)
    descriptor = data.find(b"PK\x07\x08")
    struct.pack_into("<I", data, descriptor + 8, 1)     # the first descriptor's compressed size: 1 byte
    refused(district, tmp_path, bytes(data), "odd_archive", verify_fails=True)


@pytest.mark.parametrize("where", ["before", "after", "comment"])
def test_bytes_hidden_around_a_genuine_package_are_refused(demo: Demo, district: DataFile, tmp_path: Path,
                                                           where: str) -> None:
    data = demo.package("C02-S1")
    if where == "before":
        data = b"MZ\x90\x00" + b"\0" * 500 + data
    elif where == "after":
        data = data + b"#!/bin/sh\nrm -rf /\n"
    else:
        data = data[:-2] + struct.pack("<H", 11) + b"hidden text"
    refused(district, tmp_path, data, "odd_archive", verify_fails=True)


def test_the_verify_command_reports_an_unreadable_file_with_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty.zip"
    empty.write_bytes(b"")
    assert cli_verify(empty) == (False, "unreadable")
