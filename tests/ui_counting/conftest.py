"""Counting-board fixtures: the counting station's file (poll closed, counting started), the app's look, no Qt warnings."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QtMsgType
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "counting_station"))

from counting_day import CHIEF, closed_station  # noqa: E402

from app.db import DataFile, open_data_file  # noqa: E402
from app.election.model import Definition  # noqa: E402
from app.pollbook import start_counting  # noqa: E402
from ui.theme import apply_style, install_cjk_font  # noqa: E402


@pytest.fixture
def station(small_definition: Definition, tmp_path_factory: pytest.TempPathFactory,
            tmp_path: Path) -> Iterator[DataFile]:
    """A fresh copy of the closed station file, counting started."""
    path = tmp_path / "station.polldesk"
    shutil.copy(closed_station(small_definition, tmp_path_factory), path)
    with open_data_file(path, kind="station") as df:
        start_counting(df.conn, CHIEF)
        yield df


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
