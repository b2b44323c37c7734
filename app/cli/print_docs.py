"""`polldesk print posted-list|voter-cards|setup-sheets`: the printed documents of the register, the setup sheets."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli import print_json
from app.i18n import tr
from app.reports.page import PrintedDocument
from app.vault.cli_open import add_unlock_arguments, open_for_cli


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("print", help=tr("print the posted voter list, voter cards or setup sheets (PDF)"))
    sub = p.add_subparsers(dest="document", required=True)
    posted = sub.add_parser("posted-list", help=tr("the voter list posted on the bulletin board, by resident group"))
    _common(posted)
    posted.add_argument("--birth-year", action="store_true", help=tr("show the birth year instead of the age"))
    add_unlock_arguments(posted)
    posted.set_defaults(func=_posted_list)
    cards = sub.add_parser("voter-cards", help=tr("voter cards, eight to an A4 page"))
    _common(cards)
    cards.add_argument("--limit", type=int, help=tr("print at most this many cards"))
    add_unlock_arguments(cards)
    cards.set_defaults(func=_voter_cards)
    sheets = sub.add_parser("setup-sheets", help=tr("the setup sheets again, from the setup codes the district issued "
                                                    "(the newest of each place); never save them on the stick"))
    sheets.add_argument("db", type=Path, metavar="DISTRICT_DB")
    sheets.add_argument("--out", type=Path, required=True, help=tr("the PDF file to write"))
    sheets.add_argument("--place", help=tr("voting place code"))
    add_unlock_arguments(sheets)
    sheets.set_defaults(func=_setup_sheets)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("db", type=Path, help=tr("the district or station data file"))
    p.add_argument("--out", type=Path, required=True, help=tr("the PDF file to write"))
    p.add_argument("--community", help=tr("only this community (its code)"))
    p.add_argument("--group", type=int, action="append", help=tr("only this resident group (its id; repeatable)"))


def _posted_list(args: argparse.Namespace) -> int:
    from app.election.store import read_election
    from app.register.posting import communities_of, record_posting
    from app.reports.posted_list import posted_list_pdf, posting_dates

    with open_for_cli(args.db, args) as df:
        document = posted_list_pdf(df.conn, args.out, args.group, community=args.community,
                                   birth_year=args.birth_year)
        posted, _ = posting_dates(read_election(df.conn))
        record_posting(df.conn, communities_of(df.conn, args.community, args.group), posted)
    return _report(document)


def _voter_cards(args: argparse.Namespace) -> int:
    from app.reports.voter_cards import voter_cards_pdf

    with open_for_cli(args.db, args) as df:
        document = voter_cards_pdf(df.conn, args.out, community=args.community, group_ids=args.group,
                                   limit=args.limit)
    return _report(document)


def _setup_sheets(args: argparse.Namespace) -> int:
    from app.cli.package import reprint_setup_sheets

    return reprint_setup_sheets(args)


def _report(document: PrintedDocument) -> int:
    if document.missing_glyphs:
        sys.stderr.write(tr("Warning: the font cannot draw these characters; write them in by hand: {chars}",
                            chars=" ".join(document.missing_glyphs)) + "\n")
    result: dict[str, object] = {"pdf": str(document.path), "pages": document.pages, "voters": document.voters}
    if document.missing_glyphs:
        result["missing_glyphs"] = list(document.missing_glyphs)
    print_json(result)
    return 0
