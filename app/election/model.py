"""The election's parts as plain values: what a definition file holds and a data file stores."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.election.rules import RuleSet

MODES = ("test", "official")
PLACE_KINDS = ("central", "station", "mobile")   # 中心会场, 投票站, 流动票箱
BOX_KINDS = ("fixed", "mobile")
CONTEST_KINDS = ("committee", "group_leader")
FORMS = ("direct", "household", "representatives")
REVIEW_STATUSES = ("pending", "passed", "rejected")

# Position ids with their rank (1 = highest) and their official Chinese title.
POSITIONS: dict[str, tuple[int, str]] = {
    "director": (1, "主任"),
    "deputy": (2, "副主任"),
    "member": (3, "委员"),
    "leader": (1, "居民小组长"),
    "representative": (2, "居民代表"),
}


@dataclass(frozen=True)
class Election:
    """One election (换届选举) of a district: name, day, mode and rule set."""

    id: str
    name: str
    election_day: date
    mode: str = "test"
    district_name: str = ""
    rules: RuleSet = field(default_factory=RuleSet)

    @property
    def is_test(self) -> bool:
        return self.mode == "test"


@dataclass(frozen=True)
class ResidentGroup:
    """A resident group (居民小组), numbered within its community."""

    number: int
    name: str


@dataclass(frozen=True)
class BallotBox:
    """A ballot box (票箱): fixed at a place, or mobile."""

    id: str
    kind: str
    name: str


@dataclass(frozen=True)
class VotingPlace:
    """A central venue, polling station or mobile box, with the resident groups it serves."""

    code: str
    kind: str
    name: str
    address: str = ""
    groups: tuple[int, ...] = ()
    boxes: tuple[BallotBox, ...] = ()


@dataclass(frozen=True)
class Position:
    """Seats of one position in a contest (主任, 副主任, 委员, 居民小组长 ...)."""

    id: str
    seats: int
    name: str = ""
    rank: int = 0

    @property
    def title(self) -> str:
        """The Chinese title: the given name, else the official one for the id."""
        return self.name or POSITIONS.get(self.id, (0, self.id))[1]


@dataclass(frozen=True)
class Candidate:
    """A nominated candidate (候选人) and the outcome of the qualification review."""

    name: str
    position: str
    sex: str
    birth_date: date | None = None
    ethnicity: str = "汉族"
    party: str = ""
    education: str = ""
    incumbent: bool = False
    review_status: str = "pending"
    review_reason: str = ""
    voter_id: int | None = None


@dataclass(frozen=True)
class Contest:
    """One election held in a community: the committee, or a resident group's leader."""

    id: str
    kind: str
    form: str
    name: str
    positions: tuple[Position, ...]
    candidates: tuple[Candidate, ...] = ()
    group: int | None = None   # the resident group's number, for group-leader contests
    round: int = 1             # 2 or more: a further round (另行选举) of `parent`
    parent: str | None = None  # the contest whose unfilled seats this round fills

    @property
    def seats(self) -> int:
        return sum(p.seats for p in self.positions)


@dataclass(frozen=True)
class UnitRepresentative:
    """A unit (enterprise) representative chosen by consultation, not by vote."""

    unit_name: str
    name: str


@dataclass(frozen=True)
class Community:
    """A community residents' committee (社区居委会) holding its election."""

    code: str
    name: str
    groups: tuple[ResidentGroup, ...] = ()
    places: tuple[VotingPlace, ...] = ()
    contests: tuple[Contest, ...] = ()
    unit_representatives: tuple[UnitRepresentative, ...] = ()


@dataclass(frozen=True)
class Definition:
    """A whole election: what `polldesk election load` reads and a district file is built from."""

    election: Election
    communities: tuple[Community, ...] = ()

    def community(self, code: str) -> Community:
        for community in self.communities:
            if community.code == code:
                return community
        raise KeyError(code)
