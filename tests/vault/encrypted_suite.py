"""A pytest plugin that runs the suite on encrypted data files: `pytest -p tests.vault.encrypted_suite`.

Every `create_data_file` without `encrypt_for` encrypts for the test user, and every `open_data_file`
without `unlock` unlocks as that user (app.db.datafile.use_encryption_by_default), with cheap argon2;
a command without `--user` opens files as that user too. Tests marked `plain_files` (they read a
file's bytes, write it with another SQLite, or are about unencrypted files) are skipped, and the
folders in NOT_AGAIN are not collected. scripts/test.sh runs the suite once plain, then this way.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.db.datafile import use_encryption_by_default
from app.vault.wrapping import KdfCost, set_kdf_cost
from tests.datafiles import ENCRYPTED_RUN

TEST_USER, TEST_PASSWORD = "suite-chief", "suite-password-2011"


def encrypt_by_default() -> None:
    """New files encrypted for the test user, and opened as that user, with cheap argon2 (also in subprocesses)."""
    set_kdf_cost(KdfCost(time_cost=1, memory_cost=1024, parallelism=1))
    use_encryption_by_default([(TEST_USER, TEST_PASSWORD)])


def pytest_configure(config: object) -> None:
    encrypt_by_default()
    os.environ[ENCRYPTED_RUN] = "1"     # commands run by tests.datafiles.polldesk_command() do the same


# Not run again on encrypted files: the window's tests (an encrypted file opens through the sign-in dialog;
# tests/ui/test_main_encrypted*.py go through every page on encrypted files), the vault's own tests (about
# encrypted files already, and about what happens without the defaults this run sets), the built
# application, the benchmarks, and the checks of the source itself (style, translations, README).
NOT_AGAIN = ("ui", "ui_desk", "ui_district", "ui_counting", "ui_candidates", "ui_register", "ui_accessibility", "ui_setup",
             "vault", "packaging", "bench", "reliability/test_benchmarks.py", "guide/test_guide_screens.py",
             "test_style.py", "test_translations.py",
             "test_readme.py", "test_core_is_qt_free.py", "setup_sheet/test_setup_packages_dialog.py")
TESTS = Path(__file__).resolve().parents[1]


def pytest_ignore_collect(collection_path: Path, config: object) -> bool | None:
    relative = collection_path.relative_to(TESTS).as_posix() if collection_path.is_relative_to(TESTS) else ""
    return True if relative in NOT_AGAIN else None


def pytest_collection_modifyitems(config: object, items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(reason="about unencrypted files or their raw bytes")
    for item in items:
        if item.get_closest_marker("plain_files"):
            item.add_marker(skip)


def pytest_unconfigure(config: object) -> None:
    use_encryption_by_default(None)
    os.environ.pop(ENCRYPTED_RUN, None)
