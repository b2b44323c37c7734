"""`polldesk users`: the chief creates the station's accounts from the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from app.cli import main
from app.db import create_data_file


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "station.polldesk"
    create_data_file(path, kind="station", election_id="test-2011", place_code="C01-S1").close()
    return path


def _run(monkeypatch: pytest.MonkeyPatch, argv: list[str], stdin: str) -> int:
    monkeypatch.delenv("POLLDESK_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(argv)


def test_chief_bootstraps_then_adds_a_clerk_and_lists_them(
        db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(monkeypatch, ["users", "add", str(db), "--name", "chief1", "--role", "chief",
                              "--display", "王站长"], "chief-pass-1\n") == 0
    assert _run(monkeypatch, ["users", "add", str(db), "--name", "clerk1", "--role", "clerk",
                              "--user", "chief1"], "chief-pass-1\n135792\n") == 0
    capsys.readouterr()
    assert _run(monkeypatch, ["users", "list", str(db), "--json"], "") == 0
    users = json.loads(capsys.readouterr().out)
    assert [(u["name"], u["role"], u["locked"]) for u in users] == [("chief1", "chief", False),
                                                                    ("clerk1", "clerk", False)]
    assert users[0]["display_name"] == "王站长"
    assert "password_hash" not in users[0]


def test_second_user_without_a_chiefs_password_is_refused(
        db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _run(monkeypatch, ["users", "add", str(db), "--name", "chief1", "--role", "chief"], "chief-pass-1\n")
    assert _run(monkeypatch, ["users", "add", str(db), "--name", "clerk1", "--role", "clerk",
                              "--user", "chief1"], "wrong-guess\n135792\n") == 2
    err = capsys.readouterr().err     # an encrypted file refuses the password when unlocking, before the sign-in
    assert "用户名或密码错误" in err or "用户名或密码无法打开" in err


def test_first_user_as_clerk_is_refused(db: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(monkeypatch, ["users", "add", str(db), "--name", "clerk1", "--role", "clerk"], "135792\n") == 2
    assert "站长" in capsys.readouterr().err


def test_password_from_the_environment(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLLDESK_PASSWORD", "admin-pass-1")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["users", "add", str(db), "--name", "admin", "--role", "district_admin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("246810\n"))
    assert main(["users", "add", str(db), "--name", "chief1", "--role", "chief", "--user", "admin"]) == 0


def test_chief_unlocks_a_clerk_from_the_command_line(
        db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _run(monkeypatch, ["users", "add", str(db), "--name", "chief1", "--role", "chief"], "chief-pass-1\n")
    _run(monkeypatch, ["users", "add", str(db), "--name", "clerk1", "--role", "clerk", "--user", "chief1"],
         "chief-pass-1\n135792\n")
    from app.db import open_data_file

    with open_data_file(db) as df:
        df.conn.execute("UPDATE users SET locked = 1, failed_attempts = 5 WHERE name = 'clerk1'")
    assert _run(monkeypatch, ["users", "unlock", str(db), "clerk1", "--user", "chief1"], "chief-pass-1\n") == 0
    capsys.readouterr()
    _run(monkeypatch, ["users", "list", str(db), "--json"], "")
    assert not any(u["locked"] for u in json.loads(capsys.readouterr().out))
