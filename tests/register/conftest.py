"""Register fixtures: the district office's file of the small election."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.db import DataFile, create_data_file
from app.election.model import Definition
from app.election.store import store_definition


@pytest.fixture
def district(tmp_path: Path, small_definition: Definition) -> Iterator[DataFile]:
    """The district office's file of the small election (东湖社区 C01, 西园社区 C02, groups 1-4), no voters."""
    df = create_data_file(tmp_path / "district.polldesk", kind="district", election_id=small_definition.election.id)
    store_definition(df, small_definition)
    yield df
    df.close()
