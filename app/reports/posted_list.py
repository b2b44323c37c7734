"""The posted voter list (选民名单, 张榜公布): one section per resident group, for the bulletin board.

Shows name, sex, age on election day (or birth year) and resident group - never the ID number.
Rows are drawn straight on the canvas and paginated here: platypus tables are far too slow for
a district's 129,600 voters.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.election.model import Election
from app.election.store import read_election
from app.i18n import tr
from app.reports.fonts import missing_glyphs
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

ROW_SIZE = 14.0          # bulletin-board type: readable from a step away
ROW_LEADING = 21.0
BLOCKS = 2               # two lists side by side on a portrait page
GUTTER = 18.0
# Column widths of one block, as shares of its width: 序号, 姓名, 性别, 年龄, 居民小组.
_COLUMN_SHARES = (0.13, 0.33, 0.12, 0.13, 0.29)
_FIRST_HEADER = 150.0    # title, election name, notice
_NEXT_HEADER = 48.0      # title (continued)


@dataclass(frozen=True)
class ListedVoter:
    """One line of the posted list."""

    name: str
    sex: str
    birth_date: str


@dataclass(frozen=True)
class GroupSection:
    """The voters of one resident group, in posting order."""

    community: str
    group: str
    voters: list[ListedVoter]


def posting_dates(election: Election, posting_date: date | None = None) -> tuple[date, date]:
    """The posting date (default: election day minus the rule set's posting days) and objection deadline."""
    posted = posting_date or election.election_day - timedelta(days=election.rules.list_posting_days)
    return posted, posted + timedelta(days=election.rules.objection_days)


def posted_list_pdf(
    conn: sqlite3.Connection,
    out_path: Path | str,
    group_ids: Sequence[int] | None = None,
    posting_date: date | None = None,
    *,
    community: str | None = None,
    birth_year: bool = False,
) -> PrintedDocument:
    """Write the posted voter list of the active voters (optionally some groups or one community)."""
    out = Path(out_path)
    election = read_election(conn)
    sections = list(read_sections(conn, group_ids, community))
    writer = _ListWriter(new_canvas(out, A4, tr("List of voters")), election, posting_date, birth_year)
    for section in sections:
        writer.draw_section(section)
    writer.canvas.save()
    texts = [s.community + s.group for s in sections] + [v.name for s in sections for v in s.voters]
    return PrintedDocument(out, writer.pages, sum(len(s.voters) for s in sections),
                           tuple(missing_glyphs(texts)))


def read_sections(
    conn: sqlite3.Connection, group_ids: Sequence[int] | None = None, community: str | None = None
) -> Iterator[GroupSection]:
    """The active voters grouped by community and resident group, ordered by household then name."""
    where = ["v.status = 'active'"]
    params: list[object] = []
    if community is not None:
        where.append("v.community_code = ?")
        params.append(community)
    if group_ids is not None:
        where.append(f"v.group_id IN ({','.join('?' * len(group_ids))})")
        params.extend(group_ids)
    rows = conn.execute(
        "SELECT v.community_code, c.name AS community, v.group_id, g.name AS group_name,"
        " v.name, v.sex, v.birth_date"
        " FROM voters v JOIN communities c ON c.code = v.community_code"
        " LEFT JOIN resident_groups g ON g.id = v.group_id"
        " LEFT JOIN households h ON h.id = v.household_id"
        f" WHERE {' AND '.join(where)}"
        " ORDER BY v.community_code, g.number IS NULL, g.number,"
        " h.number IS NULL, length(h.number), h.number, v.household_id, v.name, v.id", params)
    no_group = tr("No resident group")
    for _key, members in groupby(rows, key=lambda r: (r[0], r[2])):
        rows_of_group = list(members)
        first = rows_of_group[0]
        voters = [ListedVoter(r[4], r[5], r[6]) for r in rows_of_group]
        yield GroupSection(first[1], first[3] or no_group, voters)


class _ListWriter:
    """Draws group sections page by page; page numbers restart for each group (each is posted alone)."""

    def __init__(self, canvas: Canvas, election: Election, posting_date: date | None, birth_year: bool) -> None:
        from app.reports.fonts import register_cjk_font

        self.canvas = canvas
        self.font = register_cjk_font()
        self.election = election
        self.posted, self.deadline = posting_dates(election, posting_date)
        self.birth_year = birth_year
        self.pages = 0
        width, height = A4
        self.block_width = (width - 2 * MARGIN - GUTTER * (BLOCKS - 1)) / BLOCKS
        self.columns = _column_lefts(self.block_width)
        self.body_bottom = MARGIN + 16
        self.first_rows = int((height - MARGIN - _FIRST_HEADER - ROW_LEADING - self.body_bottom) // ROW_LEADING)
        self.next_rows = int((height - MARGIN - _NEXT_HEADER - ROW_LEADING - self.body_bottom) // ROW_LEADING)
        self.sexes = {"M": tr("male"), "F": tr("female")}
        self.headings = (tr("No."), tr("Name"), tr("Sex"), tr("Birth year") if birth_year else tr("Age"),
                         tr("Resident group"))

    def section_pages(self, count: int) -> int:
        """Pages a group of `count` voters takes."""
        first = BLOCKS * self.first_rows
        rest = max(0, count - first)
        return 1 + -(-rest // (BLOCKS * self.next_rows))

    def draw_section(self, section: GroupSection) -> None:
        total = self.section_pages(len(section.voters))
        start = 0
        group_size = fit_size(section.group, self.font, ROW_SIZE, self.block_width * _COLUMN_SHARES[4] - 4)
        for page in range(1, total + 1):
            top = self._draw_header(section, page)
            per_block = self.first_rows if page == 1 else self.next_rows
            for block in range(BLOCKS):
                chunk = section.voters[start:start + per_block]
                self._draw_block(chunk, start, block, top, section.group, group_size)
                start += len(chunk)
            draw_page_number(self.canvas, page, total, self.font)
            if self.election.is_test:
                draw_test_watermark(self.canvas, self.font)
            self.canvas.showPage()
            self.pages += 1

    def _draw_header(self, section: GroupSection, page: int) -> float:
        """Draw the page head; return the baseline of the column headings."""
        c, font = self.canvas, self.font
        width, height = A4
        title = tr("{community} {group}: list of voters", community=section.community, group=section.group)
        if page > 1:
            draw_title(c, tr("{title} (continued)", title=title), height - MARGIN - 18, font, 16)
            return height - MARGIN - _NEXT_HEADER
        draw_title(c, title, height - MARGIN - 22, font, 22)
        draw_title(c, self.election.name, height - MARGIN - 46, font, 14)
        notice = tr(
            "This list was posted on {posted}: {count} voters. Anyone who finds a voter missing, listed "
            "twice or listed wrongly may object to the election committee by {deadline}; the committee "
            "answers within {answer_days} days.",
            posted=format_date(self.posted), count=len(section.voters), deadline=format_date(self.deadline),
            answer_days=self.election.rules.objection_answer_days)
        c.setFont(font, 12)
        y = height - MARGIN - 72
        for line in wrap_text(notice, font, 12, width - 2 * MARGIN)[:3]:
            c.drawString(MARGIN, y, line)
            y -= 17
        signed = tr("{community} election committee, {posted}", community=section.community,
                    posted=format_date(self.posted))
        c.drawRightString(width - MARGIN, y, signed)
        return height - MARGIN - _FIRST_HEADER

    def _draw_block(self, voters: list[ListedVoter], start: int, block: int, top: float,
                    group: str, group_size: float) -> None:
        c, font = self.canvas, self.font
        if not voters and block > 0:
            return
        left = MARGIN + block * (self.block_width + GUTTER)
        x_no, x_name, x_sex, x_age, x_group = (left + x for x in self.columns)
        name_width = x_sex - x_name - 4
        c.setFont(font, 12)
        for x, heading in zip((x_no, x_name, x_sex, x_age, x_group), self.headings, strict=True):
            c.drawString(x, top, heading)
        c.setLineWidth(0.6)
        c.line(left, top - 6, left + self.block_width, top - 6)
        if not voters:
            return
        day = self.election.election_day
        y = top - ROW_LEADING - 4
        c.setFont(font, ROW_SIZE)
        for number, voter in enumerate(voters, start + 1):
            c.drawString(x_no, y, str(number))
            if len(voter.name) > 4 and stringWidth(voter.name, font, ROW_SIZE) > name_width:
                c.setFont(font, fit_size(voter.name, font, ROW_SIZE, name_width))
                c.drawString(x_name, y, voter.name)
                c.setFont(font, ROW_SIZE)
            else:
                c.drawString(x_name, y, voter.name)
            c.drawString(x_sex, y, self.sexes.get(voter.sex, voter.sex))
            c.drawString(x_age, y, _age_or_year(voter.birth_date, day, self.birth_year))
            y -= ROW_LEADING
        c.setFont(font, group_size)
        y = top - ROW_LEADING - 4
        for _voter in voters:
            c.drawString(x_group, y, group)
            y -= ROW_LEADING


def _column_lefts(block_width: float) -> tuple[float, ...]:
    lefts, x = [], 0.0
    for share in _COLUMN_SHARES:
        lefts.append(x)
        x += share * block_width
    return tuple(lefts)


def _age_or_year(birth_date: str, day: date, birth_year: bool) -> str:
    year = int(birth_date[:4])
    if birth_year:
        return str(year)
    month, dom = int(birth_date[5:7]), int(birth_date[8:10])
    return str(day.year - year - ((day.month, day.day) < (month, dom)))
