"""One-time setup codes (初始设置码): a typed code that seals a setup package, argon2id + HKDF + AES-256-GCM.

A setup code is 20 Crockford base32 characters (100 random bits) in groups of 4, `K7QM-2XPD-9R4T-…`,
printed on the district's setup sheet. Typing is forgiving as Crockford's is: case, spaces and dashes do
not count, O reads as 0, I and L as 1 (U is not a code character). The package key is
argon2id(code, salt): the code is high-entropy, so a moderate cost is enough to make each guess dear.
Each entry gets its own AES key, HKDF(package key, info = its context), so a blob moved to another
entry or package does not open there. A sealed blob is `PDC1 | nonce (12) | ciphertext+tag`.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.vault.sealing import SealError

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"     # Crockford base32: no I, L, O, U
CODE_LENGTH = 20                                  # 100 bits
GROUP = 4
SEALED_WITH_SETUP_CODE = "setup-code"             # what a package's `sealed_to` says when a setup code seals it
MAGIC = b"PDC1"
_HEADER = len(MAGIC) + 12
_INFO = b"polldesk-setup-code/1|"
_SALT_BYTES = 16
_READS_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−_.·]")


@dataclass(frozen=True)
class CodeCost:
    """argon2id cost of a package key: OWASP's smallest argon2id setting, enough for a 100-bit code."""

    time_cost: int = 2
    memory_cost: int = 19456    # KiB (19 MiB)
    parallelism: int = 1


COST = CodeCost()
_MAX = CodeCost(time_cost=10, memory_cost=256 * 1024, parallelism=8)    # what a package may ask of a reader


def new_setup_code() -> str:
    """A fresh random setup code, grouped for print: `XXXX-XXXX-XXXX-XXXX-XXXX`."""
    return format_setup_code("".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH)))


def format_setup_code(code: str) -> str:
    """A setup code in its printed form (groups of 4 joined by dashes)."""
    clean = normalise_setup_code(code)
    if clean is None:
        raise ValueError("not a setup code")
    return "-".join(clean[i:i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def normalise_setup_code(typed: str) -> str | None:
    """The 20 code characters of what was typed (case, spaces, dashes, O/0 and I/L/1 forgiven), or None."""
    text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", typed)).upper().translate(_READS_AS)
    if len(text) != CODE_LENGTH or any(c not in ALPHABET for c in text):
        return None
    return text


class CodeSealer:
    """Seals and opens a package's entries with the key of one setup code and one salt."""

    def __init__(self, code: str, salt: bytes, cost: CodeCost = COST) -> None:
        clean = normalise_setup_code(code)
        if clean is None:
            raise ValueError("not a setup code")
        self.salt, self.cost = salt, cost
        self._key = hash_secret_raw(clean.encode("ascii"), salt, time_cost=cost.time_cost,
                                    memory_cost=cost.memory_cost, parallelism=cost.parallelism,
                                    hash_len=32, type=Type.ID)

    @classmethod
    def new(cls, code: str) -> CodeSealer:
        """A sealer for a new package: a fresh random salt, today's cost."""
        return cls(code, os.urandom(_SALT_BYTES))

    @classmethod
    def for_manifest(cls, code: str, kdf: object) -> CodeSealer:
        """The sealer named by a manifest's `kdf` fields; ValueError when they are not ones this program makes."""
        if not isinstance(kdf, dict) or kdf.get("algorithm") != "argon2id":
            raise ValueError("unknown key derivation")
        values = [kdf.get(k) for k in ("time_cost", "memory_cost", "parallelism")]
        numbers = [v for v in values if type(v) is int]
        if len(numbers) != len(values):
            raise ValueError("bad cost")
        cost = CodeCost(*numbers)
        if not (1 <= cost.time_cost <= _MAX.time_cost and 1 <= cost.parallelism <= _MAX.parallelism
                and 8 * cost.parallelism <= cost.memory_cost <= _MAX.memory_cost):
            raise ValueError("cost out of bounds")
        try:
            salt = base64.b64decode(str(kdf.get("salt")), validate=True)
        except binascii.Error as exc:
            raise ValueError("bad salt") from exc
        if len(salt) != _SALT_BYTES:
            raise ValueError("bad salt")
        return cls(code, salt, cost)

    def kdf(self) -> dict[str, Any]:
        """The manifest's record of how the key is derived (the salt and cost; never the code)."""
        return {"algorithm": "argon2id", "time_cost": self.cost.time_cost, "memory_cost": self.cost.memory_cost,
                "parallelism": self.cost.parallelism, "salt": base64.b64encode(self.salt).decode("ascii")}

    def seal(self, data: bytes, context: bytes = b"") -> bytes:
        """`data` sealed with the code's key, bound to `context`."""
        nonce = os.urandom(12)
        header = MAGIC + nonce
        return header + AESGCM(self._entry_key(context)).encrypt(nonce, data, header)

    def open(self, data: bytes, context: bytes = b"") -> bytes:
        """The bytes sealed with this code and `context`, or SealError (another code, place, or changed)."""
        if len(data) < _HEADER + 16 or not data.startswith(MAGIC):
            raise SealError("sealed_unreadable", "The protected data is damaged or is not PollDesk sealed data.")
        try:
            return AESGCM(self._entry_key(context)).decrypt(data[4:_HEADER], data[_HEADER:], data[:_HEADER])
        except InvalidTag as exc:
            raise SealError("sealed_wrong_key", "This key cannot open the protected data: it was sealed for "
                            "another district or election, or it was changed.") from exc

    def _entry_key(self, context: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=self.salt, info=_INFO + context).derive(self._key)
