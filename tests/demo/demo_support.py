"""What the demo tests share: the small demo's size and seed, and the record of one run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

SMALL_VOTERS = 4_000
SEED = 2011


@dataclass(frozen=True)
class DemoRun:
    """A demo written to `out`, with the summary `run_demo` returned."""

    out: Path
    summary: dict[str, Any]
