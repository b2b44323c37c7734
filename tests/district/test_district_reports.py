"""The district's statistics and weekly report, printed and read back; the commands that make them."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli import main
from app.db import DataFile
from app.district import district_summary
from app.exchange import import_packages
from app.reports.district_stats import stats_pdf, stats_xlsx
from app.reports.weekly import weekly_pdf

SEED_STYLE = ("全区2个社区居委会共登记有效参选居民16人，推选出居民小组长（居民代表）0人和企业（单位）代表2人。"
              "选举产生新一届社区居委会成员11名，其中主任2名，副主任4名，委员5名")


def _text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages).replace("\n", "")


def test_statistics_pdf_says_the_seed_paragraph_with_the_districts_numbers(
        district: DataFile, packages: list[Path], tmp_path: Path) -> None:
    import_packages(district, packages)
    doc = stats_pdf(district_summary(district.conn), tmp_path / "stats.pdf", title="示范区基本情况", is_test=True)
    text = _text(doc.path)
    assert SEED_STYLE in text
    assert "1个社区一次选举成功，0个社区经另行选举完成，1个社区需另行选举，0个社区尚未完成" in text
    assert "参选率93.8%" in text and "中心会场" in text and "东湖社区" in text
    fonts = subprocess.run(["pdffonts", str(doc.path)], capture_output=True, text=True, check=True).stdout
    drawn = fonts.splitlines()[2:]     # every font: the charts' too, none left to reportlab's Helvetica
    assert drawn and all(" yes " in line and "WenQuanYi" in line for line in drawn), fonts


def test_statistics_workbook_has_a_sheet_per_table(district: DataFile, packages: list[Path], tmp_path: Path) -> None:
    import_packages(district, packages)
    wb = load_workbook(stats_xlsx(district_summary(district.conn), tmp_path / "stats.xlsx"))
    assert wb.sheetnames == ["基本情况", "各社区", "投票方式", "当选成员构成", "当选成员名单"]
    assert str(wb["基本情况"]["A1"].value).startswith(SEED_STYLE)
    rows = list(wb["各社区"].iter_rows(values_only=True))
    assert rows[1][:6] == ("东湖社区", 11, 11, 11, 100.0, "一次选举成功")
    assert rows[2][5] == "需另行选举"
    places = dict(list(wb["投票方式"].iter_rows(values_only=True))[1:])
    assert places == {"中心会场": 9, "投票站": 5, "流动票箱": 1, "委托投票": 1}
    members = list(wb["当选成员名单"].iter_rows(values_only=True))
    assert len(members) == 12 and members[1][:3] == ("东湖社区", "主任", "李秀英")


def test_weekly_report_shows_each_communitys_stage_and_open_problems(
        district: DataFile, packages: list[Path], tmp_path: Path) -> None:
    import_packages(district, packages)
    doc = weekly_pdf(district.conn, district_summary(district.conn), tmp_path / "weekly.pdf",
                     week_ending=date.today(), title="每周一报", is_test=False)
    text = _text(doc.path)
    assert "东湖社区" in text and "已完成第1个环节：选举委员会产生" in text
    assert "西园社区" in text and "尚无已完成的环节" in text
    assert "本周：已发放选票 ×9；" in text and "数据包已导入 ×2" in text
    assert "待解决问题：" in text and "2 places" not in text


def test_merge_and_reports_through_the_command_line(
        district: DataFile, packages: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    import_packages(district, packages)
    db = str(district.path)
    district.close()
    assert main(["merge", db, "--json"]) == 0
    merged = json.loads(capsys.readouterr().out)
    assert merged["totals"]["members"] == 11 and len(merged["problems"]) == 2
    assert main(["report", "stats", db, "--xlsx", str(tmp_path / "s.xlsx"), "--pdf", str(tmp_path / "s.pdf")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["paragraph"].startswith(SEED_STYLE) and out["pages"] == 2
    assert main(["report", "weekly", db, "--pdf", str(tmp_path / "w.pdf"), "--week-ending",
                 date.today().isoformat()]) == 0
    assert json.loads(capsys.readouterr().out)["pages"] >= 1
    assert (tmp_path / "w.pdf").stat().st_size > 1000
