"""Finding a voter (查找选民) from one search box: the clerk's most used action.

One query text may be a name or part of one, a surname with the given name's initials (张xm),
full pinyin (zhangsan, "Zhang San", lǚ as lv) or initials (zs), a surname's reading alone (shan:
单, not 上官) or with the given name's initials (zhangxm), the last 4-6 digits or the whole ID
number (old 15-digit form too), a voter card's QR payload (from a keyboard-wedge scanner), or a
household number (户号). Each kind is a
*tier* of B-tree range scans on the search index (app.register.lookup_index); tiers are tried
best first (ID / card / household, exact name, name prefix, name contains, pinyin) until
`limit` voters are found. Within a tier, voters of the given place's community come first,
then by name (by pinyin spelling in the pinyin tiers).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from app.errors import PollDeskError
from app.register.idnumber import normalise, parse_id
from app.register.pinyin import clean_name, plain_latin, surnames_read_as
from app.register.privacy import id_hash, looks_like_card, parse_card_payload, register_key

STATUSES = ("not_voted", "issued", "proxy", "removed")

_DIGITS = re.compile(r"^\d+X?$")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"^[a-z]+$")
_SURNAME_INITIALS = re.compile(r"^([\u3400-\u9fff]{1,2})([a-z]+)$")
_SEPARATED_ID = re.compile(r"^\d{6}-\d{8}-\d{3}[\dX]$|^\d{6}-\d{6}-\d{3}$")   # 110105-19491231-002X
MAX_GIVEN_INITIALS = 2      # zhangxm: a surname's reading, then at most this many initials of the given name


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
    """One kind of match: a key table `k` (joined to `voters v`), its condition, order, the community column."""

    source: str
    where: str
    order: str
    params: tuple[object, ...]


# The shown columns of each voter found, in the same statement as the match: a voter's place is its own or
# else the fixed place serving its group (before a mobile box, lower codes first); 'removed' comes from the
# register. The poll book's ballots ('issued', 'proxy') are added by one more query over the page found
# (`_with_ballots`): issuances has no index on voter_id alone, so a per-row subquery would scan it per row.
_SHOWN = (
    "SELECT v.id, v.name, v.id_masked, COALESCE(g.name, ''), COALESCE(h.number, ''),"
    " COALESCE(v.place_code, (SELECT pg.place_code FROM place_groups pg JOIN voting_places p ON p.code = pg.place_code"
    " WHERE pg.group_id = v.group_id ORDER BY p.kind = 'mobile', pg.place_code LIMIT 1), ''),"
    " CASE WHEN v.status = 'removed' THEN 'removed' ELSE 'not_voted' END"
)
_JOINS = " LEFT JOIN resident_groups g ON g.id = v.group_id LEFT JOIN households h ON h.id = v.household_id"
_SOURCES = {
    "index": "FROM lookup_index k CROSS JOIN voters v ON v.id = k.voter_id",
    "grams": "FROM lookup_grams k CROSS JOIN voters v ON v.id = k.voter_id",
    "voters": "FROM voters k CROSS JOIN voters v ON v.id = k.id",
}
_PREFERENCES = {"": "", "here": " AND k.community_code = ?", "elsewhere": " AND k.community_code IS NOT ?"}


@lru_cache(maxsize=512)
def _statement(source: str, where: str, order: str, preference: str, limit: int) -> str:
    """The one SQL statement of a tier: match, community preference, order, limit and the shown columns.

    The limit is written into the statement (it is always a small int from this module): a bound
    `LIMIT ?` made SQLite (the SQLCipher build especially) plan each query several times slower.
    """
    return (f"{_SHOWN} {_SOURCES[source]}{_JOINS} WHERE {where}{_PREFERENCES[preference]}"
            f" ORDER BY {order} LIMIT {int(limit)}")


def lookup(conn: sqlite3.Connection, query: str, limit: int = 20, place: str | None = None) -> list[LookupRow]:
    """The voters matching `query`, best first; voters of `place`'s community first within a tier."""
    text = clean_name(query)
    if not text or limit <= 0:
        return []
    if looks_like_card(text):
        return rows_for(conn, [_card_voter(conn, text)])
    community = _community_of(conn, place) if place else None
    preferences = (("", ()),) if community is None else (("here", (community,)), ("elsewhere", (community,)))
    found: dict[int, LookupRow] = {}
    for tier in _tiers(conn, text):
        for preference, values in preferences:
            missing = limit - len(found)
            if missing <= 0:
                return _with_ballots(conn, list(found.values()))
            sql = _statement(tier.source, tier.where, tier.order, preference, missing + len(found))
            for row in conn.execute(sql, (*tier.params, *values)):
                if row[0] not in found:
                    found[row[0]] = LookupRow(*row)
                    if len(found) >= limit:
                        break
    return _with_ballots(conn, list(found.values()))


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


def _tiers(conn: sqlite3.Connection, text: str) -> list[Tier]:
    """The tiers this query can match, best first."""
    upper = normalise(text)
    lower = text.lower() if _HAN.search(text) else plain_latin(text)
    if _SEPARATED_ID.match(upper):
        upper = upper.replace("-", "")
    tiers: list[Tier] = []
    if any(ch.isdigit() for ch in upper):  # household numbers (户号) carry digits; names and pinyin do not
        tiers.append(_index_tier("k.household = ?", "k.name", text))
    if _DIGITS.match(upper):
        # Five digits that are a household number (the demo's 01001) are far more often the household than
        # the last five of an ID number; the last 4 or 6 digits (后四位, 后六位) and a whole number come first.
        at = len(tiers) if len(upper) == 5 else 0
        tiers[at:at] = _id_tiers(conn, upper)
    if _SURNAME_INITIALS.match(lower):
        tiers.append(_index_tier("k.surname_initials = ?", "k.name", lower))
        tiers.append(_index_tier("k.surname_initials > ? AND k.surname_initials < ?", "k.surname_initials, k.name",
                                 lower, _after_prefix(lower)))
    elif _HAN.search(text):
        tiers += _name_tiers(text)
    elif _LATIN.match(lower):
        tiers += [
            _index_tier("k.pinyin = ?", "k.name", lower),
            _index_tier("k.initials = ?", "k.name", lower),
            *_surname_reading_tiers(lower),
            _index_tier("k.pinyin > ? AND k.pinyin < ?", "k.pinyin, k.name", lower, _after_prefix(lower)),
            _index_tier("k.initials > ? AND k.initials < ?", "k.initials, k.name", lower, _after_prefix(lower)),
        ]
    return tiers


def _surname_reading_tiers(lower: str) -> list[Tier]:
    """A surname read as a surname, alone (shan: 单 and 山 before 上官 and 尚) or with the given name's initials
    (zengfq: 曾福庆, through the surname_initials keys 曾fq)."""
    tiers = []
    surnames = surnames_read_as(lower)
    if surnames:   # their pinyin starts with the reading: a range of the pinyin index, read in its order
        tiers.append(_index_tier(f"k.pinyin >= ? AND k.pinyin < ? AND k.surname IN ({','.join('?' * len(surnames))})",
                                 "k.pinyin, k.name", lower, _after_prefix(lower), *surnames))
    for n in range(1, min(MAX_GIVEN_INITIALS, len(lower) - 1) + 1):   # linl: 林l (林林) before 李nl (李宁莉)
        keys = [s + lower[-n:] for s in surnames_read_as(lower[:-n])]
        if keys:
            tiers.append(_index_tier(f"k.surname_initials IN ({','.join('?' * len(keys))})", "k.pinyin, k.name",
                                     *keys))
    return tiers


def _id_tiers(conn: sqlite3.Connection, digits: str) -> list[Tier]:
    if len(digits) in (15, 18):
        try:
            number = parse_id(digits).number
        except PollDeskError:
            number = digits  # a mistyped number matches nobody; the household tier may still match
        return [Tier("voters", "k.id_hash = ?", "k.name", (id_hash(_key(conn), number),))]
    if len(digits) == 4:
        return [_index_tier("k.id_last4 = ?", "k.name", digits)]
    if len(digits) == 5:
        return [_index_tier("k.id_last6 IN (?, ?, ?, ?)", "k.name", *(d + digits for d in "0123"))]
    if len(digits) == 6:
        return [_index_tier("k.id_last6 = ?", "k.name", digits)]
    return []


def _name_tiers(name: str) -> list[Tier]:
    """Exact name, then names starting with it, then names containing it (through the n-gram table)."""
    tiers = [
        _index_tier("k.name = ?", "k.community_code", name),
        _index_tier("k.name > ? AND k.name < ?", "k.name", name, _after_prefix(name)),
    ]
    if len(name) <= 2:
        tiers.append(Tier("grams", "k.gram = ?", "k.name", (name,)))
    else:
        tiers.append(Tier("grams", "k.gram = ? AND instr(k.name, ?) > 0", "k.name", (name[:2], name)))
    return tiers


def _index_tier(where: str, order: str, *params: object) -> Tier:
    return Tier("index", where, order, params)


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
    found = {row[0]: row for row in conn.execute(f"{_SHOWN} FROM voters v{_JOINS} WHERE v.id IN ({marks})",
                                                 voter_ids)}
    return _with_ballots(conn, [LookupRow(*row) for vid in voter_ids if (row := found.get(vid)) is not None])
