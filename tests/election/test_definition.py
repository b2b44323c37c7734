"""Election definition files: JSON and TOML, validation messages, storing and reading back."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from app.db import Unlock, create_data_file, open_data_file
from app.election.definition import definition_from_dict, load_definition, save_definition
from app.election.model import Definition
from app.election.rules import RuleSet
from app.election.station import create_station_file
from app.election.store import read_definition, store_definition
from app.errors import DefinitionError
from app.register.privacy import ensure_register_key
from tests.conftest import small_definition_dict
from tests.datafiles import polldesk_command

POLLDESK = polldesk_command()


def test_json_round_trip_keeps_every_part(tmp_path: Path, small_definition: Definition) -> None:
    save_definition(small_definition, tmp_path / "e.json")
    again = load_definition(tmp_path / "e.json")
    assert again == small_definition
    assert "东湖社区" in (tmp_path / "e.json").read_text(encoding="utf-8")


def test_toml_file_is_read_like_json(tmp_path: Path) -> None:
    (tmp_path / "e.toml").write_text(
        '[election]\nid = "t1"\nname = "试点选举"\nelection_day = 2011-04-10\nmode = "official"\n'
        '[rules]\nproxy_cap = 2\nquorum_fraction = "2/3"\n'
        '[[communities]]\ncode = "C01"\nname = "东湖社区"\n'
        '[[communities.groups]]\nnumber = 1\n'
        '[[communities.contests]]\nid = "C01-committee"\nname = "居委会选举"\n'
        'positions = [{id = "director", seats = 1}, {id = "member", seats = 4}]\n',
        encoding="utf-8")
    d = load_definition(tmp_path / "e.toml")
    assert d.election.election_day == date(2011, 4, 10)
    assert d.election.mode == "official"
    assert d.election.rules.proxy_cap == 2
    assert d.election.rules.fraction("quorum_fraction") == RuleSet().fraction("quorum_fraction") * 4 / 3
    contest = d.community("C01").contests[0]
    assert (contest.kind, contest.form, contest.seats) == ("committee", "direct", 5)
    assert d.community("C01").groups[0].name == "第1居民小组"


@pytest.mark.parametrize(("change", "code"), [
    (lambda d: d["election"].pop("election_day"), "missing_field"),
    (lambda d: d["election"].update(election_day="2011-02-30"), "bad_date"),
    (lambda d: d["election"].update(mode="practice"), "bad_value"),
    (lambda d: d["rules"].update(proxy_limit=3), "unknown_rule"),
    (lambda d: d["rules"].update(proxy_cap="three"), "bad_rule"),
    (lambda d: d["rules"].update(quorum_fraction="3/2"), "bad_rule"),
    (lambda d: d["communities"][1].update(code="C01"), "duplicate"),
    (lambda d: d["communities"][0]["places"][0].update(groups=[9]), "unknown_group"),
    (lambda d: d["communities"][0]["contests"][0]["candidates"][0].update(position="mayor"), "unknown_position"),
    (lambda d: d["communities"][0]["contests"][0]["positions"][0].update(seats=0), "bad_value"),
    (lambda d: d["communities"][0]["contests"][1].pop("group"), "unknown_group"),
])
def test_faulty_definitions_are_refused_with_their_code(change, code: str) -> None:  # type: ignore[no-untyped-def]
    data = small_definition_dict()
    change(data)
    with pytest.raises(DefinitionError) as err:
        definition_from_dict(data)
    assert err.value.code == code
    assert err.value.message  # a Chinese sentence, never empty


def test_stored_election_reads_back_equal(tmp_path: Path, small_definition: Definition) -> None:
    with create_data_file(tmp_path / "d.polldesk", kind="district", election_id="test-2011") as df:
        group_ids = store_definition(df, small_definition)
        assert len(group_ids) == 8
    with open_data_file(tmp_path / "d.polldesk", election_id="test-2011") as df:
        assert read_definition(df.conn) == small_definition


def test_station_file_holds_only_its_community_with_district_ids(tmp_path: Path, small_definition: Definition) -> None:
    district = create_data_file(tmp_path / "d.polldesk", kind="district", election_id="test-2011")
    store_definition(district, small_definition)
    ensure_register_key(district.conn)
    station = create_station_file(district, "C02-S1", tmp_path / "s.polldesk")
    assert [r[0] for r in station.conn.execute("SELECT code FROM communities")] == ["C02"]
    ids = {r[0] for r in station.conn.execute("SELECT id FROM resident_groups")}
    assert ids == {r[0] for r in district.conn.execute("SELECT id FROM resident_groups WHERE community_code='C02'")}
    key = station.conn.execute("SELECT key FROM register_key").fetchone()[0]
    assert key == district.conn.execute("SELECT key FROM register_key").fetchone()[0]
    assert read_definition(station.conn).communities == (small_definition.community("C02"),)
    assert (station.kind, station.place_code) == ("station", "C02-S1")


def test_cli_loads_an_election_file_into_a_new_district_file(tmp_path: Path) -> None:
    (tmp_path / "e.json").write_text(json.dumps(small_definition_dict()), encoding="utf-8")
    out = subprocess.run([*POLLDESK, "election", "load", str(tmp_path / "e.json"), "--db", str(tmp_path / "d.polldesk"),
                          "--unencrypted"], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["communities"] == 2
    shown = subprocess.run([*POLLDESK, "election", "show", str(tmp_path / "d.polldesk")],
                           capture_output=True, text=True, check=True)
    assert definition_from_dict(json.loads(shown.stdout)) == definition_from_dict(small_definition_dict())


def test_cli_makes_an_encrypted_district_file_with_its_first_administrator(tmp_path: Path) -> None:
    (tmp_path / "e.json").write_text(json.dumps(small_definition_dict()), encoding="utf-8")
    db = tmp_path / "d.polldesk"
    plain = [sys.executable, "-m", "app.cli"]      # the command as installed, without any test run's default keys
    load = [*plain, "election", "load", str(tmp_path / "e.json"), "--db", str(db)]
    refused = subprocess.run(load, capture_output=True, text=True)
    assert refused.returncode == 2 and "--user" in refused.stderr and not db.exists()
    out = subprocess.run([*load, "--user", "wang"], input="district-pass-7\n", capture_output=True, text=True,
                         check=True)
    assert json.loads(out.stdout)["encrypted"] is True
    assert not db.read_bytes().startswith(b"SQLite format 3") and Path(f"{db}.keys").is_file()
    locked = subprocess.run([*plain, "election", "show", str(db)], capture_output=True, text=True)
    assert locked.returncode == 2
    shown = subprocess.run([*plain, "election", "show", str(db), "--user", "wang"], input="district-pass-7\n",
                           capture_output=True, text=True, check=True)
    assert definition_from_dict(json.loads(shown.stdout)) == definition_from_dict(small_definition_dict())
    with open_data_file(db, unlock=Unlock.with_password("wang", "district-pass-7")) as df:
        assert df.conn.execute("SELECT role FROM users WHERE name = 'wang'").fetchone()[0] == "district_admin"


def test_cli_refuses_a_broken_election_file_in_chinese(tmp_path: Path) -> None:
    (tmp_path / "e.json").write_text("{ not json", encoding="utf-8")
    out = subprocess.run([*POLLDESK, "election", "load", str(tmp_path / "e.json"), "--db", str(tmp_path / "d.polldesk")],
                         capture_output=True, text=True)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert "不是有效的" in out.stderr
    assert not (tmp_path / "d.polldesk").exists()


def test_documented_example_file_loads() -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "election.toml"
    d = load_definition(example)
    community = d.community("C01")
    assert [p.kind for p in community.places] == ["central", "mobile"]
    assert {k.kind for k in community.contests} == {"committee", "group_leader"}
