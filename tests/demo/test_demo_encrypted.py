"""The demo as `polldesk demo` writes it: every data file, backup and package encrypted or sealed.

A byte scan of everything the demo leaves in its folder (but the printed lists and reports, which
are meant to be read) finds none of the voters' names, in UTF-8, UTF-16 or GB18030, and none of their
ID numbers, whole, by their first 14 characters, or in masked form. The same scan finds them in an
unencrypted demo, so it can see what it looks for. The files open only with the right key.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.db import Unlock, open_data_file
from app.demo import run_demo
from app.demo.district import build_district
from app.errors import DataFileError
from app.vault.recovery import read_recovery_key

VOTERS, SEED = 1_500, 2011
READABLE = {".pdf", ".xlsx"}          # posted lists, voter cards, ballots, reports: printed to be read
# Candidate runs of two to four Chinese characters, per encoding; each run is then checked against the names.
HAN_RUNS = {
    "utf-8": re.compile(rb"(?:[\xe3-\xe9][\x80-\xbf]{2}){2,8}"),
    "utf-16-le": re.compile(rb"(?:[\x00-\xff][\x34-\x9f]){2,8}"),
    "gb18030": re.compile(rb"(?:[\x81-\xfe][\x40-\xfe]){2,8}"),
}
DIGITS = re.compile(rb"[\dXx*]{14,}")


def secrets_of(voters: int, seed: int) -> tuple[set[str], set[bytes]]:
    """The demo voters' names, and their ID numbers as whole, first-14 and masked byte strings."""
    people = [v.person for v in build_district(seed, voters).voters]
    ids = {p.id_number for p in people}
    return ({p.name for p in people},
            {i.encode() for i in ids} | {i[:14].encode() for i in ids} | {f"{i[:6]}{'*' * 8}{i[-4:]}".encode()
                                                                           for i in ids})


def found_in(data: bytes, names: set[str], ids: set[bytes]) -> list[str]:
    """What of the names and ID numbers appears in `data`.

    A name counts only when its bytes are at least 6 long (a two-character name in UTF-8; three
    characters in the two-byte encodings): 4 random bytes match some two-character name too often.
    """
    hits = [run[i:i + n].decode() for run in DIGITS.findall(data)
            for i in range(len(run)) for n in (14, 18) if run[i:i + n] in ids]
    for encoding, runs in HAN_RUNS.items():
        shortest = 2 if encoding == "utf-8" else 3
        for start in (0, 1) if encoding != "utf-8" else (0,):     # two-byte text may start at an odd offset
            for run in runs.findall(data[start:]):
                text = run.decode(encoding, errors="ignore")
                hits += [text[i:i + n] for i in range(len(text)) for n in range(shortest, 5)
                         if i + n <= len(text) and text[i:i + n] in names]
    return hits


def scanned_files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.is_file() and p.suffix not in READABLE)


@pytest.fixture(scope="module")
def encrypted_demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("encrypted-demo")
    result = subprocess.run([sys.executable, "-m", "app.cli", "demo", "--out", str(out), "--voters", str(VOTERS)],
                            capture_output=True, text=True, check=True)
    return out, json.loads(result.stdout)


def test_demo_writes_encrypted_files_backups_and_sealed_packages(encrypted_demo: tuple[Path, dict]) -> None:
    out, summary = encrypted_demo
    assert summary["encrypted"] is True and summary["stage"] == "reports"
    stations = summary["station_files"]
    for path in [summary["district_file"], *stations.values()]:
        assert Path(path + ".keys").is_file()
        assert not Path(path).read_bytes().startswith(b"SQLite format 3")
    backups = sorted(Path(summary["backups"]).glob("*.bak"))
    assert len(backups) == len(stations)
    assert all(Path(f"{b}.keys").is_file() and not b.read_bytes().startswith(b"SQLite") for b in backups)
    assert len(summary["packages"]) == len(stations)


def test_byte_scan_of_everything_the_demo_wrote_finds_no_name_or_id(encrypted_demo: tuple[Path, dict]) -> None:
    out, _ = encrypted_demo
    names, ids = secrets_of(VOTERS, SEED)
    files = scanned_files(out)
    kinds = {p.name.split(".", 1)[-1] for p in files}
    assert {"polldesk", "polldesk.keys", "polldesk.bak", "polldesk.bak.keys", "zip", "key"} <= kinds
    for path in files:
        assert found_in(path.read_bytes(), names, ids) == [], path


@pytest.mark.plain_files
def test_the_same_scan_finds_the_voters_in_an_unencrypted_demo(tmp_path: Path) -> None:
    run_demo(tmp_path, voters=VOTERS, seed=SEED, stop_at="polls-open", encrypt=False)
    names, ids = secrets_of(VOTERS, SEED)
    hits = found_in((tmp_path / "district.polldesk").read_bytes(), names, ids)
    assert len({h for h in hits if h in names}) > VOTERS // 2
    assert any(h.encode() in ids for h in hits)          # the masked form is kept in clear in a plain file


def test_demo_files_open_only_with_a_demo_users_password_or_the_recovery_key(
        encrypted_demo: tuple[Path, dict], tmp_path: Path) -> None:
    out, summary = encrypted_demo
    district, station = summary["district_file"], summary["station_files"]["C01-Z"]
    with open_data_file(district, unlock=Unlock.with_password("admin1", "demo-pass")) as df:
        assert df.conn.execute("SELECT COUNT(*) FROM voters").fetchone()[0] == VOTERS
    with open_data_file(station, unlock=Unlock.with_password("chief1", "demo-pass")) as df:
        assert df.conn.execute("SELECT COUNT(*) FROM issuances").fetchone()[0] > 0
    _, recovery = read_recovery_key(summary["recovery_key"])
    for path in [district, *summary["station_files"].values()]:
        open_data_file(path, unlock=Unlock.with_recovery_key(recovery)).close()
    for path, unlock in [(district, Unlock.with_password("admin1", "wrong-pass")),
                         (station, Unlock.with_password("admin1", "demo-pass")),   # not a user of a station
                         (station, None)]:
        with pytest.raises(DataFileError):
            open_data_file(path, unlock=unlock)
    other = run_demo(tmp_path / "other", voters=1_000, seed=7, encrypt=True)      # another election's key
    _, foreign = read_recovery_key(other["recovery_key"])
    with pytest.raises(DataFileError) as refused:
        open_data_file(station, unlock=Unlock.with_recovery_key(foreign))
    assert refused.value.code == "recovery_key_mismatch"
