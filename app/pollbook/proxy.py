"""Proxy voting (委托投票): who may hold a written authorisation, and how many."""

from __future__ import annotations

import sqlite3

from app.election.rules import RuleSet
from app.errors import PollDeskError
from app.pollbook.eligibility import short_time


def authorisations_held(conn: sqlite3.Connection, proxy_id: int) -> set[int]:
    """The voters whose active ballots `proxy_id` holds by written authorisation."""
    rows = conn.execute("SELECT DISTINCT voter_id FROM issuances WHERE proxy_voter_id = ?", (proxy_id,))
    return {int(r[0]) for r in rows}


def is_candidate(conn: sqlite3.Connection, voter_id: int) -> bool:
    """Whether a voter stands as a candidate (not rejected) in any contest of this file."""
    row = conn.execute("SELECT 1 FROM candidates WHERE voter_id = ? AND review_status != 'rejected' LIMIT 1",
                       (voter_id,)).fetchone()
    return row is not None


def check_proxy(conn: sqlite3.Connection, rules: RuleSet, proxy_id: int, principal: sqlite3.Row,
                auth_no: str | None, relative: bool) -> sqlite3.Row:
    """The proxy's register row when they may cast `principal`'s ballot, else the refusal."""
    if not (auth_no or "").strip():
        raise PollDeskError("proxy_auth_missing",
                            "A proxy ballot needs the number of the written authorisation. Enter it from "
                            "the authorisation form.")
    if proxy_id == principal["id"]:
        raise PollDeskError("proxy_self", "A voter cannot be their own proxy.")
    proxy = conn.execute("SELECT * FROM voters WHERE id = ?", (proxy_id,)).fetchone()
    if proxy is None or proxy["status"] != "active":
        raise PollDeskError("proxy_not_voter",
                            "The proxy (voter number {voter}) is not a registered voter here: only a voter "
                            "of the same community may be a proxy.", voter=proxy_id)
    if proxy["community_code"] != principal["community_code"]:
        raise PollDeskError("proxy_other_community",
                            "{proxy} is registered in another community and cannot be the proxy of {name}.",
                            proxy=proxy["name"], name=principal["name"])
    check_authorisation_unused(conn, str(auth_no).strip(), principal, proxy)
    if rules.proxy_requires_relative and not relative:
        raise PollDeskError("proxy_not_relative",
                            "The rules of this election allow only close relatives as proxies; {proxy} is not "
                            "recorded as a relative of {name}.", proxy=proxy["name"], name=principal["name"])
    if is_candidate(conn, proxy_id) and not (rules.candidate_may_proxy_relatives and relative):
        raise PollDeskError("candidate_proxy",
                            "{proxy} is a candidate and may not act as a proxy except for a close relative.",
                            proxy=proxy["name"])
    held = authorisations_held(conn, proxy_id) - {int(principal["id"])}
    if len(held) >= rules.proxy_cap:
        raise PollDeskError("proxy_cap",
                            "{proxy} already holds {count} authorisations; a proxy may hold at most {cap}.",
                            proxy=proxy["name"], count=len(held), cap=rules.proxy_cap)
    return proxy


def check_authorisation_unused(conn: sqlite3.Connection, auth_no: str, principal: sqlite3.Row,
                               proxy: sqlite3.Row) -> None:
    """Refuse a written authorisation already on an active ballot of another voter or held by another proxy.

    One form authorises one proxy for one voter; it may serve that voter's ballots in several contests.
    """
    row = conn.execute(
        "SELECT i.*, v.name AS voter_name, x.name AS proxy_name, p.name AS place_name FROM issuances i"
        " JOIN voters v ON v.id = i.voter_id LEFT JOIN voters x ON x.id = i.proxy_voter_id"
        " LEFT JOIN voting_places p ON p.code = i.place_code"
        " WHERE i.auth_no = ? AND (i.voter_id != ? OR i.proxy_voter_id != ?) ORDER BY i.time LIMIT 1",
        (auth_no, principal["id"], proxy["id"])).fetchone()
    if row is not None:
        raise PollDeskError(
            "proxy_auth_reused",
            "Authorisation {auth_no} was already used: {proxy} received {name}'s ballot with it at {time} at "
            "{place} from {clerk}. One written authorisation serves one voter and one proxy: check the form.",
            auth_no=auth_no, proxy=row["proxy_name"] or "-", name=row["voter_name"], time=short_time(row["time"]),
            place=row["place_name"] or row["place_code"], clerk=row["clerk"])
