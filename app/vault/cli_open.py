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
    if not user:
        raise DataFileError("file_locked", "{path} is encrypted. Give your user name and password to open it.",
                            path=str(path))
    return Unlock.with_password(user, password_of(args))


def open_for_cli(path: Path | str, args: argparse.Namespace, **kwargs: Any) -> DataFile:
    """`open_data_file(path, **kwargs)`, unlocked with this command's `--user` and password when encrypted."""
    return open_data_file(path, unlock=unlock_for_cli(path, args), **kwargs)
