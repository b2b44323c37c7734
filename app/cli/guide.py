"""`polldesk checklist`: the election-day checklist of a station or district file, as a PDF to tick by hand."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import print_json
from app.db import open_data_file
from app.i18n import tr


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("checklist", help=tr("print the election-day checklist of a station or the district "
                                                   "(PDF)"))
    p.add_argument("db", type=Path, help=tr("the station or district data file"))
    p.add_argument("--out", type=Path, required=True, help=tr("the PDF file to write"))
    # Same destination as the global --lang; SUPPRESS keeps a global `polldesk --lang en checklist` working.
    p.add_argument("--lang", choices=["zh_CN", "en"], default=argparse.SUPPRESS,
                   help=tr("language of messages and reports"))
    p.set_defaults(func=_checklist)


def _checklist(args: argparse.Namespace) -> int:
    from app.reports.checklist import checklist_pdf

    with open_data_file(args.db) as df:
        document = checklist_pdf(df, args.out)
    print_json({"pdf": str(document.path), "pages": document.pages, "kind": df.kind,
                "place": df.place_code})
    return 0
