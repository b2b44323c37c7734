"""What the issuing desk (发票台) reads: the station, its contests and boxes, one voter's card, the counters."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from app.auth import Role
from app.election.store import read_election
from app.pollbook.eligibility import assigned_places, short_time
from app.pollbook.record import station_place
from app.pollbook.state import poll_state
from app.register.lookup_index import build_lookup_index, index_is_current


@dataclass(frozen=True)
class DeskContest:
    """A contest whose ballots this desk issues; `household` means one ballot per household."""

    id: str
    name: str
    household: bool


@dataclass(frozen=True)
class DeskFacts:
    """The station as the desk shows it: its place, contests, mobile boxes, chiefs and poll state."""

    place_code: str
    place_name: str
    community_name: str
    election_day: date
    contests: tuple[DeskContest, ...]
    mobile_boxes: tuple[tuple[str, str], ...]   # (box id, box name)
    chiefs: tuple[str, ...]                     # "display name (user name)" of each station chief
    state: str


@dataclass(frozen=True)
class IssuedBallot:
    """An active ballot: when, where, by whom, how (and to which proxy, or to which household member)."""

    time: str
    place: str
    clerk: str
    kind: str
    proxy_name: str = ""
    holder_name: str = ""   # household contests: the member of the household who received it


@dataclass(frozen=True)
class VoterCard:
    """One voter as the clerk checks them at the desk (the ID number only masked)."""

    voter_id: int
    name: str
    sex: str
    age: int
    group: str
    household: str
    masked_id: str
    assigned_place: str
    other_place: bool           # assigned elsewhere: voting here needs the station chief
    removed: bool
    removed_reason: str
    issued: IssuedBallot | None


def prepare_desk(conn: sqlite3.Connection) -> None:
    """Build the clerk's search index once if this station file does not have a current one."""
    if not index_is_current(conn):
        build_lookup_index(conn)


def desk_facts(conn: sqlite3.Connection) -> DeskFacts:
    """The station this file belongs to (refused on a district file), read fresh."""
    place = station_place(conn)
    row = conn.execute("SELECT p.name, p.community_code, c.name AS community FROM voting_places p"
                       " JOIN communities c ON c.code = p.community_code WHERE p.code = ?", (place,)).fetchone()
    community = row["community_code"] if row else ""
    contests = tuple(
        DeskContest(r["id"], r["name"], r["form"] == "household") for r in conn.execute(
            "SELECT id, name, form FROM contests WHERE community_code = ? ORDER BY kind != 'committee', round DESC, id",
            (community,)))
    boxes = tuple((r["id"], r["name"]) for r in conn.execute(
        "SELECT b.id, b.name FROM ballot_boxes b JOIN voting_places p ON p.code = b.place_code"
        " WHERE b.kind = 'mobile' AND p.community_code = ? ORDER BY b.id", (community,)))
    chiefs = tuple(f"{r['display_name'] or r['name']} ({r['name']})" for r in conn.execute(
        "SELECT name, display_name FROM users WHERE role = ? AND removed_at IS NULL ORDER BY name",
        (Role.CHIEF.value,)))
    return DeskFacts(place, row["name"] if row else place, row["community"] if row else "",
                     read_election(conn).election_day, contests, boxes, chiefs, poll_state(conn))


def age_on(birth: date, day: date) -> int:
    """Whole years of age on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _place_name(conn: sqlite3.Connection, code: str) -> str:
    row = conn.execute("SELECT name FROM voting_places WHERE code = ?", (code,)).fetchone()
    return str(row[0]) if row else code


def _issued(conn: sqlite3.Connection, voter: sqlite3.Row, contest_id: str) -> IssuedBallot | None:
    """The voter's own active ballot, else (household contest) the ballot of their household."""
    row = conn.execute(
        "SELECT i.*, x.name AS proxy_name, v.name AS holder FROM issuances i"
        " JOIN voters v ON v.id = i.voter_id LEFT JOIN voters x ON x.id = i.proxy_voter_id"
        " WHERE i.contest_id = ? AND (i.voter_id = ? OR (i.household_id IS NOT NULL AND i.household_id = ?))"
        " ORDER BY i.voter_id != ? LIMIT 1",
        (contest_id, voter["id"], voter["household_id"], voter["id"])).fetchone()
    if row is None:
        return None
    holder = row["holder"] if row["voter_id"] != voter["id"] else ""
    return IssuedBallot(short_time(row["time"]), _place_name(conn, row["place_code"]), row["clerk"], row["kind"],
                        row["proxy_name"] or "", holder)


def voter_card(conn: sqlite3.Connection, voter_id: int, contest_id: str, election_day: date) -> VoterCard:
    """One voter's card for a contest (LookupError when the voter is not in this file)."""
    voter = conn.execute(
        "SELECT v.*, COALESCE(g.name, '') AS group_name, COALESCE(h.number, '') AS household_number"
        " FROM voters v LEFT JOIN resident_groups g ON g.id = v.group_id"
        " LEFT JOIN households h ON h.id = v.household_id WHERE v.id = ?", (voter_id,)).fetchone()
    if voter is None:
        raise LookupError(f"no voter {voter_id}")
    places = assigned_places(conn, voter)
    here = station_place(conn)
    return VoterCard(
        voter["id"], voter["name"], voter["sex"], age_on(date.fromisoformat(voter["birth_date"]), election_day),
        voter["group_name"], voter["household_number"], voter["id_masked"],
        _place_name(conn, places[0]) if places else "", bool(places) and here not in places,
        voter["status"] != "active", voter["status_reason"], _issued(conn, voter, contest_id))


def station_issued(conn: sqlite3.Connection) -> int:
    """Active ballots issued at this station, all contests (mobile ballots handed out here included)."""
    row = conn.execute("SELECT COUNT(*) FROM issuances WHERE place_code = ?", (station_place(conn),)).fetchone()
    return int(row[0])


def place_names(conn: sqlite3.Connection) -> dict[str, str]:
    """Every voting place's name by code (for the turnout chart)."""
    return {r["code"]: r["name"] for r in conn.execute("SELECT code, name FROM voting_places")}
