"""Red team: what clerks really type in the search box must put the right voter first.

Queries the developers' own tests do not use: pinyin with spaces and capitals, a surname's reading
alone, surname pinyin with initials, household numbers that look like ID digits, old 15-digit ID
numbers, cards read with stray characters, names pasted with invisible characters.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from app.db import DataFile, create_data_file, transaction
from app.election.model import Definition
from app.election.store import store_definition
from app.register.idnumber import make_id, mask, parse_id
from app.register.lookup import lookup
from app.register.lookup_index import build_lookup_index, index_voters
from app.register.privacy import card_payload, ensure_register_key, id_hash


@dataclass
class Town:
    """A district file with voters; `ids` and `numbers` by name."""

    df: DataFile
    key: bytes
    groups: dict[tuple[str, int], int]
    ids: dict[str, int] = field(default_factory=dict)
    numbers: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, number: str, community: str = "C01", group: int = 1, household: str | None = None) -> int:
        conn = self.df.conn
        with transaction(conn):
            group_id = self.groups[(community, group)]
            household_id = None
            if household is not None:
                row = conn.execute("SELECT id FROM households WHERE community_code = ? AND number = ?",
                                   (community, household)).fetchone()
                household_id = row[0] if row else conn.execute(
                    "INSERT INTO households(community_code, group_id, number) VALUES (?,?,?)",
                    (community, group_id, household)).lastrowid
            parsed = parse_id(number)
            voter_id = int(conn.execute(
                "INSERT INTO voters(community_code, group_id, household_id, name, sex, birth_date, id_hash,"
                " id_masked, status) VALUES (?,?,?,?,?,?,?,?,'active')",
                (community, group_id, household_id, name, parsed.sex, parsed.birth_date.isoformat(),
                 id_hash(self.key, parsed.number), mask(parsed.number))).lastrowid or 0)
        self.ids[name] = voter_id
        self.numbers[name] = parsed.number
        return voter_id


# name, birth date, sequence, household
PEOPLE = [
    ("张三", date(1950, 3, 1), 11, "01001"), ("张晓明", date(1961, 4, 2), 13, "01002"),
    ("张小红", date(1962, 5, 3), 14, "01003"), ("章三", date(1963, 6, 4), 15, "01004"),
    ("单浩", date(1964, 7, 5), 17, "01005"), ("单雄信", date(1965, 8, 6), 19, "01006"),
    ("上官超", date(1966, 9, 7), 21, "01007"), ("山田", date(1967, 10, 8), 23, "01008"),
    ("尚红", date(1968, 11, 9), 24, "01009"), ("曾福庆", date(1969, 12, 10), 25, "01010"),
    ("吕小明", date(1970, 1, 11), 27, "01011"), ("阿卜杜·热合曼", date(1971, 2, 12), 29, "01012"),
    ("欧阳娜娜", date(1972, 3, 13), 32, "01013"), ("区志强", date(1973, 4, 14), 33, "01014"),
    ("沈丽", date(1974, 5, 15), 36, "01015"), ("查良镛", date(1975, 6, 16), 37, "01016"),
]


@pytest.fixture
def town(tmp_path: Path, small_definition: Definition) -> Iterator[Town]:
    df = create_data_file(tmp_path / "district.polldesk", kind="district", election_id=small_definition.election.id)
    groups = store_definition(df, small_definition)
    with transaction(df.conn):
        key = ensure_register_key(df.conn)
    t = Town(df, key, groups)
    for name, born, sequence, household in PEOPLE:
        t.add(name, make_id("440112", born, sequence), household=household)
    t.add("陈\u200b明", make_id("440112", date(1976, 7, 17), 39), household="01017")   # imported before the fix
    build_lookup_index(df.conn)
    yield t
    df.close()


def names(town: Town, query: str, **kw: object) -> list[str]:
    return [r.name for r in lookup(town.df.conn, query, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize("query, expected", [
    ("Zhang San", "张三"), ("ZHANGSAN", "张三"), ("zhang san", "张三"), (" 张三 ", "张三"), ("\u3000张三\u3000", "张三"),
    ("张 三", "张三"), ("ZhangXiaoMing", "张晓明"), ("张XM", "张晓明"), ("OU YANG NA NA", "欧阳娜娜"),
    ("zhāng sān", "张三"), ("lüxiaoming", "吕小明"), ("lvxiaoming", "吕小明"), ("LXM", "吕小明"),
    ("阿卜杜热合曼", "阿卜杜·热合曼"), ("阿卜杜·热合曼", "阿卜杜·热合曼"), ("热合曼", "阿卜杜·热合曼"),
    ("陈明", "陈\u200b明"), ("陈\u200b明", "陈\u200b明"), ("chenming", "陈\u200b明"),
])
def test_the_way_a_clerk_types_a_name_does_not_matter(town: Town, query: str, expected: str) -> None:
    assert names(town, query)[:1] == [expected]


@pytest.mark.parametrize("query, expected", [
    ("zhangxm", "张晓明"), ("zhang xm", "张晓明"), ("zengfq", "曾福庆"), ("shanh", "单浩"), ("shanxx", "单雄信"),
    ("ouyangnn", "欧阳娜娜"), ("zhangs", "张三"), ("zhaly", "查良镛"),
])
def test_surname_pinyin_with_the_given_names_initials_finds_the_voter(town: Town, query: str, expected: str) -> None:
    assert names(town, query)[:1] == [expected]


@pytest.mark.parametrize("reading, people", [
    ("shan", {"单浩", "单雄信", "山田"}), ("zeng", {"曾福庆"}), ("ou", {"区志强"}), ("zha", {"查良镛"}),
    ("zhang", {"张三", "张晓明", "张小红", "章三"}), ("shen", {"沈丽"}),
])
def test_a_surname_read_alone_lists_that_surname_first(town: Town, reading: str, people: set[str]) -> None:
    assert set(names(town, reading)[:len(people)]) == people


def test_a_household_number_that_could_be_id_digits_lists_the_household_first(town: Town) -> None:
    wife = town.add("张三妻", make_id("440112", date(1951, 1, 1), 12), household="01001")
    tail = town.add("李尾号", make_id("440112", date(1960, 9, 10), 100), household="02002")
    assert town.numbers["李尾号"].endswith("01001")     # the last five ID digits equal the household number
    index_voters(town.df.conn, [wife, tail])
    assert set(names(town, "01001")[:2]) == {"张三", "张三妻"}
    assert names(town, town.numbers["李尾号"][-4:])[:1] == ["李尾号"]
    assert names(town, town.numbers["李尾号"][-6:])[:1] == ["李尾号"]


def test_id_digits_typed_the_ways_clerks_type_them(town: Town) -> None:
    number = town.numbers["曾福庆"]
    spaced = f"{number[:6]} {number[6:14]} {number[14:]}"
    full_width = number.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    for query in (spaced, full_width, f" {number} ", f"{number[:6]}-{number[6:14]}-{number[14:]}",
                  number[-4:], number[-6:], "\u200b" + number):
        assert names(town, query)[:1] == ["曾福庆"], query


def test_an_old_15_digit_id_number_finds_the_voter_registered_with_18(town: Town) -> None:
    number = town.numbers["张三"]       # born 1950: has a 15-digit form
    old = number[:6] + number[8:17]
    assert names(town, old) == ["张三"]


def test_a_last_four_ending_in_lowercase_x_finds_the_voter(town: Town) -> None:
    x_number = next(n for s in range(41, 999) if (n := make_id("440112", date(1977, 8, 18), s)).endswith("X"))
    town.add("许艾克", x_number)
    index_voters(town.df.conn, [town.ids["许艾克"]])
    assert names(town, x_number[-4:].lower())[:1] == ["许艾克"]
    assert names(town, x_number.lower())[:1] == ["许艾克"]


@pytest.mark.parametrize("dress", [str.lower, lambda p: f" {p}\n", lambda p: p.replace("-", "－")])
def test_a_voter_card_read_with_stray_characters_still_finds_its_voter(town: Town, dress) -> None:
    payload = card_payload(town.key, town.df.election_id, town.ids["沈丽"])
    assert names(town, dress(payload)) == ["沈丽"]


def test_the_longest_surname_reading_wins_when_pinyin_splits_two_ways(town: Town) -> None:
    linlin = town.add("林林", make_id("440112", date(1978, 9, 19), 43))
    li = town.add("李宁莉", make_id("440112", date(1979, 10, 20), 44))
    index_voters(town.df.conn, [linlin, li])
    assert names(town, "linl")[:2] == ["林林", "李宁莉"]
