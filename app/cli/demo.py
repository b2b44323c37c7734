"""`polldesk demo`: rebuild the seed's district (19 communities, 129,600 voters) as a test election."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.auth.users import DEMO_PASSWORD
from app.cli import print_json
from app.demo import DEFAULT_SEED, SEED_VOTERS, run_demo, stage_names
from app.i18n import tr


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("demo", help=tr("build the demo district of the seed report as a test election"))
    p.add_argument("--out", type=Path, required=True, help=tr("folder for the district file and station files"))
    p.add_argument("--voters", type=int, default=SEED_VOTERS, help=tr("number of voters (default {count})",
                                                                        count=SEED_VOTERS))
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help=tr("random seed: the same seed gives the same district"))
    p.add_argument("--stop-at", default=stage_names()[-1], metavar="STAGE",
                   help=tr("stop after this stage: {stages} (default: the last)", stages=", ".join(stage_names())))
    p.add_argument("--official", action="store_true",
                   help=tr("an official election: no demo users, so it stops before the poll opens"))
    p.add_argument("--force", action="store_true", help=tr("replace a demo already in the folder"))
    p.add_argument("--unencrypted", action="store_true",
                   help=tr("leave the data files unencrypted, to study them with other tools (never for real data)"))
    p.set_defaults(func=_demo)


def _demo(args: argparse.Namespace) -> int:
    summary = run_demo(args.out, voters=args.voters, seed=args.seed, stop_at=args.stop_at, force=args.force,
                       mode="official" if args.official else "test", encrypt=not args.unencrypted)
    print_json(summary)
    sys.stderr.write(tr("Demo written to {folder}: {voters} voters in {communities} communities, "
                        "{places} voting places ({seconds} s).", folder=str(args.out), voters=summary["voters"],
                        communities=summary["communities"], places=summary["voting_places"],
                        seconds=f"{summary['seconds']:.1f}") + "\n")
    totals = summary.get("district_totals")
    if totals:
        sys.stderr.write(tr("Election day played: turnout {turnout}%, {elected} members elected; communities needing "
                            "another round: {again}. Reports in {reports}.", turnout=totals["turnout_percent"],
                            elected=totals["elected"], again=totals["communities_another_round"],
                            reports=str(Path(args.out) / "reports")) + "\n")
    if summary.get("encrypted"):
        sys.stderr.write(tr("The data files are encrypted. Sign in as admin1 (district) or chief1 / clerk1 (a station) "
                            "with the password {password}; the district's recovery key is {key}.",
                            password=DEMO_PASSWORD, key=summary["recovery_key"]) + "\n")
    return 0
