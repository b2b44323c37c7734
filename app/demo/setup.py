"""The demo's `setup` stage: the district file with election and register, and one station file per place."""

from __future__ import annotations

import sqlite3
from collections import Counter
from typing import Any

from app.auth import ensure_demo_users
from app.candidates.checks import check_nominations
from app.db import create_data_file
from app.demo.committees import form_committees
from app.demo.district import build_district
from app.demo.polls_open import cheap_demo_hashes
from app.demo.printed import PRINTED_DIR, post_and_print
from app.demo.register import write_register
from app.demo.stages import DemoContext
from app.election.station import create_station_file
from app.election.store import store_definition
from app.register.lookup_index import build_lookup_index
from app.vault.keyfile import Unlock
from app.vault.recovery import make_recovery_key, read_recovery_key


def setup(ctx: DemoContext) -> None:
    """Generate the district, write the district file and every station file, and count what is there."""
    ctx.step(0, 1)
    district = build_district(ctx.seed, ctx.voters, ctx.mode)
    ctx.state["district"] = district
    election_id = district.definition.election.id
    places = [p.code for c in district.definition.communities for p in c.places]
    total = 2 + len(places)
    ctx.step(1, total)
    recovery = _recovery_key(ctx, election_id) if ctx.encrypt else None
    with create_data_file(ctx.district_file, kind="district", election_id=election_id,
                          encrypt_for=[] if ctx.encrypt else None, recovery_public_key=recovery) as df:
        if ctx.encrypt and district.definition.election.is_test:
            with cheap_demo_hashes():
                ensure_demo_users(df, district.definition.election)
        group_ids = store_definition(df, district.definition)
        write_register(df, district.households, district.voters, group_ids)
        build_lookup_index(df.conn)
        planted = form_committees(df.conn, ctx.seed, district.definition.election.election_day)
        found = Counter(p.code for p in check_nominations(df.conn))
        ctx.summary["printed"] = post_and_print(df.conn, ctx.out / PRINTED_DIR)
    ctx.summary["nomination_problems"] = dict(sorted(found.items()))
    ctx.summary["planted_problems"] = planted
    station_files = {}
    with ctx.open_district() as df:
        for i, code in enumerate(places):
            ctx.step(2 + i, total)
            create_station_file(df, code, ctx.station_file(code), encrypt_for=[] if ctx.encrypt else None).close()
            station_files[code] = str(ctx.station_file(code))
        ctx.summary.update(count_district(df.conn))
    ctx.step(total, total)
    ctx.summary.update(election_id=election_id, district_file=str(ctx.district_file),
                       station_files=station_files)


def _recovery_key(ctx: DemoContext, election_id: str) -> bytes:
    """The district's recovery key pair for an encrypted demo: the private half in the "safe" folder.

    Every file is encrypted for its public half, and the demo's stages open the files with it; the demo
    users' published password opens them too (at a station: clerk1, chief1; at the district: admin1).
    """
    public = make_recovery_key(ctx.recovery_key_file, election_id)
    ctx.unlock = Unlock.with_recovery_key(read_recovery_key(ctx.recovery_key_file)[1])
    return public


def count_district(conn: sqlite3.Connection) -> dict[str, Any]:
    """The summary counts, read back from the district file."""
    def one(sql: str) -> int:
        return int(conn.execute(sql).fetchone()[0])

    seats = {r["id"]: r["seats"] for r in conn.execute(
        "SELECT p.id, SUM(p.seats) AS seats FROM positions p JOIN contests k ON k.id = p.contest_id"
        " WHERE k.kind = 'committee' GROUP BY p.id")}
    return {
        "communities": one("SELECT COUNT(*) FROM communities"),
        "community_codes": [r[0] for r in conn.execute("SELECT code FROM communities ORDER BY code")],
        "voters": one("SELECT COUNT(*) FROM voters"),
        "voters_by_sex": {r[0]: r[1] for r in conn.execute(
            "SELECT sex, COUNT(*) FROM voters GROUP BY sex ORDER BY sex")},
        "voters_by_category": {r[0]: r[1] for r in conn.execute(
            "SELECT category, COUNT(*) FROM voters GROUP BY category ORDER BY category")},
        "resident_groups": one("SELECT COUNT(*) FROM resident_groups"),
        "households": one("SELECT COUNT(*) FROM households"),
        "voting_places": one("SELECT COUNT(*) FROM voting_places"),
        "voting_places_by_kind": {r[0]: r[1] for r in conn.execute(
            "SELECT kind, COUNT(*) FROM voting_places GROUP BY kind ORDER BY kind")},
        "ballot_boxes": one("SELECT COUNT(*) FROM ballot_boxes"),
        "seats": {pid: seats.get(pid, 0) for pid in ("director", "deputy", "member")},
        "candidates": one("SELECT COUNT(*) FROM candidates c JOIN contests k ON k.id = c.contest_id"
                          " WHERE k.kind = 'committee'"),
        "candidates_passed": one("SELECT COUNT(*) FROM candidates c JOIN contests k ON k.id = c.contest_id"
                                 " WHERE k.kind = 'committee' AND c.review_status = 'passed'"),
        "group_leader_contests": one("SELECT COUNT(*) FROM contests WHERE kind = 'group_leader'"),
        "group_leader_candidates": one("SELECT COUNT(*) FROM candidates c JOIN contests k ON k.id = c.contest_id"
                                       " WHERE k.kind = 'group_leader'"),
        "unit_representatives": one("SELECT COUNT(*) FROM unit_representatives"),
    }
