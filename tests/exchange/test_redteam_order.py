"""Red team, packages against each other and against the district: replays, contradictions, keys, orders."""

from __future__ import annotations

import random
from pathlib import Path

from app.audit import SYSTEM, append_event
from app.db import DataFile, open_data_file, transaction
from app.district.merge import merge_contests
from app.exchange import (
    export_setup_package,
    export_station_package,
    import_packages,
    load_setup_package,
    pin_station_key,
    read_package,
    remove_package,
)
from app.exchange.keys import district_fingerprint
from tests.datafiles import copy_data_file
from tests.exchange import test_redteam_kit as kit
from tests.exchange.test_redteam_kit import (
    Demo,
    cli_import,
    data_hash,
    entries_of,
    forge,
    imported_totals,
    jsonl,
    refused,
    rows_of,
    stored_entries_of,
)

demo, district = kit.demo, kit.district    # the kit's fixtures, used here

PLACE = "C02-S1"


def _station_copy(demo: Demo, tmp_path: Path, name: str, place: str = PLACE) -> DataFile:
    """A copy of a station's file as it was after its first export (same key, same numbers)."""
    path = tmp_path / f"{name}.polldesk"
    copy_data_file(demo.folder / "stations" / f"{place}.polldesk", path)
    return open_data_file(path, kind="station")


def _later_packages(demo: Demo, tmp_path: Path, count: int = 2, place: str = PLACE) -> list[Path]:
    """The station's next genuine packages (numbers 2, 3, ...): each repeats and extends the one before."""
    with _station_copy(demo, tmp_path, f"later-{place}", place) as station:
        return [export_station_package(station, tmp_path / "usb2") for _ in range(count)]


def _results(conn: object) -> list[tuple[str, object]]:
    return [(m.contest_id, m.outcome.to_dict() if m.outcome else None, tuple(m.stations))  # type: ignore[misc]
            for m in merge_contests(conn)]  # type: ignore[arg-type]


def test_genuine_packages_in_any_order_give_the_same_totals(demo: Demo, tmp_path: Path) -> None:
    later = _later_packages(demo, tmp_path) + _later_packages(demo, tmp_path, 1, "C03-Z")
    genuine = [*sorted(demo.packages.values()), *later]
    seen = []
    for order in range(3):
        copy = tmp_path / f"district-{order}.polldesk"
        copy_data_file(demo.district, copy)
        packages = list(genuine)
        if order == 1:
            packages.reverse()
        elif order == 2:
            random.Random(7).shuffle(packages)
        with open_data_file(copy, kind="district") as df:
            outcomes = import_packages(df, packages)
            # an older number after a newer one is refused as a replay; nothing else is refused
            assert {o.code for o in outcomes if o.status == "rejected"} <= {"replayed"}
            seen.append((imported_totals(df.conn), _results(df.conn)))
    assert seen[0] == seen[1] == seen[2]
    assert seen[0][0]["issued"] > 3000


def test_importing_everything_again_changes_nothing(demo: Demo, district: DataFile) -> None:
    packages = sorted(demo.packages.values())
    cli_import(district, packages)
    before = data_hash(district)
    assert {o["status"] for o in cli_import(district, packages)} == {"already_imported"}
    assert data_hash(district) == before


def test_removing_an_import_restores_the_state_before_it(demo: Demo, district: DataFile, tmp_path: Path) -> None:
    empty = data_hash(district)
    second, third = _later_packages(demo, tmp_path)
    cli_import(district, [demo.packages[PLACE]])
    after_first = data_hash(district)
    assert cli_import(district, [second])[0]["status"] == "imported"
    remove_package(district, read_package(second).package_id)
    assert data_hash(district) == after_first
    assert cli_import(district, [third])[0]["status"] == "imported"
    for package in (third, demo.packages[PLACE]):
        remove_package(district, read_package(package).package_id)
    assert data_hash(district) == empty


def test_an_older_package_after_a_newer_one_is_refused_as_a_replay(demo: Demo, district: DataFile,
                                                                  tmp_path: Path) -> None:
    second, third = _later_packages(demo, tmp_path)
    assert [o["status"] for o in cli_import(district, [third])] == ["imported"]
    refused(district, tmp_path, second.read_bytes(), "replayed")
    refused(district, tmp_path, demo.package(PLACE), "replayed")


def test_the_same_number_with_other_content_is_refused(demo: Demo, district: DataFile, tmp_path: Path) -> None:
    (second,) = _later_packages(demo, tmp_path, 1)
    with _station_copy(demo, tmp_path, "twin") as twin:
        append_event(twin.conn, SYSTEM, "settings_changed", {"setting": "note", "value": "twin"})
        twin_second = export_station_package(twin, tmp_path / "twin")
    assert read_package(twin_second).sequence == read_package(second).sequence == 2
    assert cli_import(district, [second])[0]["status"] == "imported"
    refused(district, tmp_path, twin_second.read_bytes(), "contradiction")


def test_a_later_package_that_rewrites_an_earlier_row_is_refused(demo: Demo, district: DataFile,
                                                                tmp_path: Path) -> None:
    assert cli_import(district, [demo.packages[PLACE]])[0]["status"] == "imported"
    rows = rows_of(entries_of(demo.package(PLACE))["tables/issuance_events.jsonl"])
    issue = next(r for r in rows if r["event"] == "issue")
    issue["voter_id"] += 1
    data = forge(demo.package(PLACE), demo.station_key(PLACE), tables={"issuance_events": jsonl(rows)},
                 manifest={"sequence": 2})
    refused(district, tmp_path, data, "contradiction_rows")


def test_a_later_package_that_drops_earlier_rows_is_refused(demo: Demo, district: DataFile, tmp_path: Path) -> None:
    """Else the totals would depend on the order: the dropped ballots kept or lost."""
    assert cli_import(district, [demo.packages[PLACE]])[0]["status"] == "imported"
    entries = entries_of(demo.package(PLACE))
    rows = rows_of(entries["tables/issuance_events.jsonl"])
    data = forge(demo.package(PLACE), demo.station_key(PLACE), tables={"issuance_events": jsonl(rows[:-40])},
                 manifest={"sequence": 2})
    refused(district, tmp_path, data, "rows_dropped")
    doc_entries = [e for e in read_package(demo.packages[PLACE]).manifest["entries"]
                   if e["table"] != "certified_results"]
    without = forge(demo.package(PLACE), demo.station_key(PLACE), manifest={"sequence": 2, "entries": doc_entries})
    without = kit.zip_of([(n, b) for n, b in stored_entries_of(without).items() if "certified_results" not in n])
    refused(district, tmp_path, without, "rows_dropped")


def test_a_package_of_another_election_is_refused(demo: Demo, district: DataFile, tmp_path: Path) -> None:
    data = forge(demo.package(PLACE), demo.station_key(PLACE), manifest={"election_id": "demo-2011-s2012"})
    refused(district, tmp_path, data, "other_election")


def test_a_package_for_a_place_not_in_the_election_is_refused(demo: Demo, district: DataFile,
                                                              tmp_path: Path) -> None:
    data = forge(demo.package(PLACE), demo.station_key(PLACE), manifest={"place_code": "C20-S1"})
    refused(district, tmp_path, data, "unknown_station")


def test_a_test_package_into_an_official_election_is_refused(demo: Demo, district: DataFile,
                                                             tmp_path: Path) -> None:
    with transaction(district.conn) as conn:
        conn.execute("UPDATE election SET mode = 'official'")
    refused(district, tmp_path, demo.package(PLACE), "wrong_mode")


def test_an_official_package_into_a_test_election_is_refused(demo: Demo, district: DataFile,
                                                             tmp_path: Path) -> None:
    data = forge(demo.package(PLACE), demo.station_key(PLACE), manifest={"mode": "official"})
    refused(district, tmp_path, data, "wrong_mode")


def test_a_setup_package_offered_as_a_result_is_refused(demo: Demo, district: DataFile, tmp_path: Path) -> None:
    setup = export_setup_package(district, PLACE, tmp_path / "setup")
    refused(district, tmp_path, setup.path.read_bytes(), "wrong_kind")


def test_a_package_signed_by_a_key_other_than_the_pinned_one_is_refused(demo: Demo, district: DataFile,
                                                                       tmp_path: Path) -> None:
    with _station_copy(demo, tmp_path, "real") as real:
        pin_station_key(district, PLACE, kit.fingerprint(bytes(real.conn.execute(
            "SELECT public_key FROM exchange_own_key").fetchone()[0])))
    forged = forge(demo.package(PLACE), demo.station_key("C03-S1"))
    refused(district, tmp_path, forged, "other_key")
    assert cli_import(district, [demo.packages[PLACE]])[0]["status"] == "imported"


def test_a_package_signed_by_another_key_after_the_first_is_refused(demo: Demo, district: DataFile,
                                                                   tmp_path: Path) -> None:
    assert cli_import(district, [demo.packages[PLACE]])[0]["status"] == "imported"
    forged = forge(demo.package(PLACE), demo.station_key("C03-S1"), manifest={"sequence": 2})
    refused(district, tmp_path, forged, "other_key")


def test_a_station_set_up_by_another_district_office_is_refused(demo: Demo, district: DataFile,
                                                                tmp_path: Path) -> None:
    """Same election, same place codes, but another office's file (its own district key) set the station up."""
    rogue_path = tmp_path / "rogue-district.polldesk"
    copy_data_file(demo.district, rogue_path)
    with open_data_file(rogue_path, kind="district") as rogue:
        setup = export_setup_package(rogue, PLACE, tmp_path / "rogue")
        rogue_key = district_fingerprint(rogue.conn)
    with load_setup_package(setup.path, tmp_path / "rogue-station.polldesk", district_fingerprint=rogue_key,
                            setup_code=setup.setup_code) as station:
        package = export_station_package(station, tmp_path / "rogue-usb")
    assert district_fingerprint(district.conn) != rogue_key
    refused(district, tmp_path, package.read_bytes(), "other_district")


def test_a_station_set_up_by_this_district_office_is_taken(demo: Demo, district: DataFile, tmp_path: Path) -> None:
    setup = export_setup_package(district, PLACE, tmp_path / "setup")
    key = district_fingerprint(district.conn)
    with load_setup_package(setup.path, tmp_path / "station.polldesk", district_fingerprint=key,
                            setup_code=setup.setup_code) as station:
        package = export_station_package(station, tmp_path / "usb")
    assert read_package(package).manifest["extra"]["district_fingerprint"] == key
    assert cli_import(district, [package])[0]["status"] == "imported"
