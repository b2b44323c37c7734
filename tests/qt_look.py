"""The fixtures every GUI test folder shares: the real start-up's look, and no Qt warning allowed.

A folder's conftest.py imports them (`from tests.qt_look import _app_look, _no_qt_warnings`).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QtMsgType
from PySide6.QtWidgets import QApplication

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
