"""`polldesk candidates check|list|review` and `polldesk ballots`: nominations, the review, ballot papers."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from app.auth.login import login
from app.candidates.ballot import ballot_layout, ballot_order
from app.candidates.checks import check_nominations, problems_by_contest
from app.candidates.nominations import list_candidates
from app.candidates.review import review
from app.cli import print_json
from app.i18n import tr
from app.reports.ballots import SIZES, ballot_pdf
from app.vault.cli_open import add_unlock_arguments, open_for_cli, password_of


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("candidates", help=tr("candidates: nomination checks, list, qualification review"))
    sub = p.add_subparsers(dest="action", required=True)
    check = sub.add_parser("check", help=tr("list the problems of the nominations per community and contest"))
    check.add_argument("db", type=Path)
    check.add_argument("--community", help=tr("only this community (its code)"))
    check.add_argument("--json", action="store_true", help=tr("print JSON"))
    add_unlock_arguments(check)
    check.set_defaults(func=_check)
    show = sub.add_parser("list", help=tr("list the candidates with their review status and ballot numbers"))
    show.add_argument("db", type=Path)
    show.add_argument("--community", help=tr("only this community (its code)"))
    show.add_argument("--json", action="store_true", help=tr("print JSON"))
    add_unlock_arguments(show)
    show.set_defaults(func=_list)
    rev = sub.add_parser("review", help=tr("record a qualification review decision (password from standard input)"))
    rev.add_argument("db", type=Path)
    rev.add_argument("--candidate", type=int, required=True)
    rev.add_argument("--status", choices=["passed", "rejected"], required=True)
    rev.add_argument("--reason", default="", help=tr("why (required when rejected)"))
    rev.add_argument("--step", choices=["community", "district"], default="community",
                     help=tr("the community's review or the district's joint review"))
    rev.add_argument("--user", required=True, help=tr("your user name"))
    rev.set_defaults(func=_review)
    ballots = subparsers.add_parser("ballots", help=tr("print the ballot paper of a contest (PDF)"))
    ballots.add_argument("db", type=Path)
    ballots.add_argument("--contest", required=True, help=tr("the contest id"))
    ballots.add_argument("--out", type=Path, required=True, help=tr("the PDF file to write"))
    ballots.add_argument("--size", choices=sorted(SIZES), default="A4", help=tr("paper size"))
    add_unlock_arguments(ballots)
    ballots.set_defaults(func=_ballots)


def _check(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args) as df:
        problems = check_nominations(df.conn, args.community)
    if args.json:
        print_json({"problems": len(problems), "communities": problems_by_contest(problems)})
    else:
        for p in problems:
            sys.stdout.write(f"{p.community}\t{p.contest}\t{p.position or '-'}\t{p.code}\t{p.message}\n")
    return 0


def _list(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args) as df:
        rows = list_candidates(df.conn, community=args.community)
        numbers: dict[int, int] = {}
        for contest in sorted({r.contest for r in rows}):
            for position in ballot_order_ids(df.conn, contest).values():
                numbers.update(position)
    data = [{"id": r.id, "community": r.community, "contest": r.contest, "position": r.position, "name": r.name,
             "sex": r.sex, "birth_date": r.birth_date, "party": r.party, "education": r.education,
             "voter_id": r.voter_id, "review_status": r.review_status, "review_reason": r.review_reason,
             "ballot_number": numbers.get(r.id)} for r in rows]
    if args.json:
        print_json({"candidates": data})
    else:
        for d in data:
            sys.stdout.write(f"{d['contest']}\t{d['position']}\t{d['ballot_number'] or '-'}\t{d['name']}"
                             f"\t{d['review_status']}\n")
    return 0


def ballot_order_ids(conn: sqlite3.Connection, contest: str) -> dict[str, dict[int, int]]:
    """{position: {candidate id: ballot number}} for one contest."""
    return {p.id: {cid: n for n, _, cid in p.candidates} for p in ballot_layout(conn, contest)}


def _review(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args) as df:      # one password unlocks an encrypted file and signs in
        session = login(df.conn, args.user, password_of(args))
        row = review(df.conn, session, args.candidate, args.step, args.status, args.reason)
    print_json({"candidate": row.id, "name": row.name, "step": args.step, "decision": args.status,
                "review_status": row.review_status, "review_reason": row.review_reason})
    return 0


def _ballots(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args) as df:
        order = ballot_order(df.conn, args.contest)
        doc = ballot_pdf(df.conn, args.contest, args.out, size=args.size)
    if doc.warning:
        sys.stderr.write(tr("Warning: {message}", message=doc.warning) + "\n")
    if doc.missing_glyphs:
        sys.stderr.write(tr("Warning: the font cannot draw these characters; write them in by hand: {chars}",
                            chars="".join(doc.missing_glyphs)) + "\n")
    print_json({"pdf": str(doc.path), "pages": doc.pages, "size": args.size, "candidates": doc.candidates,
                "stroke_order": doc.stroke_order, "order": order})
    return 0
