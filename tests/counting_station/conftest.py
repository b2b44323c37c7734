"""A counting station: the small election's central venue of 东湖社区 after the poll, ready to count."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from counting_day import CHIEF, closed_station

from app.db import DataFile, open_data_file
from app.election.model import Definition
from app.pollbook import start_counting
from tests.datafiles import copy_data_file


@pytest.fixture
def _template(small_definition: Definition, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The closed station file, built once per run."""
    return closed_station(small_definition, tmp_path_factory)


@pytest.fixture
def station_path(_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the closed station file (poll state "closed")."""
    path = tmp_path / "station.polldesk"
    copy_data_file(_template, path)
    return path


@pytest.fixture
def station(station_path: Path) -> Iterator[DataFile]:
    """The station file with counting started."""
    with open_data_file(station_path, kind="station") as df:
        start_counting(df.conn, CHIEF)
        yield df
