"""Keeping the clerk's search index (lookup_index, lookup_grams) in step with the voter register.

`build_lookup_index` rebuilds it all; `index_voters` refreshes a few voters (after an addition, a
correction or a removal); `index_new_voters` indexes voters just inserted from rows the writer already
holds (an import). Writers of `voters` call one of them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import NamedTuple

from app.db import analyze, transaction
from app.register.pinyin import name_key_texts

SEP = "\x1f"          # between the shown texts: the unit separator
_CHUNK = 20_000
_BULK = 5_000        # refreshing at least this many voters, and at least as many as indexed: a bulk load
_VOTER_ROWS = """
    SELECT v.id, v.community_code, v.name, v.birth_date, v.id_masked, COALESCE(h.number, '') AS household,
           v.group_id, COALESCE(g.name, '') AS group_name, v.place_code, v.status = 'removed' AS removed
    FROM voters v LEFT JOIN households h ON h.id = v.household_id LEFT JOIN resident_groups g ON g.id = v.group_id
"""
# The place a group's voters go to when they have none of their own: a fixed place before a mobile box,
# lower codes first (the same rule as the triggers in 25_lookup.sql).
_GROUP_PLACES = """
    SELECT g.id, (SELECT pg.place_code FROM place_groups pg JOIN voting_places p ON p.code = pg.place_code
                  WHERE pg.group_id = g.id ORDER BY p.kind = 'mobile', pg.place_code LIMIT 1)
    FROM resident_groups g
"""
_INSERT_INDEX = (
    "INSERT OR REPLACE INTO lookup_index(voter_id, community_code, name, surname, pinyin, initials,"
    " surname_initials, id_last4, id_last6, household, group_id, removed, shown) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
# Every 1- and 2-character piece starting at the 2nd to the last character of each name (`name_grams`):
# {pieces} are the (start, length) pairs that fit in the longest name, a 2-character piece only where it
# does not run past the end (there it would repeat the 1-character piece).
_INSERT_GRAMS = """
    WITH piece(i, n) AS (VALUES {pieces})
    INSERT OR IGNORE INTO lookup_grams(gram, name, voter_id, community_code)
    SELECT substr(k.name, piece.i, piece.n), k.name, k.voter_id, k.community_code
    FROM lookup_index k CROSS JOIN piece
    WHERE k.voter_id {where} AND piece.i + piece.n <= length(k.name) + 1 ORDER BY 1, 2, 3
"""

Progress = Callable[[int, int], None]
VoterRow = tuple[int, str, str, str, str, str, int | None, str, str | None, int]   # as _VOTER_ROWS reads it


def build_lookup_index(conn: sqlite3.Connection, progress: Progress | None = None) -> int:
    """Rebuild the whole search index from the register in one transaction; the number of voters indexed."""
    total = conn.execute("SELECT count(*) FROM voters").fetchone()[0]
    with transaction(conn):
        indexes = _drop_indexes(conn)
        conn.execute("DELETE FROM lookup_index")
        conn.execute("DELETE FROM lookup_grams")
        done = longest = 0
        cursor = conn.execute(_VOTER_ROWS + " ORDER BY v.id")
        while rows := cursor.fetchmany(_CHUNK):
            made = _index_rows(rows, _group_places(conn, {row[6] for row in rows}))
            conn.executemany(_INSERT_INDEX, made.rows)
            longest = max(longest, made.longest)
            done += len(rows)
            if progress is not None:
                progress(done, total)
        _insert_grams(conn, "IS NOT NULL", [], longest)
        for sql in indexes:
            conn.execute(sql)
        conn.execute("INSERT OR REPLACE INTO lookup_state(id, built_at, voters) VALUES (1, ?, ?)",
                     (datetime.now(UTC).isoformat(timespec="seconds"), done))
    analyze(conn, "lookup_index")      # basic statistics only (see app.db.datafile.analyze)
    return done


def index_voters(conn: sqlite3.Connection, voter_ids: Iterable[int]) -> None:
    """Refresh the index rows of these voters (added, changed or deleted) inside the caller's transaction or its own."""
    ids = sorted(set(voter_ids))
    if not ids:
        return
    if conn.in_transaction:
        _reindex(conn, ids)
    else:
        with transaction(conn):
            _reindex(conn, ids)


def index_is_current(conn: sqlite3.Connection) -> bool:
    """True when the index has been built and holds exactly the voters of the register."""
    if conn.execute("SELECT 1 FROM lookup_state").fetchone() is None:
        return False
    indexed = conn.execute("SELECT count(*), max(voter_id) FROM lookup_index").fetchone()
    voters = conn.execute("SELECT count(*), max(id) FROM voters").fetchone()
    return tuple(indexed) == tuple(voters)


def index_new_voters(conn: sqlite3.Connection, rows: list[VoterRow]) -> None:
    """Index voters just inserted, inside the caller's transaction, from their rows as `_VOTER_ROWS` reads them
    (id, community, name, birth date, masked ID, household number, group id, group name, own place, removed),
    in ascending id order; the same index rows as `index_voters` makes, without reading the voters back."""
    if rows:
        _reindex(conn, [row[0] for row in rows], rows)


def _reindex(conn: sqlite3.Connection, ids: list[int], given: list[VoterRow] | None = None) -> None:
    indexed = conn.execute("SELECT count(*) FROM lookup_index").fetchone()[0] if len(ids) >= _BULK else 0
    bulk = len(ids) >= _BULK and len(ids) >= indexed   # e.g. an import: cheaper to rebuild the B-trees after
    indexes = _drop_indexes(conn) if bulk else []
    whole = given is not None and ids[-1] - ids[0] + 1 == len(ids)     # an import's rows: all at once
    step = len(ids) if whole else _CHUNK if bulk else 500
    for start in range(0, len(ids), step):
        chunk = ids[start:start + step]
        if chunk[-1] - chunk[0] + 1 == len(chunk):     # consecutive ids (an import): a range, not a list
            where, params = "BETWEEN ? AND ?", [chunk[0], chunk[-1]]
        else:
            where, params = f"IN ({','.join('?' * len(chunk))})", chunk
        old = conn.execute(f"SELECT voter_id, name FROM lookup_index WHERE voter_id {where}", params).fetchall()
        if old:
            conn.executemany("DELETE FROM lookup_grams WHERE gram = ? AND name = ? AND voter_id = ?",
                             [(gram, name, vid) for vid, name in old for gram in name_grams(name)])
            conn.execute(f"DELETE FROM lookup_index WHERE voter_id {where}", params)
        rows = given[start:start + step] if given is not None else conn.execute(
            _VOTER_ROWS + f" WHERE v.id {where}", params).fetchall()
        made = _index_rows(rows, _group_places(conn, {row[6] for row in rows}))
        conn.executemany(_INSERT_INDEX, made.rows)
        _insert_grams(conn, where, params, made.longest)
    for sql in indexes:
        conn.execute(sql)


class _IndexRows(NamedTuple):
    """Search index rows ready to insert (as `_INSERT_INDEX` takes them) and the length of the longest name."""

    rows: list[tuple[object, ...]]
    longest: int


def _index_rows(rows: list[VoterRow] | list[sqlite3.Row], group_places: dict[int, str]) -> _IndexRows:
    """These voters' index rows (not their n-grams) as `_INSERT_INDEX` takes them."""
    index_rows: list[tuple[object, ...]] = []
    append, longest = index_rows.append, 0
    # names repeat (王伟, 李娜): each worked out once per call; a bounded cache across a million mostly
    # distinct names would miss and evict on most rows
    known: dict[str, tuple[str, str, str, str, str, str]] = {}
    known_get = known.get
    for voter_id, community, raw_name, birth_date, masked, household, group_id, group_name, own, removed in rows:
        keys = known_get(raw_name)
        if keys is None:
            keys = known[raw_name] = name_key_texts(raw_name)
        name = keys[0]
        last4 = masked[-4:]
        place = own if own is not None else group_places.get(group_id, "") if group_id is not None else ""
        if SEP in group_name or SEP in household or SEP in place:
            shown = shown_text(raw_name, masked, group_name, household, place)
        else:
            shown = f"{raw_name}\x1f{masked}\x1f{group_name}\x1f{household}\x1f{place}"
        append((voter_id, community, name, keys[1], keys[3], keys[4], keys[5], last4, birth_date[8:10] + last4,
                household, group_id, removed, shown))
        if len(name) > longest:
            longest = len(name)
    return _IndexRows(index_rows, longest)


def _insert_grams(conn: sqlite3.Connection, where: str, params: list[int], longest: int) -> None:
    """The n-grams (`name_grams`) of the index rows whose voter_id is `where`: made and sorted by SQLite
    (substr counts characters, as Python does), duplicates (a repeated piece) ignored."""
    pieces = [f"({i}, {n})" for i in range(2, longest + 1) for n in (1, 2) if i + n <= longest + 1]
    if pieces:
        conn.execute(_INSERT_GRAMS.format(pieces=", ".join(pieces), where=where), params)


def shown_text(name: str, masked_id: str, group: str, household: str, place: str) -> str:
    """A voter's five shown texts as one: the index's `shown` (the triggers of 25_lookup.sql make the same)."""
    rest = (masked_id, group.replace(SEP, " "), household.replace(SEP, " "), place.replace(SEP, " "))
    return SEP.join((name, *rest))


def _group_places(conn: sqlite3.Connection, group_ids: set[int | None]) -> dict[int, str]:
    """The place of each of these groups that has one (all groups' for a large batch)."""
    wanted = [g for g in group_ids if g is not None]
    if not wanted:
        return {}
    sql, params = _GROUP_PLACES, []
    if len(wanted) <= 500:
        sql, params = f"{sql} WHERE g.id IN ({','.join('?' * len(wanted))})", wanted
    return {group_id: place for group_id, place in conn.execute(sql, params) if place is not None}


def name_grams(name: str) -> Iterator[str]:
    """The 1- and 2-character pieces of a name that do not start it (张晓明 -> 晓, 明, 晓明)."""
    seen = set()
    for i in range(1, len(name)):
        for gram in (name[i], name[i:i + 2]):
            if gram not in seen:
                seen.add(gram)
                yield gram


def _drop_indexes(conn: sqlite3.Connection) -> list[str]:
    """Drop the search index's own B-tree indexes for a bulk load; their CREATE statements to rerun."""
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'lookup_index'"
                        " AND sql IS NOT NULL").fetchall()
    for name, _ in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in rows]

