"""The START-UP benchmark (issue 8): time from process start until the main window is shown and Qt is idle.

Each run is a fresh Python process, offscreen, with its own empty settings folder:
- value: PollDesk's own start-up path, `ui.main.run([])` (settings, language, CJK font, style sheet, the
  main window shown maximised), stopped by a zero timer queued before the event loop starts;
- floor: a bare PySide6 QMainWindow of the same size, shown the same way, stopped the same way.
The zero timer fires on the event loop's first idle turn after the window is shown; the child writes the
wall clock then, and the parent subtracts the moment it started the process. Runs alternate (floor, value)
so both see the same machine load; the median of each is reported. The goal is value <= 2x floor.
The child processes import PySide6; this module does not (app/ stays Qt-free).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app.bench import BenchContext, BenchmarkFailed, BenchResult, benchmark

ROOT = Path(__file__).resolve().parents[2]
GOAL_RATIO = 2.0

# Runs at the first idle turn of the event loop: say when, and whether a main window is on screen.
_REPORT = """
import json, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

def report_and_quit():
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
    sys.stdout.write(json.dumps({"idle_at": time.time(), "windows": len(shown)}) + "\\n")
    sys.stdout.flush()
    QApplication.instance().quit()
"""

_FLOOR = _REPORT + """
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 760)
window.showMaximized()
QTimer.singleShot(0, report_and_quit)
app.exec()
"""

_VALUE = _REPORT + """
app = QApplication(sys.argv[:1])
QTimer.singleShot(0, report_and_quit)     # queued now; fires once run() has shown the window and is idle
from ui.main import run
run([])
"""


def _start_once(code: str, home: Path) -> float:
    """Seconds from starting a child process running `code` until its main window is shown and idle."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), HOME=str(home),
               XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"))
    started = time.time()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=home,
                         timeout=300)
    if out.returncode != 0 or not out.stdout.strip():
        raise BenchmarkFailed("bench_wrong_answer", "The start-up benchmark's process failed: {detail}",
                              detail=out.stderr.strip()[-500:])
    report = json.loads(out.stdout.strip().splitlines()[-1])
    if report["windows"] != 1:
        raise BenchmarkFailed("bench_wrong_answer", "The start-up benchmark saw {count} main windows instead "
                              "of one.", count=int(report["windows"]))
    return float(report["idle_at"]) - started


@benchmark("startup")
def startup_benchmark(ctx: BenchContext) -> list[BenchResult]:
    """Median start-up time of the main window against a bare PySide6 window (goal: at most twice as long)."""
    runs = ctx.scale(full=9, quick=3)
    floors: list[float] = []
    values: list[float] = []
    with tempfile.TemporaryDirectory(prefix="startup-", dir=ctx.workdir) as scratch:
        home = Path(scratch)
        _start_once(_VALUE, home)   # a first, unmeasured start: fills the disk cache and the stroke-table cache
        for number in range(runs):
            ctx.progress(f"startup: run {number + 1} of {runs}")
            floors.append(_start_once(_FLOOR, home))
            values.append(_start_once(_VALUE, home))
    return [BenchResult("startup.main_window", statistics.median(values), "s", statistics.median(floors),
                        GOAL_RATIO)]
