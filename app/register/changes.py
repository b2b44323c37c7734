"""The register's change table (register_changes): who changed what, when and why."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RegisterChange:
    """One recorded change of the register."""

    id: int
    time: str
    action: str
    voter_id: int | None
    reason: str
    note: str
    actor: str

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "time": self.time, "action": self.action, "voter_id": self.voter_id,
                "reason": self.reason, "note": self.note, "actor": self.actor}


def record_change(conn: sqlite3.Connection, action: str, voter_id: int | None, reason: str, note: str,
                  actor: str) -> None:
    """Record one change inside the caller's transaction."""
    conn.execute("INSERT INTO register_changes(time, action, voter_id, reason, note, actor) VALUES (?,?,?,?,?,?)",
                 (datetime.now().astimezone().isoformat(timespec="seconds"), action, voter_id, reason, note, actor))


def read_changes(conn: sqlite3.Connection, voter_id: int | None = None) -> list[RegisterChange]:
    """Recorded changes in order, all or those of one voter."""
    sql = "SELECT * FROM register_changes" + (" WHERE voter_id = ?" if voter_id is not None else "") + " ORDER BY id"
    params = (voter_id,) if voter_id is not None else ()
    return [RegisterChange(r["id"], r["time"], r["action"], r["voter_id"], r["reason"], r["note"], r["actor"])
            for r in conn.execute(sql, params)]
