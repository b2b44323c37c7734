"""The polls-open stage: a clerk can issue at once in a test election; an official one never gets demo users."""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_support import SEED, SMALL_VOTERS

from app.auth import DEMO_PASSWORD, ensure_demo_users, has_users, login
from app.db import open_data_file
from app.demo import run_demo
from app.election.store import read_election
from app.errors import PollDeskError
from app.pollbook import issue_ballot, poll_state, turnout


def test_after_polls_open_clerk1_issues_a_ballot_at_any_station(tmp_path: Path) -> None:
    summary = run_demo(tmp_path, voters=SMALL_VOTERS, seed=SEED, stop_at="polls-open")
    assert summary["stage"] == "polls-open" and summary["polls_open"] == summary["voting_places"]
    place = sorted(p for p in summary["station_files"] if p.endswith("-S1"))[0]
    with open_data_file(summary["station_files"][place], kind="station") as df:
        assert poll_state(df.conn) == "open"
        clerk = login(df.conn, "clerk1", DEMO_PASSWORD)
        voter = df.conn.execute("SELECT id FROM voters WHERE place_code = ? ORDER BY id", (place,)).fetchone()[0]
        issued = issue_ballot(df.conn, clerk, voter)
        assert (issued.place_code, issued.clerk, issued.kind) == (place, "clerk1", "in_person")
        figures = turnout(df.conn)["contests"][issued.contest_id]
        assert figures["issued"] == 1 and figures["received"] > 1
        group_contests = [c for c, f in turnout(df.conn)["contests"].items() if f["form"] == "household"]
        assert group_contests and all(turnout(df.conn)["contests"][c]["received"] > 0 for c in group_contests
                                      if df.conn.execute("SELECT 1 FROM place_groups g JOIN contests k ON"
                                                         " k.group_id = g.group_id WHERE k.id = ? AND"
                                                         " g.place_code = ?", (c, place)).fetchone())


def test_an_official_demo_gets_no_demo_users_and_does_not_open_its_polls(tmp_path: Path) -> None:
    with pytest.raises(PollDeskError) as refused:
        run_demo(tmp_path, voters=1_000, seed=SEED, stop_at="polls-open", mode="official")
    assert refused.value.code == "demo_day_official"
    stations = sorted((tmp_path / "stations").glob("*.polldesk"))
    assert stations
    for path in stations:
        with open_data_file(path, kind="station") as df:
            assert not has_users(df.conn)
            assert poll_state(df.conn) == "setup"
    with open_data_file(stations[0], kind="station") as df, pytest.raises(PollDeskError) as caught:
        ensure_demo_users(df, read_election(df.conn))
    assert caught.value.code == "demo_users_official"
