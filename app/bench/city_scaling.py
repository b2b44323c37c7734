"""The CITY SCALING benchmark (issue 7, item 8): the import's cost per voter as a city's register grows.

The register import of `register_import` is run at growing sizes, each into a fresh district file.
value = microseconds per voter at the largest size, floor = microseconds per voter at the smallest;
a ratio near 1 means the cost per voter stays flat (nothing quadratic). Goal: ratio <= 1.5.
Full mode measures 250,000, 1,000,000 and 3,000,000 voters (about five minutes on a 2-core machine;
10,000,000 would take over twenty and would not fit beside other work); --quick measures 10,000 and 40,000.
Each size also gets its own row (value = its cost per voter, floor = the bare write's per voter).
"""

from __future__ import annotations

from app.bench import BenchContext, BenchResult, benchmark
from app.bench.register_import import timed_import

GOAL_RATIO = 1.5
FULL_SIZES = (250_000, 1_000_000, 3_000_000)
QUICK_SIZES = (10_000, 40_000)


@benchmark("city_scaling")
def city_scaling_benchmark(ctx: BenchContext) -> list[BenchResult]:
    """Import registers of growing size and compare the cost per voter of the largest with the smallest."""
    if ctx.size is not None:
        sizes: tuple[int, ...] = (max(100, ctx.size // 4), ctx.size)
    else:
        sizes = QUICK_SIZES if ctx.quick else FULL_SIZES
    per_voter: list[tuple[int, float, float]] = []
    for size in sizes:
        ctx.progress(f"city_scaling: importing {size} voters")
        seconds, floor = timed_import(ctx.workdir, size, f"city-{size}")
        per_voter.append((size, seconds / size * 1e6, floor / size * 1e6))
    results = [BenchResult(f"city_scaling.{size}.per_voter", value, "us", floor, GOAL_RATIO * 5)
               for size, value, floor in per_voter]
    return [BenchResult("city_scaling.per_voter_growth", per_voter[-1][1], "us", per_voter[0][1], GOAL_RATIO),
            *results]
