"""The election-day checklist (选举日工作清单): boxes to tick, for a station or for the district office.

A station file gives its place, election and date, then the steps before opening, during the poll,
at closing and at counting, each with a box, a time and initials; and an hourly turnout grid. A
district file gives the office's steps and one row per voting place: setup package handed over,
result package received and imported (the imports already in the file are marked). Printed in the
language in use (zh_CN by default); a test-mode election carries the TEST watermark.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.audit import Clock, system_clock
from app.db import DataFile
from app.district.words import place_kind_word
from app.election.overview import file_summary
from app.i18n import tr
from app.reports.fonts import missing_glyphs, register_cjk_font
from app.reports.page import (
    MARGIN,
    PrintedDocument,
    draw_page_number,
    draw_test_watermark,
    draw_title,
    fit_size,
    format_date,
    new_canvas,
    wrap_text,
)

PAGE = A4
TEXT_SIZE = 12.0
LINE = 17.0
BOX = 11.0
INITIALS_WIDTH = 120.0         # "time / initials" column at the right
POLL_HOURS = tuple(range(8, 18))   # the hourly turnout grid: 8:00 .. 17:00
_NO_LINE_START = frozenset("，。、；：？！）》」』”’…%")   # stays at the end of the line before (避头点)


@dataclass(frozen=True)
class Section:
    """One part of the day: a heading and its steps."""

    heading: str
    steps: tuple[str, ...]


def station_sections() -> list[Section]:
    """The station's steps, in the order of the day (in the language in use)."""
    return [
        Section(tr("Before opening"), (
            tr("Laptop charged, charger plugged in; the station file opens and shows this station"),
            tr("USB stick for backups set under Settings > Backup folder…; the status bar shows a backup"),
            tr("Ballots received from the district and counted; number written on the station summary"),
            tr("Ballot boxes shown empty to the voters and scrutineers, then sealed"),
            tr("Voter list and the published list of proxies at hand"),
            tr("Every clerk and the station chief signed in once with their own name and password"),
            tr("Station chief opens the poll: Poll > Open the poll…"),
        )),
        Section(tr("During the poll"), (
            tr("Every hour: look at Turnout (Ctrl+3) and write the figure in the grid below"),
            tr("Backups are being written (the status bar shows the last one); check at least every hour"),
            tr("Mobile ballot box leaves with at least 3 staff and its ballots are issued at the desk (F7)"),
            tr("Spoilt ballots kept apart, marked void; each one exchanged at the desk (F8)"),
            tr("A clerk who steps away locks the screen (Ctrl+L)"),
        )),
        Section(tr("Closing the poll"), (
            tr("Station chief closes the poll at the set time: Poll > Close the poll…"),
            tr("Backup written at poll close (the message says where)"),
            tr("Station summary saved, printed and signed: Poll > Save the station summary (PDF)…"),
            tr("Unused ballots counted and sealed; figure agrees with the summary"),
        )),
        Section(tr("Counting"), (
            tr("Scrutineers, callers and counters named and present; counting in public"),
            tr("Station chief starts counting: Poll > Start counting…"),
            tr("Boxes opened; ballots collected counted per box and not more than issued"),
            tr("Every ballot entered and the tally agrees with the paper tally sheet"),
            tr("Count certified by the station chief (the results become read-only)"),
            tr("Result record (选举结果报告单) printed and signed by the scrutineers; results announced"),
            tr("Result package exported to the USB stick and read back: Poll > Export the result package "
               "to a USB stick…"),
            tr("The screen says the USB stick can be safely unplugged"),
            tr("USB stick, result record and ballots handed to the district office; receipt signed"),
        )),
    ]


def district_sections() -> list[Section]:
    """The district office's steps before, on and after election day."""
    return [
        Section(tr("Before election day"), (
            tr("Election file loaded and checked (polldesk election show)"),
            tr("Voter register imported and checked: no errors, no duplicates, no omissions"),
            tr("Voter lists posted 20 days before election day (polldesk print posted-list)"),
            tr("Voter cards printed and handed out (polldesk print voter-cards)"),
            tr("Candidates reviewed by the community and the district; only passed candidates on the ballot"),
            tr("Ballots printed per contest and counted out to each place (polldesk ballots)"),
            tr("Setup package and setup sheet (fingerprint, setup code) made for every place (polldesk package setup)"),
            tr("Users added for every station: clerks and a station chief (polldesk users add)"),
        )),
        Section(tr("On election day"), (
            tr("Dashboard open; every place reported open"),
            tr("Telephone numbers of every station chief at hand"),
        )),
        Section(tr("After the count"), (
            tr("Result package of every place imported (File > Import station packages…)"),
            tr("Refused packages followed up with the station; none left"),
            tr("不重 problems checked and resolved: one person, one ballot (polldesk merge)"),
            tr("Statistics and reports printed (polldesk report stats)"),
            tr("Merged results locked as official (polldesk district lock)"),
            tr("District file backed up to two USB sticks kept in different places"),
        )),
    ]


@dataclass(frozen=True)
class PlaceRow:
    """One voting place on the district's checklist, and whether its result package is in."""

    code: str
    name: str
    kind: str
    imported: bool


def place_rows(conn: sqlite3.Connection) -> list[PlaceRow]:
    """Every voting place in code order, with whether a result package of it has been imported."""
    imported = {str(r[0]) for r in conn.execute("SELECT DISTINCT place_code FROM imported_packages")}
    return [PlaceRow(str(r[0]), str(r[1]), str(r[2]), str(r[0]) in imported)
            for r in conn.execute("SELECT code, name, kind FROM voting_places ORDER BY code")]


class _Pages:
    """A canvas that starts a new page (with its furniture) when the next line would not fit."""

    def __init__(self, c: Canvas, font: str, title: str, test: bool, total: int | None) -> None:
        self.c, self.font, self.title, self.test, self.total = c, font, title, test, total
        self.pages = 1
        self.y = PAGE[1] - MARGIN

    def need(self, height: float) -> None:
        if self.y - height < MARGIN + 24:
            self.finish_page()
            self.pages += 1
            draw_title(self.c, self.title, PAGE[1] - MARGIN - 16, self.font, 14)
            self.y = PAGE[1] - MARGIN - 36

    def finish_page(self) -> None:
        if self.total is not None and self.total > 1:
            draw_page_number(self.c, self.pages, self.total, self.font)
        if self.test:
            draw_test_watermark(self.c, self.font)
        self.c.showPage()


def checklist_pdf(df: DataFile, out_path: Path | str, clock: Clock = system_clock) -> PrintedDocument:
    """Print the checklist of the station or district file `df`; `voters` of the result is 0."""
    out = Path(out_path)
    summary = file_summary(df)
    election = summary.election
    font = register_cjk_font()
    if summary.is_district:
        where = election.district_name or tr("District election office")
        sections = district_sections()
        rows = place_rows(df.conn)
    else:
        where = tr("{name} ({code})", name=summary.place_name or "-", code=summary.place_code or "-")
        sections = station_sections()
        rows = []
    head = (election.name, where, format_date(election.election_day), clock().isoformat(timespec="minutes"))
    # Page numbers say "of M": lay the pages out once to count them, then draw them for real.
    total = _render(Canvas(BytesIO(), pagesize=PAGE), font, head, sections, rows, summary.is_district,
                    election.is_test, None)
    c = new_canvas(out, PAGE, tr("Election-day checklist"))
    _render(c, font, head, sections, rows, summary.is_district, election.is_test, total)
    c.save()
    texts = [election.name, where, *(r.name for r in rows)]
    return PrintedDocument(out, total, 0, tuple(missing_glyphs(texts)))


def _render(c: Canvas, font: str, head: tuple[str, str, str, str], sections: list[Section], rows: list[PlaceRow],
            district: bool, test: bool, total: int | None) -> int:
    """Draw the whole checklist on `c`; returns the number of pages."""
    pages = _Pages(c, font, tr("Election-day checklist"), test, total)
    _draw_head(pages, *head)
    for section in sections:
        _draw_section(pages, section)
    if district:
        _draw_places(pages, rows)
    else:
        _draw_hours(pages)
    _draw_signature(pages)
    pages.finish_page()
    return pages.pages


def _draw_head(p: _Pages, election: str, where: str, day: str, printed_at: str) -> None:
    draw_title(p.c, tr("Election-day checklist"), p.y - 20, p.font, 22)
    draw_title(p.c, election, p.y - 46, p.font, 14)
    p.c.setFont(p.font, TEXT_SIZE)
    p.y -= 74
    p.c.drawString(MARGIN, p.y, tr("Place: {where}", where=where))
    p.c.drawRightString(PAGE[0] - MARGIN, p.y, tr("Election day: {day}", day=day))
    p.y -= LINE
    printed = printed_at[:16].replace("T", " ")
    p.c.setFont(p.font, 9)
    p.c.drawString(MARGIN, p.y, tr("Tick each box when done; write the time and your initials. Printed at {time}.",
                                   time=printed))
    p.y -= LINE


def wrap_words(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines no wider than `width`: Latin words stay whole, Chinese breaks between characters."""
    lines: list[str] = []
    line = ""
    for token in re.findall(r"[\x21-\x7e]+\s*|\s+|.", text):
        if line and token[0] not in _NO_LINE_START and stringWidth(line + token.rstrip(), font, size) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
        if stringWidth(line, font, size) > width:   # one word longer than the line: break it anyway
            *full, line = wrap_text(line, font, size, width)
            lines.extend(full)
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _draw_section(p: _Pages, section: Section) -> None:
    p.need(LINE * 4 + 12)   # never a heading alone at the foot of a page
    p.y -= 8
    p.c.setFont(p.font, 15)
    p.c.drawString(MARGIN, p.y - 4, section.heading)
    p.c.setFont(p.font, 9)
    p.c.drawRightString(PAGE[0] - MARGIN, p.y - 4, tr("Time / initials"))
    p.y -= LINE + 4
    width = PAGE[0] - 2 * MARGIN - BOX - 8 - INITIALS_WIDTH
    for step in section.steps:
        lines = wrap_words(step, p.font, TEXT_SIZE, width)
        p.need(LINE * len(lines) + 4)
        p.c.setLineWidth(0.9)
        p.c.rect(MARGIN, p.y - 2, BOX, BOX)
        p.c.setFont(p.font, TEXT_SIZE)
        for n, line in enumerate(lines):
            p.c.drawString(MARGIN + BOX + 8, p.y - n * LINE, line)
        p.c.setLineWidth(0.4)
        p.c.line(PAGE[0] - MARGIN - INITIALS_WIDTH + 10, p.y - 3, PAGE[0] - MARGIN, p.y - 3)
        p.y -= LINE * len(lines) + 4


def _draw_hours(p: _Pages) -> None:
    """The hourly turnout grid: one cell per hour for the ballots issued so far."""
    p.need(LINE * 5)
    p.y -= 8
    p.c.setFont(p.font, 15)
    p.c.drawString(MARGIN, p.y - 4, tr("Turnout every hour (ballots issued so far)"))
    p.y -= LINE + 8
    cell = (PAGE[0] - 2 * MARGIN) / len(POLL_HOURS)
    p.c.setLineWidth(0.6)
    p.c.setFont(p.font, 10)
    for n, hour in enumerate(POLL_HOURS):
        x = MARGIN + n * cell
        p.c.rect(x, p.y - 34, cell, 44)
        p.c.drawCentredString(x + cell / 2, p.y - 2, f"{hour}:00")
        p.c.line(x, p.y - 6, x + cell, p.y - 6)
    p.y -= 34 + LINE


def _draw_places(p: _Pages, rows: list[PlaceRow]) -> None:
    """One row per voting place: setup handed over, result package in, with the imports already done marked."""
    p.need(LINE * 4)
    p.y -= 8
    p.c.setFont(p.font, 15)
    p.c.drawString(MARGIN, p.y - 4, tr("Packages per voting place"))
    p.y -= LINE + 8
    width = PAGE[0] - 2 * MARGIN
    columns = (0.0, 0.12, 0.44, 0.60, 0.80)
    headings = (tr("Code"), tr("Voting place"), tr("Kind"), tr("Setup handed over"), tr("Result imported"))

    def heading_row() -> None:
        p.c.setFont(p.font, 10)
        for n, (share, text) in enumerate(zip(columns, headings, strict=True)):
            room = ((columns[n + 1] if n + 1 < len(columns) else 1.0) - share) * width - 6
            p.c.setFont(p.font, fit_size(text, p.font, 10, room))
            p.c.drawString(MARGIN + share * width, p.y, text)
        p.y -= 6
        p.c.setLineWidth(0.6)
        p.c.line(MARGIN, p.y, PAGE[0] - MARGIN, p.y)
        p.y -= LINE - 2

    heading_row()
    for row in rows:
        if p.y - LINE < MARGIN + 24:
            p.need(LINE * 2)
            heading_row()
        p.c.setFont(p.font, 10)
        p.c.drawString(MARGIN, p.y, row.code)
        name_width = (columns[2] - columns[1]) * width - 6
        p.c.setFont(p.font, fit_size(row.name, p.font, 10, name_width))
        p.c.drawString(MARGIN + columns[1] * width, p.y, row.name)
        p.c.setFont(p.font, 10)
        p.c.drawString(MARGIN + columns[2] * width, p.y, place_kind_word(row.kind))
        p.c.setLineWidth(0.8)
        for share in columns[3:]:
            p.c.rect(MARGIN + share * width, p.y - 2, BOX, BOX)
        if row.imported:
            x = MARGIN + columns[4] * width
            p.c.line(x + 2, p.y + 4, x + 5, p.y)
            p.c.line(x + 5, p.y, x + 10, p.y + 9)
            p.c.drawString(x + BOX + 6, p.y, tr("imported"))
        p.y -= LINE


def _draw_signature(p: _Pages) -> None:
    p.need(LINE * 3)
    p.y -= LINE
    p.c.setFont(p.font, TEXT_SIZE)
    p.c.drawString(MARGIN, p.y, tr("Checked by (signature): ______________________    Date: ____________"))
    p.y -= LINE
