"""The demo's `election-day` stage: the planned day played through the poll book, then every poll closed (and its file backed up).

Every ballot goes through the poll book's own checks, events and audit entries. Desk ballots are
issued with `app.pollbook.issue.issue_in_transaction` (what `issue_ballot` and `mobile_out` run) in
one durable transaction per place and hour of the simulated day, instead of one per ballot: no clerk
waits on a simulated ballot, and each hour is on disk as a whole when its transaction ends. Spoilt
exchanges, refused second ballots, mobile trips and poll moves use the public functions one by one.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from itertools import groupby

from app.backup import close_poll_with_backup
from app.demo.clock import DAY_SECONDS, DayClock
from app.demo.day_plan import Action, DayPlan, plan_day
from app.demo.district import DemoDistrict
from app.demo.polls_open import CHIEF, CLERK, sign_in
from app.demo.stages import DemoContext
from app.demo.totals import turnout_totals
from app.errors import PollDeskError
from app.pollbook import issue_ballot, mobile_out, mobile_return, spoil_exchange
from app.pollbook.issue import BallotRequest, issue_in_transaction
from app.pollbook.record import Actor, durable_transaction


def election_day(ctx: DemoContext) -> None:
    """Play every place's day from the plan, the mobile boxes' trips, then close every poll at 17:00."""
    district: DemoDistrict = ctx.state["district"]
    election = district.definition.election
    plan = plan_day(district, ctx.seed, election.rules.proxy_cap)
    ctx.state["day_plan"] = plan
    clock = DayClock(election.election_day)
    places = sorted(ctx.summary["station_files"])
    tally: Counter[str] = Counter()
    for i, place in enumerate(places):
        ctx.step(i, len(places))
        with ctx.open_station(place) as df:
            clerk, chief = sign_in(df.conn, CLERK, clock.at(0)), sign_in(df.conn, CHIEF, clock.at(0))
            play_desk(df.conn, clerk, place, plan.desks.get(place, []), clock, tally)
            if place in plan.mobile_places.values():
                play_mobile_box(df.conn, clerk, chief, place, plan, clock, tally)
            closed = close_poll_with_backup(df, chief, ctx.backups_dir, clock.at(DAY_SECONDS))
            if closed.error is not None:
                raise closed.error
    ctx.step(len(places), len(places))
    ctx.summary["election_day"] = {"refused_second_ballots": tally["refused"], "spoilt_exchanged": tally["spoil"],
                                   "mobile_unused": tally["mobile_unused"], "polls_closed": len(places)}
    ctx.summary["district_totals"] = turnout_totals(ctx)


def play_desk(conn: sqlite3.Connection, clerk: Actor, place: str, actions: list[Action], clock: DayClock,
              tally: Counter[str]) -> None:
    """A place's desk through the day: ballots in one transaction per hour, exceptions one by one."""
    for (_, batch), run in groupby(actions, key=lambda a: (clock.hour(a.seconds), a.what == "issue")):
        if batch:
            with durable_transaction(conn):
                for a in run:
                    request = BallotRequest(a.voter_id, a.contest_id, "proxy" if a.proxy_id else "in_person",
                                            a.proxy_id, a.auth_no, None, a.proxy_id is not None)
                    issue_in_transaction(conn, clerk, place, request, None, clock.at(a.seconds))
            continue
        for a in run:
            if a.what == "spoil":
                spoil_exchange(conn, clerk, a.voter_id, a.contest_id, "选票填写错误，交回换发",
                               clock.at(a.seconds))
                tally["spoil"] += 1
            else:
                tally["refused"] += _refused(conn, clerk, a, clock)


def _refused(conn: sqlite3.Connection, clerk: Actor, a: Action, clock: DayClock) -> int:
    """A voter asks for a second ballot: the poll book must refuse it (1), or the demo is wrong."""
    try:
        issue_ballot(conn, clerk, a.voter_id, a.contest_id, clock=clock.at(a.seconds))
    except PollDeskError as refusal:
        if refusal.code == "already_issued":
            return 1
        raise
    raise AssertionError(f"a second ballot for voter {a.voter_id} was issued")


def play_mobile_box(conn: sqlite3.Connection, clerk: Actor, chief: Actor, place: str, plan: DayPlan,
                    clock: DayClock, tally: Counter[str]) -> None:
    """The mobile box's trips: ballots out for named voters (the chief allows their other place), and back."""
    community = next(c for c, p in plan.mobile_places.items() if p == place)
    box = f"{place}-1"
    for trip in plan.trips.get(community, []):
        mobile_out(conn, clerk, box, list(trip.voters), override_by=chief, clock=clock.at(trip.seconds))
        back = mobile_return(conn, chief, box, len(trip.voters) - len(trip.unused), trip.unused,
                             clock.at(trip.seconds + 7200))
        if not back.balanced:
            raise AssertionError(f"mobile box {box} does not reconcile")
        tally["mobile_unused"] += back.unused
