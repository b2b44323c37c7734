"""Encryption at rest (数据加密): key files, per-user key wrapping, district recovery and sealed exports.

This package's own top level imports nothing from app.db (app.db imports `app.vault.keyfile`);
modules that work on open data files (access, recovery, copies, cli_open) are imported by name.
"""

from app.vault.keyfile import Unlock, is_encrypted, keys_path
from app.vault.sealing import SealError, open_sealed, seal_for_district

__all__ = ["SealError", "Unlock", "is_encrypted", "keys_path", "open_sealed", "seal_for_district"]
