"""`polldesk gui [FILE]`: open the main window (the only CLI path that loads Qt)."""

from __future__ import annotations

import argparse

from app.i18n import tr


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("gui", help=tr("open the main window"))
    p.add_argument("file", nargs="?", help=tr("a station or district data file to open"))
    p.set_defaults(func=lambda args: launch_gui([args.file] if args.file else []))


def launch_gui(files: list[str]) -> int:
    """Start the Qt application (imported here so the core never loads Qt)."""
    from ui.main import run

    return run(files)
