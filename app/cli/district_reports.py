"""`polldesk merge`, `polldesk report stats|weekly` and `polldesk district lock`: the district after election day.

`merge DISTRICT_DB --json` prints the merged results, district totals, problems, places and stages as JSON
(read-only). `report stats DISTRICT_DB --xlsx OUT --pdf OUT` writes the statistics (基本情况); `report weekly
DISTRICT_DB --pdf OUT [--week-ending DATE]` the weekly progress report (每周一报). `district lock DISTRICT_DB
--user NAME` makes the merged results official (the password is read from POLLDESK_PASSWORD or stdin
and, on an encrypted file, unlocks it too); after that the file refuses package imports and removals.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from app.auth import login
from app.cli import print_json
from app.district import district_summary, lock_results
from app.election.store import read_election
from app.errors import PollDeskError
from app.i18n import tr
from app.vault.cli_open import add_unlock_arguments, open_for_cli, password_of


def register(subparsers: argparse._SubParsersAction) -> None:
    merge = subparsers.add_parser("merge", help=tr("merge the imported stations' results and print them"))
    merge.add_argument("db", type=Path, metavar="DISTRICT_DB")
    merge.add_argument("--json", action="store_true", help=tr("print JSON (the only format)"))
    add_unlock_arguments(merge)
    merge.set_defaults(func=_merge)

    report = subparsers.add_parser("report", help=tr("the district's reports after election day"))
    rsub = report.add_subparsers(dest="report", required=True)
    stats = rsub.add_parser("stats", help=tr("the statistics (basic situation) as xlsx and PDF"))
    stats.add_argument("db", type=Path, metavar="DISTRICT_DB")
    stats.add_argument("--xlsx", type=Path, help=tr("the workbook to write"))
    stats.add_argument("--pdf", type=Path, help=tr("the PDF to write"))
    add_unlock_arguments(stats)
    stats.set_defaults(func=_stats)
    weekly = rsub.add_parser("weekly", help=tr("the weekly progress report (PDF)"))
    weekly.add_argument("db", type=Path, metavar="DISTRICT_DB")
    weekly.add_argument("--pdf", type=Path, required=True, help=tr("the PDF to write"))
    weekly.add_argument("--week-ending", type=date.fromisoformat, default=None,
                        help=tr("last day of the week reported (YYYY-MM-DD; default today)"))
    add_unlock_arguments(weekly)
    weekly.set_defaults(func=_weekly)


def add_lock_command(district_subcommands: argparse._SubParsersAction) -> None:
    """Add `lock` to the `polldesk district` subcommands."""
    lock = district_subcommands.add_parser("lock", help=tr("lock the merged results as official"))
    lock.add_argument("db", type=Path, metavar="DISTRICT_DB")
    lock.add_argument("--user", required=True, help=tr("your user name (the password is read from stdin)"))
    lock.set_defaults(func=_lock)


def _merge(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args, kind="district") as df:
        print_json(district_summary(df.conn).to_dict(with_text=True))
    return 0


def _titles(conn: Any) -> tuple[str, bool]:
    election = read_election(conn)
    return f"{election.district_name}{election.name}", election.is_test


def _stats(args: argparse.Namespace) -> int:
    from app.reports.district_stats import basic_situation, stats_pdf, stats_xlsx

    if not args.xlsx and not args.pdf:
        raise PollDeskError("no_output", "Give --xlsx, --pdf or both: where to write the report.")
    with open_for_cli(args.db, args, kind="district") as df:
        summary = district_summary(df.conn)
        name, is_test = _titles(df.conn)
        written: dict[str, Any] = {"paragraph": basic_situation(summary.totals)}
        if args.xlsx:
            written["xlsx"] = str(stats_xlsx(summary, args.xlsx))
        if args.pdf:
            doc = stats_pdf(summary, args.pdf, title=tr("{election}: basic situation", election=name),
                            is_test=is_test)
            written.update(pdf=str(doc.path), pages=doc.pages, missing_glyphs=list(doc.missing_glyphs))
    print_json(written)
    return 0


def _weekly(args: argparse.Namespace) -> int:
    from app.reports.weekly import weekly_pdf

    week_ending = args.week_ending or date.today()
    with open_for_cli(args.db, args, kind="district") as df:
        name, is_test = _titles(df.conn)
        doc = weekly_pdf(df.conn, district_summary(df.conn), args.pdf, week_ending=week_ending,
                         title=tr("{election}: weekly progress report", election=name), is_test=is_test)
    print_json({"pdf": str(doc.path), "pages": doc.pages, "week_ending": week_ending.isoformat()})
    return 0


def _lock(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args, kind="district") as df:
        session = login(df.conn, args.user, password_of(args))
        lock = lock_results(df.conn, session)
    print_json({"locked_by": lock.locked_by, "locked_at": lock.locked_at, "sha256": lock.sha256})
    return 0
