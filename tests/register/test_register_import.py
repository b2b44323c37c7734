"""Importing a register into the district file: clean rows only, hashed numbers, one transaction, cancel."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from registerkit import ELECTION_DAY, HEADER, clean_row, person_id, write_csv, write_xlsx

from app.audit import read_events
from app.db import DataFile
from app.errors import PollDeskError
from app.register.checker import check_rows
from app.register.context import load_context
from app.register.importer import import_register
from app.register.privacy import id_hash, register_key
from app.register.reader import read_register


def east_lake_file(tmp_path: Path) -> Path:
    rows = [HEADER,
            clean_row("王建国", date(1960, 1, 2), 11, group="第一居民小组", household="H001"),
            clean_row("李秀英", date(1962, 3, 3), 22, group="1", household="H001"),
            clean_row("张伟", date(1975, 5, 5), 33, group="第3组", household="H002"),
            clean_row("", date(1980, 8, 8), 44, group="2", household="H003"),
            clean_row("刘芳", date(1985, 9, 9), 52, group="第九组", household="H004")]
    return write_xlsx(tmp_path / "东湖社区.xlsx", rows, title="东湖社区参选居民登记表")


def test_clean_rows_are_imported_and_faulty_ones_listed(district: DataFile, tmp_path: Path) -> None:
    result = import_register(district.conn, east_lake_file(tmp_path))
    assert (result.rows, result.imported, result.skipped, result.households_created) == (5, 3, 2, 2)
    assert [(p.row, p.code) for p in result.problems] == [(6, "missing_name"), (7, "unknown_group")]
    voters = district.conn.execute(
        "SELECT v.name, v.sex, v.birth_date, v.community_code, g.number, h.number AS household, v.place_code"
        " FROM voters v JOIN resident_groups g ON g.id = v.group_id JOIN households h ON h.id = v.household_id"
        " ORDER BY v.id").fetchall()
    assert [tuple(v) for v in voters] == [
        ("王建国", "M", "1960-01-02", "C01", 1, "H001", "C01-Z"),
        ("李秀英", "F", "1962-03-03", "C01", 1, "H001", "C01-Z"),
        ("张伟", "M", "1975-05-05", "C01", 3, "H002", "C01-S1"),
    ]


def test_the_clear_id_number_is_never_kept(district: DataFile, tmp_path: Path) -> None:
    import_register(district.conn, east_lake_file(tmp_path))
    number = person_id(date(1960, 1, 2), 11)
    row = district.conn.execute("SELECT id_hash, id_masked FROM voters WHERE name = '王建国'").fetchone()
    assert row["id_masked"] == number[:6] + "********" + number[-4:]
    assert row["id_hash"] == id_hash(register_key(district.conn), number)
    district.conn.execute("PRAGMA wal_checkpoint(FULL)")
    assert number.encode() not in district.path.read_bytes()


def test_checking_again_after_import_finds_everyone_already_registered(district: DataFile, tmp_path: Path) -> None:
    path = east_lake_file(tmp_path)
    import_register(district.conn, path)
    report = check_rows(read_register(path).rows, ELECTION_DAY, load_context(district.conn))
    assert [(p.row, p.code) for p in report.problems if p.code == "duplicate_in_register"] == [
        (3, "duplicate_in_register"), (4, "duplicate_in_register"), (5, "duplicate_in_register")]
    assert "东湖社区" in report.problems[0].message


def test_the_same_person_in_another_community_is_refused(district: DataFile, tmp_path: Path) -> None:
    import_register(district.conn, east_lake_file(tmp_path))
    west = write_csv(tmp_path / "west.csv", [
        ["name", "sex", "id_number", "group", "household", "community"],
        ["王建国", "M", person_id(date(1960, 1, 2), 11), "2", "W01", "C02"],
        ["赵敏", "F", person_id(date(1990, 1, 1), 42), "2", "W01", "C02"]])
    result = import_register(district.conn, west)
    assert (result.imported, [(p.row, p.code) for p in result.problems]) == (1, [(2, "duplicate_in_register")])


def test_community_comes_from_the_option_when_the_file_has_no_column(district: DataFile, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "w.csv", [["姓名", "身份证号", "小组"], ["赵敏", person_id(date(1990, 1, 1), 42), "4"]])
    result = import_register(district.conn, path)
    assert [p.code for p in result.problems] == ["missing_community"]
    result = import_register(district.conn, path, community="西园社区")
    assert result.imported == 1
    assert district.conn.execute("SELECT community_code FROM voters").fetchone()[0] == "C02"


def test_a_row_of_another_community_than_the_chosen_one_is_not_imported(district: DataFile,
                                                                         tmp_path: Path) -> None:
    result = import_register(district.conn, east_lake_file(tmp_path), community="C02")
    assert result.imported == 0
    assert {p.code for p in result.problems} >= {"community_mismatch"}


def test_an_unknown_community_option_is_refused_naming_the_real_ones(district: DataFile, tmp_path: Path) -> None:
    with pytest.raises(PollDeskError) as err:
        import_register(district.conn, east_lake_file(tmp_path), community="北山社区")
    assert err.value.code == "unknown_community"
    assert "C01 东湖社区" in err.value.message


def test_cancel_rolls_everything_back(district: DataFile, tmp_path: Path) -> None:
    rows = [HEADER] + [clean_row(f"居民{i}", date(1960, 1, 1), 2 * i + 1, household=f"H{i}") for i in range(400)]
    path = write_csv(tmp_path / "big.csv", rows)
    cancel = threading.Event()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done >= total // 2:
            cancel.set()

    with pytest.raises(PollDeskError) as err:
        import_register(district.conn, path, progress=progress, cancel=cancel)
    assert err.value.code == "cancelled"
    assert seen and all(total == 800 for _, total in seen)
    for table in ("voters", "households", "register_changes", "register_key"):
        assert district.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0


def test_progress_reaches_the_total(district: DataFile, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    import_register(district.conn, east_lake_file(tmp_path), progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (10, 10)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_import_is_recorded_in_the_change_table_and_audit_log(district: DataFile, tmp_path: Path) -> None:
    import_register(district.conn, east_lake_file(tmp_path))
    change = district.conn.execute("SELECT action, voter_id, note FROM register_changes").fetchone()
    assert tuple(change) == ("import", None, "东湖社区.xlsx: 3/5")
    [event] = read_events(district.conn, event="register_imported")
    assert event.details["imported"] == 3
