"""The further-round tests' shared facts: round 1's ballots, and counting and holding a round at the station."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "counting_station"))

from counting_day import CHIEF, CLERK, COMMITTEE, COUNTER  # noqa: E402

from app.counting.certify import certify_contest  # noqa: E402
from app.counting.entry import ballot_order, parse_entry  # noqa: E402
from app.counting.store import enter_ballots, own_box  # noqa: E402
from app.pollbook import close_poll, issue_ballot, start_counting  # noqa: E402

FURTHER = f"{COMMITTEE}-r2"
# Round 1, typed with the ballot's numbering (director 1 王建国 2 李秀英; deputy 1 刘芳 2 张伟 3 陈静;
# member 1 吴桂兰 2 杨洋 3 周杰 4 赵敏 5 黄磊). 30 ballots: 赵敏 and 黄磊 20 each are elected; 杨洋 10 and
# 周杰 6 are not above half of 30, so one member seat is unfilled and they two stand in the further round.
ROUND_ONE = ["1/1 2/4 5"] * 20 + ["2/3/2 3"] * 6 + ["2/3/2"] * 4


def count_lines(conn: sqlite3.Connection, contest: str, lines: list[str]) -> None:
    """Type the lines at the counting table, one ballot each, into this place's box."""
    layout = ballot_order(conn, contest)
    enter_ballots(conn, COUNTER, contest, own_box(conn, contest), [parse_entry(line, layout) for line in lines])


def count_and_certify_round_one(conn: sqlite3.Connection, lines: list[str]) -> None:
    """Start counting, enter round 1's ballots and certify them (the poll becomes "certified")."""
    start_counting(conn, CHIEF)
    count_lines(conn, COMMITTEE, lines)
    certify_contest(conn, CHIEF, COMMITTEE)


def voter_ids(conn: sqlite3.Connection) -> list[int]:
    """The station's registered voters."""
    return [int(r[0]) for r in conn.execute("SELECT id FROM voters ORDER BY id")]


def hold_further_round(conn: sqlite3.Connection, lines: list[str]) -> None:
    """Issue one further-round ballot per line, close the poll, start counting and enter the lines."""
    for voter in voter_ids(conn)[:len(lines)]:
        issue_ballot(conn, CLERK, voter, FURTHER)
    close_poll(conn, CHIEF)
    start_counting(conn, CHIEF)
    count_lines(conn, FURTHER, lines)
