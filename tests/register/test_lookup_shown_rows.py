"""The search index keeps what a found voter's row shows in step with the register, whatever changes."""

from __future__ import annotations

import sqlite3

from app.db import transaction
from app.register.lookup import LookupRow, lookup, rows_for
from app.register.lookup_index import index_voters
from app.register.maintenance import remove_voter
from tests.register import test_lookup as lookup_tests

Register = lookup_tests.Register
register = lookup_tests.register     # the fixtures of the search-box tests: a district file of PEOPLE
town = lookup_tests.town


def shown(conn: sqlite3.Connection, name: str) -> LookupRow:
    """The row the search box shows for the one voter called `name`."""
    rows = [r for r in lookup(conn, name) if r.name == name]
    assert len(rows) == 1
    return rows[0]


def assert_every_row_matches_the_register(town: Register) -> None:
    """Each voter's row from the index equals the row worked out from the register itself."""
    conn = town.df.conn
    for name, voter_id in town.ids.items():
        if conn.execute("SELECT 1 FROM voters WHERE id = ?", (voter_id,)).fetchone():
            assert shown(conn, name) == rows_for(conn, [voter_id])[0]


def issue(conn: sqlite3.Connection, voter_id: int, seq: int, kind: str = "in_person", contest: str = "c") -> None:
    with transaction(conn):
        conn.execute("INSERT INTO issuance_events(place_code, seq, event, clerk, time) VALUES ('C01-Z', ?, 'issue',"
                     " 'clerk', 't')", (seq,))
        conn.execute("INSERT INTO issuances(contest_id, voter_id, kind, proxy_voter_id, place_code, seq, clerk, time)"
                     " VALUES (?, ?, ?, ?, 'C01-Z', ?, 'clerk', 't')",
                     (contest, voter_id, kind, voter_id + 1 if kind == "proxy" else None, seq))


def test_a_voter_removed_after_indexing_is_shown_as_removed(town: Register) -> None:
    conn = town.df.conn
    remove_voter(conn, town.ids["张三"], "moved_out")
    assert shown(conn, "张三").status == "removed"
    assert_every_row_matches_the_register(town)


def test_a_ballot_shows_issued_a_proxy_ballot_shows_proxy_and_removed_stays_removed(town: Register) -> None:
    conn = town.df.conn
    issue(conn, town.ids["张三"], 1)
    issue(conn, town.ids["王芳"], 2, "proxy")
    issue(conn, town.ids["王芳"], 3, "in_person", contest="d")
    issue(conn, town.ids["李明"], 4)
    remove_voter(conn, town.ids["李明"], "died")
    assert [shown(conn, n).status for n in ("张三", "王芳", "李明", "张雪")] == ["issued", "proxy", "removed",
                                                                          "not_voted"]
    assert_every_row_matches_the_register(town)


def test_a_renamed_group_and_a_renumbered_household_are_shown_and_searched_at_once(town: Register) -> None:
    conn = town.df.conn
    with transaction(conn):
        conn.execute("UPDATE resident_groups SET name = '东湖一组' WHERE id = ?", (town.groups[("C01", 1)],))
        conn.execute("UPDATE households SET number = '0999' WHERE community_code = 'C01' AND number = '0100'")
    row = shown(conn, "张晓明")
    assert (row.group, row.household) == ("东湖一组", "0999")
    assert [r.name for r in lookup(conn, "0999")] == ["张晓明"]
    assert "张晓明" not in [r.name for r in lookup(conn, "0100")]
    assert_every_row_matches_the_register(town)


def test_the_shown_place_follows_the_voter_its_group_and_the_places_serving_it(town: Register) -> None:
    conn = town.df.conn
    group1 = town.groups[("C01", 1)]
    assert shown(conn, "张晓明").place == "C01-Z"
    with transaction(conn):     # group 1 served by the station as well: the lower code of the fixed places
        conn.execute("INSERT INTO place_groups(place_code, group_id) VALUES ('C01-S1', ?)", (group1,))
    assert shown(conn, "张晓明").place == "C01-S1"
    with transaction(conn):     # ... and by the mobile box only: a mobile box comes after a fixed place
        conn.execute("DELETE FROM place_groups WHERE group_id = ? AND place_code = 'C01-S1'", (group1,))
        conn.execute("INSERT INTO place_groups(place_code, group_id) VALUES ('C01-M1', ?)", (group1,))
    assert shown(conn, "张晓明").place == "C01-Z"
    with transaction(conn):
        conn.execute("UPDATE voting_places SET kind = 'mobile' WHERE code = 'C01-Z'")
    assert shown(conn, "张晓明").place == "C01-M1"
    assert_every_row_matches_the_register(town)
    with transaction(conn):     # a place of the voter's own, then moved to another group
        conn.execute("UPDATE voters SET place_code = 'C02-S1' WHERE id = ?", (town.ids["张晓明"],))
        conn.execute("UPDATE voters SET group_id = ? WHERE id = ?", (town.groups[("C01", 3)], town.ids["张雪"]))
    assert shown(conn, "张晓明").place == "C02-S1"
    assert (shown(conn, "张雪").group, shown(conn, "张雪").place) == ("第3居民小组", "C01-S1")
    with transaction(conn):
        conn.execute("DELETE FROM place_groups WHERE group_id = ?", (town.groups[("C01", 3)],))
    assert shown(conn, "张雪").place == ""
    assert_every_row_matches_the_register(town)


def test_a_deleted_voter_is_no_longer_found(town: Register) -> None:
    conn = town.df.conn
    with transaction(conn):
        conn.execute("DELETE FROM voters WHERE id = ?", (town.ids["仇英"],))
    assert lookup(conn, "仇英") == []
    assert lookup(conn, "英") == []
    assert_every_row_matches_the_register(town)


def test_a_name_with_a_middle_dot_is_shown_as_registered(town: Register) -> None:
    conn = town.df.conn
    index_voters(conn, [town.add("阿卜杜·热合曼")])
    assert shown(conn, "阿卜杜·热合曼").name == "阿卜杜·热合曼"
    assert [r.name for r in lookup(conn, "阿卜杜热合曼")] == ["阿卜杜·热合曼"]
    assert_every_row_matches_the_register(town)
