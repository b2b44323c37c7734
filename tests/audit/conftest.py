"""Fixtures for audit-log tests: a district file and a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.db import DataFile, create_data_file


@pytest.fixture
def district(tmp_path: Path) -> Iterator[DataFile]:
    df = create_data_file(tmp_path / "district.polldesk", kind="district", election_id="test-2011")
    yield df
    df.close()
