"""Making a station's data file from the district file: its community's election and register."""

from __future__ import annotations

from pathlib import Path

from app.db import DataFile, create_data_file, transaction
from app.errors import DataFileError

# Tables copied for a station, in foreign-key order, each filtered to the station's community.
COMMUNITY_TABLES = {
    "election": "1",
    "communities": "code = :community",
    "resident_groups": "community_code = :community",
    "households": "community_code = :community",
    "voting_places": "community_code = :community",
    "ballot_boxes": "place_code IN (SELECT code FROM src.voting_places WHERE community_code = :community)",
    "place_groups": "place_code IN (SELECT code FROM src.voting_places WHERE community_code = :community)",
    "contests": "community_code = :community",
    "positions": "contest_id IN (SELECT id FROM src.contests WHERE community_code = :community)",
    "candidates": "contest_id IN (SELECT id FROM src.contests WHERE community_code = :community)",
    "unit_representatives": "community_code = :community",
    "voters": "community_code = :community",
    "register_key": "1",
    "lookup_index": "community_code = :community",
    "lookup_grams": "community_code = :community",
    "lookup_state": "1",
}
_WITHOUT_ROWID = {"lookup_grams"}


def create_station_file(district: DataFile, place_code: str, path: Path | str) -> DataFile:
    """Create the station file of `place_code` holding its community's election and register.

    The district file's ids are kept, so a voter or group has the same id everywhere.
    """
    row = district.conn.execute(
        "SELECT community_code FROM voting_places WHERE code = ?", (place_code,)).fetchone()
    if row is None:
        raise DataFileError("unknown_place", "There is no voting place {code} in this election.", code=place_code)
    station = create_data_file(path, kind="station", election_id=district.election_id, place_code=place_code)
    station.conn.execute("ATTACH DATABASE ? AS src", (str(district.path),))
    try:
        with transaction(station.conn) as conn:
            for table, where in COMMUNITY_TABLES.items():
                order = "" if table in _WITHOUT_ROWID else " ORDER BY rowid"
                conn.execute(f"INSERT INTO main.{table} SELECT * FROM src.{table} WHERE {where}{order}",
                             {"community": row["community_code"]})
    finally:
        station.conn.execute("DETACH DATABASE src")
    return station
