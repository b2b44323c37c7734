"""The DEMO benchmark (issue 5, item 9): time to build the demo district, against writing its voters bare.

The value is `run_demo` end to end (people generated, ID numbers hashed and masked, the district file
and every station file written); the seed district in full, 4,000 voters with --quick. The floor is
the least any build must do: one `executemany` of the same voter rows (read back from the demo's
district file) into an unindexed table of a fresh file with the same pragmas, in one transaction.
The goal ratio of 25 allows for what the floor skips: generating the people in Python, the
district's indexes, and each community's register written again into each of its station files.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from app.bench import BenchContext, BenchmarkFailed, BenchResult, benchmark
from app.db import open_data_file, transaction
from app.db.datafile import connect
from app.demo import SEED_VOTERS, run_demo

GOAL_RATIO = 25.0


@benchmark("demo")
def demo_benchmark(ctx: BenchContext) -> list[BenchResult]:
    """Build the demo district and time the bare write of its voters."""
    voters = ctx.scale(full=SEED_VOTERS, quick=4000)
    folder = ctx.workdir / "demo-bench"
    shutil.rmtree(folder, ignore_errors=True)
    try:
        ctx.progress(f"demo: building a district of {voters} voters")
        started = time.perf_counter()
        summary = run_demo(folder / "demo", voters=voters)
        seconds = time.perf_counter() - started
        if summary["voters"] != voters:
            raise BenchmarkFailed("bench_wrong_answer", "The demo holds {found} voters, not {count}.",
                                  found=summary["voters"], count=voters)
        floor = bare_voter_write(Path(summary["district_file"]), folder / "floor.sqlite")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [BenchResult("demo.build", seconds, "s", floor, GOAL_RATIO)]


def bare_voter_write(district_file: Path, floor_path: Path) -> float:
    """Seconds to executemany the district's voter rows into an unindexed table (one transaction)."""
    with open_data_file(district_file, kind="district") as df:
        columns = [r[1] for r in df.conn.execute("PRAGMA table_info(voters)")]
        rows = [tuple(r) for r in df.conn.execute("SELECT * FROM voters")]
    floor = connect(floor_path)
    try:
        floor.execute(f"CREATE TABLE voters({', '.join(columns)})")
        started = time.perf_counter()
        with transaction(floor):
            floor.executemany(f"INSERT INTO voters VALUES ({', '.join('?' * len(columns))})", rows)
        return time.perf_counter() - started
    finally:
        floor.close()
