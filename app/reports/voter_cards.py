"""Voter cards (选民证): eight to an A4 page, with a masked ID number and a QR code, cut lines between."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import qrcode
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.election.model import Election
from app.election.store import read_election
from app.errors import PollDeskError
from app.i18n import tr
from app.register.privacy import card_payload, register_key
from app.reports.fonts import missing_glyphs, register_cjk_font
from app.reports.page import PrintedDocument, draw_test_watermark, fit_size, format_date, new_canvas

COLUMNS, ROWS = 2, 4
PADDING = 16.0
QR_SIZE = 92.0           # points: about 32 mm, decodes from a phone or a desk scanner
QR_BORDER = 4            # quiet zone in modules, as the QR standard asks
FIELD_SIZE = 11.0
FIELD_LEADING = 17.5


@dataclass(frozen=True)
class CardVoter:
    """What one voter card shows."""

    voter_id: int
    name: str
    sex: str
    community: str
    group: str
    id_masked: str
    place: str


def voter_cards_pdf(
    conn: sqlite3.Connection,
    out_path: Path | str,
    voter_ids: Sequence[int] | None = None,
    *,
    community: str | None = None,
    group_ids: Sequence[int] | None = None,
    limit: int | None = None,
) -> PrintedDocument:
    """Write the voter cards of the active voters chosen by id, community or resident group."""
    out = Path(out_path)
    election = read_election(conn)
    try:
        key = register_key(conn)
    except LookupError as exc:
        raise PollDeskError("no_register_key", "This data file has no voter register key yet: import the "
                            "register before printing voter cards.") from exc
    voters = read_card_voters(conn, voter_ids, community, group_ids, limit)
    canvas = new_canvas(out, A4, tr("Voter cards"))
    writer = _CardWriter(canvas, election)
    per_page = COLUMNS * ROWS
    for start in range(0, len(voters), per_page):
        for slot, voter in enumerate(voters[start:start + per_page]):
            writer.draw_card(slot, voter, card_payload(key, election.id, voter.voter_id))
        writer.draw_cut_lines()
        canvas.showPage()
    if not voters:
        canvas.showPage()
    canvas.save()
    texts = [election.name] + [v.name + v.community + v.group + v.place for v in voters]
    return PrintedDocument(out, max(1, -(-len(voters) // per_page)), len(voters), tuple(missing_glyphs(texts)))


def read_card_voters(
    conn: sqlite3.Connection,
    voter_ids: Sequence[int] | None = None,
    community: str | None = None,
    group_ids: Sequence[int] | None = None,
    limit: int | None = None,
) -> list[CardVoter]:
    """The active voters to print cards for, in posting order, with the place that serves each."""
    where = ["v.status = 'active'"]
    params: list[object] = []
    for column, values in (("v.id", voter_ids), ("v.group_id", group_ids)):
        if values is not None:
            where.append(f"{column} IN ({','.join('?' * len(values))})")
            params.extend(values)
    if community is not None:
        where.append("v.community_code = ?")
        params.append(community)
    sql = (
        "SELECT v.id, v.name, v.sex, c.name AS community, COALESCE(g.name, '') AS grp, v.id_masked,"
        " COALESCE(p.name, (SELECT sp.name FROM place_groups pg JOIN voting_places sp ON sp.code = pg.place_code"
        "   WHERE pg.group_id = v.group_id AND sp.kind != 'mobile' ORDER BY sp.kind, sp.code LIMIT 1)) AS place"
        " FROM voters v JOIN communities c ON c.code = v.community_code"
        " LEFT JOIN resident_groups g ON g.id = v.group_id"
        " LEFT JOIN households h ON h.id = v.household_id"
        " LEFT JOIN voting_places p ON p.code = v.place_code"
        f" WHERE {' AND '.join(where)}"
        " ORDER BY v.community_code, g.number IS NULL, g.number, h.number IS NULL, length(h.number), h.number,"
        " v.household_id, v.name, v.id")
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    unknown_place = tr("to be announced")
    return [CardVoter(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or unknown_place)
            for r in conn.execute(sql, params)]


class _CardWriter:
    """Draws cards into the slots of a page."""

    def __init__(self, canvas: Canvas, election: Election) -> None:
        self.canvas = canvas
        self.election = election
        self.font = register_cjk_font()
        self.card_w, self.card_h = A4[0] / COLUMNS, A4[1] / ROWS
        self.day = format_date(election.election_day)
        self.sexes = {"M": tr("male"), "F": tr("female")}
        self.labels = (tr("Name"), tr("Sex"), tr("Community"), tr("Resident group"), tr("ID number"),
                       tr("Voting place"), tr("Election day"), tr("Card number"))
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self.label_w = max(stringWidth(label + "：", self.font, FIELD_SIZE) for label in self.labels)

    def draw_card(self, slot: int, voter: CardVoter, payload: str) -> None:
        """One card in slot 0..7 (left to right, top to bottom)."""
        c, font = self.canvas, self.font
        x0 = (slot % COLUMNS) * self.card_w
        y0 = A4[1] - (slot // COLUMNS + 1) * self.card_h
        left, top = x0 + PADDING, y0 + self.card_h - PADDING
        inner_w = self.card_w - 2 * PADDING
        if self.election.is_test:
            draw_test_watermark(c, font, (x0, y0, self.card_w, self.card_h))
        c.setFillGray(0)
        c.setFont(font, fit_size(self.election.name, font, 10, inner_w))
        c.drawCentredString(x0 + self.card_w / 2, top - 9, self.election.name)
        c.setFont(font, 18)
        c.drawCentredString(x0 + self.card_w / 2, top - 32, tr("Voter card"))
        values = (voter.name, self.sexes.get(voter.sex, voter.sex), voter.community, voter.group,
                  voter.id_masked, voter.place, self.day, f"{voter.voter_id:06d}")
        value_w = inner_w - QR_SIZE - 6 - self.label_w
        y = top - 56
        for label, value in zip(self.labels, values, strict=True):
            c.setFont(font, FIELD_SIZE)
            c.drawString(left, y, label + "：")
            c.setFont(font, fit_size(value, font, FIELD_SIZE, value_w))
            c.drawString(left + self.label_w, y, value)
            y -= FIELD_LEADING
        qr_x = x0 + self.card_w - PADDING - QR_SIZE
        qr_y = y0 + PADDING + 10
        draw_qr(c, payload, qr_x, qr_y, QR_SIZE)
        c.setFont(font, 7)
        c.drawCentredString(qr_x + QR_SIZE / 2, qr_y - 8, payload)

    def draw_cut_lines(self) -> None:
        """Dashed lines between the cards, edge to edge."""
        c = self.canvas
        c.saveState()
        c.setStrokeGray(0.5)
        c.setLineWidth(0.5)
        c.setDash(4, 3)
        for col in range(1, COLUMNS):
            c.line(col * self.card_w, 0, col * self.card_w, A4[1])
        for row in range(1, ROWS):
            c.line(0, row * self.card_h, A4[0], row * self.card_h)
        c.restoreState()


def draw_qr(c: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """A QR code of `payload` as vector squares (one path, runs of dark modules merged), quiet zone included."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QR_BORDER)
    qr.add_data(payload)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    module = size / len(matrix)
    path = c.beginPath()
    for r, row in enumerate(matrix):
        top = y + size - (r + 1) * module
        col = 0
        while col < len(row):
            if row[col]:
                start = col
                while col < len(row) and row[col]:
                    col += 1
                path.rect(x + start * module, top, (col - start) * module, module * 1.02)  # overlap: no seams
            else:
                col += 1
    c.saveState()
    c.setFillGray(1)
    c.rect(x, y, size, size, stroke=0, fill=1)   # a clean quiet zone, whatever is printed beneath
    c.setFillGray(0)
    c.drawPath(path, stroke=0, fill=1)
    c.restoreState()
