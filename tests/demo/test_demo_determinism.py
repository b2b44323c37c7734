"""The same seed rebuilds the same district; another seed gives other people."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.db import open_data_file
from app.demo import run_demo
from app.demo.district import build_district

VOTER_COLUMNS = ("id, community_code, group_id, household_id, name, sex, birth_date, id_masked, ethnicity,"
                 " category, address, place_code, status")


def _voter_rows(out: Path) -> list[tuple[Any, ...]]:
    """Every voter row but the keyed hash (the register key is a fresh secret in every file)."""
    with open_data_file(out / "district.polldesk") as df:
        return [tuple(r) for r in df.conn.execute(f"SELECT {VOTER_COLUMNS} FROM voters ORDER BY id")]


def _without_seconds(summary: dict[str, Any]) -> bytes:
    return json.dumps({k: v for k, v in summary.items() if k not in ("seconds", "stage_seconds")}, ensure_ascii=False).encode()


def test_same_seed_rebuilds_the_same_district_byte_for_byte(tmp_path: Path) -> None:
    steps: list[tuple[int, int]] = []
    first = run_demo(tmp_path, voters=1_500, seed=7, progress=lambda done, total: steps.append((done, total)))
    rows = _voter_rows(tmp_path)
    second = run_demo(tmp_path, voters=1_500, seed=7, force=True)
    assert _without_seconds(first) == _without_seconds(second)
    assert _voter_rows(tmp_path) == rows
    assert len(rows) == 1_500
    assert steps[-1][0] == steps[-1][1] == 2 + len(first["station_files"])


def test_another_seed_gives_other_names_and_communities() -> None:
    one, two = build_district(1, 1_000), build_district(2, 1_000)
    names_one = [v.person.name for v in one.voters]
    names_two = [v.person.name for v in two.voters]
    assert names_one != names_two
    assert [c.name for c in one.definition.communities] != [c.name for c in two.definition.communities]
    assert one.definition.election.id == "demo-2011-s1" != two.definition.election.id


def test_names_use_real_surnames_and_two_or_three_characters() -> None:
    district = build_district(2011, 20_000)
    names = [v.person.name for v in district.voters]
    assert {len(n) for n in names} <= {2, 3, 4}
    assert 0.6 < sum(len(n) == 3 for n in names) / len(names) < 0.95
    assert sum(n.startswith("陈") for n in names) > sum(n.startswith("王") for n in names)  # a Guangdong district
    assert any(n[:2] in {"欧阳", "司马", "诸葛", "司徒", "上官"} for n in names)
    assert {n[0] for n in names} >= set("曾单解仇区覃")


@pytest.mark.parametrize("voters", [999, 1_000_001])
def test_a_demo_of_impossible_size_is_refused(tmp_path: Path, voters: int) -> None:
    from app.errors import PollDeskError

    with pytest.raises(PollDeskError) as err:
        run_demo(tmp_path, voters=voters)
    assert err.value.code == "demo_size"
    assert list(tmp_path.iterdir()) == []
