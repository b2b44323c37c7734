"""The district's statistics after the election (基本情况): a seed-style paragraph, tables and charts, PDF and xlsx.

Every figure comes from `app.district.district_summary`: nothing is typed in. The PDF draws its charts with
reportlab.graphics in the embedded CJK font; the workbook has one sheet per table.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.district.summary import DistrictSummary
from app.district.totals import AFTER_FURTHER_ROUND, ANOTHER_ROUND, NOT_DONE, ONE_ROUND, DistrictTotals
from app.district.words import (
    age_band_word,
    blank_word,
    community_state_word,
    incumbent_word,
    place_kind_word,
    position_word,
    sex_word,
)
from app.i18n import tr
from app.reports.fonts import missing_glyphs, register_cjk_font
from app.reports.page import (
    MARGIN,
    PrintedDocument,
    draw_page_number,
    draw_test_watermark,
    draw_title,
    new_canvas,
    wrap_text,
)

_COLLEGE = ("大专", "本科", "大学", "研究生", "硕士", "博士")
_BARS = (colors.HexColor("#2f5d8a"), colors.HexColor("#c0504d"), colors.HexColor("#9bbb59"),
         colors.HexColor("#8064a2"), colors.HexColor("#f79646"), colors.HexColor("#4bacc6"))


def is_party_member(party: str) -> bool:
    """A member of the Communist Party (中共党员 or 中共预备党员)."""
    return "中共" in party


def has_college(education: str) -> bool:
    """College education (大专) or higher."""
    return any(word in education for word in _COLLEGE)


def basic_situation(totals: DistrictTotals) -> str:
    """The seed's "basic situation" paragraph, filled from the data."""
    by_position = totals.count_by("position")
    members = totals.members
    return tr(
        "In all, the district's {communities} communities registered {registered} voters and chose {group_leaders} "
        "resident-group leaders (residents' representatives) and {units} unit representatives. {members} members "
        "of the new residents' committees were elected: {directors} directors, {deputies} deputy directors and "
        "{committee_members} members; {women} of them are women, {party} are party members, {college} have a "
        "college education or higher, {re_elected} were re-elected and {first_time} were elected for the first "
        "time. {one_round} communities completed the election in one round, {after_round} after a further round, "
        "{another} need another round and "
        "{not_done} are not done yet. {collected} of {electorate} voters took part ({turnout}%).",
        communities=len(totals.communities), registered=totals.registered, group_leaders=totals.group_leaders,
        units=totals.unit_representatives, members=len(members), directors=by_position.get("director", 0),
        deputies=by_position.get("deputy", 0), committee_members=by_position.get("member", 0),
        women=sum(m.sex == "F" for m in members), party=sum(is_party_member(m.party) for m in members),
        college=sum(has_college(m.education) for m in members), re_elected=sum(m.incumbent for m in members),
        first_time=sum(not m.incumbent for m in members), one_round=len(totals.communities_in(ONE_ROUND)),
        after_round=len(totals.communities_in(AFTER_FURTHER_ROUND)),
        another=len(totals.communities_in(ANOTHER_ROUND)), not_done=len(totals.communities_in(NOT_DONE)),
        collected=totals.collected, electorate=totals.electorate, turnout=f"{totals.turnout_percent:.1f}")


def composition(totals: DistrictTotals) -> list[tuple[str, list[tuple[str, int]]]]:
    """Members elected counted by each reported attribute: (heading, [(value in words, count)])."""
    words = {"position": position_word, "sex": sex_word, "age_band": age_band_word, "ethnicity": blank_word,
             "party": blank_word, "education": blank_word, "incumbent": incumbent_word}
    headings = {"position": tr("By position"), "sex": tr("By sex"), "age_band": tr("By age"),
                "ethnicity": tr("By ethnicity"), "party": tr("By party membership"),
                "education": tr("By education"), "incumbent": tr("First time or re-elected")}
    order = {"position": ["director", "deputy", "member"], "age_band": ["35_and_under", "36_45", "46_55",
                                                                        "56_and_over", "unknown"]}
    result = []
    for attribute, word in words.items():
        counts = totals.count_by(attribute)
        keys = [k for k in order.get(attribute, sorted(counts)) if k in counts]
        result.append((headings[attribute], [(word(k), counts[k]) for k in keys]))
    return result


def community_rows(summary: DistrictSummary) -> list[list[str | int | float]]:
    """Per community: name, electorate, issued, collected, turnout %, state, members elected."""
    return [[c.name, c.electorate, c.issued, c.collected, c.turnout_percent, community_state_word(c.state),
             len(c.elected)] for c in summary.totals.communities]


def community_headings() -> list[str]:
    """Headings of `community_rows`."""
    return [tr("Community"), tr("Registered voters"), tr("Ballots issued"), tr("Ballots collected"),
            tr("Turnout %"), tr("State"), tr("Members elected")]


def place_kind_rows(totals: DistrictTotals) -> list[tuple[str, int]]:
    """Committee ballots issued by place kind: central venue, stations, mobile boxes, proxies."""
    return [(place_kind_word(k), n) for k, n in totals.ballots_by_place_kind.items()]


# ---- xlsx ------------------------------------------------------------------------------------------------


def stats_xlsx(summary: DistrictSummary, out_path: Path | str) -> Path:
    """The statistics as a workbook: basic situation, communities, ballots by place, composition, members."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    out = Path(out_path)
    totals = summary.totals
    wb = Workbook()
    ws = wb.active
    ws.title = tr("Basic situation")
    ws.append([basic_situation(totals)])
    ws["A1"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 100
    ws.row_dimensions[1].height = 120
    for label, value in _key_figures(totals):
        ws.append([label, value])
    sheet = wb.create_sheet(tr("Per community"))
    sheet.append(community_headings())
    for row in community_rows(summary):
        sheet.append(row)
    sheet = wb.create_sheet(tr("Ballots by place"))
    sheet.append([tr("Where"), tr("Ballots issued")])
    for label, count in place_kind_rows(totals):
        sheet.append([label, count])
    sheet = wb.create_sheet(tr("Composition of members elected"))
    for heading, counts in composition(totals):
        sheet.append([heading])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        for label, count in counts:
            sheet.append([label, count])
    sheet = wb.create_sheet(tr("Member list"))
    sheet.append([tr("Community"), tr("Position"), tr("Name"), tr("Sex"), tr("Age"), tr("Ethnicity"),
                  tr("Party"), tr("Education"), tr("First time or re-elected")])
    names = {c.code: c.name for c in totals.communities}
    for m in totals.members:
        sheet.append([names[m.community], position_word(m.position), m.name, sex_word(m.sex),
                      m.age if m.age is not None else "", blank_word(m.ethnicity), blank_word(m.party),
                      blank_word(m.education), incumbent_word(str(m.incumbent))])
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


def _key_figures(totals: DistrictTotals) -> list[tuple[str, int | str]]:
    return [(tr("Communities"), len(totals.communities)), (tr("Registered voters"), totals.registered),
            (tr("Ballots issued"), totals.issued), (tr("Ballots collected"), totals.collected),
            (tr("Turnout %"), f"{totals.turnout_percent:.1f}"), (tr("Members elected"), len(totals.members))]


# ---- PDF -------------------------------------------------------------------------------------------------


def stats_pdf(summary: DistrictSummary, out_path: Path | str, *, title: str, is_test: bool) -> PrintedDocument:
    """The statistics report: the paragraph, key figures and charts, composition, the communities' table."""
    out = Path(out_path)
    font = register_cjk_font()
    c = new_canvas(out, A4, title)
    width, height = A4
    totals = summary.totals
    paragraph = basic_situation(totals)
    # page 1: the paragraph, key figures, ballots by place and members by position
    draw_title(c, title, height - MARGIN - 20, font, 18)
    y = height - MARGIN - 56
    c.setFont(font, 12)
    for line in wrap_text("　　" + paragraph, font, 12, width - 2 * MARGIN):
        c.drawString(MARGIN, y, line)
        y -= 19
    y -= 10
    for label, value in _key_figures(totals):
        c.drawString(MARGIN + 10, y, f"{label}：{value}")
        y -= 17
    chart_h = 190
    _bar_chart(c, font, tr("Ballots issued by place"), place_kind_rows(totals), MARGIN, y - chart_h - 10,
               (width - 2 * MARGIN) / 2 - 10, chart_h)
    _bar_chart(c, font, tr("Members elected by position"), composition(totals)[0][1], width / 2 + 10,
               y - chart_h - 10, (width - 2 * MARGIN) / 2 - 10, chart_h)
    _finish_page(c, font, 1, 2, is_test)
    # page 2: composition charts and the communities' table
    draw_title(c, tr("Members elected and communities"), height - MARGIN - 20, font, 16)
    parts = composition(totals)
    _pie(c, font, parts[1][0], parts[1][1], MARGIN, height - MARGIN - 230, 250, 190)
    _bar_chart(c, font, parts[2][0], parts[2][1], width / 2 + 10, height - MARGIN - 230,
               (width - 2 * MARGIN) / 2 - 10, 190)
    y = height - MARGIN - 260
    c.setFont(font, 11)
    for heading, counts in parts[3:]:
        c.drawString(MARGIN, y, f"{heading}：" + "；".join(f"{label} {n}" for label, n in counts))
        y -= 17
    _table(c, font, community_headings(), community_rows(summary), y - 14, width)
    _finish_page(c, font, 2, 2, is_test)
    c.save()
    texts = [paragraph, *(m.name for m in totals.members), *(co.name for co in totals.communities)]
    return PrintedDocument(out, 2, totals.registered, tuple(missing_glyphs(texts)))


def _finish_page(c: Canvas, font: str, number: int, total: int, is_test: bool) -> None:
    draw_page_number(c, number, total, font)
    if is_test:
        draw_test_watermark(c, font)
    c.showPage()


def _bar_chart(c: Canvas, font: str, title: str, bars: list[tuple[str, int]], x: float, y: float, w: float,
               h: float) -> None:
    """A labelled vertical bar chart with each bar's number above it."""
    d = Drawing(w, h, initialFontName=font)    # not reportlab's unembedded Helvetica
    d.add(String(w / 2, h - 14, title, fontName=font, fontSize=12, textAnchor="middle"))
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 30, w - 40, h - 60
    chart.data = [[n for _, n in bars] or [0]]
    chart.categoryAxis.categoryNames = [label for label, _ in bars] or [tr("None")]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 9
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = _BARS[0]
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.nudge = 7
    d.add(chart)
    renderPDF.draw(d, c, x, y)


def _pie(c: Canvas, font: str, title: str, parts: list[tuple[str, int]], x: float, y: float, w: float,
         h: float) -> None:
    """A pie chart whose slices are labelled with their words and numbers (never colour alone)."""
    d = Drawing(w, h, initialFontName=font)    # not reportlab's unembedded Helvetica
    d.add(String(w / 2, h - 14, title, fontName=font, fontSize=12, textAnchor="middle"))
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = w / 2 - 60, 20, 120, 120
    pie.data = [n for _, n in parts] or [1]
    pie.labels = [f"{label} {n}" for label, n in parts] or [tr("None")]
    pie.slices.fontName = font
    pie.slices.fontSize = 10
    for i in range(len(pie.data)):
        pie.slices[i].fillColor = _BARS[i % len(_BARS)]
    d.add(pie)
    renderPDF.draw(d, c, x, y)


def _table(c: Canvas, font: str, headings: list[str], rows: list[list[str | int | float]], top: float,
           width: float) -> None:
    """A plain ruled table (drawn on the canvas: platypus tables are slow)."""
    shares = (0.24, 0.12, 0.12, 0.12, 0.1, 0.18, 0.12)
    lefts = [MARGIN]
    for share in shares[:-1]:
        lefts.append(lefts[-1] + share * (width - 2 * MARGIN))
    c.setFont(font, 10)
    y = top
    lines: list[list[str | int | float]] = [list(headings), *rows]
    for row in lines:
        if y < MARGIN + 30:
            break
        for left, value in zip(lefts, row, strict=True):
            text = f"{value:.1f}" if isinstance(value, float) else str(value)
            c.drawString(left + 2, y, text)
        c.line(MARGIN, y - 5, width - MARGIN, y - 5)
        y -= 18
