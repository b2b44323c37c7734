"""`polldesk demo` from the command line: summary on stdout, one Chinese line on stderr, clear refusals."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.cli import main
from app.demo import run_demo
from app.errors import PollDeskError
from app.progress import Cancelled


def test_demo_prints_its_summary_and_says_where_it_is_in_chinese(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out), "--voters", "1000", "--seed", "3"]) == 0
    captured = capsys.readouterr()
    summary = json.loads(captured.out)
    for key in ("communities", "voters", "resident_groups", "households", "voting_places", "seats", "candidates",
                "group_leader_candidates", "unit_representatives", "community_codes", "district_file",
                "station_files", "election_id", "stage", "seconds"):
        assert key in summary, key
    assert summary["election_id"] == "demo-2011-s3" and summary["voters"] == 1000
    assert Path(summary["district_file"]) == out / "district.polldesk"
    assert all(Path(p).is_file() for p in summary["station_files"].values())
    assert "演示已生成在" in captured.err and str(out) in captured.err


def test_unknown_stage_exits_2_and_lists_the_known_stages(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--out", str(tmp_path / "demo"), "--voters", "1000", "--stop-at", "lunch"]) == 2
    err = capsys.readouterr().err
    assert "lunch" in err and "setup" in err and "election-day" in err
    assert not (tmp_path / "demo").exists()


def test_a_folder_holding_a_demo_is_refused_unless_forced(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me", encoding="utf-8")
    run_demo(tmp_path, voters=1_000, seed=5)
    with pytest.raises(PollDeskError) as err:
        run_demo(tmp_path, voters=1_000, seed=6)
    assert err.value.code == "demo_exists"
    again = run_demo(tmp_path, voters=1_000, seed=6, force=True)
    assert again["election_id"] == "demo-2011-s6"
    assert notes.read_text(encoding="utf-8") == "keep me"


def test_cancelling_the_demo_leaves_no_demo_files_behind(tmp_path: Path) -> None:
    stop = threading.Event()

    def progress(done: int, total: int) -> None:
        if done >= 3:
            stop.set()

    with pytest.raises(Cancelled):
        run_demo(tmp_path, voters=1_000, progress=progress, cancel=stop)
    assert list(tmp_path.rglob("*.polldesk*")) == []


@pytest.mark.slow
def test_full_seed_demo_rebuilds_the_seed_district_and_plays_its_day(tmp_path: Path) -> None:
    """`polldesk demo` as README command (1) runs it: the seed's district, every stage, through the installed command.

    Speed is measured by `polldesk bench` (demo_bench), not asserted here.
    """
    polldesk = Path(sys.executable).parent / "polldesk"
    started = time.perf_counter()
    done = subprocess.run([str(polldesk), "demo", "--out", str(tmp_path / "demo")],
                          capture_output=True, text=True, check=True, timeout=1200)
    elapsed = time.perf_counter() - started
    summary = json.loads(done.stdout)
    assert summary["stage"] == summary["stages"][-1] == "reports"
    assert summary["communities"] == 19
    assert summary["voters"] == 129_600
    assert summary["resident_groups"] == 989 == summary["group_leader_contests"]
    assert summary["group_leader_candidates"] == 2 * 989
    assert summary["seats"] == {"director": 19, "deputy": 57, "member": 55}
    assert summary["unit_representatives"] == 32
    assert summary["voting_places_by_kind"]["central"] == summary["voting_places_by_kind"]["mobile"] == 19
    assert 19 <= summary["voting_places_by_kind"]["station"] <= 57
    assert len(summary["station_files"]) == summary["voting_places"]
    totals = summary["district_totals"]
    assert totals["registered"] == 129_600 and 80 <= totals["turnout_percent"] <= 92
    assert summary["packages_imported"] == summary["voting_places"]
    assert totals["elected"] <= 131 and totals["elected_by_position"]["director"] >= 15
    assert {"committee_member_standing", "relatives_standing"} <= set(summary["nomination_problems"])
    assert "报表在" in done.stderr
    print(f"full demo day: {elapsed:.1f} s wall, stages {summary['stage_seconds']}")
