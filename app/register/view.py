"""Reading for the register screens: the register page by page (选民名册浏览), a register file's preview.

Rows come in the register's own order (voter id, the order of import) in blocks. A block is read
by keyset from the id that ended the block before it (`id > ? ORDER BY id LIMIT n`), so reading
on from where the screen is costs the same at row 10 and at row 900,000; a jump far ahead starts
from the nearest block already read with one OFFSET over the primary key. Status words come from
`app.register.lookup.voter_status`, and the status filter below is the same rule written as SQL.
"""

from __future__ import annotations

import csv
import sqlite3
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.register import reader
from app.register.lookup import STATUSES, rows_for

BLOCK = 200

# The status filter as SQL over `voters v`; it must agree with lookup.voter_status (a test checks).
_ISSUED = "SELECT voter_id FROM issuances"
_PROXY = "SELECT voter_id FROM issuances WHERE proxy_voter_id IS NOT NULL"
STATUS_SQL = {
    "removed": "v.status = 'removed'",
    "proxy": f"v.status = 'active' AND v.id IN ({_PROXY})",
    "issued": f"v.status = 'active' AND v.id IN ({_ISSUED}) AND v.id NOT IN ({_PROXY})",
    "not_voted": f"v.status = 'active' AND v.id NOT IN ({_ISSUED})",
}


@dataclass(frozen=True)
class RegisterFilter:
    """Which voters the screen shows: a community, one resident group, one status (None = all)."""

    community: str | None = None
    group_id: int | None = None
    status: str | None = None

    def where(self) -> tuple[str, tuple[object, ...]]:
        """The SQL condition over `voters v` and its parameters."""
        parts: list[str] = ["1"]
        params: list[object] = []
        if self.community is not None:
            parts.append("v.community_code = ?")
            params.append(self.community)
        if self.group_id is not None:
            parts.append("v.group_id = ?")
            params.append(self.group_id)
        if self.status is not None:
            if self.status not in STATUSES:
                raise ValueError(f"unknown status {self.status!r}")
            parts.append(STATUS_SQL[self.status])
        return " AND ".join(parts), tuple(params)


@dataclass(frozen=True)
class RegisterRow:
    """One voter as the register screen shows it (the ID number only masked)."""

    voter_id: int
    name: str
    sex: str            # 'M' or 'F'
    age: int            # on election day
    group: str
    household: str
    masked_id: str
    place: str          # the voting place's name
    status: str         # one of lookup.STATUSES


@dataclass(frozen=True)
class Choice:
    """A value a filter can take and its label."""

    value: str | int
    label: str


@dataclass
class QueryCounter:
    """How many queries a view has run (the screen's tests check blocks are read lazily)."""

    counts: int = 0
    blocks: int = 0
    jumps: int = 0


def age_on(born: date, day: date) -> int:
    """Completed years on `day`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class RegisterPages:
    """The register under one filter, read a block at a time; each block's first id is remembered."""

    def __init__(self, conn: sqlite3.Connection, where: RegisterFilter | None = None, block: int = BLOCK) -> None:
        self.conn = conn
        self.filter = where or RegisterFilter()
        self.block = block
        self.counter = QueryCounter()
        self._starts: dict[int, int] = {0: 0}   # block number -> the id the block follows (exclusive)
        self._known: list[int] = [0]            # the block numbers in _starts, sorted
        self._sql, self._params = self.filter.where()
        self._day = election_day(conn)
        self._places = {r[0]: r[1] for r in conn.execute("SELECT code, name FROM voting_places")}

    def count(self) -> int:
        """How many voters the filter lets through."""
        self.counter.counts += 1
        return int(self.conn.execute(f"SELECT count(*) FROM voters v WHERE {self._sql}", self._params).fetchone()[0])

    def block_rows(self, number: int) -> list[RegisterRow]:
        """The rows of block `number` (rows number*block ... number*block + block - 1)."""
        ids = self._block_ids(number)
        if ids:
            self._remember(number + 1, ids[-1])
        return self.rows(ids)

    def rows(self, voter_ids: Sequence[int]) -> list[RegisterRow]:
        """These voters' rows, in the order given (voters not found are left out)."""
        if not voter_ids:
            return []
        found = {r.voter_id: r for r in rows_for(self.conn, list(voter_ids))}
        marks = ",".join("?" * len(voter_ids))
        more = {r[0]: (r[1], r[2]) for r in self.conn.execute(
            f"SELECT id, sex, birth_date FROM voters WHERE id IN ({marks})", list(voter_ids))}
        return [RegisterRow(vid, f.name, more[vid][0], age_on(date.fromisoformat(more[vid][1]), self._day),
                            f.group, f.household, f.masked_id, self._places.get(f.place, f.place), f.status)
                for vid in voter_ids if (f := found.get(vid)) is not None]

    def matching(self, voter_ids: Sequence[int]) -> list[int]:
        """Those of `voter_ids` the filter lets through, in the order given."""
        if not voter_ids:
            return []
        marks = ",".join("?" * len(voter_ids))
        kept = {r[0] for r in self.conn.execute(
            f"SELECT v.id FROM voters v WHERE v.id IN ({marks}) AND {self._sql}", (*voter_ids, *self._params))}
        return [v for v in voter_ids if v in kept]

    def _block_ids(self, number: int) -> list[int]:
        if number in self._starts:
            after = self._starts[number]
        else:
            base = self._known[bisect_right(self._known, number) - 1]
            self.counter.jumps += 1
            row = self.conn.execute(
                f"SELECT v.id FROM voters v WHERE {self._sql} AND v.id > ? ORDER BY v.id LIMIT 1 OFFSET ?",
                (*self._params, self._starts[base], (number - base) * self.block - 1)).fetchone()
            if row is None:
                return []
            after = int(row[0])
            self._remember(number, after)
        self.counter.blocks += 1
        return [int(r[0]) for r in self.conn.execute(
            f"SELECT v.id FROM voters v WHERE {self._sql} AND v.id > ? ORDER BY v.id LIMIT ?",
            (*self._params, after, self.block))]

    def _remember(self, number: int, after: int) -> None:
        if number not in self._starts:
            self._starts[number] = after
            self._known.insert(bisect_right(self._known, number), number)


def election_day(conn: sqlite3.Connection) -> date:
    """The election day ages are counted on (today when the file holds no election yet)."""
    row = conn.execute("SELECT election_day FROM election").fetchone()
    return date.fromisoformat(row[0]) if row else date.today()


def communities(conn: sqlite3.Connection) -> list[Choice]:
    """The communities, by code."""
    return [Choice(r[0], r[1]) for r in conn.execute("SELECT code, name FROM communities ORDER BY code")]


def resident_groups(conn: sqlite3.Connection, community: str) -> list[Choice]:
    """The resident groups of one community, by number."""
    return [Choice(int(r[0]), r[1] or str(r[2])) for r in conn.execute(
        "SELECT id, name, number FROM resident_groups WHERE community_code = ? ORDER BY number", (community,))]


# ---- a register file before import: its first rows and which column is which -------------------------

@dataclass(frozen=True)
class FilePreview:
    """A register file's header row (1-based, as the spreadsheet shows it), its columns, its first data rows."""

    path: Path
    header_row: int
    headers: list[str]
    fields: dict[int, str]          # column index -> register field (reader.SYNONYMS), as detected
    rows: list[list[str]]           # the first data rows, every column
    total_rows: int


def preview_file(path: Path | str, rows: int = 8) -> FilePreview:
    """The first `rows` data rows of a register file and the detected header; RegisterFileError if unreadable."""
    path = Path(path)
    raw = _raw_rows(path)
    table = reader._table(path, raw)        # the reader's own header detection and its messages
    headers = raw[table.header_row - 1]
    fields = {index: field for field, index in reader._match_header(headers).items()}
    id_column = next((i for i, f in fields.items() if f == "id_number"), None)
    data = [_masked(raw[r.number - 1], id_column) for r in table.rows[:rows]]
    width = max([len(headers), *(len(r) for r in data)])
    return FilePreview(path, table.header_row, _pad(headers, width), fields, [_pad(r, width) for r in data],
                       len(table.rows))


def remapped_copy(preview: FilePreview, fields: dict[int, str], folder: Path) -> Path:
    """A CSV copy of the file in `folder` (same name, same row numbers) whose header says `fields`.

    The importer reads a file by path and detects its columns itself; a mapping the user changed
    reaches it this way. The copy holds ID numbers in clear like the original: the caller deletes it.
    """
    raw = _raw_rows(preview.path)
    columns = sorted(fields)
    out = folder / (preview.path.stem + ".csv")
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        for number, cells in enumerate(raw, 1):
            if number < preview.header_row:
                writer.writerow([])
            elif number == preview.header_row:
                writer.writerow([reader.SYNONYMS[fields[c]][0] for c in columns])
            else:
                writer.writerow([cells[c] if c < len(cells) else "" for c in columns])
    return out


def _raw_rows(path: Path) -> list[list[str]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise reader.RegisterFileError("file_unreadable", "The file {path} cannot be opened: {reason}",
                                       path=str(path), reason=exc.strerror or str(exc)) from exc
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        reader.read_register(path)          # raises the reader's message for an old .xls file
    return reader._xlsx_rows(path, data) if data.startswith(b"PK\x03\x04") else reader._csv_rows(path, data)


def _masked(cells: list[str], column: int | None) -> list[str]:
    """The row with its ID number cut to the masked form's shape (the preview shows no number in clear)."""
    if column is None or column >= len(cells) or len(cells[column]) < 10:
        return cells
    number = cells[column]
    return [*cells[:column], number[:6] + "*" * (len(number) - 10) + number[-4:], *cells[column + 1:]]


def _pad(cells: list[str], width: int) -> list[str]:
    return list(cells) + [""] * (width - len(cells))
