"""Register screen test helpers: synthetic registers and register files written as a clerk would."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import openpyxl

from app.bench.synthetic import build_register
from app.register.idnumber import make_id
from app.register.lookup_index import build_lookup_index

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
HEADER = ["姓名", "性别", "公民身份号码", "出生日期", "居民小组", "户号", "社区", "登记类别", "住址", "民族"]


def synthetic_register(path: Path, size: int) -> Path:
    """A district file of `size` synthetic voters over 19 communities, its search index built."""
    df, _ = build_register(path, size)
    try:
        build_lookup_index(df.conn)
    finally:
        df.close()
    return path


def voter_row(name: str, born: date, sequence: int, group: str = "1", household: str = "H001",
              community: str = "东湖社区") -> list[str]:
    """A register file row with nothing wrong in it."""
    return [name, "男" if sequence % 2 else "女", make_id("440112", born, sequence), born.isoformat(), group,
            household, community, "户籍", "东湖路1号", "汉族"]


def clerk_rows(count: int) -> list[list[str]]:
    """`count` clean rows: voters spread over both communities and their four groups."""
    rows = []
    for n in range(count):
        born = date(1950 + n % 40, 1 + n % 12, 1 + n % 28)
        rows.append(voter_row(f"居民{n:04d}", born, 2 * (n // 480) + 1 + (n % 2), group=str(1 + n % 4),
                              household=f"H{n // 3:04d}", community=("东湖社区", "西园社区")[n % 2]))
    return rows


def write_csv(path: Path, rows: Sequence[Sequence[str]], title: str | None = None) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        if title is not None:
            writer.writerow([title])
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[str]], title: str) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(HEADER)
    for row in rows:
        sheet.append(list(row))
    book.save(str(path))
    return path
