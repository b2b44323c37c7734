"""The import wizard: a clerk's file through preview, columns, check, import (or cancel) and summary."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWizard
from register_screens_kit import SCREENSHOTS, clerk_rows, voter_row, write_csv, write_xlsx

from app.db import open_data_file
from ui.register.wizard import ImportWizard
from ui.table_cells import cell_text


def _wizard(qtbot, district: Path) -> ImportWizard:  # type: ignore[no-untyped-def]
    wizard = ImportWizard(district)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def _next(wizard: ImportWizard) -> None:
    wizard.button(QWizard.WizardButton.NextButton).click()


def _voters(district: Path) -> int:
    with open_data_file(district) as df:
        return int(df.conn.execute("SELECT count(*) FROM voters").fetchone()[0])


def _close_any_modal() -> None:
    modal = QApplication.activeModalWidget()
    if isinstance(modal, QDialog):
        modal.reject()


def _shot(wizard: ImportWizard, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    assert wizard.grab().save(str(SCREENSHOTS / f"import_wizard_{name}.png"))


def test_a_csv_with_two_bad_rows_is_checked_imported_and_summed_up(qtbot, district: Path,  # type: ignore[no-untyped-def]
                                                                   tmp_path: Path) -> None:
    rows = clerk_rows(40)
    rows[4][2] = "440112195001010000"                               # wrong check digit
    rows[9] = voter_row("小明", date(2000, 1, 1), 15)               # 11 on election day
    path = write_csv(tmp_path / "东湖社区登记表.csv", rows, title="东湖社区参选居民登记表")
    wizard = _wizard(qtbot, district)
    written: list[object] = []
    wizard.imported.connect(written.append)
    wizard.file_page.path.setText(str(path))
    _shot(wizard, "1_file")
    _next(wizard)
    assert wizard.currentPage() is wizard.columns_page
    assert "第 2 行" in wizard.columns_page.found.text() and "40" in wizard.columns_page.found.text()
    assert cell_text(wizard.columns_page.table, 0, 0) == rows[0][0]
    _shot(wizard, "2_columns")
    _next(wizard)
    page = wizard.check_page
    qtbot.waitUntil(lambda: page.finished, timeout=10_000)
    assert page.report is not None and page.report.valid == 38
    problem_rows = {cell_text(page.problems, r, 0) for r in range(page.problems.rowCount())}
    assert problem_rows == {"7", "12"}                               # title and header rows counted
    assert all("\u4e00" <= cell_text(page.problems, r, 1)[0] <= "\u9fff" or cell_text(page.problems, r, 1)
               for r in range(page.problems.rowCount()))
    _shot(wizard, "3_check")
    _next(wizard)
    qtbot.waitUntil(lambda: wizard.import_page.finished, timeout=20_000)
    assert wizard.import_page.result is not None and not wizard.import_page.error.text()
    assert written == [wizard.import_page.result]                    # the window reloads its register on this
    _shot(wizard, "4_import")
    _next(wizard)
    text = wizard.summary_page.text.text()
    assert "导入 38 名选民" in text and "跳过 2 行" in text and "跳过的行：7、12" in text
    _shot(wizard, "5_summary")
    assert _voters(district) == 38


def test_an_xlsx_with_a_title_row_and_a_column_mapped_by_hand(qtbot, district: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = clerk_rows(12)
    path = write_xlsx(tmp_path / "西园.xlsx", rows, title="参选居民登记表")
    wizard = _wizard(qtbot, district)
    wizard.file_page.path.setText(str(path))
    _next(wizard)
    combos = wizard.columns_page.combos
    address = combos[8]
    address.setCurrentIndex(0)                                       # 住址: not imported
    assert wizard.fields.get(8) is None
    combos[2].setCurrentIndex(combos[2].findData("name"))            # the ID number chosen as the name ...
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert "姓名" in wizard.columns_page.error.text()                  # ... is refused: twice "name"
    combos[2].setCurrentIndex(combos[2].findData("id_number"))
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    _next(wizard)
    qtbot.waitUntil(lambda: wizard.check_page.finished, timeout=10_000)
    _next(wizard)
    qtbot.waitUntil(lambda: wizard.import_page.finished, timeout=20_000)
    assert wizard.import_page.result is not None and wizard.import_page.result.imported == 12
    with open_data_file(district) as df:
        assert {r[0] for r in df.conn.execute("SELECT address FROM voters")} == {""}    # left out as chosen


def test_a_file_that_is_not_a_register_is_explained_on_the_page(qtbot, district: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "notes.csv"
    path.write_text("会议纪要\n今天开会\n", encoding="utf-8")
    wizard = _wizard(qtbot, district)
    wizard.file_page.path.setText(str(path))
    _next(wizard)
    assert wizard.currentPage() is wizard.file_page
    assert "姓名" in wizard.file_page.error.text() and "Traceback" not in wizard.file_page.error.text()
    wizard.file_page.path.setText(str(tmp_path / "missing.xlsx"))
    _next(wizard)
    assert wizard.currentPage() is wizard.file_page and "missing.xlsx" in wizard.file_page.error.text()


def test_cancelling_the_import_leaves_the_register_unchanged(qtbot, district: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "big.csv", clerk_rows(3000))
    wizard = _wizard(qtbot, district)
    wizard.file_page.path.setText(str(path))
    _next(wizard)
    _next(wizard)
    qtbot.waitUntil(lambda: wizard.check_page.finished, timeout=20_000)
    page = wizard.import_page
    with qtbot.waitSignal(wizard.currentIdChanged, timeout=5000):
        _next(wizard)
    page.cancel_button.click()                                       # before the first batch is written
    qtbot.waitUntil(lambda: page.finished, timeout=20_000)
    assert page.cancelled and page.result is None
    assert "没有做任何改动" in page.error.text()
    _next(wizard)
    assert "没有" in wizard.summary_page.text.text()
    assert _voters(district) == 0


def test_the_problem_list_is_saved_from_the_check_and_from_the_summary(qtbot, district: Path,  # type: ignore[no-untyped-def]
                                                                      tmp_path: Path) -> None:
    rows = clerk_rows(10)
    rows[3][2] = "440112195001010000"                               # wrong check digit, on row 6
    path = write_csv(tmp_path / "东湖社区登记表.csv", rows, title="东湖社区参选居民登记表")
    wizard = _wizard(qtbot, district)
    wizard.file_page.path.setText(str(path))
    _next(wizard)
    _next(wizard)
    page = wizard.check_page
    qtbot.waitUntil(lambda: page.finished, timeout=10_000)
    saver = page.saver
    assert saver.button.isEnabled() and saver.button.text() == "保存问题清单(&S)…"
    assert saver.suggested_path() == tmp_path / "东湖社区登记表-问题清单.xlsx"
    assert saver.save(saver.suggested_path())
    assert "问题清单已保存" in saver.outcome.text()
    sheet = openpyxl.load_workbook(saver.suggested_path()).active
    assert sheet is not None
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "id_checksum" in cells and "6" in cells and "440112195001010000" not in " ".join(cells)
    assert not saver.save(tmp_path / "no-such-folder" / "x.xlsx")     # a folder that is not there: said, not raised
    assert "未能保存" in saver.outcome.text()

    _next(wizard)
    qtbot.waitUntil(lambda: wizard.import_page.finished, timeout=20_000)
    _next(wizard)
    summary = wizard.summary_page.saver
    assert summary.isVisible() and summary.button.isEnabled()
    assert summary.save(tmp_path / "skipped", pdf=True)
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "skipped.pdf").pages)
    assert "身份证号校验位不对" in text and "440112********0000" in text
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)     # qtbot closes it after the test
    QTimer.singleShot(3_000, _close_any_modal)                          # were a save dialog opened instead
    with qtbot.waitSignal(wizard.finished, timeout=5_000) as ended:    # Enter still finishes the wizard
        summary.button.setFocus()
        qtbot.keyClick(summary.button, Qt.Key.Key_Return)
    assert ended.args == [QDialog.DialogCode.Accepted.value]


def test_a_clean_file_has_no_problem_list_to_save(qtbot, district: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wizard = _wizard(qtbot, district)
    wizard.file_page.path.setText(str(write_csv(tmp_path / "clean.csv", clerk_rows(5))))
    _next(wizard)
    _next(wizard)
    qtbot.waitUntil(lambda: wizard.check_page.finished, timeout=10_000)
    assert not wizard.check_page.saver.button.isEnabled()
    _next(wizard)
    qtbot.waitUntil(lambda: wizard.import_page.finished, timeout=20_000)
    _next(wizard)
    assert not wizard.summary_page.saver.isVisible()
