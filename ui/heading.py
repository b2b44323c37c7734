"""A page heading label: its own module so the welcome page does not load the file pages at start-up."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def heading(parent: QWidget) -> QLabel:
    """A page heading (bigger, bold: see resources/style.qss)."""
    label = QLabel(parent)
    label.setObjectName("heading")
    label.setWordWrap(True)
    return label
