"""Reading a package safely and verifying it: archive limits first, then the signature, then every entry.

Every failure is a PackageRejected with a code and a reason; no other exception leaves `read_package`
(a fuzz test holds it to that). Nothing is extracted to disk: entries are read into memory, each
bounded by its declared size, which is checked against the caps before anything is decompressed.
The same caps bound a sealed entry's `clear_size`, and unpacking it stops one byte past that size.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from app.exchange.fast_rows import FastReader
from app.exchange.keys import fingerprint, signature_is_valid
from app.exchange.package import (
    FORMAT,
    FORMAT_VERSION,
    KINDS,
    MANIFEST,
    SIGNATURE,
    Package,
    PackageRejected,
    TableData,
    entry_name,
    seal_context,
)
from app.exchange.rows import (
    IDENTIFIER,
    canonical,
    canonical_row,
    from_jsonl,
    holds_id_number,
    read_canonical_jsonl,
    row_key,
)
from app.exchange.zip_layout import check_layout
from app.vault.sealing import Opener, SealError, public_key_of

# What a broken or hostile zip can make the standard library raise while we read it.
_READ_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, KeyError, IndexError,
                RecursionError, NotImplementedError, RuntimeError, zlib.error, struct.error, OverflowError)
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_.\-]+(/[A-Za-z0-9_.\-]+)*$")
_HEX = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Limits:
    """Caps that keep a hostile archive from filling memory or disk."""

    package_bytes: int = 512 * 2**20
    entries: int = 64
    entry_bytes: int = 256 * 2**20
    total_bytes: int = 1024 * 2**20
    ratio: int = 250              # uncompressed / compressed, checked for entries over `ratio_from` bytes
    ratio_from: int = 64 * 2**10
    manifest_bytes: int = 2**20
    signature_bytes: int = 4096


DEFAULT_LIMITS = Limits()


def read_package(source: Path | bytes, limits: Limits = DEFAULT_LIMITS) -> Package:
    """Read and verify a package (its own signature and every entry), or raise PackageRejected."""
    try:
        data = _read_source(source, limits)
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return _verified(data, zf, limits)
    except PackageRejected:
        raise
    except _READ_ERRORS as exc:
        raise PackageRejected("unreadable", "The package cannot be read ({error}); it is damaged or not a "
                              "PollDesk package. Copy it again from the station.", error=type(exc).__name__) from exc


def _read_source(source: Path | bytes, limits: Limits) -> bytes:
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        if not path.is_file():
            raise PackageRejected("package_missing", "The package {path} does not exist.", path=str(path))
        if path.stat().st_size > limits.package_bytes:
            raise _too_big()
        data = path.read_bytes()
    if len(data) > limits.package_bytes:
        raise _too_big()
    return data


def _too_big() -> PackageRejected:
    return PackageRejected("too_big", "The package is larger than any genuine package can be.")


def _check_archive(zf: zipfile.ZipFile, limits: Limits) -> dict[str, zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > limits.entries:
        raise PackageRejected("too_many_entries", "The package holds too many files ({count}).", count=len(infos))
    by_name: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        # orig_filename: zipfile cuts a name at NUL (and on Windows turns "\\" into "/"), other tools do not
        if (name != info.orig_filename or not _SAFE_NAME.match(name)
                or any(part in (".", "..") for part in name.split("/"))):
            raise PackageRejected("unsafe_name", "The package holds a file with an unsafe name: {name}.",
                                  name=info.orig_filename.replace("\0", "\\0"))
        if name in by_name:
            raise PackageRejected("duplicate_entry", "The package holds the file {name} twice.", name=name)
        mode = info.external_attr >> 16
        if info.is_dir() or stat.S_IFMT(mode) not in (0, stat.S_IFREG):  # links, devices, folders
            raise PackageRejected("unsafe_entry", "The package holds a link or folder ({name}) instead of a file.",
                                  name=name)
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise PackageRejected("unsafe_entry", "The package file {name} is encrypted or packed in an unknown "
                                  "way.", name=name)
        total += info.file_size
        if info.file_size > limits.entry_bytes or total > limits.total_bytes:
            raise PackageRejected("entry_too_big", "The package file {name} is larger than allowed.", name=name)
        if info.file_size > limits.ratio_from and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise PackageRejected("zip_bomb", "The package file {name} unpacks to far more than its size (a zip "
                                  "bomb).", name=name)
        by_name[name] = info
    return by_name


def _read_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    if info.file_size > cap:
        raise PackageRejected("entry_too_big", "The package file {name} is larger than allowed.", name=info.filename)
    with zf.open(info) as f:
        data = f.read(cap + 1)
    if len(data) != info.file_size:
        raise PackageRejected("tampered", "The package file {name} was changed.", name=info.filename)
    return data


def _verified(data: bytes, zf: zipfile.ZipFile, limits: Limits) -> Package:
    infos = _check_archive(zf, limits)
    check_layout(data, zf)
    for name in (MANIFEST, SIGNATURE):
        if name not in infos:
            raise PackageRejected("entry_missing", "The package lacks its file {name}.", name=name)
    public_key, signature = _read_signature(_read_entry(zf, infos[SIGNATURE], limits.signature_bytes))
    manifest_bytes = _read_entry(zf, infos[MANIFEST], limits.manifest_bytes)
    if not signature_is_valid(public_key, signature, manifest_bytes):
        raise PackageRejected("bad_signature", "The package's signature does not match its contents: it was "
                              "changed after it was signed.")
    manifest = _read_manifest(manifest_bytes, public_key)
    _check_clear_sizes(manifest["entries"], limits)
    listed = {e["name"] for e in manifest["entries"]}
    extra = sorted(set(infos) - listed - {MANIFEST, SIGNATURE})
    if extra:
        raise PackageRejected("extra_entry", "The package holds a file its manifest does not list: {name}.",
                              name=extra[0])
    tables: dict[str, TableData] = {}
    sealed: dict[str, bytes] = {}
    for entry in manifest["entries"]:
        if entry["name"] not in infos:
            raise PackageRejected("entry_missing", "The package lacks its file {name}.", name=entry["name"])
        blob = _read_entry(zf, infos[entry["name"]], limits.entry_bytes)
        if len(blob) != entry["size"] or hashlib.sha256(blob).hexdigest() != entry["sha256"]:
            raise PackageRejected("tampered", "The package file {name} was changed.", name=entry["name"])
        if entry["sealed"]:     # verified by its hash; read only by the district (`open_sealed_tables`)
            sealed[entry["table"]] = blob
        else:
            tables[entry["table"]] = _table(entry, blob)
    return Package(manifest, hashlib.sha256(manifest_bytes).hexdigest(), public_key, tables, sealed)


def _check_clear_sizes(entries: list[dict[str, Any]], limits: Limits) -> None:
    """The tables' declared unpacked sizes within the caps that hold for zip entries, before anything is unpacked."""
    total = 0
    for entry in entries:
        total += entry["clear_size"]
        if entry["clear_size"] > limits.entry_bytes or total > limits.total_bytes:
            raise PackageRejected("entry_too_big", "The package file {name} is larger than allowed.",
                                  name=entry["name"])
        if entry["clear_size"] > limits.ratio_from and entry["clear_size"] > limits.ratio * max(entry["size"], 1):
            raise _bomb(entry)


def _bomb(entry: dict[str, Any]) -> PackageRejected:
    return PackageRejected("zip_bomb", "The package file {name} unpacks to far more than its size (a zip bomb).",
                           name=entry["name"])


def _read_signature(blob: bytes) -> tuple[bytes, bytes]:
    doc = json.loads(blob.decode("utf-8"))
    if not isinstance(doc, dict) or doc.get("algorithm") != "Ed25519":
        raise PackageRejected("bad_signature", "The package's signature file is not an Ed25519 signature.")
    try:
        public_key = base64.b64decode(str(doc.get("public_key", "")), validate=True)
        signature = base64.b64decode(str(doc.get("signature", "")), validate=True)
    except binascii.Error as exc:
        raise PackageRejected("bad_signature", "The package's signature file is not an Ed25519 signature.") from exc
    if len(public_key) != 32 or len(signature) != 64 or doc.get("fingerprint") != fingerprint(public_key):
        raise PackageRejected("bad_signature", "The package's signature file is not an Ed25519 signature.")
    return public_key, signature


_FIELDS: dict[str, type | tuple[type, ...]] = {
    "format": str, "format_version": int, "kind": str, "election_id": str, "mode": str, "place_code": str,
    "sequence": int, "created": str, "app_version": str, "signer_fingerprint": str, "sealed_to": str,
    "entries": list, "extra": dict,
}


def _read_manifest(blob: bytes, public_key: bytes) -> dict[str, Any]:
    """The manifest's fields, checked; it is signed, so a failure here is a faulty program, not tampering."""
    manifest = json.loads(blob.decode("utf-8"))
    bad = PackageRejected("bad_manifest", "The package's manifest is not one this program can read.")
    if canonical(manifest).encode("utf-8") != blob:     # escapes or spaces could hide an ID number
        raise bad
    if holds_id_number(blob):
        raise PackageRejected("id_number_in_package", "The package holds an ID number in clear; it must not be "
                              "used. Tell the district election office.")
    if not isinstance(manifest, dict) or any(not isinstance(manifest.get(k), t) for k, t in _FIELDS.items()):
        raise bad
    if manifest["format"] != FORMAT or manifest["format_version"] != FORMAT_VERSION:
        raise PackageRejected("unknown_format", "The package was made by another version of PollDesk (format "
                              "{found}); this program reads format {known}.",
                              found=str(manifest["format_version"]), known=FORMAT_VERSION)
    if manifest["kind"] not in KINDS or manifest["mode"] not in ("test", "official") or manifest["sequence"] < 0:
        raise bad
    if manifest["signer_fingerprint"] != fingerprint(public_key):
        raise PackageRejected("bad_signature", "The package's signature file is not an Ed25519 signature.")
    names = set()
    for entry in manifest["entries"]:
        if not (isinstance(entry, dict) and isinstance(entry.get("table"), str) and IDENTIFIER.match(entry["table"])
                and entry.get("name") == entry_name(entry["table"]) and isinstance(entry.get("size"), int)
                and isinstance(entry.get("rows"), int) and isinstance(entry.get("sha256"), str)
                and _HEX.match(entry["sha256"]) and isinstance(entry.get("key"), list) and entry["key"]
                and isinstance(entry.get("sealed"), bool) and (manifest["sealed_to"] or not entry["sealed"])
                and type(entry.get("clear_size")) is int and entry["clear_size"] >= 0
                and (entry["sealed"] or entry["clear_size"] == entry["size"])
                and all(isinstance(k, str) and IDENTIFIER.match(k) for k in entry["key"])):
            raise bad
        if entry["name"] in names:
            raise PackageRejected("duplicate_entry", "The package holds the file {name} twice.", name=entry["name"])
        names.add(entry["name"])
    return manifest


def _table(entry: dict[str, Any], blob: bytes) -> TableData:
    exact = read_canonical_jsonl(blob)      # a genuine table: parsed and held to its canonical text at once
    if exact is not None:
        rows, texts = exact
    else:                                   # anything else: read line by line to say what is wrong
        rows = from_jsonl(blob)
        try:
            texts = [canonical_row(row) for row in rows]
        except ValueError:      # NaN or Infinity: never written by PollDesk
            texts = None
    # escapes (an ID number as \\u0031...), spaces, repeated keys, blank lines: not PollDesk's writing
    if texts is None or (exact is None and "".join([text + "\n" for text in texts]).encode("utf-8") != blob):
        raise PackageRejected("bad_rows", "The package's table {table} holds records this program cannot take "
                              "(wrong columns or values); it was changed or made by another program.",
                              table=entry["table"])
    if len(rows) != entry["rows"]:
        raise PackageRejected("bad_manifest", "The package's manifest is not one this program can read.")
    key = entry["key"]
    keys = [row_key(row, key) for row in rows]
    if len(set(keys)) != len(rows):
        raise PackageRejected("duplicate_row", "The package's table {table} holds the same row twice.",
                              table=entry["table"])
    if holds_id_number(blob):
        raise PackageRejected("id_number_in_package", "The package holds an ID number in clear; it must not be "
                              "used. Tell the district election office.")
    return TableData(list(key), rows, keys, texts)


def open_sealed_tables(package: Package, district_private_key: bytes | None,
                       fast: FastReader | None = None) -> Package:
    """The package with its sealed entries opened by the district's private sealing key, each checked as a clear one.

    A package sealed for another district's key is refused before any entry is tried. `fast` (the
    district's one-pass check of a table, `fast_rows`) is tried first on each table; when it does not
    take a table, the table is read and checked the plain way.
    """
    if not package.sealed:
        return package
    if district_private_key is None or package.manifest["sealed_to"] != fingerprint(public_key_of(district_private_key)):
        raise PackageRejected("sealed_for_other_district", "The package's records are sealed for another "
                              "district's key ({found}), so this district cannot open them. Check that the station "
                              "was set up from this district's setup package.", found=package.manifest["sealed_to"])
    opener = Opener(district_private_key)

    def open_entry(entry: dict[str, Any], sealed: bytes) -> bytes:
        try:
            return opener.open(sealed, seal_context(package.manifest, entry["table"]))
        except SealError as exc:
            raise PackageRejected("sealed_unreadable", "The package's sealed file {name} cannot be opened with this "
                                  "district's key; it was sealed for another district or changed.",
                                  name=entry["name"]) from exc

    return unseal_tables(package, open_entry, fast)


def unseal_tables(package: Package, open_entry: Callable[[dict[str, Any], bytes], bytes],
                  fast: FastReader | None = None) -> Package:
    """The package with each sealed entry opened by `open_entry(entry, sealed bytes)`, unpacked and checked as a clear one.

    `open_entry` gives the entry's zlib stream or raises PackageRejected; the stream is unpacked within
    the entry's `clear_size` and its rows are held to the same checks as a clear table's.
    """
    tables = dict(package.tables)
    for entry in package.manifest["entries"]:
        if not entry["sealed"]:
            continue
        packed = open_entry(entry, package.sealed[entry["table"]])
        try:
            clear = _unpack(entry, packed)
            checked = fast(entry, clear) if fast is not None else None
            tables[entry["table"]] = checked if checked is not None else _table(entry, clear)
        except _READ_ERRORS as exc:
            raise PackageRejected("bad_rows", "The package's table {table} holds records this program cannot take "
                                  "(wrong columns or values); it was changed or made by another program.",
                                  table=entry["table"]) from exc
    return replace(package, tables=tables, sealed={})


def _unpack(entry: dict[str, Any], packed: bytes) -> bytes:
    """A sealed entry's zlib stream unpacked: exactly `clear_size` bytes, never one byte more than that read."""
    unpacker = zlib.decompressobj()
    clear = unpacker.decompress(packed, entry["clear_size"] + 1)
    if len(clear) > entry["clear_size"] or unpacker.unconsumed_tail:
        raise _bomb(entry)
    if not unpacker.eof or unpacker.unused_data or len(clear) != entry["clear_size"]:
        raise PackageRejected("bad_rows", "The package's table {table} holds records this program cannot take "
                              "(wrong columns or values); it was changed or made by another program.",
                              table=entry["table"])
    return clear
