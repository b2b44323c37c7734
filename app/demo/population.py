"""The demo's residents: households of 1-5 adult voters in each resident group, each with a voter record.

A household shares an address, a registration category and mostly a surname (a spouse may bring
another); every member is drawn from the age pyramid. About one household in twelve is registered
where it lives (人户分离): its people come from elsewhere, with their home town's region code.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import accumulate

from app.demo.layout import CommunityPlan, apportion
from app.demo.names import given_name, streets, surname
from app.demo.people import LOCAL_REGION, MIGRANT_REGIONS, IdMaker, Person, draw_birth, draw_ethnicity

_HOUSEHOLD_SIZES = (1, 2, 3, 4, 5)
_SIZE_CUM = list(accumulate((16, 33, 30, 14, 7)))   # about 2.6 adult voters a household
RESIDENT_SHARE = 0.08          # households registered where they live (人户分离)
SAME_SURNAME_SHARE = 0.65      # chance another member carries the head's surname


@dataclass(frozen=True, slots=True)
class Household:
    """A household (户) of one resident group; `number` is the 户号 within the community."""

    id: int
    community: str
    group: int
    number: str
    address: str


@dataclass(frozen=True, slots=True)
class Voter:
    """A registered voter (参选居民) as the demo writes it; `person` holds the clear ID in memory only."""

    id: int
    community: str
    group: int
    household: int
    person: Person
    category: str
    address: str
    place: str


@dataclass
class Population:
    """Everyone the demo registers, in voter-id order."""

    households: list[Household]
    voters: list[Voter]


def populate(rng: random.Random, plans: list[CommunityPlan]) -> Population:
    """Households and voters for every community, ids numbered from 1 in community order."""
    ids = IdMaker(rng)
    population = Population([], [])
    for plan in plans:
        minimum = 2 if plan.voters >= 2 * len(plan.groups) else 0
        per_group = apportion(plan.voters, [rng.uniform(0.7, 1.3) for _ in plan.groups], minimum)
        place_of = plan.place_of_group()
        street_names = streets(plan.stem)
        for group, size in zip(plan.groups, per_group, strict=True):
            _populate_group(rng, ids, population, plan.code, group.number, size,
                            place_of[group.number], street_names)
    return population


def _populate_group(rng: random.Random, ids: IdMaker, population: Population, community: str,
                    group: int, size: int, place: str, street_names: list[str]) -> None:
    street = street_names[(group - 1) % len(street_names)]
    first_building = (group - 1) // len(street_names) * 30 + 1
    left, k = size, 0
    while left > 0:
        members = min(left, rng.choices(_HOUSEHOLD_SIZES, cum_weights=_SIZE_CUM)[0])
        left -= members
        floor, door = 1 + (k % 12) // 2, 1 + k % 2
        address = f"{street}{first_building + k // 12}号{floor}{door:02d}房"
        household = Household(len(population.households) + 1, community, group, f"{group:02d}{k + 1:03d}", address)
        population.households.append(household)
        category = "resident" if rng.random() < RESIDENT_SHARE else "hukou"
        for person in _members(rng, ids, members, local=category == "hukou"):
            population.voters.append(Voter(len(population.voters) + 1, community, group, household.id,
                                           person, category, address, place))
        k += 1


def _members(rng: random.Random, ids: IdMaker, count: int, local: bool) -> list[Person]:
    """The adult members of one household: a shared surname mostly, one region and ethnicity mostly."""
    region = LOCAL_REGION if local else rng.choice(MIGRANT_REGIONS)
    head_surname = surname(rng, local)
    head_ethnicity = draw_ethnicity(rng)
    people = []
    for i in range(count):
        family = head_surname if i == 0 or rng.random() < SAME_SURNAME_SHARE else surname(rng, local)
        ethnicity = head_ethnicity if rng.random() < 0.9 else draw_ethnicity(rng)
        born, sex = draw_birth(rng)
        name = family + given_name(rng, sex, born.year)
        people.append(Person(name, sex, born, ids.make(region, born, sex), ethnicity))
    return people
