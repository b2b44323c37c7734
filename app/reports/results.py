"""The result announcement (选举结果公告) and the result record (选举结果报告单) of a certified contest, as PDFs.

Both print only the certified result data, and a QR code of its key totals with the first 16 hex digits
of its SHA-256 (`PDR1|contest|electorate|collected|invalid|elected|hash`), so the district can hold the
paper against the package. A test-mode election's paper carries the TEST watermark on every page.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.counting.certify import CertifiedResult, certified_result
from app.counting.seats import ranked
from app.errors import PollDeskError
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
from app.reports.voter_cards import draw_qr

QR_SIZE = 100.0
BODY = 12.0
LEADING = 19.0
SIGNERS = ("Chief scrutineer", "Scrutineer", "Tally clerk", "Ballot caller")   # 总监票人 监票人 计票人 唱票人

_ELECTORATE = {"direct": "Registered voters", "household": "Households",
               "representatives": "Residents' representatives"}


def announcement_pdf(conn: sqlite3.Connection, contest_id: str, out_path: Path | str,
                     fingerprint: str | None = None) -> PrintedDocument:
    """The result announcement to post at the venue: totals, votes per position, who was elected."""
    result = _certified(conn, contest_id)
    return _write(Path(out_path), result, tr("Election result announcement"), fingerprint, _announcement_body)


def record_pdf(conn: sqlite3.Connection, contest_id: str, out_path: Path | str,
               fingerprint: str | None = None) -> PrintedDocument:
    """The result record for the district: totals table, reconciliation per box, votes, signature lines."""
    result = _certified(conn, contest_id)
    return _write(Path(out_path), result, tr("Election result record"), fingerprint, _record_body)


def _certified(conn: sqlite3.Connection, contest_id: str) -> CertifiedResult:
    result = certified_result(conn, contest_id)
    if result is None:
        raise PollDeskError("not_certified", "The results of {contest} are not certified yet: the station chief "
                            "certifies them first.", contest=contest_id)
    return result


class _Page:
    """A top-down writer on A4 that starts a new page (with the watermark) when the space runs out."""

    def __init__(self, canvas: Canvas, font: str, test_mode: bool, total: int) -> None:
        self.c, self.font, self.test_mode, self.total = canvas, font, test_mode, total
        self.width = A4[0] - 2 * MARGIN
        self.pages = 1
        self.y = A4[1] - MARGIN
        self._start()

    def _start(self) -> None:
        if self.test_mode:
            draw_test_watermark(self.c, self.font)
        self.c.setFillGray(0)

    def need(self, height: float) -> None:
        """Room for `height` points, else a new page."""
        if self.y - height < MARGIN + 20:
            self.finish_page()
            self.c.showPage()
            self.pages += 1
            self.y = A4[1] - MARGIN
            self._start()

    def text(self, text: str, size: float = BODY, x: float = 0.0, indent: float = 0.0) -> None:
        """A paragraph, wrapped to the page."""
        for line in wrap_text(text, self.font, size, self.width - x - indent) or [""]:
            self.need(size * 1.6)
            self.c.setFont(self.font, size)
            self.c.drawString(MARGIN + x, self.y - size, line)
            self.y -= size * 1.6
            x += indent
            indent = 0.0

    def row(self, cells: list[str], widths: list[float], size: float = BODY, ruled: bool = True) -> None:
        """One table row, each cell shrunk to its column, with a rule beneath."""
        self.need(LEADING)
        x = MARGIN
        for cell, w in zip(cells, widths, strict=True):
            self.c.setFont(self.font, fit_size(cell, self.font, size, w - 6))
            self.c.drawString(x + 3, self.y - size - 2, cell)
            x += w
        self.y -= LEADING
        if ruled:
            self.c.setLineWidth(0.4)
            self.c.line(MARGIN, self.y + 2, MARGIN + sum(widths), self.y + 2)

    def gap(self, points: float = 8.0) -> None:
        """Blank space."""
        self.y -= points

    def finish_page(self) -> None:
        """The page number, once the total is known (the first rendering counts the pages)."""
        if self.total > 1:
            draw_page_number(self.c, self.pages, self.total, self.font)


def _write(out: Path, result: CertifiedResult, title: str, fingerprint: str | None,
           body: Callable[[_Page, dict[str, Any]], None]) -> PrintedDocument:
    pages = _render(out, result, title, fingerprint, body, 1)
    if pages > 1:   # drawn again, now that "page N of M" knows M
        _render(out, result, title, fingerprint, body, pages)
    d = result.data
    names = [n for p in d["outcome"]["positions"] for n in p["votes"]]
    return PrintedDocument(out, pages, 0, tuple(missing_glyphs([d["contest_name"], d["community_name"], *names])))


def _render(out: Path, result: CertifiedResult, title: str, fingerprint: str | None,
            body: Callable[[_Page, dict[str, Any]], None], total: int) -> int:
    d = result.data
    canvas = new_canvas(out, A4, f"{title} {d['contest_name']}")
    page = _Page(canvas, register_cjk_font(), d["mode"] == "test", total)
    draw_title(canvas, title, page.y - 22, page.font, 24)
    page.y -= 34
    draw_title(canvas, d["contest_name"], page.y - 14, page.font, 15)
    page.y -= 30
    if d.get("round", 1) > 1:
        draw_title(canvas, further_round_rule(d), page.y - 12, page.font, 12)
        page.y -= 24
    body(page, d)
    _footer(page, result, fingerprint)
    page.finish_page()
    canvas.showPage()
    canvas.save()
    return page.pages


def further_round_rule(d: dict[str, Any]) -> str:
    """The line a further round's papers (另行选举) carry: its round and who is elected in it."""
    return tr("Further round (round {round}): elected with the most votes and at least {fraction} of this "
              "round's ballots", round=d["round"], fraction=d["rules"].get("runoff_fraction", "1/3"))


def _unfilled(d: dict[str, Any], result: dict[str, Any]) -> str:
    names = "、".join(result["runoff_candidates"]) or "—"
    if d.get("round", 1) > 1:
        return tr("{n} seats still not filled after round {round}: the election committee decides whether to hold "
                  "another round, among {names}.", n=result["unfilled"], round=d["round"], names=names)
    return tr("{n} seats not filled: a further round will be held among {names}.", n=result["unfilled"], names=names)


def _totals(d: dict[str, Any]) -> list[tuple[str, str]]:
    o = d["outcome"]
    return [
        (tr(_ELECTORATE[d["form"]]), str(d["electorate"])),
        (tr("Ballots issued"), str(d["issued"])),
        (tr("Ballots collected"), str(o["collected"])),
        (tr("Valid ballots"), str(o["collected"] - o["invalid_ballots"])),
        (tr("Invalid ballots"), str(o["invalid_ballots"])),
    ]


def _position_lines(d: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    titles = {p["id"]: p for p in d["positions"]}
    return [(titles[p["id"]], p) for p in d["outcome"]["positions"]]


def _standing(d: dict[str, Any]) -> str:
    o = d["outcome"]
    if not o["valid_round"]:
        return tr("The counts do not reconcile: this round is void and must be held again.")
    if not o["quorum_met"]:
        return tr("The quorum is not met: no one is elected and the election must be held again.")
    return tr("More than half took part: the election is valid.")


def _announcement_body(page: _Page, d: dict[str, Any]) -> None:
    page.text(tr("Community: {community}    Election day: {day}", community=d["community_name"],
                 day=format_date(date.fromisoformat(d["election_day"]))))
    page.text("    ".join(f"{label}{tr(':')}{value}" for label, value in _totals(d)))
    page.text(_standing(d))
    page.gap()
    for position, result in _position_lines(d):
        page.text(tr("{title} ({seats} to elect)", title=position["title"], seats=position["seats"]), size=14)
        votes = tr("; ").join(tr("{name} {votes} votes", name=n, votes=result["votes"][n])
                              for n in ranked(result["votes"]))
        page.text(tr("Votes: {votes}", votes=votes or "—"), indent=0)
        elected = "、".join(result["elected"]) or tr("nobody")
        page.text(tr("Elected: {names}", names=elected))
        if result["unfilled"]:
            page.text(_unfilled(d, result))
        page.gap(6)
    page.gap()
    page.text(tr("{community} election committee", community=d["community_name"]))
    page.text(format_date(date.fromisoformat(d["election_day"])))


def _record_body(page: _Page, d: dict[str, Any]) -> None:
    page.text(tr("Community: {community}    Election day: {day}", community=d["community_name"],
                 day=format_date(date.fromisoformat(d["election_day"]))))
    page.text(tr("Voting place: {place}", place=d["place"] or "—"))
    half = page.width / 2
    page.gap(4)
    for label, value in _totals(d):
        page.row([label, value], [half, half])
    page.text(_standing(d))
    page.gap()
    page.text(tr("Reconciliation per ballot box"), size=14)
    widths = [page.width * f for f in (0.34, 0.18, 0.16, 0.16, 0.16)]
    page.row([tr("Ballot box"), tr("Counted"), tr("Issued"), tr("Collected"), tr("Reconciles")], widths)
    for box in d["boxes"]:
        mode = tr("ballot by ballot") if box["mode"] == "ballots" else tr("tally sheet") if box["mode"] else "—"
        ok = box["issued"] is not None and box["collected"] <= box["issued"]
        page.row([f"{box['name']} ({box['id']})", mode, str(box["issued"]), str(box["collected"]),
                  tr("yes") if ok else tr("no")], widths)
    page.gap()
    page.text(tr("Votes"), size=14)
    widths = [page.width * f for f in (0.22, 0.38, 0.18, 0.22)]
    page.row([tr("Position"), tr("Name"), tr("Votes"), tr("Elected")], widths)
    for position, result in _position_lines(d):
        for name in ranked(result["votes"]):
            page.row([position["title"], name, str(result["votes"][name]), tr("elected") if name in result["elected"] else ""],
                     widths)
        if result["unfilled"]:
            page.text(_unfilled(d, result))
    page.gap(10)
    page.need(LEADING * 2 * len(SIGNERS))
    for label in SIGNERS:
        page.text(tr("{role} (signature): ______________________    Date: ____________", role=tr(label)))
        page.gap(6)


def _footer(page: _Page, result: CertifiedResult, fingerprint: str | None) -> None:
    """At the foot of the last page: certification line, hash, station key fingerprint, and the QR code."""
    page.need(QR_SIZE + 8)
    d = result.data
    page.y = MARGIN + 14 + QR_SIZE
    page.text(tr("Certified by {user} at {time}", user=d["certified_by"], time=d["certified_at"]), size=10)
    page.text(tr("Result data SHA-256: {hash}", hash=result.sha256[:32]), size=9)
    page.text(result.sha256[32:], size=9, x=0)
    page.text(tr("Station key fingerprint: {fingerprint}", fingerprint=fingerprint or "________________"), size=9)
    draw_qr(page.c, result.qr_payload(), MARGIN + page.width - QR_SIZE, MARGIN + 14, QR_SIZE)
