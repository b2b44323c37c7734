"""Red team kit: a real demo district with every station's package, and the means to forge hostile packages.

The demo (4,000 voters, 50 voting places) is played once per test session up to `exported`; each test
imports into its own copy of the district file. Forged packages are signed with a station's own private
key taken from its file: the strongest attacker, an insider holding the station laptop.

Result packages are sealed for the district (format 3: each table zlib-packed, then sealed). The kit reads
their rows with the district's private sealing key (an insider reads the same rows in the station's own file) and seals forged rows
again with the district's public key, which every station file holds: each forgery reaches the
district's checks with its sealed entries opening, so a refusal is due to the attack, not to the seal.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import sqlite3
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.audit import read_events, verify_chain
from app.cli import main
from app.db import DataFile, open_data_file
from app.demo import run_demo
from app.exchange import import_packages, read_package
from app.exchange.keys import district_sealing_private_key, fingerprint
from app.exchange.package import seal_context
from app.exchange.rows import canonical
from app.vault.sealing import open_sealed, public_key_of, seal_for_district
from tests.datafiles import copy_data_file
from tests.exchange.conftest import election_data_hash


@dataclass(frozen=True)
class Demo:
    """The played demo: its folder, the district file and each place's package and station file."""

    folder: Path
    district: Path
    packages: dict[str, Path]

    def station_key(self, place: str) -> bytes:
        """The raw private key of a station, read from its data file."""
        with open_data_file(self.folder / "stations" / f"{place}.polldesk", kind="station") as df:
            return bytes(df.conn.execute("SELECT private_key FROM exchange_own_key").fetchone()[0])

    def package(self, place: str) -> bytes:
        return self.packages[place].read_bytes()


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """The red-team modules import this fixture: the demo is played once per session (found again on disk)."""
    folder = tmp_path_factory.getbasetemp() / "redteam-demo"
    played = folder / "packages.json"
    if not played.exists():
        summary = run_demo(folder, voters=4000, stop_at="exported", force=True)
        played.write_text(json.dumps(summary["packages"]), encoding="utf-8")
    packages = {place: Path(p) for place, p in json.loads(played.read_text(encoding="utf-8")).items()}
    with open_data_file(folder / "district.polldesk", kind="district") as df:
        know_district_key(district_sealing_private_key(df.conn))
    return Demo(folder, folder / "district.polldesk", packages)


_DISTRICT_KEYS: dict[str, bytes] = {}    # the fingerprint a package is `sealed_to` -> that district's private key


def know_district_key(private_key: bytes | None) -> None:
    """Let the kit open (and seal again) packages sealed for this district's key."""
    assert private_key is not None, "the demo district gave out no sealing key"
    _DISTRICT_KEYS[fingerprint(public_key_of(private_key))] = private_key


def _district_key(manifest: dict[str, Any]) -> bytes:
    return _DISTRICT_KEYS[manifest["sealed_to"]]


@pytest.fixture
def district(tmp_path: Path, demo: Demo) -> Iterator[DataFile]:
    """A copy of the demo's district file, no package imported yet."""
    copy = tmp_path / "district.polldesk"
    copy_data_file(demo.district, copy)
    df = open_data_file(copy, kind="district")
    yield df
    df.close()


def stored_entries_of(data: bytes) -> dict[str, bytes]:
    """The entries of a package exactly as its zip stores them (tables still sealed), by name, in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def entries_of(data: bytes) -> dict[str, bytes]:
    """The entries of a genuine package, by name, in order, its sealed tables opened: the rows the station wrote."""
    entries = stored_entries_of(data)
    manifest = json.loads(entries["manifest.json"])
    for entry in manifest["entries"]:
        if entry["sealed"]:
            entries[entry["name"]] = zlib.decompress(open_sealed(entries[entry["name"]], _district_key(manifest),
                                                                 seal_context(manifest, entry["table"])))
    return entries


def rows_of(blob: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in blob.decode("utf-8").splitlines() if line]


def jsonl(rows: list[dict[str, Any]]) -> bytes:
    """Rows written as a genuine station writes them."""
    return "".join(canonical(r) + "\n" for r in rows).encode("utf-8")


def zip_of(entries: list[tuple[str | zipfile.ZipInfo, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, blob in entries:
            zf.writestr(name, blob)
    return out.getvalue()


def forge(genuine: bytes, private_key: bytes, *, tables: dict[str, bytes] | None = None,
          manifest: dict[str, Any] | None = None, manifest_bytes: Callable[[bytes], bytes] | None = None,
          extra_entries: list[tuple[str | zipfile.ZipInfo, bytes]] | None = None, sealed: bool = True,
          declared_sizes: dict[str, int] | None = None) -> bytes:
    """A package re-signed with `private_key`: tables replaced (hashes, sizes, row counts made to match).

    Replaced tables are sealed for the district like genuine ones (`sealed=False`: left in clear and
    listed so, as a station skipping the seal would); so is every entry whose seal the new manifest
    moves (another kind, election, place or number), its listed size and hash made to match.
    `declared_sizes` lists a replaced table's unpacked size as given instead of its true one.
    """
    stored = stored_entries_of(genuine)
    clear = entries_of(genuine)
    doc = json.loads(stored["manifest.json"])
    before = dict(doc)
    for name, blob in (tables or {}).items():
        entry_name = f"tables/{name}.jsonl"
        clear[entry_name] = blob
        listed = [e for e in doc["entries"] if e["name"] == entry_name]
        if not listed:
            listed = [{"name": entry_name, "table": name, "key": ["seq"]}]
            doc["entries"].append(listed[0])
        listed[0].update(rows=blob.count(b"\n"), sealed=sealed and bool(doc["sealed_to"]))
    key = Ed25519PrivateKey.from_private_bytes(private_key)
    public = key.public_key().public_bytes_raw()
    doc["signer_fingerprint"] = fingerprint(public)
    doc.update(manifest or {})
    for entry in doc["entries"]:
        name, table = entry["name"], entry["table"]
        if name not in clear or (table not in (tables or {})
                                 and seal_context(doc, table) == seal_context(before, table)):
            continue        # a file that is not there, or a genuine sealed entry that still opens where it lies
        blob = clear[name]
        entry["clear_size"] = (declared_sizes or {}).get(table, len(blob))
        if entry.get("sealed"):
            blob = seal_for_district(zlib.compress(blob), public_key_of(_district_key(doc)), seal_context(doc, table))
        stored[name] = blob
        entry.update(size=len(blob), sha256=hashlib.sha256(blob).hexdigest())
    signed = canonical(doc).encode("utf-8")
    if manifest_bytes is not None:
        signed = manifest_bytes(signed)
    signature = canonical({"algorithm": "Ed25519", "public_key": base64.b64encode(public).decode(),
                           "fingerprint": fingerprint(public),
                           "signature": base64.b64encode(key.sign(signed)).decode()}).encode()
    stored["manifest.json"], stored["signature"] = signed, signature
    return zip_of([*stored.items(), *(extra_entries or [])])


def data_hash(df: DataFile) -> str:
    return election_data_hash(df.conn)


def refused(district: DataFile, tmp_path: Path, data: bytes, code: str | None = None, *,
            verify_fails: bool = False, name: str = "hostile.zip") -> str:
    """Import `data` through the command line: rejected, with a reason, the election data unchanged."""
    before = data_hash(district)
    path = tmp_path / name
    path.write_bytes(data)
    outcome = cli_import(district, [path])[0]
    assert outcome["status"] == "rejected", outcome
    if code is not None:
        assert outcome["code"] == code, outcome
    assert outcome["reason"] and any("\u4e00" <= ch <= "\u9fff" for ch in outcome["reason"]), outcome
    assert data_hash(district) == before
    assert read_events(district.conn, limit=1)[0].event == "package_rejected"
    assert verify_chain(district.conn) == (True, None)
    if verify_fails:
        ok, code_seen = cli_verify(path)
        assert not ok, f"package verify passed {name}"
    return str(outcome["code"])


_OUT: list[str] = []


def _run_cli(args: list[str]) -> tuple[int, Any]:
    out = io.StringIO()
    from contextlib import redirect_stdout

    with redirect_stdout(out):
        code = main(args)
    return code, json.loads(out.getvalue())


def cli_import(district: DataFile, paths: list[Path]) -> list[dict[str, Any]]:
    """`polldesk district import DISTRICT_DB PACKAGE...` on the open district's file."""
    code, printed = _run_cli(["district", "import", str(district.path), *map(str, paths)])
    assert code == (1 if any(p["status"] == "rejected" for p in printed) else 0)
    return list(printed)


def cli_verify(path: Path) -> tuple[bool, str]:
    """`polldesk package verify PACKAGE`: (ok, code)."""
    printed = cli_verified(path)
    return bool(printed["ok"]), str(printed.get("code", ""))


def cli_verified(path: Path) -> dict[str, Any]:
    """What `polldesk package verify PACKAGE` prints."""
    code, printed = _run_cli(["package", "verify", str(path)])
    assert code == (0 if printed["ok"] else code) and code in (0, 1, 2)
    return dict(printed)


def imported_totals(conn: sqlite3.Connection) -> dict[str, Any]:
    """What the district knows from the imports: rows per station and table, and ballots issued."""
    rows = {f"{r[0]}/{r[1]}": r[2] for r in conn.execute(
        "SELECT place_code, table_name, COUNT(*) FROM imported_rows GROUP BY 1, 2")}
    issued = conn.execute("SELECT COUNT(*) FROM imported_issuance_events WHERE event = 'issue'").fetchone()[0]
    return {"rows": rows, "issued": issued}


# --- the genuine packages: the baseline every attack is measured against --------------------------------------


def test_every_genuine_demo_package_verifies_and_imports(demo: Demo, district: DataFile) -> None:
    assert len(demo.packages) == 50
    for path in list(demo.packages.values())[:3]:
        assert cli_verify(path) == (True, "")
        assert cli_verified(path)["sealed"] is True
    outcomes = cli_import(district, sorted(demo.packages.values()))
    assert {o["status"] for o in outcomes} == {"imported"}
    assert imported_totals(district.conn)["issued"] > 3000
    assert read_package(demo.packages["C02-S1"]).place_code == "C02-S1"


def test_the_forging_kit_makes_packages_the_district_takes(demo: Demo, district: DataFile, tmp_path: Path) -> None:
    """The kit is sound: a re-signed but unchanged package is accepted (so a refusal is due to the attack)."""
    data = forge(demo.package("C02-S1"), demo.station_key("C02-S1"))
    path = tmp_path / "resigned.zip"
    path.write_bytes(data)
    assert cli_import(district, [path])[0]["status"] == "imported"
    assert import_packages(district, [demo.packages["C02-S1"]])[0].status == "already_imported"


def test_the_kit_seals_moved_or_changed_entries_again_so_the_district_opens_them(
        demo: Demo, district: DataFile, tmp_path: Path) -> None:
    """A forgery that rewrites a table (same rows) under number 2 moves every seal: the district still takes it."""
    genuine = demo.package("C02-S1")
    rows = rows_of(entries_of(genuine)["tables/issuance_events.jsonl"])
    assert rows and all(r["place_code"] == "C02-S1" for r in rows)
    data = forge(genuine, demo.station_key("C02-S1"), tables={"issuance_events": jsonl(rows)},
                 manifest={"sequence": 2})
    stored, opened = stored_entries_of(data), entries_of(data)
    clear = tmp_path / "clear.zip"
    clear.write_bytes(forge(genuine, demo.station_key("C02-S1"), tables={"issuance_events": jsonl(rows)},
                            sealed=False))
    assert cli_verified(clear)["ok"] is True and cli_verified(clear)["sealed"] is False
    assert set(read_package(data).sealed) == {e["table"] for e in read_package(genuine).manifest["entries"]}
    assert all(stored[n] != stored_entries_of(genuine)[n] for n in stored if n.startswith("tables/"))
    assert opened["tables/issuance_events.jsonl"] == jsonl(rows)
    path = tmp_path / "moved.zip"
    path.write_bytes(data)
    assert cli_import(district, [path])[0]["status"] == "imported"
