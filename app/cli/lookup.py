"""`polldesk lookup DB QUERY [--json]`: find a voter the way the clerk's search box does."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from dataclasses import asdict
from pathlib import Path

from app.cli import print_json
from app.i18n import tr
from app.register.lookup import LookupRow, lookup
from app.register.lookup_index import build_lookup_index, index_is_current
from app.vault.cli_open import add_unlock_arguments, open_for_cli


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("lookup", help=tr("find voters by name, pinyin, ID digits, voter card or household"))
    p.add_argument("db", type=Path, help=tr("a station or district data file"))
    p.add_argument("query", help=tr("name, pinyin, initials, last 4-6 ID digits, ID number, card code or household"))
    p.add_argument("--limit", type=int, default=20, help=tr("at most this many voters"))
    p.add_argument("--place", help=tr("voting place code: its community's voters first"))
    p.add_argument("--json", action="store_true", help=tr("print JSON instead of a table"))
    add_unlock_arguments(p)
    p.set_defaults(func=_lookup)


def _lookup(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args) as df:
        if not index_is_current(df.conn):
            sys.stderr.write(tr("Building the search index for this file (once)...") + "\n")
            count = build_lookup_index(df.conn)
            sys.stderr.write(tr("Search index built: {count} voters.", count=count) + "\n")
        rows = lookup(df.conn, args.query, limit=args.limit, place=args.place)
    if args.json:
        print_json([asdict(row) for row in rows])
    else:
        _print_table(rows)
    return 0


def _status_text(status: str) -> str:
    return {
        "not_voted": tr("not voted"),
        "issued": tr("ballot issued"),
        "proxy": tr("voted by proxy"),
        "removed": tr("removed from the register"),
    }[status]


def _print_table(rows: list[LookupRow]) -> None:
    if not rows:
        sys.stdout.write(tr("No voter found.") + "\n")
        return
    header = [tr("Name"), tr("ID number"), tr("Resident group"), tr("Household"), tr("Voting place"), tr("Status")]
    body = [[r.name, r.masked_id, r.group, r.household, r.place, _status_text(r.status)] for r in rows]
    widths = [max(_width(line[i]) for line in [header, *body]) for i in range(len(header))]
    for line in [header, *body]:
        sys.stdout.write("  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(line, widths, strict=True))
                         .rstrip() + "\n")


def _width(text: str) -> int:
    """Columns a text takes in a terminal (Chinese characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
