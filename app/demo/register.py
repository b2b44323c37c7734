"""Writing the demo's households and voters into the district file, fast and without clear ID numbers."""

from __future__ import annotations

from collections.abc import Iterator

from app.db import DataFile, transaction
from app.demo.population import Household, Voter
from app.register.idnumber import mask
from app.register.privacy import ensure_register_key, id_hash

_VOTER_COLUMNS = ("id, community_code, group_id, household_id, name, sex, birth_date, id_hash, id_masked,"
                  " ethnicity, category, address, place_code")


def write_register(df: DataFile, households: list[Household], voters: list[Voter],
                   group_ids: dict[tuple[str, int], int]) -> None:
    """Insert every household and voter in one transaction; the ID number goes in only as hash and mask."""
    with transaction(df.conn) as conn:
        key = ensure_register_key(conn)
        conn.executemany(
            "INSERT INTO households(id, community_code, group_id, number, address) VALUES (?,?,?,?,?)",
            ((h.id, h.community, group_ids[(h.community, h.group)], h.number, h.address) for h in households))

        def rows() -> Iterator[tuple[object, ...]]:
            for v in voters:
                p = v.person
                yield (v.id, v.community, group_ids[(v.community, v.group)], v.household, p.name, p.sex,
                       p.birth_date.isoformat(), id_hash(key, p.id_number), mask(p.id_number), p.ethnicity,
                       v.category, v.address, v.place)

        conn.executemany(f"INSERT INTO voters({_VOTER_COLUMNS}) VALUES ({','.join('?' * 13)})", rows())
