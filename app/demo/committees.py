"""Stage 1 in the demo: every community's election committee (选举委员会), and nomination problems to find.

The seed's first key stage is the committee's formation; the demo records it for every community. It
also plants the problems the nomination checks must find, as a real district meets them: in one
community a committee member stands as a candidate without stepping down, in another two close
relatives stand together, and in a third a member who stands has stepped down as the rules ask.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta

from app.audit import Actor
from app.candidates.committee import add_member, form_committee, step_down
from app.candidates.nominations import record_relatives

OFFICE = Actor("选举办", "district_admin")
FORMED_BY = ("residents_meeting", "representatives_meeting", "group_meetings")
MEMBERS = (("chair", 1), ("vice_chair", 2), ("member", 4))

# Which community (by its index in code order) gets which planted problem.
MEMBER_STANDING, RELATIVES_STANDING, MEMBER_STEPPED_DOWN = 2, 6, 10


def form_committees(conn: sqlite3.Connection, seed: int, election_day: date) -> dict[str, str]:
    """Form each community's committee from its voters and plant the problems; {community: planted problem}."""
    rng = random.Random(seed * 7919 + 1)
    communities = [r[0] for r in conn.execute("SELECT code FROM communities ORDER BY code")]
    planted: dict[str, str] = {}
    for index, code in enumerate(communities):
        candidates = _candidates(conn, code)
        pool = _non_candidates(conn, code, rng, sum(n for _, n in MEMBERS))
        form_committee(conn, OFFICE, code, rng.choice(FORMED_BY), election_day - timedelta(days=45))
        for role, count in MEMBERS:
            for _ in range(count):
                voter_id, name = pool.pop()
                add_member(conn, OFFICE, code, name, role, voter_id)
        if len(candidates) < 2:
            continue
        if index == MEMBER_STANDING:
            voter_id, name = candidates[-1]
            add_member(conn, OFFICE, code, name, "member", voter_id)
            planted[code] = "committee_member_standing"
        elif index == RELATIVES_STANDING:
            record_relatives(conn, OFFICE, candidates[0][0], candidates[-1][0], "spouse")
            planted[code] = "relatives_standing"
        elif index == MEMBER_STEPPED_DOWN:
            voter_id, name = candidates[0]
            member = add_member(conn, OFFICE, code, name, "member", voter_id)
            step_down(conn, OFFICE, member.id, "本人被提名为居委会成员候选人")
            planted[code] = "stepped_down"
    return planted


def _candidates(conn: sqlite3.Connection, code: str) -> list[tuple[int, str]]:
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT c.voter_id, c.name FROM candidates c JOIN contests k ON k.id = c.contest_id"
        " WHERE k.community_code = ? AND k.kind = 'committee' AND c.voter_id IS NOT NULL ORDER BY c.id", (code,))]


def _non_candidates(conn: sqlite3.Connection, code: str, rng: random.Random, count: int) -> list[tuple[int, str]]:
    rows = [(r[0], r[1]) for r in conn.execute(
        "SELECT v.id, v.name FROM voters v WHERE v.community_code = ? AND v.status = 'active'"
        " AND NOT EXISTS (SELECT 1 FROM candidates c WHERE c.voter_id = v.id) ORDER BY v.id LIMIT 400", (code,))]
    return rng.sample(rows, min(count, len(rows)))
