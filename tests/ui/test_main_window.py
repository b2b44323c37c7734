"""The main window as a clerk uses it: open a file, read its pages, switch language, by keyboard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.db import open_data_file
from app.election.definition import definition_from_dict
from app.election.station import create_station_file
from app.i18n import set_language
from tests.conftest import small_definition_dict
from ui.main import MainWindow
from ui.settings import user_settings


def _cells(page, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    model = page.table.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def _row(page, number: int) -> list[str]:  # type: ignore[no-untyped-def]
    model = page.table.model()
    return [model.index(number, c).data() for c in range(model.columnCount())]


def test_opened_district_lists_its_two_communities_with_their_counts(qtbot, open_and_wait, window: MainWindow,
                                                                      district_file: Path) -> None:
    open_and_wait(window, district_file)
    window.show_page(1)
    page = window.communities_page
    assert window.stack.currentWidget() is page
    # code, name, groups, households, active voters (one of C01's moved out), places, contests
    assert _row(page, 0) == ["C01", "东湖社区", "4", "5", "9", "3", "2"]
    assert _row(page, 1) == ["C02", "西园社区", "4", "3", "6", "3", "2"]
    assert page.table.model().headerData(4, Qt.Orientation.Horizontal) == "选民"


def test_places_page_says_each_kind_in_words(qtbot, open_and_wait, window: MainWindow, district_file: Path) -> None:
    open_and_wait(window, district_file)
    page = window.places_page
    assert page.table.model().rowCount() == 6
    assert _row(page, 0) == ["C01-Z", "东湖社区", "中心会场", "东湖社区中心会场", "1、2", "1"]
    assert _row(page, 1)[2:5] == ["投票站", "东湖社区第一投票站", "3、4"]
    assert _row(page, 2) == ["C01-M1", "东湖社区", "流动票箱", "东湖社区流动票箱", "（全社区）", "1"]


def test_contests_page_shows_positions_seats_and_candidates(qtbot, open_and_wait, window: MainWindow,
                                                            district_file: Path) -> None:
    open_and_wait(window, district_file)
    page = window.contests_page
    assert page.table.model().rowCount() == 4
    committee = _row(page, 0)
    assert committee[1] == "东湖社区第四届居民委员会选举"
    assert committee[4:7] == ["主任 1、副主任 2、委员 3", "9", "0"]
    leader = _row(page, 1)
    assert leader[2:4] == ["居民小组长", "户代表选举"]
    assert leader[4:6] == ["居民小组长 1", "2"]


def test_sorting_by_voters_puts_the_smaller_community_first(qtbot, open_and_wait, window: MainWindow,
                                                            district_file: Path) -> None:
    open_and_wait(window, district_file)
    table = window.communities_page.table
    table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    assert _cells(window.communities_page, 1) == ["西园社区", "东湖社区"]
    table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    assert _cells(window.communities_page, 1) == ["东湖社区", "西园社区"]


def test_status_bar_says_test_mode_district_and_file(qtbot, open_and_wait, window: MainWindow, district_file: Path) -> None:
    assert "未打开文件" in window.status.text()
    open_and_wait(window, district_file)
    text = window.status.text()
    assert "测试" in text and "区选举办" in text and "district.polldesk（未加密）" in text
    assert "第四届社区居委会换届选举" in text
    assert window.status.mode_label.objectName() == "testMode"


def _station_file(district_file: Path, folder: Path) -> Path:
    with open_data_file(district_file) as district:
        create_station_file(district, "C02-S1", folder / "station.polldesk").close()
    return folder / "station.polldesk"


def test_a_test_station_without_users_is_offered_the_demo_users_and_names_its_station(
        qtbot, window: MainWindow, district_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    station = _station_file(district_file, tmp_path)
    window.open_file(station)
    qtbot.waitUntil(lambda: window.sign_in is not None and window.sign_in.question is not None)
    offer = window.sign_in.question  # type: ignore[union-attr]
    assert "clerk1" in offer.text() and "chief1" in offer.text() and "demo-pass" in offer.text()
    with qtbot.waitSignal(window.login_requested, timeout=5000) as shown:
        offer.button(QMessageBox.StandardButton.Yes).click()
    login = shown.args[0]
    login.name.setText("chief1")
    login.password.setText("demo-pass")
    with qtbot.waitSignal(window.file_loaded, timeout=5000):
        login.button.click()
    assert "投票站 C02-S1 西园社区第一投票站" in window.status.text()
    assert window.user_label.text() == "chief1 · 站长（总监票人）"
    assert window.user_label.toolTip() == "已登录：站长（chief1）— 站长（总监票人）"
    facts = dict((label.text(), value.text()) for label, value in window.election_page.fact_rows)
    assert facts["本文件："] == "投票站文件：C02-S1 西园社区第一投票站"


def test_an_official_station_without_users_is_refused_naming_the_command(
        qtbot, window: MainWindow, make_district_file, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    official = definition_from_dict(small_definition_dict("official-2011", mode="official"))
    station = _station_file(make_district_file(tmp_path / "district.polldesk", official), tmp_path)
    with qtbot.waitSignal(window.open_failed, timeout=10_000) as failed:
        window.open_file(station)
    assert "polldesk users add" in failed.args[0] and "--role chief" in failed.args[0]
    assert window.data_file is None and window.screens.currentWidget() is window.welcome
    QApplication.activeModalWidget().close()  # type: ignore[union-attr]


def test_switching_to_english_and_back_retranslates_the_window(qtbot, open_and_wait, window: MainWindow,
                                                               district_file: Path) -> None:
    open_and_wait(window, district_file)
    assert window.file_menu.title() == "文件(&F)"
    window.language_actions["en"].trigger()
    try:
        assert window.file_menu.title() == "&File"
        assert window.navigation.item(1).text() == "2  Communities"
        assert window.communities_page.heading.text() == "Communities"
        assert window.places_page.table.model().index(0, 2).data() == "Central venue"
        assert window.places_page.table.model().headerData(2, Qt.Orientation.Horizontal) == "Kind"
        assert "TEST" in window.status.text()
        assert user_settings().value("language") == "en"
        window.language_actions["zh_CN"].trigger()
        assert window.file_menu.title() == "文件(&F)"
        assert window.navigation.item(1).text() == "2  社区"
        assert window.places_page.table.model().index(0, 2).data() == "中心会场"
        assert user_settings().value("language") == "zh_CN"
    finally:
        set_language("zh_CN")


def test_junk_file_is_refused_with_a_chinese_message(qtbot, window: MainWindow, tmp_path: Path) -> None:
    junk = tmp_path / "notes.polldesk"
    junk.write_bytes(b"this is a shopping list, not a database" * 100)
    with qtbot.waitSignal(window.open_failed, timeout=10_000) as failed:
        window.open_file(junk)
    assert failed.args[0].startswith(f"{junk} 不是选务台数据文件")
    box = window.message_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.text() == failed.args[0]
    box.accept()
    assert window.screens.currentWidget() is window.welcome


def test_file_from_a_newer_program_is_refused(qtbot, window: MainWindow, district_file: Path) -> None:
    import sqlite3

    with sqlite3.connect(district_file) as conn:
        conn.execute("PRAGMA user_version = 99")
    with qtbot.waitSignal(window.open_failed, timeout=10_000) as failed:
        window.open_file(district_file)
    assert "更新版本" in failed.args[0]
    window.message_box.accept()  # type: ignore[union-attr]


def test_ctrl_2_shows_the_communities_page(qtbot, open_and_wait, window: MainWindow, district_file: Path) -> None:
    open_and_wait(window, district_file)
    assert window.stack.currentWidget() is window.election_page
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.communities_page
    assert window.communities_page.table.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.contests_page


def test_opened_file_is_remembered_and_offered_on_the_welcome_page(qtbot, open_and_wait, window: MainWindow,
                                                                   district_file: Path) -> None:
    open_and_wait(window, district_file)
    window.close_file()
    assert window.screens.currentWidget() is window.welcome
    assert window.welcome.recent.count() == 1
    assert window.recent_menu.actions()[0].toolTip() == str(district_file.resolve())
    with qtbot.waitSignal(window.file_loaded, timeout=10_000):
        qtbot.keyClick(window.welcome.recent, Qt.Key.Key_Return)
    assert window.overview is not None and window.overview.summary.path == district_file.resolve()


def test_demo_district_opens_when_it_was_built(qtbot, district_file: Path) -> None:
    win = MainWindow(demo_path=district_file)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.file_loaded, timeout=10_000):
        win.welcome.demo_button.click()
    assert win.communities_page.table.model().rowCount() == 2


def test_election_page_shows_the_day_and_key_rules(qtbot, open_and_wait, window: MainWindow, district_file: Path) -> None:
    open_and_wait(window, district_file)
    page = window.election_page
    assert page.title.text() == "第四届社区居委会换届选举"
    facts = dict((label.text(), value.text()) for label, value in page.fact_rows)
    assert facts["选举日期："] == "2011-04-10" and facts["区："] == "示范区"
    assert facts["登记选民："] == "15" and facts["户数："] == "8"
    rules = dict((label.text(), value.text()) for label, value in page.rule_rows)
    assert rules["委托投票："] == "每名受托人最多接受 3 份委托"
