"""The PACKAGE EXPORT benchmark (issue 7, item 8): a station's result package against a bare zip of its rows.

A demo district is built and ballots are issued (through the poll book) to 90% of the voters of its
busiest station, at most 10,000: 388,800 demo voters in full (the busiest place then has over
10,000), 20,000 with --quick. The value is `export_station_package` end to end (rows read, ID-number
scan, every table packed (zlib) and sealed for the district, manifest, Ed25519 signature, atomic durable
write, read back and verified, audit entry). The floor reads the same tables' rows, writes them as JSON lines into a
deflated zip and fsyncs the file: no sealing, no signing, no verifying. Sealing is left out of the floor
on purpose: like signing, it is work the package must do and the value pays for it (X25519 once per
package and AES-GCM at memory speed cost little; the tables are deflated once, before sealing, as the floor does).
Goal: ratio <= 2.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import time
import zipfile
from pathlib import Path

from app.bench import BenchContext, BenchmarkFailed, BenchResult, benchmark
from app.bench.stations import busiest_station, issue_most
from app.db import open_data_file
from app.demo import run_demo
from app.exchange import RESULT_TABLES, export_station_package

GOAL_RATIO = 2.0
STATION_VOTERS = 10_000


@benchmark("package_export")
def package_export_benchmark(ctx: BenchContext) -> list[BenchResult]:
    """Export the busiest station's package and time the bare zip of the same rows."""
    voters = ctx.scale(full=388_800, quick=20_000) if ctx.size is None else max(1000, ctx.size)
    folder = ctx.workdir / "package-export-bench"
    shutil.rmtree(folder, ignore_errors=True)
    try:
        ctx.progress(f"package_export: building a demo district of {voters} voters")
        summary = run_demo(folder / "demo", voters=voters)
        station = busiest_station(summary["station_files"])
        issued = issue_most(station, cap=STATION_VOTERS)
        ctx.progress(f"package_export: exporting {station.stem} with {issued} ballots issued")
        with open_data_file(station, kind="station") as df:
            started = time.perf_counter()
            path = export_station_package(df, folder / "out")
            seconds = time.perf_counter() - started
            floor = bare_zip(df.conn, folder / "floor.zip")
        if not path.exists() or issued == 0:
            raise BenchmarkFailed("bench_wrong_answer", "No package was written for {station}.", station=station.stem)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [BenchResult("package_export.seconds", seconds, "s", floor, GOAL_RATIO)]


def bare_zip(conn: object, target: Path) -> float:
    """Seconds to read the result tables, write them as JSON lines into a zip, write and fsync it."""
    started = time.perf_counter()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for table in RESULT_TABLES:
            cursor = conn.execute(f"SELECT * FROM {table}")  # type: ignore[attr-defined]
            names = [d[0] for d in cursor.description]
            lines = [json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False, default=str)
                     for row in cursor]
            zf.writestr(f"tables/{table}.jsonl", "\n".join(lines).encode("utf-8"))
    with target.open("wb") as f:
        f.write(out.getvalue())
        f.flush()
        os.fsync(f.fileno())
    return time.perf_counter() - started
