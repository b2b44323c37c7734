"""The LOOKUP benchmark (issue 3, 8a): p50 and p95 of every query kind on a synthetic register.

Each kind is timed through `app.register.lookup.lookup` and, as its floor, through the same
question put to a bare SQLite index on a plain denormalised table in a separate file (one
indexed column per kind, returning the same shown columns). Every answer is checked: the
expected voter must be listed, or the list must be full of voters that match equally well
(a common name such as 王伟 has more holders than one page); otherwise the benchmark fails.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from app.bench import BenchContext, BenchmarkFailed, BenchResult, benchmark
from app.bench.synthetic import SyntheticVoter, build_register
from app.register.lookup import LookupRow, lookup
from app.register.lookup_index import build_lookup_index
from app.register.pinyin import name_keys
from app.register.privacy import card_payload, id_hash, register_key

LIMIT = 20
GOAL_RATIO = 2.0


@dataclass(frozen=True)
class Kind:
    """A query kind: how to ask for a voter, the floor's column, and what an equally good answer is."""

    name: str
    query: Callable[[SyntheticVoter], str | None]
    column: str
    same: Callable[[LookupRow, str], bool]


def _keys(voter: SyntheticVoter) -> tuple[str, str, str, str]:
    k = name_keys(voter.name)
    return k.given, k.pinyin, k.initials, k.surname_initials


KINDS = [
    Kind("name_exact", lambda v: v.name, "name", lambda r, q: r.name == q),
    Kind("name_prefix", lambda v: v.name[:-1] if len(v.name) >= 3 else None, "name",
         lambda r, q: r.name.startswith(q)),
    Kind("name_part", lambda v: _keys(v)[0] if len(_keys(v)[0]) == 2 else None, "given", lambda r, q: q in r.name),
    Kind("pinyin_full", lambda v: _keys(v)[1], "pinyin", lambda r, q: name_keys(r.name).pinyin == q),
    Kind("initials", lambda v: _keys(v)[2], "initials", lambda r, q: name_keys(r.name).initials == q),
    Kind("surname_initials", lambda v: _keys(v)[3], "surname_initials",
         lambda r, q: name_keys(r.name).surname_initials == q),
    Kind("id_last4", lambda v: v.id_number[-4:], "last4", lambda r, q: r.masked_id.endswith(q)),
    Kind("id_last6", lambda v: v.id_number[-6:], "last6", lambda r, q: r.masked_id.endswith(q[-4:])),
    Kind("id_whole", lambda v: v.id_number, "id_hash", lambda r, q: False),
    Kind("card", lambda v: None, "card", lambda r, q: False),   # query made with the register key
    Kind("household", lambda v: v.household, "household", lambda r, q: False),
]


@benchmark("lookup")
def lookup_benchmark(ctx: BenchContext) -> list[BenchResult]:
    """Build the register, the search index and the floor table; time every query kind."""
    size = ctx.scale(full=1_000_000, quick=50_000)
    samples = ctx.scale(full=300, quick=100) if ctx.size is None else min(100, max(10, size // 20))
    ctx.progress(f"lookup: building a register of {size} voters")
    df, voters = build_register(ctx.workdir / "lookup-bench.polldesk", size)
    try:
        conn = df.conn
        started = time.perf_counter()
        build_lookup_index(conn)
        index_seconds = time.perf_counter() - started
        key = register_key(conn)
        floor_conn, floor_seconds = _floor_table(ctx, conn, voters, key)
        ctx.progress(f"lookup: index built in {index_seconds:.1f} s; timing queries")
        rnd = random.Random(8)
        targets = rnd.sample(voters, min(len(voters), samples * 3))
        results = [BenchResult("lookup.index_build", index_seconds, "s", floor_seconds, GOAL_RATIO)]
        for kind in KINDS:
            results += _time_kind(conn, floor_conn, kind, targets, samples, key, df.election_id)
        floor_conn.close()
        return results
    finally:
        df.close()


def _time_kind(conn: sqlite3.Connection, floor: sqlite3.Connection, kind: Kind, targets: list[SyntheticVoter],
               samples: int, key: bytes, election_id: str) -> list[BenchResult]:
    asked = []
    for voter in targets:
        query = card_payload(key, election_id, voter.voter_id) if kind.name == "card" else kind.query(voter)
        if query is not None:
            asked.append((voter, query))
        if len(asked) == samples:
            break
    floor_sql = _floor_sql(kind)
    times, floors = [], []
    for voter, query in asked * 2:      # the first pass warms the cache, the second is measured
        t0 = time.perf_counter()
        rows = lookup(conn, query, limit=LIMIT)
        t1 = time.perf_counter()
        floor.execute(floor_sql, _floor_params(kind, query, key)).fetchall()
        t2 = time.perf_counter()
        times.append((t1 - t0) * 1000)
        floors.append((t2 - t1) * 1000)
        _check(kind, voter, query, rows)
    times, floors = times[len(asked):], floors[len(asked):]
    return [
        BenchResult(f"lookup.{kind.name}.p50", statistics.median(times), "ms", statistics.median(floors), GOAL_RATIO),
        BenchResult(f"lookup.{kind.name}.p95", _p95(times), "ms", _p95(floors), GOAL_RATIO),
    ]


def _check(kind: Kind, voter: SyntheticVoter, query: str, rows: list[LookupRow]) -> None:
    if any(r.voter_id == voter.voter_id for r in rows):
        return
    if len(rows) == LIMIT and all(kind.same(r, query) for r in rows):
        return
    raise BenchmarkFailed("bench_wrong_answer", "Lookup by {kind} did not find voter {voter}.",
                          kind=kind.name, voter=voter.voter_id)


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


def _floor_table(ctx: BenchContext, conn: sqlite3.Connection, voters: list[SyntheticVoter],
                 key: bytes) -> tuple[sqlite3.Connection, float]:
    """A plain table with one index per query column, in its own file: the floor's answers."""
    path = ctx.workdir / "lookup-floor.sqlite"
    path.unlink(missing_ok=True)
    floor = sqlite3.connect(str(path), isolation_level=None)
    started = time.perf_counter()
    floor.execute("CREATE TABLE plain(id INTEGER PRIMARY KEY, name, given, pinyin, initials, surname_initials,"
                  " last4, last6, id_hash, card, household, masked, grp, place)")
    floor.execute("BEGIN")
    shown = {row[0]: row[1:] for row in conn.execute(
        "SELECT v.id, v.id_masked, g.name, (SELECT place_code FROM place_groups WHERE group_id = v.group_id)"
        " FROM voters v JOIN resident_groups g ON g.id = v.group_id")}
    election_id = conn.execute("SELECT id FROM election").fetchone()[0]
    floor.executemany("INSERT INTO plain VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", [
        (v.voter_id, v.name, *_keys(v), v.id_number[-4:], v.id_number[-6:], id_hash(key, v.id_number),
         card_payload(key, election_id, v.voter_id), v.household, *shown[v.voter_id]) for v in voters])
    for column in ("name", "given", "pinyin", "initials", "surname_initials", "last4", "last6", "id_hash",
                   "card", "household"):
        floor.execute(f"CREATE INDEX plain_{column} ON plain({column})")
    floor.execute("COMMIT")
    floor.execute("ANALYZE")
    return floor, time.perf_counter() - started


def _floor_sql(kind: Kind) -> str:
    shown = "SELECT id, name, masked, grp, household, place FROM plain"
    if kind.name == "name_prefix":
        return f"{shown} WHERE name >= ? AND name < ? LIMIT {LIMIT}"
    return f"{shown} WHERE {kind.column} = ? LIMIT {LIMIT}"


def _floor_params(kind: Kind, query: str, key: bytes) -> tuple[str, ...]:
    if kind.name == "name_prefix":
        return (query, query[:-1] + chr(ord(query[-1]) + 1))
    if kind.name == "id_whole":
        return (id_hash(key, query),)
    return (query,)
