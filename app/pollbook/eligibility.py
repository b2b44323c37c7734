"""Who may receive which ballot here: the voter, the contest, the voter's place, ballots already issued."""

from __future__ import annotations

import sqlite3

from app.auth import Action
from app.errors import PollDeskError
from app.i18n import tr
from app.pollbook.record import Actor, check_permission

# The register's removal reasons (四减, app.register.maintenance.REMOVE_REASONS) as a clerk reads them.
_REMOVAL_REASONS = {"died": "died", "moved_out": "moved out", "rights_lost": "political rights lost",
                    "other": "other reason", "duplicate": "registered twice"}


def removal_reason(code: str) -> str:
    """Why a voter was removed, in the user's language (free text recorded by hand is shown as it is)."""
    return tr(_REMOVAL_REASONS[code]) if code in _REMOVAL_REASONS else (code or "-")


def find_voter(conn: sqlite3.Connection, voter_id: int) -> sqlite3.Row:
    """The registered voter `voter_id`, refused when unknown or removed from the register."""
    row = conn.execute("SELECT * FROM voters WHERE id = ?", (voter_id,)).fetchone()
    if row is None:
        raise PollDeskError("voter_unknown",
                            "There is no voter number {voter} in this station's register. Check the voter card.",
                            voter=voter_id)
    if row["status"] != "active":
        raise PollDeskError("voter_removed",
                            "{name} was removed from the register ({reason}) and cannot receive a ballot.",
                            name=row["name"], reason=removal_reason(row["status_reason"]))
    return row


def place_community(conn: sqlite3.Connection, place: str) -> str:
    """The community a voting place belongs to."""
    row = conn.execute("SELECT community_code FROM voting_places WHERE code = ?", (place,)).fetchone()
    if row is None:
        raise PollDeskError("unknown_place", "There is no voting place {code} in this election.", code=place)
    return str(row[0])


def find_contest(conn: sqlite3.Connection, place: str, contest_id: str | None) -> sqlite3.Row:
    """The contest asked for, or by default the committee election of the place's community."""
    community = place_community(conn, place)
    if contest_id is None:
        row = conn.execute("SELECT * FROM contests WHERE community_code = ? AND kind = 'committee'"
                           " ORDER BY round DESC, id", (community,)).fetchone()   # the latest round
    else:
        row = conn.execute("SELECT * FROM contests WHERE id = ? AND community_code = ?",
                           (contest_id, community)).fetchone()
    if row is None:
        raise PollDeskError("contest_unknown", "There is no contest {contest} at this voting place.",
                            contest=contest_id or "committee")
    return row


def check_not_certified(conn: sqlite3.Connection, contest: sqlite3.Row) -> None:
    """Refuse ballot changes for a contest whose results are certified (the poll reopened for a further round)."""
    if conn.execute("SELECT 1 FROM certified_results WHERE contest_id = ?", (contest["id"],)).fetchone():
        raise PollDeskError("contest_certified", "The results of {contest} are certified: no ballot for it can be "
                            "issued or changed any more.", contest=contest["name"])


def check_in_contest(voter: sqlite3.Row, contest: sqlite3.Row) -> None:
    """Refuse a voter who does not take part in the contest (other community, other group, no household)."""
    if voter["community_code"] != contest["community_code"] or (
            contest["group_id"] is not None and voter["group_id"] != contest["group_id"]):
        raise PollDeskError("not_in_contest", "{name} does not vote in {contest}.",
                            name=voter["name"], contest=contest["name"])
    if contest["form"] == "household" and voter["household_id"] is None:
        raise PollDeskError("no_household",
                            "{name} belongs to no household in the register and cannot vote in {contest}, "
                            "which is one ballot per household.", name=voter["name"], contest=contest["name"])


def assigned_places(conn: sqlite3.Connection, voter: sqlite3.Row) -> list[str]:
    """The voting places a voter may vote at: their own, else those serving their resident group."""
    if voter["place_code"]:
        return [str(voter["place_code"])]
    rows = conn.execute("SELECT place_code FROM place_groups WHERE group_id = ? ORDER BY place_code",
                        (voter["group_id"],)).fetchall()
    return [str(r[0]) for r in rows]


def check_place(conn: sqlite3.Connection, voter: sqlite3.Row, places: tuple[str, ...],
                override_by: Actor | None) -> bool:
    """Allow a voter assigned to one of `places` (or to none); another place needs the chief. True when overridden."""
    assigned = assigned_places(conn, voter)
    if not assigned or set(assigned) & set(places):
        return False
    if override_by is None:
        name = conn.execute("SELECT name FROM voting_places WHERE code = ?", (assigned[0],)).fetchone()
        raise PollDeskError("other_place",
                            "{name} is assigned to {place}. Only the station chief can allow voting here.",
                            name=voter["name"], place=name[0] if name else assigned[0])
    check_permission(override_by, Action.OVERRIDE_OTHER_PLACE)
    return True


def short_time(iso: str) -> str:
    """An ISO time as a clerk reads it: 2011-04-10 09:12."""
    return iso[:16].replace("T", " ")


def check_not_issued(conn: sqlite3.Connection, voter: sqlite3.Row, contest: sqlite3.Row) -> None:
    """Refuse a second ballot: saying when, where and by whom the first was issued."""
    row = conn.execute(
        "SELECT i.*, p.name AS place_name, x.name AS proxy_name FROM issuances i"
        " LEFT JOIN voting_places p ON p.code = i.place_code LEFT JOIN voters x ON x.id = i.proxy_voter_id"
        " WHERE i.contest_id = ? AND i.voter_id = ?", (contest["id"], voter["id"])).fetchone()
    if row is not None:
        where = row["place_name"] or row["place_code"]
        if row["kind"] == "proxy":
            raise PollDeskError(
                "already_issued",
                "{name} already has a ballot for {contest}: issued at {time} at {place} by {clerk}, "
                "to the proxy {proxy}.", name=voter["name"], contest=contest["name"],
                time=short_time(row["time"]), place=where, clerk=row["clerk"], proxy=row["proxy_name"] or "-")
        raise PollDeskError(
            "already_issued",
            "{name} already has a ballot for {contest}: issued at {time} at {place} by {clerk}.",
            name=voter["name"], contest=contest["name"], time=short_time(row["time"]), place=where,
            clerk=row["clerk"])
    if contest["form"] == "household":
        row = conn.execute(
            "SELECT i.*, v.name AS voter_name, p.name AS place_name FROM issuances i"
            " JOIN voters v ON v.id = i.voter_id LEFT JOIN voting_places p ON p.code = i.place_code"
            " WHERE i.contest_id = ? AND i.household_id = ?", (contest["id"], voter["household_id"])).fetchone()
        if row is not None:
            raise PollDeskError(
                "household_already_voted",
                "{name}'s household already voted in {contest}: {other} received its ballot at {time} at "
                "{place} from {clerk}. One household, one ballot.", name=voter["name"],
                contest=contest["name"], other=row["voter_name"], time=short_time(row["time"]),
                place=row["place_name"] or row["place_code"], clerk=row["clerk"])


def active_issuance(conn: sqlite3.Connection, voter: sqlite3.Row, contest: sqlite3.Row) -> sqlite3.Row:
    """The voter's active ballot for a contest, refused when there is none."""
    row = conn.execute("SELECT * FROM issuances WHERE contest_id = ? AND voter_id = ?",
                       (contest["id"], voter["id"])).fetchone()
    if row is None:
        raise PollDeskError("not_issued", "{name} has no ballot for {contest}.",
                            name=voter["name"], contest=contest["name"])
    return row
