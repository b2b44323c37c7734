"""Red team: register files as community offices really export them must give exactly the right problems.

A WPS/Excel sheet with a merged title, a 序号 column, remarks, a blank row in the middle, a sign-off
row at the bottom, IDs typed every which way; the same as a GBK CSV; and the same person already
registered in another community. Every fault is reported on the row the spreadsheet shows, nothing else.
"""

from __future__ import annotations

import csv
import json
import random
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from registerkit import ELECTION_DAY, HEADER, clean_row, person_id, write_csv

from app.cli import main
from app.db import DataFile
from app.register.checker import CheckReport, check_rows
from app.register.idnumber import check_char, parse_id
from app.register.reader import cell_text, read_register

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
TITLE = "东湖社区第四届居民委员会参选居民登记表"
WPS_HEADER = ["序号", "姓名", "性别", "公民身份号码", "出生日期", "所属居民小组", "户号", "联系电话", "备注"]


def x_number(born: date) -> str:
    """A valid ID number of someone born on `born` whose check character is X."""
    return next(n for s in range(1, 999) if (n := person_id(born, s)).endswith("X"))


def wrong_check(number: str) -> str:
    return number[:-1] + ("1" if number[-1] != "1" else "2")


def wps_rows(excel: bool) -> list[list[object]]:
    """The data rows of 东湖社区's register, faults planted; `excel` writes numbers and dates as Excel cells."""
    x1, x2 = x_number(date(1958, 6, 1)), x_number(date(1975, 9, 9))
    feb30 = "44011219600230011"
    as_number: object = float(person_id(date(1970, 3, 5), 15)) if excel else "4.40112E+17"
    return [
        [1, "王建国 ", "男", person_id(date(1960, 1, 2), 11), datetime(1960, 1, 2) if excel else "1960/1/2",
         "第3组", "0001", "13800000000", ""],                                                # 3 ok
        [2, "李秀英", "男性" if int(x1[16]) % 2 else "女性", " " + x1.lower(), "1958.6.1", "三组", "0002", "", ""],  # 4 ok
        [3, "张伟", "男", as_number, "1970年3月5日", "3", "0003", "", ""],                  # 5 ID lost by Excel
        [4, "刘芳", "female", person_id(date(1971, 7, 11), 22).translate(FULL_WIDTH), "19710711", "第三居民小组",
         "0004", "", ""],                                                                    # 6 ok
        [5, "陈\u200b明", "男", person_id(date(1980, 1, 1), 15), "", "03", "0005", "", ""],       # 7 ok
        [6, "赵老", "男", "440112500101151", "1950-01-01", "1", "0006", "", ""],              # 8 ok, 15 digits
        [7, "钱二", "男", feb30 + check_char(feb30), "", "1", "", "", ""],                   # 9 Feb 30
        [8, "孙三", "男", wrong_check(person_id(date(1960, 5, 5), 17)), "", "1", "", "", ""],  # 10 check char
        [9, "周少", "女", person_id(date(1993, 4, 11), 24), "", "2", "", "", ""],            # 11 18 the day after
        [],                                                                                   # 12 blank
        [10, "吴满", "女", "4401\u200b12" + person_id(date(1993, 4, 10), 26)[6:], "", "2", "", "", ""],  # 13 18 that day
        [11, "郑重", "男" if int(x2[16]) % 2 else "女", x2.translate(FULL_WIDTH), "", "2", "", "", ""],  # 14 ok
        [12, "郑 重", "男" if int(x2[16]) % 2 else "女", x2.lower(), "", "2", "", "", ""],  # 15 same as 14
        [13, "冯女", "男", person_id(date(1966, 8, 8), 20), "", "2", "", "", "备注：外出务工"],  # 16 sex
        [14, "", "男", person_id(date(1967, 8, 8), 21), "", "2", "", "", ""],                 # 17 no name
        [15, "褚无组", "男", person_id(date(1968, 8, 8), 23), "", "", "", "", ""],           # 18 no group
        ["", "\u3000", "", " ", "", "", "", "", ""],                                          # 19 spaces only
        ["", "制表人：张三    审核人：李四", "", "", "", "", "", "", ""],                        # 20 sign-off
        ["注：本表一式三份，社区、街道、区选举办各一份。"],                                       # 21 note
        ["", "", "", "", "日期：2011年3月20日"],                                               # 22 date
    ]


EXPECTED = [(5, "id_format"), (9, "id_birthdate"), (10, "id_checksum"), (11, "underage"),
            (15, "duplicate_in_file"), (16, "sex_mismatch"), (17, "missing_name"), (18, "missing_group")]


def found(report: CheckReport) -> list[tuple[int, str]]:
    return [(p.row, p.code) for p in report.problems]


def write_wps_xlsx(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([TITLE])
    sheet.merge_cells("A1:I1")
    sheet.append(WPS_HEADER)
    for row in wps_rows(excel=True):
        sheet.append(row)
    book.save(str(path))
    return path


def write_gbk_csv(path: Path) -> Path:
    rows = [[TITLE], WPS_HEADER, *wps_rows(excel=False)]
    with path.open("w", encoding="gb18030", newline="") as f:   # what WPS writes for "CSV": GBK, no BOM
        csv.writer(f).writerows(rows)
    return path


@pytest.mark.parametrize("write", [write_wps_xlsx, write_gbk_csv], ids=["xlsx", "gbk-csv"])
def test_a_wps_export_with_title_blank_and_signoff_rows_gives_exactly_its_faults(tmp_path: Path, write) -> None:
    path = write(tmp_path / ("register.xlsx" if write is write_wps_xlsx else "register.csv"))
    report = check_rows(read_register(path).rows, ELECTION_DAY)
    assert found(report) == EXPECTED
    assert (len(report.rows), report.valid) == (15, 7)


def test_names_keep_no_invisible_characters_or_alignment_spaces(tmp_path: Path) -> None:
    report = check_rows(read_register(write_wps_xlsx(tmp_path / "r.xlsx")).rows, ELECTION_DAY)
    names = {r.number: r.name for r in report.rows}
    assert (names[3], names[7], names[15]) == ("王建国", "陈明", "郑重")


def test_an_id_number_excel_turned_into_a_number_says_so(tmp_path: Path) -> None:
    report = check_rows(read_register(write_gbk_csv(tmp_path / "r.csv")).rows, ELECTION_DAY)
    message = next(p.message for p in report.problems if p.row == 5)
    assert "Excel" in message and "文本" in message


def test_an_18_digit_number_cell_is_not_read_as_a_made_up_id_number() -> None:
    number = person_id(date(1970, 3, 5), 15)
    text = cell_text(float(number))
    assert text != str(int(float(number)))     # the digits after the 15th were lost: do not invent them
    assert cell_text(float("440112500101151")) == "440112500101151"   # a 15-digit number survives a float


@pytest.mark.parametrize("raw", ["110105194912310038.0", "'110105194912310038", '="110105194912310038"',
                                 "\t110105194912310038", "110105 19491231 0038", "110105-19491231-0038",
                                 "\u200b110105194912310038\ufeff", "440112500101151.0"])
def test_id_numbers_written_the_ways_exporters_protect_them_are_read(raw: str) -> None:
    assert parse_id(raw).number in {"110105194912310038", "440112195001011517"}


def test_a_note_in_the_name_column_mid_file_and_a_group_heading_are_not_voters(tmp_path: Path) -> None:
    rows = [HEADER, ["第一居民小组"], clean_row("王建国", date(1960, 1, 2), 11),
            ["说明：以下为新增人员", "", "", "", "", "", "", "", "", ""],
            clean_row("李秀英", date(1962, 3, 3), 22),
            ["合计：2人"]]
    report = check_rows(read_register(write_csv(tmp_path / "r.csv", rows)).rows, ELECTION_DAY)
    assert found(report) == [] and len(report.rows) == 2


def test_a_row_with_a_name_but_no_id_number_is_still_a_fault_even_with_a_remark(tmp_path: Path) -> None:
    header = [*HEADER, "备注"]
    row = clean_row("王建国", date(1960, 1, 2), 11)
    row[2] = ""
    rows = [header, clean_row("李秀英", date(1962, 3, 3), 22) + [""], [*row, "备注：身份证遗失，补办中"]]
    report = check_rows(read_register(write_csv(tmp_path / "r.csv", rows)).rows, ELECTION_DAY)
    assert found(report) == [(3, "missing_id")]


def test_a_template_prefilled_down_the_page_does_not_make_empty_voters(tmp_path: Path) -> None:
    rows: list[list[str]] = [HEADER, clean_row("王建国", date(1960, 1, 2), 11)]
    rows += [["", "", "", "", "", "", "东湖社区", "户籍", "", ""] for _ in range(30)]
    report = check_rows(read_register(write_csv(tmp_path / "r.csv", rows)).rows, ELECTION_DAY)
    assert found(report) == [] and len(report.rows) == 1


def test_a_header_repeated_on_each_printed_page_is_not_a_voter(tmp_path: Path) -> None:
    rows = [HEADER, clean_row("王建国", date(1960, 1, 2), 11), HEADER, clean_row("李秀英", date(1962, 3, 3), 22)]
    report = check_rows(read_register(write_csv(tmp_path / "r.csv", rows)).rows, ELECTION_DAY)
    assert found(report) == [] and [r.number for r in report.rows] == [2, 4]


@pytest.mark.parametrize("header", [
    ["序号", "居民姓名", "性 别", "身份证号码（18位）", "出生年月", "所在小组", "户编号", "现住址", "联系电话"],
    ["序号", "参选居民姓名", "性别", "居民身份证号码", "出生时间", "组别", "户号", "居住地址", "备注"],
    ["编号", "姓名", "性别", "身份号码", "出生日期", "小组名称", "户号", "住址", "民族"],
    ["序号", "姓名", "性别", "身份证件号码", "出生日期", "组号", "户号", "住址", "民族"],
])
def test_header_synonyms_of_real_templates_are_understood(tmp_path: Path, header: list[str]) -> None:
    number = person_id(date(1960, 1, 2), 11)
    rows = [header, ["1", "王建国", "男", number, "1960-01-02", "第3组", "0001", "东湖路1号", "汉族"]]
    report = check_rows(read_register(write_csv(tmp_path / "r.csv", rows)).rows, ELECTION_DAY)
    assert found(report) == []
    assert report.rows[0].group == 3


def test_sex_written_as_the_national_code_1_or_2_is_understood(tmp_path: Path) -> None:
    rows = [HEADER, clean_row("王建国", date(1960, 1, 2), 11), clean_row("李秀英", date(1962, 3, 3), 22)]
    rows[1][1], rows[2][1] = "1", "2"
    report = check_rows(read_register(write_csv(tmp_path / "r.csv", rows)).rows, ELECTION_DAY)
    assert found(report) == []


def test_birth_dates_with_a_time_of_day_from_an_export_are_read(tmp_path: Path) -> None:
    rows = [HEADER, clean_row("王建国", date(1960, 1, 2), 11)]
    rows[1][3] = "1960/1/2 0:00"
    report = check_rows(read_register(write_csv(tmp_path / "r.csv", rows)).rows, ELECTION_DAY)
    assert found(report) == []


def test_excel_unicode_text_export_is_read(tmp_path: Path) -> None:
    rows = [HEADER, clean_row("王建国", date(1960, 1, 2), 11), clean_row("", date(1961, 1, 2), 13)]
    text = "\r\n".join("\t".join(r) for r in rows) + "\r\n"
    path = tmp_path / "register.txt"
    path.write_bytes(text.encode("utf-16"))       # Excel's "Unicode text": UTF-16 with BOM, tab-separated
    report = check_rows(read_register(path).rows, ELECTION_DAY)
    assert found(report) == [(3, "missing_name")]


def test_a_workbook_whose_first_sheet_is_instructions_is_read_from_the_register_sheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "填表说明"
    notes.append(["1. 姓名按户口本填写"])
    notes.append(["2. 身份证号请设为文本格式"])
    sheet = book.create_sheet("登记表")
    sheet.append(HEADER)
    sheet.append(clean_row("王建国", date(1960, 1, 2), 11))
    book.save(str(tmp_path / "r.xlsx"))
    report = check_rows(read_register(tmp_path / "r.xlsx").rows, ELECTION_DAY)
    assert found(report) == [] and len(report.rows) == 1


def run_check(capsys: pytest.CaptureFixture[str], *args: str) -> list[tuple[int, str]]:
    assert main(["register", "check", *args]) == 0
    report = json.loads(capsys.readouterr().out)
    return [(p["row"], p["code"]) for p in report["problems"]]


def test_a_person_already_registered_in_another_community_is_found_by_the_cli(
        capsys: pytest.CaptureFixture[str], district: DataFile, tmp_path: Path) -> None:
    db = str(district.path)
    mover = clean_row("何迁", date(1970, 2, 2), 31, community="西园社区")
    xiyuan = write_csv(tmp_path / "西园.csv", [HEADER, mover])
    assert main(["register", "import", str(xiyuan), "--db", db]) == 0
    capsys.readouterr()
    again = [*mover[:2], mover[2].lower().translate(FULL_WIDTH), *mover[3:6], "东湖社区", *mover[7:]]
    donghu = write_csv(tmp_path / "东湖.csv", [HEADER, clean_row("王建国", date(1960, 1, 2), 11), again],
                       encoding="gbk", title=TITLE)
    assert run_check(capsys, str(donghu), "--db", db, "--election-day", "2011-04-10") == [
        (4, "duplicate_in_register")]
    assert run_check(capsys, str(write_wps_xlsx(tmp_path / "wps.xlsx")), "--election-day", "2011-04-10") == EXPECTED


@pytest.mark.parametrize("written", ["东湖社区", "东湖", "东湖社区居委会", "东湖居委会", "东湖社区居民委员会", "C01", "c01",
                                     " 东湖社区 "])
def test_the_community_written_as_clerks_write_it_is_recognised(district: DataFile, tmp_path: Path,
                                                                 written: str) -> None:
    from app.register.context import load_context

    path = write_csv(tmp_path / "r.csv", [HEADER, clean_row("王建国", date(1960, 1, 2), 11, community=written)])
    report = check_rows(read_register(path).rows, ELECTION_DAY, load_context(district.conn))
    assert found(report) == [] and report.rows[0].community == "C01"


def test_an_old_and_a_new_id_number_of_one_person_are_a_duplicate(tmp_path: Path) -> None:
    new = person_id(date(1950, 1, 1), 151)
    old = new[:6] + new[8:17]
    rows = [HEADER, clean_row("赵老", date(1950, 1, 1), 151), clean_row("赵老", date(1950, 1, 1), 151)]
    rows[2][2] = old
    report = check_rows(read_register(write_csv(tmp_path / "r.csv", rows)).rows, ELECTION_DAY)
    assert found(report) == [(3, "duplicate_in_file")]


def test_an_excel_date_serial_in_the_birth_date_column_is_read_as_a_date(tmp_path: Path) -> None:
    rows: list[list[object]] = [list(HEADER), clean_row("王建国", date(1960, 1, 2), 11)]
    rows[1][3] = (date(1960, 1, 2) - date(1899, 12, 30)).days     # a date cell whose format was set to General
    report = check_rows(read_register(write_xlsx_plain(tmp_path / "r.xlsx", rows)).rows, ELECTION_DAY)
    assert found(report) == []


@pytest.mark.parametrize("category", ["户籍人口", "本地户籍", "户籍居民", "人户分离人员", "非户籍"])
def test_registration_categories_as_templates_word_them_are_understood(tmp_path: Path, category: str) -> None:
    row = clean_row("王建国", date(1960, 1, 2), 11)
    row[7] = category
    report = check_rows(read_register(write_csv(tmp_path / "r.csv", [HEADER, row])).rows, ELECTION_DAY)
    assert found(report) == []
    assert report.rows[0].category == ("resident" if category in ("人户分离人员", "非户籍") else "hukou")


def test_a_bracketed_remark_in_a_header_cell_is_ignored(tmp_path: Path) -> None:
    header = ["姓名【必填】", "性别", "公民身份号码\n（18位，文本格式）", "出生日期", "*居民小组"]
    rows = [header, clean_row("王建国", date(1960, 1, 2), 11)[:5]]
    report = check_rows(read_register(write_csv(tmp_path / "r.csv", rows)).rows, ELECTION_DAY)
    assert found(report) == [] and len(report.rows) == 1


def write_xlsx_plain(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(str(path))
    return path


@pytest.mark.parametrize("sign_off", [
    ["", "制表人：", "张三", "审核人：", "李四", "", "", "", "", ""],
    ["填表人", "张三", "", "审核人", "李四", "日期", "2011.3.20", "", "", ""],
    ["", "张三（制表）", "", "", "", "", "", "", "", ""],
])
def test_a_sign_off_row_with_names_in_their_own_cells_is_not_a_voter(tmp_path: Path, sign_off: list[str]) -> None:
    rows = [HEADER, clean_row("王建国", date(1960, 1, 2), 11), sign_off]
    report = check_rows(read_register(write_csv(tmp_path / "r.csv", rows)).rows, ELECTION_DAY)
    assert found(report) == [] and len(report.rows) == 1


@pytest.mark.parametrize("column, value", [(1, "男\u200b"), (7, "户籍\u200b"), (3, "1960-01-02\u200b"),
                                           (1, "男 性"), (4, "第 3 组")])
def test_invisible_characters_and_stray_spaces_in_other_cells_are_not_faults(tmp_path: Path, column: int,
                                                                            value: str) -> None:
    row = clean_row("王建国", date(1960, 1, 2), 11)
    row[column] = value
    report = check_rows(read_register(write_csv(tmp_path / "r.csv", [HEADER, row])).rows, ELECTION_DAY)
    assert found(report) == []


@pytest.mark.parametrize("written, codes", [("1960", []), ("1960年", []), ("1961", ["birthdate_mismatch"])])
def test_a_birth_year_alone_is_checked_against_the_id_number(tmp_path: Path, written: str, codes: list[str]) -> None:
    row = clean_row("王建国", date(1960, 1, 2), 11)
    row[3] = written
    report = check_rows(read_register(write_csv(tmp_path / "r.csv", [HEADER, row])).rows, ELECTION_DAY)
    assert found(report) == [(2, code) for code in codes]


def dressed_row(rnd: random.Random, k: int) -> list[object]:
    """A clean person's row, written in one of the many ways clerks and exporters write each cell."""
    born = date(1925, 1, 1) + timedelta(days=rnd.randrange(0, (date(1993, 4, 10) - date(1925, 1, 1)).days + 1))
    number = person_id(born, rnd.randrange(1, 999), rnd.choice(["440112", "110105", "320102"]))
    male = int(number[16]) % 2 == 1
    ways_id = [number, number.lower(), number.translate(FULL_WIDTH), f" {number} ", f"{number[:6]} {number[6:14]} "
               f"{number[14:]}", "'" + number, f"\t{number}"]
    if born.year < 2000 and number[-1] != "X":
        ways_id.append(number[:6] + number[8:17])        # the old 15-digit form
    ways_sex = ["男", "男性", "M", "male", "1", "男 "] if male else ["女", "女性", "F", "female", "2", "Ｆ"]
    ways_date = [born.isoformat(), f"{born.year}.{born.month}.{born.day}", f"{born:%Y%m%d}",
                 f"{born.year}年{born.month}月{born.day}日", f"{born.year}/{born.month}/{born.day}",
                 f"{born.year}年{born.month}月", str(born.year), ""]
    group = rnd.randrange(1, 13)
    cn = "零一二三四五六七八九十"
    group_cn = cn[group] if group <= 10 else "十" + cn[group - 10]
    ways_group = [str(group), f"{group:02d}", f"第{group}组", f"{group_cn}组", f"第{group_cn}居民小组", f"{group}组",
                  f"第{group}居民小组"]
    surname, given = rnd.choice("王李张刘陈杨黄赵吴周欧单曾"), rnd.choice(["伟", "秀英", "建国", "芳", "志强"])
    ways_name = [surname + given, f"{surname}\u3000{given}" if len(given) == 1 else surname + given,
                 f" {surname}{given} ", surname + "\u200b" + given]
    return [k, rnd.choice(ways_name), rnd.choice(ways_sex), rnd.choice(ways_id), rnd.choice(ways_date),
            rnd.choice(ways_group), f"{k:04d}", "", ""]


def test_two_thousand_clean_people_written_every_usual_way_give_no_problem(tmp_path: Path) -> None:
    rnd = random.Random(3)
    rows = [[TITLE], WPS_HEADER]
    seen: set[str] = set()
    while len(rows) < 2002:
        row = dressed_row(rnd, len(rows) - 1)
        number = parse_id(str(row[3])).number
        if number not in seen:
            seen.add(number)
            rows.append(row)
    rows += [[], ["", "制表人：张三", "", "审核人：李四"]]
    path = tmp_path / "register.csv"
    with path.open("w", encoding="gb18030", newline="") as f:
        csv.writer(f).writerows(rows)
    report = check_rows(read_register(path).rows, ELECTION_DAY)
    assert found(report)[:5] == [] and len(report.rows) == 2000


def test_a_form_heading_with_community_and_group_labels_above_the_header_is_not_the_header(tmp_path: Path) -> None:
    rows = [[TITLE], ["社区：", "东湖社区", "小组：", "第三组", "填报日期：", "2011-03-20"], HEADER,
            clean_row("王建国", date(1960, 1, 2), 11), clean_row("", date(1961, 1, 2), 13)]
    table = read_register(write_csv(tmp_path / "r.csv", rows))
    assert table.header_row == 3
    assert found(check_rows(table.rows, ELECTION_DAY)) == [(5, "missing_name")]


def test_the_wps_export_imports_its_clean_rows_with_clean_names_that_lookup_finds(
        capsys: pytest.CaptureFixture[str], district: DataFile, tmp_path: Path) -> None:
    from app.register.lookup import lookup

    path = write_wps_xlsx(tmp_path / "wps.xlsx")
    assert main(["register", "import", str(path), "--db", str(district.path), "--community", "东湖居委会"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["rows"], result["imported"]) == (15, 7)
    assert [(p["row"], p["code"]) for p in result["problems"]] == EXPECTED
    assert [r.name for r in lookup(district.conn, "陈明")] == ["陈明"]
    assert [r.name for r in lookup(district.conn, "zhaolao")] == ["赵老"]
