"""The district office in the main window: the register and candidates pages, imports, read-only without users."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from app.auth import add_user
from app.db import open_data_file
from app.exchange import export_station_package
from ui.main import MainWindow
from ui.shell_imports import ImportResultsDialog

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ui_register"))

from register_screens_kit import clerk_rows, write_csv  # noqa: E402

ADMIN_PASSWORD = "district-office-1"


def _with_admin(path: Path) -> Path:
    with open_data_file(path) as df:
        add_user(df, None, "admin1", "district_admin", ADMIN_PASSWORD, "区选举办")
    return path


def _titles(window: MainWindow) -> list[str]:
    return [window.navigation.item(n).text() for n in range(window.navigation.count())]


def test_district_without_users_is_browsed_read_only_with_its_4000_voters_and_candidates(
        qtbot, open_and_wait, window: MainWindow, demo_district_file: Path) -> None:  # type: ignore[no-untyped-def]
    open_and_wait(window, demo_district_file)
    assert _titles(window) == ["1  选举", "2  社区", "3  投票地点", "4  选举项目", "5  选民", "6  候选人", "7  全区进度"]
    assert window.banner.isVisible() and "只读" in window.banner.text()
    assert "polldesk users add" in window.banner.text() and "--role district_admin" in window.banner.text()
    assert window.user_label.text() == "只读：无人登录"
    assert not window.shell.register_action.isEnabled()  # type: ignore[union-attr]
    assert not window.shell.packages_action.isEnabled()  # type: ignore[union-attr]
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    register = window.page("register")
    assert window.stack.currentWidget() is register
    assert register.model.rowCount() == 4000 and register.count_label.text() == "显示 4,000 名选民"
    assert register.search_box.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    candidates = window.page("candidates")
    assert window.stack.currentWidget() is candidates
    assert candidates.community.count() == 19
    contests = [candidates.tree.topLevelItem(n).text(1) for n in range(candidates.tree.topLevelItemCount())]
    assert contests and contests[0].endswith("居民委员会选举")
    window.close_file()
    assert register.data_file is None


def test_imported_station_packages_are_listed_in_a_table_and_a_second_import_changes_nothing(
        qtbot, window: MainWindow, sign_in, demo_district_file: Path, station_file: Path,  # type: ignore[no-untyped-def]
        tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    with open_data_file(station_file) as station:
        package = export_station_package(station, stick)
    junk = stick / "shopping-list.zip"
    junk.write_bytes(b"not a package")
    sign_in(window, _with_admin(demo_district_file), "admin1", ADMIN_PASSWORD)
    assert window.user_label.text() == "admin1 · 区选举办管理员"
    assert window.user_label.toolTip() == "已登录：区选举办（admin1）— 区选举办管理员"
    assert not window.banner.isVisible()
    shell = window.shell
    assert shell.packages_action.isEnabled()  # type: ignore[union-attr]
    with qtbot.waitSignal(shell.packages_imported, timeout=20_000):  # type: ignore[union-attr]
        shell.import_packages([package, junk])  # type: ignore[union-attr]
    table = shell.dialog  # type: ignore[union-attr]
    assert isinstance(table, ImportResultsDialog)
    assert table.summary.text() == "导入 1 个，之前已导入 0 个，拒绝 1 个。"
    assert [table.cell(0, c) for c in range(4)] == [package.name, "C02-Z", "1", "已导入"]
    assert table.cell(1, 3) == "被拒绝" and table.cell(1, 4)
    table.accept()
    dialog = shell.choose_packages()  # type: ignore[union-attr]
    with qtbot.waitSignal(shell.packages_imported, timeout=20_000):  # type: ignore[union-attr]
        dialog.selectFile(str(package))
        dialog.accept()
    assert shell.dialog.cell(0, 3) == "之前已导入"  # type: ignore[union-attr]
    shell.dialog.accept()  # type: ignore[union-attr]


def test_importing_a_register_file_reloads_the_register_page(
        qtbot, window: MainWindow, sign_in, district_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sign_in(window, _with_admin(district_file), "admin1", ADMIN_PASSWORD)
    register = window.page("register")
    before = register.model.rowCount()
    path = write_csv(tmp_path / "东湖社区登记表.csv", clerk_rows(20), title="东湖社区参选居民登记表")
    wizard = window.shell.import_register()  # type: ignore[union-attr]
    wizard.file_page.path.setText(str(path))
    wizard.button(QWizard.WizardButton.NextButton).click()
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: wizard.check_page.finished, timeout=10_000)
    with qtbot.waitSignal(window.shell.register_reloaded, timeout=20_000):  # type: ignore[union-attr]
        wizard.button(QWizard.WizardButton.NextButton).click()
    assert register.model.rowCount() == before + 20
    assert window.overview.totals.voters >= 20  # type: ignore[union-attr]
    wizard.button(QWizard.WizardButton.NextButton).click()
    wizard.button(QWizard.WizardButton.FinishButton).click()


def test_a_copied_district_keeps_its_own_pages_after_closing_and_reopening(
        qtbot, open_and_wait, window: MainWindow, district_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    open_and_wait(window, district_file)
    first = window.page("register")
    copy = tmp_path / "copy.polldesk"
    shutil.copy(district_file, copy)
    open_and_wait(window, copy)
    assert first.data_file is None           # the old file's register page let go of it
    assert window.page("register").path == copy
    assert len(window.pages) == 7 and window.stack.count() == 7
