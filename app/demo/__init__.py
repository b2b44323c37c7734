"""The built-in demo: the seed's district (19 communities, 129,600 voters) rebuilt and played through.

`run_demo` is the one entry point for the CLI (`polldesk demo`), the GUI and the tests. It runs the
registered stages in order (see `app.demo.stages`) up to `stop_at` and returns a summary: setup,
polls-open, election-day, counting, exported, imported, merged, reports. The same seed and size always
give the same district, day and results; only the timings (and keys, ballot ids) vary between runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.demo.counting import counting
from app.demo.district import check_size
from app.demo.district_stages import REPORTS_DIR, merged, reports
from app.demo.election_day import election_day
from app.demo.layout import SEED_VOTERS
from app.demo.packages import USB_DIR, exported, imported
from app.demo.polls_open import polls_open
from app.demo.printed import PRINTED_DIR
from app.demo.setup import setup
from app.demo.stages import (
    BACKUPS_DIR,
    DISTRICT_FILE,
    SAFE_DIR,
    STATIONS_DIR,
    DemoContext,
    add_stage,
    stage_names,
    stages_until,
)
from app.errors import PollDeskError
from app.progress import Cancel, Cancelled, Progress

__all__ = ["DEFAULT_SEED", "SEED_VOTERS", "run_demo", "stage_names"]

DEFAULT_SEED = 2011

add_stage("setup", "the election prepared and every file written", setup)
add_stage("polls-open", "demo users made, ballots received and every poll opened", polls_open)
add_stage("election-day", "the election day played and every poll closed", election_day)
add_stage("counting", "every box counted and every result certified", counting)
add_stage("exported", "every station's signed package written to the USB folder", exported)
add_stage("imported", "every package imported into the district file", imported)
add_stage("merged", "the district's results merged from every package", merged)
add_stage("reports", "the district's statistics and weekly report written", reports)


def run_demo(out: Path | str, voters: int = SEED_VOTERS, seed: int = DEFAULT_SEED, stop_at: str = "setup",
             progress: Progress | None = None, *, cancel: Cancel | None = None, force: bool = False,
             clock: Callable[[], float] = time.perf_counter, mode: str = "test",
             encrypt: bool = False) -> dict[str, Any]:
    """Build the demo district in `out` (district file and stations/), run its stages, return the summary.

    A folder that already holds a demo is refused unless `force` is set, which replaces the demo's files
    (and nothing else in the folder). `progress(done, total)` is called as files are written; setting
    `cancel` stops the demo (Cancelled) and removes the files it had written. `mode` "official" builds
    an official election: it gets no demo users, so only `setup` can run in it. With `encrypt` (what
    `polldesk demo` and the window do) every data file and backup is encrypted at rest, for the district's
    recovery key (written to `district-safe/recovery.key`) and the demo users (password demo-pass).
    """
    stages = stages_until(stop_at)
    check_size(voters)
    out = Path(out)
    _make_room(out, force)
    started = clock()
    ctx = DemoContext(out, voters, seed, progress, cancel, mode, encrypt=encrypt)
    done = []
    timing = {}
    try:
        for stage in stages:
            began = clock()
            stage.run(ctx)
            done.append(stage.name)
            timing[stage.name] = round(clock() - began, 2)
    except Cancelled:
        _make_room(out, force=True)
        raise
    return {"stage": done[-1], "stages": done, "seed": seed, **ctx.summary, **_unlocking(ctx),
            "seconds": round(clock() - started, 2), "stage_seconds": timing}


def _unlocking(ctx: DemoContext) -> dict[str, Any]:
    """How the demo's files open: encrypted or not, the recovery key, and the demo users."""
    if not ctx.encrypt:
        return {"encrypted": False}
    users = {"district": ["admin1"], "station": ["chief1", "clerk1"]} if ctx.mode == "test" else {}
    return {"encrypted": True, "recovery_key": str(ctx.recovery_key_file), "demo_users": users,
            "backups": str(ctx.backups_dir)}


def _demo_files(out: Path) -> list[Path]:
    files = sorted(out.glob(DISTRICT_FILE + "*"))
    if (out / STATIONS_DIR).is_dir():
        files += sorted((out / STATIONS_DIR).glob("*.polldesk*"))
    for folder in (BACKUPS_DIR, SAFE_DIR):
        if (out / folder).is_dir():
            files += sorted(p for p in (out / folder).iterdir() if p.is_file())
    if (out / USB_DIR).is_dir():
        files += sorted((out / USB_DIR).glob("*.zip"))
    for folder in (REPORTS_DIR, PRINTED_DIR):
        if (out / folder).is_dir():
            files += sorted(p for p in (out / folder).iterdir() if p.suffix in (".pdf", ".xlsx"))
    return files


def _make_room(out: Path, force: bool) -> None:
    if out.exists() and not out.is_dir():
        raise PollDeskError("demo_out_not_folder", "{path} is a file; give a folder for the demo.", path=str(out))
    files = _demo_files(out)
    if files and not force:
        raise PollDeskError("demo_exists", "{path} already holds a demo. Choose another folder, or use --force to "
                            "replace it.", path=str(out))
    for path in files:
        path.unlink()
