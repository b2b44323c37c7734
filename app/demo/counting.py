"""The demo's `counting` stage: each community's boxes counted together at its central venue, then certified.

The boxes are sealed and brought to the central venue (DOMAIN.md): there the venue's own box is entered
ballot by ballot (`enter_ballots`), and each polling station's and the mobile box's from the tally sheet
its counters filled in (`enter_tally_sheet`, with the ballots issued into it entered from that place's
poll book), which keeps ~130,000 ballots from being typed twice. chief1 certifies the committee result.
Each resident group's leader ballots (one per household) are counted from a tally sheet at the place
that issued them and certified there. Ballots collected never exceed ballots issued.
"""

from __future__ import annotations

import random
import sqlite3
from collections import Counter
from typing import Any

from app.counting.certify import certify_contest
from app.counting.entry import ballot_order, positions_of
from app.counting.store import enter_ballots, enter_tally_sheet, set_issued
from app.demo.ballots import box_ballots, mood_of, sheet_of
from app.demo.clock import DAY_SECONDS, DayClock
from app.demo.district import DemoDistrict
from app.demo.polls_open import CHIEF, sign_in
from app.demo.stages import DemoContext
from app.demo.totals import result_totals
from app.pollbook import poll_state, start_counting
from app.pollbook.record import Actor

GROUP_CLOSE_RACES = 0.05


def counting(ctx: DemoContext) -> None:
    """Count and certify every committee at its central venue and every group leader where it was voted."""
    district: DemoDistrict = ctx.state["district"]
    rng = random.Random(ctx.seed * 7919 + 2)
    clock = DayClock(district.definition.election.election_day)
    results: dict[str, dict[str, Any]] = {}
    communities = district.definition.communities
    for i, community in enumerate(communities):
        ctx.step(i, len(communities))
        issued = {p.code: _issued_by_box(ctx, p.code) for p in community.places}
        central = next(p.code for p in community.places if p.kind == "central")
        with ctx.open_station(central) as df:
            chief = sign_in(df.conn, CHIEF, clock.at(DAY_SECONDS + 600))
            start_counting(df.conn, chief, clock.at(DAY_SECONDS + 900))
            results[f"{community.code}-committee"] = _count_committee(
                df.conn, chief, rng, f"{community.code}-committee", central, issued, clock)
        for place in community.places:
            groups = {c: n for c, n in issued[place.code].items() if c != f"{community.code}-committee"}
            if groups:
                results.update(_count_groups(ctx, place.code, groups, rng, clock))
    ctx.step(len(communities), len(communities))
    ctx.state["results"] = results
    ctx.summary["district_totals"].update(result_totals(results))


def _issued_by_box(ctx: DemoContext, place: str) -> dict[str, Counter[str]]:
    """A place's poll book figures, as brought with its box: ballots issued per contest and box."""
    with ctx.open_station(place) as df:
        out: dict[str, Counter[str]] = {}
        for r in df.conn.execute("SELECT contest_id, box_id, COUNT(*) FROM issuances GROUP BY contest_id, box_id"):
            out.setdefault(r[0], Counter())[r[1]] = int(r[2])
    return out


def _count_committee(conn: sqlite3.Connection, chief: Actor, rng: random.Random, contest: str, central: str,
                     issued: dict[str, dict[str, Counter[str]]], clock: DayClock) -> dict[str, Any]:
    positions = positions_of(ballot_order(conn, contest))
    mood = mood_of(rng, positions)
    boxes: Counter[str] = Counter()
    for by_contest in issued.values():
        boxes.update(by_contest.get(contest, Counter()))
    for box, count in sorted(boxes.items()):
        ballots = box_ballots(rng, positions, mood, count)
        clock.at(DAY_SECONDS + 1800)
        if box.startswith(central + "-"):
            enter_ballots(conn, chief, contest, box, ballots)
        else:
            enter_tally_sheet(conn, chief, contest, box, sheet_of(ballots, positions))
            set_issued(conn, chief, contest, box, count)
    return certify_contest(conn, chief, contest, clock.at(DAY_SECONDS + 3 * 3600)).data


def _count_groups(ctx: DemoContext, place: str, groups: dict[str, Counter[str]], rng: random.Random,
                  clock: DayClock) -> dict[str, dict[str, Any]]:
    """The group-leader contests voted at `place`, each counted from its tally sheet and certified."""
    results = {}
    with ctx.open_station(place) as df:
        conn = df.conn
        chief = sign_in(conn, CHIEF, clock.at(DAY_SECONDS + 600))
        if poll_state(conn) == "closed":
            start_counting(conn, chief, clock.at(DAY_SECONDS + 900))
        for contest, boxes in sorted(groups.items()):
            positions = positions_of(ballot_order(conn, contest))
            mood = mood_of(rng, positions, GROUP_CLOSE_RACES)
            for box, count in sorted(boxes.items()):
                ballots = box_ballots(rng, positions, mood, count)
                enter_tally_sheet(conn, chief, contest, box, sheet_of(ballots, positions))
            results[contest] = certify_contest(conn, chief, contest, clock.at(DAY_SECONDS + 2 * 3600)).data
    return results
