"""Setup sheets: a district of the small election with voters and two users, the administrator and a clerk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.auth import HashParameters, Session, add_user, login, set_hash_parameters
from app.db import DataFile, create_data_file, transaction
from app.election.model import Definition
from app.election.store import store_definition
from app.register.privacy import ensure_register_key, id_hash
from tests.qt_look import _app_look, _no_qt_warnings  # noqa: F401 (shared autouse fixtures)

ADMIN, ADMIN_PASSWORD = "admin1", "district-office-1"
CLERK, CLERK_PASSWORD = "lixy", "clerk-pass-2011"
# Voters whose names must never be printed on a setup sheet (valid GB 11643 numbers).
VOTERS = [("C01", "欧阳娜娜", "11010519491231002X"), ("C01", "司马光明", "110105197001010014"),
          ("C02", "诸葛秀英", "440106197506060016")]


@pytest.fixture(autouse=True)
def _cheap_passwords() -> Iterator[None]:
    """Cheap argon2 for passwords: a sign-in takes milliseconds."""
    old = set_hash_parameters(HashParameters(time_cost=1, memory_cost=1024, parallelism=1))
    yield
    set_hash_parameters(old)


@pytest.fixture
def district_path(tmp_path: Path, small_definition: Definition) -> Path:
    """The district file: the small election, three voters, the administrator and a clerk."""
    path = tmp_path / "district.polldesk"
    with create_data_file(path, kind="district", election_id=small_definition.election.id) as df:
        store_definition(df, small_definition)
        with transaction(df.conn) as conn:
            key = ensure_register_key(conn)
            for community, name, number in VOTERS:
                conn.execute("INSERT INTO voters(community_code, name, sex, birth_date, id_hash, id_masked,"
                             " place_code) VALUES (?,?,?,?,?,?,?)",
                             (community, name, "F", f"{number[6:10]}-{number[10:12]}-{number[12:14]}",
                              id_hash(key, number), number[:6] + "*" * 8 + number[14:], f"{community}-S1"))
        add_user(df, None, ADMIN, "district_admin", ADMIN_PASSWORD, "区选举办")
        add_user(df, login(df.conn, ADMIN, ADMIN_PASSWORD), CLERK, "clerk", CLERK_PASSWORD, "李秀英")
    return path


@pytest.fixture
def district(district_path: Path) -> Iterator[DataFile]:
    """The district file, open."""
    from app.db import open_data_file

    with open_data_file(district_path, kind="district") as df:
        yield df


@pytest.fixture
def admin(district: DataFile) -> Session:
    """The district administrator, signed in."""
    return login(district.conn, ADMIN, ADMIN_PASSWORD)


@pytest.fixture
def clerk(district: DataFile) -> Session:
    """A clerk, signed in: not allowed to make setup packages."""
    return login(district.conn, CLERK, CLERK_PASSWORD)
