"""Fixtures for the candidates screens: the app's font and style, no Qt warnings, a reviewed district file."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.qt_look import _app_look, _no_qt_warnings  # noqa: F401 (shared autouse fixtures)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "candidates"))

from candidatekit import District, cheap_hashes, district  # noqa: E402

__all__ = ["District", "cheap_hashes", "district"]


