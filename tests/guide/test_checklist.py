"""The election-day checklist printed from a station or district file, read back from the PDF."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from pypdf import PdfReader

from app.db import create_data_file, open_data_file
from app.election.definition import definition_from_dict
from app.election.store import store_definition
from app.exchange import export_station_package, import_packages
from app.i18n import set_language
from app.reports.checklist import checklist_pdf, place_rows
from tests.conftest import small_definition_dict
from tests.datafiles import polldesk_command


def _text(pdf: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)


def _flat(text: str) -> str:
    """The text without line breaks and spaces (a wrapped step reads as one)."""
    return "".join(text.split())


def _polldesk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*polldesk_command(), *args], capture_output=True, text=True, timeout=120)


def test_station_checklist_names_the_station_the_election_and_every_step_in_chinese(
        demo_copy: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "checklist.pdf"
    run = _polldesk("checklist", str(demo_copy["station"]), "--out", str(out))
    assert run.returncode == 0, run.stderr
    said = json.loads(run.stdout)
    assert said["kind"] == "station" and said["place"] == "C02-Z" and said["pages"] == 2
    assert PdfReader(str(out)).metadata.title == "选举日工作清单"
    text = _flat(_text(out))
    for words in ("选举日工作清单", "太平社区中心会场（C02-Z）", "第四届社区居委会换届选举", "选举日：2011年4月10日",
                  "开始投票前", "投票进行中", "结束投票", "计票", "笔记本电脑已充满电",
                  "当着选民和监票人的面验看票箱是空的", "每个整点", "结束投票时已备份", "监票人、唱票人、计票人",
                  "选举结果报告单已打印", "可以安全拔出U盘", "17:00", "第1页共2页"):
        assert words in text, words
    assert "测试" in text            # the demo is a test-mode election: every page says so
    assert "Laptop" not in text


def test_station_checklist_in_english_with_lang_en(demo_copy: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "checklist-en.pdf"
    run = _polldesk("checklist", str(demo_copy["station"]), "--out", str(out), "--lang", "en")
    assert run.returncode == 0, run.stderr
    text = _text(out)
    for words in ("Election-day checklist", "Place: 太平社区中心会场 (C02-Z)", "Before opening", "During the poll",
                  "Closing the poll", "Counting", "Poll > Close the poll", "safely unplugged", "TEST"):
        assert words in text, words
    assert "笔记本" not in text


def test_checklist_embeds_the_cjk_font(demo_copy: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "checklist.pdf"
    with open_data_file(demo_copy["station"]) as df:
        checklist_pdf(df, out)
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    drawn = [line.split() for line in fonts.splitlines()[2:]]     # every font, none left unembedded
    assert drawn and all("WenQuanYi" in row[0] and row[-5] == "yes" for row in drawn), fonts


def test_district_checklist_lists_every_place_and_marks_the_imported_package(
        demo_copy: dict[str, Path], tmp_path: Path) -> None:
    with open_data_file(demo_copy["station"]) as station:
        package = export_station_package(station, tmp_path / "stick")
    with open_data_file(demo_copy["district"]) as district:
        assert [o.status for o in import_packages(district, [package])] == ["imported"]
        rows = place_rows(district.conn)
        document = checklist_pdf(district, tmp_path / "district.pdf")
    assert [r.code for r in rows if r.imported] == ["C02-Z"]
    text = _flat(_text(document.path))
    for words in ("选举日工作清单", "选举日之前", "选民名册已导入并检查：不错、不重、不漏", "各投票地点的数据包",
                  "结果包已导入", "汇总结果已锁定为正式结果", "polldeskdistrictlock"):
        assert words in text, words
    assert all(r.code in text for r in rows) and len(rows) >= 19 * 2   # a central venue and a mobile box each
    table = text.replace("编号投票地点类型设置包已交付结果包已导入", "C")   # the heading repeats on each page

    def row_text(code: str) -> str:
        return table.split(code, 1)[1].split("C", 1)[0]

    assert row_text("C02-Z").endswith("中心会场已导入")
    assert all("已导入" not in row_text(r.code) for r in rows if r.code != "C02-Z")
    assert document.pages >= 2


def test_an_official_election_prints_no_test_watermark(tmp_path: Path) -> None:
    definition = definition_from_dict(small_definition_dict(mode="official"))
    path = tmp_path / "station.polldesk"
    with create_data_file(path, kind="station", election_id=definition.election.id, place_code="C01-S1") as df:
        store_definition(df, definition)
        document = checklist_pdf(df, tmp_path / "official.pdf")
    text = _flat(_text(document.path))
    assert "东湖社区第一投票站（C01-S1）" in text and "测试" not in text
    set_language("en")
    with open_data_file(path) as df:
        english = _text(checklist_pdf(df, tmp_path / "official-en.pdf").path)
    assert "TEST" not in english and "Election-day checklist" in english
