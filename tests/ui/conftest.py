"""UI fixtures: data files built from the small election, the app's fonts and style, no Qt warnings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QtMsgType
from PySide6.QtWidgets import QApplication

from app.db import DataFile, create_data_file, transaction
from app.election.model import Definition
from app.election.store import store_definition
from ui.main import MainWindow
from ui.theme import apply_style, install_cjk_font

# Per community: (households per group 1..4, voters per household); one voter of C01 is removed.
HOUSEHOLDS_PER_GROUP = {"C01": (2, 1, 1, 1), "C02": (1, 1, 0, 1)}
VOTERS_PER_HOUSEHOLD = 2


def _add_register(df: DataFile, group_ids: dict[tuple[str, int], int]) -> None:
    """A few households and voters, written straight into the tables (the register importer is not ours)."""
    with transaction(df.conn) as conn:
        serial = 0
        for community, per_group in HOUSEHOLDS_PER_GROUP.items():
            for number, households in enumerate(per_group, 1):
                group = group_ids[(community, number)]
                for h in range(households):
                    cur = conn.execute(
                        "INSERT INTO households(community_code, group_id, number) VALUES (?,?,?)",
                        (community, group, f"{number}-{h + 1}"))
                    for _ in range(VOTERS_PER_HOUSEHOLD):
                        serial += 1
                        conn.execute(
                            "INSERT INTO voters(community_code, group_id, household_id, name, sex, birth_date,"
                            " id_hash, id_masked) VALUES (?,?,?,?,?,?,?,?)",
                            (community, group, cur.lastrowid, f"居民{serial}", "MF"[serial % 2], "1960-05-01",
                             f"hash{serial}", "110105********001X"))
        conn.execute("UPDATE voters SET status = 'removed', status_reason = '迁出' WHERE id = 1")


def make_file(path: Path, definition: Definition, *, register: bool = True) -> Path:
    """A district file holding the definition and (for the small election) a small register."""
    with create_data_file(path, kind="district", election_id=definition.election.id) as df:
        group_ids = store_definition(df, definition)
        if register:
            _add_register(df, group_ids)
    return path


@pytest.fixture
def make_district_file() -> Callable[..., Path]:
    """`make_file` for tests that build their own election."""
    return make_file


@pytest.fixture
def district_file(tmp_path: Path, small_definition: Definition) -> Path:
    return make_file(tmp_path / "district.polldesk", small_definition)


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
def window(qtbot, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(demo_path=tmp_path / "no-demo" / "district.polldesk")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def open_and_wait(qtbot) -> Callable[[MainWindow, Path], None]:  # type: ignore[no-untyped-def]
    """Open a file the way File > Open does, and wait until the pages show it."""
    def open_(win: MainWindow, path: Path) -> None:
        with qtbot.waitSignal(win.file_loaded, timeout=10_000):
            win.open_file(path)
    return open_
