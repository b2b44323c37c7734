"""The register page: a lazy model over the whole register, filters, search as you type, keyboard."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from register_screens_kit import SCREENSHOTS, synthetic_register

from app.db import open_data_file, transaction
from app.register.lookup import STATUSES, voter_status
from app.register.view import BLOCK, RegisterFilter, RegisterPages
from ui.register.model import RegisterModel
from ui.register.page import RegisterPage
from ui.register.words import status_word


def _shown(model: RegisterModel, row: int) -> list[str]:
    return [model.data(model.index(row, c)) for c in range(model.columnCount())]


def test_the_model_counts_the_register_and_row_n_is_the_nth_voter(register_file: Path) -> None:
    with open_data_file(register_file) as df:
        model = RegisterModel(df.conn)
        assert model.rowCount() == 3000
        ordered = [r[0] for r in df.conn.execute("SELECT id FROM voters ORDER BY id")]
        for row in (0, 1, 199, 200, 1234, 2999):
            voter = df.conn.execute("SELECT name, id_masked FROM voters WHERE id = ?", (ordered[row],)).fetchone()
            cells = _shown(model, row)
            assert cells[0] == voter["name"] and cells[6] == voter["id_masked"]
            assert cells[3] == status_word("not_voted")
            assert "*" in cells[6]                      # never the ID number in clear


def test_rows_are_read_a_block_at_a_time_only_when_asked_for(register_file: Path) -> None:
    with open_data_file(register_file) as df:
        model = RegisterModel(df.conn)
        counter = model.pages.counter
        assert (counter.counts, counter.blocks) == (1, 0)          # one COUNT, no rows yet
        for row in range(BLOCK):                                   # a whole block, every column
            _shown(model, row)
        assert counter.blocks == 1
        model.data(model.index(BLOCK, 0))
        assert counter.blocks == 2 and counter.jumps == 0          # read on by keyset
        model.data(model.index(2500, 0))
        assert counter.blocks == 3 and counter.jumps == 1          # a jump far ahead
        model.data(model.index(2501, 3))
        model.data(model.index(0, 0))                              # still cached
        assert counter.blocks == 3 and counter.counts == 1


def test_the_model_passes_qts_model_checks(register_file: Path, qtmodeltester: ModelTester) -> None:
    with open_data_file(register_file) as df:
        model = RegisterModel(df.conn)
        model.set_filter(RegisterFilter(community="C03"))
        qtmodeltester.check(model)


def test_filters_by_community_group_and_status_match_the_register(register_file: Path) -> None:
    with open_data_file(register_file) as df:
        conn = df.conn
        group_id = conn.execute("SELECT group_id FROM voters WHERE community_code = 'C05' LIMIT 1").fetchone()[0]
        with transaction(conn):
            conn.execute("UPDATE voters SET status = 'removed' WHERE id IN (3, 4, 5)")
            conn.execute("INSERT INTO issuance_events(place_code, seq, event, clerk, time) VALUES"
                         " ('C01-Z', 1, 'issue', 'clerk', 't'), ('C01-Z', 2, 'issue', 'clerk', 't')")
            conn.execute("INSERT INTO issuances(contest_id, voter_id, kind, place_code, seq, clerk, time) VALUES"
                         " ('c', 10, 'in_person', 'C01-Z', 1, 'clerk', 't')")
            conn.execute("INSERT INTO issuances(contest_id, voter_id, kind, proxy_voter_id, place_code, seq, clerk,"
                         " time) VALUES ('c', 11, 'proxy', 12, 'C01-Z', 2, 'clerk', 't')")
        model = RegisterModel(conn)
        model.set_filter(RegisterFilter(community="C05", group_id=group_id))
        expected = conn.execute("SELECT count(*) FROM voters WHERE group_id = ?", (group_id,)).fetchone()[0]
        assert model.rowCount() == expected > 0
        status = voter_status(conn, range(1, 3001))
        for wanted in STATUSES:
            model.set_filter(RegisterFilter(status=wanted))
            ids = [model.voter(r).voter_id for r in range(model.rowCount())]  # type: ignore[union-attr]
            assert ids == [v for v in range(1, 3001) if status[v] == wanted]
            assert all(model.data(model.index(r, 3)) == status_word(wanted) for r in range(min(5, len(ids))))


def test_keyset_blocks_agree_with_a_plain_offset_query(register_file: Path) -> None:
    with open_data_file(register_file) as df:
        pages = RegisterPages(df.conn, RegisterFilter(community="C07"), block=50)
        expected = [r[0] for r in df.conn.execute("SELECT id FROM voters WHERE community_code = 'C07' ORDER BY id")]
        got = [r.voter_id for n in (3, 0, 1, 2) for r in pages.block_rows(n)]     # a jump first, then in order
        assert sorted(got) == expected[:200]
        assert [r.voter_id for r in pages.block_rows(1)] == expected[50:100]


@pytest.fixture
def page(qtbot, register_file: Path):  # type: ignore[no-untyped-def]
    widget = RegisterPage(register_file)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.close_file()


def test_typing_a_name_finds_the_voter_without_blocking_the_window(qtbot, page: RegisterPage,  # type: ignore[no-untyped-def]
                                                                   register_file: Path) -> None:
    with open_data_file(register_file) as df:
        name = df.conn.execute("SELECT name FROM voters WHERE id = 1234").fetchone()[0]
    page.focus_search()
    started = time.perf_counter()
    for character in name:                            # typed one character at a time (an input method's commits)
        page.search_box.insert(character)
        qtbot.wait(20)
    assert time.perf_counter() - started < 1.0       # keystrokes never wait for a search
    qtbot.waitUntil(lambda: page.model.searching and any(
        page.model.voter(r).voter_id == 1234 for r in range(page.model.rowCount())), timeout=5000)  # type: ignore[union-attr]
    assert all(name in page.model.voter(r).name for r in range(page.model.rowCount()))  # type: ignore[union-attr]


def test_only_the_newest_search_is_shown(qtbot, page: RegisterPage) -> None:  # type: ignore[no-untyped-def]
    answered: list[str] = []
    page.search_answered.connect(answered.append)
    page.search.ask("王")
    page.search._send()                       # the first search goes out at once ...
    page.search_box.setText("zzzzzz")         # ... and the clerk types on before its answer arrives
    qtbot.waitUntil(lambda: answered == ["zzzzzz"], timeout=5000)
    qtbot.wait(200)
    assert answered == ["zzzzzz"] and page.model.rowCount() == 0
    assert page.message.text() == "没有找到选民。"


def test_enter_goes_to_the_first_result_and_escape_clears(qtbot, page: RegisterPage) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search_box.hasFocus()
    name = page.model.voter(10).name  # type: ignore[union-attr]
    page.search_box.insert(name)
    qtbot.keyClick(page.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.hasFocus(), timeout=5000)
    assert page.table.currentIndex().row() == 0 and page.model.voter(0).name == name  # type: ignore[union-attr]
    page.focus_search()
    qtbot.keyClick(page.search_box, Qt.Key.Key_Escape)
    assert page.search_box.text() == "" and not page.model.searching and page.model.rowCount() == 3000


def test_choosing_a_community_lists_its_groups_and_filters(qtbot, page: RegisterPage) -> None:  # type: ignore[no-untyped-def]
    assert not page.group.isEnabled()
    page.community.setCurrentIndex(page.community.findData("C02"))
    assert page.group.isEnabled() and page.group.count() == 53
    assert 0 < page.model.rowCount() < 3000
    assert page.count_label.text() == f"显示 {page.model.rowCount():,} 名选民"
    page.status.setCurrentIndex(page.status.findData("removed"))
    assert page.model.rowCount() == 0


def test_screenshot_of_the_register_page(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    widget = RegisterPage(synthetic_register(tmp_path / "five-thousand.polldesk", 5000))
    qtbot.addWidget(widget)
    with open_data_file(widget.path) as df, transaction(df.conn):
        df.conn.execute("UPDATE voters SET status = 'removed' WHERE id IN (3, 7)")
    widget.reload()
    widget.resize(1280, 760)
    widget.show()
    qtbot.waitExposed(widget)
    widget.table.scrollTo(widget.model.index(2400, 0))
    qtbot.wait(50)
    SCREENSHOTS.mkdir(exist_ok=True)
    assert widget.grab().save(str(SCREENSHOTS / "register_page.png"))
    widget.table.scrollToTop()
    widget.search_box.setText("王")
    qtbot.waitUntil(lambda: widget.model.searching, timeout=5000)
    assert widget.grab().save(str(SCREENSHOTS / "register_page_search.png"))
    widget.close_file()
    assert QModelIndex().isValid() is False
