"""Vault fixtures: cheap argon2 costs, a recovery key, and encrypted district and station files with voters."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.auth import HashParameters, set_hash_parameters
from app.db import DataFile, create_data_file
from app.election.model import Definition
from app.election.store import store_definition
from app.register.idnumber import make_id
from app.register.importer import import_register
from app.vault.recovery import make_recovery_key
from app.vault.wrapping import KdfCost, set_kdf_cost

PASSWORD = "desk-pass-2011"
# Names and ID numbers no other string in a data file could contain by chance.
VOTERS = [("欧阳翠花", date(1961, 5, 17), 11), ("司马建军", date(1979, 12, 3), 13), ("诸葛秀兰", date(1990, 8, 24), 12)]
ID_NUMBERS = [make_id("440112", born, seq) for _, born, seq in VOTERS]


@pytest.fixture(autouse=True)
def _cheap_keys() -> Iterator[None]:
    previous_kdf = set_kdf_cost(KdfCost(time_cost=1, memory_cost=1024, parallelism=1))
    previous_hash = set_hash_parameters(HashParameters(time_cost=1, memory_cost=1024, parallelism=1))
    yield
    set_kdf_cost(previous_kdf)
    set_hash_parameters(previous_hash)


@pytest.fixture
def recovery_file(tmp_path: Path, small_definition: Definition) -> Path:
    """The district's recovery key file of the small election."""
    path = tmp_path / "safe" / "recovery.key"
    make_recovery_key(path, small_definition.election.id)
    return path


def register_csv(path: Path) -> Path:
    """The small election's register with the three voters, written as a clerk would."""
    header = ["姓名", "性别", "公民身份号码", "出生日期", "居民小组", "户号", "社区", "登记类别", "住址", "民族"]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for (name, born, seq), id_number in zip(VOTERS, ID_NUMBERS, strict=True):
            writer.writerow([name, "男" if seq % 2 else "女", id_number, born.isoformat(), "1", f"H{seq:03d}",
                             "东湖社区", "户籍", "东湖路1号", "汉族"])
    return path


def district_with_voters(path: Path, definition: Definition, *, encrypt: bool,
                         recovery_public_key: bytes | None = None) -> DataFile:
    """A district file (encrypted for chief1 when `encrypt`) with the definition and the three voters imported."""
    df = create_data_file(path, kind="district", election_id=definition.election.id,
                          encrypt_for=[("chief1", PASSWORD)] if encrypt else None,
                          recovery_public_key=recovery_public_key)
    store_definition(df, definition)
    import_register(df.conn, register_csv(path.parent / f"{path.stem}-register.csv"))
    return df
