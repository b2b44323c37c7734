"""`polldesk election load|show`: election definition files."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import print_json
from app.db import create_data_file
from app.election.definition import definition_to_dict, load_definition, save_definition
from app.election.store import read_definition, store_definition
from app.i18n import tr
from app.vault.cli_open import (
    add_first_user,
    add_new_file_arguments,
    add_unlock_arguments,
    new_file_keys,
    open_for_cli,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("election", help=tr("election definition files"))
    sub = p.add_subparsers(dest="action", required=True)
    load = sub.add_parser("load", help=tr("create a district file from a JSON or TOML election file"))
    load.add_argument("file", type=Path)
    load.add_argument("--db", type=Path, required=True, help=tr("the district data file to create"))
    add_new_file_arguments(load, "district_admin")
    load.set_defaults(func=_load)
    show = sub.add_parser("show", help=tr("print a data file's election as JSON"))
    show.add_argument("db", type=Path)
    show.add_argument("--out", type=Path, help=tr("write the election file here instead"))
    add_unlock_arguments(show)
    show.set_defaults(func=_show)


def _load(args: argparse.Namespace) -> int:
    definition = load_definition(args.file)
    encrypt_for, recovery = new_file_keys(args)
    with create_data_file(args.db, kind="district", election_id=definition.election.id, encrypt_for=encrypt_for,
                          recovery_public_key=recovery) as df:
        store_definition(df, definition)
        add_first_user(df, args, "district_admin")
        encrypted = df.encrypted
    print_json({"db": str(args.db), "election": definition.election.id,
                "communities": len(definition.communities), "encrypted": encrypted})
    return 0


def _show(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args) as df:
        definition = read_definition(df.conn)
    if args.out:
        save_definition(definition, args.out)
    else:
        print_json(definition_to_dict(definition))
    return 0
