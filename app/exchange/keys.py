"""Ed25519 signing keys of stations and the district, and their printed fingerprints (公钥指纹).

Each file holds one key of its own (`exchange_own_key`): a station's is made when its setup is loaded
(or on its first export), the district's on its first setup export. The fingerprint is SHA-256 of the
raw 32-byte public key in 16 groups of 4 hex characters; it is printed on the district's setup sheet
and on the station's result record, so a person can compare what a program shows with paper.

Beside its signing key the district has an X25519 sealing key (`exchange_own_sealing_key`): stations
seal the personal data of their result packages to its public half, which reaches them in the signed
setup package (or `carry_sealing_key` when the district makes the station file itself).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from app.audit import joined_transaction
from app.errors import PollDeskError
from app.vault.sealing import new_key_pair

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def fingerprint(public_key: bytes) -> str:
    """SHA-256 of a raw public key as 16 groups of 4 hex characters: `3f2a 9c01 ...`."""
    digest = hashlib.sha256(public_key).hexdigest()
    return " ".join(digest[i:i + 4] for i in range(0, 64, 4))


def normalise_fingerprint(text: str) -> str:
    """A typed fingerprint without spaces, dashes or colons, lowercase; refused unless 64 hex digits."""
    clean = re.sub(r"[\s\-:：]", "", str(text)).lower()
    if not _HEX64.match(clean):
        raise PollDeskError(
            "bad_fingerprint",
            "A key fingerprint is 64 characters 0-9 and a-f (16 groups of 4); check what was typed.")
    return clean


def same_fingerprint(public_key: bytes, typed: str) -> bool:
    """Whether a typed or printed fingerprint is the one of `public_key`."""
    return fingerprint(public_key).replace(" ", "") == normalise_fingerprint(typed)


def _ensure_key(conn: sqlite3.Connection, role: str) -> bytes:
    with joined_transaction(conn):
        row = conn.execute("SELECT role, public_key FROM exchange_own_key WHERE id = 1").fetchone()
        if row is not None:
            if row["role"] != role:
                raise PollDeskError("wrong_key_role", "This file holds a {found} key, not a {wanted} key.",
                                    found=row["role"], wanted=role)
            return bytes(row["public_key"])
        private = Ed25519PrivateKey.generate()
        raw_private = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        conn.execute("INSERT INTO exchange_own_key(id, role, private_key, public_key, created) VALUES (1,?,?,?,?)",
                     (role, raw_private, public, datetime.now(UTC).isoformat(timespec="seconds")))
        return public


def ensure_station_key(conn: sqlite3.Connection) -> bytes:
    """The station's public key, creating its key pair on first use."""
    return _ensure_key(conn, "station")


def ensure_district_key(conn: sqlite3.Connection) -> bytes:
    """The district's public key, creating its key pair on first use."""
    return _ensure_key(conn, "district")


def own_public_key(conn: sqlite3.Connection) -> bytes | None:
    """This file's public key, or None when it has none yet."""
    row = conn.execute("SELECT public_key FROM exchange_own_key WHERE id = 1").fetchone()
    return bytes(row[0]) if row else None


def station_fingerprint(conn: sqlite3.Connection) -> str:
    """The fingerprint to print on the station's result record (选举结果报告单), creating the key if needed."""
    return fingerprint(ensure_station_key(conn))


def district_fingerprint(conn: sqlite3.Connection) -> str:
    """The fingerprint to print on the district's setup sheet, creating the key if needed."""
    return fingerprint(ensure_district_key(conn))


def sign(conn: sqlite3.Connection, data: bytes) -> tuple[bytes, bytes]:
    """(signature, public key) of `data` under this file's own key."""
    row = conn.execute("SELECT private_key, public_key FROM exchange_own_key WHERE id = 1").fetchone()
    if row is None:
        raise LookupError("this data file has no signing key")
    private = Ed25519PrivateKey.from_private_bytes(bytes(row["private_key"]))
    return private.sign(data), bytes(row["public_key"])


def signature_is_valid(public_key: bytes, signature: bytes, data: bytes) -> bool:
    """Whether `signature` is a valid Ed25519 signature of `data` by `public_key`."""
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def _file_kind(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM file_meta WHERE key = 'kind'").fetchone()
    return str(row[0]) if row else None


def ensure_district_sealing_key(conn: sqlite3.Connection) -> bytes:
    """The district's public X25519 sealing key (密封公钥), creating its key pair on first use."""
    if _file_kind(conn) != "district":
        raise PollDeskError("not_a_district", "Only the district's data file holds the key that opens stations' "
                            "packages.")
    with joined_transaction(conn):
        row = conn.execute("SELECT public_key FROM exchange_own_sealing_key WHERE id = 1").fetchone()
        if row is not None:
            return bytes(row[0])
        private, public = new_key_pair()
        conn.execute("INSERT INTO exchange_own_sealing_key(id, private_key, public_key, created) VALUES (1,?,?,?)",
                     (private, public, datetime.now(UTC).isoformat(timespec="seconds")))
        return public


def district_sealing_private_key(conn: sqlite3.Connection) -> bytes | None:
    """The district's private sealing key, or None when it never made one (so no package is sealed to it)."""
    row = conn.execute("SELECT private_key FROM exchange_own_sealing_key WHERE id = 1").fetchone()
    return bytes(row[0]) if row else None


def store_district_sealing_key(station: sqlite3.Connection, public_key: bytes, loaded: str) -> None:
    """Keep the district's public sealing key in a station file (replacing an earlier one)."""
    if len(public_key) != 32:
        raise ValueError("an X25519 public key is 32 bytes")
    with joined_transaction(station):
        station.execute("INSERT INTO exchange_district_sealing_key(id, public_key, fingerprint, loaded) VALUES"
                        " (1,?,?,?) ON CONFLICT(id) DO UPDATE SET public_key = excluded.public_key,"
                        " fingerprint = excluded.fingerprint, loaded = excluded.loaded",
                        (public_key, fingerprint(public_key), loaded))


def carry_sealing_key(district: sqlite3.Connection, station: sqlite3.Connection) -> bytes:
    """Give a station file the district's public sealing key (for station files the district makes directly)."""
    public_key = ensure_district_sealing_key(district)
    if _file_kind(station) != "station":
        raise PollDeskError("not_a_station", "Only a station's data file can export a result package.")
    store_district_sealing_key(station, public_key, datetime.now(UTC).isoformat(timespec="seconds"))
    return public_key


def station_sealing_key(conn: sqlite3.Connection) -> bytes | None:
    """The district's public sealing key as a station file holds it, or None."""
    row = conn.execute("SELECT public_key FROM exchange_district_sealing_key WHERE id = 1").fetchone()
    return bytes(row[0]) if row else None
