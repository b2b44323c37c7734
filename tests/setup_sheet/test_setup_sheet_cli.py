"""`polldesk package setup --place all --sheet`, `print setup-sheets`, and a sheet refused on the stick."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app.cli import main
from tests.reports.reports_readback import pdf_text
from tests.setup_sheet.conftest import ADMIN, ADMIN_PASSWORD, CLERK, CLERK_PASSWORD


def test_every_place_s_package_and_sheet_in_one_go_then_a_station_loads_with_the_printed_code(
        tmp_path: Path, district_path: Path, capsys: pytest.CaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLLDESK_PASSWORD", ADMIN_PASSWORD)
    stick, sheet = tmp_path / "usb", tmp_path / "docs" / "设置单.pdf"
    assert main(["package", "setup", str(district_path), "--place", "all", "--out", str(stick),
                 "--sheet", str(sheet), "--user", ADMIN]) == 0
    made = json.loads(capsys.readouterr().out)
    assert [p["place"] for p in made["packages"]] == ["C01-M1", "C01-S1", "C01-Z", "C02-M1", "C02-S1", "C02-Z"]
    assert made["sheet"] == str(sheet) and made["sheet_pages"] == 6 and "U盘" in made["sheet_warning"]
    assert sorted(p.name for p in stick.iterdir()) == sorted(Path(p["package"]).name for p in made["packages"])
    text = pdf_text(sheet)
    assert all(p["setup_code"] in text for p in made["packages"])
    station = next(p for p in made["packages"] if p["place"] == "C02-S1")
    monkeypatch.setenv("POLLDESK_PASSWORD", "chief-pass-2011")
    assert main(["package", "load-setup", station["package"], "--db", str(tmp_path / "C02-S1.polldesk"),
                 "--unencrypted", "--district-fingerprint", made["district_fingerprint"],
                 "--setup-code", station["setup_code"]]) == 0
    assert json.loads(capsys.readouterr().out)["station"] == "C02-S1"

    monkeypatch.setenv("POLLDESK_PASSWORD", ADMIN_PASSWORD)
    again = tmp_path / "again.pdf"
    assert main(["print", "setup-sheets", str(district_path), "--out", str(again), "--place", "C02-S1",
                 "--user", ADMIN]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["places"] == ["C02-S1"] and printed["sheet_pages"] == 1
    assert re.findall(r"[0-9A-Z]{4}(?:-[0-9A-Z]{4}){4}", pdf_text(again)) == [station["setup_code"]]
    assert main(["package", "setup-codes", str(district_path), "--user", ADMIN,
                 "--sheet", str(tmp_path / "codes.pdf")]) == 0
    assert json.loads(capsys.readouterr().out)["sheet_pages"] == 6


def test_one_place_still_prints_its_code_at_the_top_and_repeated_places_are_allowed(
        tmp_path: Path, district_path: Path, capsys: pytest.CaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLLDESK_PASSWORD", ADMIN_PASSWORD)
    base = ["package", "setup", str(district_path), "--out", str(tmp_path / "usb"), "--user", ADMIN]
    assert main([*base, "--place", "C01-S1"]) == 0
    one = json.loads(capsys.readouterr().out)
    assert one["package"].endswith("test-2011_C01-S1_setup.zip") and len(one["setup_code"]) == 24
    assert "sheet" not in one
    assert main([*base, "--place", "C01-Z", "--place", "C02-Z"]) == 0
    assert [p["place"] for p in json.loads(capsys.readouterr().out)["packages"]] == ["C01-Z", "C02-Z"]


def test_a_sheet_in_the_package_folder_or_a_clerk_is_refused_and_nothing_is_made(
        tmp_path: Path, district_path: Path, capsys: pytest.CaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    stick = tmp_path / "usb"
    monkeypatch.setenv("POLLDESK_PASSWORD", ADMIN_PASSWORD)
    assert main(["package", "setup", str(district_path), "--place", "all", "--out", str(stick),
                 "--sheet", str(stick / "sheets.pdf"), "--user", ADMIN]) == 2
    assert "不能保存在初始数据包所在的文件夹" in capsys.readouterr().err
    monkeypatch.setenv("POLLDESK_PASSWORD", CLERK_PASSWORD)
    assert main(["package", "setup", str(district_path), "--place", "all", "--out", str(stick),
                 "--sheet", str(tmp_path / "sheets.pdf"), "--user", CLERK]) != 0
    assert main(["print", "setup-sheets", str(district_path), "--out", str(tmp_path / "s.pdf"),
                 "--user", CLERK]) != 0
    capsys.readouterr()
    assert not stick.exists() and not (tmp_path / "sheets.pdf").exists() and not (tmp_path / "s.pdf").exists()
