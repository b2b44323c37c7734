"""Timing the posted voter list against its floor: the same strings drawn on a bare canvas."""

from __future__ import annotations

import random
import tempfile
import time
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.db import create_data_file, transaction
from app.election.definition import definition_from_dict
from app.election.store import store_definition
from app.register.idnumber import make_id, mask
from app.register.privacy import ensure_register_key, id_hash
from app.reports.fonts import register_cjk_font
from app.reports.posted_list import BLOCKS, ROW_LEADING, ROW_SIZE, posted_list_pdf, read_sections

# The seed district: 129,600 voters in 989 groups of 19 communities (about 131 a group, 52 groups a community).
VOTERS_PER_GROUP = 131
GROUPS_PER_COMMUNITY = 52
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕建国志文斌宇浩凯鹏飞"


def build_register(path: Path, voters: int, seed: int = 2011) -> None:
    """A district file holding `voters` synthetic voters in households of three, groups of 131."""
    groups = max(1, -(-voters // VOTERS_PER_GROUP))
    communities = max(1, -(-groups // GROUPS_PER_COMMUNITY))
    data = {
        "election": {"id": "bench-2011", "name": "第四届社区居委会换届选举", "election_day": "2011-04-10",
                     "mode": "official"},
        "communities": [{
            "code": f"C{c + 1:02d}", "name": f"第{c + 1}社区",
            "groups": [{"number": n, "name": f"第{n}居民小组"}
                       for n in range(1, min(GROUPS_PER_COMMUNITY, groups - c * GROUPS_PER_COMMUNITY) + 1)],
        } for c in range(communities)],
    }
    rng = random.Random(seed)
    with create_data_file(path, kind="district", election_id="bench-2011") as df:
        group_ids = store_definition(df, definition_from_dict(data))
        key = ensure_register_key(df.conn)
        ordered = sorted(group_ids.items())
        with transaction(df.conn) as conn:
            households, rows = [], []
            for i in range(voters):
                (community, _n), group_id = ordered[i // VOTERS_PER_GROUP]
                if i % 3 == 0:
                    households.append((i // 3 + 1, community, group_id, f"{i // 3 + 1:06d}"))
                born = date(rng.randint(1925, 1992), rng.randint(1, 12), rng.randint(1, 28))
                number = make_id("110105", born, i % 1000)
                name = rng.choice(_SURNAMES) + "".join(rng.choices(_GIVEN, k=rng.randint(1, 2)))
                rows.append((i + 1, community, group_id, i // 3 + 1, name, "M" if i % 2 else "F",
                             born.isoformat(), id_hash(key, number), mask(number)))
            conn.executemany("INSERT INTO households(id, community_code, group_id, number) VALUES (?,?,?,?)",
                             households)
            conn.executemany("INSERT INTO voters(id, community_code, group_id, household_id, name, sex,"
                             " birth_date, id_hash, id_masked) VALUES (?,?,?,?,?,?,?,?,?)", rows)


def draw_floor(path: Path, lines: list[tuple[str, str, str, str, str]], rows_per_page: int) -> None:
    """The floor: the same five strings a row, on a bare canvas in the same font, no logic."""
    font = register_cjk_font()
    c = Canvas(str(path), pagesize=A4, pageCompression=1)
    y0 = A4[1] - 200
    for start in range(0, len(lines), rows_per_page):
        c.setFont(font, ROW_SIZE)
        y = y0
        for a, b, s, d, e in lines[start:start + rows_per_page]:
            c.drawString(40, y, a)
            c.drawString(80, y, b)
            c.drawString(160, y, s)
            c.drawString(200, y, d)
            c.drawString(240, y, e)
            y -= ROW_LEADING / BLOCKS
        c.showPage()
    c.save()


def measure_posted_list(voters: int) -> dict[str, float]:
    """Seconds to print the posted list of `voters` voters ("value") and to draw its strings bare ("floor")."""
    register_cjk_font()
    from app.db import open_data_file

    with tempfile.TemporaryDirectory(prefix="polldesk-bench-") as tmp:
        db = Path(tmp) / "district.polldesk"
        build_register(db, voters)
        with open_data_file(db) as df:
            started = time.perf_counter()
            document = posted_list_pdf(df.conn, Path(tmp) / "list.pdf")
            value = time.perf_counter() - started
            lines = [(str(i), v.name, "男" if v.sex == "M" else "女", "60", s.group)
                     for s in read_sections(df.conn) for i, v in enumerate(s.voters, 1)]
        started = time.perf_counter()
        draw_floor(Path(tmp) / "floor.pdf", lines, max(1, len(lines) // document.pages))
        floor = time.perf_counter() - started
    return {"value": value, "floor": floor, "pages": float(document.pages)}


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(measure_posted_list(int(sys.argv[1]) if len(sys.argv) > 1 else 129_600)))
