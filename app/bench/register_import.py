"""The REGISTER IMPORT benchmark (issue 3, 8b): importing a register file against a bare write of its rows.

A CSV register of N clean rows (1,000,000 in full, 50,000 with --quick; unique valid ID numbers over
the synthetic election's 19 communities) is imported with `app.register.importer.import_register`
into an empty district file: read, every row checked, ID numbers hashed and masked, households made,
voters inserted with the register's indexes, the search index refreshed, audit entry, one transaction.
The floor is one `executemany` of the same rows (as read from the file) into an unindexed table of
a fresh file with the same pragmas, in one transaction. Goal: ratio <= 5.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from app.bench import BenchContext, BenchmarkFailed, BenchResult, benchmark
from app.bench.register_file import (
    bare_insert,
    empty_district,
    register_rows,
    remove_file,
    write_register_csv,
)
from app.register.importer import import_register

GOAL_RATIO = 5.0


def timed_import(folder: Path, size: int, tag: str,
                 phases: Callable[[dict[str, float]], None] | None = None) -> tuple[float, float]:
    """(seconds to import a CSV of `size` rows, seconds of the bare floor) in `folder`; files removed after.
    `phases` is given the import's seconds per phase (`ImportResult.seconds`)."""
    rows = register_rows(size)
    csv_path = write_register_csv(folder / f"register-{tag}.csv", rows)
    district_path = folder / f"import-{tag}.polldesk"
    floor_path = folder / f"import-floor-{tag}.sqlite"
    remove_file(district_path)
    remove_file(floor_path)
    try:
        with empty_district(district_path) as df:
            started = time.perf_counter()
            result = import_register(df.conn, csv_path)
            seconds = time.perf_counter() - started
        if result.imported != size:
            raise BenchmarkFailed("bench_wrong_answer", "The import took {found} of {count} clean rows.",
                                  found=result.imported, count=size)
        floor = bare_insert(floor_path, rows)
        if phases is not None:
            phases(result.seconds)
    finally:
        csv_path.unlink(missing_ok=True)
        remove_file(district_path)
        remove_file(floor_path)
    return seconds, floor


@benchmark("register_import")
def register_import_benchmark(ctx: BenchContext) -> list[BenchResult]:
    """Import a synthetic register file and time the bare write of the same rows."""
    size = ctx.scale(full=1_000_000, quick=50_000)
    ctx.progress(f"register_import: importing a register file of {size} rows")

    def say_phases(phases: dict[str, float]) -> None:
        ctx.progress("register_import: seconds per phase: "
                     + ", ".join(f"{phase} {value:.2f}" for phase, value in phases.items()))

    seconds, floor = timed_import(ctx.workdir, size, "import", say_phases)
    return [BenchResult("register_import.seconds", seconds, "s", floor, GOAL_RATIO)]
