"""How one search-box text is asked of the search index: its tiers, best first, as one SQL statement.

A query text is read once (`plan`, cached by text): what kind of query it is, which *tiers* of B-tree
range scans on the search index (app.register.lookup_index) it can match, best first (ID / card /
household, exact name, name prefix, name contains, pinyin), and the one statement that reads them
all: each tier (and, given a place, each community preference) is one arm of a UNION ALL with its
own order and limit, read lazily, so the arms after the page is full are never run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from app.errors import PollDeskError
from app.register.idnumber import normalise, parse_id
from app.register.pinyin import (
    COMPOUND_SURNAMES,
    clean_name,
    given_syllables,
    plain_latin,
    split_name,
    surname_syllables,
    surnames_read_as,
    variant_readings,
)
from app.register.privacy import looks_like_card

_DIGITS = re.compile(r"^\d+X?$")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"^[a-z]+$")
_SURNAME_INITIALS = re.compile(r"^([\u3400-\u9fff]{1,2})([a-z]+)$")
_SEPARATED_ID = re.compile(r"^\d{6}-\d{8}-\d{3}[\dX]$|^\d{6}-\d{6}-\d{3}$")   # 110105-19491231-002X
MAX_GIVEN_INITIALS = 2      # zhangxm: a surname's reading, then at most this many initials of the given name

# What a found voter's row shows, read from the search index's own row `{a}` (kept in step with the
# register by the triggers of 25_lookup.sql). 'issued' and 'proxy' come from the poll book's current
# ballots (issuances, indexed by voter): a ballot in any contest counts, a proxy one makes it 'proxy'.
# The five shown texts come as one (`shown`, see 25_lookup.sql): one column to convert instead of five.
SHOWN = (
    "{a}.voter_id, {a}.shown, CASE WHEN {a}.removed THEN 'removed'"
    " WHEN (SELECT 1 FROM issuances i WHERE i.voter_id = {a}.voter_id) IS NULL THEN 'not_voted'"
    " WHEN (SELECT 1 FROM issuances i WHERE i.voter_id = {a}.voter_id AND i.kind = 'proxy') THEN 'proxy'"
    " ELSE 'issued' END"
)
# Each tier's key table is `k`; the shown row is `k` itself or the index row joined to it.
_SOURCES = {
    "index": ("lookup_index k", "k"),
    # the name check keeps a stale n-gram (of a voter renamed or deleted behind the index's back) from matching
    "grams": ("lookup_grams k CROSS JOIN lookup_index v ON v.voter_id = k.voter_id AND v.name = k.name", "v"),
    "id_hash": ("voters k CROSS JOIN lookup_index v ON v.voter_id = k.id", "v"),
}
_COMMUNITY_OF_PLACE = "(SELECT p.community_code FROM voting_places p WHERE p.code = ?)"
# Given a place: its community's voters first, then the others (all of them when the place is unknown).
_PREFERENCES = (f" AND k.community_code = {_COMMUNITY_OF_PLACE}", f" AND k.community_code IS NOT {_COMMUNITY_OF_PLACE}")


@dataclass(frozen=True)
class Tier:
    """One kind of match: a key table `k`, its condition, order and parameters."""

    source: str
    where: str
    order: str
    params: tuple[object, ...]
    index: str = ""     # an index of lookup_index that reads this tier in its order (no sort, no limit needed)


# Stand-ins in a plan's parameters for what only the data file knows.
PLACE = object()          # the clerk's voting place
ID_HASH = object()        # the keyed hash of the plan's whole ID number (`Plan.id_number`)


@dataclass(frozen=True)
class Plan:
    """One query text's statement and parameters (`card` set instead for a voter card's payload)."""

    sql: str = ""
    params: tuple[object, ...] = ()
    bound_late: bool = False       # params hold PLACE or ID_HASH
    id_number: str = ""
    card: str = ""
    card_voter: int = 0            # the voter id a card's payload names (not yet checked)


@lru_cache(maxsize=4096)
def plan(query: str, limit: int, by_place: bool) -> Plan | None:
    """The statement answering `query` with at most `limit` voters per tier; None when nothing can match."""
    text = clean_name(query)
    if not text:
        return None
    if looks_like_card(text):
        return Plan(card=text, card_voter=int(normalise(text).split("-")[1]))
    tiers, id_number = tiers_of(text, by_place)
    if not tiers:
        return None
    arms: list[str] = []
    params: list[object] = []
    if not by_place and tiers[0].index:
        # The first tier read straight off its index, in the index's order: no sorter, no subquery. It needs no
        # limit of its own (one row per voter; reading stops after one page) and is read first in the union.
        first = tiers.pop(0)
        arms.append(f"SELECT {SHOWN.format(a='k')} FROM lookup_index k INDEXED BY {first.index} WHERE {first.where}")
        params += first.params
    for tier in tiers:
        source, shown = _SOURCES[tier.source]
        for preference in _PREFERENCES if by_place else ("",):
            arms.append(f"SELECT * FROM (SELECT {SHOWN.format(a=shown)} FROM {source} WHERE {tier.where}{preference}"
                        f" ORDER BY {tier.order} LIMIT {int(limit)})")
            params += tier.params
            if preference:
                params.append(PLACE)
    late = by_place or bool(id_number)
    return Plan(" UNION ALL ".join(arms), tuple(params), late, id_number)


def tiers_of(text: str, by_place: bool = False) -> tuple[list[Tier], str]:
    """The tiers this query can match, best first, and the whole ID number it is (or "")."""
    upper = normalise(text)
    lower = text.lower() if _HAN.search(text) else plain_latin(text)
    if _SEPARATED_ID.match(upper):
        upper = upper.replace("-", "")
    tiers: list[Tier] = []
    id_number = ""
    if any(ch.isdigit() for ch in upper):  # household numbers (户号) carry digits; names and pinyin do not
        tiers.append(_ordered_tier("k.household = ?", "k.name", "lookup_index_household", text))
    if _DIGITS.match(upper):
        # Five digits that are a household number (the demo's 01001) are far more often the household than
        # the last five of an ID number; the last 4 or 6 digits (后四位, 后六位) and a whole number come first.
        at = len(tiers) if len(upper) == 5 else 0
        id_tiers, id_number = _id_tiers(upper)
        tiers[at:at] = id_tiers
    if surname_initials := _SURNAME_INITIALS.match(lower):
        tiers.append(_ordered_tier("k.surname_initials = ?", "k.name", "lookup_index_surname_initials", lower))
        tiers.append(_index_tier("k.surname_initials > ? AND k.surname_initials < ?", "k.surname_initials, k.name",
                                 lower, _after_prefix(lower)))
        tiers += _han_then_pinyin_tiers(*surname_initials.groups())
    elif _HAN.search(text):
        tiers += _name_tiers(text, by_place)
    elif _LATIN.match(lower):
        tiers += [
            _ordered_tier("k.pinyin = ?", "k.name", "lookup_index_pinyin", lower),
            _ordered_tier("k.initials = ?", "k.name", "lookup_index_initials", lower),
            *_surname_reading_tiers(lower),
            _index_tier("k.pinyin > ? AND k.pinyin < ?", "k.pinyin, k.name", lower, _after_prefix(lower)),
            _index_tier("k.initials > ? AND k.initials < ?", "k.initials, k.name", lower, _after_prefix(lower)),
            *_variant_tiers(lower),
        ]
    return tiers, id_number


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


def _han_then_pinyin_tiers(han: str, latin: str) -> list[Tier]:
    """The surname in characters, the rest in pinyin (张xiaoming, 欧阳nana): names of that surname whose pinyin
    starts with the characters' reading and then the typed pinyin."""
    surname, given = (han, "") if han in COMPOUND_SURNAMES else split_name(han)
    pinyin = "".join(surname_syllables(surname) + (given_syllables(given) if given else ())) + latin
    return [_index_tier("k.pinyin >= ? AND k.pinyin < ? AND k.surname = ?", "k.pinyin, k.name",
                        pinyin, _after_prefix(pinyin), surname)]


def _variant_tiers(lower: str) -> list[Tier]:
    """Last, the names whose pinyin starts with a spelling the clerk may have meant (`variant_readings`):
    luxiaohu finds 吕小虎 after every 卢 and 陆."""
    return [_index_tier("k.pinyin >= ? AND k.pinyin < ?", "k.pinyin, k.name", pinyin, _after_prefix(pinyin))
            for pinyin in variant_readings(lower)]


def _id_tiers(digits: str) -> tuple[list[Tier], str]:
    if len(digits) in (15, 18):
        try:
            number = parse_id(digits).number
        except PollDeskError:
            number = digits  # a mistyped number matches nobody; the household tier may still match
        return [Tier("id_hash", "k.id_hash = ?", "k.name", (ID_HASH,))], number
    if len(digits) == 4:
        return [_ordered_tier("k.id_last4 = ?", "k.name", "lookup_index_last4", digits)], ""
    if len(digits) == 5:
        return [_index_tier("k.id_last6 IN (?, ?, ?, ?)", "k.name", *(d + digits for d in "0123"))], ""
    if len(digits) == 6:
        return [_ordered_tier("k.id_last6 = ?", "k.name", "lookup_index_last6", digits)], ""
    return [], ""


def _name_tiers(name: str, by_place: bool) -> list[Tier]:
    """Exact name, then names starting with it, then names containing it (through the n-gram table).

    Without a place to prefer, the first two are one range of the name index: the name itself sorts first,
    its holders in (community, voter) order, then the longer names in (name, community, voter) order.
    """
    if by_place:
        tiers = [
            _index_tier("k.name = ?", "k.community_code", name),
            _index_tier("k.name > ? AND k.name < ?", "k.name", name, _after_prefix(name)),
        ]
    else:
        tiers = [Tier("index", "k.name >= ? AND k.name < ?", "k.name, k.community_code, k.voter_id",
                      (name, _after_prefix(name)), "lookup_index_name")]
    if len(name) <= 2:
        tiers.append(Tier("grams", "k.gram = ?", "k.name", (name,)))
    else:
        tiers.append(Tier("grams", "k.gram = ? AND instr(k.name, ?) > 0", "k.name", (name[:2], name)))
    return tiers


def _index_tier(where: str, order: str, *params: object) -> Tier:
    return Tier("index", where, order, params)


def _ordered_tier(where: str, order: str, index: str, *params: object) -> Tier:
    """An equality tier on (key, name, community_code, ...): `index` reads it in name order, ties by voter."""
    return Tier("index", where, order, params, index)


def _after_prefix(prefix: str) -> str:
    """The smallest text greater than every text starting with `prefix` (for a range scan)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)
