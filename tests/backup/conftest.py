"""A small demo district (4,000 voters) built once; each test gets its own copy of a busy station's file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.db import DataFile, open_data_file
from app.demo import run_demo
from tests.datafiles import copy_data_file
from tests.handclock import HandClock


@pytest.fixture(scope="session")
def demo_stations(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo's station files by place code (read-only: copy before use)."""
    out = tmp_path_factory.mktemp("backup-demo")
    summary = run_demo(out, voters=4000)
    return {code: Path(path) for code, path in summary["station_files"].items()}


@pytest.fixture(scope="session")
def busy_place(demo_stations: dict[str, Path]) -> tuple[str, list[int]]:
    """The place with most voters assigned to it, and those voters' ids."""
    best: tuple[str, list[int]] = ("", [])
    for code, path in sorted(demo_stations.items()):
        with open_data_file(path, kind="station") as df:
            ids = [int(r[0]) for r in df.conn.execute(
                "SELECT id FROM voters WHERE place_code = ? AND status = 'active' AND id NOT IN"
                " (SELECT voter_id FROM candidates WHERE voter_id IS NOT NULL) ORDER BY id", (code,))]
        if len(ids) > len(best[1]):
            best = (code, ids)
    return best


@pytest.fixture
def voters(busy_place: tuple[str, list[int]]) -> list[int]:
    """Voters of the busy place, none of them a candidate."""
    return busy_place[1]


@pytest.fixture
def station_path(demo_stations: dict[str, Path], busy_place: tuple[str, list[int]], tmp_path: Path) -> Path:
    """A fresh copy of the busy place's station file."""
    path = tmp_path / "laptop" / f"{busy_place[0]}.polldesk"
    path.parent.mkdir()
    copy_data_file(demo_stations[busy_place[0]], path)
    return path



@pytest.fixture
def station(station_path: Path) -> Iterator[DataFile]:
    with open_data_file(station_path, kind="station") as df:
        yield df


@pytest.fixture
def clock() -> HandClock:
    return HandClock()
