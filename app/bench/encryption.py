"""The ENCRYPTION benchmark (issue 9, item 5): issuance, lookup and register import on an encrypted file.

The same data file is copied twice, one copy encrypted (app.vault.copies.encrypt_data_file); the
unencrypted copy is the floor. Issuance issues the same voters' ballots on both copies in turn,
end to end through `issue_ballot`; lookup asks both copies the same questions through `lookup`;
import reads the same register file into both copies of an empty district file (`import_register`,
with every check, hash and index), in alternating order over two rounds, the faster of each kept.
Goal: the encrypted figure <= 1.3x the unencrypted one measured in the same run.
"""

from __future__ import annotations

import random
import shutil
import statistics
import time
from pathlib import Path

from app.bench import BenchContext, BenchmarkFailed, BenchResult, benchmark
from app.bench.issuance import CHIEF, CLERK, _busiest_station, percentile
from app.bench.register_file import empty_district, register_rows, remove_file, write_register_csv
from app.bench.synthetic import build_register
from app.db import DataFile, Unlock, open_data_file
from app.demo import run_demo
from app.pollbook import issue_ballot, open_poll
from app.register.importer import import_register
from app.register.lookup import lookup
from app.register.lookup_index import build_lookup_index
from app.vault.copies import encrypt_data_file
from app.vault.wrapping import KdfCost, set_kdf_cost

GOAL_RATIO = 1.3
USER, PASSWORD = "bench-chief", "bench-password-1"


@benchmark("encryption")
def encryption_benchmark(ctx: BenchContext) -> list[BenchResult]:
    """Issuance commit and lookup p95, encrypted against unencrypted copies of the same file."""
    folder = ctx.workdir / "encryption-bench"
    shutil.rmtree(folder, ignore_errors=True)
    previous = set_kdf_cost(KdfCost(time_cost=1, memory_cost=1024, parallelism=1))  # unlock cost is not timed
    try:
        return _issuance(ctx, folder) + _lookup(ctx, folder) + _import(ctx, folder)
    finally:
        set_kdf_cost(previous)
        shutil.rmtree(folder, ignore_errors=True)


def _pair(source: Path, folder: Path) -> tuple[Path, Path]:
    """A plain and an encrypted copy of a closed data file."""
    plain, secret = folder / f"plain-{source.name}", folder / f"encrypted-{source.name}"
    shutil.copyfile(source, plain)
    shutil.copyfile(source, secret)
    encrypt_data_file(secret, encrypt_for=[(USER, PASSWORD)])
    return plain, secret


def _open(path: Path) -> DataFile:
    return open_data_file(path, unlock=Unlock.with_password(USER, PASSWORD))


def _issuance(ctx: BenchContext, folder: Path) -> list[BenchResult]:
    voters = ctx.scale(full=20_000, quick=4_000)
    wanted = ctx.scale(full=600, quick=150) if ctx.size is None else min(150, max(20, ctx.size // 20))
    ctx.progress(f"encryption: building a demo district of {voters} voters")
    summary = run_demo(folder / "demo", voters=voters)
    station, eligible = _busiest_station(summary["station_files"])
    plain_path, secret_path = _pair(station, folder)
    plain, secret = _open(plain_path), _open(secret_path)
    times: dict[str, list[float]] = {"plain": [], "secret": []}
    try:
        for df in (plain, secret):
            open_poll(df.conn, CHIEF)
        for number, voter in enumerate(eligible[:wanted]):
            order = [("plain", plain), ("secret", secret)]
            for name, df in order if number % 2 else order[::-1]:
                t0 = time.perf_counter()
                issue_ballot(df.conn, CLERK, voter)
                times[name].append((time.perf_counter() - t0) * 1000)
    finally:
        plain.close()
        secret.close()
    drop = min(10, len(times["plain"]) // 10)
    p, s = times["plain"][drop:], times["secret"][drop:]
    return [BenchResult("encryption.issuance.commit.p50", statistics.median(s), "ms", statistics.median(p), GOAL_RATIO),
            BenchResult("encryption.issuance.commit.p95", percentile(s, 95), "ms", percentile(p, 95), GOAL_RATIO)]


def _lookup(ctx: BenchContext, folder: Path) -> list[BenchResult]:
    size = ctx.scale(full=200_000, quick=30_000)
    samples = ctx.scale(full=300, quick=100) if ctx.size is None else 30
    ctx.progress(f"encryption: building a register of {size} voters")
    df, voters = build_register(folder / "register.polldesk", size)
    build_lookup_index(df.conn)
    df.close()
    plain_path, secret_path = _pair(folder / "register.polldesk", folder)
    questions = [q for v in random.Random(9).sample(voters, min(len(voters), samples))
                 for q in (v.name, v.id_number[-4:])]
    plain, secret = _open(plain_path), _open(secret_path)
    times: dict[str, list[float]] = {"plain": [], "secret": []}
    try:
        for rnd in range(2):                     # the first round warms both caches
            for query in questions:
                for name, conn in (("plain", plain.conn), ("secret", secret.conn)):
                    t0 = time.perf_counter()
                    lookup(conn, query, limit=20)
                    if rnd:
                        times[name].append((time.perf_counter() - t0) * 1000)
    finally:
        plain.close()
        secret.close()
    p, s = times["plain"], times["secret"]
    return [BenchResult("encryption.lookup.p50", statistics.median(s), "ms", statistics.median(p), GOAL_RATIO),
            BenchResult("encryption.lookup.p95", percentile(s, 95), "ms", percentile(p, 95), GOAL_RATIO)]


def _import(ctx: BenchContext, folder: Path) -> list[BenchResult]:
    size = ctx.scale(full=200_000, quick=20_000)
    ctx.progress(f"encryption: importing a register file of {size} rows")
    csv_path = write_register_csv(folder / "register.csv", register_rows(size))
    empty_district(folder / "empty.polldesk").close()
    best = {"plain": float("inf"), "secret": float("inf")}
    for rnd in range(2):
        for name in ("plain", "secret") if rnd == 0 else ("secret", "plain"):
            plain, secret = _pair(folder / "empty.polldesk", folder)
            path = plain if name == "plain" else secret
            with _open(path) as df:
                started = time.perf_counter()
                result = import_register(df.conn, csv_path)
                best[name] = min(best[name], time.perf_counter() - started)
            if result.imported != size:
                raise BenchmarkFailed("bench_wrong_answer", "The import took {found} of {count} clean rows.",
                                      found=result.imported, count=size)
            for copy in (plain, secret):
                remove_file(copy)
                Path(f"{copy}.keys").unlink(missing_ok=True)
    return [BenchResult("encryption.register_import.seconds", best["secret"], "s", best["plain"], GOAL_RATIO)]
