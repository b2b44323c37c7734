"""The package format (数据包): a zip of `manifest.json`, `signature` and one JSON-lines file per table.

`manifest.json` names the package (kind, election, mode, place, sequence, time, program version,
signer fingerprint) and lists each table entry with its row count, size and SHA-256. `signature`
holds the Ed25519 signature of the exact manifest bytes with the public key and its fingerprint.
Any changed byte of a table changes its hash; any changed byte of the manifest breaks the signature.

Sealed table entries (密封): a station's result package seals every table to the district's X25519
sealing key (`sealed_to` names its fingerprint; each entry says `"sealed": true`), so the voters' ids,
names in the audit log, clerks and write-in names on ballots are readable by the district only. The
manifest stays clear and its hashes are of the sealed bytes, so anyone can verify the signature and
every entry without the district's private key.

A district's setup package is sealed the same way with a one-time setup code instead
(`app.vault.setup_code`): `sealed_to` says "setup-code" and `extra.setup_code` holds the salt and cost
of the key derivation (never the code), so the signature, the hashes and the signer's fingerprint are
still checked before anyone types the code printed on the setup sheet.

Format 3 packs before it seals: a sealed entry holds the zlib stream of the table's JSON lines (sealed
bytes do not compress, so the zip stores them as they are), and every entry declares `clear_size`, the
length of its JSON lines, which the reader caps before it unpacks anything and holds the unpacked
bytes to (a decompression bomb stops one byte past it). Format 2 (sealed, not packed) is refused.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import sqlite3
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from app import __version__
from app.errors import PollDeskError
from app.exchange.keys import fingerprint, sign
from app.exchange.rows import Row, canonical, holds_id_number, rows_of_texts, to_jsonl
from app.vault.sealing import Sealer
from app.vault.setup_code import SEALED_WITH_SETUP_CODE, CodeSealer

FORMAT = "polldesk-package"
FORMAT_VERSION = 3       # 2: entries may be sealed (`sealed`, `sealed_to`); 3: sealed entries zlib-packed, `clear_size`
PACK_LEVEL = 6           # zlib level for sealed entries: deterministic for a given zlib, as small as 9 within 0.1%
KINDS = ("station-result", "district-setup")
MANIFEST = "manifest.json"
SIGNATURE = "signature"


class PackageRejected(PollDeskError):
    """A package that cannot be trusted or used; `message` says why, in the user's language."""


class TableData:
    """One table to put in a package: its key columns and rows (read from a package: each row's key and canonical text).

    A table the district checked in one pass (`fast_rows`) comes without row objects: `rows` parses its
    canonical texts when first asked for, and `named` holds the values of its place, contest and box columns.
    """

    __slots__ = ("key", "_rows", "row_keys", "row_texts", "named")

    def __init__(self, key: list[str], rows: list[Row] | None, row_keys: list[str] | None = None,
                 row_texts: list[str] | None = None, *, named: dict[str, set[Any]] | None = None) -> None:
        if rows is None and row_texts is None:
            raise ValueError("a table needs its rows or their texts")
        self.key = key
        self._rows = rows
        self.row_keys = row_keys
        self.row_texts = row_texts
        self.named = named

    @property
    def rows(self) -> list[Row]:
        """The rows as objects (parsed from their texts the first time, for a table checked in one pass)."""
        if self._rows is None:
            assert self.row_texts is not None
            self._rows = rows_of_texts(self.row_texts)
        return self._rows

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TableData) and (self.key, self.rows) == (other.key, other.rows)

    __hash__ = None     # type: ignore[assignment]

    def __repr__(self) -> str:
        count = len(self._rows) if self._rows is not None else len(self.row_texts or [])
        return f"TableData(key={self.key!r}, rows={count})"


@dataclass(frozen=True)
class Package:
    """A package read back and verified: its manifest, signer, clear tables and still-sealed entries."""

    manifest: dict[str, Any]
    digest: str                       # SHA-256 (hex) of the exact manifest bytes
    public_key: bytes
    tables: dict[str, TableData]
    sealed: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)  # table -> sealed bytes

    @property
    def package_id(self) -> str:
        """A short stable name: the first 16 hex characters of the digest."""
        return self.digest[:16]

    @property
    def kind(self) -> str:
        return str(self.manifest["kind"])

    @property
    def election_id(self) -> str:
        return str(self.manifest["election_id"])

    @property
    def mode(self) -> str:
        return str(self.manifest["mode"])

    @property
    def place_code(self) -> str:
        return str(self.manifest["place_code"])

    @property
    def sequence(self) -> int:
        return int(self.manifest["sequence"])

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)


def entry_name(table: str) -> str:
    """The zip entry holding a table."""
    return f"tables/{table}.jsonl"


def seal_context(manifest: dict[str, Any], table: str) -> bytes:
    """What a sealed entry is bound to: the package's kind, election, place and number, and the entry's table."""
    return canonical(["polldesk-package-entry", manifest["kind"], manifest["election_id"], manifest["place_code"],
                      manifest["sequence"], entry_name(table)]).encode("utf-8")


def build_package(conn: sqlite3.Connection, *, kind: str, election_id: str, mode: str, place_code: str,
                  sequence: int, created: datetime, tables: dict[str, TableData],
                  extra: dict[str, Any] | None = None, seal_to: bytes | None = None,
                  seal_with: CodeSealer | None = None) -> bytes:
    """The bytes of a package signed with this file's own key (refused if a table holds an ID number).

    With `seal_to` (the district's public sealing key) every table entry is sealed to it; with
    `seal_with` (a setup code's sealer) every entry is sealed with the code, and the manifest names
    the key derivation's salt and cost in `extra.setup_code`.
    """
    if seal_to is not None and seal_with is not None:
        raise ValueError("a package is sealed to the district or with a setup code, not both")
    entries: list[dict[str, Any]] = []
    blobs: dict[str, bytes] = {}
    sealer: Sealer | CodeSealer | None = seal_with
    sealed_to = SEALED_WITH_SETUP_CODE if seal_with is not None else ""
    extra = dict(extra or {})
    if seal_with is not None:
        extra["setup_code"] = seal_with.kdf()
    if seal_to is not None:
        sealer, sealed_to = Sealer(seal_to), fingerprint(seal_to)     # one ephemeral key for the package's entries
    _, public_key = sign(conn, b"")
    manifest: dict[str, Any] = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "kind": kind, "election_id": election_id,
        "mode": mode, "place_code": place_code, "sequence": sequence,
        "created": created.isoformat(timespec="seconds"), "app_version": __version__,
        "signer_fingerprint": fingerprint(public_key), "sealed_to": sealed_to,
        "entries": entries, "extra": extra,
    }
    for table, data in tables.items():
        blob = to_jsonl(data.rows)
        if holds_id_number(blob):
            raise PollDeskError("id_number_in_package",
                                "The table {table} holds an ID number in clear; it cannot leave this computer.",
                                table=table)
        clear_size = len(blob)
        if sealer is not None:
            blob = sealer.seal(zlib.compress(blob, PACK_LEVEL), seal_context(manifest, table))
        name = entry_name(table)
        blobs[name] = blob
        entries.append({"name": name, "table": table, "key": data.key, "rows": len(data.rows),
                        "sealed": sealer is not None, "size": len(blob), "clear_size": clear_size,
                        "sha256": hashlib.sha256(blob).hexdigest()})
    manifest_bytes = canonical(manifest).encode("utf-8")
    signature, _ = sign(conn, manifest_bytes)
    signature_bytes = canonical({
        "algorithm": "Ed25519", "public_key": base64.b64encode(public_key).decode("ascii"),
        "fingerprint": fingerprint(public_key), "signature": base64.b64encode(signature).decode("ascii"),
    }).encode("utf-8")
    out = io.BytesIO()
    stamp = (created.year, created.month, created.day, created.hour, created.minute, created.second)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, blob in [(MANIFEST, manifest_bytes), (SIGNATURE, signature_bytes), *blobs.items()]:
            info = zipfile.ZipInfo(name, date_time=max(stamp, (1980, 1, 1, 0, 0, 0)))
            info.compress_type = zipfile.ZIP_STORED if sealer is not None and name in blobs else zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            zf.writestr(info, blob)
    return out.getvalue()


def write_atomically(folder: Path, name: str, data: bytes) -> Path:
    """Write `data` as folder/name: temp file in the same folder, flush, fsync, rename, fsync the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    fd, temp = tempfile.mkstemp(prefix=".polldesk-", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _fsync_folder(folder)
    return target


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":  # Windows cannot open a folder for fsync; its rename is already durable
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
