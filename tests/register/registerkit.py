"""Register test helpers: ID numbers and register files written as a clerk would."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import openpyxl

from app.register.idnumber import make_id

ELECTION_DAY = date(2011, 4, 10)   # the small election's day
HEADER = ["姓名", "性别", "公民身份号码", "出生日期", "居民小组", "户号", "社区", "登记类别", "住址", "民族"]


def person_id(born: date, sequence: int = 11, region: str = "440112") -> str:
    """A valid ID number (odd sequence = man, even = woman)."""
    return make_id(region, born, sequence)


def clean_row(name: str, born: date, sequence: int, group: str = "1", household: str = "H001",
              community: str = "东湖社区") -> list[str]:
    """A row with nothing wrong in it, every column filled."""
    sex = "男" if sequence % 2 else "女"
    return [name, sex, person_id(born, sequence), born.isoformat(), group, household, community, "户籍",
            "东湖路1号", "汉族"]


def write_csv(path: Path, rows: Sequence[Sequence[object]], encoding: str = "utf-8",
              title: str | None = None) -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        if title is not None:
            writer.writerow([title])
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], title: str | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    if title is not None:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    for row in rows:
        sheet.append(list(row))
    book.save(str(path))
    return path
