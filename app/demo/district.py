"""The whole demo district in memory: layout, residents, contests and the election definition.

Everything comes from one `random.Random(seed)`, drawn in a fixed order, so the same seed and size
always give the same district.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from app.demo.candidates import contests_of, unit_representatives
from app.demo.layout import SEED_VOTERS, CommunityPlan, plan_communities
from app.demo.people import ELECTION_DAY
from app.demo.population import Household, Voter, populate
from app.election.model import Community, Definition, Election
from app.election.rules import RuleSet
from app.errors import PollDeskError

ELECTION_NAME = "第四届社区居委会换届选举"
DISTRICT_NAME = "示范区"
MIN_VOTERS = 1_000
MAX_VOTERS = 1_000_000


@dataclass
class DemoDistrict:
    """The generated district: its definition plus the register that goes with it."""

    seed: int
    definition: Definition
    plans: list[CommunityPlan]
    households: list[Household]
    voters: list[Voter]


def election_id(seed: int) -> str:
    """The demo election's id, derived from the seed only."""
    return f"demo-2011-s{seed}"


def check_size(voters: int) -> None:
    """Refuse a demo too small to hold every contest's candidates, or too large to be a demo."""
    if not MIN_VOTERS <= voters <= MAX_VOTERS:
        raise PollDeskError("demo_size", "The demo needs between {low} and {high} voters, not {count}.",
                            low=MIN_VOTERS, high=MAX_VOTERS, count=voters)


def build_district(seed: int = 2011, voters: int = SEED_VOTERS, mode: str = "test") -> DemoDistrict:
    """Generate the seed's district (or a scaled-down one of `voters` voters) from `seed`, in `mode`."""
    check_size(voters)
    rng = random.Random(seed)
    rules = RuleSet()
    plans = plan_communities(rng, voters)
    population = populate(rng, plans)
    by_community: dict[str, list[Voter]] = defaultdict(list)
    for v in population.voters:
        by_community[v.community].append(v)
    units = unit_representatives(rng, plans)
    communities = tuple(
        Community(plan.code, plan.name, plan.groups, plan.places,
                  contests_of(rng, plan, by_community[plan.code], rules), units[plan.code])
        for plan in plans
    )
    election = Election(election_id(seed), ELECTION_NAME, ELECTION_DAY, mode, DISTRICT_NAME, rules)
    return DemoDistrict(seed, Definition(election, communities), plans, population.households, population.voters)
