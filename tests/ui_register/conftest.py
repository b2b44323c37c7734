"""Register screen fixtures: a synthetic register of a few thousand voters, the small election's district file."""

from __future__ import annotations

from pathlib import Path

import pytest
from register_screens_kit import synthetic_register

from app.db import create_data_file
from app.election.model import Definition
from app.election.store import store_definition
from tests.qt_look import _app_look, _no_qt_warnings  # noqa: F401 (shared autouse fixtures)


@pytest.fixture
def register_file(tmp_path: Path) -> Path:
    """A register of 3,000 voters."""
    return synthetic_register(tmp_path / "register.polldesk", 3000)


@pytest.fixture
def district(tmp_path: Path, small_definition: Definition) -> Path:
    """The small election's district file (东湖社区 C01, 西园社区 C02, groups 1-4), no voters yet."""
    path = tmp_path / "district.polldesk"
    with create_data_file(path, kind="district", election_id=small_definition.election.id) as df:
        store_definition(df, small_definition)
    return path
