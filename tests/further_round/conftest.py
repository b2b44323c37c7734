"""A station whose committee election left a member seat unfilled in round 1, certified, ready for a further round."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "counting_station"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from counting_day import closed_station  # noqa: E402
from further_round_day import ROUND_ONE, count_and_certify_round_one  # noqa: E402

from app.db import DataFile, open_data_file  # noqa: E402
from app.election.model import Definition  # noqa: E402
from tests.datafiles import copy_data_file


@pytest.fixture
def station_path(small_definition: Definition, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    """A fresh copy of the counting tests' closed station (32 of 40 voters got a committee ballot)."""
    path = tmp_path / "station.polldesk"
    copy_data_file(closed_station(small_definition, tmp_path_factory), path)
    return path


@pytest.fixture
def station(station_path: Path) -> Iterator[DataFile]:
    """The closed station file, nothing counted yet."""
    with open_data_file(station_path, kind="station") as df:
        yield df


@pytest.fixture
def round_one_certified(station: DataFile) -> DataFile:
    """Round 1 counted and certified with one member seat unfilled."""
    count_and_certify_round_one(station.conn, ROUND_ONE)
    return station
