"""The register view's memory benchmark runs end to end and reports MB against a bare view's floor."""

from __future__ import annotations

from pathlib import Path

from app.bench import BenchContext, run_benchmarks
from app.bench.register_view import GOAL_MB


def test_register_view_bench_reports_peak_memory_against_a_bare_view(tmp_path: Path) -> None:
    [result] = run_benchmarks(BenchContext(quick=True, workdir=tmp_path, size=3000), ["register_view"])
    assert result.name == "register_view.peak_memory" and result.unit == "MB"
    assert 0 < result.floor < result.value < GOAL_MB
    assert result.goal_ratio == round(GOAL_MB / result.floor, 2)
    assert not list(tmp_path.glob("*.polldesk*"))          # its scratch register is removed
