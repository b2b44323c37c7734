"""The poll book from the command line: the chief opens, the clerk issues, anyone reads the turnout."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pollbook_day import COMMITTEE

from app.auth import HashParameters, add_user, login, set_hash_parameters
from app.cli import main
from app.db import open_data_file

PASSWORD = "station-pass-1"


@pytest.fixture
def staffed_station(station_path: Path) -> Iterator[Path]:
    """The station file with a chief and a clerk (cheap password hashes for speed)."""
    previous = set_hash_parameters(HashParameters(time_cost=1, memory_cost=1024, parallelism=1))
    try:
        with open_data_file(station_path) as df:
            add_user(df, None, "chief1", "chief", PASSWORD)
            chief = login(df.conn, "chief1", PASSWORD)
            add_user(df, chief, "clerk1", "clerk", PASSWORD)
        yield station_path
    finally:
        set_hash_parameters(previous)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = main(["--lang", "en", *argv])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else {}


def test_clerk_issues_from_the_command_line_and_a_refusal_prints_json(
        staffed_station: Path, voters: dict[str, int], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(staffed_station)
    monkeypatch.setenv("POLLDESK_PASSWORD", PASSWORD)
    code, out = _run(capsys, "issue", db, "--voter", str(voters["张三"]), "--user", "clerk1")
    assert (code, out["status"], out["code"]) == (1, "refused", "poll_not_open")
    assert _run(capsys, "poll", "receive", db, "--count", "50", "--user", "chief1")[0] == 0
    assert _run(capsys, "poll", "open", db, "--user", "clerk1")[0] == 2     # a clerk may not open the poll
    code, out = _run(capsys, "poll", "open", db, "--user", "chief1")
    assert (code, out["state"]) == (0, "open")
    code, out = _run(capsys, "issue", db, "--voter", str(voters["张三"]), "--user", "clerk1")
    assert (code, out["status"], out["contest"], out["kind"]) == (0, "issued", COMMITTEE, "in_person")
    code, out = _run(capsys, "issue", db, "--voter", str(voters["张三"]), "--user", "clerk1")
    assert (code, out["status"], out["code"]) == (1, "refused", "already_issued")
    assert "clerk1" in out["reason"]
    code, out = _run(capsys, "issue", db, "--voter", str(voters["王五"]), "--proxy-for", str(voters["李四"]),
                     "--auth", "W-7", "--user", "clerk1")
    assert (code, out["kind"], out["proxy"]) == (0, "proxy", voters["王五"])
    code, out = _run(capsys, "turnout", db, "--json")
    assert code == 0
    assert out["contests"][COMMITTEE]["issued"] == 2 and out["contests"][COMMITTEE]["unused"] == 48


def test_wrong_password_issues_nothing(staffed_station: Path, voters: dict[str, int],
                                       capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLLDESK_PASSWORD", "not-the-password")
    assert main(["issue", str(staffed_station), "--voter", str(voters["张三"]), "--user", "clerk1"]) == 2
    assert "密码" in capsys.readouterr().err
    with open_data_file(staffed_station) as df:
        assert df.conn.execute("SELECT COUNT(*) FROM issuance_events").fetchone()[0] == 0
