"""The search index an import writes from its own rows is the one a full rebuild reads back from the register."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.bench.register_file import empty_district, register_rows, write_register_csv
from app.register.importer import BULK, import_register
from app.register.lookup_index import build_lookup_index


def _index(conn: sqlite3.Connection) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    rows = [tuple(r) for r in conn.execute("SELECT * FROM lookup_index ORDER BY voter_id")]
    grams = [tuple(r) for r in conn.execute("SELECT * FROM lookup_grams ORDER BY gram, name, voter_id")]
    return rows, grams


def test_a_bulk_import_then_a_small_one_index_as_a_rebuild_would(tmp_path: Path) -> None:
    rows = register_rows(BULK + 300)
    first = write_register_csv(tmp_path / "first.csv", rows[:BULK + 200])
    second = write_register_csv(tmp_path / "second.csv", rows[BULK + 200:])   # a small one: no bulk load
    with empty_district(tmp_path / "district.polldesk") as df:
        assert import_register(df.conn, first).imported == BULK + 200
        assert import_register(df.conn, second).imported == 100
        imported = _index(df.conn)
        assert len(imported[0]) == BULK + 300 and imported[1]
        build_lookup_index(df.conn)
        assert _index(df.conn) == imported
        assert df.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
