"""The station summary at poll close (投票站投票情况汇总表): ballots received, issued by kind, spoilt, unused.

One row per contest of the station: electorate, ballots received, issued (in person, by proxy, at
mobile boxes, per household), spoilt and replaced, undone, unused and turnout; then the station,
the time of printing and of poll close, and signature lines for the chief, the chief scrutineer and
the clerks. Figures come from `app.pollbook.turnout`, so the paper and the screen never disagree.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from app.audit import Clock, system_clock
from app.election.store import read_election
from app.i18n import tr
from app.pollbook import turnout
from app.pollbook.state import state_label
from app.reports.fonts import missing_glyphs, register_cjk_font
from app.reports.page import (
    MARGIN,
    PrintedDocument,
    draw_page_number,
    draw_test_watermark,
    draw_title,
    fit_size,
    new_canvas,
)

PAGE = landscape(A4)
ROW = 20.0
TEXT_SIZE = 11.0
SIGNATURE_SPACE = 150.0
_NAME_SHARE = 0.25       # the contest column; the figures share the rest


@dataclass(frozen=True)
class Column:
    """One figure of a contest's row: its heading and how to read it from the contest's turnout."""

    heading: str
    value: Callable[[dict[str, Any]], str]


def _kind(kind: str) -> Callable[[dict[str, Any]], str]:
    return lambda c: str(c["by_kind"].get(kind, 0))


def _columns() -> list[Column]:
    return [
        Column(tr("Electorate"), lambda c: str(c["electorate"])),
        Column(tr("Received"), lambda c: str(c["received"])),
        Column(tr("Issued"), lambda c: str(c["issued"])),
        Column(tr("In person"), _kind("in_person")),
        Column(tr("By proxy"), _kind("proxy")),
        Column(tr("Mobile box"), _kind("mobile")),
        Column(tr("One per household"), _kind("household")),
        Column(tr("Spoilt"), lambda c: str(c["spoilt"])),
        Column(tr("Undone"), lambda c: str(c["withdrawn"])),
        Column(tr("Unused"), lambda c: str(c["unused"])),
        Column(tr("Turnout %"), lambda c: f"{c['turnout_percent']:.1f}%"),
    ]


def station_summary_pdf(conn: sqlite3.Connection, out_path: Path | str,
                        clock: Clock = system_clock) -> PrintedDocument:
    """Print the station's summary; `voters` of the result is the number of ballots issued in all."""
    out = Path(out_path)
    election = read_election(conn)
    figures = turnout(conn)
    place = figures["place"]
    contests = _station_contests(conn, place, figures["contests"])
    place_name = _place_name(conn, place)
    font = register_cjk_font()
    c = new_canvas(out, PAGE, tr("Station summary at poll close"))
    columns = _columns()
    width, height = PAGE
    name_width = (width - 2 * MARGIN) * _NAME_SHARE
    figure_width = (width - 2 * MARGIN - name_width) / len(columns)
    head_bottom = height - MARGIN - 120
    rows_first = max(1, int((head_bottom - MARGIN - 30 - SIGNATURE_SPACE) // ROW))
    rows_next = max(1, int((height - 2 * MARGIN - 90) // ROW))
    chunks = _paginate(list(contests.items()), rows_first, rows_next)
    closed_at = _closed_at(conn)
    for number, chunk in enumerate(chunks, start=1):
        y = _draw_head(c, font, election.name, place_name, place, figures["state"], clock, closed_at, number == 1)
        y = _draw_table(c, font, chunk, columns, y, name_width, figure_width)
        if number == len(chunks):
            _draw_signatures(c, font, y - 30)
        draw_page_number(c, number, len(chunks), font)
        if election.is_test:
            draw_test_watermark(c, font)
        c.showPage()
    c.save()
    issued = sum(int(k["issued"]) for k in contests.values())
    texts = [place_name, election.name, *(k["name"] for k in contests.values())]
    return PrintedDocument(out, len(chunks), issued, tuple(missing_glyphs(texts)))


def _station_contests(conn: sqlite3.Connection, place: str | None,
                      contests: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The contests this station takes part in: the community's, less other places' group contests."""
    if place is None:
        return contests
    served = {int(r[0]) for r in conn.execute("SELECT group_id FROM place_groups WHERE place_code = ?", (place,))}
    groups = {str(r[0]): r[1] for r in conn.execute("SELECT id, group_id FROM contests")}
    return {cid: k for cid, k in contests.items()
            if groups.get(cid) is None or int(groups[cid]) in served or k["received"] or k["issued"]
            or k["spoilt"] or k["issuing_events"]}


def _place_name(conn: sqlite3.Connection, place: str | None) -> str:
    if place is None:
        return tr("District election office")
    row = conn.execute("SELECT name FROM voting_places WHERE code = ?", (place,)).fetchone()
    return str(row[0]) if row else place


def _closed_at(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT time FROM poll_state_changes WHERE state = 'closed' ORDER BY seq DESC"
                       " LIMIT 1").fetchone()
    return str(row[0])[:16].replace("T", " ") if row else None


def _paginate(rows: list[Any], first: int, rest: int) -> list[list[Any]]:
    chunks = [rows[:first]]
    rows = rows[first:]
    while rows:
        chunks.append(rows[:rest])
        rows = rows[rest:]
    return chunks


def _draw_head(c: Canvas, font: str, election: str, place_name: str, place: str | None, state: str,
               clock: Clock, closed_at: str | None, first: bool) -> float:
    """Title and the station's particulars; returns the top of the table."""
    width, height = PAGE
    draw_title(c, tr("Station summary at poll close"), height - MARGIN - 22, font, 22)
    if not first:
        return height - MARGIN - 60
    draw_title(c, election, height - MARGIN - 48, font, 14)
    c.setFont(font, 12)
    y = height - MARGIN - 78
    c.drawString(MARGIN, y, tr("Voting place: {name} ({code})", name=place_name, code=place or "-"))
    c.drawRightString(width - MARGIN, y, tr("Poll: {state}", state=state_label(state)))
    y -= 18
    c.drawString(MARGIN, y, tr("Poll closed at: {time}", time=closed_at or tr("not yet closed")))
    printed = clock().isoformat(timespec="minutes")[:16].replace("T", " ")
    c.drawRightString(width - MARGIN, y, tr("Printed at: {time}", time=printed))
    return y - 24


def _draw_table(c: Canvas, font: str, rows: list[tuple[str, dict[str, Any]]], columns: list[Column], top: float,
                name_width: float, figure_width: float) -> float:
    """The contests' rows under a heading row, with rules; returns the y under the table."""
    width = PAGE[0]
    y = top
    c.setFont(font, TEXT_SIZE)
    c.drawString(MARGIN + 2, y - 14, tr("Contest"))
    for i, column in enumerate(columns):
        size = fit_size(column.heading, font, TEXT_SIZE, figure_width - 4)
        c.setFont(font, size)
        c.drawRightString(MARGIN + name_width + (i + 1) * figure_width - 2, y - 14, column.heading)
    c.setLineWidth(0.8)
    c.line(MARGIN, y, width - MARGIN, y)
    y -= ROW
    c.line(MARGIN, y, width - MARGIN, y)
    for cid, contest in rows:
        label = f"{contest['name']} ({cid})"
        c.setFont(font, fit_size(label, font, TEXT_SIZE, name_width - 4))
        c.drawString(MARGIN + 2, y - 14, label)
        c.setFont(font, TEXT_SIZE)
        for i, column in enumerate(columns):
            c.drawRightString(MARGIN + name_width + (i + 1) * figure_width - 2, y - 14, column.value(contest))
        y -= ROW
        c.setLineWidth(0.3)
        c.line(MARGIN, y, width - MARGIN, y)
    c.setFont(font, 9)
    c.drawString(MARGIN, y - 14, tr("Unused = received - issued - spoilt. Undone includes mobile-box ballots "
                                    "brought back unused. A household contest counts households."))
    return y - 14


def _draw_signatures(c: Canvas, font: str, top: float) -> None:
    """Signature lines of those who certify the figures."""
    c.setFont(font, 12)
    y = top
    for role in (tr("Station chief"), tr("Chief scrutineer"), tr("Ballot clerk")):
        y -= 30
        c.drawString(MARGIN, y, tr("{role} (signature): ______________________    Date: ____________", role=role))
