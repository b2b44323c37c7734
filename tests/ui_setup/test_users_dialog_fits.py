"""The users dialog reads whole at 100 % and 200 % text, in Chinese and English: its table needs no sideways
scroll bar, no button's words are cut, and on a 1280 x 800 laptop the four action buttons stand beside the table
in sight (screenshots kept in UI_SETUP_SHOTS when set)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QPushButton

from app.auth import FAILURES_BEFORE_LOCK, LoginError, add_user, login
from app.i18n import set_language
from tests.ui_setup.conftest import CHIEF, CHIEF_PASSWORD, CLERK, CLERK_PASSWORD
from tests.ui_setup.test_dialog_screens import SHOTS_ENV
from ui.main import MainWindow
from ui.theme import Look, apply_style
from ui.users_dialog import BESIDE, UsersDialog

LAPTOP = QSize(1280, 800)
LAPTOP_RUN = "POLLDESK_TEST_LAPTOP_SCREEN"     # set in the run on a 1280 x 800 offscreen screen
ROOT = Path(__file__).resolve().parents[2]
SignIn = Callable[[MainWindow, Path, str, str], None]


def _words(button: QPushButton) -> str:
    """The button's words as drawn: "&" marks the underlined letter, "&&" is an ampersand."""
    return button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")


def _cut_buttons(dialog: UsersDialog) -> list[str]:
    """The buttons narrower than their words (plus the style's padding of 22 px a side, as written)."""
    return [f"{_words(b)!r}: {b.width()} < {b.fontMetrics().horizontalAdvance(_words(b))} + 44"
            for b in (*dialog.action_buttons, dialog.close_button)
            if b.width() < b.fontMetrics().horizontalAdvance(_words(b)) + 44]


def _in_sight(dialog: UsersDialog, button: QPushButton) -> bool:
    """Whether the whole button shows in the dialog as it opened: in the scrolling body's visible part (not
    scrolled), or in the foot below it."""
    viewport = dialog.body.viewport()
    seen = QRect(viewport.mapTo(dialog, QPoint(0, 0)), viewport.size())
    where = QRect(button.mapTo(dialog, QPoint(0, 0)), button.size())
    return dialog.body.verticalScrollBar().value() == 0 and dialog.rect().contains(where) and (
        seen.contains(where) or not viewport.isAncestorOf(button))


def _users_of_a_busy_station(window: MainWindow) -> None:
    """The chief, a clerk locked out after wrong passwords, and a counter with a long full name."""
    assert window.data_file is not None
    add_user(window.data_file, window.session, CLERK, "clerk", CLERK_PASSWORD, display_name="李秀英")
    add_user(window.data_file, window.session, "ouyang.xm", "counter", "count-pass-2011",
             display_name="欧阳晓明（计票组）")
    start = datetime.now(UTC)
    for minute in range(FAILURES_BEFORE_LOCK):
        with pytest.raises(LoginError):
            login(window.data_file.conn, CLERK, "wrong-password", clock=lambda m=minute: start + timedelta(minutes=m))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("scale", [100, 200])
def test_the_users_dialog_reads_whole_on_a_laptop_screen(
        qtbot, qapp: QApplication, window: MainWindow, station_file: Path,  # type: ignore[no-untyped-def]
        sign_in: SignIn, tmp_path: Path, scale: int, language: str) -> None:
    sign_in(window, station_file, CHIEF, CHIEF_PASSWORD)
    _users_of_a_busy_station(window)
    set_language(language)
    apply_style(qapp, Look(scale))
    try:
        with qtbot.waitSignal(window.users_shown) as shown:
            window.manage_users()
        dialog: UsersDialog = shown.args[0]
        qtbot.waitExposed(dialog)
        qtbot.wait(100)         # the columns fit, then the dialog grows for the wrapped rows
        screen = dialog.screen().availableGeometry()
        assert screen.width() <= LAPTOP.width() and screen.height() <= LAPTOP.height(), \
            "this screen is no roomier than the laptop's"
        folder = Path(os.environ.get(SHOTS_ENV) or tmp_path)
        folder.mkdir(parents=True, exist_ok=True)
        assert dialog.grab().save(str(folder / f"users_{language}_{scale}_{screen.width()}.png"))

        table = dialog.table
        assert table.rowCount() == 3 and [u.locked for u in dialog.users] == [False, True, False]
        assert table.horizontalScrollBar().maximum() == 0, [table.columnWidth(c) for c in range(4)]
        assert dialog.body.horizontalScrollBar().maximum() == 0
        assert not _cut_buttons(dialog), _cut_buttons(dialog)
        assert dialog.width() <= screen.width() and dialog.height() <= screen.height()
        assert table.model().index(2, 1).data(Qt.ItemDataRole.ToolTipRole) == "欧阳晓明（计票组）", "a cut name shows whole in its tooltip"
        if screen.size() == LAPTOP:
            assert dialog.actions_at == BESIDE
            assert all(_in_sight(dialog, b) for b in (*dialog.action_buttons, dialog.close_button))
            assert all(b.x() > table.geometry().right() for b in dialog.action_buttons)
    finally:
        apply_style(qapp, Look())
        set_language("zh_CN")


@pytest.mark.skipif(bool(os.environ.get(LAPTOP_RUN)), reason="this is the laptop run")
def test_on_a_1280_by_800_laptop_the_buttons_stand_beside_the_table(tmp_path: Path) -> None:
    """The test above again, on an offscreen screen of 1280 x 800 (the default offscreen screen is 800 x 800)."""
    config = tmp_path / "laptop.json"
    config.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": LAPTOP.width(),
                                               "height": LAPTOP.height(), "logicalDpi": 96, "dpr": 1}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", **{LAPTOP_RUN: "1"})
    test = f"{Path(__file__).relative_to(ROOT)}::test_the_users_dialog_reads_whole_on_a_laptop_screen"
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", test],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "4 passed" in run.stdout
