"""Finding a voter (查找选民) from one search box: the clerk's most used action.

One query text may be a name or part of one, a surname with the given name's initials (张xm) or its
pinyin (李xiaoming), full pinyin (zhangsan, "Zhang San", lǚ as lv, or as lu and lyu after every
卢 and 陆) or initials (zs), a surname's reading alone (shan:
单, not 上官) or with the given name's initials (zhangxm), the last 4-6 digits or the whole ID
number (old 15-digit form too), a voter card's QR payload (from a keyboard-wedge scanner), or a
household number (户号). Each kind is a *tier* of B-tree range scans on the search index
(app.register.lookup_index); tiers are tried best first (ID / card / household, exact name, name
prefix, name contains, pinyin) until `limit` voters are found, all in one statement
(app.register.lookup_plan). Within a tier, voters of the given place's community come first,
then by name (by pinyin spelling in the pinyin tiers).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from app.errors import PollDeskError
from app.register.lookup_index import SEP
from app.register.lookup_plan import ID_HASH, PLACE, SHOWN, plan
from app.register.privacy import id_hash, parse_card_payload, register_key

STATUSES = ("not_voted", "issued", "proxy", "removed")

# The shown columns worked out from the register itself (for rows_for, which needs no search index): a
# voter's place is its own or else the fixed place serving its group (before a mobile box, lower codes
# first); 'removed' comes from the register, the poll book's ballots are added by `_with_ballots`.
_SHOWN = (
    "SELECT v.id, v.name, v.id_masked, COALESCE(g.name, ''), COALESCE(h.number, ''),"
    " COALESCE(v.place_code, (SELECT pg.place_code FROM place_groups pg JOIN voting_places p ON p.code = pg.place_code"
    " WHERE pg.group_id = v.group_id ORDER BY p.kind = 'mobile', pg.place_code LIMIT 1), ''),"
    " CASE WHEN v.status = 'removed' THEN 'removed' ELSE 'not_voted' END"
)
_JOINS = " LEFT JOIN resident_groups g ON g.id = v.group_id LEFT JOIN households h ON h.id = v.household_id"
_CARD_ROW = (f"SELECT {SHOWN.format(a='v')}, (SELECT r.key FROM register_key r WHERE r.id = 1),"
             " (SELECT m.value FROM file_meta m WHERE m.key = 'election_id') FROM lookup_index v WHERE v.voter_id = ?")


@dataclass(slots=True, unsafe_hash=True)
class LookupRow:
    """One voter found: what the clerk sees in the result list (never the ID number in clear).

    Read-only by convention: not frozen, because a frozen dataclass takes seven times longer to make
    and a page of twenty of them costs more than the query that found them.
    """

    voter_id: int
    name: str
    masked_id: str
    group: str
    household: str
    place: str
    status: str


def lookup(conn: sqlite3.Connection, query: str, limit: int = 20, place: str | None = None) -> list[LookupRow]:
    """The voters matching `query`, best first; voters of `place`'s community first within a tier."""
    if limit <= 0:
        return []
    asked = plan(query, limit, place is not None)
    if asked is None:
        return []
    if asked.card:
        return _card_rows(conn, asked.card, asked.card_voter)
    params = asked.params
    if asked.bound_late:
        hashed = _id_hash(_key(conn), asked.id_number) if asked.id_number else ""
        params = tuple(place if p is PLACE else hashed if p is ID_HASH else p for p in params)
    cursor = conn.cursor()
    cursor.row_factory = None        # plain tuples
    rows: list[tuple[int, str, str]] = cursor.execute(asked.sql, params).fetchmany(limit)
    if len({row[0] for row in rows}) < len(rows):    # a voter matched by two tiers: listed at its best one
        rows = _distinct(cursor, rows, limit)
    cursor.close()
    return [LookupRow(voter_id, *shown.rsplit(SEP, 4), status)  # type: ignore[call-arg]  # five shown texts
            for voter_id, shown, status in rows]


def _distinct(cursor: sqlite3.Cursor, rows: list[tuple[int, str, str]], limit: int) -> list[tuple[int, str, str]]:
    """The first row of each voter, reading on until `limit` voters (the arms are read lazily: once the
    page is full, the later tiers never run)."""
    found: dict[int, tuple[int, str, str]] = {}
    batch = rows
    while True:
        for row in batch:
            found.setdefault(row[0], row)
        wanted = limit - len(found)
        if wanted <= 0 or not (batch := cursor.fetchmany(wanted)):
            return list(found.values())


def _card_rows(conn: sqlite3.Connection, text: str, voter_id: int) -> list[LookupRow]:
    """The voter of a genuine voter card of this election (its row read with the key that checks it)."""
    row = conn.execute(_CARD_ROW, (voter_id,)).fetchone()
    if row is None or row[3] is None:      # not indexed, or no register key: the careful way
        return rows_for(conn, [_card_voter(conn, text)])
    if _card_voter_id(bytes(row[3]), row[4] or "", text) != row[0]:
        raise _card_invalid()
    name, masked_id, group, household, place = row[1].rsplit(SEP, 4)
    return [LookupRow(row[0], name, masked_id, group, household, place, row[2])]


@lru_cache(maxsize=1024)
def _card_voter_id(key: bytes, election_id: str, text: str) -> int | None:
    return parse_card_payload(key, election_id, text)


@lru_cache(maxsize=1024)
def _id_hash(key: bytes, number: str) -> str:
    return id_hash(key, number)


def _card_invalid() -> PollDeskError:
    return PollDeskError("card_invalid", "This voter card is not a card of this election, or its code is "
                         "damaged or forged. Check the card and find the voter by name instead.")


def _with_ballots(conn: sqlite3.Connection, rows: list[LookupRow]) -> list[LookupRow]:
    """The rows with 'issued' or 'proxy' for voters holding a current ballot (removed voters stay removed)."""
    if not rows:
        return rows
    marks = ",".join("?" * len(rows))
    ballots = dict(conn.execute(f"SELECT voter_id, max(kind = 'proxy') FROM issuances WHERE voter_id IN ({marks})"
                                " GROUP BY voter_id", [r.voter_id for r in rows]).fetchall())
    if not ballots:
        return rows
    return [replace(r, status="proxy" if ballots[r.voter_id] else "issued")
            if r.voter_id in ballots and r.status != "removed" else r for r in rows]


def _card_voter(conn: sqlite3.Connection, text: str) -> int:
    row = conn.execute("SELECT value FROM file_meta WHERE key = 'election_id'").fetchone()
    voter_id = parse_card_payload(_key(conn), row[0] if row else "", text)
    if voter_id is None:
        raise _card_invalid()
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
    found = {row[0]: row for row in conn.execute(f"{_SHOWN} FROM voters v{_JOINS} WHERE v.id IN ({marks})",
                                                 voter_ids)}
    return _with_ballots(conn, [LookupRow(*row) for vid in voter_ids if (row := found.get(vid)) is not None])
