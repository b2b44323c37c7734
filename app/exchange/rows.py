"""Table rows as JSON lines: reading a table of a data file, and the canonical text of a row.

Values are JSON scalars; a BLOB (the register key) is written as {"$base64": "..."}. Column names
must be plain identifiers, so a package can never smuggle SQL into an INSERT.
"""

from __future__ import annotations

import base64
import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from itertools import repeat
from json.encoder import encode_basestring
from typing import Any

from app.audit import contains_id_number

IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
Row = dict[str, Any]

_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
_DECODER = json.JSONDecoder()
_PLAIN = frozenset({str, int, float, bool, type(None)})


def _flat_encoder() -> Callable[[Any, int], Iterator[str]] | None:
    """The C encoder of `_ENCODER`, built once (json builds one per call); None on a pure-Python json."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return None
    # no markers: only for rows and key lists decoded from JSON or read from SQLite, which cannot be circular
    encoder: Callable[[Any, int], Iterator[str]] = make(None, _ENCODER.default, encode_basestring, None, ":", ",",
                                                        True, False, False)
    return encoder


_FLAT = _flat_encoder()


def canonical(value: Any) -> str:
    """Canonical JSON: sorted keys, no spaces, UTF-8 characters kept, no NaN."""
    return _ENCODER.encode(value)


def canonical_row(row: Row | list[Any]) -> str:
    """`canonical` of a row or a list of row values (plain values and {"$base64": ...} only), made faster."""
    return "".join(_FLAT(row, 0)) if _FLAT is not None else _ENCODER.encode(row)


def canonical_rows(rows: list[Row]) -> list[str]:
    """`canonical_row` of each row, the loop run by C."""
    if _FLAT is None:
        return [_ENCODER.encode(row) for row in rows]
    return list(map("".join, map(_FLAT, rows, repeat(0))))


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
    return "".join([canonical_row(r) + "\n" for r in rows]).encode("utf-8")


def from_jsonl(data: bytes) -> list[Row]:
    """JSON lines back to rows; a ValueError when a line is not an object of plain values."""
    rows = []
    scan, plain = _DECODER.scan_once, _PLAIN.issuperset  # type: ignore[attr-defined]
    plain_columns: set[tuple[str, ...]] = set()     # rows of a table repeat their columns: each set checked once
    for line in data.decode("utf-8").split("\n"):
        if not line:
            continue
        try:
            row, end = scan(line, 0)          # json.loads without its wrappers, for a line that is one value
        except StopIteration:
            end = -1
        if end != len(line):
            row = json.loads(line)            # space around the value, or not JSON: json.loads decides
        if not isinstance(row, dict):
            raise ValueError("a package row is not an object with plain column names")
        columns = tuple(row)
        if columns not in plain_columns:
            if not all(isinstance(k, str) and IDENTIFIER.match(k) for k in columns):
                raise ValueError("a package row is not an object with plain column names")
            plain_columns.add(columns)
        if not plain(map(type, row.values())):
            for value in row.values():
                decode_value(value)
        rows.append(row)
    if data and not data.endswith(b"\n"):
        raise ValueError("a package table does not end with a line break")
    return rows


def read_canonical_jsonl(data: bytes) -> tuple[list[Row], list[str]] | None:
    """Rows and their lines, when every line is exactly its row's canonical text (as `to_jsonl` writes); else None.

    The whole table is parsed in one call of the C scanner as a JSON array of the lines; anything else
    (a parse error, a line holding two values or none, escapes, spaces, repeated keys, columns that are
    not plain names, values that are not plain) gives None, and `from_jsonl` then says what is wrong.
    """
    try:
        lines = data.decode("utf-8").split("\n")
        if lines.pop() != "":
            return None
        rows = _DECODER.decode("[" + ",".join(lines) + "]") if lines else []
        if len(rows) != len(lines) or lines != canonical_rows(rows):
            return None
    except (ValueError, TypeError, RecursionError):
        return None
    plain, known = _PLAIN.issuperset, set()
    for row in rows:
        if type(row) is not dict:
            return None
        columns = tuple(row)
        if columns not in known:
            if not all(IDENTIFIER.match(k) for k in columns):
                return None
            known.add(columns)
        if not plain(map(type, row.values())):
            try:
                for value in row.values():
                    decode_value(value)
            except (ValueError, TypeError):
                return None
    return rows, lines


def rows_of_texts(texts: list[str]) -> list[Row]:
    """Rows from their canonical texts (each one JSON object), parsed in one call."""
    rows: list[Row] = _DECODER.decode("[" + ",".join(texts) + "]") if texts else []
    return rows


def row_key(row: Row, key: list[str]) -> str:
    """The canonical text of a row's key values (a ValueError when a key column is missing)."""
    try:
        values = [row[k] for k in key]
    except KeyError:
        missing = [k for k in key if k not in row]
        raise ValueError(f"a package row lacks its key column {missing[0]}") from None
    if len(values) == 1 and type(values[0]) is int:
        return f"[{values[0]!r}]"          # what json writes for a one-integer list, without the encoder
    if len(values) == 2 and type(values[0]) is str and type(values[1]) is int:     # (place, number)
        return f"[{encode_basestring(values[0])},{values[1]!r}]"
    return canonical_row(values)


_DIGIT_MARKS = bytes(0x31 if 0x30 <= b <= 0x39 else 0x30 for b in range(256))   # digit -> "1", else "0"
_DIGIT_RUN = b"1" * 15
_FULL_WIDTH_DIGIT = re.compile(rb"\xef\xbc[\x90-\x99]")                          # ０-９ in UTF-8


def holds_id_number(blob: bytes) -> bool:
    """`contains_id_number(blob.decode("utf-8"))`, the same answer found fast for UTF-8 JSON lines.

    An ID number is a run of 15 or more ASCII or full-width digits: without full-width digits, only each
    run of 15+ ASCII digits, with the character before it and the two after it, is searched.
    """
    if _FULL_WIDTH_DIGIT.search(blob):
        return contains_id_number(blob.decode("utf-8"))
    marks = blob.translate(_DIGIT_MARKS)
    start = marks.find(_DIGIT_RUN)
    while start >= 0:
        end = marks.find(b"0", start)
        end = len(blob) if end < 0 else end
        low = start - 1 if start > 0 and blob[start - 1] < 0x80 else start
        high = end
        while high < min(end + 2, len(blob)) and blob[high] < 0x80:   # a non-ASCII character ends the window
            high += 1
        if contains_id_number(blob[low:high].decode("ascii")):
            return True
        start = marks.find(_DIGIT_RUN, end)
    return False
