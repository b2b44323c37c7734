"""Fonts and style: a CJK font at a large base size (clerks are often elderly), focus always visible."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.errors import PollDeskError
from app.fonts import find_cjk_font
from app.i18n import tr_in
from app.paths import resources_dir

BASE_POINT_SIZE = 14

_loaded_family: str | None = None


def install_cjk_font(app: QApplication) -> str | None:
    """Load the CJK font and make it the application font; a problem comes back as a message."""
    global _loaded_family
    if _loaded_family is None:
        try:
            font = find_cjk_font()
        except PollDeskError as exc:
            # Without a CJK font the Chinese text would be boxes: say it in English too.
            return exc.message + "\n\n" + tr_in("en", exc.text, **exc.params)
        font_id = QFontDatabase.addApplicationFont(str(font.path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not families:
            error = PollDeskError("font_unusable", "The Chinese font {path} could not be loaded. Install another "
                                  "one (fonts-wqy-microhei).", path=str(font.path))
            return error.message + "\n\n" + tr_in("en", error.text, **error.params)
        _loaded_family = font.family if font.family in families else families[0]
    base = QFont(_loaded_family)
    base.setPointSize(BASE_POINT_SIZE)
    app.setFont(base)
    return None


def apply_style(app: QApplication) -> None:
    """The Fusion style (the same on every system) and resources/style.qss."""
    app.setStyle("Fusion")
    qss = resources_dir() / "style.qss"
    if qss.is_file():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
