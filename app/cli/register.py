"""`polldesk register check|import|add|remove|duplicates|resolve`: the voter register (参选居民登记)."""

from __future__ import annotations

import argparse
import getpass
from datetime import date
from pathlib import Path

from app.audit import Actor
from app.cli import print_json
from app.election.store import read_election
from app.errors import PollDeskError
from app.i18n import tr
from app.register.check_report import ReportHeading, save_pdf, save_xlsx
from app.register.checker import check_rows
from app.register.context import load_context
from app.register.importer import import_register
from app.register.maintenance import (
    ADD_REASONS,
    REMOVE_REASONS,
    NewVoter,
    add_voter,
    find_cross_community_duplicates,
    remove_voter,
    resolve_duplicate,
)
from app.register.reader import read_register
from app.vault.cli_open import add_unlock_arguments, open_for_cli


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("register", help=tr("the voter register: check, import, add, remove"))
    sub = p.add_subparsers(dest="action", required=True)

    check = sub.add_parser("check", help=tr("check a register file (CSV or .xlsx) without importing it"))
    check.add_argument("file", type=Path)
    check.add_argument("--election-day", type=date.fromisoformat, help=tr("election day, YYYY-MM-DD"))
    check.add_argument("--db", type=Path, help=tr("district data file: also look for voters already registered"))
    check.add_argument("--community", help=tr("community code or name the file is for"))
    check.add_argument("--xlsx", type=Path, help=tr("also save the report as an Excel file"))
    check.add_argument("--pdf", type=Path, help=tr("also save the report as a PDF file"))
    add_unlock_arguments(check)
    check.set_defaults(func=_check)

    imp = sub.add_parser("import", help=tr("import a register file into a district data file"))
    imp.add_argument("file", type=Path)
    imp.add_argument("--db", type=Path, required=True, help=tr("the district data file"))
    imp.add_argument("--community", help=tr("community code or name the file is for"))
    add_unlock_arguments(imp)
    imp.set_defaults(func=_import)

    add = sub.add_parser("add", help=tr("add one voter (newly 18, moved in, rights restored)"))
    add.add_argument("--db", type=Path, required=True, help=tr("the district data file"))
    add.add_argument("--name", required=True)
    # The ID number is read like a password (never an argument, so it stays out of shell history and ps).
    add.add_argument("--group", required=True, help=tr("resident group number"))
    add.add_argument("--community", help=tr("community code or name the file is for"))
    add.add_argument("--household", default="")
    add.add_argument("--sex", default="")
    add.add_argument("--ethnicity", default="")
    add.add_argument("--category", default="")
    add.add_argument("--address", default="")
    add.add_argument("--reason", required=True, choices=ADD_REASONS)
    add.add_argument("--note", default="", help=tr("free text explaining the change"))
    add_unlock_arguments(add)
    add.set_defaults(func=_add)

    rem = sub.add_parser("remove", help=tr("remove one voter (died, moved out, rights lost)"))
    rem.add_argument("voter_id", type=int)
    rem.add_argument("--db", type=Path, required=True, help=tr("the district data file"))
    rem.add_argument("--reason", required=True, choices=REMOVE_REASONS)
    rem.add_argument("--note", default="", help=tr("free text explaining the change"))
    add_unlock_arguments(rem)
    rem.set_defaults(func=_remove)

    dup = sub.add_parser("duplicates", help=tr("list people registered in more than one community"))
    dup.add_argument("--db", type=Path, required=True, help=tr("the district data file"))
    add_unlock_arguments(dup)
    dup.set_defaults(func=_duplicates)

    res = sub.add_parser("resolve", help=tr("keep one registration of a person registered twice"))
    res.add_argument("id_hash", help=tr("the person's id_hash as listed by 'register duplicates'"))
    res.add_argument("--keep", type=int, required=True, help=tr("the voter id to keep"))
    res.add_argument("--db", type=Path, required=True, help=tr("the district data file"))
    res.add_argument("--reason", default="duplicate", choices=REMOVE_REASONS)
    res.add_argument("--note", default="", help=tr("free text explaining the change"))
    add_unlock_arguments(res)
    res.set_defaults(func=_resolve)


def _actor() -> Actor:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return Actor(f"cli:{user}", "district_admin")


def _check(args: argparse.Namespace) -> int:
    table = read_register(args.file)
    context, day = None, args.election_day
    if args.db is not None:
        with open_for_cli(args.db, args, kind="district") as df:
            context = load_context(df.conn, args.community)
            day = day or read_election(df.conn).election_day
    if day is None:
        raise PollDeskError("no_election_day", "Give the election day (--election-day YYYY-MM-DD): age is counted "
                            "on that day.")
    report = check_rows(table.rows, day, context)
    heading = ReportHeading(args.file.name, day, date.today())
    if args.xlsx:
        save_xlsx(report, heading, args.xlsx)
    if args.pdf:
        save_pdf(report, heading, args.pdf)
    print_json(report.as_dict())
    return 0


def _import(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args, kind="district") as df:
        result = import_register(df.conn, args.file, community=args.community, actor=_actor())
    print_json(result.as_dict())
    return 0


def _add(args: argparse.Namespace) -> int:
    # An encrypted file's password comes first (POLLDESK_PASSWORD or line 1), then the ID number.
    with open_for_cli(args.db, args, kind="district") as df:
        voter = NewVoter(args.name, _read_id_number(), args.group, args.community, args.household, args.sex,
                         args.ethnicity, args.category, args.address)
        voter_id = add_voter(df.conn, voter, args.reason, args.note, _actor())
        masked = df.conn.execute("SELECT id_masked FROM voters WHERE id = ?", (voter_id,)).fetchone()[0]
    print_json({"added": voter_id, "id_masked": masked, "reason": args.reason})
    return 0


def _remove(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args, kind="district") as df:
        remove_voter(df.conn, args.voter_id, args.reason, args.note, _actor())
    print_json({"removed": args.voter_id, "reason": args.reason})
    return 0


def _duplicates(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args, kind="district") as df:
        found = find_cross_community_duplicates(df.conn)
    print_json({"duplicates": [d.as_dict() for d in found]})
    return 0


def _resolve(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args, kind="district") as df:
        removed = resolve_duplicate(df.conn, args.id_hash, args.keep, args.reason, args.note, _actor())
    print_json({"kept": args.keep, "removed": removed, "reason": args.reason})
    return 0


def _read_id_number() -> str:
    """The new voter's ID number from POLLDESK_ID_NUMBER or the next line of standard input."""
    import os
    import sys

    value = os.environ.get("POLLDESK_ID_NUMBER")
    if value is None:
        if sys.stdin.isatty():
            sys.stderr.write(tr("ID number: "))
            sys.stderr.flush()
        value = sys.stdin.readline().strip()
    return value
