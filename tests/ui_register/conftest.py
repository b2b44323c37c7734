"""Register screen fixtures: a synthetic register of a few thousand voters, the small election's district file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QtMsgType
from PySide6.QtWidgets import QApplication
from register_screens_kit import synthetic_register

from app.db import create_data_file
from app.election.model import Definition
from app.election.store import store_definition
from ui.theme import apply_style, install_cjk_font


@pytest.fixture(autouse=True)
def _app_look(qapp: QApplication) -> None:
    """The same CJK font and style the real start-up uses."""
    assert install_cjk_font(qapp) is None
    apply_style(qapp)


@pytest.fixture(autouse=True)
def _no_qt_warnings(qtlog) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Any Qt warning fails the test (the offscreen platform's own notes excepted)."""
    yield
    bad = [r.message for r in qtlog.records
           if r.type in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
           and "This plugin does not support" not in r.message]
    assert not bad, bad


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
