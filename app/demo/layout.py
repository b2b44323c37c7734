"""The demo district's layout: communities, resident groups, voting places and committee seats.

The seed district (DOMAIN.md): 19 communities, 129,600 voters, 989 resident groups, 131 seats =
19 directors + 57 deputies + 55 members. A smaller demo keeps the 19 communities and the seats and
scales groups with voters (at least one group per community).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from app.demo.names import community_names
from app.election.model import BallotBox, ResidentGroup, VotingPlace

SEED_COMMUNITIES = 19
SEED_VOTERS = 129_600
SEED_GROUPS = 989
SEED_UNIT_REPRESENTATIVES = 32
DEPUTIES_PER_COMMUNITY = 3          # 19 x 3 = 57
MEMBERS_PER_COMMUNITY = 3           # 17 x 3 + 2 x 2 = 55
COMMUNITIES_WITH_TWO_MEMBERS = 2
_NUMERALS = "一二三四五六七八九"


@dataclass(frozen=True)
class CommunityPlan:
    """One community as laid out: size, groups, places and seats of its committee."""

    code: str
    name: str
    stem: str
    voters: int
    groups: tuple[ResidentGroup, ...]
    places: tuple[VotingPlace, ...]
    seats: dict[str, int]

    def place_of_group(self) -> dict[int, str]:
        """The code of the place serving each resident group."""
        return {n: p.code for p in self.places for n in p.groups}


def apportion(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder), each part at least `minimum`."""
    rest = total - minimum * len(weights)
    if rest < 0:
        raise ValueError("total too small for the minimum")
    whole = sum(weights)
    shares = [rest * w / whole for w in weights]
    parts = [int(s) for s in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: (parts[i] - shares[i], i))
    for i in by_remainder[: rest - sum(parts)]:
        parts[i] += 1
    return [p + minimum for p in parts]


def group_count(voters: int) -> int:
    """Resident groups for a district of `voters`: the seed's 989 scaled, one per community at least."""
    return max(SEED_COMMUNITIES, round(SEED_GROUPS * voters / SEED_VOTERS))


def plan_communities(rng: random.Random, voters: int) -> list[CommunityPlan]:
    """Lay out the 19 communities: voters, groups, places and seats, all drawn from `rng`."""
    names = community_names(rng, SEED_COMMUNITIES)
    sizes = apportion(voters, [rng.uniform(0.7, 1.4) for _ in names])
    groups = apportion(group_count(voters), [float(s) for s in sizes], minimum=1)
    # The two smallest communities elect two members instead of three.
    small = set(sorted(range(len(sizes)), key=lambda i: (sizes[i], i))[:COMMUNITIES_WITH_TWO_MEMBERS])
    plans = []
    for i, ((stem, name), size, n_groups) in enumerate(zip(names, sizes, groups, strict=True)):
        code = f"C{i + 1:02d}"
        group_list = tuple(ResidentGroup(n, f"第{n}居民小组") for n in range(1, n_groups + 1))
        seats = {"director": 1, "deputy": DEPUTIES_PER_COMMUNITY,
                 "member": MEMBERS_PER_COMMUNITY - (1 if i in small else 0)}
        plans.append(CommunityPlan(code, name, stem, size, group_list,
                                   _places(rng, code, name, stem, n_groups), seats))
    return plans


def _places(rng: random.Random, code: str, name: str, stem: str, n_groups: int) -> tuple[VotingPlace, ...]:
    """A central venue, 1-3 polling stations (fewer when there are too few groups) and a mobile box."""
    stations = min(rng.randint(1, 3), n_groups - 1)
    served = apportion(n_groups, [1.0] * (1 + stations))
    venues = rng.sample(("小学", "文化室", "老年活动中心", "幼儿园"), stations)
    places = []
    first = 1
    for k, count in enumerate(served):
        numbers = tuple(range(first, first + count))
        first += count
        if k == 0:
            places.append(VotingPlace(f"{code}-Z", "central", f"{name}中心会场", f"{stem}社区居委会大院",
                                      numbers, (BallotBox(f"{code}-Z-1", "fixed", "1号票箱"),)))
        else:
            places.append(VotingPlace(f"{code}-S{k}", "station", f"{name}第{_NUMERALS[k - 1]}投票站",
                                      f"{stem}{venues[k - 1]}",
                                      numbers, (BallotBox(f"{code}-S{k}-1", "fixed", "1号票箱"),)))
    places.append(VotingPlace(f"{code}-M1", "mobile", f"{name}流动票箱", "", (),
                              (BallotBox(f"{code}-M1-1", "mobile", "流动票箱"),)))
    return tuple(places)
