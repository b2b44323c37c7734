"""The ISSUANCE benchmark (issue 5, item 9): commit latency of `issue_ballot` against a bare durable INSERT.

A demo district is built (the seed district in full, 20,000 voters with --quick) and ballots are
issued at its busiest central venue, end to end through `app.pollbook.issue_ballot` (checks, event,
derived row, audit entry, one durable transaction). The floor is a one-row INSERT + COMMIT into a
plain table of a second file opened with the same pragmas (WAL, synchronous=FULL) in the same
folder. The two are interleaved, one each in turn, so both see the same disk at the same moment.
The goal is p99 <= 2x the floor: the fsync of the commit should dominate, not PollDesk's checks.
"""

from __future__ import annotations

import shutil
import statistics
import time
from pathlib import Path

from app.audit import Actor
from app.bench import BenchContext, BenchmarkFailed, BenchResult, benchmark
from app.db import open_data_file, transaction
from app.db.datafile import connect
from app.demo import SEED_VOTERS, run_demo
from app.pollbook import issue_ballot, open_poll

GOAL_RATIO = 2.0
QUICK_VOTERS = 20_000
TINY_VOTERS, TINY_ISSUANCES = 4_000, 100      # a test's size: the small demo has ~100 voters per place
WARM_UP = 20
CLERK = Actor("clerk1", "clerk")
CHIEF = Actor("chief1", "chief")


@benchmark("issuance")
def issuance_benchmark(ctx: BenchContext) -> list[BenchResult]:
    """Issue ballots at the busiest place and time each commit against the floor's."""
    wanted = ctx.scale(full=2000, quick=300)
    voters = ctx.scale(full=SEED_VOTERS, quick=QUICK_VOTERS) if ctx.size is None else (
        TINY_VOTERS if wanted <= TINY_ISSUANCES else QUICK_VOTERS)
    folder = ctx.workdir / "issuance-bench"
    shutil.rmtree(folder, ignore_errors=True)
    try:
        ctx.progress(f"issuance: building a demo district of {voters} voters")
        summary = run_demo(folder / "demo", voters=voters)
        station, eligible = _busiest_station(summary["station_files"])
        ctx.progress(f"issuance: issuing {min(wanted, len(eligible))} ballots at {station.stem}")
        times, floors = measure(station, folder / "floor.sqlite", eligible[:wanted])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [
        BenchResult("issuance.commit.p50", statistics.median(times), "ms", statistics.median(floors), GOAL_RATIO),
        BenchResult("issuance.commit.p99", percentile(times, 99), "ms", percentile(floors, 99), GOAL_RATIO),
    ]


def _busiest_station(station_files: dict[str, str]) -> tuple[Path, list[int]]:
    """The station file with most voters assigned to its place, and those voters' ids."""
    best: tuple[Path, list[int]] | None = None
    for code, path in sorted(station_files.items()):
        with open_data_file(path, kind="station") as df:
            ids = [int(r[0]) for r in df.conn.execute(
                "SELECT id FROM voters WHERE place_code = ? AND status = 'active' ORDER BY id", (code,))]
        if best is None or len(ids) > len(best[1]):
            best = (Path(path), ids)
    assert best is not None
    return best


def measure(station: Path, floor_path: Path, voter_ids: list[int]) -> tuple[list[float], list[float]]:
    """Milliseconds per issue_ballot and per floor INSERT + COMMIT, interleaved, warm-up dropped."""
    floor = connect(floor_path)
    floor.execute("CREATE TABLE IF NOT EXISTS issued(id INTEGER PRIMARY KEY, voter INTEGER, time TEXT)")
    times: list[float] = []
    floors: list[float] = []
    with open_data_file(station, kind="station") as df:
        open_poll(df.conn, CHIEF)
        for voter in voter_ids:
            t0 = time.perf_counter()
            issue_ballot(df.conn, CLERK, voter)
            t1 = time.perf_counter()
            with transaction(floor):
                floor.execute("INSERT INTO issued(voter, time) VALUES (?, ?)", (voter, "2011-04-10T09:00:00"))
            t2 = time.perf_counter()
            times.append((t1 - t0) * 1000)
            floors.append((t2 - t1) * 1000)
        issued = int(df.conn.execute("SELECT COUNT(*) FROM issuances").fetchone()[0])
    floor.close()
    if issued != len(voter_ids):
        raise BenchmarkFailed("bench_wrong_answer", "{count} ballots were issued, but {found} are recorded.",
                              count=len(voter_ids), found=issued)
    drop = min(WARM_UP, len(times) // 10)
    return times[drop:], floors[drop:]


def percentile(values: list[float], p: int) -> float:
    """The p-th percentile (inclusive method); the value itself for a single sample."""
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]
