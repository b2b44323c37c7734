"""District fixtures: the small district's election day, built once; each test gets fresh copies."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from district_day import STATIONS, copy_day, election_day  # noqa: E402

from app.db import DataFile, open_data_file  # noqa: E402
from app.election.model import Definition  # noqa: E402


@pytest.fixture
def day(small_definition: Definition, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built election day (read-only: copy before changing)."""
    return election_day(small_definition, tmp_path_factory.getbasetemp())


@pytest.fixture
def district(day: Path, tmp_path: Path) -> Iterator[DataFile]:
    """A fresh copy of the district file, nothing imported yet."""
    path, _ = copy_day(day, tmp_path)
    with open_data_file(path, kind="district") as df:
        yield df


@pytest.fixture
def packages(day: Path) -> list[Path]:
    """One result package per station: C01-Z, C01-S1, C02-Z, C02-S1."""
    found = sorted((day / "usb").glob("*.zip"))
    return [next(p for p in found if place in p.name) for place in STATIONS]
