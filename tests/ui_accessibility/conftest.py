"""Accessibility fixtures: the main window's files and sign-in (from tests/ui), the counting station, text size."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "counting_station"))

from counting_day import CHIEF, closed_station  # noqa: E402

from app.db import DataFile, open_data_file  # noqa: E402
from app.election.model import Definition  # noqa: E402
from app.pollbook import start_counting  # noqa: E402
from tests.datafiles import copy_data_file
from tests.qt_look import _no_qt_warnings  # noqa: E402, F401 (shared autouse fixture)
from tests.ui.conftest import (  # noqa: E402, F401 (fixtures shared with the main window's tests)
    _cheap_hashes,
    demo_district_file,
    demo_files,
    district_file,
    open_and_wait,
    sign_in,
    station_file,
    window,
)
from ui.theme import Look, apply_style, install_cjk_font  # noqa: E402


@pytest.fixture(autouse=True)
def _app_look(qapp: QApplication) -> Iterator[None]:
    """The real start-up's font and style at 100 %; whatever size a test chose is undone after it."""
    assert install_cjk_font(qapp) is None
    apply_style(qapp, Look())
    yield
    apply_style(qapp, Look())


@pytest.fixture
def look(qapp: QApplication) -> Callable[[int, bool], None]:
    """Switch the whole application to a text size and theme, as View > Text size does."""
    def set_look(scale: int, high_contrast: bool = False) -> None:
        apply_style(qapp, Look(scale, high_contrast))
    return set_look


@pytest.fixture
def counting_station(small_definition: Definition, tmp_path_factory: pytest.TempPathFactory,
                     tmp_path: Path) -> Iterator[DataFile]:
    """A fresh copy of the closed station file of tests/counting_station, counting started."""
    path = tmp_path / "station.polldesk"
    copy_data_file(closed_station(small_definition, tmp_path_factory), path)
    with open_data_file(path, kind="station") as df:
        start_counting(df.conn, CHIEF)
        yield df
