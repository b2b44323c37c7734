"""The fast paths of package rows give exactly the answers of the plain ones (ID-number scan, canonical text, keys)."""

from __future__ import annotations

import json
import random

import pytest

from app.audit import contains_id_number
from app.exchange.rows import (
    IDENTIFIER,
    canonical,
    canonical_row,
    decode_value,
    from_jsonl,
    holds_id_number,
    read_canonical_jsonl,
    row_key,
    to_jsonl,
)

REAL_ID = "11010519491231002X"


@pytest.mark.parametrize("text", [
    "", "no digits at all", REAL_ID, f"x{REAL_ID}", f"{REAL_ID}y", f"-{REAL_ID}-", f"号{REAL_ID}号",
    "110105194912310021", "11010519491231002", "1101051949123100211", "110105491231002", "a110105491231002",
    "110105491231002a", "0" * 64, "1101051949123100２X", "１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X5",
    "11010519491231002x", "11010519491231002Xb", "é110105194912310021é", "110105194912310021\n110105491231002",
    '{"a":"x","seq":110105491231002}', "12345678901234" + "\n" + "5", "７" * 15, "，，110105491231002（",
])
def test_the_fast_id_number_scan_agrees_with_the_audit_scan(text: str) -> None:
    assert holds_id_number(text.encode("utf-8")) == contains_id_number(text)


def test_the_fast_id_number_scan_agrees_on_random_text() -> None:
    rnd = random.Random(2011)
    alphabet = "0123456789" * 6 + "Xxab-_,:\"{} 号，０５９é\n"
    for _ in range(4000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(10, 60)))
        assert holds_id_number(text.encode("utf-8")) == contains_id_number(text), text


ROWS = [
    {"seq": 1, "place_code": "C01-S1", "name": "张晓明", "ok": True, "none": None, "ratio": 0.25},
    {"b": "引号\"与\\反斜杠\n换行\u2028", "a": -7, "c": 1e300, "d": False},
    {"blob": {"$base64": "AAEC"}, "seq": 10**20, "text": "\x00\x1f控制"},
    {},
]


@pytest.mark.parametrize("row", ROWS)
def test_the_fast_canonical_text_of_a_row_is_the_canonical_text(row: dict[str, object]) -> None:
    assert canonical_row(row) == canonical(row) == json.dumps(row, ensure_ascii=False, sort_keys=True,
                                                              separators=(",", ":"), allow_nan=False)
    assert canonical_row(list(row.values())) == canonical(list(row.values()))


def test_a_value_that_is_not_a_number_is_still_refused() -> None:
    with pytest.raises(ValueError):
        canonical_row({"x": float("nan")})


@pytest.mark.parametrize("key", [["seq"], ["place_code", "seq"], ["name"], ["ok"], ["ratio"], ["none"]])
def test_the_key_text_of_a_row_is_its_key_values_in_canonical_json(key: list[str]) -> None:
    assert row_key(ROWS[0], key) == canonical([ROWS[0][k] for k in key])


def test_a_row_missing_a_key_column_is_refused_naming_it() -> None:
    with pytest.raises(ValueError, match="key column place"):
        row_key({"seq": 1}, ["seq", "place"])


def _plain_from_jsonl(data: bytes) -> list[dict[str, object]]:
    """The row reader as it was written first: one json.loads and a full check per line."""
    rows = []
    for line in data.decode("utf-8").split("\n"):
        if not line:
            continue
        row = json.loads(line)
        if not isinstance(row, dict) or not all(isinstance(k, str) and IDENTIFIER.match(k) for k in row):
            raise ValueError("not plain")
        for value in row.values():
            decode_value(value)
        rows.append(row)
    if data and not data.endswith(b"\n"):
        raise ValueError("no line break")
    return rows


BLOBS = [
    b'{"a":1}\n{"a":2,"b":"x"}\n', b' {"a":1} \n', b'{"a":1}\t\n', b'\xef\xbb\xbf{"a":1}\n', b'[1,2]\n', b'1\n',
    b'{"a":[1]}\n', b'{"a":{"$base64":"AA=="}}\n', b'{"a":{"$base64":"A"}}\n', b'{"A":1}\n', b'{"a":1}{"b":2}\n',
    b'{"a":NaN}\n', b'{"a":1}', b'', b'\n\n{"a":1}\n\n', b'{"a":1,"a":2}\n', b'{"a":1}\n{"ab\\n":1}\n',
    b'{"a":1}\n{"b":[]}\n', b'{"a":1}\n{"a":1,"zz":{"x":1}}\n', b'{"a":"\\ud800"}\n', b'{"a":tru}\n',
    b'{"a":1},{"a":2}\n{"a":3}\n', b'{"a":1}]\n[{"a":2}\n', b'{"b":1,"a":2}\n', b'{"a":1.0}\n', b'{"a":1e2}\n',
    b'{"a":"\\u0031"}\n', b'{"a":"1"}\n\n', b'[{"a":1}]\n', b'{"a":1}\n ', b'{"a":[[[[1]]]]}\n',
    to_jsonl(ROWS), to_jsonl([{"a": 1}] * 3),
]


@pytest.mark.parametrize("blob", BLOBS)
def test_the_fast_row_reader_accepts_and_refuses_what_the_plain_one_does(blob: bytes) -> None:
    try:
        expected: object = _plain_from_jsonl(blob)
    except ValueError as exc:
        expected = type(exc)
    try:
        found: object = from_jsonl(blob)
    except ValueError as exc:
        found = type(exc)
    assert found == expected or (isinstance(found, type) and isinstance(expected, type)
                                 and issubclass(found, ValueError) and issubclass(expected, ValueError))


@pytest.mark.parametrize("blob", BLOBS)
def test_the_one_pass_reader_takes_exactly_the_tables_written_as_a_station_writes_them(blob: bytes) -> None:
    try:
        rows = _plain_from_jsonl(blob)
        written = to_jsonl(rows) == blob
    except ValueError:
        rows, written = [], False
    found = read_canonical_jsonl(blob)
    if written:
        assert found is not None and found[0] == rows
        assert found[1] == [canonical(r) for r in rows]
    else:
        assert found is None
