"""Test helpers for data files on disk: a copy keeps its key file, so an encrypted file opens as before."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from app.vault.keyfile import keys_path


def copy_data_file(source: Path | str, dest: Path | str) -> Path:
    """Copy a closed data file, with its key file when it is encrypted."""
    source, dest = Path(source), Path(dest)
    shutil.copy(source, dest)
    if keys_path(source).exists():
        shutil.copy(keys_path(source), keys_path(dest))
    return dest


ROOT = Path(__file__).resolve().parents[1]
ENCRYPTED_RUN = "POLLDESK_TEST_ENCRYPTED_RUN"      # set by tests/vault/encrypted_suite.py
_ENCRYPTED_CLI = ("import sys; sys.path.insert(0, {root!r}); from tests.vault.encrypted_suite import encrypt_by_default; "
                  "encrypt_by_default(); from app.cli import main; sys.exit(main(sys.argv[1:]))")


def polldesk_command() -> list[str]:
    """How a test runs `polldesk` in a subprocess; in the encrypted run, with that run's default keys."""
    if os.environ.get(ENCRYPTED_RUN):
        return [sys.executable, "-c", _ENCRYPTED_CLI.format(root=str(ROOT))]
    return [sys.executable, "-m", "app.cli"]
