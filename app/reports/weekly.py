"""The weekly progress report (每周一报): per community, the stage reached, the week's work and open problems."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.audit import describe
from app.audit.events import EVENTS
from app.district.activity import DISTRICT_WIDE, week_activity, week_bounds
from app.district.progress import STAGES, CommunityProgress, state_word
from app.district.summary import DistrictSummary
from app.i18n import tr
from app.reports.fonts import missing_glyphs, register_cjk_font
from app.reports.page import (
    MARGIN,
    PrintedDocument,
    draw_page_number,
    draw_test_watermark,
    draw_title,
    format_date,
    new_canvas,
    wrap_text,
)

LINE = 18.0
SIZE = 12.0


def stage_reached(progress: CommunityProgress) -> str:
    """"Stage 3 of 5 done: ..." or "No stage done yet", and the next stage with its state."""
    n = progress.reached
    text = (tr("Stage {n} of 5 done: {stage}.", n=n, stage=tr(STAGES[n - 1])) if n
            else tr("No stage done yet."))
    if n < len(STAGES):
        following = progress.stages[n]
        text += " " + tr("Next: {stage} ({state}: {note})", stage=following.title, state=state_word(following.state),
                         note=following.note)
    return text


def week_lines(events: Counter[str]) -> str:
    """The week's work as "description ×count; ..." (most frequent first)."""
    if not events:
        return tr("Nothing recorded this week.")
    parts = [f"{describe(code) if code in EVENTS else code} ×{n}" for code, n in
             sorted(events.items(), key=lambda item: (-item[1], item[0]))]
    return tr("This week: {events}.", events="；".join(parts))


def weekly_blocks(summary: DistrictSummary, activity: dict[str, Counter[str]]) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) per community, then the district office's own work."""
    blocks = []
    for progress in summary.progress:
        problems = [p.describe() for p in summary.problems if p.open and progress.code in p.communities]
        lines = [stage_reached(progress), week_lines(activity.get(progress.code, Counter()))]
        lines.append(tr("Open problems: {problems}", problems=" ".join(problems)) if problems
                     else tr("No open problems."))
        blocks.append((progress.name, lines))
    blocks.append((tr("District election office"), [week_lines(activity.get(DISTRICT_WIDE, Counter()))]))
    return blocks


def weekly_pdf(conn: sqlite3.Connection, summary: DistrictSummary, out_path: Path | str, *, week_ending: date,
               title: str, is_test: bool) -> PrintedDocument:
    """Write the weekly report for the seven days ending on `week_ending`."""
    out = Path(out_path)
    font = register_cjk_font()
    first, last = week_bounds(week_ending)
    blocks = weekly_blocks(summary, week_activity(conn, week_ending))
    width, height = A4
    pages = _layout(blocks, font, width, height)
    c = new_canvas(out, A4, title)
    for number, page in enumerate(pages, start=1):
        y = height - MARGIN - 20
        if number == 1:
            draw_title(c, title, y, font, 18)
            y -= 26
            c.setFont(font, SIZE)
            c.drawCentredString(width / 2, y, tr("Week of {first} to {last}", first=format_date(first),
                                                 last=format_date(last)))
            y -= 30
        _draw_page(c, font, page, y, width)
        draw_page_number(c, number, len(pages), font)
        if is_test:
            draw_test_watermark(c, font)
        c.showPage()
    c.save()
    texts = [line for _, lines in blocks for line in lines]
    return PrintedDocument(out, len(pages), 0, tuple(missing_glyphs(texts)))


def _layout(blocks: list[tuple[str, list[str]]], font: str, width: float,
            height: float) -> list[list[tuple[str, list[str]]]]:
    """Blocks wrapped to the page width and shared out over pages (a block is never split)."""
    pages: list[list[tuple[str, list[str]]]] = [[]]
    room = height - 2 * MARGIN - 90
    for heading, paragraphs in blocks:
        wrapped = [line for p in paragraphs for line in wrap_text(p, font, SIZE, width - 2 * MARGIN - 16)]
        need = (len(wrapped) + 2) * LINE
        if need > room and pages[-1]:
            pages.append([])
            room = height - 2 * MARGIN - 40
        pages[-1].append((heading, wrapped))
        room -= need
    return pages


def _draw_page(c: Canvas, font: str, page: list[tuple[str, list[str]]], y: float, width: float) -> None:
    for heading, lines in page:
        c.setFont(font, SIZE + 2)
        c.drawString(MARGIN, y, heading)
        c.line(MARGIN, y - 4, width - MARGIN, y - 4)
        y -= LINE + 2
        c.setFont(font, SIZE)
        for line in lines:
            c.drawString(MARGIN + 16, y, line)
            y -= LINE
        y -= LINE / 2
