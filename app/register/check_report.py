"""The register check report for the people who fix the data: saved as .xlsx and as PDF.

Rows are identified by row number and, where a person must be named, by the masked ID number only.
The PDF embeds the CJK font and is drawn on a bare canvas (platypus tables are slow on long lists).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.i18n import tr
from app.register.checker import CheckReport
from app.reports.fonts import FONT_NAME, register_cjk_font


@dataclass(frozen=True)
class ReportHeading:
    """What the report is about: the file checked, the election day, the day of the check."""

    file_name: str
    election_day: date
    checked_on: date


def _summary(report: CheckReport, heading: ReportHeading) -> list[tuple[str, str]]:
    return [
        (tr("File"), heading.file_name),
        (tr("Election day"), heading.election_day.isoformat()),
        (tr("Checked on"), heading.checked_on.isoformat()),
        (tr("Rows"), str(len(report.rows))),
        (tr("Rows without problems"), str(report.valid)),
        (tr("Problems"), str(len(report.problems))),
    ]


def _columns() -> tuple[str, str, str]:
    return tr("Row"), tr("Problem code"), tr("What to fix")


def save_xlsx(report: CheckReport, heading: ReportHeading, out: Path | str) -> None:
    """Write the report as an Excel workbook: a summary above the table of problems."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = tr("Register check")
    sheet.append([tr("Register check report")])
    sheet["A1"].font = Font(bold=True, size=14)
    for label, value in _summary(report, heading):
        sheet.append([label, value])
    sheet.append([])
    sheet.append(list(_columns()))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for p in report.problems:
        sheet.append([p.row, p.code, p.message])
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 24
    sheet.column_dimensions["C"].width = 90
    book.save(str(out))


def _wrap(text: str, width: float, size: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, current = [], ""
    for ch in text:
        if stringWidth(current + ch, FONT_NAME, size) > width and current:
            lines.append(current)
            current = ""
        current += ch
    return [*lines, current] if current or not lines else lines


def save_pdf(report: CheckReport, heading: ReportHeading, out: Path | str) -> None:
    """Write the report as an A4 PDF with the CJK font embedded."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    font = register_cjk_font()
    width, height = A4
    left, right, top, bottom = 18 * mm, width - 18 * mm, height - 18 * mm, 18 * mm
    col_code, col_msg = left + 18 * mm, left + 58 * mm
    size, leading = 9.5, 13.0
    canvas = Canvas(str(out), pagesize=A4, pageCompression=1, initialFontName=font)
    canvas.setTitle(tr("Register check report"))
    page = 1

    def footer() -> None:
        canvas.setFont(font, 8)
        canvas.drawCentredString(width / 2, bottom - 8 * mm, tr("Page {page}", page=page))

    def table_header(y: float) -> float:
        canvas.setFont(font, size)
        for x, label in zip((left, col_code, col_msg), _columns(), strict=True):
            canvas.drawString(x, y, label)
        canvas.line(left, y - 3, right, y - 3)
        return y - leading - 2

    canvas.setFont(font, 16)
    canvas.drawString(left, top, tr("Register check report"))
    y = top - 24
    canvas.setFont(font, 10)
    for label, value in _summary(report, heading):
        canvas.drawString(left, y, f"{label}：{value}")
        y -= 14
    y = table_header(y - 8)
    if not report.problems:
        canvas.drawString(left, y, tr("No problems were found."))
    for p in report.problems:
        lines = _wrap(p.message, right - col_msg, size)
        if y - leading * len(lines) < bottom:
            footer()
            canvas.showPage()
            page += 1
            y = table_header(top)
        canvas.setFont(font, size)
        canvas.drawString(left, y, str(p.row))
        canvas.drawString(col_code, y, p.code)
        for line in lines:
            canvas.drawString(col_msg, y, line)
            y -= leading
    footer()
    canvas.save()
