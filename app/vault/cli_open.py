"""Opening data files from the command line (命令行解锁): `--user NAME` and the password from stdin or the environment.

A CLI module adds `add_unlock_arguments(parser)` to each subcommand that opens a data file and calls
`open_for_cli(path, args, ...)` instead of `open_data_file(path, ...)`. The password is read once
(app.cli.read_password) and kept on `args.password_read` so a later sign-in uses the same one.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.db import DataFile, open_data_file
from app.db.datafile import unlocks_by_default
from app.errors import DataFileError
from app.i18n import tr
from app.vault.keyfile import Unlock, is_encrypted


def add_unlock_arguments(parser: argparse.ArgumentParser) -> None:
    """The `--user` option that opens an encrypted data file (the password is never an argument)."""
    parser.add_argument("--user", help=tr("your user name, to open an encrypted data file (password on standard "
                                          "input or in POLLDESK_PASSWORD)"))


def password_of(args: argparse.Namespace) -> str:
    """The password given to this command, read once from POLLDESK_PASSWORD or standard input."""
    from app.cli import read_password

    if getattr(args, "password_read", None) is None:
        args.password_read = read_password()
    return str(args.password_read)


def unlock_for_cli(path: Path | str, args: argparse.Namespace) -> Unlock | None:
    """The unlock for `path` from `--user` and the password; None for an unencrypted file."""
    if not is_encrypted(path):
        return None
    user = getattr(args, "user", None)
    if not user and unlocks_by_default():
        return None
    if not user:
        raise DataFileError("file_locked", "{path} is encrypted. Give your user name and password to open it.",
                            path=str(path))
    return Unlock.with_password(user, password_of(args))


def open_for_cli(path: Path | str, args: argparse.Namespace, **kwargs: Any) -> DataFile:
    """`open_data_file(path, **kwargs)`, unlocked with this command's `--user` and password when encrypted."""
    return open_data_file(path, unlock=unlock_for_cli(path, args), **kwargs)


def add_new_file_arguments(parser: argparse.ArgumentParser, role: str) -> None:
    """Options of a command that creates a data file: encrypted for its first user unless `--unencrypted`."""
    parser.add_argument("--user", help=tr("the file's first user ({role}); the new file is encrypted for this user "
                                          "(password on standard input or in POLLDESK_PASSWORD)", role=role))
    parser.add_argument("--recovery-key", type=Path,
                        help=tr("the district's recovery key file: it can open the new file too (its public half "
                                "is used)"))
    parser.add_argument("--unencrypted", action="store_true",
                        help=tr("create the file unencrypted (only for a file without personal data, or for tests)"))


def new_file_keys(args: argparse.Namespace) -> tuple[list[tuple[str, str]] | None, bytes | None]:
    """(encrypt_for, recovery public key) for the file a command creates; refused without `--user`."""
    from app.vault.recovery import recovery_public_key

    if args.unencrypted or (not args.user and unlocks_by_default()):
        return None, None
    if not args.user:
        raise DataFileError("new_file_needs_user", "A new data file is encrypted for its first user: give --user NAME "
                            "(the password on standard input or in POLLDESK_PASSWORD), or --unencrypted for a test "
                            "file without personal data.")
    from app.auth.passwords import check_password_rule

    check_password_rule(password_of(args), name=args.user)     # before any file is made
    recovery = recovery_public_key(args.recovery_key) if args.recovery_key else None
    return [(args.user, password_of(args))], recovery


def add_first_user(df: DataFile, args: argparse.Namespace, role: str) -> None:
    """Make the `--user` who encrypted a new file its first user (sign-in), with the same password."""
    from app.auth import add_user

    if args.user and not args.unencrypted:
        add_user(df, None, args.user, role, password_of(args))
