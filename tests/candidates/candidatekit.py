"""Test kit: a district file with the small election, a register holding the candidates, a signed-in administrator."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from app.auth import HashParameters, Session, add_user, login, set_hash_parameters
from app.db import DataFile, create_data_file, transaction
from app.election.model import Definition
from app.election.store import store_definition
from app.register.idnumber import make_id, mask
from app.register.privacy import ensure_register_key, id_hash

PASSWORD = "correct horse"
# Candidates of the small election whose register entries share a household (a hint of kinship).
SAME_HOUSEHOLD = ("李秀英", "刘芳")


@dataclass
class District:
    """The open file, the administrator's session and the voter id of each candidate of C01 by name."""

    df: DataFile
    admin: Session
    voters: dict[str, int]
    group_ids: dict[tuple[str, int], int]

    def candidate_id(self, name: str, contest: str = "C01-committee") -> int:
        row = self.df.conn.execute("SELECT id FROM candidates WHERE contest_id = ? AND name = ?",
                                   (contest, name)).fetchone()
        return int(row[0])


@pytest.fixture
def cheap_hashes() -> Iterator[None]:
    previous = set_hash_parameters(HashParameters(time_cost=1, memory_cost=1024, parallelism=1))
    yield
    set_hash_parameters(previous)


def add_voter(conn, key: bytes, community: str, group_id: int, household_id: int | None, name: str,  # type: ignore[no-untyped-def]
              sex: str, serial: int) -> int:
    born = date(1960 + serial % 30, serial % 12 + 1, serial % 27 + 1)
    number = make_id("110105", born, 2 * serial + (1 if sex == "M" else 0))
    cur = conn.execute(
        "INSERT INTO voters(community_code, group_id, household_id, name, sex, birth_date, id_hash, id_masked)"
        " VALUES (?,?,?,?,?,?,?,?)", (community, group_id, household_id, name, sex, born.isoformat(),
                                      id_hash(key, number), mask(number)))
    return int(cur.lastrowid or 0)


@pytest.fixture
def district(tmp_path: Path, small_definition: Definition, cheap_hashes: None) -> Iterator[District]:
    """Every candidate of C01 is a registered voter (own household, except SAME_HOUSEHOLD) linked by voter_id."""
    df = create_data_file(tmp_path / "district.polldesk", kind="district", election_id=small_definition.election.id)
    group_ids = store_definition(df, small_definition)
    key = ensure_register_key(df.conn)
    voters: dict[str, int] = {}
    with transaction(df.conn) as conn:
        rows = conn.execute("SELECT c.id, c.name, c.sex, k.group_id FROM candidates c JOIN contests k"
                            " ON k.id = c.contest_id WHERE k.community_code = 'C01' ORDER BY c.id").fetchall()
        shared = None
        for serial, row in enumerate(rows, 1):
            group = row["group_id"] or group_ids[("C01", serial % 4 + 1)]
            if row["name"] in SAME_HOUSEHOLD and shared is not None:
                household = shared
            else:
                household = int(conn.execute("INSERT INTO households(community_code, group_id, number)"
                                             " VALUES ('C01', ?, ?)", (group, f"H{serial:03d}")).lastrowid or 0)
                if row["name"] in SAME_HOUSEHOLD:
                    shared = household
            voter = add_voter(conn, key, "C01", group, household, row["name"], row["sex"], serial)
            conn.execute("UPDATE candidates SET voter_id = ? WHERE id = ?", (voter, row["id"]))
            voters[row["name"]] = voter
    add_user(df, None, "admin1", "district_admin", PASSWORD, "区选举办")
    admin = login(df.conn, "admin1", PASSWORD)
    yield District(df, admin, voters, group_ids)
    df.close()


def pass_all(d: District, contest: str = "C01-committee") -> None:
    """Both review steps pass every candidate of a contest."""
    from app.candidates import community_review, district_review, list_candidates

    for c in list_candidates(d.df.conn, contest=contest):
        community_review(d.df.conn, d.admin, c.id, "passed")
        district_review(d.df.conn, d.admin, c.id, "passed")
