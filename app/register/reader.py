"""Reading a register file (参选居民登记表): CSV in UTF-8, GBK/GB18030 or UTF-16, or Excel .xlsx.

A title row above the header is common; the header is the first of the first twenty rows naming
the name and ID-number columns (a synonym of each). Sign-off, note and total rows are not data.
Row numbers are those the spreadsheet shows: 1-based, counting the title and header rows (for a CSV,
the record number, which is the line number when no cell holds a line break).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from operator import itemgetter
from pathlib import Path

from app.errors import PollDeskError

HEADER_SEARCH_ROWS = 20
MIN_HEADER_MATCHES = 2
EXACT_DIGITS_LIMIT = 10.0 ** 15     # Excel keeps 15 significant digits of a number
REQUIRED = ("name", "id_number")

# Field -> the column names that mean it (compared after `_header_key`).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "居民姓名", "选民姓名", "参选居民姓名", "name"),
    "sex": ("性别", "sex", "gender"),
    "id_number": ("公民身份号码", "身份证号", "身份证号码", "证件号码", "公民身份证号码", "身份证",
                  "公民身份证号", "居民身份证号码", "居民身份证号", "身份号码", "身份证件号码", "证件号",
                  "id_number", "idnumber", "id_no"),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "出生时间", "birth_date", "birthdate", "date_of_birth"),
    "group": ("居民小组", "小组", "所属小组", "所属居民小组", "组别", "所在小组", "所在居民小组", "小组名称",
              "居民小组名称", "组号", "居民组", "所在组", "所属组", "group", "resident_group"),
    "household": ("户号", "户编号", "家庭户号", "household", "household_number"),
    "community": ("社区", "所属社区", "社区名称", "社区居委会", "所在社区", "居委会", "community"),
    "category": ("登记类别", "类别", "登记类型", "参选类别", "category"),
    "address": ("住址", "地址", "家庭住址", "居住地址", "现住址", "现居住地址", "户籍地址", "住所", "address"),
    "ethnicity": ("民族", "ethnicity", "nation"),
}
_LOOKUP = {word: field for field, words in SYNONYMS.items() for word in words}
# A data row is checked for being a repeated header. Every character of a column name (but '_', which '-' becomes)
# is in the cell's NFKC lower-case text, so a row holding none of these hint characters, one taken from each
# synonym, names no column: the exact check is skipped for it (most rows). Hints are rare in names and data.
_HINT_PREFERENCE = "姓性份件出组户社委类址所族eo"
_HINTS = re.compile("[" + re.escape("".join(sorted(
    {next((ch for ch in _HINT_PREFERENCE if ch in word), word.replace("_", "")[0]) for word in _LOOKUP}))) + "]")


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
    t = re.sub(r"\(.*?\)|\[.*?\]|【.*?】|<.*?>|《.*?》", "", t, flags=re.DOTALL)
    return re.sub(r"[\s*:：]+", "", t).replace("-", "_")


def cell_text(value: object) -> str:
    """A cell as text: numbers without '.0', dates as ISO, None as ''.

    A number of 16 or more digits is shown as Excel shows it (4.40112E+17): Excel keeps 15 significant
    digits, so the digits after them are lost, and writing them out would make up an ID number.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and abs(value) >= EXACT_DIGITS_LIMIT:
        return f"{value:.6G}"
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
    encodings = ("utf-16",) if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "gb18030")
    for encoding in encodings:   # UTF-16 with a BOM: Excel's "Unicode text"
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None or "\x00" in text:
        raise RegisterFileError("file_unreadable", "{path} is neither a CSV file (UTF-8 or GBK) nor an Excel .xlsx "
                                "file. Save the register as .xlsx or CSV and try again.", path=str(path))
    sample = "\n".join(_first_lines(text, HEADER_SEARCH_ROWS + 5))
    delimiter = max(",\t;", key=sample.count)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return [list(map(str.strip, record)) for record in reader]
    except csv.Error as exc:
        raise RegisterFileError("file_unreadable", "{path} is not a well-formed CSV file: {reason}",
                                path=str(path), reason=str(exc)) from exc


def _first_lines(text: str, count: int) -> list[str]:
    """`text.splitlines()[:count]` without splitting a large file's every line."""
    lines = text[:1 << 16].splitlines()
    if len(lines) > count:      # line count + 1 starts inside the prefix: the first `count` lines are whole
        return lines[:count]
    return text.splitlines()[:count]


def _xlsx_rows(path: Path, data: bytes) -> list[list[str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheets = []
            for sheet in book.worksheets:   # the register's sheet: the first with a header (a notes sheet may lead)
                sheet.reset_dimensions()   # some programs write a wrong size; read what is there
                sheets.append([[cell_text(v) for v in row] for row in sheet.iter_rows(min_row=1, values_only=True)])
                if _header_at(sheets[-1])[0] >= 0:
                    return sheets[-1]
            return sheets[0] if sheets else []
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


def _names_columns(cells: list[str]) -> bool:
    """True when a data row names at least two fields' columns (a header repeated, e.g. on every printed page)."""
    text = "\n".join(cells)     # '\n' joins without composing: NFKC of the whole is the NFKC of each cell
    if _HINTS.search((text if text.isascii() else unicodedata.normalize("NFKC", text)).lower()) is None:
        return False
    return len({f for cell in cells if (f := _field_named(cell)) is not None}) >= MIN_HEADER_MATCHES


@lru_cache(maxsize=4096)       # only rows with a hint come here: group, community, category spellings repeat
def _field_named(cell: str) -> str | None:
    return _LOOKUP.get(_header_key(cell))


def _header_at(raw: list[list[str]]) -> tuple[int, dict[str, int]]:
    """The index of the header row among the first rows and its field -> column mapping, or (-1, {}).

    The first row naming the required columns; else the first naming any two (to say what is missing).
    A form heading above the header ("社区：东湖  小组：三组") names two fields but is not the header.
    """
    first: tuple[int, dict[str, int]] = (-1, {})
    for i, cells in enumerate(raw[:HEADER_SEARCH_ROWS]):
        found = _match_header(cells)
        if len(found) >= MIN_HEADER_MATCHES:
            if all(f in found for f in REQUIRED):
                return i, found
            if first[0] < 0:
                first = (i, found)
    return first


def _table(path: Path, raw: list[list[str]]) -> RegisterTable:
    header_at, mapping = _header_at(raw)
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
    """The voters' rows. Not data: empty rows (or a lone serial number), a repeated header, a note, sign-off or
    total row, a group heading, and whatever follows the last row naming a person or an ID number (a sign-off
    block, a template's prefilled columns). The cells of `raw` come stripped (`_csv_rows`, `cell_text`)."""
    rows: list[SourceRow] = []
    append = rows.append
    fields, columns = tuple(mapping), tuple(mapping.values())
    width = max(columns) + 1
    pick = itemgetter(*columns) if len(columns) > 1 else lambda cells: (cells[columns[0]],)
    for i in range(header_at + 1, len(raw)):
        cells = raw[i]
        if len(cells) >= width:     # the usual row: every mapped column present (cells come stripped)
            row = dict(zip(fields, pick(cells), strict=True))
        else:
            row = {f: cells[j].strip() if j < len(cells) else "" for f, j in mapping.items()}
        number = row.get("id_number", "")
        # the usual ID cell (ASCII letters and digits, a digit among them) is no remark: `_is_remark` without a call
        usual = number.isascii() and number.isalnum() and not number.isalpha()
        if (usual or (any(row.values()) and not _is_remark(cells, row))) and not _names_columns(cells):
            append(SourceRow(i + 1, row))
    last = max((k for k, r in enumerate(rows) if r.cells.get("name") or r.cells.get("id_number")), default=-1)
    yield from rows[:last + 1]


# A remark a clerk writes in the sheet, not a voter: "制表人：张三", "注：...", "合计：120人", "第一居民小组".
_REMARK_START = re.compile(r"^(注|备注|说明|附注|制表|填表|审核|复核|审批|负责人|经办人|联系人|联系电话|日期|合计|共计|"
                           r"总计|小计|签字|签名|盖章|公章|以下|以上)")
# A sign-off label: the row is the sheet's sign-off even when a person's name is written next to it.
_SIGN_OFF = re.compile(r"^(制表|填表|审核|复核|审批|负责人|经办人|日期|合计|共计|总计|小计|签字|签名|盖章|公章)\w{0,2}[:]?$|"
                       r"^(制表|填表|审核|复核|审批|经办)人?:")
_ASCII_DIGIT = re.compile("[0-9]")
_GROUP_HEADING = re.compile(r"^第?[0-9零〇一二两三四五六七八九十百]+(居民)?小?组$")


def _is_remark(cells: list[str], row: dict[str, str]) -> bool:
    """True for a row that holds a remark rather than a person. With no ID number in it: a sign-off row
    ("制表人：张三", or "审核人" and "李四" in two cells), or a row whose name is a note or a group heading,
    or has no name and a note somewhere. A person's row keeps its faults even with a remark in another column."""
    raw_number = row.get("id_number", "")
    if raw_number.isascii():     # the usual cell: ASCII has no invisible (Cf) character and is its own NFKC
        number = "".join(raw_number.split())
        if _ASCII_DIGIT.search(number) and ":" not in number:
            return False
    else:
        number = _squeezed(raw_number)
    if any(ch.isdigit() for ch in number) and not _is_note(number):     # no digit: no ID number ("李四")
        return False
    name = _squeezed(row.get("name", ""))
    texts = [t for c in cells if (t := _squeezed(c))]
    if any(_SIGN_OFF.match(t) for t in texts):
        return True
    if name and not _is_note(name) and not _GROUP_HEADING.match(name):
        return False
    return bool(name or number) or any(_is_note(t) for t in texts)


def _squeezed(text: str) -> str:
    """A cell compared loosely: NFKC (full-width colons become ':'), no spaces or invisible characters."""
    return "".join(ch for ch in "".join(unicodedata.normalize("NFKC", text).split())
                   if unicodedata.category(ch) != "Cf")


def _is_note(text: str) -> bool:
    return bool(_REMARK_START.match(text)) or ":" in text


def _list(cells: list[str]) -> str:
    shown = [c for c in cells if c]
    return "、".join(shown[:20]) if shown else "-"
