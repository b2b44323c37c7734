"""What an accessibility test looks at: words cut off on screen, the widget with the keyboard, pictures."""

from __future__ import annotations

import os
import re
from pathlib import Path

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

SCREEN = (1366, 768)      # the laptop the window must fit


def _shown_text(text: str) -> str:
    """The text as drawn: no mnemonic ampersands, no markup."""
    return re.sub(r"<[^>]+>", "", text.replace("&&", "\0").replace("&", "").replace("\0", "&"))


def clipped_texts(top: QWidget) -> list[str]:
    """Labels and buttons shown under `top` whose text is wider than the room they have.

    Word-wrapped labels wrap by design and are left out; a text cut short by the code with "…" fits by design.
    """
    clipped = []
    for widget in [top, *top.findChildren(QWidget)]:
        if not isinstance(widget, QLabel | QAbstractButton) or not widget.isVisible():
            continue
        if isinstance(widget, QLabel) and (widget.wordWrap() or widget.pixmap() is not None and
                                           not widget.pixmap().isNull()):
            continue
        text = _shown_text(widget.text())
        if not text.strip():
            continue
        metrics = QFontMetrics(widget.font())
        needed = max(metrics.horizontalAdvance(line) for line in text.splitlines())
        room = widget.contentsRect().width()
        if needed > room:
            clipped.append(f"{type(widget).__name__} {text!r}: needs {needed} px, has {room} px")
    return clipped


def focus_is_visible() -> bool:
    """Some widget of the active window has the keyboard, and it is on screen."""
    widget = QApplication.focusWidget()
    return widget is not None and widget.isVisible() and widget.window().isActiveWindow()


def picture_folder(tmp_path: Path) -> Path:
    """POLLDESK_SCREENSHOTS/a11y when set (pictures for a person to look at), else the test's own folder."""
    base = os.environ.get("POLLDESK_SCREENSHOTS")
    folder = Path(base) / "a11y" if base else tmp_path / "a11y"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
