"""The stations' imported rows as the district sees them: certified counts, poll-book events, ballots held."""

from __future__ import annotations

import heapq
import json
import sqlite3
from dataclasses import dataclass
from typing import Any, cast

from app.pollbook.derive import replay


def imported_rows(conn: sqlite3.Connection, table: str) -> list[dict[str, Any]]:
    """Every imported row of a station table, each with the station it came from under "_station"."""
    rows = []
    for r in conn.execute("SELECT place_code, data FROM imported_rows WHERE table_name = ? ORDER BY place_code,"
                          " row_key", (table,)):
        row = json.loads(r["data"])
        row["_station"] = r["place_code"]
        rows.append(row)
    return rows


@dataclass(frozen=True)
class HeldBallots:
    """The ballots the imported poll books hold: active issuing events, and second ballots (reported, not applied)."""

    active: list[dict[str, Any]]
    second: list[dict[str, Any]]


def held_ballots(conn: sqlite3.Connection) -> HeldBallots:
    """Replay every imported issuance event, each place in its sequence, places interleaved by time.

    The replay is the poll book's own (`app.pollbook.derive.replay`), so the district and a station agree on
    who holds a ballot; the order of interleaving depends only on the events, never on the import order.
    """
    places: dict[str, list[dict[str, Any]]] = {}
    for row in imported_rows(conn, "issuance_events"):
        places.setdefault(str(row["place_code"]), []).append(row)
    ordered = [sorted(events, key=lambda e: int(e["seq"])) for _, events in sorted(places.items())]
    merged = heapq.merge(*ordered, key=lambda e: (str(e["time"])))
    # dicts index like the sqlite3.Row the replay was written for
    active, second = cast(tuple[dict[Any, dict[str, Any]], list[dict[str, Any]]], replay(merged))  # type: ignore[arg-type]
    return HeldBallots(sorted(active.values(), key=_event_key), sorted(second, key=_event_key))


def _event_key(e: dict[str, Any]) -> tuple[str, int]:
    return str(e["place_code"]), int(e["seq"])


def stations_reporting(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    """Per station that sent packages: how many, the newest sequence number and when it was made."""
    return {r["place_code"]: dict(r) for r in conn.execute(
        "SELECT place_code, COUNT(*) AS packages, MAX(sequence) AS newest, MAX(created) AS created"
        " FROM imported_packages GROUP BY place_code")}
