"""`polldesk package ...` and `polldesk district import|remove|pin-station|log`: packages between places.

`package verify PACKAGE` prints {"ok", "station", "election", "reason", ...} and exits 0 when the package
is intact and correctly signed, 1 when it is not (tampered, wrongly signed, unsafe), 2 when it cannot be
read at all (missing, not a zip). With --fingerprint it must also be signed by that key. A good package's
"sealed" says whether every table in it is sealed for the district (checked by its hash, not opened).

`district import DISTRICT_DB PACKAGE...` prints one {"package", "status", "reason", ...} per package,
status "imported", "already_imported" or "rejected"; it exits 0 when none was rejected, else 1.

`package setup` prints the package, the district fingerprint and the one-time `setup_code` that opens
it (both go on the printed setup sheet); `--place` may be repeated or `all`, and `--sheet FILE.pdf` prints the
setup sheets (`app.reports.setup_sheet`), refused inside the package folder: the sheet travels apart from the
stick. `package setup-codes` shows the codes issued again (`--sheet` prints them again, newest per place).
`package load-setup` takes the code from --setup-code or POLLDESK_SETUP_CODE.

A file that has users needs --user (the password is read from POLLDESK_PASSWORD or standard input);
a file without users (a fresh setup) is used as the program itself, and the audit log says so.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from app.audit.log import HasActor
from app.auth import has_users, login
from app.cli import print_json
from app.cli.district_reports import add_lock_command
from app.db import DataFile
from app.errors import PollDeskError
from app.exchange import (
    PackageRejected,
    export_station_package,
    fingerprint,
    import_log,
    import_packages,
    issued_setup_codes,
    load_setup_package,
    pin_station_key,
    read_package,
    remove_package,
)
from app.exchange.keys import district_fingerprint, normalise_fingerprint, own_public_key
from app.i18n import tr
from app.vault.cli_open import (
    add_first_user,
    add_new_file_arguments,
    add_unlock_arguments,
    new_file_keys,
    open_for_cli,
    password_of,
)

if TYPE_CHECKING:    # reportlab is loaded only by the commands that print
    from app.reports.page import PrintedDocument

_USER_HELP = "your user name (the password is read from stdin)"
SETUP_CODE_ENV = "POLLDESK_SETUP_CODE"
_SHEET_HELP = ("also print the setup sheets into this PDF; never on the stick with the packages: the sheet travels "
               "apart from the stick (refused inside the --out folder)")
SHEET_WARNING = ("Print the setup sheet and hand it over apart from the stick; do not copy the PDF onto the stick "
                 "with the packages.")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("package", help=tr("signed packages between stations and the district"))
    sub = p.add_subparsers(dest="action", required=True)
    export = sub.add_parser("export", help=tr("write the station's result package to a folder (USB stick)"))
    export.add_argument("db", type=Path, metavar="STATION_DB")
    export.add_argument("--out", type=Path, required=True, help=tr("folder to write the package into"))
    export.add_argument("--user", help=tr(_USER_HELP))
    export.set_defaults(func=_export)
    setup = sub.add_parser("setup", help=tr("write a voting place's signed setup package"))
    setup.add_argument("db", type=Path, metavar="DISTRICT_DB")
    setup.add_argument("--place", required=True, action="append",
                       help=tr("voting place code (repeatable), or all for every voting place"))
    setup.add_argument("--out", type=Path, required=True, help=tr("folder to write the package into"))
    setup.add_argument("--sheet", type=Path, metavar="FILE.pdf", help=tr(_SHEET_HELP))
    setup.add_argument("--user", help=tr(_USER_HELP))
    setup.set_defaults(func=_setup)
    codes = sub.add_parser("setup-codes", help=tr("show the setup codes issued, to print a setup sheet again"))
    codes.add_argument("db", type=Path, metavar="DISTRICT_DB")
    codes.add_argument("--place", help=tr("voting place code"))
    codes.add_argument("--sheet", type=Path, metavar="FILE.pdf",
                       help=tr("print the setup sheets again (the newest code of each place) into this PDF"))
    codes.add_argument("--user", help=tr(_USER_HELP))
    codes.set_defaults(func=_setup_codes)
    load = sub.add_parser("load-setup", help=tr("create a station file from its setup package"))
    load.add_argument("package", type=Path)
    load.add_argument("--db", type=Path, required=True, help=tr("the station data file to create"))
    load.add_argument("--district-fingerprint", required=True,
                      help=tr("the district key fingerprint printed on the setup sheet"))
    load.add_argument("--setup-code", help=tr("the setup code printed on the setup sheet (or set "
                                              "POLLDESK_SETUP_CODE)"))
    add_new_file_arguments(load, "chief")
    load.set_defaults(func=_load_setup)
    verify = sub.add_parser("verify", help=tr("check a package; exit 0 ok, 1 not ok, 2 unreadable"))
    verify.add_argument("package", type=Path)
    verify.add_argument("--fingerprint", help=tr("the key fingerprint the package must be signed with"))
    verify.set_defaults(func=_verify)
    fp = sub.add_parser("fingerprint", help=tr("print the key fingerprint of a data file"))
    fp.add_argument("db", type=Path)
    add_unlock_arguments(fp)
    fp.set_defaults(func=_fingerprint)

    d = subparsers.add_parser("district", help=tr("import stations' packages into the district file"))
    dsub = d.add_subparsers(dest="action", required=True)
    imp = dsub.add_parser("import", help=tr("import result packages; exit 1 when any was rejected"))
    imp.add_argument("db", type=Path, metavar="DISTRICT_DB")
    imp.add_argument("packages", type=Path, nargs="+", metavar="PACKAGE")
    imp.add_argument("--user", help=tr(_USER_HELP))
    imp.set_defaults(func=_import)
    rm = dsub.add_parser("remove", help=tr("take an imported package out again"))
    rm.add_argument("db", type=Path, metavar="DISTRICT_DB")
    rm.add_argument("--package-id", required=True)
    rm.add_argument("--user", help=tr(_USER_HELP))
    rm.set_defaults(func=_remove)
    pin = dsub.add_parser("pin-station", help=tr("pin the key fingerprint printed on a station's result record"))
    pin.add_argument("db", type=Path, metavar="DISTRICT_DB")
    pin.add_argument("place", help=tr("voting place code"))
    pin.add_argument("--fingerprint", required=True)
    pin.add_argument("--user", help=tr(_USER_HELP))
    pin.set_defaults(func=_pin)
    add_lock_command(dsub)
    log = dsub.add_parser("log", help=tr("print every import attempt as JSON"))
    log.add_argument("db", type=Path, metavar="DISTRICT_DB")
    add_unlock_arguments(log)
    log.set_defaults(func=_log)


def _actor(df: DataFile, args: argparse.Namespace) -> HasActor | None:
    """The signed-in user (the password that unlocked an encrypted file serves here too), or None."""
    if args.user:
        return login(df.conn, args.user, password_of(args))
    if has_users(df.conn):
        raise PollDeskError("sign_in_needed", "This file has users: give --user and your password.")
    return None


def _export(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args, kind="station") as df:
        path = export_station_package(df, args.out, session=_actor(df, args))
        key = own_public_key(df.conn)
    print_json({"package": str(path), "verified": True, "fingerprint": fingerprint(key) if key else None})
    return 0


def _setup(args: argparse.Namespace) -> int:
    from app.reports.setup_sheet import check_sheet_apart, issue_setup_packages, setup_places

    if args.sheet is not None:
        check_sheet_apart(args.sheet, args.out)      # before the file is opened or any package made
    with open_for_cli(args.db, args, kind="district") as df:
        places = [p.code for p in setup_places(df)] if "all" in args.place else args.place
        issued = issue_setup_packages(df, places, args.out, args.sheet, session=_actor(df, args))
        shown = district_fingerprint(df.conn)
    made = [{"place": c.place_code, "package": str(issued.folder / c.file), "package_id": c.package_id,
             "setup_code": c.setup_code} for c in issued.codes]
    result: dict[str, object] = {"district_fingerprint": shown, "packages": made}
    if len(made) == 1:      # one place: the fields as before, at the top
        result.update({k: made[0][k] for k in ("package", "package_id", "setup_code")})
    return _with_sheet(result, issued.sheet)


def _setup_codes(args: argparse.Namespace) -> int:
    from app.reports.setup_sheet import latest_codes, setup_sheets_pdf

    with open_for_cli(args.db, args, kind="district") as df:
        actor = _actor(df, args)
        codes = issued_setup_codes(df, args.place, session=actor)
        key = own_public_key(df.conn)
        sheet = None if args.sheet is None else setup_sheets_pdf(df, latest_codes(df, args.place, session=actor),
                                                                 args.sheet)
    return _with_sheet({"district_fingerprint": fingerprint(key) if key else None,
                        "setup_codes": [c.as_dict() for c in codes]}, sheet)


def reprint_setup_sheets(args: argparse.Namespace) -> int:
    """`polldesk print setup-sheets`: the setup sheets again from the codes issued (the newest of each place)."""
    from app.reports.setup_sheet import latest_codes, setup_sheets_pdf

    with open_for_cli(args.db, args, kind="district") as df:
        codes = latest_codes(df, args.place, session=_actor(df, args))
        sheet = setup_sheets_pdf(df, codes, args.out)
        shown = district_fingerprint(df.conn)
    return _with_sheet({"district_fingerprint": shown, "places": [c.place_code for c in codes]}, sheet)


def _with_sheet(result: dict[str, object], sheet: PrintedDocument | None) -> int:
    """Print `result` with the sheet printed (and the warning that goes with it), when there is one."""
    if sheet is not None:
        result.update({"sheet": str(sheet.path), "sheet_pages": sheet.pages, "sheet_warning": tr(SHEET_WARNING)})
        if sheet.missing_glyphs:
            result["missing_glyphs"] = list(sheet.missing_glyphs)
    print_json(result)
    return 0


def _load_setup(args: argparse.Namespace) -> int:
    encrypt_for, recovery = new_file_keys(args)
    setup_code = args.setup_code or os.environ.get(SETUP_CODE_ENV)
    with load_setup_package(args.package, args.db, district_fingerprint=args.district_fingerprint,
                            setup_code=setup_code, encrypt_for=encrypt_for, recovery_public_key=recovery) as df:
        add_first_user(df, args, "chief")
        key = own_public_key(df.conn)
        print_json({"db": str(args.db), "station": df.place_code, "election": df.election_id,
                    "station_fingerprint": fingerprint(key) if key else None, "encrypted": df.encrypted})
    return 0


def _verify(args: argparse.Namespace) -> int:
    try:
        package = read_package(args.package)
        if args.fingerprint and package.fingerprint.replace(" ", "") != normalise_fingerprint(args.fingerprint):
            raise PackageRejected("other_key", "The package is signed by a key ({found}) that is not the one "
                                  "given.", found=package.fingerprint)
    except PackageRejected as exc:
        print_json({"ok": False, "station": None, "election": None, "reason": exc.message, "code": exc.code})
        return 2 if exc.code in ("unreadable", "package_missing") else 1
    entries = package.manifest["entries"]
    print_json({"ok": True, "station": package.place_code, "election": package.election_id, "reason": "",
                "kind": package.kind, "sequence": package.sequence, "fingerprint": package.fingerprint,
                "sealed": bool(entries) and all(e["sealed"] for e in entries)})
    return 0


def _fingerprint(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args) as df:
        key = own_public_key(df.conn)
    print_json({"db": str(args.db), "kind": df.kind, "fingerprint": fingerprint(key) if key else None})
    return 0


def _import(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args, kind="district") as df:
        outcomes = import_packages(df, args.packages, session=_actor(df, args))
    print_json([o.as_dict() for o in outcomes])
    return 1 if any(o.status == "rejected" for o in outcomes) else 0


def _remove(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args, kind="district") as df:
        print_json(remove_package(df, args.package_id, session=_actor(df, args)))
    return 0


def _pin(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args, kind="district") as df:
        shown = pin_station_key(df, args.place, args.fingerprint, session=_actor(df, args))
    print_json({"station": args.place, "fingerprint": shown})
    return 0


def _log(args: argparse.Namespace) -> int:
    with open_for_cli(args.db, args, kind="district") as df:
        print_json(import_log(df.conn))
    return 0
