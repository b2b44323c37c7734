"""The demo's election day played through: polls opened, ballots issued, counted, exported and imported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from demo_support import SEED, SMALL_VOTERS, DemoRun

from app.db import open_data_file
from app.demo import run_demo
from app.pollbook import turnout


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    out = tmp_path_factory.mktemp("played")
    return DemoRun(out, run_demo(out, voters=SMALL_VOTERS, seed=SEED, stop_at="reports"))


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    out = tmp_path_factory.mktemp("exported")
    return DemoRun(out, run_demo(out, voters=SMALL_VOTERS, seed=SEED, stop_at="exported"))


def _totals(run: DemoRun) -> dict[str, Any]:
    return dict(run.summary["district_totals"])


def test_ballots_issued_add_up_to_the_turnout_by_kind_and_by_place(played: DemoRun) -> None:
    totals = _totals(played)
    assert totals["registered"] == SMALL_VOTERS
    assert totals["ballots_issued"] == sum(totals["issued_by_kind"].values()) == sum(totals["issued_by_place"].values())
    assert totals["turnout_percent"] == round(100 * totals["ballots_issued"] / SMALL_VOTERS, 1)
    assert 80 <= totals["turnout_percent"] <= 92
    assert set(totals["issued_by_kind"]) == {"in_person", "proxy", "mobile"}
    assert totals["issued_by_kind"]["in_person"] > 20 * totals["issued_by_kind"]["proxy"] > 0
    assert 0 < totals["household_ballots_issued"] <= totals["households"]


def test_the_station_files_poll_books_hold_the_ballots_the_summary_reports(played: DemoRun) -> None:
    committee = 0
    for place in played.summary["station_files"].values():
        with open_data_file(place, kind="station") as df:
            for contest_id, figures in turnout(df.conn)["contests"].items():
                if contest_id.endswith("-committee"):
                    committee += figures["issued"]
                    assert figures["issued"] + figures["spoilt"] <= figures["received"]
            held = df.conn.execute("SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM issuances WHERE proxy_voter_id"
                                   " IS NOT NULL GROUP BY proxy_voter_id)").fetchone()[0]
            assert held is None or held <= 3, "a proxy holds more authorisations than the cap"
            assert df.conn.execute("SELECT COUNT(*) FROM issuances i JOIN candidates c ON c.voter_id ="
                                   " i.proxy_voter_id").fetchone()[0] == 0
    assert committee == _totals(played)["ballots_issued"]


def test_second_ballots_were_asked_for_and_stayed_refused(played: DemoRun) -> None:
    day = played.summary["election_day"]
    assert day["refused_second_ballots"] >= played.summary["voting_places_by_kind"]["central"]
    assert day["spoilt_exchanged"] > 0
    with open_data_file(played.out / "district.polldesk", kind="district") as df:
        rows = df.conn.execute("SELECT data FROM imported_rows WHERE table_name = 'issuance_events'").fetchall()
    import json

    issued: dict[tuple[str, int], int] = {}
    for r in rows:
        e = json.loads(r[0])
        if e["event"] in ("issue", "mobile_out"):
            key = (e["contest_id"], e["voter_id"])
            issued[key] = issued.get(key, 0) + 1
        elif e["event"] == "mobile_unused":
            issued[(e["contest_id"], e["voter_id"])] -= 1
    assert max(issued.values()) == 1


def test_every_community_counts_and_elects_no_more_than_its_seats(played: DemoRun) -> None:
    totals, seats = _totals(played), played.summary["seats"]
    assert totals["communities_one_round"] + totals["communities_another_round"] + totals["communities_not_done"] \
        == played.summary["communities"]
    assert all(totals["elected_by_position"][p] <= seats[p] for p in seats)
    assert totals["elected_by_position"]["director"] >= played.summary["communities"] - 3
    assert totals["ballots_collected"] <= totals["ballots_issued"]
    assert 0 < totals["invalid_ballots"] < totals["ballots_collected"] // 50
    assert totals["group_leader_contests_counted"] == played.summary["group_leader_contests"]
    assert totals["group_leaders_elected"] <= played.summary["group_leader_contests"]


def test_every_station_package_is_imported_into_the_district(played: DemoRun) -> None:
    packages = played.summary["packages"]
    assert set(packages) == set(played.summary["station_files"])
    assert played.summary["packages_imported"] == len(packages)
    with open_data_file(played.out / "district.polldesk", kind="district") as df:
        stations = {r[0] for r in df.conn.execute("SELECT place_code FROM imported_packages")}
        certified = df.conn.execute("SELECT COUNT(*) FROM imported_rows WHERE table_name = 'certified_results'"
                                    ).fetchone()[0]
    assert stations == set(packages)
    assert certified == played.summary["communities"] + played.summary["group_leader_contests"]


def test_stopping_at_exported_writes_one_package_per_station_and_imports_none(exported: DemoRun) -> None:
    zips = sorted((exported.out / "usb").glob("*.zip"))
    assert len(zips) == exported.summary["voting_places"] == len(exported.summary["packages"])
    assert {Path(p) for p in exported.summary["packages"].values()} == set(zips)
    assert exported.summary["stage"] == "exported" and "packages_imported" not in exported.summary
    with open_data_file(exported.out / "district.polldesk", kind="district") as df:
        assert df.conn.execute("SELECT COUNT(*) FROM imported_packages").fetchone()[0] == 0


def test_the_same_seed_plays_the_same_day_and_the_same_results(played: DemoRun, exported: DemoRun) -> None:
    assert _totals(exported) == _totals(played)
    assert exported.summary["election_day"] == played.summary["election_day"]


def test_the_district_merge_agrees_with_the_stations_and_writes_its_reports(played: DemoRun) -> None:
    merge, totals = played.summary["district_merge"], _totals(played)
    assert (merge["issued"], merge["collected"]) == (totals["ballots_issued"], totals["ballots_collected"])
    assert merge["by_position"] == totals["elected_by_position"] and merge["problems"] == 0
    assert len(merge["communities"]["one_round"]) == totals["communities_one_round"]
    reports = {k: Path(v) for k, v in played.summary["reports"].items()}
    assert set(reports) == {"stats_xlsx", "stats_pdf", "weekly_pdf"}
    assert all(p.parent == played.out / "reports" for p in reports.values())
    assert reports["stats_pdf"].read_bytes()[:5] == reports["weekly_pdf"].read_bytes()[:5] == b"%PDF-"
    from openpyxl import load_workbook

    workbook = load_workbook(reports["stats_xlsx"], read_only=True)
    assert workbook.sheetnames
