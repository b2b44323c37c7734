"""Checking a register file: each fault has its code and row, a clean row yields nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from registerkit import ELECTION_DAY, HEADER, clean_row, person_id, write_csv, write_xlsx

from app.register.checker import CheckReport, check_rows, eighteenth_birthday, is_of_age, parse_birth_date
from app.register.idnumber import check_char
from app.register.reader import read_register

TITLE = "东湖社区第四届居民委员会参选居民登记表"


def check(path: Path, day: date = ELECTION_DAY) -> CheckReport:
    return check_rows(read_register(path).rows, day)


def found(report: CheckReport) -> list[tuple[int, str]]:
    return [(p.row, p.code) for p in report.problems]


def id_ending_in_x() -> str:
    for sequence in range(1, 999):
        number = person_id(date(1958, 6, 1), sequence)
        if number.endswith("X"):
            return number
    raise AssertionError("no X check character in 999 numbers")


def test_clerks_usual_ways_of_writing_are_not_faults(tmp_path: Path) -> None:
    x_number = id_ending_in_x()
    full_width = person_id(date(1960, 1, 2), 11).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    rows = [HEADER,
            clean_row("王建国", date(1960, 1, 2), 11),
            ["李秀英", "F" if int(x_number[16]) % 2 == 0 else "M", f"  {x_number.lower()} ", "1958/6/1", "第三居民小组",
             "H002", "东湖社区", "人户分离", "", ""],
            ["张伟", "male", full_width[:-4] + person_id(date(1960, 1, 2), 13)[-4:], "1960年1月", "3组", "", "", "",
             "", "回族"],
            ["刘芳", "", person_id(date(1970, 7, 11), 22), "", "第十二组", "", "", "", "", ""]]
    report = check(write_csv(tmp_path / "register.csv", rows))
    assert report.problems == []
    assert (len(report.rows), report.valid) == (4, 4)
    assert [r.group for r in report.rows] == [1, 3, 3, 12]


@pytest.mark.parametrize(("change", "codes"), [
    ({2: "44011219600102011"}, ["id_format"]),
    ({2: person_id(date(1960, 1, 2), 11)[:-1] + "0"}, ["id_checksum"]),
    ({2: "44011219600230011" + check_char("44011219600230011")}, ["id_birthdate"]),
    ({2: " "}, ["missing_id"]),
    ({0: ""}, ["missing_name"]),
    ({4: ""}, ["missing_group"]),
    ({4: "组长家"}, ["group_unreadable"]),
    ({1: "女"}, ["sex_mismatch"]),
    ({1: "未知"}, ["sex_unreadable"]),
    ({3: "1960-02-01"}, ["birthdate_mismatch"]),
    ({3: "1961年1月"}, ["birthdate_mismatch"]),
    ({3: "六十年代"}, ["birthdate_unreadable"]),
    ({7: "暂住"}, ["category_unknown"]),
    ({0: "", 1: "女", 4: ""}, ["missing_name", "sex_mismatch", "missing_group"]),
])
def test_each_fault_is_reported_once_with_its_own_code(tmp_path: Path, change: dict[int, str],
                                                       codes: list[str]) -> None:
    row = clean_row("王建国", date(1960, 1, 2), 11)
    for column, value in change.items():
        row[column] = value
    report = check(write_csv(tmp_path / "register.csv", [HEADER, clean_row("周杰", date(1961, 5, 5), 31), row]))
    assert found(report) == [(3, code) for code in codes]
    assert report.valid == 1


def test_an_id_error_names_no_full_number(tmp_path: Path) -> None:
    wrong = person_id(date(1960, 1, 2), 11)[:-1] + "0"
    report = check(write_csv(tmp_path / "r.csv", [HEADER, [ "王建国", "男", wrong, "", "1"]]))
    assert report.problems[0].message.endswith("（440112********0110）")
    assert all(wrong not in p.message for p in report.problems)


def test_eighteenth_birthday_on_election_day_may_vote_the_day_after_may_not(tmp_path: Path) -> None:
    rows = [HEADER, clean_row("生日当天", date(1993, 4, 10), 11), clean_row("晚一天", date(1993, 4, 11), 12)]
    report = check(write_csv(tmp_path / "r.csv", rows))
    assert found(report) == [(3, "underage")]
    assert "2011-04-11" in report.problems[0].message


def test_born_on_29_february_turns_18_on_1_march_in_a_common_year() -> None:
    born = date(1992, 2, 29)
    assert eighteenth_birthday(born) == date(2010, 3, 1)
    assert not is_of_age(born, date(2010, 2, 28))
    assert is_of_age(born, date(2010, 3, 1))
    assert eighteenth_birthday(date(1994, 2, 28)) == date(2012, 2, 28)
    assert eighteenth_birthday(date(1990, 2, 29 - 1)) == date(2008, 2, 28)


def test_29_february_birth_checked_against_election_day(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", [HEADER, clean_row("闰日", date(1992, 2, 29), 11)])
    assert found(check(path, date(2010, 2, 28))) == [(2, "underage")]
    assert found(check(path, date(2010, 3, 1))) == []


def test_each_later_copy_of_a_number_is_a_duplicate_naming_the_first_row(tmp_path: Path) -> None:
    same = clean_row("王建国", date(1960, 1, 2), 11)
    rows = [HEADER, same, clean_row("李秀英", date(1962, 3, 3), 22), [*same[:2], same[2].lower() + " ", *same[3:]],
            same]
    report = check(write_csv(tmp_path / "r.csv", rows, title=TITLE))
    assert found(report) == [(5, "duplicate_in_file"), (6, "duplicate_in_file")]
    assert "第 3 行" in report.problems[0].message
    assert report.valid == 2


def test_row_numbers_are_those_the_spreadsheet_shows(tmp_path: Path) -> None:
    rows = [HEADER, clean_row("王建国", date(1960, 1, 2), 11), ["", "", "", "", "", "", "", "", "", ""],
            clean_row("", date(1961, 1, 2), 13), [], []]
    xlsx = check(write_xlsx(tmp_path / "r.xlsx", rows, title=TITLE))
    csv_report = check(write_csv(tmp_path / "r.csv", rows, title=TITLE))
    assert found(xlsx) == found(csv_report) == [(5, "missing_name")]
    assert len(xlsx.rows) == 2


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_any_usual_encoding_reads_the_same(tmp_path: Path, encoding: str) -> None:
    rows = [HEADER, clean_row("王建国", date(1960, 1, 2), 11), clean_row("", date(1961, 1, 2), 13)]
    report = check(write_csv(tmp_path / "r.csv", rows, encoding=encoding, title=TITLE))
    assert found(report) == [(4, "missing_name")]
    assert report.rows[0].name == "王建国"


def test_xlsx_cells_typed_as_numbers_and_dates_are_read_as_written(tmp_path: Path) -> None:
    rows: list[list[object]] = [list(HEADER),
                                ["王建国", "男", person_id(date(1960, 1, 2), 11), date(1960, 1, 2), 3, 101, "东湖社区"]]
    report = check(write_xlsx(tmp_path / "r.xlsx", rows))
    assert report.problems == []
    assert (report.rows[0].group, report.rows[0].household) == (3, "101")


def test_birth_dates_in_the_forms_clerks_type() -> None:
    assert parse_birth_date("1949-12-31") == (1949, 12, 31)
    assert parse_birth_date("1949.12.31") == (1949, 12, 31)
    assert parse_birth_date("19491231") == (1949, 12, 31)
    assert parse_birth_date("1949年12月31日") == (1949, 12, 31)
    assert parse_birth_date("1949年12月") == (1949, 12, None)
    assert parse_birth_date("1949-02-30") is None
    assert parse_birth_date("十二月") is None
