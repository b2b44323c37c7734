"""The DISTRICT IMPORT benchmark (issue 7, item 8): importing every station's package against a bare insert.

A demo district is built (the seed's 129,600 voters in full, 4,000 with --quick); at every station
ballots are issued (through the poll book) to 90% of the place's voters and the result package is
exported. The value is `import_packages` of all of them into the district file (each read, its
signature and hashes verified, its sealed tables opened with the district's key, checked against the
district, merged row by row, logged). The floor inserts the same rows (place, table, key, canonical
text), read from the packages and opened beforehand (untimed), into a plain unindexed table of a fresh
file in one transaction, without any check: opening the seal is work the district does, so the value
pays for it and the floor does not. Goal: ratio <= 3.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from app.bench import BenchContext, BenchmarkFailed, BenchResult, benchmark
from app.bench.stations import issue_most
from app.db import open_data_file, transaction
from app.db.datafile import connect
from app.demo import SEED_VOTERS, run_demo
from app.exchange import (
    district_sealing_private_key,
    export_station_package,
    import_packages,
    open_sealed_tables,
    read_package,
)
from app.exchange.rows import canonical, row_key

GOAL_RATIO = 3.0


@benchmark("district_import")
def district_import_benchmark(ctx: BenchContext) -> list[BenchResult]:
    """Export every station's package of a demo district, then time importing them all."""
    voters = ctx.scale(full=SEED_VOTERS, quick=4_000) if ctx.size is None else max(1000, ctx.size)
    folder = ctx.workdir / "district-import-bench"
    shutil.rmtree(folder, ignore_errors=True)
    try:
        ctx.progress(f"district_import: building a demo district of {voters} voters and issuing ballots")
        summary = run_demo(folder / "demo", voters=voters)
        packages = []
        for _code, station in sorted(summary["station_files"].items()):
            issue_most(Path(station))
            with open_data_file(station, kind="station") as df:
                packages.append(export_station_package(df, folder / "packages"))
        ctx.progress(f"district_import: importing {len(packages)} packages")
        with open_data_file(summary["district_file"], kind="district") as district:
            started = time.perf_counter()
            outcomes = import_packages(district, packages)
            seconds = time.perf_counter() - started
            sealing_key = district_sealing_private_key(district.conn)
        refused = [o for o in outcomes if o.status != "imported"]
        if refused:
            raise BenchmarkFailed("bench_wrong_answer", "The district refused a package: {reason}",
                                  reason=refused[0].reason or refused[0].status)
        floor = bare_merge(packages, folder / "floor.sqlite", sealing_key)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [BenchResult("district_import.seconds", seconds, "s", floor, GOAL_RATIO)]


def bare_merge(packages: list[Path], floor_path: Path, district_key: bytes | None) -> float:
    """Seconds to insert every package's rows into a plain table in one transaction (rows opened and prepared first)."""
    rows: list[tuple[str, str, str, str]] = []
    for path in packages:
        package = open_sealed_tables(read_package(path), district_key)
        if not package.tables:      # sealed tables left unopened would make a floor of nothing
            raise BenchmarkFailed("bench_wrong_answer", "The package {path} holds no rows the floor can insert.",
                                  path=path.name)
        for table, data in package.tables.items():
            rows.extend((package.place_code, table, row_key(row, data.key), canonical(row)) for row in data.rows)
    conn = connect(floor_path)
    try:
        conn.execute("CREATE TABLE merged(place_code, table_name, row_key, data)")
        started = time.perf_counter()
        with transaction(conn):
            conn.executemany("INSERT INTO merged VALUES (?,?,?,?)", rows)
        return time.perf_counter() - started
    finally:
        conn.close()
