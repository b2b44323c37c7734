"""What the district checks in a station's rows before keeping them (数据核对): shape, types and whose they are.

A package's signature proves only who made it. Under trust on first use anyone may sign the first package
of a station, and a station laptop can be tampered with, so every row is also held to the district's own
copy of the station table: the same columns, values of the declared type (whole numbers that fit SQLite),
no NULL where the table forbids it, the table's own key, JSON where the column holds JSON, a certified
result that matches its SHA-256, and only contests and ballot boxes of the station's own community.
A further round (另行选举) the station declares must continue a round-1 contest of its community and stay
within what that round's certified result left: its unfilled seats and its runoff candidates.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any

from app.exchange.fast_rows import RowPattern, read_checked_table, row_pattern
from app.exchange.package import Package, PackageRejected, TableData
from app.exchange.rows import key_columns
from app.exchange.station_export import RESULT_TABLES
from app.i18n import tr

_TYPES: dict[str, tuple[type, ...]] = {"INTEGER": (int,), "TEXT": (str,), "REAL": (int, float)}
_JSON_COLUMNS = {"count_boxes": ("sheet",), "counted_ballots": ("sections",), "certified_results": ("result",),
                 "audit_log": ("details",)}
_LOW, _HIGH = -(2**63), 2**63 - 1
_OWN_CHECKS = {"certified_results"}
_FEW_ROWS = 32     # checked against its own hash: always read the plain way


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


class TableShapes:
    """The district's columns and key columns of each station table, read once for a batch of packages."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._shapes: dict[str, tuple[dict[str, tuple[tuple[type, ...], bool]], list[str]]] = {}
        self._patterns: dict[str, RowPattern | None] = {}

    def of(self, table: str) -> tuple[dict[str, tuple[tuple[type, ...], bool]], list[str]]:
        """(columns as `_columns` gives them, key columns) of `table`."""
        if table not in self._shapes:
            self._shapes[table] = (_columns(self._conn, table), key_columns(self._conn, table))
        return self._shapes[table]

    def pattern(self, table: str) -> RowPattern | None:
        """The one-pass pattern of a station table (None for a table without one, or not the district's)."""
        if table not in self._patterns:
            self._patterns[table] = None
            if table in RESULT_TABLES and table not in _OWN_CHECKS:
                columns, key = self.of(table)
                declared = [(r["name"], r["type"], nullable) for r, (_, nullable) in
                            zip(self._conn.execute(f"PRAGMA table_info({table})"), columns.values(), strict=True)]
                self._patterns[table] = row_pattern(table, declared, key, _JSON_COLUMNS.get(table, ()))
        return self._patterns[table]

    def read_checked(self, entry: dict[str, Any], clear: bytes) -> TableData | None:
        """A `fast_rows.FastReader`: the table checked in one pass against the district's copy, or None."""
        table = entry["table"]
        if entry["rows"] < _FEW_ROWS:      # compiling the pattern would cost more than reading them plainly
            return None
        pattern = self.pattern(table)
        return read_checked_table(entry, clear, pattern) if pattern is not None else None


def check_rows(conn: sqlite3.Connection, package: Package, shapes: TableShapes | None = None) -> None:
    """Refuse the package unless every row fits the district's copy of its table and the station's community."""
    shapes = shapes or TableShapes(conn)
    community = conn.execute("SELECT community_code FROM voting_places WHERE code = ?",
                             (package.place_code,)).fetchone()[0]
    contests = {r[0] for r in conn.execute("SELECT id FROM contests WHERE community_code = ?", (community,))}
    boxes = {r[0] for r in conn.execute("SELECT b.id FROM ballot_boxes b JOIN voting_places p ON p.code = b.place_code"
                                        " WHERE p.community_code = ?", (community,))}
    keys = {e["table"]: e["key"] for e in package.manifest["entries"]}
    for table, data in package.tables.items():
        columns, key = shapes.of(table)
        if keys.get(table) != key:
            raise _bad_rows(table)
        if data.named is None:      # not checked in one pass (`fast_rows`) already
            _check_types(table, data.rows, columns)
            _check_json(table, data.rows)
    contests |= check_further_rounds(conn, package, community)
    for table, data in package.tables.items():
        _check_owner(table, data, contests, boxes)


def _check_types(table: str, rows: list[dict[str, Any]], columns: dict[str, tuple[tuple[type, ...], bool]]) -> None:
    """Every row has exactly the table's columns, each value of its column's type (NULL only where allowed).

    Rows of a table mostly share one sequence of column names and one sequence of value types: each such
    pair is judged once, then whole numbers are held to SQLite's range column by column.
    """
    names = columns.keys()
    judged: set[tuple[tuple[str, ...], tuple[type, ...]]] = set()
    for row in rows:
        shape = (tuple(row), tuple(map(type, row.values())))
        if shape in judged:
            continue
        if row.keys() != names:
            raise _bad_rows(table)
        for name, kind in zip(*shape, strict=True):
            types, nullable = columns[name]
            if not (kind in types or (kind is type(None) and nullable)):
                raise _bad_rows(table)
        judged.add(shape)
    for name, (types, _) in columns.items():
        if int in types:
            whole = [value for value in [row[name] for row in rows] if type(value) is int]
            if whole and not (min(whole) >= _LOW and max(whole) <= _HIGH):
                raise _bad_rows(table)


def _check_json(table: str, rows: list[dict[str, Any]]) -> None:
    scan = _JSON.scan_once  # type: ignore[attr-defined]
    for column in _JSON_COLUMNS.get(table, ()):
        for row in rows:
            text = row[column]
            if text is None:
                continue
            try:
                try:
                    _, end = scan(text, 0)      # json.loads without its wrappers, for text that is one value
                except StopIteration:
                    end = -1
                if end != len(text):
                    _JSON.decode(text)          # space around the value, or not JSON: the full decoder decides
            except (ValueError, RecursionError) as exc:
                raise _bad_rows(table) from exc
    if table == "certified_results":
        for row in rows:
            if hashlib.sha256(row["result"].encode("utf-8")).hexdigest() != row["sha256"]:
                raise _bad_rows(table)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


_JSON = json.JSONDecoder(parse_constant=_no_constant)


def _check_owner(table: str, data: TableData, contests: set[str], boxes: set[str]) -> None:
    """Contests and boxes named by the rows must be of the station's community."""
    for column, own in (("contest_id", contests), ("box_id", boxes)):
        if data.named is not None:
            named = set(data.named.get(column, ()))
        else:
            named = {row.get(column) for row in data.rows}
        named.discard(None)
        if not named <= own:
            raise PackageRejected("foreign_rows", "The package's {table} holds records of another voting place.",
                                  table=table)


def _bad_further_round(contest: object, reason: str) -> PackageRejected:
    return PackageRejected("bad_further_round", "The package declares a further round {contest} that the district "
                           "cannot accept: {reason}. It was changed or made by another program.",
                           contest=str(contest), reason=reason)


def check_further_rounds(conn: sqlite3.Connection, package: Package, community: str) -> set[str]:
    """The further-round contests the package may name: those it declares (each checked) and those known already.

    A declared round is round 2 of a round-1 contest of the station's community, of the same kind, form and
    group; its positions are the parent's, with no more seats than the parent's certified result (in the same
    package) left unfilled; its candidates are that result's runoff candidates of the position.
    """
    known = {str(r[0]) for r in conn.execute(     # by the primary key, place by place: not a scan of every row
        "SELECT json_extract(data, '$.id') FROM imported_rows WHERE table_name = 'contests' AND place_code IN"
        " (SELECT code FROM voting_places WHERE community_code = ?)", (community,))}
    declared = {str(r["id"]): r for r in _rows(package, "contests")}
    results = {str(r["contest_id"]): json.loads(r["result"]) for r in _rows(package, "certified_results")}
    seats: dict[tuple[str, str], int] = {}
    for cid, row in declared.items():
        try:
            seats.update(_check_further_round(conn, package, community, cid, row, results))
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise _bad_further_round(cid, tr("its first round's certified result cannot be read")) from exc
    for table in ("positions", "candidates"):
        if any(r["contest_id"] not in declared for r in _rows(package, table)):
            raise _bad_further_round("?", tr("its seats or candidates belong to no declared further round"))
    return known | set(declared)


def _check_further_round(conn: sqlite3.Connection, package: Package, community: str, cid: str,
                         row: dict[str, Any], results: dict[str, Any]) -> dict[tuple[str, str], int]:
    """One declared further round against its parent; returns its seats by (contest, position)."""
    seats: dict[tuple[str, str], int] = {}
    parent = conn.execute("SELECT * FROM contests WHERE id = ?", (row["parent_contest"],)).fetchone()
    if parent is None or parent["community_code"] != community or parent["round"] != 1:
        raise _bad_further_round(cid, tr("its first round is not a contest of this community"))
    if row["round"] != 2 or conn.execute("SELECT 1 FROM contests WHERE id = ?", (cid,)).fetchone():
        raise _bad_further_round(cid, tr("only a second round under a new contest id can be taken"))
    if any(row[c] != parent[c] for c in ("community_code", "kind", "form", "group_id")):
        raise _bad_further_round(cid, tr("it differs from its first round in community, kind or form"))
    outcome = results.get(str(parent["id"]), {}).get("outcome")
    if not outcome:
        raise _bad_further_round(cid, tr("the first round's certified result is not in the package"))
    unfilled = {p["id"]: p for p in outcome["positions"] if p["unfilled"] > 0}
    for pos in _rows(package, "positions"):
        if pos["contest_id"] != cid:
            continue
        left = unfilled.get(pos["id"])
        if left is None or pos["seats"] > left["unfilled"]:
            raise _bad_further_round(cid, tr("it has more seats than the first round left unfilled"))
        seats[(cid, str(pos["id"]))] = int(pos["seats"])
    if not any(c == cid for c, _ in seats):
        raise _bad_further_round(cid, tr("it has no seats"))
    for cand in _rows(package, "candidates"):
        if cand["contest_id"] != cid:
            continue
        left = unfilled.get(cand["position_id"])
        if (cid, cand["position_id"]) not in seats or left is None or cand["name"] not in left[
                "runoff_candidates"] or cand["review_status"] != "passed":
            raise _bad_further_round(cid, tr("a candidate is not among the first round's runoff candidates"))
    return seats


def _rows(package: Package, table: str) -> list[dict[str, Any]]:
    data = package.tables.get(table)
    return data.rows if data is not None else []
