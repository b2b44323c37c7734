"""Page furniture shared by every printed document: titles, page numbers, the TEST watermark."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.i18n import tr
from app.reports.fonts import register_cjk_font

MARGIN = 36.0                    # half an inch all round: safe for office printers
WATERMARK_GREY = 0.55
WATERMARK_ALPHA = 0.18
# Punctuation that may not begin a line (避头点): it stays at the end of the line before.
_NO_LINE_START = frozenset("，。、；：？！）》」』”’…%")


@dataclass(frozen=True)
class PrintedDocument:
    """What a printing function made: the file, its pages, the voters in it, undrawable characters."""

    path: Path
    pages: int
    voters: int
    missing_glyphs: tuple[str, ...] = field(default=())


def new_canvas(path: Path, pagesize: tuple[float, float], title: str) -> Canvas:
    """A canvas with the CJK font registered and the document title set."""
    font = register_cjk_font()
    path.parent.mkdir(parents=True, exist_ok=True)
    # the CJK font from the start: reportlab's default Helvetica would sit in the PDF unembedded, unused
    c = Canvas(str(path), pagesize=pagesize, pageCompression=1, initialFontName=font)
    c.setTitle(title)
    c.setCreator("PollDesk")
    return c


def format_date(d: date) -> str:
    """A date as printed on notices (2011年4月10日)."""
    return tr("{year}-{month}-{day}", year=d.year, month=d.month, day=d.day)


def page_number_text(number: int, total: int) -> str:
    """"第 N 页 共 M 页"."""
    return tr("Page {number} of {total}", number=number, total=total)


def draw_page_number(c: Canvas, number: int, total: int, font: str, size: float = 10) -> None:
    """The page number centred at the foot of the page."""
    width = c._pagesize[0]
    c.setFont(font, size)
    c.drawCentredString(width / 2, MARGIN * 0.6, page_number_text(number, total))


def draw_title(c: Canvas, text: str, y: float, font: str, size: float) -> None:
    """A title centred across the page, shrunk to fit between the margins."""
    width = c._pagesize[0]
    size = fit_size(text, font, size, width - 2 * MARGIN)
    c.setFont(font, size)
    c.drawCentredString(width / 2, y, text)


def fit_size(text: str, font: str, size: float, width: float, smallest: float = 6) -> float:
    """The largest font size <= `size` at which `text` fits in `width`."""
    natural = stringWidth(text, font, size)
    if natural <= width:
        return size
    return max(smallest, size * width / natural)


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of `text` no wider than `width`, broken between characters (Chinese has no spaces)."""
    lines: list[str] = []
    line = ""
    for char in text:
        if line and char not in _NO_LINE_START and stringWidth(line + char, font, size) > width:
            lines.append(line)
            line = char.lstrip()
        else:
            line += char
    if line:
        lines.append(line)
    return lines


def draw_test_watermark(c: Canvas, font: str, box: tuple[float, float, float, float] | None = None) -> None:
    """Light diagonal "测试 / TEST" across the page (or a box x, y, w, h): a test-mode election's paper."""
    x, y, w, h = box if box is not None else (0.0, 0.0, *c._pagesize)
    text = tr("TEST")
    size = fit_size(text, font, min(w, h) / 3, (w * w + h * h) ** 0.5 * 0.7)
    c.saveState()
    c.setFillGray(WATERMARK_GREY)
    c.setFillAlpha(WATERMARK_ALPHA)
    c.setFont(font, size)
    c.translate(x + w / 2, y + h / 2)
    c.rotate(_degrees(w, h))
    c.drawCentredString(0, -size / 3, text)
    c.restoreState()


def _degrees(w: float, h: float) -> float:
    import math

    return math.degrees(math.atan2(h, w))
