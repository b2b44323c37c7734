"""Sealing bytes to an X25519 public key (密封): ephemeral X25519 + HKDF-SHA256 + AES-256-GCM, ECIES-style.

A sealed blob is `PDS1 | ephemeral public key (32) | nonce (12) | ciphertext+tag`. Only the holder of
the recipient's private key can open it; `context` (e.g. a package entry name or a key file's identity)
is bound into the derived key, so a blob moved to another place does not open there.

Several blobs for one recipient (a package's tables) may share one ephemeral key (`Sealer`): each still
has its own context, so its own AES key, and its own random nonce; the byte format is the same. The
recipient's `Opener` then does the X25519 exchange once per ephemeral key instead of once per blob.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from app.errors import PollDeskError

MAGIC = b"PDS1"
_INFO = b"polldesk-seal/1|"
_HEADER = len(MAGIC) + 32 + 12


class SealError(PollDeskError):
    """Sealed data that this key cannot open (another recipient's, or changed)."""


def new_key_pair() -> tuple[bytes, bytes]:
    """A fresh X25519 key pair as raw bytes: (private, public)."""
    private = X25519PrivateKey.generate()
    return _raw_private(private), public_key_of(_raw_private(private))


def public_key_of(private_key: bytes) -> bytes:
    """The raw public key of a raw X25519 private key."""
    return X25519PrivateKey.from_private_bytes(private_key).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def seal_for_district(data: bytes, district_public_key: bytes, context: bytes = b"") -> bytes:
    """`data` sealed so that only the holder of the private key of `district_public_key` can read it."""
    return Sealer(district_public_key).seal(data, context)


def open_sealed(data: bytes, district_private_key: bytes, context: bytes = b"") -> bytes:
    """The bytes sealed by `seal_for_district`, or SealError when this key or context does not open them."""
    return Opener(district_private_key).open(data, context)


class Sealer:
    """Seals any number of blobs to one recipient with one ephemeral key (one X25519 exchange in all)."""

    def __init__(self, district_public_key: bytes) -> None:
        ephemeral = X25519PrivateKey.generate()
        self._recipient = district_public_key
        self._ephemeral_public = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self._shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(district_public_key))

    def seal(self, data: bytes, context: bytes = b"") -> bytes:
        """`data` sealed to the recipient, bound to `context`."""
        key = _derive(self._shared, self._ephemeral_public, self._recipient, context)
        nonce = os.urandom(12)
        header = MAGIC + self._ephemeral_public + nonce
        return header + AESGCM(key).encrypt(nonce, data, header)


class Opener:
    """Opens blobs sealed to one private key; the exchange with each ephemeral key is done once and kept."""

    def __init__(self, district_private_key: bytes) -> None:
        self._private = X25519PrivateKey.from_private_bytes(district_private_key)
        self._public = self._private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self._shared: dict[bytes, bytes] = {}

    def open(self, data: bytes, context: bytes = b"") -> bytes:
        """The bytes sealed to this key with `context`, or SealError."""
        if len(data) < _HEADER + 16 or not data.startswith(MAGIC):
            raise SealError("sealed_unreadable", "The protected data is damaged or is not PollDesk sealed data.")
        ephemeral_public, nonce = data[4:36], data[36:48]
        try:
            shared = self._shared.get(ephemeral_public)
            if shared is None:
                shared = self._private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
                if len(self._shared) < 64:      # a package has at most that many entries
                    self._shared[ephemeral_public] = shared
            key = _derive(shared, ephemeral_public, self._public, context)
            return AESGCM(key).decrypt(nonce, data[_HEADER:], data[:_HEADER])
        except (InvalidTag, ValueError) as exc:
            raise SealError("sealed_wrong_key", "This key cannot open the protected data: it was sealed for "
                            "another district or election, or it was changed.") from exc


def _derive(shared: bytes, ephemeral_public: bytes, recipient_public: bytes, context: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral_public + recipient_public,
                info=_INFO + context)
    return hkdf.derive(shared)


def _raw_private(private: X25519PrivateKey) -> bytes:
    return private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
