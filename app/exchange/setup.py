"""A station's setup package (投票站初始数据包), signed by the district, and loading it into a new station file.

The package carries the station's community: election, groups, households, places, contests,
candidates, the register (keyed hashes and masked ID numbers only) and the register key. The register
key has to travel: a station hashes a typed ID number with it to find the voter and checks voter cards
with it. So every table entry is sealed with a one-time setup code (初始设置码, `app.vault.setup_code`)
drawn for that package: a lost stick gives nothing away without the setup sheet the code is printed on.
The district file keeps each code it issued (table `exchange_setup_codes`) so the sheet can be printed again;
the audit log notes only that a code was issued.

Trust: a station accepts a setup only when it is signed by the key whose fingerprint the operator
types (or confirms) from the district's printed setup sheet; that is checked before the setup code is
tried, so a stranger's package is refused as such whatever code is typed. The signed manifest also carries the
district's public sealing key (`extra.district_sealing_key`, base64), which the station keeps and seals
its result packages to.
"""

from __future__ import annotations

import base64
import binascii
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.audit import SYSTEM, append_event, system_clock
from app.audit.log import Clock, HasActor
from app.auth import require
from app.db import DataFile, create_data_file, transaction
from app.election.station import COMMUNITY_TABLES
from app.errors import DataFileError, PollDeskError
from app.exchange.keys import (
    ensure_district_key,
    ensure_district_sealing_key,
    ensure_station_key,
    fingerprint,
    same_fingerprint,
    store_district_sealing_key,
)
from app.exchange.package import (
    Package,
    PackageRejected,
    TableData,
    build_package,
    seal_context,
    write_atomically,
)
from app.exchange.reader import DEFAULT_LIMITS, Limits, read_package, unseal_tables
from app.exchange.rows import decode_value, key_columns, read_rows, table_columns
from app.exchange.station_export import safe_file_part
from app.register.lookup_index import build_lookup_index
from app.vault.sealing import SealError
from app.vault.setup_code import SEALED_WITH_SETUP_CODE, CodeSealer, new_setup_code, normalise_setup_code

# The tables of a station's community, in foreign-key order, and how to pick the community's rows.
# The search index is not carried: the station rebuilds it from the register on loading.
SETUP_TABLES: dict[str, str] = {t: w.replace("src.", "main.") for t, w in COMMUNITY_TABLES.items()
                                if not t.startswith("lookup_")}


@dataclass(frozen=True)
class IssuedSetup:
    """A setup package written for a voting place, the one-time setup code that opens it, and the signer."""

    path: Path
    setup_code: str                 # printed form, XXXX-XXXX-XXXX-XXXX-XXXX
    package_id: str
    district_fingerprint: str


def export_setup_package(district: DataFile, place_code: str, folder: Path | str, *,
                         session: HasActor | None = None, clock: Clock = system_clock) -> IssuedSetup:
    """Write the setup package of one voting place into `folder`, signed, and sealed with a new setup code."""
    if session is not None:
        require(session, "export_package")
    if district.kind != "district":
        raise PollDeskError("not_a_district", "Only the district's data file can give out setup packages.")
    conn = district.conn
    place = conn.execute("SELECT community_code FROM voting_places WHERE code = ?", (place_code,)).fetchone()
    if place is None:
        raise DataFileError("unknown_place", "There is no voting place {code} in this election.", code=place_code)
    mode = conn.execute("SELECT mode FROM election").fetchone()["mode"]
    public_key = ensure_district_key(conn)
    sealing_key = ensure_district_sealing_key(conn)
    created = clock()
    setup_code = new_setup_code()
    params = {"community": place["community_code"]}
    with transaction(conn):  # one consistent snapshot
        tables = {t: TableData(key_columns(conn, t), read_rows(conn, t, where, params, order="rowid"))
                  for t, where in SETUP_TABLES.items()}
    data = build_package(conn, kind="district-setup", election_id=district.election_id, mode=mode,
                         place_code=place_code, sequence=0, created=created, tables=tables,
                         extra={"community_code": place["community_code"],
                                "district_sealing_key": base64.b64encode(sealing_key).decode("ascii"),
                                **_recovery_extra(district)},
                         seal_with=CodeSealer.new(setup_code))
    name = f"{safe_file_part(district.election_id)}_{safe_file_part(place_code)}_setup.zip"
    path = write_atomically(Path(folder), name, data)
    package = read_package(path)
    with transaction(conn):
        conn.execute("INSERT INTO exchange_setup_codes(package_id, place_code, file, setup_code, issued)"
                     " VALUES (?,?,?,?,?)", (package.package_id, place_code, path.name, setup_code,
                                             created.isoformat(timespec="seconds")))
        append_event(conn, session or SYSTEM, "package_exported",
                     {"file": path.name, "package_id": package.package_id, "kind": "district-setup",
                      "place_code": place_code, "fingerprint": fingerprint(public_key),
                      "voters": len(tables["voters"].rows), "setup_code_issued": True}, clock=clock)
    return IssuedSetup(path, setup_code, package.package_id, fingerprint(public_key))


@dataclass(frozen=True)
class IssuedCode:
    """A setup code the district issued: for which place and package file, and when."""

    place_code: str
    package_id: str
    file: str
    setup_code: str
    issued: str

    def as_dict(self) -> dict[str, Any]:
        """The record as JSON-ready fields."""
        return {"place": self.place_code, "package_id": self.package_id, "file": self.file,
                "setup_code": self.setup_code, "issued": self.issued}


def issued_setup_codes(district: DataFile, place_code: str | None = None, *,
                       session: HasActor | None = None) -> list[IssuedCode]:
    """Every setup code the district issued (for one place when given), newest first, to print the sheet again."""
    if session is not None:
        require(session, "export_package")
    if district.kind != "district":
        raise PollDeskError("not_a_district", "Only the district's data file can give out setup packages.")
    rows = district.conn.execute(
        "SELECT place_code, package_id, file, setup_code, issued FROM exchange_setup_codes"
        " WHERE ? IS NULL OR place_code = ? ORDER BY issued DESC, rowid DESC", (place_code, place_code))
    return [IssuedCode(*tuple(r)) for r in rows]


def load_setup_package(path: Path | str, station_file_path: Path | str, *, district_fingerprint: str,
                       setup_code: str | None, session: HasActor | None = None, clock: Clock = system_clock,
                       limits: Limits = DEFAULT_LIMITS, encrypt_for: Sequence[tuple[str, str]] | None = None,
                       recovery_public_key: bytes | None = None) -> DataFile:
    """Create the station file from a setup package signed by the district whose fingerprint is given.

    The signer is checked first (`not_our_district`), then the package is opened with `setup_code`
    (`wrong_setup_code` when it is missing or does not open it); no file is made before both hold.
    With `encrypt_for` (the station's first users and passwords) the station file is encrypted, and
    also opens with the district's recovery key named in the package (or `recovery_public_key`).
    """
    package = read_package(Path(path), limits)
    if package.kind != "district-setup":
        raise PackageRejected("wrong_kind", "This is not a setup package for a station.")
    if not same_fingerprint(package.public_key, district_fingerprint):
        raise PackageRejected("not_our_district", "The setup package is not signed by the district key on your "
                              "setup sheet (it was signed by {found}). Do not use it; call the district office.",
                              found=package.fingerprint)
    package = _opened_with_code(package, setup_code)
    unknown = sorted(set(package.tables) - set(SETUP_TABLES))
    missing = [t for t in ("election", "voting_places") if t not in package.tables]
    if unknown or missing:
        raise PackageRejected("bad_manifest", "The package's manifest is not one this program can read.")
    elections = package.tables["election"].rows
    if len(elections) != 1 or elections[0].get("id") != package.election_id \
            or elections[0].get("mode") != package.mode:
        raise PackageRejected("bad_manifest", "The package's manifest is not one this program can read.")
    if not any(r.get("code") == package.place_code for r in package.tables["voting_places"].rows):
        raise PackageRejected("unknown_station", "The package is for a voting place ({place}) that is not in "
                              "this election.", place=package.place_code)
    sealing_key = _district_sealing_key(package)
    if encrypt_for is not None and recovery_public_key is None:
        recovery_public_key = _recovery_key_of(package)
    station = create_data_file(station_file_path, kind="station", election_id=package.election_id,
                               place_code=package.place_code, encrypt_for=encrypt_for,
                               recovery_public_key=recovery_public_key)
    try:
        with transaction(station.conn) as conn:
            for table in SETUP_TABLES:
                _insert_rows(conn, table, package.tables.get(table, TableData([], [])))
            station_key = ensure_station_key(conn)
            conn.execute("INSERT INTO exchange_district_key(id, public_key, fingerprint, loaded) VALUES (1,?,?,?)",
                         (package.public_key, package.fingerprint, clock().isoformat(timespec="seconds")))
            store_district_sealing_key(conn, sealing_key, clock().isoformat(timespec="seconds"))
            append_event(conn, session or SYSTEM, "setup_loaded",
                         {"package_id": package.package_id, "place_code": package.place_code,
                          "district_fingerprint": package.fingerprint, "station_fingerprint": fingerprint(station_key),
                          "voters": len(package.tables.get("voters", TableData([], [])).rows)}, clock=clock)
        build_lookup_index(station.conn)
    except BaseException:
        station.close()
        for suffix in ("", "-wal", "-shm", ".keys"):
            Path(f"{station.path}{suffix}").unlink(missing_ok=True)
        raise
    return station


def _opened_with_code(package: Package, setup_code: str | None) -> Package:
    """The package's tables opened with the setup code from the setup sheet, or PackageRejected."""
    entries = package.manifest["entries"]
    if package.manifest["sealed_to"] != SEALED_WITH_SETUP_CODE or not all(e["sealed"] for e in entries):
        raise PackageRejected("setup_not_sealed", "This setup package is not protected by a setup code (it was made "
                              "by an older PollDesk). Do not use it; ask the district office for a new one.")
    if setup_code is None or not setup_code.strip():
        raise PackageRejected("wrong_setup_code", "This setup package is locked with a setup code. Type the setup "
                              "code printed on the setup sheet.")
    if normalise_setup_code(setup_code) is None:
        raise PackageRejected("wrong_setup_code", "A setup code is 20 letters and digits in groups of 4 (such as "
                              "K7QM-2XPD-…). Check the setup code on the setup sheet and type it again.")
    try:
        sealer = CodeSealer.for_manifest(setup_code, package.manifest["extra"].get("setup_code"))
    except ValueError as exc:
        raise PackageRejected("bad_manifest", "The package's manifest is not one this program can read.") from exc

    def open_entry(entry: dict[str, Any], sealed: bytes) -> bytes:
        try:
            return sealer.open(sealed, seal_context(package.manifest, entry["table"]))
        except SealError as exc:    # the bytes are the signed ones (hash checked): the code is not this package's
            raise PackageRejected("wrong_setup_code", "This setup code does not open this setup package. Check the "
                                  "setup code on the setup sheet that came with this package and type it "
                                  "again.") from exc

    return unseal_tables(package, open_entry)


def _recovery_extra(district: DataFile) -> dict[str, str]:
    """The district's recovery public key for the manifest, when its file has one."""
    from app.election.station import district_recovery_key

    key = district_recovery_key(district)
    return {} if key is None else {"district_recovery_key": base64.b64encode(key).decode("ascii")}


def _recovery_key_of(package: Package) -> bytes | None:
    """The recovery public key named in the signed manifest (None when the district has none)."""
    text = package.manifest["extra"].get("district_recovery_key")
    if text is None:
        return None
    try:
        key = base64.b64decode(str(text), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise PackageRejected("bad_manifest", "The package's manifest is not one this program can read.") from exc
    if len(key) != 32:
        raise PackageRejected("bad_manifest", "The package's manifest is not one this program can read.")
    return key


def _district_sealing_key(package: Package) -> bytes:
    """The district's public sealing key from the signed manifest, or PackageRejected."""
    text = package.manifest["extra"].get("district_sealing_key")
    try:
        key = base64.b64decode(text, validate=True) if isinstance(text, str) else b""
    except binascii.Error:
        key = b""
    if len(key) != 32:
        raise PackageRejected("bad_manifest", "The package's manifest is not one this program can read.")
    return key


def _insert_rows(conn: sqlite3.Connection, table: str, data: TableData) -> None:
    columns = set(table_columns(conn, table))
    for row in data.rows:
        if not set(row) <= columns:
            raise PackageRejected("bad_manifest", "The package's manifest is not one this program can read.")
        names = list(row)
        try:
            conn.execute(f"INSERT INTO {table}({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                         [decode_value(row[n]) for n in names])
        except (sqlite3.Error, ValueError) as exc:
            raise PackageRejected("bad_setup", "The setup package's {table} do not fit together; ask the district "
                                  "office for a new one.", table=table) from exc
