"""`polldesk vault ...`: encrypted data files: recovery keys, encrypting, granting, revoking, passwords, recovery."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli import print_json, read_password
from app.i18n import tr
from app.vault import keyfile
from app.vault.cli_open import add_unlock_arguments, open_for_cli, password_of

if TYPE_CHECKING:
    from app.auth.session import Session
    from app.db import DataFile


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("vault", help=tr("encrypted data files: keys, users and recovery"))
    sub = p.add_subparsers(dest="action", required=True)
    key = sub.add_parser("recovery-key", help=tr("make the district's recovery key file for an election"))
    key.add_argument("--election", required=True)
    key.add_argument("--out", type=Path, required=True)
    key.set_defaults(func=_recovery_key)
    enc = sub.add_parser("encrypt", help=tr("encrypt an existing data file for one user"))
    enc.add_argument("file", type=Path)
    enc.add_argument("--user", required=True)
    enc.add_argument("--recovery-key", type=Path, help=tr("the district's recovery key file (its public half is used)"))
    enc.set_defaults(func=_encrypt)
    status = sub.add_parser("status", help=tr("show whether a data file is encrypted and who can unlock it"))
    status.add_argument("file", type=Path)
    status.set_defaults(func=_status)
    for name, helptext, func in (("grant", tr("let another user unlock the file (a chief's action)"), _grant),
                                 ("revoke", tr("stop a user from unlocking the file (a chief's action)"), _revoke)):
        cmd = sub.add_parser(name, help=helptext)
        cmd.add_argument("file", type=Path)
        add_unlock_arguments(cmd)
        cmd.add_argument("--name", required=True, help=tr("the user to grant or revoke"))
        if name == "revoke":
            cmd.add_argument("--keep-key", action="store_true", help=tr("do not re-encrypt under a new key"))
        cmd.set_defaults(func=func)
    pw = sub.add_parser("passwd", help=tr("change your password for an encrypted file (old, then new password)"))
    pw.add_argument("file", type=Path)
    add_unlock_arguments(pw)
    pw.set_defaults(func=_passwd)
    rec = sub.add_parser("recover", help=tr("open a file with the district's recovery key and set a new password"))
    rec.add_argument("file", type=Path)
    rec.add_argument("--recovery-key", type=Path, required=True)
    rec.add_argument("--name", required=True, help=tr("the user who gets the new password"))
    rec.set_defaults(func=_recover)


def _new_password() -> str:
    """The new password: POLLDESK_NEW_PASSWORD, else the next line of standard input."""
    value = os.environ.get("POLLDESK_NEW_PASSWORD")
    return value if value is not None else read_password()


def _recovery_key(args: argparse.Namespace) -> int:
    from app.exchange.keys import fingerprint
    from app.vault.recovery import make_recovery_key

    public = make_recovery_key(args.out, args.election)
    print_json({"recovery_key": str(args.out), "election": args.election, "fingerprint": fingerprint(public)})
    return 0


def _encrypt(args: argparse.Namespace) -> int:
    from app.vault.copies import encrypt_data_file
    from app.vault.recovery import recovery_public_key

    recovery = recovery_public_key(args.recovery_key) if args.recovery_key else None
    encrypt_data_file(args.file, encrypt_for=[(args.user, password_of(args))], recovery_public_key=recovery)
    return _status(args)


def _status(args: argparse.Namespace) -> int:
    if not keyfile.is_encrypted(args.file):
        print_json({"file": str(args.file), "encrypted": False})
        return 0
    doc = keyfile.read_keys(args.file)
    print_json({"file": str(args.file), "encrypted": True, "election": doc["election_id"], "kind": doc["kind"],
                "place_code": doc.get("place_code"), "users": sorted(doc["users"]),
                "recovery": "recovery" in doc})
    return 0


def _signed_in(args: argparse.Namespace, action: str | None = "manage_users") -> tuple[DataFile, Session]:
    """The file unlocked and the user signed in with the same name and password (and allowed `action`)."""
    from app.auth.login import login
    from app.auth.roles import Action, require

    df = open_for_cli(args.file, args)
    try:
        session = login(df.conn, args.user or "", password_of(args))
        if action is not None:
            require(session, Action(action))
    except BaseException:
        df.close()
        raise
    return df, session


def _grant(args: argparse.Namespace) -> int:
    from app.vault.access import grant_access

    df, _ = _signed_in(args)
    with df:
        grant_access(df, args.name, _new_password())
    return _status(args)


def _revoke(args: argparse.Namespace) -> int:
    from app.vault.access import revoke_access

    df, _ = _signed_in(args)
    with df:
        revoke_access(df, args.name, rotate=not args.keep_key)
    return _status(args)


def _passwd(args: argparse.Namespace) -> int:
    from app.auth.users import change_password as change_login_password
    from app.vault.access import change_password

    old, new = password_of(args), _new_password()
    df, session = _signed_in(args, action=None)
    with df:                          # the sign-in password first (checks the rule), then the key entry
        change_login_password(df.conn, session, old, new)
    change_password(args.file, args.user, old, new)
    return _status(args)


def _recover(args: argparse.Namespace) -> int:
    from app.vault.recovery import recover

    with recover(args.file, args.recovery_key, args.name, _new_password()):
        pass
    print_json({"file": str(args.file), "recovered_for": args.name})
    return 0

