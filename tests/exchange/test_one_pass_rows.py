"""The district's one-pass check of a station table takes only what the plain reader and checks take, alike."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from app.db import DataFile
from app.exchange.package import PackageRejected, TableData
from app.exchange.reader import _table
from app.exchange.row_checks import TableShapes, _check_json, _check_types
from app.exchange.rows import to_jsonl

PLACE = "C01-S1"


def _event(seq: int, rnd: random.Random) -> dict[str, Any]:
    return {"place_code": PLACE, "seq": seq, "event": rnd.choice(["issue", "spoil", "return"]),
            "contest_id": rnd.choice(["C01-committee", None]), "voter_id": rnd.choice([None, rnd.randrange(10**6)]),
            "household_id": None, "ballot_kind": "in_person", "proxy_voter_id": None, "auth_no": None,
            "box_id": f"{PLACE}-1", "count": rnd.choice([None, 0, -3, 10**13]), "clerk": "clerk1",
            "authorised_by": None, "time": "2011-04-10T09:00:00+08:00",
            "reason": rnd.choice(["", "引号\"与\\反斜杠", "换行\n与\t制表", "\x01控制\x1f", "a, b: {c}", "é 😀"]),
            "ref_place": None, "ref_seq": None}


def _audit(seq: int, rnd: random.Random) -> dict[str, Any]:
    details = rnd.choice([{"place": PLACE, "seq": seq, "ok": True, "x": None, "r": -1.5e-3},
                          {"list": [1, 2]}, {}, {"nested": {"a": "b"}}, {"t": "引号\"在内"}])
    return {"seq": seq, "time": "2011-04-10T09:00:00+08:00", "user_name": "clerk1", "role": "clerk",
            "event": "ballot_issued", "details": json.dumps(details, ensure_ascii=False, separators=(",", ":")),
            "prev_hash": "0" * 64, "hash": f"{seq:064x}"}


TABLES = {"issuance_events": (["place_code", "seq"], _event), "audit_log": (["seq"], _audit)}


def _plain(conn: Any, table: str, entry: dict[str, Any], blob: bytes) -> TableData | None:
    """What the plain reader and the district's row checks make of a table (None when they refuse it)."""
    try:
        data = _table(entry, blob)
        columns, _ = TableShapes(conn).of(table)
        _check_types(table, data.rows, columns)
        _check_json(table, data.rows)
    except PackageRejected:
        return None
    return data


def _agree(district: DataFile, table: str, blob: bytes, rows: int) -> TableData | None:
    entry = {"table": table, "key": TABLES[table][0], "rows": rows}
    fast = TableShapes(district.conn).read_checked(entry, blob)
    if fast is not None:
        plain = _plain(district.conn, table, entry, blob)
        assert plain is not None, blob[:200]
        assert (fast.row_keys, fast.row_texts) == (plain.row_keys, plain.row_texts)
        assert fast.rows == plain.rows
        assert fast.named is not None
        for column, values in fast.named.items():
            assert values == {r.get(column) for r in plain.rows}
    return fast


@pytest.mark.parametrize("table", sorted(TABLES))
def test_a_genuine_table_is_taken_in_one_pass_as_the_plain_reader_takes_it(district: DataFile, table: str) -> None:
    rnd = random.Random(7)
    rows = [TABLES[table][1](seq, rnd) for seq in range(1, 200)]
    assert _agree(district, table, to_jsonl(rows), len(rows)) is not None


CHANGES = [
    (b'"seq":5,', b'"seq":5 ,'), (b'"seq":5,', b'"seq":-0,'), (b'"seq":5,', b'"seq":5.0,'), (b'"seq":5,', b'"seq":05,'),
    (b'"seq":5,', b'"seq":1e1,'), (b'"seq":5,', b'"seq":true,'), (b'"seq":5,', b'"seq":null,'),
    (b'"seq":5,', b'"seq":12345678901234567890,'), (b'"clerk":"clerk1"', b'"clerk":"clerk\\u0031"'),
    (b'"clerk":"clerk1"', b'"clerk":"clerk\\/1"'), (b'"clerk":"clerk1"', b'"clerk":null'),
    (b'"clerk":"clerk1"', b'"clerk":1'), (b'"clerk":"clerk1"', b'"clerk":"clerk1","clerk":"clerk1"'),
    (b'"user_name":"clerk1"', b'"user_name":"clerk\\u0031"'), (b'{"details"', b'{ "details"'),
    (b'"hash":"', b'"hash": "'), (b'\n', b'\n\n'), (b'\n', b'\r\n'), (b'"event":"ballot_issued"', b'"event":"x\\ud800"'),
    (b'\\"place\\":', b'\\"place\\" :'), (b'\\"seq\\":5', b'\\"seq\\":05'), (b'\\"seq\\":5', b'\\"seq\\":NaN'),
    (b'\\"seq\\":5', b'\\"seq\\":5,'), (b'"details":"{', b'"details":" {'), (b'"details":"{', b'"details":"{{'),
    (b'"count":null', b'"count":-0'), (b'"time":', b'"time":"x","zzz":1,"time":'),
    (b'"place_code":"C01-S1"', b'"place_code":"C02-S1"'), (b'"box_id":"C01-S1-1"', b'"box_id":null'),
]


@pytest.mark.parametrize("table", sorted(TABLES))
@pytest.mark.parametrize(("old", "new"), CHANGES)
def test_a_changed_line_is_never_taken_unless_the_plain_reader_takes_it_the_same(
        district: DataFile, table: str, old: bytes, new: bytes) -> None:
    rnd = random.Random(11)
    rows = [TABLES[table][1](seq, rnd) for seq in range(1, 60)]
    blob = to_jsonl(rows)
    for count in (1, -1):
        changed = blob.replace(old, new, count) if count == 1 else blob.replace(old, new)
        _agree(district, table, changed, len(rows))


def test_random_byte_changes_are_taken_in_one_pass_only_as_the_plain_reader_takes_them(district: DataFile) -> None:
    rnd = random.Random(2011)
    for table in TABLES:
        rows = [TABLES[table][1](seq, rnd) for seq in range(1, 40)]
        blob = to_jsonl(rows)
        for _ in range(300):
            changed = bytearray(blob)
            for _ in range(rnd.randrange(1, 4)):
                at = rnd.randrange(len(changed))
                changed[at:at + 1] = bytes([rnd.choice(b' \\"{},:0123456789-.eunltr\n\x00')])
            _agree(district, table, bytes(changed), len(rows))


def test_a_table_with_another_row_count_or_key_is_left_to_the_plain_reader(district: DataFile) -> None:
    rnd = random.Random(3)
    rows = [_event(seq, rnd) for seq in range(1, 50)]
    shapes = TableShapes(district.conn)
    entry = {"table": "issuance_events", "key": ["place_code", "seq"], "rows": len(rows)}
    assert shapes.read_checked(entry, to_jsonl(rows)) is not None
    assert shapes.read_checked({**entry, "rows": len(rows) + 1}, to_jsonl(rows)) is None
    assert shapes.read_checked({**entry, "key": ["seq"]}, to_jsonl(rows)) is None
    assert shapes.read_checked({**entry, "rows": len(rows) + 1}, to_jsonl(rows + rows[:1])) is None  # a key twice
    assert shapes.read_checked({**entry, "table": "certified_results"}, to_jsonl(rows)) is None

