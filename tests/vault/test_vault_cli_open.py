"""The command line opens encrypted files with --user NAME and the password from stdin or POLLDESK_PASSWORD."""

from __future__ import annotations

import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import ID_NUMBERS, PASSWORD, district_with_voters

from app.auth import add_user
from app.cli import main
from app.db import Unlock, create_data_file, open_data_file
from app.election.model import Definition
from app.election.station import create_station_file
from app.register.idnumber import make_id

CLERK_PASSWORD = "clerk-pass-2011"


@pytest.fixture
def station(tmp_path: Path, small_definition: Definition) -> Path:
    """Station C01-Z's file, encrypted for its chief1, made from a district file with three voters."""
    with (district_with_voters(tmp_path / "district.polldesk", small_definition, encrypt=False) as district,
          create_station_file(district, "C01-Z", tmp_path / "C01-Z.polldesk",
                              encrypt_for=[("chief1", PASSWORD)]) as df):
        add_user(df, None, "chief1", "chief", PASSWORD, "王站长")
    return tmp_path / "C01-Z.polldesk"


def _run(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str | None = None) -> tuple[int, object, str]:
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        code = main(["--lang", "en", *argv])
    finally:
        sys.stdin = sys.__stdin__
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if captured.out.strip() else None, captured.err


def test_chief_works_an_encrypted_station_from_the_command_line(
        station: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(station)
    code, _, err = _run(capsys, "lookup", db, "欧阳", "--json")
    assert code == 2 and "encrypted" in err and "user name and password" in err
    monkeypatch.setenv("POLLDESK_PASSWORD", "a-wrong-password")
    code, _, err = _run(capsys, "lookup", db, "欧阳", "--json", "--user", "chief1")
    assert code == 2 and "Nothing was opened" in err
    monkeypatch.setenv("POLLDESK_PASSWORD", PASSWORD)
    code, rows, _ = _run(capsys, "lookup", db, "欧阳", "--json", "--user", "chief1")
    assert code == 0 and [r["name"] for r in rows] == ["欧阳翠花"]      # type: ignore[union-attr]
    assert ID_NUMBERS[0] not in json.dumps(rows, ensure_ascii=False)
    assert _run(capsys, "poll", "receive", db, "--count", "50", "--user", "chief1")[0] == 0
    code, out, _ = _run(capsys, "poll", "open", db, "--user", "chief1")
    assert (code, out) == (0, {"db": db, "state": "open"})
    # POLLDESK_PASSWORD unlocks and signs the chief in; the clerk's password is the next line of stdin
    code, out, _ = _run(capsys, "users", "add", db, "--user", "chief1", "--name", "clerk1", "--role", "clerk",
                        stdin=CLERK_PASSWORD + "\n")
    assert (code, out) == (0, {"name": "clerk1", "role": "clerk", "display_name": ""})
    open_data_file(station, unlock=Unlock.with_password("clerk1", CLERK_PASSWORD)).close()
    monkeypatch.delenv("POLLDESK_PASSWORD")
    code, users, _ = _run(capsys, "users", "list", db, "--json", "--user", "clerk1", stdin=CLERK_PASSWORD + "\n")
    assert code == 0 and [u["name"] for u in users] == ["chief1", "clerk1"]      # type: ignore[union-attr]
    code, entries, _ = _run(capsys, "audit", "list", db, "--event", "access_granted", "--user", "chief1",
                            stdin=PASSWORD + "\n")
    assert code == 0 and [e["details"]["name"] for e in entries] == ["chief1", "clerk1"]  # type: ignore[union-attr]
    code, out, _ = _run(capsys, "turnout", db, "--json", "--user", "clerk1", stdin=CLERK_PASSWORD + "\n")
    assert code == 0 and out["contests"]                                               # type: ignore[index]


def test_the_first_user_of_an_encrypted_file_needs_one_password_for_both(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "C01-Z.polldesk"
    create_data_file(path, kind="station", election_id="test-2011", place_code="C01-Z",
                     encrypt_for=[("chief1", PASSWORD)]).close()
    monkeypatch.setenv("POLLDESK_PASSWORD", PASSWORD)
    code, out, _ = _run(capsys, "users", "add", str(path), "--user", "chief1", "--name", "chief1", "--role", "chief")
    assert (code, out) == (0, {"name": "chief1", "role": "chief", "display_name": ""})
    code, users, _ = _run(capsys, "users", "list", str(path), "--json", "--user", "chief1")
    assert code == 0 and [u["role"] for u in users] == ["chief"]                   # type: ignore[union-attr]


@pytest.mark.plain_files
def test_unencrypted_files_keep_working_without_user(
        tmp_path: Path, small_definition: Definition, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POLLDESK_PASSWORD", raising=False)
    district_with_voters(tmp_path / "district.polldesk", small_definition, encrypt=False).close()
    db = str(tmp_path / "district.polldesk")
    code, rows, _ = _run(capsys, "lookup", db, "司马", "--json")
    assert code == 0 and [r["name"] for r in rows] == ["司马建军"]                   # type: ignore[union-attr]
    assert _run(capsys, "election", "show", db)[0] == 0
    assert _run(capsys, "audit", "verify", db)[1] == {"ok": True, "first_broken": None}


def test_register_add_on_an_encrypted_district_reads_the_password_then_the_id_number(
        tmp_path: Path, small_definition: Definition, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POLLDESK_PASSWORD", raising=False)
    monkeypatch.delenv("POLLDESK_ID_NUMBER", raising=False)
    district_with_voters(tmp_path / "district.polldesk", small_definition, encrypt=True).close()
    new_id = make_id("440112", date(1993, 2, 1), 21)
    code, out, err = _run(capsys, "register", "add", "--db", str(tmp_path / "district.polldesk"), "--user", "chief1",
                          "--name", "上官明", "--group", "1", "--community", "C01", "--reason", "moved_in",
                          stdin=f"{PASSWORD}\n{new_id}\n")
    assert code == 0, err
    assert out["id_masked"].endswith(new_id[-4:]) and new_id not in json.dumps(out)   # type: ignore[index]
