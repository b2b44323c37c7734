"""The user's settings (QSettings in the user's config folder): language, text size, contrast, recent files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

from app.i18n import LANGUAGES
from ui.theme import Look, valid_scale

MAX_RECENT = 8


def user_settings() -> QSettings:
    """The settings file `PollDesk/polldesk.ini` in the user's config folder.

    The path is looked up on every call (not cached by Qt) so a test's own config folder is used.
    """
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    return QSettings(str(Path(base) / "PollDesk" / "polldesk.ini"), QSettings.Format.IniFormat)


def saved_language(settings: QSettings) -> str | None:
    """The language the user chose last time, if any."""
    value = settings.value("language")
    return value if isinstance(value, str) and value in LANGUAGES else None


def save_language(settings: QSettings, language: str) -> None:
    """Remember the chosen language."""
    settings.setValue("language", language)
    settings.sync()


def saved_look(settings: QSettings) -> Look:
    """The text size and theme chosen last time (100 % and normal contrast at first)."""
    contrast = settings.value("high_contrast", False)
    high = contrast in (True, "true", "1", 1) if not isinstance(contrast, str) else contrast.lower() in ("true", "1")
    return Look(valid_scale(settings.value("text_scale", 100)), high)


def save_look(settings: QSettings, look: Look) -> None:
    """Remember the text size and theme."""
    settings.setValue("text_scale", look.scale)
    settings.setValue("high_contrast", look.high_contrast)
    settings.sync()


def recent_files(settings: QSettings) -> list[str]:
    """The files opened last, newest first, that still exist."""
    value = settings.value("recent_files", [])
    paths = [value] if isinstance(value, str) else list(value) if isinstance(value, list | tuple) else []
    return [p for p in paths if isinstance(p, str) and Path(p).is_file()][:MAX_RECENT]


def remember_file(settings: QSettings, path: Path) -> list[str]:
    """Put `path` first in the recent files and return the new list."""
    text = str(path.resolve())
    paths = [text] + [p for p in recent_files(settings) if p != text]
    settings.setValue("recent_files", paths[:MAX_RECENT])
    settings.sync()
    return paths[:MAX_RECENT]
