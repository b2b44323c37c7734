"""The district merges every station's certified count, finds who voted twice, and locks the results."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from district_day import ADMIN, CLERK

from app.audit import read_events
from app.db import SQL_INTEGRITY_ERROR, DataFile
from app.district import district_summary, lock_results, resolve_problem
from app.errors import PollDeskError
from app.exchange import import_packages, remove_package
from tests.datafiles import copy_data_file


def _committee(district: DataFile, community: str) -> dict:
    return next(m for m in district_summary(district.conn).to_dict()["contests"]
                if m["contest"] == f"{community}-committee")


def test_a_contest_counted_at_two_places_is_counted_again_on_the_combined_boxes(
        district: DataFile, packages: list[Path]) -> None:
    import_packages(district, packages)
    merged = _committee(district, "C01")
    # 东湖's central venue alone elected 王建国 (3 of 5); the station alone 李秀英: together 李秀英 has 8 of 11
    assert [b["box_id"] for b in merged["boxes"]] == ["C01-M1-1", "C01-S1-1", "C01-Z-1"]
    assert (merged["issued"], merged["outcome"]["collected"], merged["electorate"]) == (11, 11, 11)
    director = merged["outcome"]["positions"][0]
    assert director["votes"] == {"李秀英": 8, "王建国": 3} and director["elected"] == ["李秀英"]
    assert merged["status"] == "elected"
    other = _committee(district, "C02")
    assert other["status"] == "further_round"
    assert other["outcome"]["positions"][2]["runoff_candidates"] == ["周杰", "黄磊"]


def test_district_totals_count_ballots_by_place_and_members_by_who_they_are(
        district: DataFile, packages: list[Path]) -> None:
    import_packages(district, packages)
    totals = district_summary(district.conn).totals.to_dict()
    assert totals["registered"] == 16 and totals["unit_representatives"] == 2
    assert totals["ballots_by_place_kind"] == {"central": 9, "station": 5, "mobile": 1, "proxy": 1}
    assert (totals["issued"], totals["collected"], totals["turnout_percent"]) == (16, 15, 93.8)
    assert totals["by_position"] == {"director": 2, "deputy": 4, "member": 5}
    assert totals["by_sex"] == {"F": 5, "M": 6}
    assert totals["by_incumbent"] == {"True": 4, "False": 7}     # 李秀英, 王建国 and 张伟 twice
    assert totals["by_party"] == {"中共党员": 4, "": 7}
    assert totals["communities"] == {"one_round": ["C01"], "after_further_round": [], "another_round": ["C02"],
                                     "not_done": []}


def test_a_missing_station_package_leaves_its_community_not_done(district: DataFile, packages: list[Path]) -> None:
    import_packages(district, packages[:3])
    summary = district_summary(district.conn)
    assert summary.totals.to_dict()["communities"]["not_done"] == ["C02"]
    assert [p.code for p in summary.places if p.missing] == ["C02-S1"]
    assert [s.state for s in summary.progress[1].stages][4] == "under_way"


def test_any_import_order_gives_the_same_totals(district: DataFile, packages: list[Path]) -> None:
    seen = set()
    for order in itertools.islice(itertools.permutations(packages), 0, 24, 7):
        import_packages(district, list(order))
        seen.add(json.dumps(district_summary(district.conn).to_dict(), sort_keys=True, ensure_ascii=False))
        for row in district.conn.execute("SELECT package_id FROM imported_packages").fetchall():
            remove_package(district, row[0])
    assert len(seen) == 1


def test_one_person_with_ballots_in_two_communities_is_listed_for_the_district(
        district: DataFile, packages: list[Path]) -> None:
    import_packages(district, packages)
    problems = {p.kind: p for p in district_summary(district.conn).problems}
    second = problems["second_ballot"]
    assert second.places == ["东湖社区第一投票站", "西园社区第一投票站"] and second.communities == ["C01", "C02"]
    assert second.masked_id.startswith("110105********") and "110105196005" not in json.dumps(second.to_dict())
    assert problems["two_communities"].places == ["东湖社区", "西园社区"]
    assert all(p.open for p in problems.values())


def test_a_second_ballot_for_the_same_voter_at_another_place_is_found(
        district: DataFile, packages: list[Path], tmp_path: Path) -> None:
    from app.election.station import create_station_file
    from app.exchange import export_station_package
    from app.pollbook import issue_ballot, open_poll

    voter = district.conn.execute("SELECT id FROM voters WHERE community_code = 'C01' ORDER BY id").fetchone()[0]
    chief = ADMIN.__class__("chief1", "chief")
    with create_station_file(district, "C01-M1", tmp_path / "mobile.polldesk") as other:
        open_poll(other.conn, chief)
        issue_ballot(other.conn, CLERK, voter, "C01-committee", kind="mobile", box_id="C01-M1-1", override_by=chief)
        extra = export_station_package(other, tmp_path / "usb")
    import_packages(district, [*packages, extra])
    second = [p for p in district_summary(district.conn).problems if p.kind == "second_ballot"]
    assert len(second) == 2
    assert any("东湖社区流动票箱" in p.places and "东湖社区中心会场" in p.places for p in second)


def test_locking_needs_every_problem_resolved_and_then_refuses_imports(
        district: DataFile, packages: list[Path]) -> None:
    import_packages(district, packages)
    with pytest.raises(PollDeskError) as refused:
        lock_results(district.conn, ADMIN)
    assert refused.value.code == "problems_open"
    with pytest.raises(PollDeskError) as forbidden:
        lock_results(district.conn, CLERK)
    assert forbidden.value.code == "forbidden"
    for problem in district_summary(district.conn).problems:
        resolve_problem(district.conn, problem.key, "已核实：西园社区登记删除，该选票作废处理", session=ADMIN)
    lock = lock_results(district.conn, ADMIN)
    assert read_events(district.conn, limit=1)[0].event == "results_locked"
    assert lock.results["totals"]["members"] == 11 and len(lock.sha256) == 64
    package_id = district.conn.execute("SELECT package_id FROM imported_packages LIMIT 1").fetchone()[0]
    before = district.conn.execute("SELECT COUNT(*) FROM imported_rows").fetchone()[0]
    with pytest.raises((*SQL_INTEGRITY_ERROR, PollDeskError)):
        remove_package(district, package_id)
    with pytest.raises(PollDeskError) as again:
        lock_results(district.conn, ADMIN)
    assert again.value.code == "results_locked"
    assert district.conn.execute("SELECT COUNT(*) FROM imported_rows").fetchone()[0] == before


def test_a_later_package_after_the_lock_is_refused(district: DataFile, packages: list[Path], day: Path,
                                                  tmp_path: Path) -> None:

    from app.db import open_data_file
    from app.exchange import export_station_package
    from app.exchange.district_import import remove_package

    import_packages(district, packages)
    for problem in district_summary(district.conn).problems:
        resolve_problem(district.conn, problem.key, "已处理", session=ADMIN)
    lock_results(district.conn, ADMIN)
    copy_data_file(day / "C01-S1.polldesk", tmp_path / "again.polldesk")
    with open_data_file(tmp_path / "again.polldesk", kind="station") as station:
        later = export_station_package(station, tmp_path / "usb")
    before = district.conn.execute("SELECT COUNT(*) FROM imported_rows").fetchone()[0]
    [outcome] = import_packages(district, [later])
    assert (outcome.status, outcome.code) == ("rejected", "results_locked")
    assert "锁定" in outcome.reason
    assert district.conn.execute("SELECT COUNT(*) FROM imported_rows").fetchone()[0] == before
    first = district.conn.execute("SELECT package_id FROM imported_packages LIMIT 1").fetchone()[0]
    with pytest.raises(PollDeskError) as removal:
        remove_package(district, first)
    assert removal.value.code == "results_locked"
    with pytest.raises(PollDeskError) as late:
        resolve_problem(district.conn, "second_ballot:x", "太晚", session=ADMIN)
    assert late.value.code == "results_locked"
