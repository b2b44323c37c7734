"""A station's morning: the district file of the small election, a few voters, the central venue's file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pollbook_day import COMMITTEE, PLACE, VOTERS, FixedClock

from app.db import DataFile, create_data_file, open_data_file, transaction
from app.election.model import Definition
from app.election.station import create_station_file
from app.election.store import store_definition
from app.register.idnumber import make_id
from app.register.privacy import ensure_register_key, id_hash
from tests.datafiles import copy_data_file


def _add_voters(district: DataFile, groups: dict[tuple[str, int], int]) -> dict[str, int]:
    ids: dict[str, int] = {}
    with transaction(district.conn) as conn:
        key = ensure_register_key(conn)
        households: dict[str, int] = {}
        for n, (name, sex, group, household, place) in enumerate(VOTERS, start=1):
            if household not in households:
                cur = conn.execute("INSERT INTO households(community_code, group_id, number) VALUES ('C01', ?, ?)",
                                   (groups[("C01", group)], household))
                households[household] = int(cur.lastrowid or 0)
            number = make_id("110105", date(1950 + n, 1, 1), 2 * n + (1 if sex == "M" else 0))
            cur = conn.execute(
                "INSERT INTO voters(community_code, group_id, household_id, name, sex, birth_date, id_hash,"
                " id_masked, place_code) VALUES ('C01', ?, ?, ?, ?, ?, ?, ?, ?)",
                (groups[("C01", group)], households[household], name, sex, f"{1950 + n}-01-01",
                 id_hash(key, number), number[:6] + "********" + number[-4:], place))
            ids[name] = int(cur.lastrowid or 0)
        conn.execute("UPDATE voters SET status = 'removed', status_reason = '迁出' WHERE id = ?", (ids["褚四"],))
        conn.execute("UPDATE candidates SET voter_id = ? WHERE name = '王建国' AND contest_id = ?",
                     (ids["陈三"], COMMITTEE))
        cur = conn.execute("INSERT INTO voters(community_code, group_id, name, sex, birth_date, id_hash, id_masked)"
                           " VALUES ('C02', ?, '卫五', 'M', '1960-05-05', 'x', '110105********0011')",
                           (groups[("C02", 1)],))
        ids["卫五"] = int(cur.lastrowid or 0)
    return ids


_BUILT: dict[str, tuple[Path, dict[str, int]]] = {}


@pytest.fixture
def _template(small_definition: Definition, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """The station file, built once per test run; each test gets its own copy."""
    if "station" not in _BUILT:
        folder = tmp_path_factory.mktemp("pollbook")
        with create_data_file(folder / "district.polldesk", kind="district",
                              election_id=small_definition.election.id) as d:
            groups = store_definition(d, small_definition)
            ids = _add_voters(d, groups)
            create_station_file(d, PLACE, folder / "station.polldesk").close()
        _BUILT["station"] = (folder / "station.polldesk", ids)
    return _BUILT["station"]


@pytest.fixture
def voters(_template: tuple[Path, dict[str, int]]) -> dict[str, int]:
    """Voter ids by name."""
    return _template[1]


@pytest.fixture
def station_path(_template: tuple[Path, dict[str, int]], tmp_path: Path) -> Path:
    """A fresh copy of the central venue's station file."""
    path = tmp_path / "station.polldesk"
    copy_data_file(_template[0], path)
    return path


@pytest.fixture
def station(station_path: Path) -> Iterator[DataFile]:
    with open_data_file(station_path, kind="station") as df:
        yield df


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()
