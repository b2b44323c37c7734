"""The `polldesk` command line: one subcommand module per area, each calling `app/` functions.

Every module in this package that defines `register(subparsers)` adds its subcommands; a
subcommand sets `func(args) -> int`. Errors a user can fix (PollDeskError) print a plain message
in the user's language and exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
from collections.abc import Sequence
from typing import Any

from app import __version__
from app.errors import PollDeskError
from app.i18n import tr


def build_parser() -> argparse.ArgumentParser:
    """The parser with every area's subcommands."""
    parser = argparse.ArgumentParser(prog="polldesk", description=tr("PollDesk: community election software"))
    parser.add_argument("--version", action="version", version=f"polldesk {__version__}")
    parser.add_argument("--lang", choices=["zh_CN", "en"], help=tr("language of messages and reports"))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(subparsers)
    return parser


def print_json(data: Any) -> None:
    """Print JSON the way every subcommand does: UTF-8, Chinese readable."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
    sys.stdout.flush()


def read_password() -> str:
    """A password from POLLDESK_PASSWORD or the first line of standard input, never an argument."""
    import os

    value = os.environ.get("POLLDESK_PASSWORD")
    if value is not None:
        return value
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(tr("Password: "))
    return sys.stdin.readline().rstrip("\r\n")


def _window_only(argv: Sequence[str]) -> tuple[str | None, list[str]] | None:
    """(language, files) when the command line just opens the window: `polldesk [--lang L] [gui [FILE]]`."""
    rest, lang = list(argv), None
    if len(rest) >= 2 and rest[0] == "--lang" and rest[1] in ("zh_CN", "en"):
        lang, rest = rest[1], rest[2:]
    if rest and rest[0] == "gui":
        rest = rest[1:]
        if len(rest) <= 1 and not any(a.startswith("-") for a in rest):
            return lang, rest
        return None
    return (lang, []) if not rest else None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `polldesk` command."""
    window = _window_only(sys.argv[1:] if argv is None else argv)
    if window is not None:             # straight to the window: building every command's parser costs ~0.3 s
        from app.cli.gui import launch_gui

        if window[0]:
            from app.i18n import set_language

            set_language(window[0])
        return launch_gui(window[1])
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.lang:
        from app.i18n import set_language

        set_language(args.lang)
    if not getattr(args, "func", None):
        if args.command is None:
            from app.cli.gui import launch_gui

            return launch_gui([])
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except PollDeskError as exc:
        sys.stderr.write(tr("Error: {message}", message=exc.message) + "\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write(tr("Cancelled.") + "\n")
        return 130


if __name__ == "__main__":
    sys.exit(main())
