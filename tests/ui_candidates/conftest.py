"""Fixtures for the candidates screens: the app's font and style, no Qt warnings, a reviewed district file."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QtMsgType
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "candidates"))

from candidatekit import District, cheap_hashes, district  # noqa: E402

from ui.theme import apply_style, install_cjk_font  # noqa: E402

__all__ = ["District", "cheap_hashes", "district"]


@pytest.fixture(autouse=True)
def _app_look(qapp: QApplication) -> None:
    assert install_cjk_font(qapp) is None
    apply_style(qapp)


@pytest.fixture(autouse=True)
def _no_qt_warnings(qtlog) -> Iterator[None]:  # type: ignore[no-untyped-def]
    yield
    bad = [r.message for r in qtlog.records
           if r.type in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
           and "This plugin does not support" not in r.message]
    assert not bad, bad
