"""The desk's day: the demo district built once, a copy of one station's file per test, two users, a hand clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from app.auth import DEMO_PASSWORD, HashParameters, Session, ensure_demo_users, login, set_hash_parameters
from app.db import open_data_file
from app.demo import run_demo
from app.election.store import read_election
from app.pollbook import open_poll
from tests.datafiles import copy_data_file
from tests.handclock import BEIJING, HandClock
from tests.qt_look import _app_look, _no_qt_warnings  # noqa: F401 (shared autouse fixtures)
from ui.desk import DeskPage

CHEAP = HashParameters(time_cost=1, memory_cost=1024, parallelism=1)
STATION = "C02-Z"   # 太平社区中心会场: its community also has a station (C02-S1) and two group-leader contests



@pytest.fixture(scope="session")
def demo_station(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 4,000-voter demo built once; its C02-Z station file with the demo users clerk1 and chief1."""
    out = tmp_path_factory.mktemp("desk-demo")
    previous = set_hash_parameters(CHEAP)
    try:
        summary = run_demo(out, voters=4000)
        path = Path(summary["station_files"][STATION])
        with open_data_file(path, kind="station") as df:
            ensure_demo_users(df, read_election(df.conn))
    finally:
        set_hash_parameters(previous)
    return path


@pytest.fixture(autouse=True)
def _cheap_hashes() -> Iterator[None]:
    previous = set_hash_parameters(CHEAP)
    yield
    set_hash_parameters(previous)


@pytest.fixture
def clock() -> HandClock:
    return HandClock(datetime(2011, 4, 10, 8, 30, tzinfo=BEIJING))


@pytest.fixture
def station_path(demo_station: Path, tmp_path: Path) -> Path:
    """This test's own copy of the station file."""
    path = tmp_path / "station.polldesk"
    copy_data_file(demo_station, path)
    return path


def sign_in(path: Path, name: str, clock: HandClock) -> Session:
    """A demo user's session on the station file."""
    with open_data_file(path, kind="station") as df:
        return login(df.conn, name, DEMO_PASSWORD, clock)


@pytest.fixture
def clerk(station_path: Path, clock: HandClock) -> Session:
    return sign_in(station_path, "clerk1", clock)


@pytest.fixture
def chief(station_path: Path, clock: HandClock) -> Session:
    return sign_in(station_path, "chief1", clock)


@pytest.fixture
def closed_desk(qtbot, station_path: Path, clerk: Session, clock: HandClock) -> Iterator[DeskPage]:  # type: ignore[no-untyped-def]
    """The desk of clerk1 before the poll is opened."""
    page = DeskPage(station_path, clerk, clock=clock)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    yield page
    page.close_file()


@pytest.fixture
def desk(closed_desk: DeskPage, chief: Session, clock: HandClock) -> DeskPage:
    """The desk of clerk1 with the poll open since 08:30."""
    open_poll(closed_desk.conn, chief, clock)
    closed_desk.refresh_header()
    clock.advance(2)
    return closed_desk
