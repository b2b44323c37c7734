"""Live turnout (投票情况): ballots issued by place, by way of issuing and by hour, refreshed every few seconds."""

from __future__ import annotations

import sqlite3
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.i18n import tr
from app.pollbook import turnout
from app.pollbook.desk import place_names
from app.pollbook.state import state_label
from ui.desk.words import kind_word
from ui.login.look import LARGE
from ui.turnout.chart import BarChart

REFRESH_MS = 5000


class TurnoutPage(QWidget):
    """One contest's turnout at a glance: a summary line and three bar charts with their numbers."""

    def __init__(self, conn: sqlite3.Connection, parent: QWidget | None = None, refresh_ms: int = REFRESH_MS) -> None:
        super().__init__(parent)
        self.conn = conn
        self.figures: dict[str, Any] = {}
        self.setStyleSheet(LARGE)
        self.heading = QLabel(self)
        self.heading.setObjectName("title")
        self.contest = QComboBox(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.by_place, self.by_kind, self.by_hour = BarChart(self), BarChart(self), BarChart(self)
        charts = QWidget(self)
        column = QVBoxLayout(charts)
        for chart in (self.by_place, self.by_kind, self.by_hour):
            column.addWidget(chart)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(charts)
        row = QHBoxLayout()
        self.contest_label = QLabel(self)
        self.contest_label.setBuddy(self.contest)
        row.addWidget(self.contest_label)
        row.addWidget(self.contest, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)
        self.contest.currentIndexChanged.connect(lambda _: self.show_contest())
        self.timer = QTimer(self)
        self.timer.setInterval(refresh_ms)
        self.timer.timeout.connect(self.refresh)
        self.retranslate()

    def retranslate(self) -> None:
        """Every string again in the language now in use."""
        self.heading.setText(tr("Turnout"))
        self.contest_label.setText(tr("Contest"))
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """Refresh at once and then every few seconds, while the page is on screen."""
        self.refresh()
        self.timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        """No reading of the file while nobody looks (or after it was closed)."""
        self.timer.stop()
        super().hideEvent(event)

    def refresh(self) -> None:
        """Read the figures again from the file and redraw."""
        self.figures = turnout(self.conn)
        self.places = place_names(self.conn)
        # the committee election first, then the group leaders' (household) contests
        contests = dict(sorted(self.figures["contests"].items(), key=lambda item: item[1]["form"] == "household"))
        if [self.contest.itemData(n) for n in range(self.contest.count())] != list(contests):
            self.contest.blockSignals(True)
            self.contest.clear()
            for contest_id, figures in contests.items():
                self.contest.addItem(figures["name"], contest_id)
            self.contest.blockSignals(False)
        self.show_contest()

    def show_contest(self) -> None:
        """Draw the chosen contest's figures."""
        contest_id = self.contest.currentData()
        figures = self.figures.get("contests", {}).get(contest_id)
        if figures is None:
            self.summary.setText(tr("No contest in this file."))
            return
        who = tr("households") if figures["form"] == "household" else tr("voters")
        self.summary.setText(tr(
            "Poll {state}. Ballots issued: {issued} of {electorate} {who} ({percent}%). Received {received}, "
            "spoilt {spoilt}.", state=state_label(self.figures["state"]), issued=figures["issued"],
            electorate=figures["electorate"], who=who, percent=figures["turnout_percent"],
            received=figures["received"], spoilt=figures["spoilt"]))
        none = tr("No ballot issued yet.")
        self.by_place.set_bars(tr("By voting place"), [(self.places.get(code, code), count)
                                                       for code, count in figures["by_place"].items()], none)
        self.by_kind.set_bars(tr("By way of issuing"), [(kind_word(kind), count)
                                                        for kind, count in figures["by_kind"].items()], none)
        self.by_hour.set_bars(tr("By hour"), [(tr("{hour}:00 to {next}:00", hour=hour, next=f"{int(hour) + 1:02d}"),
                                               count) for hour, count in figures["by_hour"].items()], none)
