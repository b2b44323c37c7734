"""Guide fixtures: the small demo (district and station files) built once, and copies per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.auth import HashParameters, set_hash_parameters
from app.demo import run_demo
from tests.datafiles import copy_data_file

CHEAP = HashParameters(time_cost=1, memory_cost=1024, parallelism=1)
STATION = "C02-Z"   # 太平社区中心会场


@pytest.fixture(scope="session")
def guide_demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The 2,000-voter demo built once: its district file and station C02-Z."""
    out = tmp_path_factory.mktemp("guide-demo")
    previous = set_hash_parameters(CHEAP)
    try:
        summary = run_demo(out / "demo", voters=2000)
    finally:
        set_hash_parameters(previous)
    return {"district": Path(summary["district_file"]), "station": Path(summary["station_files"][STATION])}


@pytest.fixture
def demo_copy(guide_demo: dict[str, Path], tmp_path: Path) -> dict[str, Path]:
    """This test's own copies of the demo's district and station files."""
    copies = {}
    for kind, path in guide_demo.items():
        copies[kind] = tmp_path / kind / path.name
        copies[kind].parent.mkdir()
        copy_data_file(path, copies[kind])
    return copies
