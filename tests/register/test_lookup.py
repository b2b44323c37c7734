"""The clerk's search box: every kind of query puts the right voter first."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import pytest

from app.cli import main
from app.db import DataFile, create_data_file, transaction
from app.election.model import Definition
from app.election.store import store_definition
from app.errors import PollDeskError
from app.register.idnumber import make_id, mask, parse_id
from app.register.lookup import lookup, voter_status
from app.register.lookup_index import build_lookup_index, index_is_current, index_voters
from app.register.privacy import card_payload, ensure_register_key, id_hash


@dataclass
class Register:
    """A district file with an election and voters; `ids` maps each voter's name to its voter id."""

    df: DataFile
    key: bytes
    groups: dict[tuple[str, int], int]
    ids: dict[str, int] = field(default_factory=dict)
    numbers: dict[str, str] = field(default_factory=dict)
    _seq: int = 0

    def add(self, name: str, community: str = "C01", group: int = 1, household: str | None = None,
            born: date = date(1960, 5, 17), status: str = "active", place: str | None = None) -> int:
        """Register one voter (with a fresh valid ID number) the way the import stores it; its id."""
        self._seq += 1
        number = make_id("110105", born, self._seq)
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
            voter_id = int(conn.execute(
                "INSERT INTO voters(community_code, group_id, household_id, name, sex, birth_date, id_hash,"
                " id_masked, place_code, status) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (community, group_id, household_id, name, parse_id(number).sex, born.isoformat(),
                 id_hash(self.key, number), mask(number), place, status)).lastrowid or 0)
        self.ids[name] = voter_id
        self.numbers[name] = number
        return voter_id


@pytest.fixture
def register(tmp_path: Path, small_definition: Definition) -> Iterator[Register]:
    """An empty register of the small election, with its register key."""
    df = create_data_file(tmp_path / "district.polldesk", kind="district",
                          election_id=small_definition.election.id)
    groups = store_definition(df, small_definition)
    with transaction(df.conn):
        key = ensure_register_key(df.conn)
    yield Register(df, key, groups)
    df.close()


PEOPLE = ["张晓明", "张雪", "张三", "王芳", "王芳华", "李明", "欧阳晓明", "司马光", "诸葛亮", "上官婉儿",
          "曾国藩", "单雄信", "解缙", "仇英", "区志强", "覃海洋", "查良镛", "朴正浩", "尉迟敬德", "刘德华"]


@pytest.fixture
def town(register: Register) -> Register:
    for i, name in enumerate(PEOPLE):
        register.add(name, community="C01", group=1 + i % 4, household=f"01{i:02d}", born=date(1950, 1, 1 + i))
    build_lookup_index(register.df.conn)
    return register


def first(town: Register, query: str, **kw: object) -> str:
    rows = lookup(town.df.conn, query, **kw)  # type: ignore[arg-type]
    assert rows, f"nothing found for {query!r}"
    return rows[0].name


@pytest.mark.parametrize("query, expected", [
    ("张晓明", "张晓明"), ("王芳", "王芳"), ("李明", "李明"), ("上官婉儿", "上官婉儿"),
    ("欧阳晓", "欧阳晓明"), ("诸葛", "诸葛亮"), ("尉迟", "尉迟敬德"), ("司马光", "司马光"),
    ("婉儿", "上官婉儿"), ("亮", "诸葛亮"), ("阳晓明", "欧阳晓明"),
])
def test_a_name_or_part_of_one_finds_the_voter_first(town: Register, query: str, expected: str) -> None:
    assert first(town, query) == expected


def test_an_exact_two_character_name_comes_before_longer_names_starting_with_it(town: Register) -> None:
    assert [r.name for r in lookup(town.df.conn, "王芳")] == ["王芳", "王芳华"]


def test_names_containing_the_given_name_are_found_after_names_starting_with_it(town: Register) -> None:
    assert [r.name for r in lookup(town.df.conn, "晓明")] == ["张晓明", "欧阳晓明"]


@pytest.mark.parametrize("query, expected", [
    ("zhangxiaoming", "张晓明"), ("zxm", "张晓明"), ("张xm", "张晓明"), ("ZS", "张三"), ("zhangsan", "张三"),
    ("ouyangxiaoming", "欧阳晓明"), ("oyxm", "欧阳晓明"), ("欧阳xm", "欧阳晓明"), ("zhugeliang", "诸葛亮"),
    ("zgl", "诸葛亮"), ("诸葛l", "诸葛亮"), ("liudeh", "刘德华"), ("刘d", "刘德华"),
])
def test_pinyin_initials_and_surname_with_initials_find_the_voter(town: Register, query: str, expected: str) -> None:
    assert first(town, query) == expected


@pytest.mark.parametrize("name, full, initials", [
    ("曾国藩", "zengguofan", "zgf"), ("单雄信", "shanxiongxin", "sxx"), ("解缙", "xiejin", "xj"),
    ("仇英", "qiuying", "qy"), ("区志强", "ouzhiqiang", "ozq"), ("覃海洋", "qinhaiyang", "qhy"),
    ("查良镛", "zhaliangyong", "zly"), ("朴正浩", "piaozhenghao", "pzh"), ("尉迟敬德", "yuchijingde", "ycjd"),
])
def test_polyphonic_surnames_are_read_as_surnames(town: Register, name: str, full: str, initials: str) -> None:
    assert first(town, full) == name
    assert first(town, initials) == name


@pytest.mark.parametrize("wrong, name", [
    ("cengguofan", "曾国藩"), ("danxiongxin", "单雄信"), ("jiejin", "解缙"), ("chouying", "仇英"),
    ("quzhiqiang", "区志强"), ("tanhaiyang", "覃海洋"),
])
def test_the_everyday_reading_of_a_surname_does_not_rank_the_voter_first(town: Register, wrong: str,
                                                                        name: str) -> None:
    rows = lookup(town.df.conn, wrong)
    assert not rows or rows[0].name != name


def test_u_typed_for_u_umlaut_finds_lv_and_nv_after_lu_and_nu(register: Register) -> None:
    for name in ("吕小虎", "卢小虎", "女娲", "吕宁", "聂宁"):
        register.add(name)
    build_lookup_index(register.df.conn)

    def names(query: str) -> list[str]:
        return [r.name for r in lookup(register.df.conn, query)]

    assert names("luxiaohu") == ["卢小虎", "吕小虎"]       # what was typed first, then what was meant
    assert names("lyuxiaohu")[0] == "吕小虎"               # a passport's spelling of 吕
    assert names("lüxiaohu")[0] == names("lvxiaohu")[0] == "吕小虎"
    assert names("nuwa") == ["女娲"]
    assert names("luning")[0] == "吕宁" and "聂宁" not in names("luning")


def test_a_surname_in_characters_then_the_given_name_in_pinyin_finds_the_voter(register: Register) -> None:
    for name in ("李晓明", "黄晓明", "李小敏", "欧阳娜娜", "诸葛亮", "曾国藩", "张三"):
        register.add(name)
    build_lookup_index(register.df.conn)

    def names(query: str) -> list[str]:
        return [r.name for r in lookup(register.df.conn, query)]

    assert names("李xiaoming") == ["李晓明"]
    assert names("李xiaom") == ["李小敏", "李晓明"]     # in pinyin order: xiaomin before xiaoming
    assert names("欧阳nana") == ["欧阳娜娜"] and names("诸葛liang") == ["诸葛亮"]
    assert names("曾guofan") == ["曾国藩"]             # the surname's characters, whatever their reading
    assert names("张xiaoming") == []


def test_id_digits_and_the_whole_id_number_find_the_voter(town: Register) -> None:
    number = town.numbers["曾国藩"]
    for query in (number[-4:], number[-5:], number[-6:], number, number.lower(),
                  "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in number)):
        assert first(town, query) == "曾国藩", query


def test_a_mistyped_whole_id_number_finds_nobody(town: Register) -> None:
    number = town.numbers["曾国藩"]
    wrong = number[:-2] + ("1" if number[-2] != "1" else "2") + number[-1]
    assert lookup(town.df.conn, wrong) == []


def test_a_scanned_voter_card_finds_exactly_its_voter(town: Register) -> None:
    payload = card_payload(town.key, town.df.election_id, town.ids["李明"])
    rows = lookup(town.df.conn, payload)
    assert [r.name for r in rows] == ["李明"]


@pytest.mark.parametrize("election", ["another-2011", "test-2011-forged"])
def test_a_card_of_another_election_or_a_forged_card_is_refused(town: Register, election: str) -> None:
    payload = card_payload(town.key, election, town.ids["李明"])
    with pytest.raises(PollDeskError) as caught:
        lookup(town.df.conn, payload)
    assert caught.value.code == "card_invalid"


def test_a_household_number_lists_the_household(town: Register) -> None:
    town.add("张晓明母", household="0100", born=date(1930, 2, 2))
    index_voters(town.df.conn, [town.ids["张晓明母"]])
    rows = lookup(town.df.conn, "0100")
    assert {r.name for r in rows} == {"张晓明", "张晓明母"}
    assert all(r.household == "0100" for r in rows)


def test_a_row_shows_masked_id_group_household_place_and_status(town: Register) -> None:
    row = lookup(town.df.conn, "张晓明")[0]
    number = town.numbers["张晓明"]
    assert (row.voter_id, row.masked_id, row.group, row.household, row.place, row.status) == (
        town.ids["张晓明"], number[:6] + "********" + number[-4:], "第1居民小组", "0100", "C01-Z", "not_voted")
    assert number not in json.dumps(asdict(row))


def test_a_removed_voter_is_found_and_shown_as_removed(town: Register) -> None:
    town.add("钱多多", status="removed")
    index_voters(town.df.conn, [town.ids["钱多多"]])
    assert [(r.name, r.status) for r in lookup(town.df.conn, "钱多多")] == [("钱多多", "removed")]
    assert voter_status(town.df.conn, [town.ids["钱多多"], town.ids["李明"]]) == {
        town.ids["钱多多"]: "removed", town.ids["李明"]: "not_voted"}


def test_voters_of_the_clerks_own_community_come_first(town: Register) -> None:
    here = town.add("张伟", community="C01")
    there = town.add("张伟", community="C02", group=3)
    index_voters(town.df.conn, [here, there])
    assert [r.place for r in lookup(town.df.conn, "张伟", place="C02-S1")] == ["C02-S1", "C01-Z"]
    assert [r.place for r in lookup(town.df.conn, "张伟", place="C01-Z")] == ["C01-Z", "C02-S1"]


def test_a_renamed_voter_is_found_by_the_new_name_only(town: Register) -> None:
    conn = town.df.conn
    conn.execute("UPDATE voters SET name = '李明亮' WHERE id = ?", (town.ids["李明"],))
    index_voters(conn, [town.ids["李明"]])
    assert first(town, "李明亮") == "李明亮"
    assert first(town, "明亮") == "李明亮"
    assert [r.name for r in lookup(conn, "李明")] == ["李明亮"]
    assert index_is_current(conn)


def test_the_limit_caps_the_list(town: Register) -> None:
    assert len(lookup(town.df.conn, "张", limit=2)) == 2


def test_the_command_line_builds_the_index_once_and_prints_json(register: Register,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    register.add("诸葛亮", household="0007")
    path = str(register.df.path)
    assert main(["lookup", path, "zgl", "--json"]) == 0
    out = capsys.readouterr()
    assert "index" in out.err.lower() or "索引" in out.err
    assert json.loads(out.out) == [{"voter_id": register.ids["诸葛亮"], "name": "诸葛亮",
                                    "masked_id": register.numbers["诸葛亮"][:6] + "********"
                                    + register.numbers["诸葛亮"][-4:],
                                    "group": "第1居民小组", "household": "0007", "place": "C01-Z",
                                    "status": "not_voted"}]
    assert main(["lookup", path, "诸葛亮"]) == 0
    out = capsys.readouterr()
    assert out.err == "" and "诸葛亮" in out.out and "0007" in out.out
