"""A pytest plugin that runs the whole suite on encrypted data files: `pytest -p tests.vault.encrypted_suite`.

Every `create_data_file` without `encrypt_for` encrypts for the test user, and every `open_data_file`
without `unlock` unlocks as that user (app.db.datafile.use_encryption_by_default), with cheap argon2.
"""

from __future__ import annotations

from app.db.datafile import use_encryption_by_default
from app.vault.wrapping import KdfCost, set_kdf_cost

TEST_USER, TEST_PASSWORD = "suite-chief", "suite-password-2011"


def pytest_configure(config: object) -> None:
    set_kdf_cost(KdfCost(time_cost=1, memory_cost=1024, parallelism=1))
    use_encryption_by_default([(TEST_USER, TEST_PASSWORD)])


def pytest_unconfigure(config: object) -> None:
    use_encryption_by_default(None)
