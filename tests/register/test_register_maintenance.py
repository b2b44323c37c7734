"""Keeping the register up to date (四增四减) and resolving a person registered in two communities."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from registerkit import HEADER, clean_row, person_id, write_csv

from app.audit import Actor, read_events, verify_chain
from app.db import DataFile
from app.errors import PollDeskError
from app.register.changes import read_changes
from app.register.importer import import_register
from app.register.maintenance import (
    NewVoter,
    add_voter,
    find_cross_community_duplicates,
    remove_voter,
    resolve_duplicate,
)

CLERK = Actor("wang", "district_admin")


def newly_18() -> NewVoter:
    return NewVoter("孙丽", person_id(date(1993, 4, 1), 24), "第二组", "东湖社区", household="H010", sex="女")


def test_someone_newly_18_is_added_with_reason_and_audit(district: DataFile) -> None:
    voter_id = add_voter(district.conn, newly_18(), "newly_18", "满18周岁", CLERK)
    row = district.conn.execute("SELECT name, sex, community_code, status FROM voters WHERE id=?",
                                (voter_id,)).fetchone()
    assert tuple(row) == ("孙丽", "F", "C01", "active")
    [change] = read_changes(district.conn, voter_id)
    assert (change.action, change.reason, change.note, change.actor) == ("add", "newly_18", "满18周岁", "wang")
    [event] = read_events(district.conn, event="voter_added")
    assert (event.user, event.details["voter_id"]) == ("wang", voter_id)
    assert verify_chain(district.conn) == (True, None)


def test_adding_someone_already_registered_or_underage_is_refused(district: DataFile) -> None:
    add_voter(district.conn, newly_18(), "newly_18")
    with pytest.raises(PollDeskError) as err:
        add_voter(district.conn, newly_18(), "moved_in")
    assert err.value.code == "duplicate_in_register"
    child = NewVoter("小明", person_id(date(1993, 4, 11), 13), "1", "C01")
    with pytest.raises(PollDeskError) as err:
        add_voter(district.conn, child, "newly_18")
    assert err.value.code == "underage"
    assert district.conn.execute("SELECT COUNT(*) FROM voters").fetchone()[0] == 1


def test_a_reason_outside_the_list_is_refused(district: DataFile) -> None:
    with pytest.raises(PollDeskError) as err:
        add_voter(district.conn, newly_18(), "died")
    assert err.value.code == "bad_reason"


def test_removal_keeps_the_record_marked_with_its_reason(district: DataFile) -> None:
    voter_id = add_voter(district.conn, newly_18(), "newly_18")
    remove_voter(district.conn, voter_id, "moved_out", "迁往外省", CLERK)
    assert tuple(district.conn.execute("SELECT status, status_reason FROM voters WHERE id=?", (voter_id,)).fetchone()
                 ) == ("removed", "moved_out")
    assert [c.action for c in read_changes(district.conn, voter_id)] == ["add", "remove"]
    with pytest.raises(PollDeskError) as err:
        remove_voter(district.conn, voter_id, "died")
    assert err.value.code == "already_removed"
    with pytest.raises(PollDeskError) as err:
        remove_voter(district.conn, 999, "died")
    assert err.value.code == "voter_not_found"


def test_a_removed_voter_may_be_added_again(district: DataFile) -> None:
    first = add_voter(district.conn, newly_18(), "newly_18")
    remove_voter(district.conn, first, "moved_out")
    assert add_voter(district.conn, newly_18(), "moved_in") != first


def test_a_note_never_keeps_an_id_number_in_clear(district: DataFile) -> None:
    number = person_id(date(1993, 4, 1), 24)
    voter_id = add_voter(district.conn, newly_18(), "newly_18", f"身份证 {number}")
    assert number not in read_changes(district.conn, voter_id)[0].note


def test_person_registered_in_two_communities_is_found_and_resolved(district: DataFile, tmp_path: Path) -> None:
    both = clean_row("王建国", date(1960, 1, 2), 11)
    east = write_csv(tmp_path / "east.csv", [HEADER, both, clean_row("李秀英", date(1962, 3, 3), 22)])
    import_register(district.conn, east)
    # An import refuses a second registration, so the old data of two offices is written directly here.
    row = district.conn.execute("SELECT * FROM voters WHERE name='王建国'").fetchone()
    district.conn.execute(
        "INSERT INTO voters(community_code, group_id, name, sex, birth_date, id_hash, id_masked)"
        " VALUES ('C02', 5, ?, ?, ?, ?, ?)", (row["name"], row["sex"], row["birth_date"], row["id_hash"],
                                              row["id_masked"]))
    [dup] = find_cross_community_duplicates(district.conn)
    assert dup.id_masked == row["id_masked"]
    assert [r["community"] for r in dup.registrations] == ["C01", "C02"]
    west_id = int(dup.registrations[1]["voter_id"])  # type: ignore[call-overload]
    removed = resolve_duplicate(district.conn, dup.id_hash, west_id, "moved_out", "已迁入西园社区", CLERK)
    assert removed == [row["id"]]
    assert find_cross_community_duplicates(district.conn) == []
    assert [c.action for c in read_changes(district.conn, row["id"])] == ["resolve_duplicate"]
    assert len(read_events(district.conn, event="duplicate_resolved")) == 1


def test_keeping_a_registration_that_is_not_this_persons_is_refused(district: DataFile) -> None:
    voter_id = add_voter(district.conn, newly_18(), "newly_18")
    with pytest.raises(PollDeskError) as err:
        resolve_duplicate(district.conn, "0" * 64, voter_id)
    assert err.value.code == "keep_not_registered"
