"""A small district's whole election day on real files: register, four stations, counts, certified packages.

东湖社区 (C01) counts its committee election at two places: the central venue counts its box, the first
polling station counts its own box and the mobile box it sent out. 西园社区 (C02) likewise. One person
(PERSON) is registered in both communities and takes a ballot in each.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.audit import Actor
from app.counting.ballots import Ballot, Section
from app.counting.certify import certify_contest
from app.counting.store import enter_ballots
from app.db import DataFile, create_data_file, transaction
from app.election.model import Definition
from app.election.station import create_station_file
from app.election.store import store_definition
from app.exchange import export_station_package
from app.pollbook import (
    close_poll,
    issue_ballot,
    mobile_out,
    mobile_return,
    open_poll,
    receive_ballots,
    start_counting,
)
from app.register.idnumber import make_id
from app.register.privacy import ensure_register_key, id_hash
from tests.datafiles import copy_data_file

CHIEF = Actor("chief1", "chief")
CLERK = Actor("clerk1", "clerk")
COUNTER = Actor("counter1", "counter")
ADMIN = Actor("admin1", "district_admin")
PERSON = make_id("110105", date(1960, 5, 5), 71)
STATIONS = ("C01-Z", "C01-S1", "C02-Z", "C02-S1")


def ballot(director: str, deputies: tuple[str, ...], members: tuple[str, ...]) -> Ballot:
    """A committee ballot as read out."""
    return Ballot({"director": Section((director,)), "deputy": Section(deputies), "member": Section(members)})


FULL = (("张伟", "刘芳"), ("杨洋", "赵敏", "黄磊"))
SHORT = (("张伟", "刘芳"), ("杨洋", "赵敏"))           # leaves one member seat to nobody
# Box contents, per station and box. Each place's own outcome differs from the merged one.
BOXES: dict[str, dict[str, list[Ballot]]] = {
    "C01-Z": {"C01-Z-1": [ballot("王建国", *FULL)] * 3 + [ballot("李秀英", *FULL)] * 2},
    "C01-S1": {"C01-S1-1": [ballot("李秀英", *FULL)] * 5, "C01-M1-1": [ballot("李秀英", *FULL)]},
    "C02-Z": {"C02-Z-1": [ballot("王建国", *SHORT)] * 3},
    "C02-S1": {"C02-S1-1": [ballot("王建国", *SHORT)]},
}


def _voter(conn, key: bytes, community: str, group: int, n: int, number: str | None = None) -> int:  # type: ignore[no-untyped-def]
    number = number or make_id("110105" if community == "C01" else "440106", date(1950 + n, 1 + n % 12, 1 + n),
                               2 * n + 1)
    cur = conn.execute("INSERT INTO voters(community_code, group_id, name, sex, birth_date, id_hash, id_masked)"
                       " VALUES (?, ?, ?, ?, '1950-01-01', ?, ?)",
                       (community, group, f"居民{community[-1]}{n:02d}", "MF"[n % 2], id_hash(key, number),
                        number[:6] + "********" + number[-4:]))
    return int(cur.lastrowid or 0)


def build_district(folder: Path, definition: Definition) -> dict[str, list[int]]:
    """The district file with its register and reviewed candidates; returns voter ids per voting place."""
    voters: dict[str, list[int]] = {p: [] for p in STATIONS}
    with create_data_file(folder / "district.polldesk", kind="district", election_id=definition.election.id) as d:
        groups = store_definition(d, definition)
        with transaction(d.conn) as conn:
            key = ensure_register_key(conn)
            for n in range(1, 6):
                voters["C01-Z"].append(_voter(conn, key, "C01", groups[("C01", 1 + n % 2)], n))
            for n in range(6, 11):
                voters["C01-S1"].append(_voter(conn, key, "C01", groups[("C01", 3 + n % 2)], n))
            voters["C01-S1"].append(_voter(conn, key, "C01", groups[("C01", 3)], 11, PERSON))
            for n in range(1, 5):
                voters["C02-Z"].append(_voter(conn, key, "C02", groups[("C02", 1 + n % 2)], n))
            voters["C02-S1"].append(_voter(conn, key, "C02", groups[("C02", 3)], 5, PERSON))
            conn.execute("UPDATE candidates SET review_status = 'passed', education = '高中'")
            conn.execute("UPDATE candidates SET incumbent = 1, party = '中共党员', education = '大专'"
                         " WHERE name IN ('李秀英', '张伟', '王建国')")
            conn.execute("UPDATE candidates SET ethnicity = '回族' WHERE name = '赵敏'")
            conn.execute("INSERT INTO election_committees(community_code, formed_by, formed_on)"
                         " VALUES ('C01', 'residents_meeting', '2011-03-05')")
    return voters


def run_station(district: DataFile, place: str, voter_ids: list[int], out: Path) -> Path:
    """The station's day: poll, issue (in person, one proxy and one mobile at C01-S1), count, certify, export."""
    station = create_station_file(district, place, out / f"{place}.polldesk")
    contest = f"{place[:3]}-committee"
    with station:
        conn = station.conn
        receive_ballots(conn, CHIEF, contest, 20)
        open_poll(conn, CHIEF)
        in_person = list(voter_ids)
        if place == "C01-S1":
            mobile, principal, proxy = in_person.pop(0), in_person.pop(0), in_person[0]
            mobile_out(conn, CLERK, "C01-M1-1", [mobile], contest)
            mobile_return(conn, CHIEF, "C01-M1-1", 1)
            issue_ballot(conn, CLERK, proxy, contest, proxy_for=principal, auth_no="W-001")
        for voter in in_person:
            issue_ballot(conn, CLERK, voter, contest)
        close_poll(conn, CHIEF)
        start_counting(conn, CHIEF)
        for box, ballots in BOXES[place].items():
            enter_ballots(conn, COUNTER, contest, box, ballots)
        certify_contest(conn, CHIEF, contest)
        return export_station_package(station, out / "usb")


_BUILT: dict[str, Path] = {}


def election_day(definition: Definition, base: Path) -> Path:
    """The folder with district.polldesk (nothing imported) and usb/ (one package per station), built once."""
    if "day" not in _BUILT:
        folder = base / "day"
        folder.mkdir()
        voters = build_district(folder, definition)
        from app.db import open_data_file

        with open_data_file(folder / "district.polldesk", kind="district") as district:
            for place in STATIONS:
                run_station(district, place, voters[place], folder)
        _BUILT["day"] = folder
    return _BUILT["day"]


def copy_day(source: Path, target: Path) -> tuple[Path, list[Path]]:
    """A fresh copy of the district file and the packages, in station order."""
    copy_data_file(source / "district.polldesk", target / "district.polldesk")
    packages = sorted((source / "usb").glob("*.zip"))
    return target / "district.polldesk", [next(p for p in packages if place in p.name) for place in STATIONS]
