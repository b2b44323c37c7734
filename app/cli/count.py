"""`polldesk count` and `polldesk results`: the public count of a station from the command line.

    polldesk count start STATION_DB --user CHIEF                 start counting (开箱计票) after the poll closed
    polldesk count STATION_DB --contest ID --ballots FILE.json --user NAME [--box BOX] [--pass 2]
    polldesk count certify STATION_DB --contest ID --user CHIEF
    polldesk count further-round STATION_DB --contest ID --user CHIEF [--write-in NAME=M|F] [--open-poll]
    polldesk results STATION_DB --contest ID [--json] [--pdf OUT.pdf] [--record OUT.pdf] [--fingerprint TEXT]

`further-round` creates the further round (另行选举) of a certified contest with unfilled seats (contest
`<ID>-r2`) and prints it; with --open-poll the chief also opens the poll again for it (every count of the
station must be certified). Then ballots are issued, counted and certified for `<ID>-r2` as for any contest.

FILE.json holds the ballots of one box: a JSON list in the tally file's "ballots" form, or an object with a
"ballots" list (a whole `polldesk tally` file will do). Every command prints JSON. Passwords come from
POLLDESK_PASSWORD or the first line of standard input, never from an argument.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from app.auth import Session, login
from app.cli import print_json, read_password
from app.counting.certify import box_figures, certified_result, certify_contest, running_totals
from app.counting.entry import ballot_order, positions_of
from app.counting.further_round import create_further_round
from app.counting.store import (
    CountStoreError,
    ballots_from_list,
    contest_row,
    enter_ballots,
    own_box,
    undecided_ballots,
)
from app.db import DataFile, open_data_file
from app.i18n import tr
from app.pollbook import poll_state, reopen_for_further_round, start_counting
from app.reports.results import announcement_pdf, record_pdf

_ACTIONS = ("start", "certify", "further-round")


def register(subparsers: argparse._SubParsersAction) -> None:
    count = subparsers.add_parser("count", help=tr("enter counted ballots, start counting, certify the results"))
    count.add_argument("words", nargs="+", metavar="[start|certify|further-round] STATION_DB",
                       help=tr("the station file, after start, certify or further-round when that is what you do"))
    count.add_argument("--contest", help=tr("contest id (default: the committee election)"))
    count.add_argument("--ballots", type=Path, help=tr("JSON file with the ballots of one box"))
    count.add_argument("--box", help=tr("ballot box id (default: this place's box)"))
    count.add_argument("--pass", dest="entry_pass", type=int, choices=[1, 2], default=1,
                       help=tr("2 for the second counter's entry of a box (double entry)"))
    count.add_argument("--write-in", action="append", default=[], metavar="NAME=M|F",
                       help=tr("further-round: the sex of a write-in candidate the register does not identify"))
    count.add_argument("--open-poll", action="store_true",
                       help=tr("further-round: open the poll again for the further round"))
    count.add_argument("--user", required=True, help=tr("your user name (the password is read from stdin)"))
    count.set_defaults(func=_count)

    results = subparsers.add_parser("results", help=tr("show a contest's count or certified results; print PDFs"))
    results.add_argument("db", type=Path, metavar="STATION_DB")
    results.add_argument("--contest", help=tr("contest id (default: the committee election)"))
    results.add_argument("--json", action="store_true", help=tr("print JSON"))
    results.add_argument("--pdf", type=Path, metavar="OUT", help=tr("write the result announcement PDF"))
    results.add_argument("--record", type=Path, metavar="OUT", help=tr("write the result record PDF"))
    results.add_argument("--fingerprint", help=tr("the station key fingerprint to print on the papers"))
    results.set_defaults(func=_results)


def _count(args: argparse.Namespace) -> int:
    action = args.words[0] if args.words[0] in _ACTIONS and len(args.words) == 2 else "enter"
    if len(args.words) != (1 if action == "enter" else 2):
        raise CountStoreError("bad_arguments", "Give the station file once, after start, certify or further-round if used.")
    with open_data_file(Path(args.words[-1]), kind="station") as df:
        session = login(df.conn, args.user, read_password())
        if action == "start":
            print_json({"db": args.words[-1], "state": start_counting(df.conn, session)})
            return 0
        contest = _contest(df, args.contest)
        if action == "further-round":
            return _further_round(df, session, contest, args)
        if action == "certify":
            result = certify_contest(df.conn, session, contest)
            print_json({"contest": contest, "state": poll_state(df.conn), "sha256": result.sha256,
                        "qr": result.qr_payload(), "outcome": result.data["outcome"]})
            return 0
        return _enter(df, session, contest, args)


def _further_round(df: DataFile, session: Session, contest: str, args: argparse.Namespace) -> int:
    write_ins = {}
    for given in args.write_in:
        name, _, sex = given.rpartition("=")
        if not name.strip() or sex.strip().upper() not in ("M", "F"):
            raise CountStoreError("bad_arguments", "Give a write-in as NAME=M or NAME=F, not {given}.", given=given)
        write_ins[name.strip()] = sex.strip().upper()
    further = create_further_round(df.conn, session, contest, write_ins)
    if args.open_poll:
        reopen_for_further_round(df.conn, session)
    print_json({"contest": contest, "further_round": further, "state": poll_state(df.conn),
                "positions": [{"id": p.id, "title": p.title, "seats": p.seats, "candidates": list(p.candidates)}
                              for p in ballot_order(df.conn, further)]})
    return 0


def _enter(df: DataFile, session: Session, contest: str, args: argparse.Namespace) -> int:
    if args.ballots is None:
        raise CountStoreError("no_ballots_file", "Give the ballots to enter with --ballots FILE.json.")
    try:
        data: Any = json.loads(args.ballots.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CountStoreError("unreadable_file", "The file {path} does not exist or cannot be read.",
                              path=str(args.ballots)) from exc
    if isinstance(data, dict) and "ballots" in data:
        data = data["ballots"]
    ballots = ballots_from_list(positions_of(ballot_order(df.conn, contest)), data)
    box = args.box or own_box(df.conn, contest)
    ids = enter_ballots(df.conn, session, contest, box, ballots, args.entry_pass)
    [figures] = [b for b in box_figures(df.conn, contest) if b.box_id == box]
    print_json({"contest": contest, "box": box, "pass": args.entry_pass, "entered": len(ids),
                "collected": figures.collected, "issued": figures.issued,
                "undecided": len(undecided_ballots(df.conn, contest))})
    return 0


def _contest(df: DataFile, contest_id: str | None) -> str:
    if contest_id is not None:
        return str(contest_row(df.conn, contest_id)["id"])
    row = df.conn.execute("SELECT k.id FROM contests k JOIN voting_places p ON p.community_code = k.community_code"
                          " WHERE p.code = ? AND k.kind = 'committee' ORDER BY k.id", (df.place_code,)).fetchone()
    if row is None:
        raise CountStoreError("unknown_contest", "There is no contest {contest} in this file.", contest="committee")
    return str(row[0])


def _results(args: argparse.Namespace) -> int:
    with open_data_file(args.db, kind="station") as df:
        contest = _contest(df, args.contest)
        result = certified_result(df.conn, contest)
        papers = {}
        for kind, out, write in (("announcement", args.pdf, announcement_pdf), ("record", args.record, record_pdf)):
            if out is not None:
                papers[kind] = str(write(df.conn, contest, out, args.fingerprint).path)
        if result is not None:
            report: dict[str, Any] = {"certified": True, "intact": result.intact, "sha256": result.sha256,
                                      "qr": result.qr_payload(), "result": result.data}
        else:
            report = {"certified": False, "contest": contest, "state": poll_state(df.conn),
                      "undecided": len(undecided_ballots(df.conn, contest)),
                      "boxes": [{"id": b.box_id, "mode": b.mode, "issued": b.issued, "issued_source": b.issued_source,
                                 "collected": b.collected, "reconciles": b.reconciles}
                                for b in box_figures(df.conn, contest)],
                      "votes": {p: dict(v) for p, v in running_totals(df.conn, contest).items()}}
    if papers:
        report["papers"] = papers
    if args.json or not papers:
        print_json(report)
    return 0
