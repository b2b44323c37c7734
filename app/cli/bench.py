"""`polldesk bench [--quick] [--only NAME] [--size N] [--json]`: run the benchmarks of app.bench."""

from __future__ import annotations

import argparse
import sys
import tempfile
import unicodedata
from pathlib import Path

from app.bench import BenchContext, run_benchmarks
from app.cli import print_json
from app.i18n import tr


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("bench", help=tr("measure speed against a floor measured in the same run"))
    p.add_argument("--quick", action="store_true", help=tr("small sizes (for continuous integration)"))
    p.add_argument("--only", action="append", metavar="NAME", help=tr("run only this benchmark (repeatable)"))
    p.add_argument("--size", type=int, help=tr("the size to use instead of the default"))
    p.add_argument("--workdir", type=Path, help=tr("folder for scratch files (default: a temporary folder)"))
    p.add_argument("--json", action="store_true", help=tr("print JSON instead of a table"))
    p.set_defaults(func=_bench)


def _pad(text: str, width: int, left: bool) -> str:
    """`text` padded to `width` terminal columns (a Chinese character takes two)."""
    spaces = " " * max(0, width - sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text))
    return text + spaces if left else spaces + text


def _say(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def _bench(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="polldesk-bench-", dir=args.workdir) as folder:
        context = BenchContext(quick=args.quick, workdir=Path(folder), size=args.size, progress=_say)
        results = run_benchmarks(context, args.only)
    if args.json:
        print_json({"benchmarks": [r.to_dict() for r in results]})
        return 0
    header = [(tr("Benchmark"), 36), (tr("Value"), 12), (tr("Floor"), 12), (tr("Ratio"), 8), (tr("Goal"), 8)]
    sys.stdout.write("".join(_pad(text, width, left=i == 0) for i, (text, width) in enumerate(header)) + "\n")
    for r in results:
        sys.stdout.write(f"{r.name:<36}{r.value:>10.3f}{r.unit:>2}{r.floor:>10.3f}{r.unit:>2}"
                         f"{r.ratio:>8.2f}{r.goal_ratio:>8.1f}\n")
    return 0
