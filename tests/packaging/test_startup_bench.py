"""The START-UP benchmark times PollDesk's own main window against a bare PySide6 window, in fresh processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bench import BenchContext, BenchmarkFailed, run_benchmarks
from app.bench.startup import _FLOOR, _start_once


def test_startup_bench_times_the_main_window_against_a_bare_window(tmp_path: Path) -> None:
    [result] = run_benchmarks(BenchContext(quick=True, workdir=tmp_path, size=1), ["startup"])
    assert result.name == "startup.main_window" and result.unit == "s" and result.goal_ratio == 2.0
    assert result.value > result.floor > 0         # PollDesk does more than an empty window
    assert result.value < 60
    assert list(tmp_path.iterdir()) == []          # the scratch home folder is cleaned away


def test_a_start_that_shows_no_main_window_fails_the_benchmark(tmp_path: Path) -> None:
    no_window = _FLOOR.replace("window.showMaximized()", "")
    with pytest.raises(BenchmarkFailed) as refused:
        _start_once(no_window, tmp_path)
    assert refused.value.code == "bench_wrong_answer" and refused.value.params == {"count": 0}
