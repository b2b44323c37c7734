"""The key file (`<data file>.keys`, 密钥文件): who may unlock an encrypted data file, readable before it is.

Format (JSON, UTF-8, written temp -> fsync -> rename):

    {"format": "polldesk-keys", "format_version": 1, "cipher": "sqlcipher4",
     "file_id": "<32 hex>", "election_id": "...", "kind": "station", "place_code": "C01-Z",
     "users": {"<name>": {"public_key": "<b64 X25519>", "kdf": {"algorithm": "argon2id", "time_cost": 3,
                          "memory_cost": 65536, "parallelism": 4, "salt": "<b64>"},
                          "private_key": "<b64 nonce|AES-GCM>", "file_key": "<b64 sealed>"}},
     "recovery": {"public_key": "<b64>", "file_key": "<b64 sealed>"},       (optional)
     "next": {"users": {"<name>": "<b64 sealed>"}, "recovery": "<b64>"}}     (only mid-rotation)

The 256-bit file key is never stored in clear: it is sealed (app.vault.sealing) to each user's public
key and to the district's recovery key. Every wrap and seal is bound to file_id, election, kind, place
and user, so the clear fields cannot be edited and an entry cannot be moved to another file or user.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import DataFileError
from app.vault.sealing import SealError, open_sealed, seal_for_district
from app.vault.wrapping import b64, new_user_keys, unb64, unwrap_private_key, wrap_private_key

FORMAT = "polldesk-keys"
FORMAT_VERSION = 1
SUFFIX = ".keys"


@dataclass(frozen=True)
class Unlock:
    """What opens an encrypted data file: a user's name and password, or the district's recovery key."""

    user: str | None = None
    password: str | None = field(default=None, repr=False)
    recovery_key: bytes | None = field(default=None, repr=False)

    @classmethod
    def with_password(cls, user: str, password: str) -> Unlock:
        """Unlock as a user (the same name and password as for signing in)."""
        return cls(user=user, password=password)

    @classmethod
    def with_recovery_key(cls, private_key: bytes) -> Unlock:
        """Unlock with the district's raw X25519 recovery private key."""
        return cls(recovery_key=private_key)


def keys_path(path: Path | str) -> Path:
    """Where a data file's key file lives: next to it, `<name>.keys`."""
    path = Path(path)
    return path.with_name(path.name + SUFFIX)


def is_encrypted(path: Path | str) -> bool:
    """Whether a data file has a key file (and so is encrypted)."""
    return keys_path(path).is_file()


def normal_user(name: str) -> str:
    """A user name as app.auth stores it (NFKC, trimmed)."""
    return unicodedata.normalize("NFKC", name).strip()


def new_keys(file_key: bytes, *, election_id: str, kind: str, place_code: str | None,
             users: list[tuple[str, str]], recovery_public_key: bytes | None) -> dict[str, Any]:
    """A key file for a new data file, with an entry for each (user, password) and the recovery key."""
    doc: dict[str, Any] = {"format": FORMAT, "format_version": FORMAT_VERSION, "cipher": "sqlcipher4",
                           "file_id": secrets.token_hex(16), "election_id": election_id, "kind": kind,
                           "place_code": place_code, "users": {}}
    for user, password in users:
        grant(doc, file_key, user, password)
    if recovery_public_key is not None:
        doc["recovery"] = {"public_key": b64(recovery_public_key),
                           "file_key": b64(seal_for_district(file_key, recovery_public_key, _context(doc, "recovery")))}
    return doc


def grant(doc: dict[str, Any], file_key: bytes, user: str, password: str) -> None:
    """Give `user` (new, or with a forgotten password) access to the file with `password`."""
    user = normal_user(user)
    public, entry = new_user_keys(password, _context(doc, "user", user))
    entry["file_key"] = b64(seal_for_district(file_key, public, _context(doc, "file-key", user)))
    doc["users"][user] = entry


def revoke(doc: dict[str, Any], user: str) -> bool:
    """Delete `user`'s entry; False when there was none."""
    return doc["users"].pop(normal_user(user), None) is not None


def rewrap(doc: dict[str, Any], user: str, old_password: str, new_password: str) -> bool:
    """Re-wrap `user`'s private key under a new password (file key and data untouched); False if refused."""
    user = normal_user(user)
    entry = doc["users"].get(user)
    context = _context(doc, "user", user)
    private = None if entry is None else unwrap_private_key(entry, old_password, context)
    if entry is None or private is None:
        return False
    entry.update(wrap_private_key(private, new_password, context))
    return True


def file_keys(doc: dict[str, Any], unlock: Unlock, path: Path) -> list[bytes]:
    """The file key the unlock opens, then (mid-rotation only) the next one; refused with a clear error."""
    try:
        if unlock.recovery_key is not None:
            return _recovery_keys(doc, unlock.recovery_key, path)
        return _user_keys(doc, unlock, path)
    except (KeyError, TypeError, ValueError, SealError) as exc:
        raise _damaged(path) from exc


def begin_rotation(doc: dict[str, Any], new_key: bytes) -> None:
    """Seal `new_key` for every remaining user and the recovery key, beside the current key."""
    nxt: dict[str, Any] = {"users": {}}
    for user, entry in doc["users"].items():
        public = unb64(entry["public_key"])
        nxt["users"][user] = b64(seal_for_district(new_key, public, _context(doc, "next-key", user)))
    if "recovery" in doc:
        nxt["recovery"] = b64(seal_for_district(new_key, unb64(doc["recovery"]["public_key"]),
                                                _context(doc, "next-recovery")))
    doc["next"] = nxt


def finish_rotation(doc: dict[str, Any], new_key: bytes) -> None:
    """Make the next key the file key (re-sealed under the ordinary contexts) and drop the old one."""
    doc.pop("next", None)
    for user, entry in doc["users"].items():
        entry["file_key"] = b64(seal_for_district(new_key, unb64(entry["public_key"]),
                                                  _context(doc, "file-key", user)))
    if "recovery" in doc:
        doc["recovery"]["file_key"] = b64(seal_for_district(new_key, unb64(doc["recovery"]["public_key"]),
                                                            _context(doc, "recovery")))


def read_keys(path: Path | str) -> dict[str, Any]:
    """The key file of data file `path`, checked for its format."""
    keys = keys_path(path)
    try:
        doc = json.loads(keys.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise _damaged(Path(path)) from exc
    if (not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("users"), dict)
            or not isinstance(doc.get("file_id"), str) or not isinstance(doc.get("election_id"), str)):
        raise _damaged(Path(path))
    if doc.get("format_version") != FORMAT_VERSION:
        raise DataFileError("keys_too_new", "The key file {keys} was written by another version of PollDesk.",
                            keys=str(keys))
    return doc


def write_keys(path: Path | str, doc: dict[str, Any]) -> Path:
    """Write the key file of data file `path` atomically (temp file, fsync, rename, fsync the folder)."""
    target = keys_path(path)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, indent=1, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    if os.name == "posix":
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    return target


def _user_keys(doc: dict[str, Any], unlock: Unlock, path: Path) -> list[bytes]:
    user = normal_user(unlock.user or "")
    entry = doc["users"].get(user)
    private = None
    if entry is not None and unlock.password is not None:
        private = unwrap_private_key(entry, unlock.password, _context(doc, "user", user))
    if private is None:
        raise DataFileError("unlock_refused", "The name or password does not open {path}. Nothing was opened.",
                            path=str(path))
    keys = [open_sealed(unb64(entry["file_key"]), private, _context(doc, "file-key", user))]
    if "next" in doc and user in doc["next"]["users"]:
        keys.append(open_sealed(unb64(doc["next"]["users"][user]), private, _context(doc, "next-key", user)))
    return keys


def _recovery_keys(doc: dict[str, Any], private: bytes, path: Path) -> list[bytes]:
    from app.vault.sealing import public_key_of

    recovery = doc.get("recovery")
    if recovery is None:
        raise DataFileError("no_recovery_entry", "{path} was not made with a recovery key, so a recovery key "
                            "cannot open it.", path=str(path))
    if len(private) != 32 or unb64(recovery["public_key"]) != public_key_of(private):
        raise DataFileError("recovery_key_mismatch", "This recovery key does not open {path}: it belongs to "
                            "another district or election. Nothing was opened.", path=str(path))
    keys = [open_sealed(unb64(recovery["file_key"]), private, _context(doc, "recovery"))]
    if "next" in doc and "recovery" in doc["next"]:
        keys.append(open_sealed(unb64(doc["next"]["recovery"]), private, _context(doc, "next-recovery")))
    return keys


def _context(doc: dict[str, Any], purpose: str, user: str = "") -> bytes:
    parts = ("polldesk-keys/1", doc["file_id"], doc["election_id"], doc["kind"], doc.get("place_code") or "",
             purpose, user)
    return "|".join(parts).encode("utf-8")


def _damaged(path: Path) -> DataFileError:
    return DataFileError("keys_unreadable", "The key file {keys} is damaged or is not a PollDesk key file. "
                         "Copy it again from the backup stick.", keys=str(keys_path(path)))
