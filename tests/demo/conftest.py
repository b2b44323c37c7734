"""A small demo district (4,000 voters, seed 2011) built once for the demo tests, which only read it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from demo_support import SEED, SMALL_VOTERS, DemoRun

from app.db import DataFile, open_data_file
from app.demo import run_demo


@pytest.fixture(scope="session")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    out = tmp_path_factory.mktemp("demo")
    return DemoRun(out, run_demo(out, voters=SMALL_VOTERS, seed=SEED))


@pytest.fixture
def district(small_demo: DemoRun) -> Iterator[DataFile]:
    with open_data_file(small_demo.out / "district.polldesk", kind="district") as df:
        yield df
