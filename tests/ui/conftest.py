"""UI fixtures: files from the small election and the demo, signing in, the app's fonts and style, no Qt warnings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.auth import DEMO_PASSWORD, HashParameters, ensure_demo_users, set_hash_parameters
from app.db import DataFile, create_data_file, open_data_file, transaction
from app.demo import run_demo
from app.election.model import Definition
from app.election.store import read_election, store_definition
from tests.datafiles import copy_data_file
from tests.qt_look import _app_look, _no_qt_warnings  # noqa: F401 (shared autouse fixtures)
from ui.main import MainWindow

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


# ---- the demo district and one of its stations, built once for the whole UI test session ----------------

CHEAP = HashParameters(time_cost=1, memory_cost=1024, parallelism=1)
STATION = "C02-Z"   # 太平社区中心会场


@pytest.fixture(autouse=True)
def _cheap_hashes() -> Iterator[None]:
    """Cheap argon2 parameters: a login takes milliseconds instead of a noticeable moment."""
    previous = set_hash_parameters(CHEAP)
    yield
    set_hash_parameters(previous)


@pytest.fixture(scope="session")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The 4,000-voter demo built once: its district file (no users) and station C02-Z with clerk1 and chief1."""
    out = tmp_path_factory.mktemp("main-demo")
    previous = set_hash_parameters(CHEAP)
    try:
        summary = run_demo(out / "demo", voters=4000)
        station = Path(summary["station_files"][STATION])
        with open_data_file(station, kind="station") as df:
            ensure_demo_users(df, read_election(df.conn))
    finally:
        set_hash_parameters(previous)
    return {"district": Path(summary["district_file"]), "station": station}


@pytest.fixture
def station_file(demo_files: dict[str, Path], tmp_path: Path) -> Path:
    """This test's own copy of the demo station C02-Z."""
    path = tmp_path / "C02-Z.polldesk"
    copy_data_file(demo_files["station"], path)
    return path


@pytest.fixture
def demo_district_file(demo_files: dict[str, Path], tmp_path: Path) -> Path:
    """This test's own copy of the demo district file."""
    path = tmp_path / "district.polldesk"
    copy_data_file(demo_files["district"], path)
    return path


@pytest.fixture
def sign_in(qtbot) -> Callable[..., None]:  # type: ignore[no-untyped-def]
    """Open a file and sign in through the login dialog, typing as a person does."""
    def sign_in_(win: MainWindow, path: Path, name: str, password: str = DEMO_PASSWORD) -> None:
        with qtbot.waitSignal(win.login_requested, timeout=10_000) as shown:
            win.open_file(path)
        dialog = shown.args[0]
        qtbot.keyClicks(dialog.name, name)
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
        assert dialog.password.hasFocus()
        qtbot.keyClicks(dialog.password, password)
        with qtbot.waitSignal(win.file_loaded, timeout=10_000):
            qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: QApplication.activeWindow() is win)   # the window has the keyboard again
    return sign_in_
