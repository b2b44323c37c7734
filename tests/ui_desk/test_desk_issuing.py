"""A clerk's morning at the desk: find, check the card, issue; refusals say why, in words."""

from __future__ import annotations

from pathlib import Path

from deskkit import COMMITTEE, find_and_select, issuances, issue_by_keyboard, type_text, voter_here
from PySide6.QtCore import Qt

from app.auth import DEMO_PASSWORD
from app.register.privacy import card_payload, register_key
from ui.desk import DeskPage


def test_clerk_types_a_name_checks_the_card_and_issues_with_f5(qtbot, desk: DeskPage) -> None:
    voter_id, name = voter_here(desk.conn)
    find_and_select(qtbot, desk, name)
    assert desk.card is not None and desk.card.voter_id == voter_id
    assert desk.voter.values["name"].text() == name
    assert desk.card_check.hasFocus()
    qtbot.keyClick(desk.card_check, Qt.Key.Key_Space)
    qtbot.keyClick(desk.card_check, Qt.Key.Key_F5)
    assert "已发票" in desk.result.text() and name in desk.result.text()
    assert desk.result.property("tone") == "good"
    [row] = issuances(desk.conn, voter_id)
    assert (row["kind"], row["clerk"], row["place_code"]) == ("in_person", "clerk1", "C02-Z")
    assert "本次登录 1 张，本站共 1 张" in desk.counter.text()
    assert desk.search.box.text() == "" and desk.search.box.hasFocus()
    assert "clerk1" in desk.voter.values["status"].text()


def test_enter_on_the_card_check_issues_too(qtbot, desk: DeskPage) -> None:
    voter_id, name = voter_here(desk.conn, 1)
    find_and_select(qtbot, desk, name)
    qtbot.keyClick(desk.card_check, Qt.Key.Key_Space)
    qtbot.keyClick(desk.card_check, Qt.Key.Key_Return)
    assert len(issuances(desk.conn, voter_id)) == 1


def test_no_ballot_before_the_voter_card_is_checked(qtbot, desk: DeskPage) -> None:
    voter_id, name = voter_here(desk.conn)
    find_and_select(qtbot, desk, name)
    qtbot.keyClick(desk.card_check, Qt.Key.Key_F5)
    assert desk.result.property("tone") == "bad"
    assert "选民证" in desk.result.text() and "未办理" in desk.result.text()
    assert issuances(desk.conn, voter_id) == []


def test_second_ballot_for_same_voter_is_refused_with_when_where_and_who(qtbot, desk: DeskPage) -> None:
    voter_id, name = voter_here(desk.conn)
    issue_by_keyboard(qtbot, desk, name)
    desk.clock.advance(30)   # type: ignore[attr-defined]
    issue_by_keyboard(qtbot, desk, name)
    text = desk.result.text()
    assert desk.result.property("tone") == "bad" and desk.result.isVisible()
    assert text.startswith("未办理") and name in text
    assert "2011-04-10 08:32" in text and "太平社区中心会场" in text and "clerk1" in text
    assert len(issuances(desk.conn, voter_id)) == 1
    assert "本次登录 1 张" in desk.counter.text()


def test_scanning_a_voter_card_selects_that_voter(qtbot, desk: DeskPage) -> None:
    voter_id, name = voter_here(desk.conn, 2)
    election = desk.conn.execute("SELECT value FROM file_meta WHERE key = 'election_id'").fetchone()[0]
    payload = card_payload(register_key(desk.conn), election, voter_id)
    find_and_select(qtbot, desk, payload)   # the scanner types the payload and Enter
    assert desk.card is not None and desk.card.voter_id == voter_id
    assert desk.voter.values["name"].text() == name


def test_a_forged_card_is_refused_in_words(qtbot, desk: DeskPage) -> None:
    find_and_select(qtbot, desk, "PD1-5-ABCDEF12")
    assert desk.card is None
    assert desk.result.property("tone") == "bad" and "选民证" in desk.result.text()


def test_up_and_down_choose_among_the_matches(qtbot, desk: DeskPage) -> None:
    surname = desk.conn.execute("SELECT substr(name, 1, 1) AS s FROM voters WHERE community_code = 'C02'"
                                " GROUP BY s ORDER BY COUNT(*) DESC LIMIT 1").fetchone()[0]
    desk.focus_search()
    type_text(qtbot, desk.search.box, surname)
    assert len(desk.search.rows) >= 2
    qtbot.keyClick(desk.search.box, Qt.Key.Key_Down)
    qtbot.keyClick(desk.search.box, Qt.Key.Key_Return)
    assert desk.card is not None and desk.card.voter_id == desk.search.rows[1].voter_id


def test_each_match_says_who_on_one_line_and_where_on_the_next(qtbot, desk: DeskPage) -> None:
    here_id, here_name = voter_here(desk.conn)
    there_id, there_name = voter_here(desk.conn, place="C02-S1")
    for voter_id, name, place in ((here_id, here_name, "本投票点"), (there_id, there_name, desk.places["C02-S1"])):
        desk.focus_search()
        desk.search.box.clear()
        type_text(qtbot, desk.search.box, name)
        number = [r.voter_id for r in desk.search.rows].index(voter_id)
        row, item = desk.search.rows[number], desk.search.results.item(number)
        who, where = item.text().split("\n")
        assert who.startswith(name) and "未投票" in who and who.endswith(row.masked_id)
        assert where.endswith(place) and (row.household or "") in where


def test_undo_needs_the_station_chief_and_a_reason(qtbot, desk: DeskPage) -> None:
    voter_id, name = voter_here(desk.conn)
    issue_by_keyboard(qtbot, desk, name)
    find_and_select(qtbot, desk, name)
    qtbot.keyClick(desk.card_check, Qt.Key.Key_F9)
    dialog = desk.issuing.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.name.setText("clerk1")
    dialog.password.setText(DEMO_PASSWORD)
    dialog.reason_field.setText("发错人")
    dialog.approve()
    assert dialog.isVisible() and "发票员无权撤销一次发票" in dialog.message.text()
    assert len(issuances(desk.conn, voter_id)) == 1
    dialog.attempt.tick()
    dialog.name.setText("chief1")
    dialog.password.setText(DEMO_PASSWORD)
    dialog.approve()
    assert not dialog.isVisible()
    assert issuances(desk.conn, voter_id) == []
    assert "chief1" in desk.result.text() and "发错人" in desk.result.text()
    assert desk.voter.values["status"].text() == "未投票"


def test_desk_says_plainly_when_the_poll_is_not_open(qtbot, closed_desk: DeskPage) -> None:
    assert closed_desk.poll.isVisible()
    assert "现在不能发票" in closed_desk.poll.text() and "chief1" in closed_desk.poll.text()
    voter_id, name = voter_here(closed_desk.conn)
    issue_by_keyboard(qtbot, closed_desk, name)
    assert closed_desk.result.property("tone") == "bad" and "站长" in closed_desk.result.text()
    assert issuances(closed_desk.conn, voter_id) == []


def test_the_chief_opens_the_poll_from_the_desk(qtbot, closed_desk: DeskPage) -> None:
    closed_desk.open_button.click()
    dialog = closed_desk.issuing.dialog
    assert dialog is not None
    dialog.name.setText("chief1")
    dialog.password.setText(DEMO_PASSWORD)
    dialog.approve()
    assert not closed_desk.poll.isVisible() and "投票进行中" in closed_desk.counter.text()


def test_voter_of_another_place_needs_the_chiefs_approval(qtbot, desk: DeskPage) -> None:
    voter_id, name = voter_here(desk.conn, place="C02-S1")
    find_and_select(qtbot, desk, name)
    assert desk.voter.warning.isVisible() and "太平社区第一投票站" in desk.voter.warning.text()
    qtbot.keyClick(desk.card_check, Qt.Key.Key_Space)
    qtbot.keyClick(desk.card_check, Qt.Key.Key_F5)
    dialog = desk.issuing.dialog
    assert dialog is not None and "太平社区第一投票站" in dialog.what.text()
    assert issuances(desk.conn, voter_id) == []
    dialog.name.setText("chief1")
    dialog.password.setText(DEMO_PASSWORD)
    dialog.approve()
    [row] = issuances(desk.conn, voter_id)
    assert "已发票" in desk.result.text() and "chief1" in desk.result.text()
    event = desk.conn.execute("SELECT authorised_by FROM issuance_events WHERE place_code = ? AND seq = ?",
                              (row["place_code"], row["seq"])).fetchone()
    assert event["authorised_by"] == "chief1"


def test_proxy_ballot_goes_to_the_proxy_with_the_authorisation_number(qtbot, desk: DeskPage) -> None:
    principal, principal_name = voter_here(desk.conn)
    proxy, proxy_name = voter_here(desk.conn, 1)
    find_and_select(qtbot, desk, principal_name)
    qtbot.keyClick(desk.card_check, Qt.Key.Key_F6)
    dialog = desk.issuing.dialog
    assert dialog is not None and principal_name in dialog.windowTitle() + dialog.findChild(type(dialog.chosen),
                                                                                            "title").text()
    type_text(qtbot, dialog.search.box, proxy_name)
    qtbot.keyClick(dialog.search.box, Qt.Key.Key_Return)
    assert dialog.proxy_id == proxy and dialog.focusWidget() is dialog.auth_no
    qtbot.keyClicks(dialog.auth_no, "WT-007")
    qtbot.keyClick(dialog.auth_no, Qt.Key.Key_Return)
    [row] = issuances(desk.conn, principal)
    assert (row["kind"], row["proxy_voter_id"], row["auth_no"]) == ("proxy", proxy, "WT-007")
    assert proxy_name in desk.result.text() and "WT-007" in desk.result.text()


def test_household_contest_issues_one_ballot_per_household(qtbot, desk: DeskPage) -> None:
    conn = desk.conn
    contest, group = conn.execute("SELECT id, group_id FROM contests WHERE form = 'household' ORDER BY id").fetchone()
    a_id, a_name, b_id, b_name = conn.execute(
        "SELECT a.id, a.name, b.id, b.name FROM voters a JOIN voters b ON a.household_id = b.household_id"
        " AND a.id < b.id WHERE a.group_id = ? AND a.place_code = 'C02-Z' AND b.place_code = 'C02-Z'"
        " AND (SELECT COUNT(*) FROM voters w WHERE w.name IN (a.name, b.name)) = 2 LIMIT 1", (group,)).fetchone()
    desk.contest.setCurrentIndex(desk.contest.findData(contest))
    assert desk.contest_note.isVisible() and "一户一票" in desk.contest_note.text()
    issue_by_keyboard(qtbot, desk, a_name)
    assert "一户一票" in desk.result.text()
    issue_by_keyboard(qtbot, desk, b_name)
    assert desk.result.property("tone") == "bad" and a_name in desk.result.text()
    assert len(issuances(conn, a_id, contest)) == 1 and issuances(conn, b_id, contest) == []


def test_mobile_box_takes_ballots_for_named_voters(qtbot, desk: DeskPage) -> None:
    first, first_name = voter_here(desk.conn, 3)
    second, second_name = voter_here(desk.conn, 4)
    find_and_select(qtbot, desk, first_name)
    qtbot.keyClick(desk.card_check, Qt.Key.Key_F7)
    dialog = desk.issuing.dialog
    assert dialog is not None
    type_text(qtbot, dialog.search.box, second_name)
    qtbot.keyClick(dialog.search.box, Qt.Key.Key_Return)
    assert [v for v, _ in dialog.voters] == [first, second]
    dialog.button.click()
    for voter in (first, second):
        [row] = issuances(desk.conn, voter)
        assert row["kind"] == "mobile"
    assert "本次登录 2 张" in desk.counter.text()


def test_desk_page_opens_any_station_file_path(qtbot, station_path: Path, clerk) -> None:  # type: ignore[no-untyped-def]
    page = DeskPage(str(station_path), clerk)
    qtbot.addWidget(page)
    assert page.facts.place_code == "C02-Z" and [c.id for c in page.facts.contests][0] == COMMITTEE
    page.close_file()
