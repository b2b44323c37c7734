"""The REGISTER VIEW benchmark (issue 3, 8d): peak memory of the register screen's model over a large register.

Each side runs in a fresh Python process (so neither inherits the other's memory) that shows a
1280x760 QTableView offscreen and reports its peak resident size (VmHWM from /proc/self/status):
- value: the register page's lazy model (ui.register.model) over the register, scrolled through
  about 10,000 rows at several places (start, a quarter, the middle, the end, back to the start);
- floor: the same view over an empty QAbstractTableModel, i.e. what Qt and Python cost by themselves.
The goal is an absolute 300 MB, so goal_ratio = 300 / floor: ratio <= goal_ratio means value <= 300 MB.
The child processes import PySide6; this module does not (app/ stays Qt-free).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.bench import BenchContext, BenchmarkFailed, BenchResult, benchmark
from app.bench.synthetic import build_register

GOAL_MB = 300.0
SCROLLED_ROWS = 10_000
ROOT = Path(__file__).resolve().parents[2]

_COMMON = """
import json, sys
from PySide6.QtCore import QAbstractTableModel, QModelIndex
from PySide6.QtWidgets import QApplication, QTableView
app = QApplication([])
view = QTableView()
view.resize(1280, 760)

def peak_mb():
    for line in open('/proc/self/status'):
        if line.startswith('VmHWM:'):
            return int(line.split()[1]) / 1024
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

_FLOOR = _COMMON + """
class Empty(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()): return 0
    def columnCount(self, parent=QModelIndex()): return 8
    def data(self, index, role=0): return None
model = Empty()
view.setModel(model)
view.show()
app.processEvents()
print(json.dumps({"peak_mb": peak_mb(), "rows": 0}))
"""

_VALUE = _COMMON + """
from app.db import open_data_file
from ui.register.model import RegisterModel
df = open_data_file(sys.argv[1])
model = RegisterModel(df.conn)
view.setModel(model)
view.show()
app.processEvents()
rows, per_place = model.rowCount(), int(sys.argv[2])
seen = 0
for start in (0, rows // 4, rows // 2, max(0, rows - per_place), 0):
    for row in range(start, min(rows, start + per_place), 20):   # about a screenful per step
        view.scrollTo(model.index(row, 0))
        app.processEvents()
        seen += 20
assert model.data(model.index(rows - 1, 0))
print(json.dumps({"peak_mb": peak_mb(), "rows": rows, "seen": seen}))
df.close()
"""


def _run(code: str, *args: str) -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                         cwd=ROOT, timeout=1800)
    if out.returncode != 0:
        raise BenchmarkFailed("bench_wrong_answer", "The register view benchmark's process failed: {detail}",
                              detail=out.stderr.strip()[-500:])
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


@benchmark("register_view")
def register_view_benchmark(ctx: BenchContext) -> list[BenchResult]:
    """Peak memory of the register view over the register, against a bare QTableView."""
    size = ctx.scale(full=1_000_000, quick=50_000)
    ctx.progress(f"register_view: building a register of {size} voters")
    path = ctx.workdir / "register-view-bench.polldesk"
    df, voters = build_register(path, size)
    df.close()
    del voters
    per_place = str(max(1, SCROLLED_ROWS // 5))
    ctx.progress("register_view: measuring the floor (a bare QTableView)")
    floor = _run(_FLOOR)["peak_mb"]
    ctx.progress("register_view: scrolling the register view")
    value = _run(_VALUE, str(path), per_place)
    if value["rows"] != size:
        raise BenchmarkFailed("bench_wrong_answer", "The register view showed {rows} rows instead of {size}.",
                              rows=int(value["rows"]), size=size)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return [BenchResult("register_view.peak_memory", value["peak_mb"], "MB", floor, round(GOAL_MB / floor, 2))]
