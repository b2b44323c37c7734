"""Parts the dialogs share: contents that scroll instead of squeezing, sized to the screen, and jobs whose
PollDeskError comes back as a value for the dialog to show in its own words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QBoxLayout, QDialog, QFrame, QLayout, QScrollArea, QVBoxLayout, QWidget

from app.errors import PollDeskError

WIDTH_IN_CHARACTERS = 36     # a dialog's width, in Chinese characters of its font, when the screen has room
SCREEN_SHARE = 0.9


def scroll_body(dialog: QDialog, body: QLayout, footer: QBoxLayout) -> QScrollArea:
    """The dialog's contents in a scroll area, its buttons (`footer`) below them in sight: at a large text size
    on a small screen the fields scroll, they are never squeezed."""
    content = QWidget(dialog)
    content.setLayout(body)
    scroll = QScrollArea(dialog)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setWidget(content)
    outer = QVBoxLayout(dialog)
    outer.addWidget(scroll, 1)
    outer.addLayout(footer)
    return scroll


def fit_to_screen(dialog: QDialog, scroll: QScrollArea) -> None:
    """Give the dialog the room its contents ask for (a comfortable width), within the screen."""
    content, outer = scroll.widget(), dialog.layout()
    assert content is not None and outer is not None, "made by scroll_body"
    room = dialog.screen().availableGeometry()
    bar = scroll.verticalScrollBar().sizeHint().width() + 2 * outer.contentsMargins().left()
    width = max(content.sizeHint().width(), dialog.fontMetrics().horizontalAdvance("中") * WIDTH_IN_CHARACTERS)
    width = min(width + bar, int(room.width() * SCREEN_SHARE))
    layout = content.layout()
    body = layout.heightForWidth(width - bar) if layout is not None and layout.hasHeightForWidth() else -1
    height = max(body, content.sizeHint().height()) + outer.sizeHint().height() - scroll.sizeHint().height()
    dialog.resize(width, min(height + bar, int(room.height() * SCREEN_SHARE)))


def reveal(dialog: QDialog, scroll: QScrollArea, widget: QWidget) -> None:
    """Once a message just shown is laid out: grow the dialog for it (within the screen) and scroll it into sight."""
    def show() -> None:
        size = dialog.size()
        fit_to_screen(dialog, scroll)
        dialog.resize(dialog.size().expandedTo(size))
        scroll.ensureWidgetVisible(widget)
    QTimer.singleShot(0, scroll, show)


def guarded(job: Callable[[], Any]) -> Callable[[], Any]:
    """`job`, handing back a PollDeskError instead of raising it: the dialog shows it in its own words."""
    def run() -> Any:
        try:
            return job()
        except PollDeskError as exc:
            return exc
    return run
