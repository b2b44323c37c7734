"""The import's per-row shortcuts (birth dates judged once per day, the usual ID cell, n-grams made by SQLite)
give what the full checks and `name_grams` give, on many generated rows with every kind of fault among them."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from app.bench.register_file import empty_district, register_rows, write_register_csv
from app.register import checker
from app.register.checker import _judge_row, check_row, check_rows
from app.register.context import RegisterContext
from app.register.idnumber import CHECK_CHARS, check_char, make_id
from app.register.importer import import_register
from app.register.lookup_index import name_grams
from app.register.privacy import id_hash
from app.register.reader import SourceRow, _is_remark

ELECTION_DAY = date(2011, 4, 10)
KEY = bytes(range(32))
REGISTERED = make_id("440106", date(1975, 2, 28), 3)


def _context() -> RegisterContext:
    return RegisterContext(KEY, {id_hash(KEY, REGISTERED): ("C02", 9)}, {"C01": "东湖社区", "C02": "西园社区"},
                           {("C01", 1): 1, ("C01", 2): 2, ("C02", 1): 3})


def _cells(number: str, rnd: random.Random) -> dict[str, str]:
    born = f"{number[6:10]}-{number[10:12]}-{number[12:14]}"
    return {"name": rnd.choice(["张三", "李娜", "欧阳晓明", "王伟"]), "id_number": number,
            "sex": "男" if int(number[16]) % 2 else "女", "birth_date": born, "group": rnd.choice(["1", "2"]),
            "community": "C01", "household": f"{rnd.randrange(50):04d}", "category": rnd.choice(["", "户籍"])}


def _with_digits(first17: str) -> str:
    return first17 + check_char(first17)


# One way of getting each fault the checks word, applied to a clean row's cells (number: its ID number).
FAULTS = {
    "missing_name": lambda c, n: {"name": ""},
    "id_format": lambda c, n: {"id_number": n[:17]},
    "id_checksum": lambda c, n: {"id_number": n[:17] + CHECK_CHARS[(CHECK_CHARS.index(n[17]) + 1) % 11]},
    "id_birthdate": lambda c, n: {"id_number": _with_digits(n[:10] + "0230" + n[14:17])},
    "underage": lambda c, n: {"id_number": make_id("110105", date(1993, 4, 11), 7), "sex": "", "birth_date": ""},
    "duplicate_in_file": lambda c, n: {"id_number": make_id("110105", date(1960, 5, 17), 1), "sex": "",
                                       "birth_date": ""},
    "duplicate_in_register": lambda c, n: {"id_number": REGISTERED, "sex": "", "birth_date": ""},
    "sex_unreadable": lambda c, n: {"sex": "未知"},
    "sex_mismatch": lambda c, n: {"sex": "女" if c["sex"] == "男" else "男"},
    "birthdate_unreadable": lambda c, n: {"birth_date": "not a date"},
    "birthdate_mismatch": lambda c, n: {"birth_date": f"{int(n[6:10]) + 1}-{n[10:12]}-{n[12:14]}"},
    "missing_group": lambda c, n: {"group": ""},
    "group_unreadable": lambda c, n: {"group": "组"},
    "category_unknown": lambda c, n: {"category": "外来"},
    "unknown_community": lambda c, n: {"community": "C09"},
    "missing_community": lambda c, n: {"community": ""},
    "unknown_group": lambda c, n: {"group": "9"},
}


def _generated_rows(count: int, seed: int) -> list[SourceRow]:
    """Mostly clean rows over many birth dates, one in five with one of the faults above."""
    rnd = random.Random(seed)
    rows = []
    for i in range(count):
        born = date(1930, 1, 1) + timedelta(days=rnd.randrange(80 * 365))    # some under 18, some born later
        number = make_id(rnd.choice(["110105", "440106"]), born, rnd.randrange(1000))
        cells = _cells(number, rnd)
        if rnd.random() < 0.2:
            cells.update(FAULTS[rnd.choice(sorted(FAULTS))](cells, number))
        rows.append(SourceRow(i + 2, cells))
    return rows


def test_generated_rows_with_every_kind_of_fault_are_judged_as_in_full() -> None:
    rows = _generated_rows(6000, 2011)
    checker._adult_born.cache_clear()
    for _ in range(2):      # the second time every birth date comes from the cache
        fast = check_rows(rows, ELECTION_DAY, _context())
        full_seen: dict[str, int] = {}
        full = [_judge_row(row, ELECTION_DAY, _context(), full_seen) for row in rows]
        assert fast.rows == full
    codes = {p.code for p in fast.problems}
    assert set(FAULTS) <= codes
    assert 3000 < fast.valid < 5000     # under 18: those born after April 1993


def test_every_day_around_the_eighteenth_birthday_and_29_february_is_judged_as_in_full() -> None:
    days = [ELECTION_DAY.replace(year=1993) + timedelta(days=d) for d in range(-400, 400)]
    days += [date(y, 2, 29) for y in (1992, 1996, 1904, 2000)] + [date(1880, 1, 1), date(1879, 12, 31)]
    days += [date.today(), date.today() + timedelta(days=1)]
    for election_day in (ELECTION_DAY, date(2012, 2, 29), date(2011, 2, 28), date(2011, 3, 1)):
        for born in days:
            number = make_id("110105", born, 11)
            for cells in ({"name": "张三", "id_number": number, "group": "1"},
                          {"name": "张三", "id_number": number, "group": "1", "birth_date": born.isoformat()}):
                for _ in range(2):
                    assert (check_row(SourceRow(3, cells), election_day, None, {})
                            == _judge_row(SourceRow(3, cells), election_day, None, {}))


@given(digits=st.from_regex(r"[0-9]{8}", fullmatch=True))
def test_any_eight_digits_as_a_birth_date_are_judged_as_in_full(digits: str) -> None:
    number = _with_digits("110105" + digits + "011")
    cells = {"name": "李娜", "id_number": number, "group": "2", "community": "C01"}
    assert (check_row(SourceRow(4, cells), ELECTION_DAY, _context(), {})
            == _judge_row(SourceRow(4, cells), ELECTION_DAY, _context(), {}))


@given(number=st.from_regex(r"[0-9A-Za-z]*[0-9][0-9A-Za-z]*", fullmatch=True),
       others=st.lists(st.text(max_size=8), min_size=1, max_size=4))
def test_a_usual_id_cell_never_makes_a_row_a_remark(number: str, others: list[str]) -> None:
    cells = [*others, number]
    assert not _is_remark(cells, {"name": others[0], "id_number": number})


NAMES = ["张", "张三", "张晓晓", "晓晓晓晓", "欧阳娜娜", "阿卜杜·热合曼", "司马相如如意", "王　伟", "Li Na",
         "李\u200b四", "〇一二三四五六七"]


def _grams_as_written(conn: object) -> set[tuple[str, str, int]]:
    return {tuple(r) for r in conn.execute("SELECT gram, name, voter_id FROM lookup_grams")}  # type: ignore


def _grams_of_names(conn: object) -> set[tuple[str, str, int]]:
    return {(gram, name, voter_id) for voter_id, name in conn.execute(  # type: ignore[attr-defined]
        "SELECT voter_id, name FROM lookup_index") for gram in name_grams(name)}


def test_the_n_grams_of_names_of_every_length_are_those_of_name_grams(tmp_path: Path) -> None:
    rows = register_rows(len(NAMES) * 3)
    for i, row in enumerate(rows):
        row[0] = NAMES[i % len(NAMES)]
    with empty_district(tmp_path / "district.polldesk") as df:
        result = import_register(df.conn, write_register_csv(tmp_path / "register.csv", rows))
        assert result.imported == len(rows)
        assert _grams_as_written(df.conn) == _grams_of_names(df.conn)
        assert ("晓晓", "晓晓晓晓", 4) in _grams_as_written(df.conn)
