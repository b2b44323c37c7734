"""The published candidate list (候选人名单公告): per contest and position, passed candidates in stroke order.

Published `RuleSet.candidate_list_days` before election day. Shows name, sex, age on election day,
party (政治面貌) and education - nothing else about the person.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.candidates.ballot import ballot_layout
from app.candidates.nominations import age_on, candidate
from app.candidates.strokes import stroke_order_available, stroke_source
from app.election.model import Election
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

ROW = 24.0
_COLUMNS = (0.0, 0.10, 0.32, 0.44, 0.56, 0.78)     # 序号 姓名 性别 年龄 政治面貌 文化程度, as shares of the width


@dataclass(frozen=True)
class ListedCandidate:
    """One line of the published list."""

    name: str
    sex: str
    age: int | None
    party: str
    education: str


def publication_date(election: Election) -> date:
    """The day the candidate list is published: election day minus the rule set's days."""
    return election.election_day - timedelta(days=election.rules.candidate_list_days)


def candidate_list_pdf(conn: sqlite3.Connection, community: str, out_path: Path | str, *,
                       kinds: tuple[str, ...] = ("committee",)) -> tuple[Path, int, tuple[str, ...], str]:
    """Write a community's candidate list; returns (path, pages, undrawable characters, order warning)."""
    row = conn.execute("SELECT name FROM communities WHERE code = ?", (community,)).fetchone()
    if row is None:
        raise PollDeskError("unknown_community", "There is no community {community} in this file.",
                            community=community)
    election = read_election(conn)
    marks = ",".join("?" * len(kinds))
    contests = conn.execute(f"SELECT id, name FROM contests WHERE community_code = ? AND kind IN ({marks})"
                            " ORDER BY rowid", (community, *kinds)).fetchall()
    out = Path(out_path)
    c = new_canvas(out, A4, tr("{community} candidate list", community=row["name"]))
    from app.reports.fonts import register_cjk_font

    font = register_cjk_font()
    width, height = A4
    published = publication_date(election)
    sexes = {"M": tr("male"), "F": tr("female")}
    texts = [row["name"]]
    pages: list[int] = [0]

    def new_page(first: bool) -> float:
        if not first:
            _finish(c, font, election.is_test, pages)
        title = tr("{community} candidate list", community=row["name"])
        draw_title(c, title if first else tr("{title} (continued)", title=title), height - MARGIN - 24, font, 22)
        return height - MARGIN - 50

    y = new_page(True)
    c.setFont(font, 12)
    notice = tr("After the qualification review, the following people are the candidates of {election}."
                " Names are listed by surname strokes within each position.", election=election.name)
    if not stroke_order_available():
        notice = tr("After the qualification review, the following people are the candidates of {election}.",
                    election=election.name) + stroke_source()
    for line in wrap_text(notice, font, 12, width - 2 * MARGIN):
        c.drawString(MARGIN, y, line)
        y -= 17
    y -= 6
    headings = (tr("No."), tr("Name"), tr("Sex"), tr("Age"), tr("Party"), tr("Education"))
    inner = width - 2 * MARGIN
    for contest in contests:
        for position in ballot_layout(conn, contest["id"]):
            if y < MARGIN + 4 * ROW:
                y = new_page(False)
            c.setFont(font, 15)
            c.drawString(MARGIN, y - 15, f"{contest['name']}　{position.title}"
                         + tr(" ({count} candidates for {seats} seats)", count=len(position.candidates),
                              seats=position.seats))
            y -= 15 + ROW
            c.setFont(font, 12)
            for share, heading in zip(_COLUMNS, headings, strict=True):
                c.drawString(MARGIN + share * inner, y, heading)
            c.line(MARGIN, y - 6, width - MARGIN, y - 6)
            y -= ROW
            for number, _name, candidate_id in position.candidates:
                if y < MARGIN + ROW:
                    y = new_page(False) - ROW
                person = _listed(conn, candidate_id, election.election_day)
                texts += [person.name, person.party, person.education]
                cells = (str(number), person.name, sexes.get(person.sex, person.sex),
                         "" if person.age is None else str(person.age), person.party, person.education)
                for share, text, nxt in zip(_COLUMNS, cells, (*_COLUMNS[1:], 1.0), strict=True):
                    c.setFont(font, fit_size(text, font, 14, (nxt - share) * inner - 6) if text else 14)
                    c.drawString(MARGIN + share * inner, y, text)
                y -= ROW
            y -= ROW / 2
    c.setFont(font, 13)
    signed = tr("{community} election committee, {posted}", community=row["name"], posted=format_date(published))
    c.drawRightString(width - MARGIN, max(y - 10, MARGIN + 10), signed)
    _finish(c, font, election.is_test, pages)
    c.save()
    return out, pages[0], tuple(missing_glyphs(texts)), "" if stroke_order_available() else stroke_source()


def _listed(conn: sqlite3.Connection, candidate_id: int, day: date) -> ListedCandidate:
    row = candidate(conn, candidate_id)
    return ListedCandidate(row.name, row.sex, age_on(row.birth_date, day), row.party, row.education)


def _finish(c: Canvas, font: str, is_test: bool, pages: list[int]) -> None:
    """Close a page: the watermark in test mode (the list is short: no page numbers needed)."""
    pages[0] += 1
    if is_test:
        draw_test_watermark(c, font)
    c.showPage()
