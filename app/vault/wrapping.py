"""A user's key entry: an X25519 key pair whose private half is wrapped by a key derived from the password.

The wrapping key is argon2id(password, salt) (argon2-cffi `hash_secret_raw`, 32 bytes); the private key is
encrypted with AES-256-GCM under it, bound to the entry's context (file and user). The data file's key is
sealed to the user's public key, so a chief can re-seal a new file key for every user without knowing
their passwords, and a password change re-wraps only that user's private key.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.vault.sealing import new_key_pair


@dataclass(frozen=True)
class KdfCost:
    """argon2id cost of a wrapping key (the same defaults as the sign-in hashes: RFC 9106 low-memory)."""

    time_cost: int = 3
    memory_cost: int = 65536   # KiB
    parallelism: int = 4


_cost = KdfCost()


def set_kdf_cost(cost: KdfCost) -> KdfCost:
    """Use another argon2id cost for new entries (tests lower it); returns the previous one."""
    global _cost
    previous, _cost = _cost, cost
    return previous


def b64(data: bytes) -> str:
    """Bytes as base64 text for the key file."""
    return base64.b64encode(data).decode("ascii")


def unb64(text: object) -> bytes:
    """Base64 text from the key file as bytes (ValueError when it is not)."""
    return base64.b64decode(str(text), validate=True)


def wrap_private_key(private_key: bytes, password: str, context: bytes) -> dict[str, Any]:
    """The `kdf` and `private_key` fields of an entry: `private_key` wrapped under the password."""
    salt = os.urandom(16)
    kek = _kek(password, salt, _cost)
    nonce = os.urandom(12)
    return {"kdf": {"algorithm": "argon2id", "time_cost": _cost.time_cost, "memory_cost": _cost.memory_cost,
                    "parallelism": _cost.parallelism, "salt": b64(salt)},
            "private_key": b64(nonce + AESGCM(kek).encrypt(nonce, private_key, context))}


def unwrap_private_key(entry: dict[str, Any], password: str, context: bytes) -> bytes | None:
    """The private key of an entry, or None when the password (or the context) is not the right one."""
    kdf = entry["kdf"]
    if kdf.get("algorithm") != "argon2id":
        return None
    cost = KdfCost(int(kdf["time_cost"]), int(kdf["memory_cost"]), int(kdf["parallelism"]))
    kek = _kek(password, unb64(kdf["salt"]), cost)
    blob = unb64(entry["private_key"])
    try:
        return AESGCM(kek).decrypt(blob[:12], blob[12:], context)
    except InvalidTag:
        return None


def new_user_keys(password: str, context: bytes) -> tuple[bytes, dict[str, Any]]:
    """A new key pair for a user: (public key, entry fields with the private key wrapped)."""
    private, public = new_key_pair()
    return public, {"public_key": b64(public), **wrap_private_key(private, password, context)}


def _kek(password: str, salt: bytes, cost: KdfCost) -> bytes:
    return hash_secret_raw(password.encode("utf-8"), salt, time_cost=cost.time_cost, memory_cost=cost.memory_cost,
                           parallelism=cost.parallelism, hash_len=32, type=Type.ID)
