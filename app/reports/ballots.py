"""Ballot papers (选票) of one contest: candidates of each position in surname stroke order, mark boxes, write-ins.

Each position is a band: its title and seats, a row of cells with a candidate's name above an empty
square where the voter draws "○", then as many write-in cells (另选他人) as the position has seats.
The candidates and their order come from `app.candidates.ballot.ballot_layout`, the one numbering the
count uses too. A test-mode election's ballots carry a TEST watermark and say they are not valid.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A3, A4
from reportlab.pdfgen.canvas import Canvas

from app.candidates.ballot import BallotPosition, ballot_layout
from app.candidates.strokes import stroke_order_available, stroke_source
from app.election.store import read_election
from app.errors import PollDeskError
from app.i18n import tr
from app.reports.fonts import missing_glyphs
from app.reports.page import (
    MARGIN,
    draw_test_watermark,
    draw_title,
    fit_size,
    format_date,
    new_canvas,
    wrap_text,
)

SIZES = {"A4": A4, "A3": A3}
_CELL_WIDTH = 72.0      # at A4; everything scales with the page width
_NAME_HEIGHT = 34.0
_BOX_HEIGHT = 40.0
_NAME_SIZE = 16.0


@dataclass(frozen=True)
class BallotDocument:
    """A printed ballot: the file, its pages, the names on it, undrawable characters, the order used."""

    path: Path
    pages: int
    candidates: int
    missing_glyphs: tuple[str, ...] = field(default=())
    stroke_order: bool = True
    warning: str = ""


def instructions() -> list[str]:
    """The plain instructions printed on every ballot (填写说明)."""
    return [
        tr("Draw a \"○\" in the box under the name of each candidate you vote for."),
        tr("To vote for someone else, write their name in a \"write-in\" box and draw a \"○\" under it."),
        tr("Mark no more names than the seats of a position, or that position's votes are invalid."),
        tr("Use the pen given to you. A ballot that cannot be read is invalid."),
    ]


def ballot_pdf(conn: sqlite3.Connection, contest_id: str, out_path: Path | str, *, size: str = "A4",
               copies: int = 1) -> BallotDocument:
    """Write the ballot paper of a contest (`copies` identical pages) on A4 or A3."""
    if size not in SIZES:
        raise PollDeskError("bad_paper_size", "The paper size is A4 or A3.")
    contest = conn.execute("SELECT k.*, c.name AS community FROM contests k JOIN communities c"
                           " ON c.code = k.community_code WHERE k.id = ?", (contest_id,)).fetchone()
    if contest is None:
        raise PollDeskError("unknown_contest", "There is no contest {contest} in this file.", contest=contest_id)
    layout = ballot_layout(conn, contest_id)
    if not any(p.candidates for p in layout):
        raise PollDeskError("no_passed_candidates", "No candidate of {contest} has passed the qualification"
                            " review yet; there is nothing to print.", contest=contest["name"])
    out = Path(out_path)
    election = read_election(conn)
    pagesize = SIZES[size]
    canvas = new_canvas(out, pagesize, tr("Ballot: {contest}", contest=contest["name"]))
    writer = _BallotWriter(canvas, pagesize, election.is_test)
    head = (contest["community"], contest["name"], election.name, format_date(election.election_day))
    writer.round_line = further_round_line(int(contest["round"]))
    for _ in range(max(1, copies)):
        writer.draw(head, layout)
    canvas.save()
    names = [n for p in layout for _, n, _ in p.candidates]
    return BallotDocument(out, writer.pages, len(names), tuple(missing_glyphs([*names, *head, writer.round_line])),
                          stroke_order_available(), "" if stroke_order_available() else stroke_source())


def further_round_line(round_no: int) -> str:
    """The line a further round's ballot (另行选举) carries under its title; empty for round 1."""
    if round_no <= 1:
        return ""
    return tr("Further round (round {round}): elect the seats left unfilled in round {previous}",
              round=round_no, previous=round_no - 1)


class _BallotWriter:
    """Draws one ballot per call, on as many pages as it needs (normally one)."""

    def __init__(self, canvas: Canvas, pagesize: tuple[float, float], is_test: bool) -> None:
        from app.reports.fonts import register_cjk_font

        self.c, self.font, self.is_test = canvas, register_cjk_font(), is_test
        self.width, self.height = pagesize
        self.k = self.width / A4[0]           # A3 is the A4 ballot enlarged
        self.pages = 0
        self.round_line = ""

    def draw(self, head: tuple[str, str, str, str], layout: list[BallotPosition]) -> None:
        y = self._head(head)
        for position in layout:
            needed = self._band_height(position)
            if y - needed < MARGIN + 20 * self.k:
                self._finish_page()
                y = self.height - MARGIN - 20 * self.k
            y = self._band(position, y)
        self._finish_page()

    def _finish_page(self) -> None:
        if self.is_test:
            draw_test_watermark(self.c, self.font)
            self.c.setFillGray(0)
            self.c.setFont(self.font, 12 * self.k)
            self.c.drawCentredString(self.width / 2, MARGIN * 0.5, tr("TEST BALLOT — NOT VALID"))
        self.c.showPage()
        self.pages += 1

    def _head(self, head: tuple[str, str, str, str]) -> float:
        c, k, font = self.c, self.k, self.font
        community, contest, election, day = head
        top = self.height - MARGIN
        if self.is_test:
            c.setFont(font, 14 * k)
            c.drawCentredString(self.width / 2, top - 12 * k, tr("TEST BALLOT — NOT VALID"))
            top -= 20 * k
        draw_title(c, tr("{contest} ballot", contest=contest), top - 26 * k, font, 24 * k)
        if self.round_line:
            draw_title(c, self.round_line, top - 48 * k, font, 15 * k)
            top -= 22 * k
        draw_title(c, f"{community}　{election}", top - 50 * k, font, 14 * k)
        draw_title(c, day, top - 70 * k, font, 12 * k)
        y = top - 98 * k
        c.setFont(font, 12 * k)
        c.drawString(MARGIN, y, tr("How to fill in this ballot:"))
        y -= 17 * k
        for number, line in enumerate(instructions(), 1):
            for part in wrap_text(f"{number}. {line}", font, 12 * k, self.width - 2 * MARGIN - 12 * k):
                c.drawString(MARGIN + 12 * k, y, part)
                y -= 16 * k
        return y - 10 * k

    def _columns(self) -> int:
        return max(1, int((self.width - 2 * MARGIN) // (_CELL_WIDTH * self.k)))

    def _band_height(self, position: BallotPosition) -> float:
        cells = len(position.candidates) + position.seats
        rows = -(-cells // self._columns())
        return 30 * self.k + rows * (_NAME_HEIGHT + _BOX_HEIGHT + 8) * self.k

    def _band(self, position: BallotPosition, y: float) -> float:
        c, k, font = self.c, self.k, self.font
        c.setFont(font, 16 * k)
        c.drawString(MARGIN, y - 16 * k, tr("{position} (elect {seats})", position=position.title,
                                            seats=position.seats))
        y -= 26 * k
        cells = [name for _, name, _ in position.candidates] + [""] * position.seats
        columns = self._columns()
        width = (self.width - 2 * MARGIN) / columns
        write_in = tr("Write-in")
        for start in range(0, len(cells), columns):
            row = cells[start:start + columns]
            for i, name in enumerate(row):
                x = MARGIN + i * width
                self._cell(x, y, width, name, write_in)
            y -= (_NAME_HEIGHT + _BOX_HEIGHT + 8) * k
        return y

    def _cell(self, x: float, y: float, width: float, name: str, write_in: str) -> None:
        """A name cell (or an empty write-in cell with its small label) above an empty mark box."""
        c, k, font = self.c, self.k, self.font
        name_h, box_h = _NAME_HEIGHT * k, _BOX_HEIGHT * k
        c.setLineWidth(0.8)
        c.rect(x, y - name_h, width, name_h)
        c.rect(x, y - name_h - box_h, width, box_h)
        if name:
            size = fit_size(name, font, _NAME_SIZE * k, width - 6 * k)
            c.setFont(font, size)
            c.drawCentredString(x + width / 2, y - name_h / 2 - size / 3, name)
        else:
            c.setFillGray(0.45)
            c.setFont(font, 8 * k)
            c.drawString(x + 3 * k, y - 10 * k, write_in)
            c.setFillGray(0)
