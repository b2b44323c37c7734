"""The code stays ruff and mypy clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def test_ruff_finds_nothing() -> None:
    folders = [name for name in ("app", "ui", "tests") if (ROOT / name).is_dir()]
    out = subprocess.run([str(BIN / "ruff"), "check", *folders], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_finds_nothing_in_the_core() -> None:
    out = subprocess.run([str(BIN / "mypy"), "app"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
