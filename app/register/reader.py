"""Reading a register file (参选居民登记表): CSV in UTF-8 or GBK/GB18030, or Excel .xlsx.

A title row above the header is common; the header is the first of the first ten rows in which
at least two known column names appear. Row numbers are those the spreadsheet shows: 1-based,
counting the title and header rows (for a CSV, the record number, which is the line number when
no cell holds a line break).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.errors import PollDeskError

HEADER_SEARCH_ROWS = 10
MIN_HEADER_MATCHES = 2
REQUIRED = ("name", "id_number")

# Field -> the column names that mean it (compared after `_header_key`).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "居民姓名", "选民姓名", "name"),
    "sex": ("性别", "sex", "gender"),
    "id_number": ("公民身份号码", "身份证号", "身份证号码", "证件号码", "公民身份证号码", "身份证",
                  "id_number", "idnumber", "id_no"),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "birth_date", "birthdate", "date_of_birth"),
    "group": ("居民小组", "小组", "所属小组", "所属居民小组", "组别", "group", "resident_group"),
    "household": ("户号", "户编号", "household", "household_number"),
    "community": ("社区", "所属社区", "社区名称", "社区居委会", "community"),
    "category": ("登记类别", "类别", "登记类型", "category"),
    "address": ("住址", "地址", "家庭住址", "居住地址", "address"),
    "ethnicity": ("民族", "ethnicity", "nation"),
}
_LOOKUP = {word: field for field, words in SYNONYMS.items() for word in words}


@dataclass(frozen=True)
class SourceRow:
    """One data row: its row number as the spreadsheet shows it and its cells by field."""

    number: int
    cells: dict[str, str]


@dataclass(frozen=True)
class RegisterTable:
    """A register file's header and data rows."""

    path: Path
    header_row: int
    columns: dict[str, str]      # field -> the header text as written in the file
    rows: list[SourceRow]


class RegisterFileError(PollDeskError):
    """A register file that cannot be read: codes file_unreadable, not_a_register, missing_columns."""


def _header_key(text: str) -> str:
    """A header cell compared loosely: NFKC, no spaces, no '*' marks, no bracketed remark, lower case."""
    t = unicodedata.normalize("NFKC", text).strip().lower()
    t = re.sub(r"\(.*?\)|\[.*?\]", "", t)
    return re.sub(r"[\s*:：]+", "", t).replace("-", "_")


def cell_text(value: object) -> str:
    """A cell as text: numbers without '.0', dates as ISO, None as ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def read_register(path: Path | str) -> RegisterTable:
    """The rows of a CSV or .xlsx register file, or RegisterFileError saying why it cannot be read."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RegisterFileError("file_unreadable", "The file {path} cannot be opened: {reason}",
                                path=str(path), reason=exc.strerror or str(exc)) from exc
    if data.startswith(b"PK\x03\x04"):
        raw = _xlsx_rows(path, data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise RegisterFileError("file_unreadable", "{path} is an old Excel .xls file. Open it in Excel or WPS and "
                                "save it as .xlsx or CSV, then try again.", path=str(path))
    else:
        raw = _csv_rows(path, data)
    return _table(path, raw)


def _csv_rows(path: Path, data: bytes) -> list[list[str]]:
    text = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None or "\x00" in text:
        raise RegisterFileError("file_unreadable", "{path} is neither a CSV file (UTF-8 or GBK) nor an Excel .xlsx "
                                "file. Save the register as .xlsx or CSV and try again.", path=str(path))
    sample = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS + 5])
    delimiter = max(",\t;", key=sample.count)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return [[cell.strip() for cell in record] for record in reader]
    except csv.Error as exc:
        raise RegisterFileError("file_unreadable", "{path} is not a well-formed CSV file: {reason}",
                                path=str(path), reason=str(exc)) from exc


def _xlsx_rows(path: Path, data: bytes) -> list[list[str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            sheet.reset_dimensions()   # some programs write a wrong size; read what is there
            return [[cell_text(v) for v in row] for row in sheet.iter_rows(min_row=1, values_only=True)]
        finally:
            book.close()
    except Exception as exc:
        # openpyxl has no error type of its own for a damaged workbook: it raises whatever its zip, zlib and
        # XML layers raise (BadZipFile, zlib.error, KeyError, ParseError, ValueError ...). Whatever fails while
        # parsing a file from outside means the file cannot be read.
        raise RegisterFileError("file_unreadable", "{path} looks like an Excel file but cannot be read; it may be "
                                "damaged. Open it in Excel or WPS, save it again as .xlsx and retry.",
                                path=str(path)) from exc


def _match_header(cells: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        field = _LOOKUP.get(_header_key(cell))
        if field is not None and field not in found:
            found[field] = index
    return found


def _table(path: Path, raw: list[list[str]]) -> RegisterTable:
    header_at, mapping = -1, {}
    for i, cells in enumerate(raw[:HEADER_SEARCH_ROWS]):
        found = _match_header(cells)
        if len(found) >= MIN_HEADER_MATCHES:
            header_at, mapping = i, found
            break
    if header_at < 0:
        seen = next((c for c in raw[:HEADER_SEARCH_ROWS] if any(c)), [])
        raise RegisterFileError(
            "not_a_register", "{path} has no header row with the register's columns (姓名, 公民身份号码 ...) in its "
            "first {rows} rows. Headers found: {found}.", path=str(path), rows=HEADER_SEARCH_ROWS,
            found=_list(seen))
    missing = [f for f in REQUIRED if f not in mapping]
    if missing:
        raise RegisterFileError(
            "missing_columns", "{path} has no column for {missing}. Headers found in row {row}: {found}.",
            path=str(path), missing="、".join(SYNONYMS[f][0] for f in missing), row=header_at + 1,
            found=_list(raw[header_at]))
    columns = {f: raw[header_at][i] for f, i in mapping.items()}
    return RegisterTable(path, header_at + 1, columns, list(_data_rows(raw, header_at, mapping)))


def _data_rows(raw: list[list[str]], header_at: int, mapping: dict[str, int]) -> Iterator[SourceRow]:
    for i in range(header_at + 1, len(raw)):
        cells = raw[i]
        row = {f: cells[j] if j < len(cells) else "" for f, j in mapping.items()}
        if any(row.values()):   # empty rows (or a lone serial number), trailing or between blocks, are not data
            yield SourceRow(i + 1, row)


def _list(cells: list[str]) -> str:
    shown = [c for c in cells if c]
    return "、".join(shown[:20]) if shown else "-"
