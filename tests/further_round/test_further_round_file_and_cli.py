"""A further round in the election file (round/parent) and from the command line (`count further-round`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from counting_day import COMMITTEE
from further_round_day import FURTHER, ROUND_ONE, count_and_certify_round_one

from app.auth import HashParameters, add_user, login, set_hash_parameters
from app.cli import main
from app.db import create_data_file, open_data_file
from app.election.definition import definition_from_dict, definition_to_dict
from app.election.store import read_definition, store_definition
from app.errors import DefinitionError
from tests.conftest import small_definition_dict

PASSWORD = "station-pass-1"


def _with_further_round(data: dict, parent: str = "C01-committee", round_no: int = 2) -> dict:
    contests = data["communities"][0]["contests"]
    contests.append({"id": "C01-committee-r2", "kind": "committee", "form": "direct", "round": round_no,
                     "parent": parent, "name": "东湖社区第四届居民委员会选举（另行选举·第2轮）",
                     "positions": [{"id": "member", "seats": 1, "rank": 3}],
                     "candidates": [{"name": "杨洋", "position": "member", "sex": "M", "review_status": "passed"},
                                    {"name": "周杰", "position": "member", "sex": "M", "review_status": "passed"}]})
    return data


def test_an_election_file_carries_a_further_round_and_reads_back_the_same(tmp_path: Path) -> None:
    definition = definition_from_dict(_with_further_round(small_definition_dict()))
    further = definition.community("C01").contests[-1]
    assert (further.round, further.parent) == (2, "C01-committee")
    assert definition.community("C01").contests[0].round == 1 and definition.community("C01").contests[0].parent is None
    assert definition_from_dict(definition_to_dict(definition)) == definition
    assert "round" not in definition_to_dict(definition)["communities"][0]["contests"][0]
    with create_data_file(tmp_path / "d.polldesk", kind="district", election_id=definition.election.id) as df:
        store_definition(df, definition)
        assert read_definition(df.conn) == definition


@pytest.mark.parametrize(("parent", "round_no"), [("C01-nowhere", 2), ("C01-committee", 3), ("C01-G1", 2),
                                                  (None, 2)])
def test_a_further_round_must_continue_an_earlier_contest_of_its_kind(parent: str | None, round_no: int) -> None:
    with pytest.raises(DefinitionError) as caught:
        definition_from_dict(_with_further_round(small_definition_dict(), parent, round_no))  # type: ignore[arg-type]
    assert caught.value.code == "bad_round"


@pytest.fixture
def staffed_round_one(station_path: Path) -> Iterator[Path]:
    """Round 1 certified with a member seat unfilled, and a chief who signs in (cheap hashes for speed)."""
    previous = set_hash_parameters(HashParameters(time_cost=1, memory_cost=1024, parallelism=1))
    try:
        with open_data_file(station_path) as df:
            add_user(df, None, "chief1", "chief", PASSWORD)
            add_user(df, login(df.conn, "chief1", PASSWORD), "clerk1", "clerk", PASSWORD)
            count_and_certify_round_one(df.conn, ROUND_ONE)
        yield station_path
    finally:
        set_hash_parameters(previous)


def test_the_chief_creates_the_further_round_and_opens_the_poll_from_the_command_line(
        staffed_round_one: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLLDESK_PASSWORD", PASSWORD)
    code = main(["--lang", "en", "count", "further-round", str(staffed_round_one), "--contest", COMMITTEE,
                 "--user", "chief1", "--open-poll"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["further_round"] == FURTHER and report["state"] == "open"
    assert report["positions"] == [{"id": "member", "title": "委员", "seats": 1, "candidates": ["杨洋", "周杰"]}]
    code = main(["--lang", "en", "count", "further-round", str(staffed_round_one), "--user", "clerk1"])
    assert code != 0
