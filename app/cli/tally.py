"""`polldesk tally FILE.json`: count one round's ballots and print the outcome as JSON."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import print_json
from app.counting.tally import tally
from app.counting.tally_file import read_tally_file
from app.i18n import tr


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("tally", help=tr("count a round's ballots from a JSON file"))
    p.add_argument("file", type=Path, help=tr("the tally file (positions, ballots, counts)"))
    p.set_defaults(func=_tally)


def _tally(args: argparse.Namespace) -> int:
    print_json(tally(read_tally_file(args.file)).to_dict())
    return 0
