"""A synthetic district register for benchmarks: communities, groups, households and voters at any size.

Written straight into a new district data file (no import step), with valid ID numbers stored
the way the import stores them (keyed hash and masked form) and, as the import does, each voter's
place set to the one place serving its group. The people are kept in memory
(`SyntheticVoter`) so a benchmark knows what each query should find.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from app.bench.names import NameMaker
from app.db import DataFile, create_data_file, transaction
from app.election.rules import RuleSet
from app.register.idnumber import make_id, mask
from app.register.privacy import ensure_register_key, id_hash

ELECTION_ID = "bench-2011"
COMMUNITIES = 19
GROUPS_PER_COMMUNITY = 52
REGIONS = ("440112", "440103", "440104", "440105", "440106", "440111", "440113", "440114")


@dataclass(frozen=True)
class SyntheticVoter:
    """One synthetic voter and the whole ID number the data file does not keep."""

    voter_id: int
    name: str
    id_number: str
    household: str
    community: str


def build_register(path: Path, size: int, seed: int = 2011) -> tuple[DataFile, list[SyntheticVoter]]:
    """A new district file at `path` with `size` voters spread over 19 communities."""
    df = create_data_file(path, kind="district", election_id=ELECTION_ID)
    conn = df.conn
    names = NameMaker(seed)
    rnd = names.random
    voters: list[SyntheticVoter] = []
    with transaction(conn):
        key = ensure_register_key(conn)
        conn.execute("INSERT INTO election(id, name, district_name, election_day, mode, rules) VALUES (?,?,?,?,?,?)",
                     (ELECTION_ID, "基准测试选举", "基准区", "2011-04-10", "test", json.dumps(RuleSet().to_dict())))
        groups = _places_and_groups(df)
        place_of = {r[0]: r[1] for r in conn.execute("SELECT group_id, place_code FROM place_groups")}
        used: set[str] = set()
        voter_rows, household_rows = [], []
        household_id = 0
        while len(voters) < size:
            household_id += 1
            community, group_id = groups[rnd.randrange(len(groups))]
            number = f"{int(community[1:]):02d}{household_id:07d}"
            household_rows.append((household_id, community, group_id, number))
            surname = names.surname()
            for _ in range(min(rnd.choice((1, 2, 2, 3, 3, 4)), size - len(voters))):
                person = _person(used, surname if rnd.random() < 0.6 else names.surname(), names)
                voter_id = len(voters) + 1
                voters.append(SyntheticVoter(voter_id, person[0], person[1], number, community))
                voter_rows.append((voter_id, community, group_id, household_id, person[0], person[2],
                                   person[3], id_hash(key, person[1]), mask(person[1]), place_of[group_id]))
        conn.executemany("INSERT INTO households(id, community_code, group_id, number) VALUES (?,?,?,?)",
                         household_rows)
        conn.executemany("INSERT INTO voters(id, community_code, group_id, household_id, name, sex, birth_date,"
                         " id_hash, id_masked, place_code) VALUES (?,?,?,?,?,?,?,?,?,?)", voter_rows)
    conn.execute("ANALYZE")
    return df, voters


def _places_and_groups(df: DataFile) -> list[tuple[str, int]]:
    """19 communities, each with its groups, a central venue and two stations; (community, group id) pairs."""
    conn = df.conn
    groups = []
    for c in range(1, COMMUNITIES + 1):
        code = f"C{c:02d}"
        conn.execute("INSERT INTO communities(code, name) VALUES (?, ?)", (code, f"第{c}社区"))
        places = [f"{code}-Z", f"{code}-S1", f"{code}-S2"]
        for place, kind in zip(places, ("central", "station", "station"), strict=True):
            conn.execute("INSERT INTO voting_places(code, community_code, kind, name) VALUES (?,?,?,?)",
                         (place, code, kind, place))
        for n in range(1, GROUPS_PER_COMMUNITY + 1):
            group_id = int(conn.execute("INSERT INTO resident_groups(community_code, number, name) VALUES (?,?,?)",
                                        (code, n, f"第{n}居民小组")).lastrowid or 0)
            conn.execute("INSERT INTO place_groups(place_code, group_id) VALUES (?, ?)", (places[n % 3], group_id))
            groups.append((code, group_id))
    return groups


def _person(used: set[str], surname: str, names: NameMaker) -> tuple[str, str, str, str]:
    """(name, ID number, sex, birth date) with an ID number not given to anyone else."""
    r = names.random
    while True:
        born = date(1925, 1, 1) + timedelta(days=r.randrange(68 * 365))
        number = make_id(r.choice(REGIONS), born, r.randrange(1000))
        if number not in used:
            used.add(number)
            return surname + names.given(), number, "M" if int(number[16]) % 2 else "F", born.isoformat()
