"""Table rows as JSON lines: reading a table of a data file, and the canonical text of a row.

Values are JSON scalars; a BLOB (the register key) is written as {"$base64": "..."}. Column names
must be plain identifiers, so a package can never smuggle SQL into an INSERT.
"""

from __future__ import annotations

import base64
import json
import re
import sqlite3
from typing import Any

IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
Row = dict[str, Any]


def canonical(value: Any) -> str:
    """Canonical JSON: sorted keys, no spaces, UTF-8 characters kept, no NaN."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def _encode(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$base64": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def decode_value(value: Any) -> Any:
    """A JSON value back to an SQLite value; a ValueError for anything that is not a scalar or a BLOB."""
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, dict) and set(value) == {"$base64"} and isinstance(value["$base64"], str):
        return base64.b64decode(value["$base64"], validate=True)
    raise ValueError("a value in a package row is not a plain value")


def table_exists(conn: sqlite3.Connection, table: str) -> bool:
    """Whether the data file has this table."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone() is not None


def table_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    """The columns of a table, in order."""
    return [r["name"] for r in conn.execute(f"PRAGMA table_info({table})")]


def key_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    """The primary key columns of a table (every column when it declares none)."""
    info = conn.execute(f"PRAGMA table_info({table})").fetchall()
    pk = sorted((r["pk"], r["name"]) for r in info if r["pk"])
    return [name for _, name in pk] or [r["name"] for r in info]


def read_rows(conn: sqlite3.Connection, table: str, where: str = "1", params: dict[str, Any] | None = None,
              order: str | None = None) -> list[Row]:
    """Rows of `table` matching `where`, as JSON-ready dicts, in primary key order."""
    if not IDENTIFIER.match(table):
        raise ValueError(f"not a table name: {table!r}")
    order = order or ", ".join(key_columns(conn, table))
    cursor = conn.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY {order}", params or {})
    return [{k: _encode(v) for k, v in dict(r).items()} for r in cursor]


def to_jsonl(rows: list[Row]) -> bytes:
    """Rows as JSON lines (one canonical object per line)."""
    return "".join(canonical(r) + "\n" for r in rows).encode("utf-8")


def from_jsonl(data: bytes) -> list[Row]:
    """JSON lines back to rows; a ValueError when a line is not an object of plain values."""
    rows = []
    for line in data.decode("utf-8").split("\n"):
        if not line:
            continue
        row = json.loads(line)
        if not isinstance(row, dict) or not all(isinstance(k, str) and IDENTIFIER.match(k) for k in row):
            raise ValueError("a package row is not an object with plain column names")
        for value in row.values():
            decode_value(value)
        rows.append(row)
    if data and not data.endswith(b"\n"):
        raise ValueError("a package table does not end with a line break")
    return rows


def row_key(row: Row, key: list[str]) -> str:
    """The canonical text of a row's key values (a ValueError when a key column is missing)."""
    missing = [k for k in key if k not in row]
    if missing:
        raise ValueError(f"a package row lacks its key column {missing[0]}")
    return canonical([row[k] for k in key])
