"""Fonts and style: a CJK font at a large base size (clerks are often elderly), text size, high contrast, focus.

The text size (100 % to 200 %) scales the application font and every `font-size: Npt` of the style sheets,
the application's and the ones pages set on themselves: the sheets are written for 100 % and generated for
the size chosen. Fonts a page sets in code (`setFont`) are scaled the same way when the widget is polished.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from app.errors import PollDeskError
from app.fonts import find_cjk_font
from app.i18n import tr_in
from app.paths import resources_dir

BASE_POINT_SIZE = 14
TEXT_SCALES = (100, 125, 150, 200)      # percent; View > Text size
SCALE_ENV = "POLLDESK_TEXT_SCALE"       # e.g. 200: for tests and screenshots, wins over the saved setting
CONTRAST_ENV = "POLLDESK_HIGH_CONTRAST"  # 1: high contrast, for tests and screenshots

_FONT_SIZE = re.compile(r"(font-size\s*:\s*)(\d+(?:\.\d+)?)pt")
_BOX_SIZE = re.compile(r"((?<![-\w])(?:width|height)\s*:\s*)(\d+)px")   # check box marks grow with the text
_SHEET = "polldeskSheet"        # a widget's own style sheet as written (at 100 %)
_SCALED_SHEET = "polldeskScaledSheet"
_POINTS = "polldeskPoints"      # a font size set in code (at 100 %)
_SCALED_POINTS = "polldeskScaledPoints"

_loaded_family: str | None = None


@dataclass(frozen=True)
class Look:
    """The text size in percent and whether the high-contrast theme is on."""

    scale: int = 100
    high_contrast: bool = False

    @staticmethod
    def from_environment(default: Look | None = None) -> Look:
        """POLLDESK_TEXT_SCALE and POLLDESK_HIGH_CONTRAST, where set, over `default`."""
        look = default or Look()
        scale = valid_scale(os.environ.get(SCALE_ENV, "").strip().rstrip("%"), look.scale)
        contrast = os.environ.get(CONTRAST_ENV, "").strip()
        high = contrast in ("1", "true", "yes", "on") if contrast else look.high_contrast
        return Look(scale, high)


def valid_scale(value: object, fallback: int = 100) -> int:
    """`value` as one of TEXT_SCALES, or `fallback`."""
    try:
        scale = int(str(value))
    except ValueError:
        return fallback
    return scale if scale in TEXT_SCALES else fallback


_look = Look()


def current_look() -> Look:
    """The text size and theme in use."""
    return _look


def points(size: float) -> int:
    """A point size written for 100 %, at the text size in use (fonts drawn with QPainter use this)."""
    return max(1, round(size * _look.scale / 100))


def set_points(widget: QWidget, size: int) -> None:
    """Give `widget` a font of `size` points as written for 100 %, at the text size in use (and later ones)."""
    font = widget.font()
    font.setPointSize(points(size))
    widget.setFont(font)
    widget.setProperty(_POINTS, size)
    widget.setProperty(_SCALED_POINTS, points(size))


def scaled_sheet(sheet: str, scale: int | None = None) -> str:
    """A style sheet written for 100 % at the text size (`scale` %, or the one in use): every `font-size: Npt`,
    and the `width`/`height` in px of marks such as a check box's."""
    factor = (_look.scale if scale is None else scale) / 100
    sheet = _BOX_SIZE.sub(lambda m: f"{m.group(1)}{round(int(m.group(2)) * factor)}px", sheet)
    return _FONT_SIZE.sub(lambda m: f"{m.group(1)}{max(1, round(float(m.group(2)) * factor))}pt", sheet)


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
    base.setPointSize(points(BASE_POINT_SIZE))
    app.setFont(base)
    return None


def app_sheet(look: Look) -> str:
    """resources/style.qss, plus style-high-contrast.qss when asked, at the look's text size."""
    names = ["style.qss"] + (["style-high-contrast.qss"] if look.high_contrast else [])
    files = [resources_dir() / name for name in names]
    return scaled_sheet("\n".join(f.read_text(encoding="utf-8") for f in files if f.is_file()), look.scale)


def contrast_palette(app: QApplication) -> QPalette:
    """Black on white, selections white on black, links and focus in a dark blue."""
    palette = QPalette(app.style().standardPalette())
    black, white = QColor("#000000"), QColor("#ffffff")
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase,
                 QPalette.ColorRole.Button, QPalette.ColorRole.ToolTipBase, QPalette.ColorRole.BrightText):
        palette.setColor(role, white)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.ToolTipText, QPalette.ColorRole.Highlight, QPalette.ColorRole.PlaceholderText):
        palette.setColor(role, black)
    palette.setColor(QPalette.ColorRole.HighlightedText, white)
    palette.setColor(QPalette.ColorRole.Link, QColor("#0000c0"))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#444444"))
    return palette


def apply_style(app: QApplication, look: Look | None = None) -> None:
    """The Fusion style (the same on every system), the style sheets and the font at `look`'s text size.

    Without `look`: the environment's (POLLDESK_TEXT_SCALE, POLLDESK_HIGH_CONTRAST), else 100 % and normal.
    """
    global _look
    _look = look or Look.from_environment()
    app.setStyle("Fusion")
    app.setPalette(contrast_palette(app) if _look.high_contrast else app.style().standardPalette())
    font = QFont(app.font())
    font.setPointSize(points(BASE_POINT_SIZE))
    app.setFont(font)
    app.setStyleSheet(app_sheet(_look))
    _Rescaler.follow(app, _look.scale != 100)
    for widget in app.allWidgets():
        # A widget deleted on the C++ side can still come back here under a stale wrapper of another type.
        if isinstance(widget, QWidget):
            rescale_widget(widget)


def rescale_widget(widget: QWidget) -> None:
    """A page's own style sheet and a font it set in code, again at the text size in use (once per size)."""
    sheet = widget.styleSheet()
    if "pt" in sheet or "px" in sheet or widget.property(_SHEET) is not None:
        written = widget.property(_SHEET) if sheet == widget.property(_SCALED_SHEET) else sheet
        wanted = scaled_sheet(str(written))
        widget.setProperty(_SHEET, written)
        widget.setProperty(_SCALED_SHEET, wanted)
        if wanted != sheet:
            widget.setStyleSheet(wanted)
    if widget.testAttribute(Qt.WidgetAttribute.WA_SetFont) and widget.font().pointSize() > 0:
        font = widget.font()
        size = font.pointSize()
        written_points = widget.property(_POINTS) if size == widget.property(_SCALED_POINTS) else size
        wanted_points = points(int(written_points))
        widget.setProperty(_POINTS, int(written_points))
        widget.setProperty(_SCALED_POINTS, wanted_points)
        if wanted_points != size:
            font.setPointSize(wanted_points)
            widget.setFont(font)


class _Rescaler(QObject):
    """Scales each new widget's own style sheet and code-set font when it is first polished (text size > 100 %)."""

    _instance: _Rescaler | None = None

    @classmethod
    def follow(cls, app: QApplication, on: bool) -> None:
        if on and cls._instance is None:
            cls._instance = cls(app)
            app.installEventFilter(cls._instance)
        elif not on and cls._instance is not None:
            app.removeEventFilter(cls._instance)
            cls._instance.deleteLater()
            cls._instance = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Polish and isinstance(watched, QWidget):
            rescale_widget(watched)
        return False
