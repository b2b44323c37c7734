"""The demo district has the seed's shape: communities, seats, candidates, groups, places, households."""

from __future__ import annotations

from demo_support import SMALL_VOTERS, DemoRun

from app.db import DataFile
from app.demo.layout import group_count


def test_small_demo_keeps_the_seed_communities_seats_and_unit_representatives(small_demo: DemoRun) -> None:
    s = small_demo.summary
    assert s["stage"] == "setup"
    assert s["communities"] == 19 and len(s["community_codes"]) == 19
    assert s["voters"] == SMALL_VOTERS
    assert s["seats"] == {"director": 19, "deputy": 57, "member": 55}
    assert sum(s["seats"].values()) == 131
    assert s["unit_representatives"] == 32
    assert s["resident_groups"] == group_count(SMALL_VOTERS) == s["group_leader_contests"]
    assert s["group_leader_candidates"] == 2 * s["resident_groups"]
    assert s["candidates"] > 131
    assert s["election_id"] == "demo-2011-s2011"


def test_every_committee_has_more_passed_candidates_than_seats_for_each_position(district: DataFile) -> None:
    rows = district.conn.execute(
        "SELECT k.community_code, p.id, p.seats,"
        " (SELECT COUNT(*) FROM candidates c WHERE c.contest_id = k.id AND c.position_id = p.id"
        "  AND c.review_status = 'passed') AS passed"
        " FROM contests k JOIN positions p ON p.contest_id = k.id WHERE k.kind = 'committee'").fetchall()
    assert len(rows) == 19 * 3
    for r in rows:
        assert r["passed"] > r["seats"], dict(r)
    members = sorted(r["seats"] for r in rows if r["id"] == "member")
    assert members == [2, 2] + [3] * 17


def test_every_committee_has_a_woman_among_its_passed_candidates(district: DataFile) -> None:
    without = district.conn.execute(
        "SELECT k.id FROM contests k WHERE k.kind = 'committee' AND NOT EXISTS (SELECT 1 FROM candidates c"
        " WHERE c.contest_id = k.id AND c.sex = 'F' AND c.review_status = 'passed')").fetchall()
    assert without == []


def test_committee_candidates_are_registered_voters_of_their_community(district: DataFile) -> None:
    rows = district.conn.execute(
        "SELECT c.name, c.sex, c.birth_date, c.ethnicity, k.community_code, v.name AS vname, v.sex AS vsex,"
        " v.birth_date AS vborn, v.ethnicity AS vethnicity, v.community_code AS vcommunity"
        " FROM candidates c JOIN contests k ON k.id = c.contest_id LEFT JOIN voters v ON v.id = c.voter_id"
        ).fetchall()
    for r in rows:
        assert (r["name"], r["sex"], r["birth_date"], r["ethnicity"], r["community_code"]) == (
            r["vname"], r["vsex"], r["vborn"], r["vethnicity"], r["vcommunity"])
    per_contest = district.conn.execute(
        "SELECT contest_id, COUNT(*), COUNT(DISTINCT voter_id) FROM candidates GROUP BY contest_id").fetchall()
    assert all(r[1] == r[2] for r in per_contest)


def test_each_group_chooses_its_leader_by_household_between_two_of_its_own(district: DataFile) -> None:
    contests = district.conn.execute(
        "SELECT k.id, k.form, k.group_id, p.id AS position, p.seats FROM contests k"
        " JOIN positions p ON p.contest_id = k.id WHERE k.kind = 'group_leader'").fetchall()
    groups = district.conn.execute("SELECT COUNT(*) FROM resident_groups").fetchone()[0]
    assert len(contests) == groups
    assert len({k["group_id"] for k in contests}) == groups
    for k in contests:
        assert (k["form"], k["position"], k["seats"]) == ("household", "leader", 1)
        people = district.conn.execute(
            "SELECT v.group_id, v.household_id, c.review_status FROM candidates c JOIN voters v ON v.id = c.voter_id"
            " WHERE c.contest_id = ?", (k["id"],)).fetchall()
        assert len(people) == 2
        assert {p["group_id"] for p in people} == {k["group_id"]}
        assert people[0]["household_id"] != people[1]["household_id"]
        assert {p["review_status"] for p in people} == {"passed"}


def test_each_voter_is_listed_at_the_place_serving_their_group(district: DataFile) -> None:
    stray = district.conn.execute(
        "SELECT COUNT(*) FROM voters v WHERE NOT EXISTS (SELECT 1 FROM place_groups pg"
        " WHERE pg.place_code = v.place_code AND pg.group_id = v.group_id)").fetchone()[0]
    assert stray == 0
    twice = district.conn.execute(
        "SELECT group_id FROM place_groups GROUP BY group_id HAVING COUNT(*) > 1").fetchall()
    assert twice == []


def test_every_community_has_a_central_venue_and_a_mobile_box(district: DataFile) -> None:
    for (code,) in district.conn.execute("SELECT code FROM communities").fetchall():
        kinds = [r[0] for r in district.conn.execute(
            "SELECT kind FROM voting_places WHERE community_code = ? ORDER BY code", (code,))]
        assert kinds.count("central") == 1 and kinds.count("mobile") == 1
        assert kinds.count("station") <= 3
        mobile_boxes = district.conn.execute(
            "SELECT b.kind FROM ballot_boxes b JOIN voting_places p ON p.code = b.place_code"
            " WHERE p.community_code = ? AND p.kind = 'mobile'", (code,)).fetchall()
        assert [r[0] for r in mobile_boxes] == ["mobile"]


def test_households_hold_one_to_five_voters_of_one_group_at_one_address(district: DataFile) -> None:
    rows = district.conn.execute(
        "SELECT h.id, h.group_id, h.address, COUNT(v.id) AS n, COUNT(DISTINCT v.group_id) AS groups,"
        " MIN(v.group_id) AS vgroup, COUNT(DISTINCT v.address) AS addresses, MIN(v.address) AS vaddress,"
        " COUNT(DISTINCT v.category) AS categories"
        " FROM households h LEFT JOIN voters v ON v.household_id = h.id GROUP BY h.id").fetchall()
    for r in rows:
        assert 1 <= r["n"] <= 5
        assert (r["groups"], r["vgroup"], r["addresses"], r["vaddress"], r["categories"]) == (
            1, r["group_id"], 1, r["address"], 1)


def test_register_looks_like_a_city_in_2010(small_demo: DemoRun, district: DataFile) -> None:
    s = small_demo.summary
    women = s["voters_by_sex"]["F"] / s["voters"]
    assert 0.46 < women < 0.54
    resident = s["voters_by_category"]["resident"] / s["voters"]
    assert 0.03 < resident < 0.15
    old_women, old = district.conn.execute(
        "SELECT SUM(sex = 'F'), COUNT(*) FROM voters WHERE birth_date < '1936-04-11'").fetchone()
    assert old > 0 and old_women / old > women     # more women among the over-75s
    han = district.conn.execute("SELECT AVG(ethnicity = '汉族') FROM voters").fetchone()[0]
    assert han > 0.95
