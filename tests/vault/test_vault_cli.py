"""`polldesk vault ...`: a chief who forgot the password gets a new one from the district's recovery key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PASSWORD

from app.auth import add_user
from app.cli import main
from app.db import Unlock, create_data_file, open_data_file


def test_district_recovers_a_station_file_from_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    key = tmp_path / "recovery.key"
    assert main(["vault", "recovery-key", "--election", "test-2011", "--out", str(key)]) == 0
    public = json.loads(capsys.readouterr().out)
    assert len(public["fingerprint"].split()) == 16
    from app.vault.recovery import recovery_public_key

    with create_data_file(tmp_path / "C01-Z.polldesk", kind="station", election_id="test-2011",
                          place_code="C01-Z", encrypt_for=[("chief1", PASSWORD)],
                          recovery_public_key=recovery_public_key(key)) as df:
        add_user(df, None, "chief1", "chief", PASSWORD)
    monkeypatch.setenv("POLLDESK_PASSWORD", "forgotten-it")
    assert main(["vault", "status", str(tmp_path / "C01-Z.polldesk")]) == 0
    assert json.loads(capsys.readouterr().out)["users"] == ["chief1"]
    monkeypatch.setenv("POLLDESK_NEW_PASSWORD", "after-recovery-1")
    assert main(["vault", "recover", str(tmp_path / "C01-Z.polldesk"), "--recovery-key", str(key),
                 "--name", "chief1"]) == 0
    open_data_file(tmp_path / "C01-Z.polldesk", unlock=Unlock.with_password("chief1", "after-recovery-1")).close()
    assert main(["election", "show", str(tmp_path / "C01-Z.polldesk")]) == 2     # locked without --user
    assert "已加密" in capsys.readouterr().err
