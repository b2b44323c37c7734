"""Fixtures for sign-in tests: cheap argon2 costs, a station file, a clock that never sleeps."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from authkit import PASSWORD, FakeClock

from app.auth import HashParameters, Session, add_user, login, set_hash_parameters
from app.db import DataFile, create_data_file


@pytest.fixture(autouse=True)
def _cheap_hashes() -> Iterator[None]:
    previous = set_hash_parameters(HashParameters(time_cost=1, memory_cost=1024, parallelism=1))
    yield
    set_hash_parameters(previous)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def station(tmp_path: Path) -> Iterator[DataFile]:
    df = create_data_file(tmp_path / "station.polldesk", kind="station", election_id="test-2011", place_code="C01-S1")
    yield df
    df.close()


@pytest.fixture
def chief(station: DataFile, clock: FakeClock) -> Session:
    """chief1 created as the file's first user, and signed in."""
    add_user(station, None, "chief1", "chief", PASSWORD, "王站长", clock=clock)
    return login(station.conn, "chief1", PASSWORD, clock)


@pytest.fixture
def clerk(station: DataFile, chief: Session, clock: FakeClock) -> Session:
    """clerk1 added by the chief, and signed in."""
    add_user(station, chief, "clerk1", "clerk", PASSWORD, "李发票员", clock=clock)
    return login(station.conn, "clerk1", PASSWORD, clock)
