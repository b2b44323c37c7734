"""Keeping ID numbers out of the data: the register key, keyed hashes, voter-card codes.

The district creates a random 32-byte register key once per election (`ensure_register_key`). It
never leaves the district file except inside a station's signed setup. ID numbers are stored only
as HMAC-SHA256(key, 18-character number) and in masked form, so the same person can be found
across the district and looked up by the whole number, but the number cannot be read back.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import sqlite3
from datetime import UTC, datetime

from app.register.idnumber import normalise, upgrade_15

CARD_PREFIX = "PD1"
_CARD = re.compile(r"^PD1-(\d{1,10})-([0-9A-F]{8})$")


def ensure_register_key(conn: sqlite3.Connection) -> bytes:
    """The file's register key, created on first use."""
    row = conn.execute("SELECT key FROM register_key WHERE id = 1").fetchone()
    if row is not None:
        return bytes(row[0])
    key = secrets.token_bytes(32)
    conn.execute("INSERT INTO register_key(id, key, created) VALUES (1, ?, ?)",
                 (key, datetime.now(UTC).isoformat(timespec="seconds")))
    return key


def register_key(conn: sqlite3.Connection) -> bytes:
    """The file's register key (a LookupError when the file has none)."""
    row = conn.execute("SELECT key FROM register_key WHERE id = 1").fetchone()
    if row is None:
        raise LookupError("this data file has no register key")
    return bytes(row[0])


def id_hash(key: bytes, id_number: str) -> str:
    """The keyed hash stored instead of an ID number (15-digit numbers hash as their 18-digit form)."""
    n = normalise(id_number)
    if len(n) == 15 and n.isdigit():
        n = upgrade_15(n)
    return hmac.new(key, n.encode("ascii", "replace"), hashlib.sha256).hexdigest()


class IdHasher:
    """`id_hash` of many normalised 18-character numbers: HMAC-SHA256 with the key's padded states worked out once."""

    def __init__(self, key: bytes) -> None:
        block = hashlib.sha256().block_size
        key = (hashlib.sha256(key).digest() if len(key) > block else key).ljust(block, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))   # RFC 2104: H(K ^ opad, H(K ^ ipad, m))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))

    def __call__(self, number: str) -> str:
        """The keyed hash of an already normalised 18-character number (as `id_hash` gives it)."""
        inner = self._inner.copy()
        inner.update(number.encode("ascii", "replace"))
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()


def card_payload(key: bytes, election_id: str, voter_id: int) -> str:
    """The QR payload printed on a voter card (选民证): PD1-<voter id>-<8-char code>.

    Scanner friendly (digits, capitals, '-'); the code ties the card to this election and voter.
    """
    return f"{CARD_PREFIX}-{voter_id}-{_card_code(key, election_id, voter_id)}"


def parse_card_payload(key: bytes, election_id: str, text: str) -> int | None:
    """The voter id of a genuine card of this election, or None for anything else."""
    match = _CARD.match(normalise(text))
    if not match:
        return None
    voter_id = int(match.group(1))
    if not hmac.compare_digest(match.group(2), _card_code(key, election_id, voter_id)):
        return None
    return voter_id


def looks_like_card(text: str) -> bool:
    """True when the text has the shape of a voter-card payload (genuine or not)."""
    return bool(_CARD.match(normalise(text)))


def _card_code(key: bytes, election_id: str, voter_id: int) -> str:
    mac = hmac.new(key, f"card|{election_id}|{voter_id}".encode(), hashlib.sha256)
    return mac.hexdigest()[:8].upper()
