"""Red team, what a package says: correctly signed packages with hostile rows or manifests are refused.

Each package here is signed with the station's own key (an insider on the station laptop, or anyone
under trust on first use), so the signature holds and only the district's checks of the content stand.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from app.db import DataFile
from tests.exchange import test_redteam_kit as kit
from tests.exchange.test_redteam_kit import (
    Demo,
    cli_import,
    entries_of,
    forge,
    jsonl,
    refused,
    rows_of,
    stored_entries_of,
)

demo, district = kit.demo, kit.district    # the kit's fixtures, used here

PLACE = "C02-S1"
EVENTS = "tables/issuance_events.jsonl"
REAL_ID = "11010519491231002X"


def _events(demo: Demo) -> list[dict[str, Any]]:
    return rows_of(entries_of(demo.package(PLACE))[EVENTS])


def _forged_events(demo: Demo, rows: list[dict[str, Any]] | None = None, *, blob: bytes | None = None,
                   **manifest: Any) -> bytes:
    tables = {"issuance_events": blob if blob is not None else jsonl(rows or [])}
    return forge(demo.package(PLACE), demo.station_key(PLACE), tables=tables, manifest=manifest or None)


def _changed(demo: Demo, **values: Any) -> bytes:
    """The station's package with its first issuing event changed."""
    rows = _events(demo)
    first = next(r for r in rows if r["event"] == "issue")
    first.update(values)
    return _forged_events(demo, rows)


@pytest.mark.parametrize("change", [
    {"extra_column": 1}, {"voter_id; DROP TABLE voters": 1}, {"seq": "7"}, {"seq": 2**64}, {"seq": 1.5},
    {"voter_id": True}, {"voter_id": 10**30}, {"clerk": None}, {"time": 20110410}, {"count": -2**63 - 1},
    {"contest_id": ["C02-committee"]}, {"voter_id": {"$base64": "AAAA"}},
])
def test_a_row_with_wrong_columns_or_values_is_refused(demo: Demo, district: DataFile, tmp_path: Path,
                                                       change: dict[str, Any]) -> None:
    refused(district, tmp_path, _changed(demo, **change))


def test_a_row_missing_a_column_is_refused(demo: Demo, district: DataFile, tmp_path: Path) -> None:
    rows = _events(demo)
    del rows[5]["voter_id"]
    refused(district, tmp_path, _forged_events(demo, rows), "bad_rows")


def test_sql_looking_text_is_kept_as_text_and_runs_nothing(demo: Demo, district: DataFile, tmp_path: Path) -> None:
    sql = "x'); DROP TABLE voters; --"
    path = tmp_path / "sql.zip"
    path.write_bytes(_changed(demo, reason=sql, clerk="'; DELETE FROM imported_rows; --"))
    voters = district.conn.execute("SELECT COUNT(*) FROM voters").fetchone()[0]
    assert cli_import(district, [path])[0]["status"] == "imported"
    assert district.conn.execute("SELECT COUNT(*) FROM voters").fetchone()[0] == voters
    held = district.conn.execute("SELECT data FROM imported_rows WHERE data LIKE '%DROP TABLE%'").fetchone()
    assert json.loads(held[0])["reason"] == sql


@pytest.mark.parametrize("text", [b"NaN", b"Infinity", b"-Infinity", b"1e999"])
def test_not_a_number_or_infinity_is_refused(demo: Demo, district: DataFile, tmp_path: Path, text: bytes) -> None:
    blob = jsonl(_events(demo)).replace(b'"count":129', b'"count":' + text, 1)
    assert text in blob
    refused(district, tmp_path, _forged_events(demo, blob=blob))


def test_a_number_too_long_to_read_is_refused(demo: Demo, district: DataFile, tmp_path: Path) -> None:
    blob = jsonl(_events(demo)).replace(b'"count":129', b'"count":' + b"9" * 5000, 1)
    refused(district, tmp_path, _forged_events(demo, blob=blob))


def test_deeply_nested_json_is_refused(demo: Demo, district: DataFile, tmp_path: Path) -> None:
    for depth in (50, 100_000):
        blob = jsonl(_events(demo)).replace(b'"count":129', b'"count":' + b"[" * depth + b"]" * depth, 1)
        refused(district, tmp_path, _forged_events(demo, blob=blob))


def test_json_inside_a_text_column_that_is_not_json_is_refused(demo: Demo, district: DataFile,
                                                              tmp_path: Path) -> None:
    rows = rows_of(entries_of(demo.package(PLACE))["tables/count_boxes.jsonl"])
    rows[0]["sheet"] = "{not json"
    data = forge(demo.package(PLACE), demo.station_key(PLACE), tables={"count_boxes": jsonl(rows)})
    refused(district, tmp_path, data, "bad_rows")


def test_a_certified_result_that_does_not_match_its_hash_is_refused(demo: Demo, district: DataFile,
                                                                   tmp_path: Path) -> None:
    rows = rows_of(entries_of(demo.package(PLACE))["tables/certified_results.jsonl"])
    result = json.loads(rows[0]["result"])
    result["boxes"][0]["collected"] += 5
    rows[0]["result"] = json.dumps(result, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    data = forge(demo.package(PLACE), demo.station_key(PLACE), tables={"certified_results": jsonl(rows)})
    refused(district, tmp_path, data, "bad_rows")


@pytest.mark.parametrize("blob", [b'{"a":1}\n\xff\xfe\n', "选举".encode("gbk") + b"\n", b'{"clerk":"\xc0\xaf"}\n'])
def test_bytes_that_are_not_utf8_are_refused(demo: Demo, district: DataFile, tmp_path: Path, blob: bytes) -> None:
    refused(district, tmp_path, _forged_events(demo, blob=blob))


def test_a_row_written_twice_with_the_same_key_is_refused(demo: Demo, district: DataFile, tmp_path: Path) -> None:
    rows = _events(demo)
    refused(district, tmp_path, _forged_events(demo, [*rows, dict(rows[3], voter_id=1)]), "duplicate_row")


def test_a_json_object_with_a_repeated_column_is_refused(demo: Demo, district: DataFile, tmp_path: Path) -> None:
    """`{"voter_id":5,...,"voter_id":6}`: one reader keeps the first, Python the last."""
    blob = jsonl(_events(demo))
    lines = blob.split(b"\n")
    lines[3] = lines[3][:-1] + b',"voter_id":99999}'
    refused(district, tmp_path, _forged_events(demo, blob=b"\n".join(lines)))


@pytest.mark.parametrize("how", ["plain", "number", "escaped", "full width", "lowercase x", "in the audit log"])
def test_an_id_number_in_clear_is_refused_and_never_stored(demo: Demo, district: DataFile, tmp_path: Path,
                                                          how: str) -> None:
    number = {"plain": REAL_ID, "number": "110105194912310021", "lowercase x": REAL_ID.lower(),
              "escaped": REAL_ID, "full width": "".join(chr(ord(c) + 0xFEE0) for c in REAL_ID),
              "in the audit log": REAL_ID}[how]
    if how == "in the audit log":
        rows = rows_of(entries_of(demo.package(PLACE))["tables/audit_log.jsonl"])
        rows[-1]["details"] = json.dumps({"note": f"voter {number}"})
        data = forge(demo.package(PLACE), demo.station_key(PLACE), tables={"audit_log": jsonl(rows)})
    else:
        rows = _events(demo)
        rows[4]["reason"] = int(number) if how == "number" else f"身份证 {number}"
        blob = jsonl(rows)
        if how == "escaped":      # \u0031\u0031... decodes to the number; the raw bytes hold no digit run
            blob = blob.replace(number.encode(), "".join(f"\\u{ord(c):04x}" for c in number).encode())
        data = _forged_events(demo, blob=blob)
    refused(district, tmp_path, data)
    _never_stored(district, REAL_ID[:17])


def test_an_id_number_in_the_manifest_is_refused(demo: Demo, district: DataFile, tmp_path: Path) -> None:
    for extra in ({"note": REAL_ID}, {"note": "".join(f"\\u{ord(c):04x}" for c in REAL_ID)}):
        data = forge(demo.package(PLACE), demo.station_key(PLACE), manifest={"extra": {"note": "x" * 18}},
                     manifest_bytes=lambda b, e=extra: b.replace(b'"x' + b"x" * 17 + b'"',
                                                                 json.dumps(e["note"]).encode().replace(b"\\\\", b"\\")))
        refused(district, tmp_path, data)
    _never_stored(district, REAL_ID[:17])


def test_an_id_number_as_a_file_or_entry_name_stays_out_of_the_log(demo: Demo, district: DataFile,
                                                                  tmp_path: Path) -> None:
    refused(district, tmp_path, b"not a zip", name=f"{REAL_ID}.zip")
    data = forge(demo.package(PLACE), demo.station_key(PLACE), extra_entries=[(f"tables/{REAL_ID}.jsonl", b"")])
    refused(district, tmp_path, data, "extra_entry")
    _never_stored(district, REAL_ID[:17])


def _never_stored(district: DataFile, digits: str) -> None:
    """No table of the district file holds the number in clear (masked forms are fine)."""
    for (table,) in district.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        for row in district.conn.execute(f"SELECT * FROM {table}"):
            assert digits not in " ".join(map(str, tuple(row))), table


def test_rows_of_another_community_under_this_station_s_name_are_refused(demo: Demo, district: DataFile,
                                                                         tmp_path: Path) -> None:
    """C02-S1 signs a package holding C03's certified result and count: the merge would credit C03 with it."""
    other = entries_of(demo.package("C03-S1"))
    for table in ("certified_results", "count_boxes"):
        data = forge(demo.package(PLACE), demo.station_key(PLACE),
                     tables={table: other[f"tables/{table}.jsonl"]})
        refused(district, tmp_path, data, "foreign_rows")
    rows = _events(demo)
    issue = next(r for r in rows if r["event"] == "issue")
    issue.update(contest_id="C03-committee")
    refused(district, tmp_path, _forged_events(demo, rows), "foreign_rows")


def test_a_manifest_claiming_another_station_with_rows_of_its_own_place_is_refused(
        demo: Demo, district: DataFile, tmp_path: Path) -> None:
    data = forge(demo.package(PLACE), demo.station_key(PLACE), manifest={"place_code": "C02-Z"})
    refused(district, tmp_path, data, "foreign_rows")


def test_a_manifest_declaring_another_key_for_a_table_is_refused(demo: Demo, district: DataFile,
                                                                 tmp_path: Path) -> None:
    entries = entries_of(demo.package(PLACE))
    doc = json.loads(entries["manifest.json"])
    for entry in doc["entries"]:
        if entry["table"] == "issuance_events":
            entry["key"] = ["seq", "voter_id"]
    refused(district, tmp_path, forge(demo.package(PLACE), demo.station_key(PLACE), manifest={"entries":
                                                                                               doc["entries"]}),
            "bad_rows")


def _manifest_entries(demo: Demo, change: Any) -> list[dict[str, Any]]:
    doc = json.loads(entries_of(demo.package(PLACE))["manifest.json"])
    change(doc["entries"])
    return list(doc["entries"])


def test_a_manifest_listing_a_file_that_is_not_there_is_refused(demo: Demo, district: DataFile,
                                                                tmp_path: Path) -> None:
    ghost = {"name": "tables/poll_state_changes2.jsonl", "table": "poll_state_changes2", "key": ["seq"],
             "rows": 0, "sealed": True, "size": 0, "clear_size": 0, "sha256": hashlib.sha256(b"").hexdigest()}
    entries = _manifest_entries(demo, lambda e: e.append(ghost))
    refused(district, tmp_path, forge(demo.package(PLACE), demo.station_key(PLACE), manifest={"entries": entries}),
            "entry_missing", verify_fails=True)


def test_a_file_the_manifest_does_not_list_is_refused(demo: Demo, district: DataFile, tmp_path: Path) -> None:
    entries = _manifest_entries(demo, lambda e: e.pop())
    refused(district, tmp_path, forge(demo.package(PLACE), demo.station_key(PLACE), manifest={"entries": entries}),
            "extra_entry", verify_fails=True)


def test_a_manifest_hash_in_uppercase_is_refused(demo: Demo, district: DataFile, tmp_path: Path) -> None:
    entries = _manifest_entries(demo, lambda e: e[1].update(sha256=e[1]["sha256"].upper()))
    refused(district, tmp_path, forge(demo.package(PLACE), demo.station_key(PLACE), manifest={"entries": entries}),
            "bad_manifest", verify_fails=True)


def test_a_manifest_with_spaces_or_escapes_is_refused(demo: Demo, district: DataFile, tmp_path: Path) -> None:
    for change in (lambda b: b.replace(b",", b", ", 1), lambda b: b.replace(b"C02-S1", b"C\\u0030\\u0032-S1")):
        data = forge(demo.package(PLACE), demo.station_key(PLACE), manifest_bytes=change)
        refused(district, tmp_path, data, "bad_manifest", verify_fails=True)


def test_a_signature_over_a_different_manifest_is_refused(demo: Demo, district: DataFile, tmp_path: Path) -> None:
    genuine = stored_entries_of(demo.package(PLACE))
    other = stored_entries_of(demo.package("C03-S1"))
    swapped = kit.zip_of([(n, other["signature"] if n == "signature" else b) for n, b in genuine.items()])
    refused(district, tmp_path, swapped, "bad_signature", verify_fails=True)
    signature = json.loads(genuine["signature"])
    signature["signature"] = base64.b64encode(bytes(64)).decode()
    zeroed = kit.zip_of([(n, json.dumps(signature).encode() if n == "signature" else b) for n, b in genuine.items()])
    refused(district, tmp_path, zeroed, "bad_signature", verify_fails=True)
