"""`polldesk register ...` as the district office runs it: JSON out, exit 0 when it ran, 2 when it could not."""

from __future__ import annotations

import io
import json
import time
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from registerkit import HEADER, clean_row, person_id, write_csv

from app.cli import main
from app.db import DataFile


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:
    code = main(["register", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip() else {}, err


def faulty_file(tmp_path: Path) -> Path:
    wrong = clean_row("李秀英", date(1962, 3, 3), 22)
    wrong[1] = "男"
    return write_csv(tmp_path / "东湖.csv", [HEADER, clean_row("王建国", date(1960, 1, 2), 11), wrong],
                     encoding="gbk", title="东湖社区参选居民登记表")


def test_check_with_problems_still_exits_0_and_prints_the_report(capsys: pytest.CaptureFixture[str],
                                                                tmp_path: Path) -> None:
    code, report, _ = run(capsys, "check", str(faulty_file(tmp_path)), "--election-day", "2011-04-10")
    assert code == 0
    assert report["rows"] == 2 and report["valid"] == 1
    assert [(p["row"], p["code"]) for p in report["problems"]] == [(4, "sex_mismatch")]
    assert "性别一栏为男" in report["problems"][0]["message"]


def test_unreadable_file_exits_2_with_a_chinese_message(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", [["姓名", "性别", "小组"], ["王建国", "男", "1"]])
    code, out, err = run(capsys, "check", str(path), "--election-day", "2011-04-10")
    assert (code, out) == (2, {})
    assert "缺少“公民身份号码”列" in err and "姓名、性别、小组" in err


def test_check_without_election_day_or_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "check", str(faulty_file(tmp_path)))[0] == 2
    code, _, err = run(capsys, "check", str(tmp_path / "nowhere.csv"), "--election-day", "2011-04-10")
    assert code == 2 and "无法打开文件" in err


def test_report_saved_as_xlsx_and_pdf_names_no_full_id(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    xlsx, pdf = tmp_path / "report.xlsx", tmp_path / "report.pdf"
    code, _, _ = run(capsys, "check", str(faulty_file(tmp_path)), "--election-day", "2011-04-10",
                     "--xlsx", str(xlsx), "--pdf", str(pdf))
    assert code == 0
    sheet = openpyxl.load_workbook(xlsx).active
    assert sheet is not None
    cells = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert cells[0][0] == "参选居民登记检查报告"
    assert list(cells[-1][:2]) == [4, "sex_mismatch"]
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "参选居民登记检查报告" in text and "东湖.csv" in text and "sex_mismatch" in text
    number = person_id(date(1962, 3, 3), 22)
    assert number not in text and number not in json.dumps(cells, default=str)
    assert number[:6] + "********" + number[-4:] in text


def test_import_then_check_against_the_district_finds_them_registered(
        capsys: pytest.CaptureFixture[str], district: DataFile, tmp_path: Path) -> None:
    path = faulty_file(tmp_path)
    db = str(district.path)
    code, result, _ = run(capsys, "import", str(path), "--db", db)
    assert code == 0 and (result["imported"], result["skipped"]) == (1, 1)
    code, report, _ = run(capsys, "check", str(path), "--db", db)
    assert code == 0
    assert [(p["row"], p["code"]) for p in report["problems"]] == [(3, "duplicate_in_register"), (4, "sex_mismatch")]


def test_the_import_report_says_where_its_time_went(capsys: pytest.CaptureFixture[str], district: DataFile,
                                                   tmp_path: Path) -> None:
    started = time.perf_counter()
    code, result, _ = run(capsys, "import", str(faulty_file(tmp_path)), "--db", str(district.path))
    took = time.perf_counter() - started
    assert code == 0
    assert list(result["seconds"]) == ["read", "check", "write", "search_index", "commit"]
    assert all(value >= 0 for value in result["seconds"].values())
    assert 0 < sum(result["seconds"].values()) <= took


def test_add_remove_and_resolve_from_the_command_line(capsys: pytest.CaptureFixture[str], district: DataFile,
                                                      tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(district.path)
    number = person_id(date(1993, 4, 1), 24)
    monkeypatch.setenv("POLLDESK_ID_NUMBER", number)    # read like a password: never an argument
    code, added, _ = run(capsys, "add", "--db", db, "--name", "孙丽", "--group", "2",
                         "--community", "C01", "--reason", "newly_18")
    assert code == 0 and added["id_masked"] == number[:6] + "********" + number[-4:]
    monkeypatch.delenv("POLLDESK_ID_NUMBER")
    monkeypatch.setattr("sys.stdin", io.StringIO(number + "\n"))
    code, _, err = run(capsys, "add", "--db", db, "--name", "孙丽", "--group", "2",
                       "--community", "C02", "--reason", "moved_in")
    assert code == 2 and "已在东湖社区登记" in err
    assert run(capsys, "duplicates", "--db", db)[1] == {"duplicates": []}
    code, removed, _ = run(capsys, "remove", str(added["added"]), "--db", db, "--reason", "died")
    assert code == 0 and removed == {"removed": added["added"], "reason": "died"}
    code, _, err = run(capsys, "resolve", "0" * 64, "--keep", str(added["added"]), "--db", db)
    assert code == 2 and err
