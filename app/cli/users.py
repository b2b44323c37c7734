"""`polldesk users add|list|unlock`: the users of a data file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.auth import Role, Session, add_user, has_users, list_users, login, unlock_user
from app.cli import print_json
from app.i18n import tr
from app.vault.cli_open import add_unlock_arguments, open_for_cli, password_of

ADD_HELP = (
    "Add a user. Passwords are never arguments. The FIRST user of a file needs no --user and must be a "
    "chief or district_admin; its password is POLLDESK_PASSWORD or the first line of standard input. "
    "Later users need --user NAME of a chief or district_admin: that user's password comes first "
    "(POLLDESK_PASSWORD or line 1), then the new user's password on the next line of standard input. "
    "On an encrypted file --user is always needed (it unlocks the file) and the new user's password "
    "unlocks it too; when --user is the new first user, one password serves both. "
    "A password has at least 8 characters, or is a PIN of at least 6 digits."
)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("users", help=tr("users of a data file and their roles"))
    sub = p.add_subparsers(dest="action", required=True)
    add = sub.add_parser("add", help=tr("add a user"), description=tr(ADD_HELP))
    add.add_argument("db", type=Path)
    add.add_argument("--name", required=True, help=tr("the new user's sign-in name"))
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--display", default="", help=tr("the name shown on screen"))
    add.add_argument("--user", help=tr("the chief or administrator adding the user"))
    add.set_defaults(func=_add)
    ls = sub.add_parser("list", help=tr("list the users"))
    ls.add_argument("db", type=Path)
    ls.add_argument("--json", action="store_true", help=tr("print JSON"))
    add_unlock_arguments(ls)
    ls.set_defaults(func=_list)
    unlock = sub.add_parser(
        "unlock", help=tr("unlock a locked account"),
        description=tr("Unlock an account locked after wrong passwords. The acting chief's password is "
                       "POLLDESK_PASSWORD or the first line of standard input."))
    unlock.add_argument("db", type=Path)
    unlock.add_argument("name")
    unlock.add_argument("--user", required=True, help=tr("the chief or administrator unlocking it"))
    unlock.set_defaults(func=_unlock)


def _next_line(prompt: str) -> str:
    """The next password from standard input (a hidden prompt on a terminal)."""
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\r\n")


def _add(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args) as df:
        session: Session | None = None
        if has_users(df.conn) or (args.user and not df.encrypted):
            session = login(df.conn, args.user or "", password_of(args))
            password = _next_line(tr("New user's password: "))
        elif args.user and args.user != args.name:     # someone else unlocked the file for its first user:
            password_of(args)                           # their password first, then the new user's
            password = _next_line(tr("New user's password: "))
        else:
            password = password_of(args)
        user = add_user(df, session, args.name, args.role, password, args.display)
    print_json({"name": user.name, "role": user.role, "display_name": user.display_name})
    return 0


def _list(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args) as df:
        users = list_users(df.conn)
    rows = [{"name": u.name, "display_name": u.display_name, "role": u.role, "locked": u.locked,
             "failed_attempts": u.failed_attempts, "created_at": u.created_at} for u in users]
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            flag = tr("locked") if r["locked"] else ""
            sys.stdout.write(f"{r['name']}\t{r['role']}\t{r['display_name']}\t{flag}\n")
    return 0


def _unlock(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args) as df:
        session = login(df.conn, args.user, password_of(args))
        unlock_user(df.conn, session, args.name)
    print_json({"name": args.name, "unlocked": True})
    return 0
