"""Making a station's data file from the district file: its community's election and register."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.db import DataFile, create_data_file, transaction
from app.db.datafile import attach_data_file
from app.errors import DataFileError
from app.vault import keyfile
from app.vault.wrapping import unb64

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


def create_station_file(district: DataFile, place_code: str, path: Path | str, *,
                        encrypt_for: Sequence[tuple[str, str]] | None = None,
                        recovery_public_key: bytes | None = None) -> DataFile:
    """Create the station file of `place_code` holding its community's election and register.

    The district file's ids are kept, so a voter or group has the same id everywhere. With
    `encrypt_for` (the station's users and passwords) the station file is encrypted under its own
    random key, also sealed for `recovery_public_key` (by default the district file's recovery key).
    A station file made from an encrypted district file must be encrypted too.
    """
    row = district.conn.execute(
        "SELECT community_code FROM voting_places WHERE code = ?", (place_code,)).fetchone()
    if row is None:
        raise DataFileError("unknown_place", "There is no voting place {code} in this election.", code=place_code)
    if recovery_public_key is None:
        recovery_public_key = district_recovery_key(district)
    station = create_data_file(path, kind="station", election_id=district.election_id, place_code=place_code,
                               encrypt_for=encrypt_for, recovery_public_key=recovery_public_key)
    try:
        if district.encrypted and not station.encrypted:
            raise DataFileError("station_must_be_encrypted",
                                "The district file is encrypted, so the station file of {code} must be too. "
                                "Give the station's users and passwords to create it.", code=place_code)
        _copy_community(district, station, row["community_code"])
        from app.exchange.keys import carry_sealing_key  # exchange builds on this module

        carry_sealing_key(district.conn, station.conn)   # result packages are sealed for the district
    except BaseException:
        station.close()
        for leftover in (station.path, keyfile.keys_path(station.path),
                         station.path.with_name(station.path.name + "-wal"),
                         station.path.with_name(station.path.name + "-shm")):
            leftover.unlink(missing_ok=True)
        raise
    return station


def district_recovery_key(district: DataFile) -> bytes | None:
    """The recovery public key sealed into an encrypted district file's key file (None if it has none)."""
    if not district.encrypted:
        return None
    recovery = keyfile.read_keys(district.path).get("recovery")
    return None if recovery is None else unb64(recovery["public_key"])


def _copy_community(district: DataFile, station: DataFile, community: str) -> None:
    attach_data_file(station.conn, "src", district)
    try:
        with transaction(station.conn) as conn:
            for table, where in COMMUNITY_TABLES.items():
                order = "" if table in _WITHOUT_ROWID else " ORDER BY rowid"
                conn.execute(f"INSERT INTO main.{table} SELECT * FROM src.{table} WHERE {where}{order}",
                             {"community": community})
    finally:
        station.conn.execute("DETACH DATABASE src")
