"""The district office's dashboard: stages in words, packages missing, problems, and the lock button."""

from __future__ import annotations

import os
from pathlib import Path

from district_day import ADMIN

from app.db import DataFile
from app.district import district_summary, resolve_problem
from app.exchange import import_packages
from ui.district import DashboardPage
from ui.table_cells import cell_text


def _row(page: DashboardPage, row: int) -> list[str]:
    table = page.communities
    return [cell_text(table, row, c) for c in range(table.columnCount())]


def test_dashboard_shows_each_communitys_stages_in_words_and_the_missing_package(
        qtbot, district: DataFile) -> None:  # type: ignore[no-untyped-def]
    page = DashboardPage(district.conn)
    qtbot.addWidget(page)
    assert _row(page, 0) == ["东湖社区", "已完成", "进行中", "进行中", "已完成", "已完成", "2 / 2", "100.0%",
                             "一次选举成功"]
    assert _row(page, 1)[0] == "西园社区" and _row(page, 1)[5:] == ["进行中", "1 / 2", "60.0%", "尚未完成"]
    assert page.tabs.tabText(1) == "投票点（缺 1 个数据包）"
    missing = [page.places.item(r, 0).text() for r in range(page.places.rowCount())
               if page.places.item(r, 2).text() == "未收到"]
    assert missing == ["西园社区第一投票站"]
    assert "全区2个社区居委会共登记有效参选居民16人" in page.situation.text()
    assert not page.lock_button.isEnabled(), "nobody signed in: no lock"


def test_lock_button_refuses_in_words_then_locks_when_everything_is_resolved(
        qtbot, district: DataFile, last_package: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = DashboardPage(district.conn, ADMIN)
    qtbot.addWidget(page)
    page.show()
    page.lock_button.click()
    assert "个问题未处理" in page.message.text()
    assert "西园社区" in page.message.text()
    import_packages(district, [last_package])
    folder = Path(os.environ.get("POLLDESK_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    page.refresh()
    page.resize(1400, 800)
    page.tabs.setCurrentIndex(0)
    qtbot.wait(50)
    assert page.grab().save(str(folder / "district-dashboard-zh.png"))
    page.tabs.setCurrentIndex(2)
    qtbot.wait(50)
    assert page.grab().save(str(folder / "district-dashboard-problems-zh.png"))
    for problem in district_summary(district.conn).problems:
        resolve_problem(district.conn, problem.key, "已核实处理", session=ADMIN)
    page.refresh()
    page.lock_button.click()
    assert page.lock_button.text() == "结果已锁定" and not page.lock_button.isEnabled()
    assert "将结果锁定为正式结果" in page.message.text() and "admin1" in page.message.text()
