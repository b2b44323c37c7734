"""The demo's `polls-open` stage: at every place the demo users exist, ballots are received, chief1 opens the poll.

Demo users (clerk1, chief1, password "demo-pass"; admin1 at the district) are made only in a test election: an official election
never gets users with a known password, so the demo refuses to play its day in one. Their password is
published, so its hash protects nothing: the demo hashes it at the lowest argon2 cost (restored right
after), which keeps 2 users x ~80 stations from costing half a minute.
"""

from __future__ import annotations

import math
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from app.auth import DEMO_PASSWORD, HashParameters, Session, ensure_demo_users, login, set_hash_parameters
from app.demo.clock import DayClock
from app.demo.district import DemoDistrict
from app.demo.stages import DemoContext
from app.election.store import read_election
from app.errors import PollDeskError
from app.pollbook import open_poll, receive_ballots
from app.vault.wrapping import KdfCost, set_kdf_cost

SPARE = 1.05              # ballots received beyond the voters served, for spoilt ones
DEMO_HASH = HashParameters(time_cost=1, memory_cost=8, parallelism=1)
DEMO_KDF = KdfCost(time_cost=1, memory_cost=8, parallelism=1)
CLERK, CHIEF = "clerk1", "chief1"


@contextmanager
def cheap_demo_hashes() -> Iterator[None]:
    """Hash the published demo password cheaply for the duration of the block (sign-in hash and key wrapping)."""
    previous = set_hash_parameters(DEMO_HASH)
    previous_kdf = set_kdf_cost(DEMO_KDF)
    try:
        yield
    finally:
        set_hash_parameters(previous)
        set_kdf_cost(previous_kdf)


def sign_in(conn: sqlite3.Connection, name: str, clock: DayClock) -> Session:
    """A demo user signs in at a station (audited like any sign-in)."""
    with cheap_demo_hashes():
        return login(conn, name, DEMO_PASSWORD, clock)


def ballots_needed(district: DemoDistrict) -> dict[str, Counter[str | None]]:
    """Per place, ballots to receive per contest (None: the committee): voters or households served, plus spare."""
    need: dict[str, Counter[str | None]] = {}
    for v in district.voters:
        need.setdefault(v.place, Counter())[None] += 1
    for h in district.households:
        place = next(p.code for p in district.definition.community(h.community).places if h.group in p.groups)
        need[place][f"{h.community}-G{h.group:03d}"] += 1
    for community in district.definition.communities:
        mobile = next(p.code for p in community.places if p.kind == "mobile")
        need[mobile] = Counter({None: max(10, sum(need.get(p.code, Counter())[None] for p in community.places) // 40)})
    return {place: Counter({k: math.ceil(n * SPARE) for k, n in counts.items()}) for place, counts in need.items()}


def polls_open(ctx: DemoContext) -> None:
    """Make every station ready to issue: users, ballots received per contest, the poll opened by chief1."""
    district: DemoDistrict = ctx.state["district"]
    if not district.definition.election.is_test:
        raise PollDeskError("demo_day_official", "An official election gets no demo users, so the demo stops "
                            "after setup. Build a test election to play the election day.")
    clock = DayClock(district.definition.election.election_day)
    need = ballots_needed(district)
    places = sorted(need)
    for i, place in enumerate(places):
        ctx.step(i, len(places))
        with ctx.open_station(place) as df:
            conn = df.conn
            with cheap_demo_hashes():
                ensure_demo_users(df, read_election(conn), clock.at(-3600))
            chief = sign_in(conn, CHIEF, clock.at(-1800))
            for contest, count in sorted(need[place].items(), key=lambda kv: kv[0] or ""):
                receive_ballots(conn, chief, contest, count, clock.at(-1500))
            open_poll(conn, chief, clock.at(0))
    ctx.step(len(places), len(places))
    ctx.summary["polls_open"] = len(places)
