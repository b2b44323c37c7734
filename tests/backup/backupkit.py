"""Who acts in the backup tests, and how they unlock a backup when the suite runs on encrypted files."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.audit import Actor
from app.db import DataFile, Unlock
from app.vault.keyfile import keys_path
from tests.vault.encrypted_suite import TEST_PASSWORD, TEST_USER

CLERK = Actor("clerk1", "clerk")
CHIEF = Actor("chief1", "chief")


def unlock_of(df: DataFile) -> Unlock | None:
    """The unlock that opens `df`'s backups: the encrypted suite's user (None for an unencrypted file)."""
    return Unlock.with_password(TEST_USER, TEST_PASSWORD) if df.encrypted else None


def backup_files(df: DataFile, copy: Path) -> list[str]:
    """The names a copy of `df` stands under: the copy, and its key file when `df` is encrypted."""
    return sorted([copy.name, *([keys_path(copy).name] if df.encrypted else [])])


def cli_unlock(df: DataFile, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The `--user` arguments (password in POLLDESK_PASSWORD) that open `df` from the command line."""
    if not df.encrypted:
        return []
    monkeypatch.setenv("POLLDESK_PASSWORD", TEST_PASSWORD)
    return ["--user", TEST_USER]


