"""No ID number (公民身份号码) is ever written to the audit log in clear."""

from __future__ import annotations

from app.audit import Actor, append_event, contains_id_number, read_events, scrub_id_numbers, verify_chain
from app.db import DataFile

CLERK = Actor("clerk1", "clerk")
ID = "11010519491231002X"


def test_id_number_in_details_is_stored_masked(district: DataFile) -> None:
    append_event(district.conn, CLERK, "voter_added", {
        "name": "王秀兰", "note": f"身份证{ID}已核对", "id": ID.lower(),
        "household": {"members": ["110105194912310021", 110105194912310021]},
        ID: "as a key",
    })
    raw = " ".join(district.conn.execute("SELECT details FROM audit_log").fetchone())
    assert "1949123100" not in raw and "19491231" not in raw
    details = read_events(district.conn)[0].details
    assert details["note"] == "身份证110105********002X已核对"
    assert details["id"] == "110105********002x"
    assert details["household"]["members"] == ["110105********0021", "110105********0021"]
    assert "110105********002X" in details
    assert verify_chain(district.conn) == (True, None)


def test_full_width_and_legacy_15_digit_numbers_are_masked() -> None:
    assert scrub_id_numbers("１１０１０５１９４９１２３１００２Ｘ") == "１１０１０５********００２Ｘ"
    assert scrub_id_numbers("旧证 110105491231002") == "旧证 110105******002"
    assert contains_id_number({"a": ["x", {"b": "110105491231002"}]})


def test_ordinary_numbers_and_hashes_are_left_alone() -> None:
    details = {"voter": 123, "phone": "13800138000", "ballots": 1200,
               "id_hash": "a3f1" + "1234567890123456789" + "ff", "box": "C01-S1-1"}
    assert scrub_id_numbers(details) == details
    assert not contains_id_number(details)
