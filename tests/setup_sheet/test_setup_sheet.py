"""The setup sheet read back: one page a place with its code and the district fingerprint, its fonts embedded,
no voter on it, and a code read off the sheet opens that place's package."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.auth import Session
from app.db import DataFile
from app.errors import PollDeskError
from app.exchange import district_fingerprint, load_setup_package
from app.i18n import set_language
from app.reports.setup_sheet import issue_setup_packages, latest_codes, setup_places, setup_sheets_pdf
from tests.reports.reports_readback import pdf_fonts, pdf_text
from tests.setup_sheet.conftest import VOTERS

CODE = re.compile(r"[0-9A-Z]{4}(?:-[0-9A-Z]{4}){4}")


def _pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(str(path)).pages]


def test_every_place_gets_a_page_with_its_code_and_the_district_fingerprint(
        tmp_path: Path, district: DataFile, admin: Session) -> None:
    places = [p.code for p in setup_places(district)]
    issued = issue_setup_packages(district, places, tmp_path / "usb", tmp_path / "docs" / "sheets.pdf",
                                  session=admin)
    assert issued.sheet is not None and issued.sheet.pages == len(places) == 6 and issued.sheet.voters == 0
    pages = _pages(issued.sheet.path)
    groups = district_fingerprint(district.conn).split()
    for page, code in zip(pages, issued.codes, strict=True):
        assert "投票站初始设置单" in page and "第四届社区居委会换届选举" in page
        assert code.setup_code in page and code.file in page and code.package_id in page
        assert f"({code.place_code})" in page
        assert " ".join(groups[:8]) in page and " ".join(groups[8:]) in page
        assert "文件 > 从初始数据包建立投票站文件" in page and "删除U盘上的初始数据包" in page
        assert "交付人" in page and "接收人" in page
        assert [c for c in CODE.findall(page)] == [code.setup_code]    # only its own code
    assert "东湖社区第一投票站 (C01-S1)" in pages[1] and "东湖社区 (C01)" in pages[1]
    text = "\n".join(pages)
    for _, name, number in VOTERS:
        assert name not in text and number not in text and number[-4:] + " " not in text
    fonts = pdf_fonts(issued.sheet.path).splitlines()[2:]
    assert len(fonts) == 2 and all(" yes yes " in line for line in fonts), fonts    # the CJK and the code face
    assert any("WenQuanYi" in line for line in fonts)


def test_a_code_read_off_the_sheet_opens_its_package_and_no_other(
        tmp_path: Path, district: DataFile, admin: Session) -> None:
    issued = issue_setup_packages(district, ["C01-S1", "C02-S1"], tmp_path / "usb", tmp_path / "sheets.pdf",
                                  session=admin)
    assert issued.sheet is not None
    first, second = (CODE.findall(page)[0] for page in _pages(issued.sheet.path))
    fingerprint = re.sub(r"\s+", " ", _pages(issued.sheet.path)[0].split("区选举办密钥指纹")[1]).strip()[:79]
    assert fingerprint == district_fingerprint(district.conn)
    package = tmp_path / "usb" / issued.codes[0].file
    with pytest.raises(PollDeskError) as refused:
        load_setup_package(package, tmp_path / "wrong.polldesk", district_fingerprint=fingerprint, setup_code=second)
    assert refused.value.code == "wrong_setup_code" and not (tmp_path / "wrong.polldesk").exists()
    with load_setup_package(package, tmp_path / "C01-S1.polldesk", district_fingerprint=fingerprint,
                            setup_code=first.lower().replace("-", " ")) as station:
        assert station.place_code == "C01-S1"
        assert station.conn.execute("SELECT COUNT(*) FROM voters").fetchone()[0] == 2


def test_sheets_printed_again_are_the_newest_code_of_each_place_in_english(
        tmp_path: Path, district: DataFile, admin: Session) -> None:
    issue_setup_packages(district, ["C01-S1"], tmp_path / "usb", session=admin)
    again = issue_setup_packages(district, ["C01-S1", "C02-Z"], tmp_path / "usb2", session=admin)
    codes = latest_codes(district, session=admin)
    assert [c.setup_code for c in codes] == [c.setup_code for c in again.codes]
    set_language("en")
    printed = setup_sheets_pdf(district, codes, tmp_path / "again.pdf")
    text = pdf_text(printed.path)
    assert "Setup sheet for a voting place" in text and "Setup code" in text and "For the station chief" in text
    assert "File > Set up this station from a setup package" in text
    assert all(c.setup_code in text for c in again.codes) and printed.pages == 2


def test_a_sheet_on_the_stick_or_a_clerk_making_packages_is_refused(
        tmp_path: Path, district: DataFile, admin: Session, clerk: Session) -> None:
    stick = tmp_path / "usb"
    for sheet in (stick / "sheets.pdf", stick / "copies" / "sheets.pdf"):
        with pytest.raises(PollDeskError) as refused:
            issue_setup_packages(district, ["C01-S1"], stick, sheet, session=admin)
        assert refused.value.code == "sheet_with_packages" and "不能保存" in refused.value.message
    with pytest.raises(PollDeskError) as forbidden:
        issue_setup_packages(district, ["C01-S1"], stick, tmp_path / "sheets.pdf", session=clerk)
    assert forbidden.value.code == "forbidden"
    with pytest.raises(PollDeskError) as unknown:
        issue_setup_packages(district, ["C09-S1"], stick, tmp_path / "sheets.pdf", session=admin)
    assert unknown.value.code == "unknown_place"
    assert not stick.exists() and not (tmp_path / "sheets.pdf").exists()
    assert latest_codes(district) == []
    with pytest.raises(PollDeskError) as nothing:
        setup_sheets_pdf(district, [], tmp_path / "none.pdf")
    assert nothing.value.code == "no_setup_codes"
