"""Opening an encrypted station file: the login dialog comes first, one name and password unlock and sign in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.audit import read_events
from app.auth import DEMO_PASSWORD
from app.vault.copies import encrypt_data_file
from app.vault.wrapping import KdfCost, set_kdf_cost
from ui.login.unlock import UnlockFirst
from ui.main import MainWindow


@pytest.fixture(autouse=True)
def _cheap_keys() -> Iterator[None]:
    previous = set_kdf_cost(KdfCost(time_cost=1, memory_cost=1024, parallelism=1))
    yield
    set_kdf_cost(previous)


@pytest.fixture
def encrypted_station(station_file: Path) -> Path:
    """The demo station C02-Z, encrypted for its chief1 only (clerk1 is a user but cannot unlock it)."""
    encrypt_data_file(station_file, encrypt_for=[("chief1", DEMO_PASSWORD)])
    return station_file


def _type(qtbot, dialog, name: str, password: str) -> None:  # type: ignore[no-untyped-def]
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, name)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.password, password)


def test_the_chiefs_one_password_unlocks_the_station_file_and_signs_in(
        qtbot, window: MainWindow, encrypted_station: Path) -> None:  # type: ignore[no-untyped-def]
    # The station's own pages are left out: ui/desk/page.py still opens the file again by its path.
    unlock = UnlockFirst(window, encrypted_station)
    with qtbot.waitSignal(unlock.login_shown, timeout=10_000) as shown:
        unlock.start()
    dialog = shown.args[0]
    assert "加密文件 C02-Z.polldesk — C02-Z" in [label.text() for label in dialog.findChildren(QLabel)]
    _type(qtbot, dialog, "chief1", DEMO_PASSWORD)
    with qtbot.waitSignal(unlock.unlocked, timeout=10_000) as opened:
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    data_file, session = opened.args
    with data_file:
        assert data_file.encrypted and data_file.place_code == "C02-Z"
        assert (session.user, session.role) == ("chief1", "chief")
        assert [e.user for e in read_events(data_file.conn, event="login_ok")][-1:] == ["chief1"]


def test_a_wrong_password_or_a_user_without_a_key_opens_nothing(
        qtbot, window: MainWindow, encrypted_station: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.login_requested, timeout=10_000) as shown:
        window.open_file(encrypted_station)
    dialog = shown.args[0]
    assert window.data_file is None                           # nothing read before the password
    _type(qtbot, dialog, "chief1", "not-the-password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.message.text().startswith("用户名或密码错误。")
    assert dialog.password.text() == "" and window.data_file is None and dialog.isVisible()
    qtbot.waitUntil(dialog.button.isEnabled, timeout=3000)   # the one-second wait after a wrong password
    _type(qtbot, dialog, "clerk1", DEMO_PASSWORD)            # signs in to the file, but was never given its key
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.message.text().startswith("用户名或密码错误。") and window.data_file is None
    dialog.reject()
    assert window.data_file is None and window.screens.currentIndex() == 0      # still the welcome page

