"""The demo's contests: each community's committee and one group-leader contest per resident group.

Candidates are registered voters of the community (voter_id set), more than the seats (差额) by the
rule set's margins, at least one woman among the members' candidates, nearly all passed by the
qualification review; now and then one more candidate is rejected, so each community can still elect.
Unit representatives (32 in the seed) are spread over the communities: one each, the rest at random.
"""

from __future__ import annotations

import random
from collections import defaultdict

from app.demo.layout import SEED_UNIT_REPRESENTATIVES, CommunityPlan, apportion
from app.demo.names import given_name, surname
from app.demo.people import age_on
from app.demo.population import Voter
from app.election.model import POSITIONS, Candidate, Contest, Position, UnitRepresentative
from app.election.rules import RuleSet

PARTY_MEMBER = "中共党员"
NOT_IN_PARTY = "群众"
_PARTY_SHARE = {"director": 0.85, "deputy": 0.6, "member": 0.4, "leader": 0.35}
_INCUMBENT_SHARE = {"director": 0.6, "deputy": 0.4, "member": 0.3, "leader": 0.5}
_EDUCATION_YOUNG = (("本科", 35), ("大专", 45), ("高中", 15), ("中专", 5))
_EDUCATION_OLD = (("本科", 10), ("大专", 35), ("高中", 35), ("中专", 15), ("初中", 5))
REJECTED_SHARE = 0.15          # communities where one more member candidate fails the review
REJECTION_REASONS = ("提名程序不符合规定：联名推荐人数不足", "不符合任职条件：有违反计划生育政策行为")
_UNIT_KINDS = ("小学", "幼儿园", "市场管理处", "物业管理有限公司", "实业有限公司", "商贸有限公司", "卫生服务站")


def contests_of(rng: random.Random, plan: CommunityPlan, voters: list[Voter], rules: RuleSet) -> tuple[Contest, ...]:
    """The committee contest and every group-leader contest of one community."""
    committee = _committee(rng, plan, voters, rules)
    by_group: dict[int, list[Voter]] = defaultdict(list)
    for v in voters:
        by_group[v.group].append(v)
    leaders = tuple(_group_leader(rng, plan.code, g.number, by_group[g.number]) for g in plan.groups)
    return (committee, *leaders)


def _committee(rng: random.Random, plan: CommunityPlan, voters: list[Voter], rules: RuleSet) -> Contest:
    margins = {"director": rules.margin_director, "deputy": rules.margin_deputy,
               "member": rng.randint(rules.margin_member_min, rules.margin_member_max)}
    wanted = {pid: plan.seats[pid] + margins[pid] for pid in ("director", "deputy", "member")}
    rejected = 1 if rng.random() < REJECTED_SHARE else 0
    pool = [v for v in voters if 25 <= age_on(v.person.birth_date) <= 65]
    if len(pool) < sum(wanted.values()) + rejected + 1:
        pool = list(voters)
    chosen = rng.sample(pool, sum(wanted.values()) + rejected)
    members = chosen[wanted["director"] + wanted["deputy"]:]
    if not any(v.person.sex == "F" for v in members[rejected:]):
        women = [v for v in pool if v.person.sex == "F" and v not in chosen]
        if women:
            members[-1] = rng.choice(women)
    candidates = []
    for i, v in enumerate(chosen[: wanted["director"] + wanted["deputy"]]):
        candidates.append(_candidate(rng, v, "director" if i < wanted["director"] else "deputy"))
    for i, v in enumerate(members):
        if i < rejected:
            candidates.append(_candidate(rng, v, "member", rng.choice(REJECTION_REASONS)))
        else:
            candidates.append(_candidate(rng, v, "member"))
    positions = tuple(Position(pid, plan.seats[pid], "", POSITIONS[pid][0]) for pid in ("director", "deputy", "member"))
    return Contest(f"{plan.code}-committee", "committee", "direct", f"{plan.name}第四届居民委员会选举",
                   positions, tuple(candidates))


def _group_leader(rng: random.Random, code: str, number: int, voters: list[Voter]) -> Contest:
    """A household-form contest for the group's leader: one seat, two candidates of different households."""
    pool = [v for v in voters if 30 <= age_on(v.person.birth_date) <= 75] or voters
    first = rng.choice(pool)
    others = [v for v in pool if v.household != first.household] or [v for v in voters if v is not first]
    second = rng.choice(others)
    return Contest(f"{code}-G{number:03d}", "group_leader", "household", f"第{number}居民小组组长选举",
                   (Position("leader", 1, "", POSITIONS["leader"][0]),),
                   (_candidate(rng, first, "leader"), _candidate(rng, second, "leader")), number)


def _candidate(rng: random.Random, v: Voter, position: str, rejection: str = "") -> Candidate:
    p = v.person
    levels = _EDUCATION_YOUNG if p.birth_date.year >= 1975 else _EDUCATION_OLD
    education = rng.choices([e for e, _ in levels], weights=[w for _, w in levels])[0]
    return Candidate(
        name=p.name, position=position, sex=p.sex, birth_date=p.birth_date, ethnicity=p.ethnicity,
        party=PARTY_MEMBER if rng.random() < _PARTY_SHARE[position] else NOT_IN_PARTY,
        education=education, incumbent=rng.random() < _INCUMBENT_SHARE[position],
        review_status="rejected" if rejection else "passed", review_reason=rejection, voter_id=v.id,
    )


def unit_representatives(rng: random.Random, plans: list[CommunityPlan]) -> dict[str, tuple[UnitRepresentative, ...]]:
    """The seed's 32 unit representatives (chosen by consultation), one per community and the rest at random."""
    counts = apportion(SEED_UNIT_REPRESENTATIVES, [rng.random() for _ in plans], minimum=1)
    out = {}
    for i, (plan, count) in enumerate(zip(plans, counts, strict=True)):
        units = [plan.stem + kind for kind in rng.sample(_UNIT_KINDS, count)]
        if i == 0:
            units[0] = "电子科技大学中山学院"   # the unit the seed report names
        out[plan.code] = tuple(UnitRepresentative(unit, _adult_name(rng)) for unit in units)
    return out


def _adult_name(rng: random.Random) -> str:
    sex = rng.choice("MF")
    return surname(rng) + given_name(rng, sex, rng.randint(1955, 1985))
