"""`polldesk audit verify`: the district checks a station's log from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.audit import Actor, append_event
from app.cli import main
from app.db import create_data_file, open_data_file


def _file_with_entries(path: Path) -> Path:
    with create_data_file(path, kind="station", election_id="test-2011", place_code="C01-S1") as df:
        for voter in (1, 2, 3):
            append_event(df.conn, Actor("clerk1", "clerk"), "ballot_issued", {"voter": voter})
    return path


def test_intact_log_prints_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _file_with_entries(tmp_path / "s.polldesk")
    assert main(["audit", "verify", str(db)]) == 0
    assert json.loads(capsys.readouterr().out) == {"ok": True, "first_broken": None}


def test_tampered_log_prints_the_first_broken_entry_and_still_exits_0(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _file_with_entries(tmp_path / "s.polldesk")
    with open_data_file(db) as df:
        df.conn.execute("DROP TRIGGER audit_log_no_update")
        df.conn.execute("""UPDATE audit_log SET details = '{"voter":9}' WHERE seq = 2""")
    assert main(["audit", "verify", str(db)]) == 0
    assert json.loads(capsys.readouterr().out) == {"ok": False, "first_broken": 2}


def test_missing_file_exits_2_with_a_plain_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "verify", str(tmp_path / "nowhere.polldesk")]) == 2
    assert "不存在" in capsys.readouterr().err


def test_list_shows_entries_with_their_description(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _file_with_entries(tmp_path / "s.polldesk")
    assert main(["audit", "list", str(db), "--last", "2"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert [e["seq"] for e in entries] == [2, 3]
    assert entries[0]["description"] == "已发放选票"
