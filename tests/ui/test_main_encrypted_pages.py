"""An encrypted file's day in the main window: one password opens it, and every page and job works on it.

The desk, the register page (and its search thread), the import wizard and the worker's jobs each open a
connection of their own: they reopen the window's unlocked file with its key, so no password is asked again.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard

from app.auth import DEMO_PASSWORD, add_user
from app.db import open_data_file
from app.pollbook import poll_state
from app.vault.copies import encrypt_data_file
from app.vault.wrapping import KdfCost, set_kdf_cost
from ui.main import MainWindow
from ui.register.page import RegisterPage

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ui_desk"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ui_register"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "reports"))

from deskkit import issue_by_keyboard, voter_here  # noqa: E402
from register_screens_kit import clerk_rows, write_csv  # noqa: E402
from reports_readback import pdf_text  # noqa: E402

ADMIN_PASSWORD = "district-office-1"
SQLITE_HEADER = b"SQLite format 3\x00"


@pytest.fixture(autouse=True)
def _cheap_keys() -> Iterator[None]:
    previous = set_kdf_cost(KdfCost(time_cost=1, memory_cost=1024, parallelism=1))
    yield
    set_kdf_cost(previous)


@pytest.fixture
def encrypted_station(station_file: Path) -> Path:
    """The demo station C02-Z, encrypted for its chief1 and clerk1."""
    encrypt_data_file(station_file, encrypt_for=[("chief1", DEMO_PASSWORD), ("clerk1", DEMO_PASSWORD)])
    assert not station_file.read_bytes().startswith(SQLITE_HEADER)
    return station_file


@pytest.fixture
def encrypted_district(district_file: Path) -> Path:
    """The small election's district file with its administrator admin1, encrypted for admin1."""
    with open_data_file(district_file) as df:
        add_user(df, None, "admin1", "district_admin", ADMIN_PASSWORD, "区选举办")
    encrypt_data_file(district_file, encrypt_for=[("admin1", ADMIN_PASSWORD)])
    return district_file


def _unlock(qtbot, window: MainWindow, path: Path, name: str,  # type: ignore[no-untyped-def]
            password: str = DEMO_PASSWORD) -> None:
    """Open an encrypted file and type one name and password into its login dialog, as a person does."""
    with qtbot.waitSignal(window.login_requested, timeout=10_000) as shown:
        window.open_file(path)
    dialog = shown.args[0]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClicks(dialog.name, name)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.password.hasFocus()
    qtbot.keyClicks(dialog.password, password)
    with qtbot.waitSignal(window.file_loaded, timeout=10_000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)   # the window has the keyboard again


def _yes(qtbot, box) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(box, QMessageBox) and box.isVisible(), box
    window = box.parentWidget().window()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _search(qtbot, register: RegisterPage, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Type into the register page's search box and wait for the search thread's answer: the names found."""
    register.focus_search()
    with qtbot.waitSignal(register.search_answered, timeout=10_000):
        register.search_box.insert(text)
    return [register.model.voter(r).name for r in range(register.model.rowCount())]  # type: ignore[union-attr]


def _print_checklist(qtbot, printer, out: Path) -> str:  # type: ignore[no-untyped-def]
    """Choose where the checklist goes, wait for the worker, and return what the window then says."""
    dialog = printer.choose_file()
    with qtbot.waitSignal(printer.saved, timeout=30_000) as saved:
        dialog.selectFile(str(out))
        dialog.accept()
    assert Path(saved.args[0]) == out
    said = printer.dialog.text()
    printer.dialog.accept()
    return str(said)


def test_clerk_issues_a_ballot_by_keyboard_in_an_encrypted_station_file(
        qtbot, window: MainWindow, encrypted_station: Path) -> None:  # type: ignore[no-untyped-def]
    _unlock(qtbot, window, encrypted_station, "chief1")           # one password: unlock and sign in
    assert window.data_file is not None and window.data_file.encrypted
    assert "C02-Z.polldesk（已加密）" in window.status.text()
    poll = window.shell.poll  # type: ignore[union-attr]
    poll.menu.aboutToShow.emit()
    poll.open_action.trigger()
    with qtbot.waitSignal(poll.poll_changed, timeout=5000):
        _yes(qtbot, poll.dialog)
    assert poll_state(window.data_file.conn) == "open"

    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    desk = window.page("desk")
    assert desk.data_file.encrypted and desk.conn is not window.data_file.conn    # its own keyed connection
    assert desk.search.box.hasFocus() and desk.counter.text().startswith("投票进行中")
    _, name = voter_here(desk.conn)
    issue_by_keyboard(qtbot, desk, name)
    assert "已发票" in desk.result.text() and name in desk.result.text()

    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    turnout = window.page("turnout")
    assert window.stack.currentWidget() is turnout and "已发票 1，" in turnout.summary.text()

    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    register = window.page("register")
    assert window.stack.currentWidget() is register and register.search_box.hasFocus()
    voters = int(window.data_file.conn.execute("SELECT count(*) FROM voters").fetchone()[0])
    assert voters > 100 and register.model.rowCount() == voters
    assert _search(qtbot, register, name) == [name]          # found by the search thread's keyed connection

    window.close_file()
    assert register.data_file is None
    assert not encrypted_station.read_bytes().startswith(SQLITE_HEADER)      # still encrypted on disk


def test_the_station_chief_prints_the_election_day_checklist_from_the_poll_menu(
        qtbot, window: MainWindow, encrypted_station: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _unlock(qtbot, window, encrypted_station, "chief1")
    poll = window.shell.poll  # type: ignore[union-attr]
    texts = [action.text() for action in poll.menu.actions()]
    summary = texts.index("保存投票站汇总表 PDF(&U)…")
    assert texts[summary + 1] == "打印选举日检查清单(&K)…"          # right under the station summary
    out = tmp_path / "papers" / "C02-Z-checklist.pdf"
    out.parent.mkdir()
    said = _print_checklist(qtbot, poll.checklist, out)
    assert said.startswith("选举日检查清单已保存为") and str(out) in said
    text = pdf_text(out)
    assert "选举日工作清单" in text and "C02-Z" in text and "开始投票" in text


def test_the_register_page_and_the_import_wizard_work_on_an_encrypted_district_file(
        qtbot, window: MainWindow, encrypted_district: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _unlock(qtbot, window, encrypted_district, "admin1", ADMIN_PASSWORD)
    assert window.data_file is not None and window.data_file.encrypted
    assert window.user_label.text() == "admin1 · 区选举办管理员" and not window.banner.isVisible()
    register = window.page("register")
    before = int(window.data_file.conn.execute("SELECT count(*) FROM voters").fetchone()[0])
    assert before > 0 and register.model.rowCount() == before
    counted = window.overview.totals.voters  # type: ignore[union-attr]

    path = write_csv(tmp_path / "东湖社区登记表.csv", clerk_rows(20), title="东湖社区参选居民登记表")
    window.shell.register_action.trigger()  # type: ignore[union-attr]
    wizard = window.shell.dialog  # type: ignore[union-attr]
    assert wizard.file_page.community.count() == 3           # "as in the file" and the two communities
    wizard.file_page.path.setText(str(path))
    wizard.button(QWizard.WizardButton.NextButton).click()
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: wizard.check_page.finished, timeout=10_000)
    assert wizard.check_page.report.valid == 20
    with qtbot.waitSignal(window.shell.register_reloaded, timeout=20_000):  # type: ignore[union-attr]
        wizard.button(QWizard.WizardButton.NextButton).click()
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert "导入 20 名选民" in wizard.summary_page.text.text()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert register.model.rowCount() == before + 20
    assert window.overview.totals.voters == counted + 20  # type: ignore[union-attr]   # the overview read again
    assert _search(qtbot, register, "居民0007") == ["居民0007"]

    said = _print_checklist(qtbot, window.shell.checklist, tmp_path / "district-checklist.pdf")  # type: ignore[union-attr]
    assert "选举日检查清单已保存为" in said
    window.close_file()
    assert register.data_file is None and not encrypted_district.read_bytes().startswith(SQLITE_HEADER)


def test_a_read_only_district_prints_the_checklist_from_the_file_menu(
        qtbot, open_and_wait, window: MainWindow, district_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    open_and_wait(window, district_file)                       # no users: browsed read-only, unencrypted
    checklist = window.shell.checklist  # type: ignore[union-attr]
    assert checklist.action in window.file_menu.actions() and checklist.action.isEnabled()
    assert checklist.action.text() == "打印选举日检查清单(&K)…"
    assert not window.shell.register_action.isEnabled()  # type: ignore[union-attr]
    out = tmp_path / "district-checklist.pdf"
    assert str(out) in _print_checklist(qtbot, checklist, out)
    text = pdf_text(out)
    assert "选举日工作清单" in text and "投票站" in text
    window.close_file()
    assert checklist.action not in window.file_menu.actions()
