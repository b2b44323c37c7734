"""A station's further round (另行选举) reaches the district: declared in the package, checked, merged with round 1."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "counting_station"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "further_round"))

from counting_day import CHIEF, COMMITTEE, closed_station  # noqa: E402
from further_round_day import FURTHER, ROUND_ONE, count_and_certify_round_one, hold_further_round  # noqa: E402

from app.counting.certify import certify_contest  # noqa: E402
from app.counting.further_round import create_further_round  # noqa: E402
from app.db import open_data_file  # noqa: E402
from app.district import merge_contests  # noqa: E402
from app.district.imported import held_ballots  # noqa: E402
from app.district.merge import ELECTED, FURTHER_ROUND  # noqa: E402
from app.district.totals import AFTER_FURTHER_ROUND, ANOTHER_ROUND, district_totals  # noqa: E402
from app.election.model import Definition  # noqa: E402
from app.exchange import import_packages, remove_package  # noqa: E402
from app.exchange.station_export import export_station_package  # noqa: E402
from app.pollbook import reopen_for_further_round  # noqa: E402
from tests.datafiles import copy_data_file

# Further-round ballots (member: 1 杨洋 2 周杰): 24 ballots, 杨洋 8 = a third of them, elected.
YANG_WINS = ["1"] * 8 + ["2"] * 7 + [""] * 9
JUST_BELOW = ["1"] * 7 + ["2"] * 6 + [""] * 11


def _day(definition: Definition, factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    built = closed_station(definition, factory).parent
    for name in ("district.polldesk", "station.polldesk"):
        copy_data_file(built / name, tmp_path / name)
    return tmp_path


def _station_after_further_round(folder: Path, lines: list[str], tamper: str | None = None) -> Path:
    """Round 1 certified with a member seat unfilled, the further round held and certified, then exported."""
    with open_data_file(folder / "station.polldesk", kind="station") as station:
        conn = station.conn
        count_and_certify_round_one(conn, ROUND_ONE)
        create_further_round(conn, CHIEF, COMMITTEE)
        reopen_for_further_round(conn, CHIEF)
        hold_further_round(conn, lines)
        certify_contest(conn, CHIEF, FURTHER)
        if tamper is not None:       # a station laptop changed behind the program's back
            conn.execute("PRAGMA foreign_keys = OFF")
            conn.execute(tamper)
        return export_station_package(station, folder / "usb")


def _imported(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    return [tuple(r) for r in conn.execute(  # type: ignore[misc]
        "SELECT place_code, table_name, row_key FROM imported_rows ORDER BY 1, 2, 3")]


def test_the_further_round_fills_the_member_seat_and_the_community_is_done(
        small_definition: Definition, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> None:
    folder = _day(small_definition, tmp_path_factory, tmp_path)
    package = _station_after_further_round(folder, YANG_WINS)
    with open_data_file(folder / "district.polldesk", kind="district") as district:
        conn = district.conn
        [outcome] = import_packages(district, [package])
        assert outcome.status == "imported", outcome.reason
        assert conn.execute("SELECT 1 FROM contests WHERE id = ?", (FURTHER,)).fetchone() is None  # imported rows only
        merges = {m.contest_id: m for m in merge_contests(conn)}
        first, further = merges[COMMITTEE], merges[FURTHER]
        assert (further.round, further.parent, further.status) == (2, COMMITTEE, ELECTED)
        assert further.elected() == [("member", "杨洋")]
        assert (first.own_status, first.status) == (FURTHER_ROUND, ELECTED)
        totals = district_totals(conn, list(merges.values()), held_ballots(conn))
        c01 = next(c for c in totals.communities if c.code == "C01")
        assert c01.state == AFTER_FURTHER_ROUND    # done, and the report says it took a further round
        assert [(m.position, m.name) for m in c01.elected] == [
            ("director", "王建国"), ("deputy", "刘芳"), ("deputy", "张伟"), ("member", "赵敏"), ("member", "黄磊"),
            ("member", "杨洋")]
        assert next(m for m in c01.elected if m.name == "杨洋").sex in ("M", "F")   # the first round's record
        assert "杨洋" in [m.name for m in totals.members]
        assert totals.count_by("position")["member"] == 3
        # taken out with its package: the further round goes with it
        remove_package(district, outcome.package_id or "")
        assert FURTHER not in {m.contest_id for m in merge_contests(conn)}
        assert _imported(conn) == []


def test_a_further_round_that_fills_nothing_leaves_the_community_needing_another_round(
        small_definition: Definition, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> None:
    folder = _day(small_definition, tmp_path_factory, tmp_path)
    package = _station_after_further_round(folder, JUST_BELOW)
    with open_data_file(folder / "district.polldesk", kind="district") as district:
        conn = district.conn
        assert import_packages(district, [package])[0].status == "imported"
        merges = merge_contests(conn)
        by_id = {m.contest_id: m for m in merges}
        assert by_id[FURTHER].status == FURTHER_ROUND and by_id[COMMITTEE].status == FURTHER_ROUND
        totals = district_totals(conn, merges, held_ballots(conn))
        assert next(c for c in totals.communities if c.code == "C01").state == ANOTHER_ROUND


@pytest.mark.parametrize("tamper", [
    f"UPDATE contests SET parent_contest = 'C01-nothing' WHERE id = '{FURTHER}'",
    f"UPDATE positions SET seats = 2 WHERE contest_id = '{FURTHER}'",
    f"UPDATE candidates SET name = '王建国' WHERE contest_id = '{FURTHER}' AND name = '周杰'",
    f"UPDATE contests SET round = 3 WHERE id = '{FURTHER}'",
], ids=["unknown_parent", "extra_seat", "stranger_candidate", "third_round"])
def test_a_package_declaring_a_further_round_beyond_its_first_round_is_refused_and_nothing_changes(
        small_definition: Definition, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, tamper: str) -> None:
    folder = _day(small_definition, tmp_path_factory, tmp_path)
    package = _station_after_further_round(folder, YANG_WINS, tamper)
    with open_data_file(folder / "district.polldesk", kind="district") as district:
        [outcome] = import_packages(district, [package])
        assert (outcome.status, outcome.code) == ("rejected", "bad_further_round")
        assert _imported(district.conn) == []
        assert district.conn.execute("SELECT COUNT(*) FROM imported_packages").fetchone()[0] == 0
        assert FURTHER not in {m.contest_id for m in merge_contests(district.conn)}
