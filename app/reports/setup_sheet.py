"""The setup sheet (投票站初始设置单): one A4 page per voting place, with what opens its setup package.

Each page names the election, the community and the place, the package file and its id, the day it was
issued, the district key fingerprint (16 groups of 4) and the one-time setup code, large, in a typewriter
face where 0 and O, 1 and I differ; then the chief's steps and the hand-over signatures (交 / 接). The sheet
travels by hand, apart from the stick, so it must never be written into the package folder
(`check_sheet_apart`). It holds no voter data. `issue_setup_packages` makes packages and their sheet in one go.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from app.audit import Clock, system_clock
from app.audit.log import HasActor
from app.auth import require
from app.db import DataFile
from app.election.store import read_election
from app.errors import PollDeskError
from app.exchange.keys import district_fingerprint
from app.exchange.setup import IssuedCode, export_setup_package, issued_setup_codes
from app.i18n import tr
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

PAGE = A4
# A line breaks between Chinese characters, and between English words (never inside one).
_PIECE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+|\s+")
_NO_LINE_START = frozenset("，。、；：？！）》」』”’…%")
CODE_FONT = "PollDeskCode"
CODE_SIZE = 30.0
TEXT_SIZE = 13.0
LINE = 20.0
# Typewriter faces whose 0 is slashed or dotted and whose 1, I and l differ (the first found is embedded).
_CODE_FACES = ("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
               "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
               "/usr/share/fonts/truetype/noto/NotoSansMono-Bold.ttf",
               "/usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf",
               "C:/Windows/Fonts/consolab.ttf", "C:/Windows/Fonts/consola.ttf")


@dataclass(frozen=True)
class SheetPlace:
    """A voting place as the sheet and the district's chooser name it: its code, name, kind and community."""

    code: str
    name: str
    kind: str
    community_code: str
    community_name: str


@dataclass(frozen=True)
class IssuedSheets:
    """Setup packages just made (one issued code each) and the sheet PDF printed for them."""

    codes: tuple[IssuedCode, ...]
    folder: Path
    sheet: PrintedDocument | None


def setup_places(district: DataFile) -> list[SheetPlace]:
    """Every voting place of the district, by community and code: the places a setup package can be made for."""
    rows = district.conn.execute(
        "SELECT p.code, p.name, p.kind, p.community_code, c.name FROM voting_places p"
        " JOIN communities c ON c.code = p.community_code ORDER BY p.community_code, p.code")
    return [SheetPlace(*(str(v) for v in r)) for r in rows]


def check_sheet_apart(sheet: Path | str, folder: Path | str) -> None:
    """Refuse a sheet path inside the package folder: the sheet and the stick travel apart."""
    sheet_folder, packages = Path(sheet).resolve().parent, Path(folder).resolve()
    if sheet_folder == packages or packages in sheet_folder.parents:
        raise PollDeskError("sheet_with_packages", "The setup sheet may not be saved in the folder of the setup "
                            "packages ({folder}): whoever found the stick would have the setup codes too. Save the "
                            "sheet somewhere else (such as Documents), print it, and hand it over apart from the "
                            "stick.", folder=str(packages))


def issue_setup_packages(district: DataFile, places: Sequence[str], folder: Path | str,
                         sheet: Path | str | None = None, *, session: HasActor | None = None,
                         clock: Clock = system_clock) -> IssuedSheets:
    """Make the setup package of each place in `folder` and, when `sheet` is given, print their setup sheets."""
    if session is not None:
        require(session, "export_package")
    if sheet is not None:
        check_sheet_apart(sheet, folder)
    known = {p.code for p in setup_places(district)}
    unknown = [p for p in places if p not in known]
    if unknown or not places:
        raise PollDeskError("unknown_place", "There is no voting place {code} in this election.",
                            code=", ".join(unknown) or "-")
    made = [export_setup_package(district, place, folder, session=session, clock=clock).package_id
            for place in dict.fromkeys(places)]
    by_id = {c.package_id: c for c in issued_setup_codes(district)}
    codes = tuple(by_id[package_id] for package_id in made)
    printed = None if sheet is None else setup_sheets_pdf(district, codes, sheet)
    return IssuedSheets(codes, Path(folder), printed)


def latest_codes(district: DataFile, place: str | None = None, *,
                 session: HasActor | None = None) -> list[IssuedCode]:
    """The newest setup code issued for each place (or for `place`), in place order: the sheets to print again."""
    newest: dict[str, IssuedCode] = {}
    for code in issued_setup_codes(district, place, session=session):
        newest.setdefault(code.place_code, code)
    return [newest[p] for p in sorted(newest)]


def setup_sheets_pdf(district: DataFile, codes: Sequence[IssuedCode], out_path: Path | str) -> PrintedDocument:
    """Print one setup sheet per issued code; `voters` of the result is 0 (a sheet names no voter)."""
    if not codes:
        raise PollDeskError("no_setup_codes", "No setup package has been made yet, so there is no setup sheet to "
                            "print. Make the setup packages first.")
    out = Path(out_path)
    election = read_election(district.conn)
    places = {p.code: p for p in setup_places(district)}
    shown_fingerprint = district_fingerprint(district.conn)
    font, code_font = register_cjk_font(), code_face()
    c = new_canvas(out, PAGE, tr("Setup sheet for a voting place"))
    for number, issued in enumerate(codes, start=1):
        place = places.get(issued.place_code) or SheetPlace(issued.place_code, issued.place_code, "", "", "")
        _draw_sheet(c, font, code_font, election.name, place, issued, shown_fingerprint)
        draw_page_number(c, number, len(codes), font)
        if election.is_test:
            draw_test_watermark(c, font)
        c.showPage()
    c.save()
    texts = [election.name, *(f"{p.name}{p.community_name}" for p in places.values())]
    return PrintedDocument(out, len(codes), 0, tuple(missing_glyphs(texts)))


@cache
def code_face() -> str:
    """The embedded typewriter face for the code and the fingerprint (the CJK font when none is found)."""
    for path in _CODE_FACES:
        if Path(path).is_file():
            pdfmetrics.registerFont(TTFont(CODE_FONT, path))
            return CODE_FONT
    return register_cjk_font()


def _draw_sheet(c: Canvas, font: str, code_font: str, election: str, place: SheetPlace, issued: IssuedCode,
                shown_fingerprint: str) -> None:
    width, height = PAGE
    inner = width - 2 * MARGIN
    draw_title(c, tr("Setup sheet for a voting place"), height - MARGIN - 24, font, 22)
    draw_title(c, election, height - MARGIN - 52, font, 14)
    y = height - MARGIN - 90
    facts = ((tr("Community"), f"{place.community_name} ({place.community_code})" if place.community_code else "-"),
             (tr("Voting place"), f"{place.name} ({place.code})"),
             (tr("Setup package file"), issued.file),
             (tr("Package id"), issued.package_id),
             (tr("Issued on"), issued.issued[:16].replace("T", " ")))
    label_width = max(pdfmetrics.stringWidth(label, font, TEXT_SIZE) for label, _ in facts) + 12
    for label, value in facts:
        c.setFont(font, TEXT_SIZE)
        c.drawString(MARGIN, y, label)
        c.setFont(font, fit_size(value, font, TEXT_SIZE, inner - label_width))
        c.drawString(MARGIN + label_width, y, value)
        y -= LINE
    y = _draw_box(c, font, code_font, y - 10, tr("District key fingerprint"),
                  _fingerprint_lines(shown_fingerprint), 15.0,
                  tr("Check that the program shows this fingerprint. If it does not, do not use the package: "
                     "call the district office."))
    y = _draw_box(c, font, code_font, y - 14, tr("Setup code"), [issued.setup_code], CODE_SIZE,
                  tr("Twenty letters and digits in groups of 4. There is no letter O, I, L or U in a setup code: "
                     "0 and 1 are digits. Case, spaces and dashes do not matter when typing."))
    y = _draw_steps(c, font, y - 24)
    _draw_signatures(c, font, max(y - 20, MARGIN + 100))


def wrap_words(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of `text` no wider than `width`, broken between Chinese characters or between English words."""
    lines: list[str] = []
    line = ""
    for piece in _PIECE.findall(text):
        if line and not piece.isspace() and piece[0] not in _NO_LINE_START \
                and pdfmetrics.stringWidth(line + piece, font, size) > width:
            lines.append(line.rstrip())
            line = piece
        elif line or not piece.isspace():
            line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _fingerprint_lines(shown: str) -> list[str]:
    """The fingerprint's 16 groups of 4 on two lines of 8."""
    groups = shown.split()
    return [" ".join(groups[:8]), " ".join(groups[8:])] if len(groups) > 8 else [shown]


def _draw_box(c: Canvas, font: str, code_font: str, top: float, label: str, lines: list[str], size: float,
              note: str) -> float:
    """A framed box: its label, its lines in the typewriter face, centred, and a note; returns the y under it."""
    width = PAGE[0]
    inner = width - 2 * MARGIN - 24
    note_lines = wrap_words(note, font, 10, inner)
    height = 26 + len(lines) * size * 1.35 + len(note_lines) * 14 + 10
    c.setLineWidth(1.2)
    c.rect(MARGIN, top - height, width - 2 * MARGIN, height)
    c.setFont(font, 12)
    c.drawString(MARGIN + 12, top - 20, label)
    y = top - 26
    for line in lines:
        y -= size * 1.35
        c.setFont(code_font, fit_size(line, code_font, size, inner))
        c.drawCentredString(width / 2, y + size * 0.3, line)
    c.setFont(font, 10)
    for text in note_lines:
        y -= 14
        c.drawString(MARGIN + 12, y, text)
    return top - height


def _steps() -> list[str]:
    return [
        tr("Open PollDesk and choose File > Set up this station from a setup package; choose the setup package "
           "file named above on the USB stick."),
        tr("Type the district key fingerprint above and check it. A package signed by another key is refused: do "
           "not use it, call the district office."),
        tr("Type the setup code above, then your user name and password (twice)."),
        tr("Once the station file is made, delete the setup package from the USB stick."),
        tr("This sheet travels apart from the USB stick, by hand. Keep it locked away: the stick and this sheet "
           "together open the community's register."),
    ]


def _draw_steps(c: Canvas, font: str, top: float) -> float:
    """The station chief's steps, numbered and wrapped; returns the y under them."""
    c.setFont(font, 13)
    c.drawString(MARGIN, top, tr("For the station chief"))
    y = top - 6
    inner = PAGE[0] - 2 * MARGIN - 20
    for number, step in enumerate(_steps(), start=1):
        c.setFont(font, 12)
        c.drawString(MARGIN, y - 18, f"{number}.")
        for line in wrap_words(step, font, 12, inner):
            y -= 18
            c.drawString(MARGIN + 20, y, line)
        y -= 6
    return y


def _draw_signatures(c: Canvas, font: str, top: float) -> None:
    """The hand-over: who gave the sheet (交), who took it (接), and when."""
    c.setFont(font, 12)
    y = top
    for role in (tr("Handed over by (district office)"), tr("Received by (station chief)")):
        y -= 44
        c.drawString(MARGIN, y, tr("{role} (signature): ______________________    Date: ____________", role=role))
