"""The demo's `merged` and `reports` stages: the district merges what it imported and writes its reports."""

from __future__ import annotations

from typing import Any

from app.demo.district import DemoDistrict
from app.demo.stages import DemoContext
from app.district import district_summary
from app.i18n import tr
from app.reports.district_stats import stats_pdf, stats_xlsx
from app.reports.weekly import weekly_pdf

REPORTS_DIR = "reports"


def merged(ctx: DemoContext) -> None:
    """Merge every imported package (app.district) and put the district's own totals in the summary."""
    with ctx.open_district() as df:
        summary = district_summary(df.conn)
    totals: dict[str, Any] = summary.totals.to_dict()
    ctx.summary["district_merge"] = {
        "registered": totals["registered"], "issued": totals["issued"], "collected": totals["collected"],
        "turnout_percent": totals["turnout_percent"], "ballots_by_place_kind": totals["ballots_by_place_kind"],
        "household_ballots": totals["household_ballots"], "members": totals["members"],
        "by_position": totals["by_position"], "communities": totals["communities"],
        "problems": len(summary.problems)}


def reports(ctx: DemoContext) -> None:
    """Write the statistics (xlsx and PDF) and the weekly report of election week into DIR/reports/."""
    district: DemoDistrict = ctx.state["district"]
    election = district.definition.election
    folder = ctx.out / REPORTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    with ctx.open_district() as df:
        summary = district_summary(df.conn)
        written = {
            "stats_xlsx": stats_xlsx(summary, folder / "district-stats.xlsx"),
            "stats_pdf": stats_pdf(summary, folder / "district-stats.pdf",
                                   title=tr("Election statistics of {district}", district=election.district_name),
                                   is_test=election.is_test).path,
            "weekly_pdf": weekly_pdf(df.conn, summary, folder / "weekly.pdf", week_ending=election.election_day,
                                     title=tr("Weekly report of {district}", district=election.district_name),
                                     is_test=election.is_test).path,
        }
    ctx.summary["reports"] = {k: str(v) for k, v in written.items()}
