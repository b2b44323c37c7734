"""A large register file is imported in bulk: the same voters, indexes and search keys as a row-by-row import."""

from __future__ import annotations

import random
from pathlib import Path

from pypinyin import Style, lazy_pinyin

from app.bench.register_file import empty_district, register_rows, remove_file, write_register_csv
from app.register.importer import BULK, import_register
from app.register.lookup_index import name_grams
from app.register.pinyin import _LATIN, given_syllables, name_keys


def _grams(name: str) -> list[str]:
    return list(name_grams(name))


def _indexes(conn: object) -> list[tuple[str, str]]:
    return [tuple(r) for r in conn.execute(  # type: ignore[attr-defined]
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('voters', 'lookup_index')"
        " ORDER BY name")]


def test_a_large_register_keeps_its_indexes_and_search_keys(tmp_path: Path) -> None:
    rows = register_rows(BULK + 100)
    csv_path = write_register_csv(tmp_path / "register.csv", rows)
    district_path = tmp_path / "bulk.polldesk"
    with empty_district(district_path) as df:
        before = _indexes(df.conn)
        result = import_register(df.conn, csv_path)
        assert result.imported == len(rows) and not result.problems
        assert _indexes(df.conn) == before
        indexed = df.conn.execute("SELECT count(*), max(voter_id) FROM lookup_index").fetchone()
        assert tuple(indexed) == (len(rows), len(rows))
        grams = df.conn.execute("SELECT count(*) FROM lookup_grams").fetchone()[0]
        assert grams == sum(len(set(_grams(name_keys(r[0]).name))) for r in rows)
        assert df.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        sample = random.Random(7).sample(range(len(rows)), 50)
        for i in sample:
            keys = name_keys(rows[i][0])
            found = df.conn.execute("SELECT pinyin, initials FROM lookup_index WHERE name = ? AND voter_id = ?",
                                    (keys.name, i + 1)).fetchone()
            assert tuple(found) == (keys.pinyin, keys.initials)
        plan = " ".join(str(r[3]) for r in df.conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM voters WHERE id_hash = 'x'"))
        assert "voters_id_hash" in plan
    remove_file(district_path)


def test_given_names_read_character_by_character_as_pypinyin_reads_them() -> None:
    rnd = random.Random(2011)
    chars = [chr(rnd.randrange(0x4E00, 0x9FA6)) for _ in range(400)] + list("曾单解长乐重行朝都万〇a1")
    for _ in range(5000):
        given = rnd.choice(chars) + rnd.choice(chars)
        expected = tuple(s for s in (_LATIN.sub("", p.lower()) for p in lazy_pinyin(given, style=Style.NORMAL)) if s)
        assert given_syllables(given) == expected, given
    for phrase in ("长江", "重庆", "银行", "朝阳", "都市"):
        assert given_syllables(phrase) == tuple(lazy_pinyin(phrase, style=Style.NORMAL))
