"""The large, high-contrast look of the sign-in, lock and desk screens (clerks are often elderly volunteers)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

# Every state is said in words; the colour and the thick border only help the eye.
LARGE = """
QWidget { font-size: 18pt; }
QLineEdit { padding: 6px 10px; border: 2px solid #616161; border-radius: 4px; }
QLineEdit:focus { border: 4px solid #0d47a1; padding: 4px 8px; }
QLabel#title { font-size: 24pt; font-weight: bold; }
QLabel#hint { color: #424242; font-size: 15pt; }
QLabel#message { padding: 8px 12px; }
QLabel#message[big="true"] { font-size: 22pt; font-weight: bold; }
QLabel#message[tone="bad"] { border: 4px solid #c62828; background: #ffebee; color: #000000; padding: 8px 12px; }
QLabel#message[tone="good"] { border: 4px solid #2e7d32; background: #e8f5e9; color: #000000; padding: 8px 12px; }
QLabel#message[tone="warn"] { border: 4px solid #e65100; background: #fff3e0; color: #000000; padding: 8px 12px; }
QLabel#message[tone="info"] { border: 2px solid #90a4ae; background: #eceff1; color: #000000; padding: 8px 12px; }
QPushButton { padding: 8px 22px; }
QCheckBox::indicator { width: 26px; height: 26px; }
QPushButton:focus { border: 3px solid #0d47a1; }
QPushButton:disabled { color: #757575; }
"""


def message_label(parent: QWidget) -> QLabel:
    """A boxed message line: `show_message` sets its words and tone."""
    label = QLabel(parent)
    label.setObjectName("message")
    label.setWordWrap(True)
    label.hide()
    return label


def show_message(label: QLabel, text: str, tone: str = "bad") -> None:
    """Show `text` in the box, with tone "bad" (refused), "good" (done), "warn" or "info"; empty hides it."""
    label.setProperty("tone", tone)
    label.style().unpolish(label)
    label.style().polish(label)
    label.setText(text)
    label.setVisible(bool(text))


def plain_button(text: str, parent: QWidget) -> QPushButton:
    """A button that Enter in a text field does not press: each field says what its Enter does."""
    button = QPushButton(text, parent)
    button.setAutoDefault(False)
    button.setDefault(False)
    return button
