"""The user's settings (QSettings in the user's config folder): language and recent files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

from app.i18n import LANGUAGES

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
