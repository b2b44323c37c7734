"""Dashboard fixtures: the district after election day (every package imported), the app's look, no Qt warnings."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.qt_look import _app_look, _no_qt_warnings  # noqa: F401 (shared autouse fixtures)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "district"))

from district_day import STATIONS, copy_day, election_day  # noqa: E402

from app.db import DataFile, open_data_file  # noqa: E402
from app.election.model import Definition  # noqa: E402
from app.exchange import import_packages  # noqa: E402


@pytest.fixture
def district(small_definition: Definition, tmp_path_factory: pytest.TempPathFactory,
             tmp_path: Path) -> Iterator[DataFile]:
    """The district file with all but 西园社区's station package imported."""
    path, packages = copy_day(election_day(small_definition, tmp_path_factory.getbasetemp()), tmp_path)
    assert len(packages) == len(STATIONS)
    with open_data_file(path, kind="district") as df:
        import_packages(df, packages[:3])
        yield df


@pytest.fixture
def last_package(small_definition: Definition, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """西园社区's station package, not imported by `district`."""
    day = election_day(small_definition, tmp_path_factory.getbasetemp())
    return next((day / "usb").glob("*C02-S1*"))


