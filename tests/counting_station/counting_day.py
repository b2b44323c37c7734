"""The counting tests' shared facts: the station, its boxes, the contest and the people at the count."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from app.audit import Actor
from app.db import DataFile, create_data_file, transaction
from app.election.model import Definition
from app.election.station import create_station_file
from app.election.store import store_definition
from app.pollbook import close_poll, issue_ballot, open_poll, receive_ballots
from app.register.idnumber import make_id
from app.register.privacy import ensure_register_key, id_hash

PLACE = "C01-Z"
BOX = "C01-Z-1"
STATION_BOX = "C01-S1-1"        # the first polling station's box, brought to the central venue
MOBILE_BOX = "C01-M1-1"
COMMITTEE = "C01-committee"
VOTERS = 40                     # registered in groups 1 and 2 of 东湖社区 (served by the central venue)
ISSUED = 32                     # committee ballots issued into BOX
CHIEF = Actor("chief1", "chief")
COUNTER = Actor("counter1", "counter")
COUNTER2 = Actor("counter2", "counter")
CLERK = Actor("clerk1", "clerk")
FIFTH_MEMBER = "吴桂兰"          # a fifth member candidate added to the small election (number 1: fewest surname strokes)

# The ballots read out of BOX, as typed with the ballot's numbering (passed candidates in surname stroke order:
# deputy 1 刘芳 2 张伟 3 陈静; member 1 吴桂兰 2 杨洋 3 周杰 4 赵敏 5 黄磊): 30 of the 32 issued ballots come back.
LINES = (["1/2 1/2 4 5"] * 20 + ["2/1 3/4 5 3"] * 6 + ["", ""] + ["1 2/2 1 3/2 4 5 3"] + ["1?/2/2"])
RESOLVED = "1/2/2"      # how the scrutineers read the unclear ballot: 王建国 / 张伟 / 杨洋


def layout_of(conn: sqlite3.Connection):  # type: ignore[no-untyped-def]
    """The committee's ballot paper."""
    from app.counting.entry import ballot_order

    return ballot_order(conn, COMMITTEE)


def enter_lines(conn: sqlite3.Connection, lines: list[str], box: str = BOX, who: Actor = COUNTER, entry_pass: int = 1) -> list[str]:  # type: ignore[no-untyped-def]
    """Type each line and press Enter, one ballot at a time, as at the counting table."""
    from app.counting.entry import parse_entry
    from app.counting.store import enter_ballot

    layout = layout_of(conn)
    return [enter_ballot(conn, who, COMMITTEE, box, parse_entry(line, layout), entry_pass) for line in lines]


def _register(district: DataFile, groups: dict[tuple[str, int], int]) -> list[int]:
    ids = []
    with transaction(district.conn) as conn:
        key = ensure_register_key(conn)
        for n in range(1, VOTERS + 1):
            group = groups[("C01", 1 + n % 2)]
            cur = conn.execute("INSERT INTO households(community_code, group_id, number) VALUES ('C01', ?, ?)",
                               (group, f"{n:03d}"))
            number = make_id("110105", date(1950, 1, 1 + n % 28), 2 * n + n % 2)
            cur = conn.execute(
                "INSERT INTO voters(community_code, group_id, household_id, name, sex, birth_date, id_hash, id_masked)"
                " VALUES ('C01', ?, ?, ?, ?, '1950-01-01', ?, ?)",
                (group, cur.lastrowid, f"居民{n}", "MF"[n % 2], id_hash(key, number), number[:6] + "********" + number[-4:]))
            ids.append(int(cur.lastrowid or 0))
    return ids


_BUILT: dict[str, Path] = {}


def closed_station(definition: Definition, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The station file after the poll (32 of 40 voters got a committee ballot), built once per run."""
    if "station" not in _BUILT:
        folder = tmp_path_factory.mktemp("counting")
        with create_data_file(folder / "district.polldesk", kind="district",
                              election_id=definition.election.id) as d:
            voter_ids = _register(d, store_definition(d, definition))
            d.conn.execute("INSERT INTO candidates(contest_id, position_id, name, sex) VALUES (?, 'member', ?, 'F')",
                           (COMMITTEE, FIFTH_MEMBER))
            d.conn.execute("UPDATE candidates SET review_status = 'passed'")  # qualification review done
            station = create_station_file(d, PLACE, folder / "station.polldesk")
        with station:
            receive_ballots(station.conn, CHIEF, COMMITTEE, 50)
            open_poll(station.conn, CHIEF)
            for voter in voter_ids[:ISSUED]:
                issue_ballot(station.conn, CLERK, voter, COMMITTEE)
            close_poll(station.conn, CHIEF)
        _BUILT["station"] = folder / "station.polldesk"
    return _BUILT["station"]
