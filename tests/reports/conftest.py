"""A small registered district for printing: two communities, a few dozen voters in households."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from app.db import DataFile, create_data_file, transaction
from app.election.model import Definition
from app.election.store import store_definition
from app.register.idnumber import make_id, mask
from app.register.privacy import ensure_register_key, id_hash

# Common names and names with rarer characters the font must still draw (喆 堃 昇 赟 禤 亓 笪 隗 玥 淼).
NAMES = (
    "王建国", "李秀英", "张伟", "刘芳", "陈静", "杨洋", "赵敏", "黄磊", "周杰", "吴桂兰",
    "徐喆", "孙堃", "马昇", "朱赟", "胡珺", "禤国荣", "亓晓燕", "笪志刚", "隗玥", "郭淼",
    "何平", "高红", "林丽华", "罗斌", "郑玉兰", "阿依古丽·买买提", "曾凡", "单雄", "解放", "区永华",
)


@dataclass
class Registered:
    """A district file with its register, and the facts the tests check against."""

    df: DataFile
    group_ids: dict[tuple[str, int], int]
    voters: dict[int, dict[str, str]]      # voter id -> name, sex, birth, id number, community, group number
    removed_name: str


@pytest.fixture
def registered(tmp_path: Path, small_definition: Definition) -> Iterator[Registered]:
    """Sixty voters (thirty names in each community) in households of two or three, one removed."""
    df = create_data_file(tmp_path / "district.polldesk", kind="district", election_id=small_definition.election.id)
    group_ids = store_definition(df, small_definition)
    key = ensure_register_key(df.conn)
    voters: dict[int, dict[str, str]] = {}
    with transaction(df.conn) as conn:
        voter_id = 0
        for community in ("C01", "C02"):
            for i, name in enumerate(NAMES):
                voter_id += 1
                group = i % 4 + 1
                household = voter_id // 3 + 1
                conn.execute("INSERT OR IGNORE INTO households(id, community_code, group_id, number)"
                             " VALUES (?,?,?,?)", (household, community, group_ids[(community, group)],
                                                   f"{household:04d}"))
                born = date(1940 + i, i % 12 + 1, i % 27 + 1)
                number = make_id("110105", born, 2 * voter_id + (i // 4) % 2)
                sex = "M" if int(number[16]) % 2 else "F"
                conn.execute(
                    "INSERT INTO voters(id, community_code, group_id, household_id, name, sex, birth_date,"
                    " id_hash, id_masked) VALUES (?,?,?,?,?,?,?,?,?)",
                    (voter_id, community, group_ids[(community, group)], household, name, sex,
                     born.isoformat(), id_hash(key, number), mask(number)))
                voters[voter_id] = {"name": name, "sex": sex, "birth": born.isoformat(), "id": number,
                                    "community": community, "group": str(group)}
        conn.execute("INSERT INTO voters(community_code, group_id, name, sex, birth_date, id_hash, id_masked,"
                     " status, status_reason) VALUES ('C01', ?, '钱去世', 'M', '1930-01-01', 'x', 'x', 'removed',"
                     " 'died')", (group_ids[("C01", 1)],))
    yield Registered(df, group_ids, voters, "钱去世")
    df.close()

