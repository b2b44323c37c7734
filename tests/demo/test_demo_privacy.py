"""The demo's people have valid ID numbers, and no ID number is ever written in clear."""

from __future__ import annotations

import re
from datetime import date

from demo_support import DemoRun

from app.db import DataFile, open_data_file
from app.demo.district import build_district
from app.demo.people import age_on
from app.register.idnumber import mask, parse_id
from app.register.privacy import id_hash, register_key

ELECTION_DAY = date(2011, 4, 10)
DIGIT_RUN = re.compile(rb"[\dXx]{18,}")   # any ID number, even glued to other text, lies in such a run
ID_SHAPED = re.compile(rb"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


def test_generated_id_numbers_are_valid_and_match_each_adult(small_demo: DemoRun) -> None:
    district = build_district(small_demo.summary["seed"], small_demo.summary["voters"])
    numbers = [v.person.id_number for v in district.voters]
    assert len(set(numbers)) == len(numbers)
    for v in district.voters:
        number = parse_id(v.person.id_number)
        assert number.birth_date == v.person.birth_date
        assert number.sex == v.person.sex
        assert age_on(number.birth_date, ELECTION_DAY) >= 18
        expected_region = "442000" if v.category == "hukou" else None
        if expected_region:
            assert number.region == expected_region
        else:
            assert number.region != "442000"


def test_stored_masks_and_hashes_belong_to_the_generated_ids(small_demo: DemoRun, district: DataFile) -> None:
    generated = build_district(small_demo.summary["seed"], small_demo.summary["voters"])
    key = register_key(district.conn)
    rows = district.conn.execute("SELECT id, name, id_hash, id_masked FROM voters ORDER BY id").fetchall()
    assert len(rows) == len(generated.voters)
    for row, voter in zip(rows, generated.voters, strict=True):
        assert row["id"] == voter.id and row["name"] == voter.person.name
        assert row["id_masked"] == mask(voter.person.id_number)
        assert re.fullmatch(r"\d{6}\*{8}\d{3}[\dX]", row["id_masked"])
        assert row["id_hash"] == id_hash(key, voter.person.id_number)


def test_no_id_number_appears_in_any_demo_file(small_demo: DemoRun) -> None:
    generated = build_district(small_demo.summary["seed"], small_demo.summary["voters"])
    numbers = {v.person.id_number.encode() for v in generated.voters}
    files = sorted(small_demo.out.rglob("*.polldesk*"))      # data files and, after the day, their backups
    assert len([f for f in files if f.suffix == ".polldesk"]) == 1 + len(small_demo.summary["station_files"])
    for path in files:
        data = path.read_bytes()
        assert ID_SHAPED.findall(data) == [], path.name
        windows = {run[i:i + 18] for run in DIGIT_RUN.findall(data) for i in range(len(run) - 17)}
        assert not windows & numbers, path.name


def test_station_files_hold_only_their_community_and_the_register_key(small_demo: DemoRun,
                                                                      district: DataFile) -> None:
    key = register_key(district.conn)
    election = small_demo.summary["election_id"]
    for code, path in small_demo.summary["station_files"].items():
        community = district.conn.execute(
            "SELECT community_code FROM voting_places WHERE code = ?", (code,)).fetchone()[0]
        expected = district.conn.execute(
            "SELECT COUNT(*) FROM voters WHERE community_code = ?", (community,)).fetchone()[0]
        with open_data_file(path, kind="station", election_id=election) as station:
            conn = station.conn
            assert station.place_code == code
            assert [r[0] for r in conn.execute("SELECT code FROM communities")] == [community]
            assert conn.execute("SELECT COUNT(*) FROM voters").fetchone()[0] == expected
            assert conn.execute("SELECT COUNT(DISTINCT community_code) FROM voters").fetchone()[0] == 1
            assert conn.execute("SELECT COUNT(DISTINCT community_code) FROM contests").fetchone()[0] == 1
            assert register_key(conn) == key
