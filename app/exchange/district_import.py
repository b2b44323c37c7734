"""Importing stations' result packages into the district file (导入投票站数据包), removing them, pinning keys.

Each import is one transaction (a savepoint within the batch's one write of the file, committed once
before any outcome is reported). A package is refused, with a reason, before any election data
changes; the attempt is written to `package_import_log` and the audit log either way. Rows are kept
once per (station, table, key), so importing a later package of the same station adds only what is
new. A station's packages only grow (an older one or one that drops a kept row is refused), so every
imported package carries all rows its station's earlier ones brought: each row names the package that
first brought it, and removing a package takes away exactly the rows no other package holds (its rows
go to the station's next imported package, or are removed when there is none).

Station keys: trust on first use. The key of the first package imported from a station is the one
expected from then on, unless the office has pinned the fingerprint printed on that station's result
record (`pin_station_key`), which is the check against a forged first package.
"""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

from app.audit import SYSTEM, append_event, system_clock
from app.audit.log import Clock, HasActor
from app.audit.privacy import mask_id_numbers_in_text
from app.auth import require
from app.db import DataFile, transaction
from app.district.lock import results_lock
from app.errors import PollDeskError
from app.exchange.keys import district_sealing_private_key, fingerprint, normalise_fingerprint, own_public_key
from app.exchange.package import Package, PackageRejected
from app.exchange.reader import DEFAULT_LIMITS, Limits, open_sealed_tables, read_package
from app.exchange.row_checks import TableShapes, check_rows
from app.exchange.rows import canonical, canonical_row, row_key
from app.exchange.station_export import RESULT_TABLES
from app.i18n import tr


@dataclass(frozen=True)
class ImportOutcome:
    """What became of one package: imported, already_imported or rejected (with a code and a reason)."""

    package: str
    status: str
    reason: str = ""
    code: str = ""
    package_id: str | None = None
    place_code: str | None = None
    sequence: int | None = None

    def as_dict(self) -> dict[str, object]:
        """The JSON the CLI prints."""
        return {"package": self.package, "status": self.status, "reason": self.reason, "code": self.code,
                "package_id": self.package_id, "station": self.place_code, "sequence": self.sequence}


def import_packages(district: DataFile, paths: list[Path], *, session: HasActor | None = None,
                    clock: Clock = system_clock, limits: Limits = DEFAULT_LIMITS) -> list[ImportOutcome]:
    """Import each package in turn (each in its own transaction)."""
    if session is not None:
        require(session, "import_package")
    if district.kind != "district":
        raise PollDeskError("not_a_district", "Only the district's data file can import station packages.")
    shapes = TableShapes(district.conn)
    outcomes = []
    collecting = gc.isenabled()
    gc.disable()        # rows are plain acyclic dicts: the cycle collector would only walk them again and again
    try:
        with _batch(district.conn):
            for path in paths:
                outcomes.append(_import_one(district, Path(path), session or SYSTEM, clock, limits, shapes))
    finally:
        if collecting:
            gc.enable()
    return outcomes


@contextmanager
def _batch(conn: sqlite3.Connection) -> Iterator[None]:
    """A batch's imports in one write of the file, each import its own transaction within it (a savepoint).

    Each import is all or nothing: a refused package rolls back to its savepoint, which takes back
    everything it had written, and only its rejection is logged. The batch commits once, at the file's
    own synchronous level, before any outcome is reported: a power cut in the middle loses the batch
    whole, none of which was reported yet. An error that is not a refusal keeps the imports before it.

    While the batch runs, SQLite may keep up to `_BATCH_CACHE_KIB` of pages in memory (taken only as
    pages are used, given back afterwards): a district's rows then reach the log once, at the commit,
    instead of being spilled to it and read back package after package (about 0.17 s of 1.4 s for the
    seed's district, whose batch needs some 130 MiB).
    """
    cache = int(conn.execute("PRAGMA cache_size").fetchone()[0])
    page = int(conn.execute("PRAGMA page_size").fetchone()[0])
    cache_kib = -cache if cache < 0 else cache * page // 1024
    if cache_kib < _BATCH_CACHE_KIB:
        conn.execute(f"PRAGMA cache_size=-{_BATCH_CACHE_KIB}")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            try:
                conn.execute("COMMIT")      # the failed import was rolled back to its savepoint already
            except sqlite3.Error:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.execute(f"PRAGMA cache_size={cache}")


_BATCH_CACHE_KIB = 256 * 1024


@contextmanager
def _one_import(conn: sqlite3.Connection) -> Iterator[None]:
    """One import's transaction within the batch: released when it succeeds, rolled back whole when not."""
    conn.execute("SAVEPOINT package_import")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK TO package_import")
        conn.execute("RELEASE package_import")
        raise
    conn.execute("RELEASE package_import")


def _import_one(district: DataFile, path: Path, actor: HasActor, clock: Clock, limits: Limits,
                shapes: TableShapes) -> ImportOutcome:
    conn = district.conn
    package: Package | None = None
    try:
        package = read_package(path, limits)
        with _one_import(conn):
            package = _check_belongs(conn, district, package, shapes)
            status = "already_imported" if _known(conn, package) else "imported"
            if status == "imported":
                _store(conn, package)
            _log(conn, actor, clock, path, package, status)
        return ImportOutcome(str(path), status, "", "", package.package_id, package.place_code, package.sequence)
    except PackageRejected as exc:
        with _one_import(conn):
            _log(conn, actor, clock, path, package, "rejected", exc)
        return ImportOutcome(str(path), "rejected", exc.message, exc.code,
                             package.package_id if package else None,
                             package.place_code if package else None, package.sequence if package else None)


def _check_belongs(conn: sqlite3.Connection, district: DataFile, package: Package, shapes: TableShapes) -> Package:
    """The package with its sealed records opened, once it is this district's; else PackageRejected."""
    if results_lock(conn) is not None:
        raise PackageRejected("results_locked", "The district's results are locked as official; no package can be "
                              "imported any more.")
    if package.kind != "station-result":
        raise PackageRejected("wrong_kind", "This is not a station's result package.")
    if package.election_id != district.election_id:
        raise PackageRejected("other_election", "The package belongs to another election ({election}).",
                              election=package.election_id)
    mode = conn.execute("SELECT mode FROM election").fetchone()["mode"]
    if package.mode != mode:
        raise PackageRejected("wrong_mode", "A {found} package cannot go into a {wanted} election.",
                              found=tr(package.mode), wanted=tr(mode))
    _check_district_key(conn, package)
    if conn.execute("SELECT 1 FROM voting_places WHERE code = ?", (package.place_code,)).fetchone() is None:
        raise PackageRejected("unknown_station", "The package is for a voting place ({place}) that is not in "
                              "this election.", place=package.place_code)
    if package.sequence < 1:
        raise PackageRejected("bad_manifest", "The package's manifest is not one this program can read.")
    _check_key(conn, package)
    clear = sorted(e["table"] for e in package.manifest["entries"] if not e.get("sealed"))
    if clear:
        raise PackageRejected("not_sealed", "The package holds voters' records in clear ({table}); a station "
                              "always seals them for the district. It was made by another program.",
                              table=", ".join(clear))
    package = open_sealed_tables(package, district_sealing_private_key(conn), shapes.read_checked)
    unknown = sorted(set(package.tables) - set(RESULT_TABLES))
    if unknown:
        raise PackageRejected("unknown_table", "The package holds a table this program does not take: {table}.",
                              table=unknown[0])
    place = package.place_code
    for table, data in package.tables.items():
        if data.named is not None:
            places = data.named.get("place_code", {place})
        else:
            places = {r.get("place_code", place) for r in data.rows}
        if places - {place}:
            raise PackageRejected("foreign_rows", "The package's {table} holds records of another voting place.",
                                  table=table)
    check_rows(conn, package, shapes)
    return package


def _check_district_key(conn: sqlite3.Connection, package: Package) -> None:
    """A station set up from a district's setup package names that district's key: it must be this one's."""
    named = package.manifest["extra"].get("district_fingerprint")
    if named is None:       # a station file made directly from the district file carries none
        return
    own = own_public_key(conn)
    if own is None or named != fingerprint(own):
        raise PackageRejected("other_district", "The package comes from a station set up by another district "
                              "office (key {found}), not by this district file.", found=str(named))


def _check_key(conn: sqlite3.Connection, package: Package) -> None:
    pin = conn.execute("SELECT fingerprint FROM exchange_station_pins WHERE place_code = ?",
                       (package.place_code,)).fetchone()
    expected = pin["fingerprint"] if pin else None
    if expected is None:
        row = conn.execute("SELECT fingerprint FROM imported_packages WHERE place_code = ? LIMIT 1",
                           (package.place_code,)).fetchone()
        expected = row["fingerprint"] if row else None
    if expected is not None and expected != package.fingerprint:
        raise PackageRejected("other_key", "The package is signed by a key ({found}) that is not the key of "
                              "station {place} ({expected}). Compare with the station's result record.",
                              found=package.fingerprint, place=package.place_code, expected=expected)


def _known(conn: sqlite3.Connection, package: Package) -> bool:
    if conn.execute("SELECT 1 FROM imported_packages WHERE digest = ?", (package.digest,)).fetchone():
        return True
    same_seq = conn.execute("SELECT package_id FROM imported_packages WHERE place_code = ? AND sequence = ?",
                            (package.place_code, package.sequence)).fetchone()
    if same_seq:
        raise PackageRejected("contradiction", "Station {place} already sent a different package number {sequence}; "
                              "the two contradict each other.", place=package.place_code, sequence=package.sequence)
    newest = conn.execute("SELECT MAX(sequence) FROM imported_packages WHERE place_code = ?",
                          (package.place_code,)).fetchone()[0]
    if newest is not None and package.sequence < newest:
        raise PackageRejected("replayed", "Package number {sequence} of station {place} is older than number "
                              "{newest}, already imported.", sequence=package.sequence, place=package.place_code,
                              newest=newest)
    return False


def _store(conn: sqlite3.Connection, package: Package) -> None:
    """Keep the package's rows once per (station, table, key), each new one naming this package.

    Set-based: the station's rows already kept are read once per table and compared in memory; the new
    rows go in with one executemany. A row whose text differs from the one kept is a contradiction,
    reported for the first such row in the package's order, as a row-by-row merge would.
    """
    place, package_id = package.place_code, package.package_id
    conn.execute("INSERT INTO imported_packages(package_id, digest, place_code, sequence, public_key, fingerprint,"
                 " created, manifest) VALUES (?,?,?,?,?,?,?,?)",
                 (package_id, package.digest, place, package.sequence, package.public_key,
                  package.fingerprint, package.manifest["created"], canonical(package.manifest)))
    held = conn.execute("SELECT 1 FROM imported_rows WHERE place_code = ? LIMIT 1", (place,)).fetchone() is not None
    if held:
        _check_nothing_dropped(conn, package)
    new_rows: list[tuple[str, str, str, str, str]] = []
    for table, data in package.tables.items():
        keys = data.row_keys if data.row_keys is not None else [row_key(row, data.key) for row in data.rows]
        texts = data.row_texts if data.row_texts is not None else [canonical_row(row) for row in data.rows]
        if not held:
            new_rows.extend(zip(repeat(place), repeat(table), keys, texts, repeat(package_id)))
            continue
        kept: dict[str, str] = dict(conn.execute(
            "SELECT row_key, data FROM imported_rows WHERE place_code = ? AND table_name = ?",
            (place, table)).fetchall())
        for key, text in zip(keys, texts, strict=True):
            found = kept.get(key)
            if found is None:
                new_rows.append((place, table, key, text, package_id))
            elif found != text:
                raise PackageRejected("contradiction_rows", "The package's {table} record {key} differs from the "
                                      "one already imported from station {place}.", table=table, key=key,
                                      place=place)
    new_rows.sort()       # in key order, the B-tree is appended to rather than split all over
    conn.executemany("INSERT INTO imported_rows(place_code, table_name, row_key, data, package_id)"
                     " VALUES (?,?,?,?,?)", new_rows)


def _check_nothing_dropped(conn: sqlite3.Connection, package: Package) -> None:
    """A later package repeats every row already kept from its station: the station's tables only grow.

    Otherwise the district's totals would depend on the order the packages came in (kept after the
    earlier one, missing when the later one came first and the earlier was refused as older).
    """
    kept_tables = [r[0] for r in conn.execute("SELECT DISTINCT table_name FROM imported_rows WHERE place_code = ?",
                                              (package.place_code,))]
    for table in kept_tables:
        data = package.tables.get(table)
        carried = set(data.row_keys if data and data.row_keys is not None else
                      [row_key(row, data.key) for row in data.rows] if data else [])
        kept = conn.execute("SELECT row_key FROM imported_rows WHERE place_code = ? AND table_name = ?",
                            (package.place_code, table))
        if any(key not in carried for (key,) in kept):
            raise PackageRejected("rows_dropped", "The package of station {place} lacks records of its {table} that "
                                  "an earlier package of the same station holds; a station's records only ever "
                                  "grow.", place=package.place_code, table=table)


def _log(conn: sqlite3.Connection, actor: HasActor, clock: Clock, path: Path, package: Package | None,
         status: str, error: PollDeskError | None = None) -> None:
    code = error.code if error else ""
    reason = error.text.format(**error.params) if error and error.params else (error.text if error else "")
    reason, file = mask_id_numbers_in_text(reason), mask_id_numbers_in_text(path.name)   # a hostile name or entry
    conn.execute("INSERT INTO package_import_log(time, file, package_id, place_code, sequence, status, code,"
                 " reason, user_name) VALUES (?,?,?,?,?,?,?,?,?)",
                 (clock().isoformat(timespec="seconds"), file, package.package_id if package else None,
                  package.place_code if package else None, package.sequence if package else None, status, code,
                  reason, actor.user))
    details: dict[str, object] = {"file": file, "status": status}
    if package is not None:
        details.update(package_id=package.package_id, place_code=package.place_code, sequence=package.sequence)
    if error is not None:
        details["code"] = code
    event = {"rejected": "package_rejected", "removed": "package_removed"}.get(status, "package_imported")
    append_event(conn, actor, event, details, clock=clock)


def remove_package(district: DataFile, package_id: str, *, session: HasActor | None = None,
                   clock: Clock = system_clock) -> dict[str, object]:
    """Take one imported package out again: its rows that no other package carries go with it."""
    if session is not None:
        require(session, "import_package")
    conn = district.conn
    if results_lock(conn) is not None:
        raise PollDeskError("results_locked", "The district's results are locked as official; an import cannot be "
                            "removed any more.")
    with transaction(conn):
        row = conn.execute("SELECT * FROM imported_packages WHERE package_id = ?", (package_id,)).fetchone()
        if row is None:
            raise PollDeskError("unknown_package", "No imported package has the id {package_id}.",
                                package_id=package_id)
        later = conn.execute("SELECT package_id FROM imported_packages WHERE place_code = ? AND sequence > ?"
                             " ORDER BY sequence LIMIT 1", (row["place_code"], row["sequence"])).fetchone()
        if later is not None:   # it carries every row this one brought (a station's packages only grow)
            conn.execute("UPDATE imported_rows SET package_id = ? WHERE place_code = ? AND package_id = ?",
                         (later["package_id"], row["place_code"], package_id))
            gone = 0
        else:
            gone = conn.execute("DELETE FROM imported_rows WHERE place_code = ? AND package_id = ?",
                                (row["place_code"], package_id)).rowcount
        conn.execute("DELETE FROM imported_packages WHERE package_id = ?", (package_id,))
        conn.execute("INSERT INTO package_import_log(time, file, package_id, place_code, sequence, status,"
                     " user_name) VALUES (?,?,?,?,?,'removed',?)",
                     (clock().isoformat(timespec="seconds"), "", package_id, row["place_code"], row["sequence"],
                      (session or SYSTEM).user))
        append_event(conn, session or SYSTEM, "package_removed",
                     {"package_id": package_id, "place_code": row["place_code"], "sequence": row["sequence"],
                      "rows_removed": gone}, clock=clock)
    return {"package_id": package_id, "station": row["place_code"], "sequence": row["sequence"],
            "rows_removed": gone}


def pin_station_key(district: DataFile, place_code: str, typed_fingerprint: str, *,
                    session: HasActor | None = None, clock: Clock = system_clock) -> str:
    """Pin the key fingerprint printed on a station's result record; refused if it contradicts an import."""
    if session is not None:
        require(session, "import_package")
    clean = normalise_fingerprint(typed_fingerprint)
    shown = " ".join(clean[i:i + 4] for i in range(0, 64, 4))
    conn = district.conn
    with transaction(conn):
        if conn.execute("SELECT 1 FROM voting_places WHERE code = ?", (place_code,)).fetchone() is None:
            raise PollDeskError("unknown_place", "There is no voting place {code} in this election.", code=place_code)
        other = conn.execute("SELECT package_id, fingerprint FROM imported_packages WHERE place_code = ? AND"
                             " fingerprint != ? LIMIT 1", (place_code, shown)).fetchone()
        if other is not None:
            raise PollDeskError("pin_conflicts", "Package {package_id} of station {place} was signed by another key "
                                "({found}). Remove that package first, then pin the key again.",
                                package_id=other["package_id"], place=place_code, found=other["fingerprint"])
        conn.execute("INSERT INTO exchange_station_pins(place_code, fingerprint, pinned) VALUES (?,?,?)"
                     " ON CONFLICT(place_code) DO UPDATE SET fingerprint = excluded.fingerprint,"
                     " pinned = excluded.pinned", (place_code, shown, clock().isoformat(timespec="seconds")))
        append_event(conn, session or SYSTEM, "settings_changed",
                     {"setting": "station_key_pin", "place_code": place_code, "fingerprint": shown}, clock=clock)
    return shown


def import_log(conn: sqlite3.Connection) -> list[dict[str, object]]:
    """Every import attempt and removal, oldest first."""
    return [dict(r) for r in conn.execute("SELECT * FROM package_import_log ORDER BY id")]

