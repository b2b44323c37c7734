"""The built-in demo: the seed's district (19 communities, 129,600 voters) rebuilt and played through.

`run_demo` is the one entry point for the CLI (`polldesk demo`), the GUI and the tests. It runs the
registered stages in order (see `app.demo.stages`) up to `stop_at` and returns a summary. The same
seed and size always give the same district; only `seconds` varies between runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.demo.district import check_size
from app.demo.layout import SEED_VOTERS
from app.demo.setup import setup
from app.demo.stages import (
    DISTRICT_FILE,
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


def run_demo(out: Path | str, voters: int = SEED_VOTERS, seed: int = DEFAULT_SEED, stop_at: str = "setup",
             progress: Progress | None = None, *, cancel: Cancel | None = None, force: bool = False,
             clock: Callable[[], float] = time.perf_counter) -> dict[str, Any]:
    """Build the demo district in `out` (district file and stations/), run its stages, return the summary.

    A folder that already holds a demo is refused unless `force` is set, which replaces the demo's files
    (and nothing else in the folder). `progress(done, total)` is called as files are written; setting
    `cancel` stops the demo (Cancelled) and removes the files it had written.
    """
    stages = stages_until(stop_at)
    check_size(voters)
    out = Path(out)
    _make_room(out, force)
    started = clock()
    ctx = DemoContext(out, voters, seed, progress, cancel)
    done = []
    try:
        for stage in stages:
            stage.run(ctx)
            done.append(stage.name)
    except Cancelled:
        _make_room(out, force=True)
        raise
    return {"stage": done[-1], "stages": done, "seed": seed, **ctx.summary,
            "seconds": round(clock() - started, 2)}


def _demo_files(out: Path) -> list[Path]:
    files = sorted(out.glob(DISTRICT_FILE + "*"))
    if (out / STATIONS_DIR).is_dir():
        files += sorted((out / STATIONS_DIR).glob("*.polldesk*"))
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
