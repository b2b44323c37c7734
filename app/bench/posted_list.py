"""The POSTED LIST benchmark (issue 3, 8c): printing the posted voter list (选民榜) against drawing its strings bare.

`app.reports.perf.measure_posted_list` builds a district register (the seed's 129,600 voters in full,
20,000 with --quick), times `posted_list_pdf` over it, and as the floor draws the same five strings a
row on a bare reportlab canvas in the same font and page count. Goal: ratio <= 2.
"""

from __future__ import annotations

from app.bench import BenchContext, BenchmarkFailed, BenchResult, benchmark
from app.reports.perf import measure_posted_list

GOAL_RATIO = 2.0


@benchmark("posted_list")
def posted_list_benchmark(ctx: BenchContext) -> list[BenchResult]:
    """Print the posted list and time the bare drawing of its rows."""
    voters = ctx.scale(full=129_600, quick=20_000)
    ctx.progress(f"posted_list: printing the posted list of {voters} voters")
    measured = measure_posted_list(voters)
    if measured.get("pages", 0) < 1:
        raise BenchmarkFailed("bench_wrong_answer", "The posted list has no page.")
    return [BenchResult("posted_list.seconds", measured["value"], "s", measured["floor"], GOAL_RATIO)]
