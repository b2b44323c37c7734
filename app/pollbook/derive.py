"""Deriving who holds a ballot from the issuance events alone: for checks and for merged district files."""

from __future__ import annotations

import heapq
import sqlite3
from collections.abc import Iterable

Key = tuple[str, int]   # (contest id, voter id)

_ISSUING = ("issue", "mobile_out")
_WITHDRAWING = ("undo", "mobile_unused")


def replay(events: Iterable[sqlite3.Row]) -> tuple[dict[Key, sqlite3.Row], list[sqlite3.Row]]:
    """Active ballots after the events (in the order given), and the issuing events that were second ballots.

    A second ballot for the same voter, or for the same household in a household contest, is what a
    merged district file shows when a person voted at two places: it is reported, never applied.
    """
    active: dict[Key, sqlite3.Row] = {}
    households: dict[tuple[str, int], Key] = {}
    duplicates: list[sqlite3.Row] = []
    for e in events:
        key = (str(e["contest_id"]), int(e["voter_id"] or 0))
        if e["event"] in _ISSUING:
            household = (key[0], int(e["household_id"])) if e["household_id"] is not None else None
            if key in active or (household is not None and household in households):
                duplicates.append(e)
                continue
            active[key] = e
            if household is not None:
                households[household] = key
        elif e["event"] in _WITHDRAWING:
            issued = active.get(key)
            if issued is not None and (issued["place_code"], issued["seq"]) == (e["ref_place"], e["ref_seq"]):
                del active[key]
                if issued["household_id"] is not None:
                    households.pop((key[0], int(issued["household_id"])), None)
    return active, duplicates


def events_in_order(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every issuance event: each place's in its own sequence, places interleaved by time.

    A place's sequence is authoritative even if its clock was set back; time only decides, across
    places, which of two ballots for one voter came first.
    """
    places: dict[str, list[sqlite3.Row]] = {}
    for e in conn.execute("SELECT * FROM issuance_events ORDER BY place_code, seq"):
        places.setdefault(e["place_code"], []).append(e)
    return list(heapq.merge(*places.values(), key=lambda e: str(e["time"])))


def rebuild_issuances(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Recompute `issuances` from the events inside the caller's transaction; returns the second ballots found."""
    active, duplicates = replay(events_in_order(conn))
    conn.execute("DELETE FROM issuances")
    conn.executemany(
        "INSERT INTO issuances(contest_id, voter_id, household_id, kind, proxy_voter_id, auth_no, box_id,"
        " place_code, seq, clerk, time) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [(e["contest_id"], e["voter_id"], e["household_id"], e["ballot_kind"], e["proxy_voter_id"], e["auth_no"],
          e["box_id"], e["place_code"], e["seq"], e["clerk"], e["time"]) for e in active.values()])
    return duplicates
