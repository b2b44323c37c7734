"""The issuance and demo benchmarks run end to end at a tiny size and leave no files behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bench import BenchContext, run_benchmarks
from app.bench.issuance import percentile


def test_issuance_bench_times_issue_ballot_against_a_bare_durable_insert(tmp_path: Path) -> None:
    results = run_benchmarks(BenchContext(quick=True, workdir=tmp_path, size=40), ["issuance"])
    assert [r.name for r in results] == ["issuance.commit.p50", "issuance.commit.p99"]
    for r in results:
        assert r.unit == "ms" and r.value > 0 and r.floor > 0 and r.goal_ratio == 2.0
    assert results[1].value >= results[0].value
    assert list(tmp_path.iterdir()) == []


def test_demo_bench_times_the_build_against_a_bare_write_of_its_voters(tmp_path: Path) -> None:
    [result] = run_benchmarks(BenchContext(quick=True, workdir=tmp_path, size=1000), ["demo"])
    assert result.name == "demo.build" and result.unit == "s"
    assert result.value > result.floor > 0
    assert list(tmp_path.iterdir()) == []


def test_percentiles_of_commit_times() -> None:
    times = [float(n) for n in range(1, 101)]
    assert percentile(times, 50) == pytest.approx(50.5)
    assert percentile(times, 99) == pytest.approx(99.01)
    assert percentile([3.0], 99) == 3.0
