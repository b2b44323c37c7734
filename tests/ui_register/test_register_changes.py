"""The district's Register menu: add a voter, remove one, and resolve a person registered in two communities,
each through the real dialogs on a real district file, refused in words when wrong, recorded when done."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QWidget
from register_screens_kit import SCREENSHOTS, clerk_rows, write_csv

from app.auth import Session
from app.db import DataFile, open_data_file
from app.register.idnumber import make_id, mask
from app.register.importer import import_register
from ui.register.changes import RegisterChanges
from ui.register.duplicates_dialog import DuplicatesDialog
from ui.register.page import RegisterPage
from ui.register.voter_forms import AddVoterForm, RemoveVoterForm
from ui.table_cells import cell_text

ADMIN = Session("admin1", "district_admin", datetime.now(UTC), "区选举办")


@pytest.fixture
def office(qtbot, district: Path, tmp_path: Path) -> Iterator[tuple[RegisterChanges, DataFile]]:  # type: ignore[no-untyped-def]
    """The district file with 20 voters, its register page and Register menu, signed in as the district admin."""
    df = open_data_file(district)
    import_register(df.conn, write_csv(tmp_path / "东湖.csv", clerk_rows(20)))
    window = QWidget()
    qtbot.addWidget(window)
    page = RegisterPage(df, window)
    page.resize(1000, 600)
    page.show()
    changes = RegisterChanges(window, df, ADMIN, page)
    changes.changed.connect(lambda text: (page.reload(), page.say(text)))
    yield changes, df
    page.close_file()
    df.close()


def _shot(qtbot, dialog: QWidget, name: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(exist_ok=True)
    qtbot.waitExposed(dialog)
    qtbot.wait(50)                  # laid out as the window's events would leave it
    assert dialog.grab().save(str(SCREENSHOTS / f"{name}.png"))


def _count(df: DataFile, where: str = "1") -> int:
    return int(df.conn.execute(f"SELECT count(*) FROM voters WHERE {where}").fetchone()[0])


def test_a_voter_is_added_after_a_refusal_that_kept_what_was_typed(office, qtbot) -> None:  # type: ignore[no-untyped-def]
    changes, df = office
    form = changes.add_voter()
    assert isinstance(form, AddVoterForm)
    assert [form.community.itemText(i) for i in range(form.community.count())] == ["东湖社区", "西园社区"]
    form.community.setCurrentIndex(1)
    assert form.group.count() == 4 and form.group.currentData() == "1"
    form.name.setText("新居民")
    form.id_number.setText(make_id("440112", date(2000, 1, 1), 23))     # 11 on the small election's day
    form.ok_button.click()
    assert form.isVisible() and "未满18周岁" in form.message.text()
    _shot(qtbot, form, "register_add_voter_refused")
    assert form.name.text() == "新居民" and _count(df) == 20
    number = make_id("440112", date(1980, 6, 1), 23)
    form.id_number.setText(f" {number.lower()} ")
    form.household.setText("H9001")
    form.reason.setCurrentIndex(form.reason.findData("moved_in"))
    form.ok_button.click()
    assert not form.isVisible()
    row = df.conn.execute("SELECT community_code, name, id_masked FROM voters WHERE id = ?", (form.voter_id,)).fetchone()
    assert tuple(row) == ("C02", "新居民", mask(number))
    change = df.conn.execute("SELECT action, reason, actor FROM register_changes ORDER BY id DESC").fetchone()
    assert tuple(change) == ("add", "moved_in", "admin1")
    assert df.conn.execute("SELECT count(*) FROM audit_log WHERE event = 'voter_added'").fetchone()[0] == 1
    assert changes.page.model.rowCount() == 21
    assert changes.page.message.text() == "已将新居民登记为选民（迁入）。"


def test_the_selected_voter_is_removed_with_its_reason(office, qtbot) -> None:  # type: ignore[no-untyped-def]
    changes, df = office
    assert changes.remove_voter() is None                               # nobody chosen yet
    assert "请先在“选民”页选中该选民" in changes.page.message.text()
    changes.page.table.selectRow(3)
    voter = changes.page.selected_voter()
    assert voter is not None
    form = changes.remove_voter()
    assert isinstance(form, RemoveVoterForm)
    assert any(voter.masked_id in label.text() and voter.name in label.text() for label in form.findChildren(QLabel))
    form.reason.setCurrentIndex(form.reason.findData("other"))      # "other" needs a note saying what
    form.ok_button.click()
    assert form.isVisible() and "请在“说明”中写明" in form.message.text() and form.focusWidget() is form.note
    form.reason.setCurrentIndex(form.reason.findData("died"))
    form.note.setText("见死亡证明")
    _shot(qtbot, form, "register_remove_voter")
    form.ok_button.click()
    assert not form.isVisible()
    status = df.conn.execute("SELECT status, status_reason FROM voters WHERE id = ?", (voter.voter_id,)).fetchone()
    assert tuple(status) == ("removed", "died")
    assert changes.page.message.text() == f"已将{voter.name}移出选民名册（死亡）。"
    changes.page.table.selectRow(3)
    assert changes.remove_voter() is None and "已不在选民名册中" in changes.page.message.text()


def test_a_person_registered_in_two_communities_stays_where_the_office_chooses(office, qtbot) -> None:  # type: ignore[no-untyped-def]
    changes, df = office
    first = df.conn.execute("SELECT * FROM voters ORDER BY id LIMIT 1").fetchone()
    other = "C02" if first["community_code"] == "C01" else "C01"
    group = df.conn.execute("SELECT id FROM resident_groups WHERE community_code = ? ORDER BY number LIMIT 1",
                            (other,)).fetchone()[0]
    with df.conn:        # registered twice behind the import's back (an older register merged by hand)
        df.conn.execute("INSERT INTO voters(community_code, group_id, name, sex, birth_date, id_hash, id_masked)"
                        " VALUES (?,?,?,?,?,?,?)", (other, group, first["name"], first["sex"], first["birth_date"],
                                                    first["id_hash"], first["id_masked"]))
    dialog = changes.show_duplicates()
    assert isinstance(dialog, DuplicatesDialog)
    assert dialog.table.rowCount() == 2 and not dialog.keep_button.isEnabled()
    assert {cell_text(dialog.table, r, 3) for r in range(2)} == {"第1居民小组"}
    dialog.table.selectRow(1)
    assert dialog.keep_button.isEnabled()
    _shot(qtbot, dialog, "register_duplicates")
    dialog.keep_button.click()
    assert dialog.table.rowCount() == 0
    assert "保留在西园社区登记" in dialog.message.text() or "保留在东湖社区登记" in dialog.message.text()
    kept, removed = (_count(df, f"id_hash = '{first['id_hash']}' AND status = '{s}'") for s in ("active", "removed"))
    assert (kept, removed) == (1, 1)
    assert df.conn.execute("SELECT status_reason FROM voters WHERE id = ?", (first["id"],)).fetchone()[0] == "duplicate"
    dialog.accept()
    again = changes.show_duplicates()
    assert isinstance(again, DuplicatesDialog) and "没有一人多地登记" in again.message.text()


@pytest.mark.parametrize("session", [None, Session("clerk1", "clerk", datetime.now(UTC))])
def test_only_the_district_office_may_change_the_register(qtbot, district: Path, session: Session | None) -> None:  # type: ignore[no-untyped-def]
    with open_data_file(district) as df:
        window = QWidget()
        qtbot.addWidget(window)
        page = RegisterPage(df, window)
        changes = RegisterChanges(window, df, session, page)
        assert not any(action.isEnabled() for action in changes.actions)
        assert changes.menu.title() == "名册(&M)"
        page.close_file()
