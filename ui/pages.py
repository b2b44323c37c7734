"""The pages of an open file: the election, its communities, voting places and contests."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QTableView, QVBoxLayout, QWidget

from app.i18n import tr
from ui import words
from ui.heading import heading
from ui.table import Column, RowTableModel, fit_columns, table_view

if TYPE_CHECKING:   # types only: app.election is read with the first file, not at start-up
    from app.election.overview import ContestRow, Overview


class ElectionPage(QScrollArea):
    """The election: name, district, day, mode, this file, the totals and the key rules (scrolls on small screens).

    Two columns, label and value: the labels wrap within a bounded width (at most LABEL_SHARE of the page) so
    a long rule label never pushes the values off the screen at 200 % text, and the values wrap too.
    """

    FACTS = 12
    RULES = 8
    LABEL_SHARE = 0.4        # the labels' column takes at most this part of the page's width
    LABEL_EMS = 8            # ... and never less than this many characters' width

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)   # everything wraps instead
        self.content = QWidget(self)
        self.setWidget(self.content)
        self._overview: Overview | None = None
        self.title = heading(self.content)
        self.rules_title = heading(self.content)
        self.rules_title.setObjectName("subheading")
        self.facts, self.fact_rows = self._form(self.FACTS)
        self.rules, self.rule_rows = self._form(self.RULES)
        layout = QVBoxLayout(self.content)
        layout.addWidget(self.title)
        layout.addLayout(self.facts)
        layout.addWidget(self.rules_title)
        layout.addLayout(self.rules)
        layout.addStretch(1)

    def _form(self, rows: int) -> tuple[QGridLayout, list[tuple[QLabel, QLabel]]]:
        """A grid of `rows` label/value pairs, made once; a language switch only sets their texts."""
        form = QGridLayout()
        form.setHorizontalSpacing(24)
        form.setVerticalSpacing(8)
        form.setColumnStretch(1, 1)
        top = Qt.AlignmentFlag.AlignTop
        pairs = []
        for row in range(rows):
            label, value = QLabel(self.content), QLabel(self.content)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | top)
            label.setWordWrap(True)
            value.setWordWrap(True)
            value.setAlignment(Qt.AlignmentFlag.AlignLeft | top)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addWidget(label, row, 0)
            form.addWidget(value, row, 1)
            pairs.append((label, value))
        return form, pairs

    def show_overview(self, overview: Overview | None) -> None:
        self._overview = overview
        self.retranslate()

    def retranslate(self) -> None:
        o = self._overview
        self.rules_title.setText(tr("Key rules") if o else "")
        if o is None:
            self.title.setText("")
            for label, value in self.fact_rows + self.rule_rows:
                label.clear()
                value.clear()
            return
        s, e, t = o.summary, o.summary.election, o.totals
        self.title.setText(e.name)
        place = (tr("District office file") if s.is_district
                 else tr("Station file: {code} {name}", code=s.place_code or "", name=s.place_name or ""))
        self._fill(self.fact_rows, [
            (tr("District"), e.district_name or "—"),
            (tr("Election day"), e.election_day.isoformat()),
            (tr("Mode"), words.mode(e.mode)),
            (tr("This file"), place),
            (tr("File path"), breakable_path(str(s.path))),
            (tr("Communities"), str(t.communities)),
            (tr("Resident groups"), str(t.groups)),
            (tr("Households"), str(t.households)),
            (tr("Registered voters"), str(t.voters)),
            (tr("Voting places"), str(t.places)),
            (tr("Contests"), str(t.contests)),
            (tr("Candidates"), str(t.candidates)),
        ])
        r = e.rules
        self._fill(self.rule_rows, [
            (tr("Committee size"), tr("{low} to {high} members", low=r.committee_min, high=r.committee_max)),
            (tr("Quorum"), tr("more than {share} of registered voters take part", share=r.quorum_fraction)),
            (tr("To be elected"), tr("more than {share} of the ballots collected", share=r.winning_fraction)),
            (tr("Further round"), tr("at least {share} of that round's ballots", share=r.runoff_fraction)),
            (tr("Proxy votes"), tr("at most {n} authorisations per proxy", n=r.proxy_cap)),
            (tr("Posting of the voter list"), tr("{n} days before election day", n=r.list_posting_days)),
            (tr("At least one woman"), words.yes_no(r.require_woman)),
            (tr("Votes for a higher position count for a lower one"),
             words.yes_no(r.higher_position_aggregation)),
        ])
        self._fit_labels()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """Only the heading's height: the page scrolls its own rows, so the main window need not scroll too."""
        hint = super().minimumSizeHint()
        return QSize(hint.width(), min(hint.height(), 4 * self.title.sizeHint().height()))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if hasattr(self, "rule_rows"):
            self._fit_labels()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        # the viewport narrows when the vertical scroll bar comes, without the page itself being resized
        if event.type() == QEvent.Type.Resize and hasattr(self, "rule_rows"):
            self._fit_labels()
        return super().viewportEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "rule_rows"):     # a new text size
            self._fit_labels()

    def _fit_labels(self) -> None:
        """Both forms' labels one width, so the values line up in one column: as wide as the widest label
        on one line, but at most LABEL_SHARE of the page (longer labels wrap onto more lines)."""
        labels = [label for label, _ in self.fact_rows + self.rule_rows]
        metrics = labels[0].fontMetrics()
        widest = max([metrics.horizontalAdvance(label.text()) for label in labels] + [0])
        bound = max(metrics.averageCharWidth() * self.LABEL_EMS, int(self.viewport().width() * self.LABEL_SHARE))
        width = min(widest + 4, bound)
        for label in labels:
            if label.width() != width or label.minimumWidth() != width:
                label.setFixedWidth(width)

    @staticmethod
    def _fill(rows: list[tuple[QLabel, QLabel]], texts: Sequence[tuple[str, str]]) -> None:
        for (label, value), (label_text, value_text) in zip(rows, texts, strict=True):
            label.setText(label_text + tr(":"))
            value.setText(value_text)


PATH_BREAKS = re.compile(r"([/\\_.\-])")
PATH_RUN = 16        # a longer run of characters with no separator may break after this many


def breakable_path(path: str) -> str:
    """A file path that may wrap on a narrow page (a zero-width space where it may): after each folder separator,
    "_", "-" and ".", and inside any longer run of characters, so no one folder name is wider than the page."""
    pieces = PATH_BREAKS.sub("\\1\u200b", path).split("\u200b")
    return "\u200b".join("\u200b".join(piece[n:n + PATH_RUN] for n in range(0, len(piece), PATH_RUN)) or piece
                          for piece in pieces)


class TablePage(QWidget):
    """A heading, a count and one sortable table."""

    def __init__(self, title: Callable[[], str], columns: Sequence[Column],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self.heading = heading(self)
        self.count = QLabel(self)
        self.model = RowTableModel(columns, self)
        self.table: QTableView = table_view(self.model, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.table)
        self.retranslate()

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.model.set_rows(rows)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self._title())
        self.count.setText(tr("{n} rows. Click a column heading to sort.", n=self.model.rowCount()))
        self.model.retranslate()
        fit_columns(self.table)


def communities_page(parent: QWidget | None = None) -> TablePage:
    """社区: code, name and the size of each community's register and election."""
    return TablePage(lambda: tr("Communities"), [
        Column(lambda: tr("Code"), lambda r: r.code),
        Column(lambda: tr("Community"), lambda r: r.name),
        Column(lambda: tr("Resident groups"), lambda r: r.groups, numeric=True),
        Column(lambda: tr("Households"), lambda r: r.households, numeric=True),
        Column(lambda: tr("Voters"), lambda r: r.voters, numeric=True),
        Column(lambda: tr("Voting places"), lambda r: r.places, numeric=True),
        Column(lambda: tr("Contests"), lambda r: r.contests, numeric=True),
    ], parent)


def places_page(parent: QWidget | None = None) -> TablePage:
    """投票地点: every central venue, polling station and mobile box."""
    return TablePage(lambda: tr("Voting places"), [
        Column(lambda: tr("Code"), lambda r: r.code),
        Column(lambda: tr("Community"), lambda r: r.community_name, sort_key=lambda r: r.community_code),
        Column(lambda: tr("Kind"), lambda r: words.place_kind(r.kind),
               sort_key=lambda r: ("central", "station", "mobile").index(r.kind)),
        Column(lambda: tr("Place name"), lambda r: r.name),
        Column(lambda: tr("Resident groups served"),
               lambda r: words.join(str(n) for n in r.groups) or (tr("(whole community)") if r.kind == "mobile"
                                                                   else "—"),
               sort_key=lambda r: (len(r.groups), r.groups)),
        Column(lambda: tr("Ballot boxes"), lambda r: r.boxes, numeric=True),
    ], parent)


def _positions(row: ContestRow) -> str:
    return words.join(tr("{title} {seats}", title=words.position_title(p), seats=p.seats) for p in row.positions)


def contests_page(parent: QWidget | None = None) -> TablePage:
    """选举项目: committee and group-leader contests with seats and candidates."""
    return TablePage(lambda: tr("Contests"), [
        Column(lambda: tr("Community"), lambda r: r.community_name, sort_key=lambda r: r.community_code),
        Column(lambda: tr("Contest"), lambda r: r.name,
               sort_key=lambda r: (r.community_code, r.kind == "group_leader", r.group or 0, r.id)),
        Column(lambda: tr("Kind"), lambda r: words.contest_kind(r.kind)),
        Column(lambda: tr("Form"), lambda r: words.contest_form(r.form)),
        Column(lambda: tr("Positions and seats"), _positions, sort_key=lambda r: (r.seats, _positions(r))),
        Column(lambda: tr("Candidates"), lambda r: r.candidates, numeric=True),
        Column(lambda: tr("Passed review"), lambda r: r.candidates_passed, numeric=True),
    ], parent)
