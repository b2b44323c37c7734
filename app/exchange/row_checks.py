"""What the district checks in a station's rows before keeping them (数据核对): shape, types and whose they are.

A package's signature proves only who made it. Under trust on first use anyone may sign the first package
of a station, and a station laptop can be tampered with, so every row is also held to the district's own
copy of the station table: the same columns, values of the declared type (whole numbers that fit SQLite),
no NULL where the table forbids it, the table's own key, JSON where the column holds JSON, a certified
result that matches its SHA-256, and only contests and ballot boxes of the station's own community.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any

from app.exchange.package import Package, PackageRejected
from app.exchange.rows import key_columns

_TYPES: dict[str, tuple[type, ...]] = {"INTEGER": (int,), "TEXT": (str,), "REAL": (int, float)}
_JSON_COLUMNS = {"count_boxes": ("sheet",), "counted_ballots": ("sections",), "certified_results": ("result",),
                 "audit_log": ("details",)}
_LOW, _HIGH = -(2**63), 2**63 - 1


def _bad_rows(table: str) -> PackageRejected:
    return PackageRejected("bad_rows", "The package's table {table} holds records this program cannot take (wrong "
                           "columns or values); it was changed or made by another program.", table=table)


def _columns(conn: sqlite3.Connection, table: str) -> dict[str, tuple[tuple[type, ...], bool]]:
    """Each column: the Python types its values may have, and whether it may be NULL."""
    info = conn.execute(f"PRAGMA table_info({table})").fetchall()
    single_pk = sum(1 for r in info if r["pk"]) == 1
    return {r["name"]: (_TYPES.get(r["type"].upper(), (int, float, str)),
                        not r["notnull"] and not (r["pk"] and single_pk))
            for r in info}


def check_rows(conn: sqlite3.Connection, package: Package) -> None:
    """Refuse the package unless every row fits the district's copy of its table and the station's community."""
    community = conn.execute("SELECT community_code FROM voting_places WHERE code = ?",
                             (package.place_code,)).fetchone()[0]
    contests = {r[0] for r in conn.execute("SELECT id FROM contests WHERE community_code = ?", (community,))}
    boxes = {r[0] for r in conn.execute("SELECT b.id FROM ballot_boxes b JOIN voting_places p ON p.code = b.place_code"
                                        " WHERE p.community_code = ?", (community,))}
    for table, data in package.tables.items():
        columns = _columns(conn, table)
        entry = next(e for e in package.manifest["entries"] if e["table"] == table)
        if entry["key"] != key_columns(conn, table):
            raise _bad_rows(table)
        names = columns.keys()
        checks = [(name, types, nullable) for name, (types, nullable) in columns.items()]
        for row in data.rows:
            if row.keys() != names:
                raise _bad_rows(table)
            for name, types, nullable in checks:
                value = row[name]
                if value is None:
                    if not nullable:
                        raise _bad_rows(table)
                elif type(value) not in types or (type(value) is int and not _LOW <= value <= _HIGH):
                    raise _bad_rows(table)
        _check_json(table, data.rows)
        _check_owner(table, data.rows, contests, boxes)


def _check_json(table: str, rows: list[dict[str, Any]]) -> None:
    for column in _JSON_COLUMNS.get(table, ()):
        for row in rows:
            text = row[column]
            if text is None:
                continue
            try:
                json.loads(text, parse_constant=_no_constant)
            except (ValueError, RecursionError) as exc:
                raise _bad_rows(table) from exc
    if table == "certified_results":
        for row in rows:
            if hashlib.sha256(row["result"].encode("utf-8")).hexdigest() != row["sha256"]:
                raise _bad_rows(table)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _check_owner(table: str, rows: list[dict[str, Any]], contests: set[str], boxes: set[str]) -> None:
    """Contests and boxes named by the rows must be of the station's community."""
    foreign = PackageRejected("foreign_rows", "The package's {table} holds records of another voting place.",
                              table=table)
    for row in rows:
        contest, box = row.get("contest_id"), row.get("box_id")
        if (contest is not None and contest not in contests) or (box is not None and box not in boxes):
            raise foreign
