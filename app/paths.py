"""Where PollDesk finds its resources, also inside a PyInstaller build."""

from __future__ import annotations

import sys
from pathlib import Path


def project_root() -> Path:
    """The folder that holds `app/` and `resources/` (the bundle folder when frozen)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    """The `resources/` folder: translations, icons, stylesheet."""
    return project_root() / "resources"
