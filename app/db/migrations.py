"""Numbered schema steps. A file records its version in `PRAGMA user_version`.

Step 1 creates the first schema from `app/db/schema/*.sql` (applied in name order, one file per
area). Later changes are new numbered steps appended to `STEPS`; a released step never changes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"


@dataclass(frozen=True)
class Step:
    """One migration step: from `version - 1` to `version`."""

    version: int
    description: str
    apply: Callable[[sqlite3.Connection], None]


def _initial_schema(conn: sqlite3.Connection) -> None:
    for path in sorted(SCHEMA_DIR.glob("*.sql")):
        for statement in _statements(path.read_text(encoding="utf-8")):
            conn.execute(statement)


def _statements(script: str) -> list[str]:
    """Split a schema script into statements (executescript would commit mid-transaction)."""
    statements, current = [], []
    for line in script.splitlines():
        current.append(line)
        joined = "\n".join(current)
        if sqlite3.complete_statement(joined):
            statements.append(joined.strip())
            current = []
    if "\n".join(current).strip():
        statements.append("\n".join(current).strip())
    return [s for s in statements if s and not all(ln.strip().startswith("--") for ln in s.splitlines())]


STEPS: list[Step] = [
    Step(1, "initial schema", _initial_schema),
]

LATEST_VERSION = STEPS[-1].version


def pending_steps(current: int) -> list[Step]:
    """The steps a file at version `current` still needs, in order."""
    return [step for step in STEPS if step.version > current]
