"""A synthetic register file (参选居民登记表 as CSV) for the import benchmarks: valid, unique ID numbers, fast."""

from __future__ import annotations

import csv
import sqlite3
import time
from datetime import date, timedelta
from pathlib import Path

from app.bench.names import NameMaker
from app.bench.synthetic import COMMUNITIES, GROUPS_PER_COMMUNITY, REGIONS, build_register
from app.db import DataFile, transaction
from app.db.datafile import connect
from app.register.idnumber import make_id

HEADER = ["姓名", "性别", "公民身份号码", "出生日期", "居民小组", "户号", "社区"]
_DAYS = 60 * 365            # birth dates over 60 years (all of age on 2011-04-10)
_FIRST_BIRTH = date(1930, 1, 1)


def register_rows(size: int, seed: int = 2011) -> list[list[str]]:
    """`size` clean register rows: unique valid ID numbers, households of about three, all 19 communities."""
    names = NameMaker(seed)
    days = [(_FIRST_BIRTH + timedelta(days=d)) for d in range(_DAYS)]
    rows: list[list[str]] = []
    surname = names.surname()
    for i in range(size):
        born = days[(i * 7919) % _DAYS]
        number = make_id(REGIONS[i % len(REGIONS)], born, (i // _DAYS) % 1000)
        household = i // 3
        community = household % COMMUNITIES + 1
        if i % 3 == 0:
            surname = names.surname()
        group = household // COMMUNITIES % GROUPS_PER_COMMUNITY + 1
        rows.append([surname + names.given(), "男" if int(number[16]) % 2 else "女", number, born.isoformat(),
                     str(group), f"{household:08d}", f"C{community:02d}"])
    return rows


def write_register_csv(path: Path, rows: list[list[str]]) -> Path:
    """The rows as a UTF-8 CSV register file with its header."""
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def empty_district(path: Path) -> DataFile:
    """A new district file with the synthetic election's 19 communities, groups and places, and no voter."""
    df, _ = build_register(path, 0)
    return df


def bare_insert(path: Path, rows: list[list[str]]) -> float:
    """The floor of an import: seconds to executemany the same rows into an unindexed table (one transaction)."""
    conn: sqlite3.Connection = connect(path)
    try:
        conn.execute(f"CREATE TABLE register({', '.join(f'c{i}' for i in range(len(HEADER)))})")
        started = time.perf_counter()
        with transaction(conn):
            conn.executemany(f"INSERT INTO register VALUES ({', '.join('?' * len(HEADER))})", rows)
        return time.perf_counter() - started
    finally:
        conn.close()


def remove_file(path: Path) -> None:
    """Delete a data file and its WAL companions."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
