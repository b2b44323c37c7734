"""`polldesk poll open|close|receive`, `polldesk issue`, `polldesk turnout`: the poll book from the command line.

`issue` prints JSON {"status": "issued" | "refused", "code": ..., "reason": ...} and exits 0 when the
ballot was issued, 1 when it was refused (the JSON is printed either way). A wrong password or a file
that cannot be opened exits 2 with a message on standard error, like every other command.
Passwords come from POLLDESK_PASSWORD or the first line of standard input, never from an argument;
on an encrypted file the same password of `--user` unlocks it first.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.auth import LoginError, Session, has_users, login
from app.cli import print_json
from app.db import DataFile
from app.errors import PollDeskError
from app.i18n import tr
from app.pollbook import close_poll, issue_ballot, open_poll, poll_state, receive_ballots, turnout
from app.vault.cli_open import add_unlock_arguments, open_for_cli, password_of


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `poll`, `issue` and `turnout` subcommands."""
    poll = subparsers.add_parser("poll", help=tr("open or close the poll of a station"))
    poll.add_argument("action", choices=["open", "close", "receive"])
    poll.add_argument("db", type=Path, metavar="STATION_DB")
    poll.add_argument("--user", required=True, help=tr("your user name (the password is read from stdin)"))
    poll.add_argument("--contest", help=tr("contest id (default: the committee election)"))
    poll.add_argument("--count", type=int, help=tr("ballots received (with receive)"))
    poll.set_defaults(func=_poll)

    issue = subparsers.add_parser("issue", help=tr("issue a ballot to a voter; prints JSON, exit 1 when refused"))
    issue.add_argument("db", type=Path, metavar="STATION_DB")
    issue.add_argument("--voter", type=int, required=True, help=tr("voter number (on the voter card)"))
    issue.add_argument("--contest", help=tr("contest id (default: the committee election)"))
    issue.add_argument("--proxy-for", type=int, help=tr("the voter this voter holds an authorisation for"))
    issue.add_argument("--auth", help=tr("number of the written authorisation"))
    issue.add_argument("--relative", action="store_true", help=tr("the proxy is a close relative"))
    issue.add_argument("--box", help=tr("ballot box id (default: this place's box)"))
    issue.add_argument("--override", action="store_true",
                       help=tr("the signed-in chief allows a voter of another place"))
    issue.add_argument("--user", required=True, help=tr("your user name (the password is read from stdin)"))
    issue.set_defaults(func=_issue)

    show = subparsers.add_parser("turnout", help=tr("ballots received, issued, spoilt and unused; turnout"))
    show.add_argument("db", type=Path, metavar="STATION_DB")
    show.add_argument("--json", action="store_true", help=tr("print JSON"))
    add_unlock_arguments(show)
    show.set_defaults(func=_turnout)


def _sign_in(df: DataFile, args: argparse.Namespace) -> Session:
    """Sign in with the password that also unlocked an encrypted file (read once).

    A station file fresh from the district has no account yet: say how to add the chief. A wrong
    password says when the next try is allowed (the growing delay), so a clerk does not retry blindly.
    """
    if not has_users(df.conn):
        raise PollDeskError("no_users", "This file has no users yet. The station chief adds the first account: "
                            "polldesk users add {db} --name NAME --role chief", db=str(args.db))
    try:
        return login(df.conn, args.user, password_of(args))
    except LoginError as exc:
        if exc.code != "login_failed" or exc.retry_after <= 0:
            raise
        raise LoginError(exc.code, "{message} Wait {seconds} seconds before trying again.",
                         retry_after=exc.retry_after, message=exc.message, seconds=exc.retry_after) from None


def _poll(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args, kind="station") as df:
        session = _sign_in(df, args)
        if args.action == "open":
            state = open_poll(df.conn, session)
        elif args.action == "close":
            state = close_poll(df.conn, session)
        else:
            if args.count is None:
                raise PollDeskError("bad_count", "The number of ballots received must be at least 1.")
            receive_ballots(df.conn, session, args.contest, args.count)
            state = poll_state(df.conn)
    print_json({"db": str(args.db), "state": state})
    return 0


def _issue(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args, kind="station") as df:
        session = _sign_in(df, args)
        try:
            result = issue_ballot(df.conn, session, args.voter, args.contest, proxy_for=args.proxy_for,
                                  auth_no=args.auth, box_id=args.box, relative=args.relative,
                                  override_by=session if args.override else None)
        except PollDeskError as exc:
            print_json({"status": "refused", "code": exc.code, "reason": exc.message})
            return 1
    print_json({"status": "issued", "code": None, "reason": "",
                "voter": result.voter_id, "name": result.voter_name, "contest": result.contest_id,
                "kind": result.kind, "place": result.place_code, "seq": result.seq, "box": result.box_id,
                "time": result.time, "proxy": result.proxy_voter_id})
    return 0


def _turnout(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args) as df:
        figures = turnout(df.conn)
    if args.json:
        print_json(figures)
        return 0
    for contest_id, c in figures["contests"].items():
        print(tr("{contest}: {issued} of {electorate} issued ({percent}%); received {received}, spoilt {spoilt}, "
                 "unused {unused}", contest=f"{c['name']} ({contest_id})", issued=c["issued"],
                 electorate=c["electorate"], percent=c["turnout_percent"], received=c["received"],
                 spoilt=c["spoilt"], unused=c["unused"]))
    return 0
