"""Stage 1 and stage 3: the election committee, resident-group elections and unit representatives."""

from __future__ import annotations

from datetime import date

import pytest
from candidatekit import District

from app.candidates import add_member, form_committee, list_members, step_down
from app.candidates.groups import (
    add_unit_representative,
    create_group_contest,
    groups_without_contest,
    list_group_contests,
    list_unit_representatives,
)
from app.errors import PollDeskError


def test_committee_is_formed_with_one_chair_and_members_step_down_with_a_reason(district: District) -> None:
    conn, admin = district.df.conn, district.admin
    with pytest.raises(PollDeskError) as refused:
        add_member(conn, admin, "C01", "何平", "chair")
    assert refused.value.code == "no_committee"
    form_committee(conn, admin, "C01", "residents_meeting", date(2011, 3, 3))
    add_member(conn, admin, "C01", "何平", "chair")
    with pytest.raises(PollDeskError):
        add_member(conn, admin, "C01", "高红", "chair")
    member = add_member(conn, admin, "C01", "罗斌", "vice_chair")
    assert [m.title for m in list_members(conn, "C01")] == ["主任", "副主任"]
    with pytest.raises(PollDeskError):
        step_down(conn, admin, member.id, "")
    assert step_down(conn, admin, member.id, "被提名为候选人").status == "stepped_down"
    assert [m.name for m in list_members(conn, "C01", serving_only=True)] == ["何平"]


def test_group_elections_are_created_in_household_form_for_groups_without_one(district: District) -> None:
    conn = district.df.conn
    assert groups_without_contest(conn, "C01") == [2, 3, 4]
    made = create_group_contest(conn, district.admin, "C01", 2, representatives=2)
    assert (made.id, made.seats) == ("C01-G002", {"leader": 1, "representative": 2})
    assert conn.execute("SELECT kind, form FROM contests WHERE id = 'C01-G002'").fetchone()[:] == (
        "group_leader", "household")
    assert [c.group_number for c in list_group_contests(conn, "C01")] == [1, 2]
    with pytest.raises(PollDeskError) as refused:
        create_group_contest(conn, district.admin, "C01", 2)
    assert refused.value.code == "group_contest_exists"


def test_unit_representatives_chosen_by_consultation_are_recorded(district: District) -> None:
    conn = district.df.conn
    add_unit_representative(conn, district.admin, "C01", "东湖小学", "郑玉兰")
    assert [(u.unit_name, u.name) for u in list_unit_representatives(conn, "C01")] == [
        ("电子科技大学中山学院", "何平"), ("东湖小学", "郑玉兰")]
