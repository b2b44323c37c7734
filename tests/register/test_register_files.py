"""Register files that cannot be read fail with a clear, documented error, whatever the bytes."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from registerkit import ELECTION_DAY, HEADER, clean_row, write_csv, write_xlsx

from app.register.checker import check_rows
from app.register.reader import RegisterFileError, read_register

READER_CODES = {"file_unreadable", "not_a_register", "missing_columns"}


def test_missing_id_column_names_the_headers_found(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", [["序号", "姓名", "性别", "小组"], ["1", "王建国", "男", "1"]])
    with pytest.raises(RegisterFileError) as err:
        read_register(path)
    assert err.value.code == "missing_columns"
    assert "公民身份号码" in err.value.message and "序号、姓名、性别、小组" in err.value.message


def test_a_file_without_any_register_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("开会通知\n明天上午九点\n", encoding="utf-8")
    with pytest.raises(RegisterFileError) as err:
        read_register(path)
    assert err.value.code == "not_a_register"
    assert "开会通知" in err.value.message


@pytest.mark.parametrize("content", [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, b"PK\x03\x04broken",
                                     b"\x00\x01\x02binary\x00"])
def test_old_xls_damaged_xlsx_and_binary_files_are_unreadable(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "register.xlsx"
    path.write_bytes(content)
    with pytest.raises(RegisterFileError) as err:
        read_register(path)
    assert err.value.code == "file_unreadable"


def test_a_zip_that_is_not_a_workbook_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "register.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "你好")
    with pytest.raises(RegisterFileError) as err:
        read_register(path)
    assert err.value.code == "file_unreadable"


def test_a_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(RegisterFileError) as err:
        read_register(tmp_path / "nowhere.csv")
    assert err.value.code == "file_unreadable"


def test_english_headers_and_tab_separated_files_are_read(tmp_path: Path) -> None:
    path = tmp_path / "r.tsv"
    rows = [["name", "sex", "id_number", "birth_date", "group", "household", "community", "category", "address"],
            clean_row("王建国", date(1960, 1, 2), 11)[:9]]
    path.write_text("\n".join("\t".join(r) for r in rows), encoding="utf-8")
    table = read_register(path)
    assert set(table.columns) >= {"name", "id_number", "group", "category"}
    assert check_rows(table.rows, ELECTION_DAY).problems == []


def test_header_synonyms_and_marks_are_recognised(tmp_path: Path) -> None:
    header = ["*姓名", "性别", "身份证号码（18位）", "出生年月", "所属小组", "户编号", "所属社区", "类别", "家庭住址", "民族"]
    table = read_register(write_xlsx(tmp_path / "r.xlsx", [header, clean_row("王建国", date(1960, 1, 2), 11)],
                                     title="参选居民登记表"))
    assert table.header_row == 2
    assert set(table.columns) == {"name", "sex", "id_number", "birth_date", "group", "household", "community",
                                  "category", "address", "ethnicity"}


def _read_and_check(path: Path) -> None:
    try:
        check_rows(read_register(path).rows, ELECTION_DAY)
    except RegisterFileError as err:
        assert err.code in READER_CODES
        assert err.message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600))
def test_arbitrary_bytes_only_ever_fail_with_a_register_file_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "any.csv"
    path.write_bytes(data)
    _read_and_check(path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.lists(st.text(max_size=25), max_size=12), max_size=8),
       prefix=st.sampled_from([b"", b"PK\x03\x04"]))
def test_arbitrary_text_under_a_real_header_only_yields_problems(tmp_path: Path, cells: list[list[str]],
                                                                  prefix: bytes) -> None:
    path = tmp_path / "any.csv"
    write_csv(path, [HEADER, *cells])
    path.write_bytes(prefix + path.read_bytes())
    _read_and_check(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=4000), flip=st.integers(min_value=0, max_value=255))
def test_damaged_workbooks_only_ever_fail_with_a_register_file_error(tmp_path: Path, cut: int, flip: int) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", [HEADER, clean_row("王建国", date(1960, 1, 2), 11)]).read_bytes()
    damaged = bytearray(good[: max(cut, 4)] if cut < len(good) else good)
    damaged[min(cut, len(damaged) - 1)] ^= flip
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(damaged))
    _read_and_check(path)
