"""Finding a voter (查找选民) from one search box: the clerk's most used action.

One query text may be a name or part of one, a surname with the given name's initials (张xm),
full pinyin (zhangsan) or initials (zs), the last 4-6 digits or the whole ID number, a voter
card's QR payload (from a keyboard-wedge scanner), or a household number (户号). Each kind is a
*tier* of B-tree range scans on the search index (app.register.lookup_index); tiers are tried
best first (ID / card / household, exact name, name prefix, name contains, pinyin) until
`limit` voters are found. Within a tier, voters of the given place's community come first,
then by name (by pinyin spelling in the pinyin tiers).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from app.errors import PollDeskError
from app.register.idnumber import normalise, parse_id
from app.register.pinyin import clean_name
from app.register.privacy import id_hash, looks_like_card, parse_card_payload, register_key

STATUSES = ("not_voted", "issued", "proxy", "removed")

_DIGITS = re.compile(r"^\d+X?$")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"^[a-z]+$")
_SURNAME_INITIALS = re.compile(r"^([\u3400-\u9fff]{1,2})([a-z]+)$")


@dataclass(frozen=True)
class LookupRow:
    """One voter found: what the clerk sees in the result list (never the ID number in clear)."""

    voter_id: int
    name: str
    masked_id: str
    group: str
    household: str
    place: str
    status: str


@dataclass(frozen=True)
class Tier:
    """One kind of match: a query of voter ids with `{pref}` where the community filter goes."""

    sql: str
    params: tuple[object, ...]


def lookup(conn: sqlite3.Connection, query: str, limit: int = 20, place: str | None = None) -> list[LookupRow]:
    """The voters matching `query`, best first; voters of `place`'s community first within a tier."""
    text = clean_name(query)
    if not text or limit <= 0:
        return []
    if looks_like_card(text):
        return rows_for(conn, [_card_voter(conn, text)])
    community = _community_of(conn, place) if place else None
    found: dict[int, None] = {}
    for tier in _tiers(conn, text):
        for pref in _preferences(community):
            missing = limit - len(found)
            if missing <= 0:
                return rows_for(conn, list(found))
            sql = tier.sql.format(pref=pref[0])
            for (voter_id,) in conn.execute(sql + " LIMIT ?", (*tier.params, *pref[1], missing + len(found))):
                found.setdefault(voter_id)
                if len(found) >= limit:
                    break
    return rows_for(conn, list(found)[:limit])


def _preferences(community: str | None) -> list[tuple[str, tuple[object, ...]]]:
    if community is None:
        return [("", ())]
    return [("AND community_code = ?", (community,)), ("AND community_code IS NOT ?", (community,))]


def _tiers(conn: sqlite3.Connection, text: str) -> list[Tier]:
    """The tiers this query can match, best first."""
    upper, lower = normalise(text), text.lower()
    tiers: list[Tier] = []
    if _DIGITS.match(upper):
        tiers += _id_tiers(conn, upper)
    if any(ch.isdigit() for ch in upper):  # household numbers (户号) carry digits; names and pinyin do not
        tiers.append(_index_tier("household = ?", "name", text))
    if _SURNAME_INITIALS.match(lower):
        tiers.append(_index_tier("surname_initials = ?", "name", lower))
        tiers.append(_index_tier("surname_initials > ? AND surname_initials < ?", "surname_initials, name",
                                 lower, _after_prefix(lower)))
    elif _HAN.search(text):
        tiers += _name_tiers(text)
    elif _LATIN.match(lower):
        tiers += [
            _index_tier("pinyin = ?", "name", lower),
            _index_tier("initials = ?", "name", lower),
            _index_tier("pinyin > ? AND pinyin < ?", "pinyin, name", lower, _after_prefix(lower)),
            _index_tier("initials > ? AND initials < ?", "initials, name", lower, _after_prefix(lower)),
        ]
    return tiers


def _id_tiers(conn: sqlite3.Connection, digits: str) -> list[Tier]:
    if len(digits) in (15, 18):
        try:
            number = parse_id(digits).number
        except PollDeskError:
            number = digits  # a mistyped number matches nobody; the household tier may still match
        return [Tier("SELECT id FROM voters WHERE id_hash = ? {pref} ORDER BY name",
                     (id_hash(_key(conn), number),))]
    if len(digits) == 4:
        return [_index_tier("id_last4 = ?", "name", digits)]
    if len(digits) == 5:
        return [_index_tier("id_last6 IN (?, ?, ?, ?)", "name", *(d + digits for d in "0123"))]
    if len(digits) == 6:
        return [_index_tier("id_last6 = ?", "name", digits)]
    return []


def _name_tiers(name: str) -> list[Tier]:
    """Exact name, then names starting with it, then names containing it (through the n-gram table)."""
    tiers = [
        _index_tier("name = ?", "community_code", name),
        _index_tier("name > ? AND name < ?", "name", name, _after_prefix(name)),
    ]
    if len(name) <= 2:
        tiers.append(Tier("SELECT voter_id FROM lookup_grams WHERE gram = ? {pref} ORDER BY name", (name,)))
    else:
        tiers.append(Tier("SELECT voter_id FROM lookup_grams WHERE gram = ? AND instr(name, ?) > 0 {pref}"
                          " ORDER BY name", (name[:2], name)))
    return tiers


def _index_tier(where: str, order: str, *params: object) -> Tier:
    return Tier(f"SELECT voter_id FROM lookup_index WHERE {where} {{pref}} ORDER BY {order}", params)


def _after_prefix(prefix: str) -> str:
    """The smallest text greater than every text starting with `prefix` (for a range scan)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _card_voter(conn: sqlite3.Connection, text: str) -> int:
    row = conn.execute("SELECT value FROM file_meta WHERE key = 'election_id'").fetchone()
    voter_id = parse_card_payload(_key(conn), row[0] if row else "", text)
    if voter_id is None:
        raise PollDeskError("card_invalid", "This voter card is not a card of this election, or its code is "
                            "damaged or forged. Check the card and find the voter by name instead.")
    if conn.execute("SELECT 1 FROM voters WHERE id = ?", (voter_id,)).fetchone() is None:
        raise PollDeskError("card_voter_missing", "The voter of this card is not in this register. "
                            "Ask the station chief.")
    return voter_id


def _key(conn: sqlite3.Connection) -> bytes:
    try:
        return register_key(conn)
    except LookupError as exc:
        raise PollDeskError("no_register_key", "This data file has no register key, so ID numbers and voter "
                            "cards cannot be checked. Load the station setup from the district first.") from exc


def _community_of(conn: sqlite3.Connection, place: str) -> str | None:
    row = conn.execute("SELECT community_code FROM voting_places WHERE code = ?", (place,)).fetchone()
    return row[0] if row else None


def voter_status(conn: sqlite3.Connection, voter_ids: Iterable[int]) -> dict[int, str]:
    """Each voter's election-day status: not_voted, issued, proxy or removed.

    'removed' comes from the register; 'issued' and 'proxy' from the poll book's current ballots
    (`issuances`, derived from the issuance events): a ballot in any contest counts.
    """
    ids = list(voter_ids)
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    status = {vid: ("removed" if s == "removed" else "not_voted")
              for vid, s in conn.execute(f"SELECT id, status FROM voters WHERE id IN ({marks})", ids)}
    rows = conn.execute(f"SELECT voter_id, max(kind = 'proxy') FROM issuances WHERE voter_id IN ({marks})"
                        " GROUP BY voter_id", ids)
    status.update({vid: ("proxy" if by_proxy else "issued") for vid, by_proxy in rows
                   if status.get(vid) != "removed"})
    return status


def rows_for(conn: sqlite3.Connection, voter_ids: list[int]) -> list[LookupRow]:
    """The result rows of these voters, in the order given."""
    if not voter_ids:
        return []
    marks = ",".join("?" * len(voter_ids))
    found = {row[0]: row for row in conn.execute(
        "SELECT v.id, v.name, v.id_masked, COALESCE(g.name, ''), COALESCE(h.number, ''), v.place_code, v.group_id"
        " FROM voters v LEFT JOIN resident_groups g ON g.id = v.group_id"
        " LEFT JOIN households h ON h.id = v.household_id"
        f" WHERE v.id IN ({marks})", voter_ids)}
    places = _group_places(conn, {row[6] for row in found.values() if row[5] is None and row[6] is not None})
    status = voter_status(conn, voter_ids)
    return [LookupRow(vid, row[1], row[2], row[3], row[4], row[5] or places.get(row[6], ""), status[vid])
            for vid in voter_ids if (row := found.get(vid)) is not None]


def _group_places(conn: sqlite3.Connection, group_ids: set[int]) -> dict[int, str]:
    """The place serving each group, for voters without a place of their own (a fixed place before a mobile box)."""
    if not group_ids:
        return {}
    marks = ",".join("?" * len(group_ids))
    places: dict[int, str] = {}
    for group_id, place in conn.execute(
            "SELECT pg.group_id, pg.place_code FROM place_groups pg JOIN voting_places p ON p.code = pg.place_code"
            f" WHERE pg.group_id IN ({marks}) ORDER BY p.kind = 'mobile' DESC, pg.place_code DESC",
            list(group_ids)):
        places[group_id] = place       # the last row of a group wins: fixed places and lower codes come last
    return places
