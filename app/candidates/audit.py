"""Writing the candidates area's audit events inside the caller's transaction."""

from __future__ import annotations

import sqlite3
from typing import Any

from app.audit import append_event
from app.audit.log import HasActor


def record(conn: sqlite3.Connection, session: HasActor, event: str, details: dict[str, Any]) -> None:
    """Append `event` (declared in app/audit/events.py) for the session's user."""
    append_event(conn, session, event, details)
