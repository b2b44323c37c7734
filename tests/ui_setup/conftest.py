"""Fixtures for setting up a station and managing users in the window: a district, its setup package, a station."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.auth import HashParameters, add_user, set_hash_parameters
from app.db import create_data_file
from app.election.model import Definition
from app.election.store import store_definition
from app.exchange import district_fingerprint, export_setup_package, load_setup_package
from app.vault.wrapping import KdfCost, set_kdf_cost
from tests.qt_look import _app_look, _no_qt_warnings  # noqa: F401 (shared autouse fixtures)
from ui.main import MainWindow

CHIEF, CHIEF_PASSWORD = "wangjg", "chief-pass-2011"
CLERK, CLERK_PASSWORD = "lixy", "clerk-pass-2011"
PLACE = "C01-S1"


@dataclass(frozen=True)
class SetupPackage:
    """The district's setup package for one station, and the fingerprint and setup code printed on its setup sheet."""

    path: Path
    fingerprint: str
    setup_code: str


@pytest.fixture(autouse=True)
def _cheap_keys() -> Iterator[None]:
    """Cheap argon2 for passwords and key wrapping: a sign-in or a new user takes milliseconds."""
    hashes = set_hash_parameters(HashParameters(time_cost=1, memory_cost=1024, parallelism=1))
    kdf = set_kdf_cost(KdfCost(time_cost=1, memory_cost=1024, parallelism=1))
    yield
    set_hash_parameters(hashes)
    set_kdf_cost(kdf)


@pytest.fixture
def setup_package(tmp_path: Path, small_definition: Definition) -> SetupPackage:
    """A district file of the small election and the signed setup package of station C01-S1 on a "USB stick"."""
    with create_data_file(tmp_path / "district.polldesk", kind="district",
                          election_id=small_definition.election.id) as district:
        store_definition(district, small_definition)
        issued = export_setup_package(district, PLACE, tmp_path / "usb")
        return SetupPackage(issued.path, district_fingerprint(district.conn), issued.setup_code)


@pytest.fixture
def station_file(tmp_path: Path, setup_package: SetupPackage) -> Path:
    """An encrypted station file made from the package (as the CLI does), with its chief and one clerk."""
    path = tmp_path / "station" / "C01-S1.polldesk"
    with load_setup_package(setup_package.path, path, district_fingerprint=setup_package.fingerprint,
                            setup_code=setup_package.setup_code, encrypt_for=[(CHIEF, CHIEF_PASSWORD)]) as df:
        chief = add_user(df, None, CHIEF, "chief", CHIEF_PASSWORD, display_name="王建国")
        assert chief.role == "chief"
    return path


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(demo_path=tmp_path / "no-demo" / "district.polldesk")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def sign_in(qtbot) -> Callable[[MainWindow, Path, str, str], None]:  # type: ignore[no-untyped-def]
    """Open an encrypted file and sign in through its login dialog, typing as a person does."""
    def sign_in_(win: MainWindow, path: Path, name: str, password: str) -> None:
        with qtbot.waitSignal(win.login_requested, timeout=10_000) as shown:
            win.open_file(path)
        dialog = shown.args[0]
        qtbot.keyClicks(dialog.name, name)
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
        qtbot.keyClicks(dialog.password, password)
        with qtbot.waitSignal(win.file_loaded, timeout=10_000):
            qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    return sign_in_
