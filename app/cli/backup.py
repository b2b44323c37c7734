"""`polldesk backup now|restore|list`: rolling backups of a data file to a folder (a USB stick) and back."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.backup import DEFAULT_KEEP, list_backups, restore_backup, write_backup
from app.cli import print_json
from app.i18n import tr
from app.vault.cli_open import add_unlock_arguments, open_for_cli


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `backup` subcommand and its actions."""
    backup = subparsers.add_parser("backup", help=tr("back up a data file to a folder, list or restore backups"))
    actions = backup.add_subparsers(dest="backup_action", metavar="ACTION", required=True)

    now = actions.add_parser("now", help=tr("write a backup of a data file now"))
    now.add_argument("db", type=Path, metavar="STATION_DB")
    now.add_argument("--to", type=Path, required=True, metavar="FOLDER", help=tr("the backup folder (USB stick)"))
    now.add_argument("--keep", type=int, default=DEFAULT_KEEP, help=tr("how many backups of the place to keep"))
    now.add_argument("--json", action="store_true", help=tr("print JSON"))
    add_unlock_arguments(now)
    now.set_defaults(func=_now)

    restore = actions.add_parser("restore", help=tr("restore a backup as a data file"))
    restore.add_argument("backup", type=Path, metavar="BACKUP")
    restore.add_argument("--to", type=Path, required=True, metavar="FILE", help=tr("the data file to restore"))
    restore.add_argument("--replace", action="store_true",
                         help=tr("replace an existing file (it is kept beside, renamed)"))
    restore.add_argument("--election", help=tr("the election the file is for (needed for a new file)"))
    restore.add_argument("--place", help=tr("the voting place the file is for"))
    restore.add_argument("--json", action="store_true", help=tr("print JSON"))
    restore.set_defaults(func=_restore)

    show = actions.add_parser("list", help=tr("list the backups in a folder"))
    show.add_argument("folder", type=Path, metavar="FOLDER")
    show.add_argument("--place", help=tr("only this voting place's backups"))
    show.add_argument("--json", action="store_true", help=tr("print JSON"))
    show.set_defaults(func=_list)


def _now(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args) as df:
        path = write_backup(df, args.to, keep=args.keep)
    if args.json:
        print_json({"backup": str(path), "file": path.name, "size": path.stat().st_size})
    else:
        print(tr("Backup written: {path}", path=str(path)))
    return 0


def _restore(args: argparse.Namespace) -> int:
    done = restore_backup(args.backup, args.to, replace=args.replace, election_id=args.election,
                          place_code=args.place)
    if args.json:
        print_json({"restored": str(done.path), "election_id": done.election_id, "place_code": done.place_code,
                    "ballots": done.ballots, "audit_entries": done.audit_entries,
                    "moved_aside": str(done.moved_aside) if done.moved_aside else None})
    else:
        print(tr("Restored {path}: {ballots} ballots issued, {entries} audit entries.", path=str(done.path),
                 ballots=done.ballots, entries=done.audit_entries))
        if done.moved_aside is not None:
            print(tr("The file it replaced was kept as {path}.", path=str(done.moved_aside)))
    return 0


def _list(args: argparse.Namespace) -> int:
    backups = list_backups(args.folder, args.place)
    if args.json:
        print_json({"folder": str(args.folder), "backups": [b.to_dict() for b in backups]})
        return 0
    if not backups:
        print(tr("No backups in {folder}.", folder=str(args.folder)))
    for b in backups:
        ballots = "-" if b.ballots is None else str(b.ballots)
        print(f"{b.path.name}  {b.time:%Y-%m-%d %H:%M:%S}  " + tr("{ballots} ballots", ballots=ballots)
              + ("" if b.readable else "  " + tr("(unreadable)")))
    return 0
