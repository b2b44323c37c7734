"""Who votes how on the demo's election day: a plan drawn from one seeded random source, played later.

Per community: a turnout of 80-92 %; some elderly voters (80 and over) vote at the mobile box; a few
voters send their ballot through a relative of their household (委托投票, within the proxy cap, never a
candidate as proxy); everyone else comes in person to their own place, mostly in the morning. The first
member of a household to come also takes the household's group-leader ballot (一户一票) in most
households. A few ballots are spoilt and exchanged, and a few voters try for a second ballot.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from app.demo.clock import DAY_SECONDS
from app.demo.district import DemoDistrict
from app.demo.people import age_on
from app.demo.population import Voter

TURNOUT = (0.80, 0.92)
MOBILE_AGE = 80
MOBILE_SHARE = 0.35          # of the voters aged 80 and over
PROXY_SHARE = 0.06           # of households with two or more voters, one member sends a proxy
HOUSEHOLD_TURNOUT = 0.92     # households whose first visitor takes the group-leader ballot
SPOILT_SHARE = 0.003
NOT_AT_HOME = 0.03           # mobile-box voters not found at home: their ballot comes back unused
TRIPS = (2 * 3600, int(6.5 * 3600))   # the mobile box leaves at 10:00 and at 14:30


@dataclass(frozen=True)
class Action:
    """One thing that happens at a place's desk: a ballot issued, a spoilt one exchanged, a refused try."""

    seconds: int
    what: str                         # issue | spoil | refuse
    voter_id: int
    contest_id: str | None = None     # None: the community's committee election
    proxy_id: int | None = None       # the proxy who collects `voter_id`'s ballot
    auth_no: str | None = None


@dataclass(frozen=True)
class MobileTrip:
    """One trip of a community's mobile box: named voters, and those not found at home."""

    seconds: int
    voters: tuple[int, ...]
    unused: tuple[int, ...]


@dataclass
class DayPlan:
    """The whole day: each place's desk actions in time order and each community's mobile trips."""

    desks: dict[str, list[Action]] = field(default_factory=lambda: defaultdict(list))
    trips: dict[str, list[MobileTrip]] = field(default_factory=dict)
    mobile_places: dict[str, str] = field(default_factory=dict)   # community -> mobile place code

    def sort(self) -> None:
        """Put every desk's actions in time order."""
        for actions in self.desks.values():
            actions.sort(key=lambda a: (a.seconds, a.voter_id, a.what))


def _arrival(rng: random.Random) -> int:
    """A time of arrival: most people come in the morning, fewer at lunch and late afternoon."""
    return int(rng.triangular(0, DAY_SECONDS - 600, 5400))


def plan_day(district: DemoDistrict, seed: int, proxy_cap: int) -> DayPlan:
    """Draw the day of every community from `seed` (the same seed always gives the same day)."""
    rng = random.Random(seed * 7919 + 1)
    candidates = {c.voter_id for k in district.definition.communities for ct in k.contests for c in ct.candidates
                  if c.voter_id is not None and c.review_status != "rejected"}
    by_community: dict[str, list[Voter]] = defaultdict(list)
    for v in district.voters:
        by_community[v.community].append(v)
    plan = DayPlan()
    for community in district.definition.communities:
        mobile = next(p.code for p in community.places if p.kind == "mobile")
        plan.mobile_places[community.code] = mobile
        _plan_community(rng, plan, community.code, mobile, by_community[community.code], candidates, proxy_cap)
    plan.sort()
    return plan


def _plan_community(rng: random.Random, plan: DayPlan, code: str, mobile: str, voters: list[Voter],
                    candidates: set[int], proxy_cap: int) -> None:
    target = rng.uniform(*TURNOUT) * len(voters)
    at_mobile = [v.id for v in voters if age_on(v.person.birth_date) >= MOBILE_AGE and rng.random() < MOBILE_SHARE]
    _plan_trips(rng, plan, code, at_mobile)
    mobile_set = set(at_mobile)
    others = [v for v in voters if v.id not in mobile_set]
    chance = min(1.0, max(0.0, (target - len(at_mobile)) / max(1, len(others))))
    households: dict[int, list[Voter]] = defaultdict(list)
    for v in others:
        if rng.random() < chance:
            households[v.household].append(v)
    held: Counter[int] = Counter()
    for household, members in households.items():
        _plan_household(rng, plan, code, household, members, candidates, held, proxy_cap)
    _plan_refusals(rng, plan, code)


def _plan_trips(rng: random.Random, plan: DayPlan, code: str, at_mobile: list[int]) -> None:
    half = len(at_mobile) // 2
    trips = []
    for seconds, named in zip(TRIPS, (at_mobile[:half], at_mobile[half:]), strict=True):
        if named:
            unused = tuple(v for v in named if rng.random() < NOT_AT_HOME)
            trips.append(MobileTrip(seconds, tuple(named), unused))
    plan.trips[code] = trips


def _plan_household(rng: random.Random, plan: DayPlan, code: str, household: int, members: list[Voter],
                    candidates: set[int], held: Counter[int], proxy_cap: int) -> None:
    """The visits of one household's voters: in person, one perhaps by proxy, the first taking the household ballot."""
    comers = list(members)
    principal: Voter | None = None
    if len(members) >= 2 and rng.random() < PROXY_SHARE:
        principal = rng.choice(members)
        comers = [v for v in members if v is not principal]
    visits = sorted((_arrival(rng), v.id, v) for v in comers)
    desk = plan.desks[comers[0].place]
    for seconds, _, v in visits:
        desk.append(Action(seconds, "issue", v.id))
        if rng.random() < SPOILT_SHARE:
            desk.append(Action(seconds + 90, "spoil", v.id))
    if principal is not None:
        proxies = [(s, v) for s, _, v in visits if v.id not in candidates and held[v.id] < proxy_cap]
        if proxies:
            seconds, proxy = proxies[0]
            held[proxy.id] += 1
            desk.append(Action(seconds + 30, "issue", principal.id, proxy_id=proxy.id,
                               auth_no=f"{code}-W{principal.id:06d}"))
    first_seconds, _, first = visits[0]
    if rng.random() < HOUSEHOLD_TURNOUT:
        desk.append(Action(first_seconds + 20, "issue", first.id, f"{code}-G{first.group:03d}"))


def _plan_refusals(rng: random.Random, plan: DayPlan, code: str) -> None:
    """At each of the community's places, one to three voters come back for a second ballot: refused."""
    for place, actions in plan.desks.items():
        if not place.startswith(code + "-"):
            continue
        issued = [a for a in actions if a.what == "issue" and a.contest_id is None and a.proxy_id is None]
        for a in rng.sample(issued, min(len(issued), rng.randint(1, 3))):
            later = min(DAY_SECONDS - 60, a.seconds + rng.randint(1800, 3 * 3600))
            actions.append(Action(later, "refuse", a.voter_id))
