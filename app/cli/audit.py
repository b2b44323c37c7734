"""`polldesk audit verify|list`: check and read a data file's audit log."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.audit import EVENTS, describe, read_events, verify_chain
from app.cli import print_json
from app.i18n import tr
from app.vault.cli_open import add_unlock_arguments, open_for_cli


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("audit", help=tr("the audit log of a data file"))
    sub = p.add_subparsers(dest="action", required=True)
    verify = sub.add_parser(
        "verify", help=tr("check the audit log's hash chain"),
        description=tr('Print JSON with "ok" (true or false) and "first_broken" (the number of the first '
                       "broken entry, or null). Exit 0 either way; exit 2 when the file cannot be opened."))
    verify.add_argument("db", type=Path)
    add_unlock_arguments(verify)
    verify.set_defaults(func=_verify)
    ls = sub.add_parser("list", help=tr("print audit entries as JSON"))
    ls.add_argument("db", type=Path)
    ls.add_argument("--event", choices=sorted(EVENTS), help=tr("only this event type"))
    ls.add_argument("--last", type=int, help=tr("only the last N entries"))
    add_unlock_arguments(ls)
    ls.set_defaults(func=_list)


def _verify(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args) as df:
        ok, first_broken = verify_chain(df.conn)
    print_json({"ok": ok, "first_broken": first_broken})
    return 0


def _list(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args) as df:
        entries = read_events(df.conn, event=args.event, limit=args.last)
    print_json([{"seq": e.seq, "time": e.time, "user": e.user, "role": e.role, "event": e.event,
                 "description": describe(e.event), "details": e.details} for e in entries])
    return 0
