"""Poll states of a station (投票状态): setup -> open -> closed -> counting -> certified, moved only by the chief."""

from __future__ import annotations

import sqlite3

from app.audit import Clock, system_clock
from app.auth import Action
from app.errors import PollDeskError
from app.i18n import tr
from app.pollbook.record import (
    Actor,
    audit,
    check_permission,
    durable_transaction,
    iso_time,
    next_seq,
    station_place,
)

POLL_STATES = ("setup", "open", "closed", "counting", "certified")

# state -> (the state it comes from, the action allowed to make the move, the audit event)
_MOVES: dict[str, tuple[str, str, str]] = {
    "open": ("setup", Action.OPEN_POLL, "poll_opened"),
    "closed": ("open", Action.CLOSE_POLL, "poll_closed"),
    "counting": ("closed", Action.START_COUNTING, "counting_started"),
    "certified": ("counting", Action.CERTIFY_RESULTS, "results_certified"),
}

_STATE_NAMES = {
    "setup": "being set up",
    "open": "open for voting",
    "closed": "closed for voting",
    "counting": "counting the ballots",
    "certified": "certified",
}


def poll_state(conn: sqlite3.Connection) -> str:
    """The station's poll state now ("setup" until the poll is first opened)."""
    row = conn.execute("SELECT state FROM poll_state_changes ORDER BY seq DESC LIMIT 1").fetchone()
    return str(row[0]) if row else "setup"


def state_label(state: str) -> str:
    """A poll state in the user's language."""
    return tr(_STATE_NAMES[state])


def require_state(conn: sqlite3.Connection, *allowed: str) -> str:
    """The poll state, or PollDeskError "poll_not_open" (or "poll_wrong_state") when it is not allowed."""
    state = poll_state(conn)
    if state not in allowed:
        if allowed == ("open",) and state == "setup":
            raise PollDeskError("poll_not_open",
                                "The poll is {state}: no ballot can be issued now. Ask the station "
                                "chief to open the poll.", state=state_label(state))
        if allowed == ("open",):    # after the close: opening again is not the way (a further round is)
            raise PollDeskError("poll_not_open", "The poll is {state}: no more ballots can be issued here.",
                                state=state_label(state))
        raise PollDeskError("poll_wrong_state", "This cannot be done while the poll is {state}.",
                            state=state_label(state))
    return state


def _move(conn: sqlite3.Connection, actor: Actor, to: str, clock: Clock, source: str | None = None) -> str:
    """Move the poll to state `to` from the one state that leads there; audited in the same transaction."""
    usual, action, event = _MOVES[to]
    source = source or usual
    check_permission(actor, action)
    place = station_place(conn)
    with durable_transaction(conn):
        now = poll_state(conn)
        if source == "certified" and not further_round_waiting(conn, place):
            raise PollDeskError("no_further_round", "There is no further round (另行选举) waiting to be held here: "
                                "the station chief creates it once the first round is certified.")
        if now == to:
            raise PollDeskError("poll_wrong_state", "The poll is already {state}: nothing was changed.",
                                state=state_label(now))
        if now != source:
            raise PollDeskError("poll_wrong_state",
                                "The poll is {state}; it can become {wanted} only from {source}.",
                                state=state_label(now), wanted=state_label(to), source=state_label(source))
        time = iso_time(clock)
        seq = next_seq(conn, "poll_state_changes", place)
        conn.execute("INSERT INTO poll_state_changes(place_code, seq, previous, state, user_name, time)"
                     " VALUES (?,?,?,?,?,?)", (place, seq, now, to, actor.user, time))
        audit(conn, actor, event, {"place": place, "from": now, "to": to}, clock)
    return to


def open_poll(conn: sqlite3.Connection, actor: Actor, clock: Clock = system_clock) -> str:
    """Open the poll (开始投票): ballots may be issued from now on."""
    return _move(conn, actor, "open", clock)


def close_poll(conn: sqlite3.Connection, actor: Actor, clock: Clock = system_clock) -> str:
    """Close the poll (结束投票): no more ballots are issued."""
    return _move(conn, actor, "closed", clock)


def start_counting(conn: sqlite3.Connection, actor: Actor, clock: Clock = system_clock) -> str:
    """Start the public count (开箱计票) after the poll has closed."""
    return _move(conn, actor, "counting", clock)


def certify_poll(conn: sqlite3.Connection, actor: Actor, clock: Clock = system_clock) -> str:
    """Mark the station's results certified (the result record is signed)."""
    return _move(conn, actor, "certified", clock)


def further_round_waiting(conn: sqlite3.Connection, place: str) -> bool:
    """True when the place's community has a further round (round 2 or more) whose results are not certified."""
    return conn.execute(
        "SELECT 1 FROM contests k JOIN voting_places p ON p.community_code = k.community_code WHERE p.code = ?"
        " AND k.round > 1 AND k.id NOT IN (SELECT contest_id FROM certified_results)", (place,)).fetchone() is not None


def reopen_for_further_round(conn: sqlite3.Connection, actor: Actor, clock: Clock = system_clock) -> str:
    """Open the poll again for a further round (另行选举), once every count of the station is certified.

    Ballots may then be issued only for contests whose results are not certified (the further round).
    """
    return _move(conn, actor, "open", clock, source="certified")
