"""The page shown when no file is open: open a data file, set up a station, open the demo district, or a recent file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from app.i18n import tr
from ui.heading import heading
from ui.table_cells import fill_list


class WelcomePage(QWidget):
    """First page: big buttons and the recent files, all reachable by keyboard."""

    open_requested = Signal()
    demo_requested = Signal()
    recent_requested = Signal(str)
    setup_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = heading(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("bigButton")
        self.open_button.clicked.connect(self.open_requested)
        self.demo_button = QPushButton(self)
        self.demo_button.setObjectName("bigButton")
        self.demo_button.clicked.connect(self.demo_requested)
        self.setup_button = QPushButton(self)
        self.setup_button.setObjectName("bigButton")
        self.setup_button.clicked.connect(self.setup_requested)
        self.recent_label = QLabel(self)
        self.recent = QListWidget(self)
        self.recent.itemActivated.connect(lambda item: self.recent_requested.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.recent_label.setBuddy(self.recent)
        self.recent.setMaximumHeight(360)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(14)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addSpacing(12)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.setup_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(12)
        layout.addWidget(self.recent_label)
        layout.addWidget(self.recent)
        layout.addStretch(1)
        self.setFocusProxy(self.open_button)
        self.retranslate()

    def set_recent(self, paths: list[str]) -> None:
        """Show the recent files (the path as tooltip, the name first)."""
        fill_list(self.recent, [f"{Path(path).name}    {Path(path).parent}" for path in paths], data=paths,
                  tooltips=paths)
        self.recent.setVisible(bool(paths))
        self.recent_label.setVisible(bool(paths))
        if paths:
            self.recent.setCurrentRow(0)

    def retranslate(self) -> None:
        self.title.setText(tr("PollDesk — community election software"))
        self.intro.setText(tr("Open the data file of the district office or of a polling station. "
                              "Everything stays on this computer; no network is needed."))
        self.open_button.setText(tr("&Open a data file…"))
        self.setup_button.setText(tr("Set &up this station from a setup package…"))
        self.demo_button.setText(tr("Open the &demo district…"))
        self.recent_label.setText(tr("&Recent files (press Enter to open):"))
