"""Counting-board fixtures: the counting station's file (poll closed, counting started), the app's look, no Qt warnings."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.qt_look import _app_look, _no_qt_warnings  # noqa: F401 (shared autouse fixtures)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "counting_station"))

from counting_day import CHIEF, closed_station  # noqa: E402

from app.db import DataFile, open_data_file  # noqa: E402
from app.election.model import Definition  # noqa: E402
from app.pollbook import start_counting  # noqa: E402
from tests.datafiles import copy_data_file


@pytest.fixture
def station(small_definition: Definition, tmp_path_factory: pytest.TempPathFactory,
            tmp_path: Path) -> Iterator[DataFile]:
    """A fresh copy of the closed station file, counting started."""
    path = tmp_path / "station.polldesk"
    copy_data_file(closed_station(small_definition, tmp_path_factory), path)
    with open_data_file(path, kind="station") as df:
        start_counting(df.conn, CHIEF)
        yield df


