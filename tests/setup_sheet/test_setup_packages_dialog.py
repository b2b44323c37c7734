"""The district's dialog that makes setup packages and their sheets: two places, a sheet refused on the stick,
no dialog for a clerk, and its words whole in Chinese at 100 % and 200 % (screenshots kept in UI_SETUP_SHOTS)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.auth import Session
from app.db import DataFile
from tests.reports.reports_readback import pdf_text
from ui.setup_packages_dialog import SetupPackagesDialog, SetupPackagesMaker
from ui.shell_district import DistrictShell
from ui.theme import Look, apply_style
from ui.worker import Worker

SHOTS_ENV = "UI_SETUP_SHOTS"


@pytest.fixture
def window(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    win = QWidget()
    win.resize(1000, 700)
    qtbot.addWidget(win)
    win.show()
    return win


def _open(qtbot, window: QWidget, district: DataFile, session: Session) -> SetupPackagesDialog:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    worker = Worker(window, errors.append)
    maker = SetupPackagesMaker(window, district, session, worker.run)
    assert maker.action.isEnabled() and maker.action.text() == "制作投票站初始数据包(&M)…"
    dialog = maker.open_dialog()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_the_office_makes_two_places_packages_and_their_sheet(
        qtbot, window: QWidget, district: DataFile, admin: Session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, window, district, admin)
    items = dialog.place_items()
    assert len(items) == 6 and all(i.checkState(0) == Qt.CheckState.Checked for i in items)
    assert dialog.places.topLevelItem(0).text(0) == "东湖社区 (C01)"
    assert items[1].text(0) == "东湖社区第一投票站 (C01-S1) · 投票站"
    for item in items:
        if item.data(0, Qt.ItemDataRole.UserRole) not in ("C01-S1", "C02-S1"):
            item.setCheckState(0, Qt.CheckState.Unchecked)
    assert dialog.chosen_places() == ["C01-S1", "C02-S1"]
    assert dialog.places.topLevelItem(0).checkState(0) == Qt.CheckState.PartiallyChecked
    stick = tmp_path / "usb"
    assert "PollDesk" in dialog.sheet.text() and dialog.sheet.text().endswith(".pdf")
    qtbot.keyClicks(dialog.folder, str(stick))
    dialog.sheet.setText(str(stick / "sheets.pdf"))
    qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    assert "不能保存" in dialog.message.text() and dialog.focusWidget() is dialog.sheet and not stick.exists()
    sheet = tmp_path / "docs" / "sheets.pdf"
    dialog.sheet.setText(str(sheet))
    qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.made is not None, timeout=20_000)
    assert sorted(p.name for p in stick.iterdir()) == ["test-2011_C01-S1_setup.zip", "test-2011_C02-S1_setup.zip"]
    assert "2 个初始数据包" in dialog.message.text() and str(sheet) in dialog.message.text()
    assert dialog.results.rowCount() == 2 and dialog.results.item(1, 1).text() == "test-2011_C02-S1_setup.zip"
    assert dialog.open_button.isVisible() and not dialog.make_button.isEnabled()
    assert pdf_text(sheet).count("投票站初始设置单") == 2
    dialog.reject()


def test_a_clerk_cannot_open_the_dialog_nor_see_the_menu_item_enabled(
        qtbot, window: QWidget, district: DataFile, clerk: Session) -> None:  # type: ignore[no-untyped-def]
    worker = Worker(window, lambda _: None)
    shell = DistrictShell(window, district, clerk, [], worker.run)
    try:
        action = shell.setup_packages.action
        assert action in shell.file_actions and not action.isEnabled()
        assert shell.setup_packages.open_dialog() is None
        assert not window.findChildren(SetupPackagesDialog)
    finally:
        shell.close()


@pytest.mark.parametrize("scale", [100, 200])
def test_the_dialog_in_chinese_keeps_its_words_whole(
        qtbot, qapp: QApplication, window: QWidget, district: DataFile, admin: Session,  # type: ignore[no-untyped-def]
        tmp_path: Path, scale: int) -> None:
    from tests.ui_setup.test_dialog_screens import _squeezed

    apply_style(qapp, Look(scale))
    try:
        dialog = _open(qtbot, window, district, admin)
        dialog.folder.setText(str(tmp_path / "usb"))
        qtbot.wait(100)
        assert not _squeezed(dialog)
        screen = dialog.screen().availableGeometry()
        assert dialog.width() <= screen.width() and dialog.height() <= screen.height()
        folder = Path(os.environ.get(SHOTS_ENV) or tmp_path)
        folder.mkdir(parents=True, exist_ok=True)
        assert dialog.grab().save(str(folder / f"setup-packages-{scale}.png"))
        dialog.reject()
    finally:
        apply_style(qapp, Look(100))
