"""The import's fast paths for the usual row give exactly what the full checks give, faults included."""

from __future__ import annotations

import gc
import hashlib
import hmac
import itertools
import re
import unicodedata
from datetime import date
from operator import mul
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.db import DataFile
from app.errors import PollDeskError
from app.register import checker, reader
from app.register.checker import check_row, person_name
from app.register.context import RegisterContext
from app.register.idnumber import CHECK_CHARS, WEIGHTS, check_char, make_id, normalise
from app.register.importer import import_register
from app.register.privacy import IdHasher, id_hash
from app.register.reader import SYNONYMS, SourceRow

ELECTION_DAY = date(2011, 4, 10)
KEY = bytes(range(32))
ADULT = make_id("110105", date(1960, 5, 17), 1)           # a man
WOMAN = make_id("110105", date(1949, 12, 31), 2)
REGISTERED = make_id("440106", date(1975, 2, 28), 3)
YOUNG = make_id("110105", date(1993, 4, 10), 5)           # 18 on election day: of age
MINOR = make_id("110105", date(1993, 4, 11), 7)


def _context(chosen: str | None) -> RegisterContext:
    context = RegisterContext(KEY, {id_hash(KEY, REGISTERED): ("C02", 9)}, {"C01": "东湖社区", "C02": "西园社区"},
                              {("C01", 1): 1, ("C01", 2): 2, ("C02", 1): 3})
    context.chosen_community = chosen
    return context


VARIANTS = {
    "name": ["张三", "欧阳晓明", "", " 王　伟", "阿卜杜·热合曼", "李\u200b四", "Zhang San", "〇一"],
    "id_number": [ADULT, WOMAN, REGISTERED, YOUNG, MINOR, ADULT.lower(), f" {ADULT}",
                  ADULT[:17] + ("0" if ADULT[17] != "0" else "1"), ADULT[:17], "", "110105196013170011",
                  "4.40112E+17", WOMAN[:17] + "x", "１１０１０５１９６０" + ADULT[10:],
                  make_id("110105", date(1870, 1, 1), 1), make_id("110105", date(2099, 1, 1), 1)],
    "sex": ["", "男", "女", "M", "f", " 男", "男性", "1", "2", "未知"],
    "birth_date": ["", "1960-05-17", "1949-12-31", "1960/05/17", "19600517", "1960-5-17", "1960-13-01",
                   "1961-05-17", "1960年5月", "not a date"],
    "group": ["1", "2", "第二居民小组", "", "9", "组", " 1"],
    "community": ["", "C01", "C02", "东湖社区", "西园", "C09", " C01"],
    "category": ["", "户籍", "人户分离", "hukou", "外来", " 户籍"],
    "household": ["", "0001", " 0002 "],
    "address": ["", "东湖路1号", " 西园路2号 "],
    "ethnicity": ["", "汉族", "回族"],
}
CELLS = {field: st.sampled_from(values) for field, values in VARIANTS.items()}


def _clean_cells(number: str, group: str, community: str) -> dict[str, str]:
    born = f"{number[6:10]}-{number[10:12]}-{number[12:14]}"
    return {"name": "张三", "id_number": number, "sex": "男" if int(number[16]) % 2 else "女", "birth_date": born,
            "group": group, "community": community, "household": "0001"}


# Mostly clean rows (the fast path's case) with a few cells swapped for unusual or faulty ones.
ROWS = st.builds(
    lambda base, changes: {**base, **changes},
    st.builds(_clean_cells, st.sampled_from([ADULT, WOMAN, REGISTERED, YOUNG, MINOR]), st.sampled_from(["1", "2"]),
              st.sampled_from(["C01", "C02", ""])),
    st.lists(st.sampled_from(sorted(CELLS)), max_size=2, unique=True).flatmap(
        lambda fields: st.fixed_dictionaries({f: CELLS[f] for f in fields})))


@settings(max_examples=500, deadline=None)
@given(rows=st.lists(ROWS, min_size=1, max_size=6),
       chosen=st.sampled_from([None, "C01"]), with_context=st.booleans())
def test_every_row_gets_the_same_judgement_with_or_without_the_fast_path(
        rows: list[dict[str, str]], chosen: str | None, with_context: bool) -> None:
    fast_context = _context(chosen) if with_context else None
    full_context = _context(chosen) if with_context else None
    fast_seen: dict[str, int] = {}
    full_seen: dict[str, int] = {}
    for number, cells in enumerate(rows, start=3):
        source = SourceRow(number, cells)
        fast = check_row(source, ELECTION_DAY, fast_context, fast_seen)
        full = checker._judge_row(source, ELECTION_DAY, full_context, full_seen)
        assert fast == full
    assert fast_seen == full_seen


@pytest.mark.parametrize("field", sorted(VARIANTS))
def test_each_unusual_or_faulty_cell_is_judged_as_in_full(field: str) -> None:
    for number in (ADULT, WOMAN, REGISTERED, YOUNG, MINOR):
        for group, community in (("1", "C01"), ("2", "C02"), ("1", "")):
            for value, bare in itertools.product(VARIANTS[field], (False, True)):
                cells = {**_clean_cells(number, group, community), field: value}
                if bare:        # no sex or birth date to contradict the ID number
                    cells.update(sex="", birth_date="")
                for context, seen in itertools.product((None, _context(None), _context("C01")), ({}, {ADULT: 2})):
                    fast_seen, full_seen = dict(seen), dict(seen)
                    fast = check_row(SourceRow(5, cells), ELECTION_DAY, context, fast_seen)
                    assert fast == checker._judge_row(SourceRow(5, cells), ELECTION_DAY, context, full_seen)
                    assert fast_seen == full_seen


def test_a_clean_row_takes_the_fast_path() -> None:
    cells = {"name": "张三", "id_number": ADULT, "sex": "男", "birth_date": "1960-05-17", "group": "1",
             "community": "C01", "household": "0001"}
    row = checker._clean_row(SourceRow(2, cells), ELECTION_DAY, _context(None), {})
    assert row is not None and not row.problems and row.id_hash == id_hash(KEY, ADULT)


def _normalise_in_full(raw: str) -> str:
    """`normalise` as it was written before its fast path."""
    text = unicodedata.normalize("NFKC", str(raw)).upper()
    text = re.sub(r"\s+", "", "".join(ch for ch in text if unicodedata.category(ch) != "Cf"))
    if text[:1] in ("'", "="):
        text = re.sub(r'^(?:\'|="?)?(.*?)"?$', r"\1", text)
    if "." in text:
        text = re.sub(r"^(\d{15}|\d{18})\.0+$", r"\1", text)
    return text


@given(raw=st.text(max_size=24) | st.from_regex(r"[0-9A-Za-z]{1,20}", fullmatch=True))
def test_id_numbers_normalise_as_before(raw: str) -> None:
    assert normalise(raw) == _normalise_in_full(raw)


@given(digits=st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩", min_size=17, max_size=17))
def test_the_check_character_is_the_weighted_sum_of_gb_11643(digits: str) -> None:
    assert check_char(digits) == CHECK_CHARS[sum(map(mul, map(int, digits), WEIGHTS)) % 11]


@pytest.mark.parametrize("size", [0, 16, 32, 64, 65, 200])
def test_the_import_hash_is_hmac_sha256_of_the_register_key(size: int) -> None:
    key = hashlib.sha256(str(size).encode()).digest() * 7
    key = key[:size]
    hasher = IdHasher(key)
    for number in (ADULT, WOMAN, "X"):
        assert hasher(number) == hmac.new(key, number.encode(), hashlib.sha256).hexdigest()
    assert hasher(ADULT) == id_hash(key, ADULT.lower())


def test_plain_han_names_are_their_own_registered_form() -> None:
    for code in range(0x4E00, 0xA000):
        ch = chr(code)
        assert unicodedata.normalize("NFKC", ch) == ch and unicodedata.category(ch) != "Cf"
    assert person_name("欧阳晓明") == "欧阳晓明"


_HEADER_WORDS = [w for words in SYNONYMS.values() for w in words]
_DECORATED = st.builds(lambda pre, word, post: pre + word + post, st.sampled_from(["", " ", "*", "（必填）", "Ｎ"]),
                       st.sampled_from(_HEADER_WORDS + ["ID-Number", "NAME", "Ｓｅｘ"]),
                       st.sampled_from(["", "：", "(18位)", " ", "号"]))


@given(cells=st.lists(_DECORATED | st.text(max_size=8) | st.sampled_from(["张三", "男", "1", "C01"]), max_size=9))
def test_a_repeated_header_is_told_from_a_voter_as_before(cells: list[str]) -> None:
    assert reader._names_columns(cells) == (len(reader._match_header(cells)) >= reader.MIN_HEADER_MATCHES)


@given(piece=st.text(alphabet="ab\r\n\x0b\x1c\u2028", min_size=1, max_size=200), count=st.integers(0, 30),
       repeat=st.sampled_from([1, 70_000]))
def test_the_csv_sample_is_the_first_lines_of_the_file(piece: str, count: int, repeat: int) -> None:
    text = (piece * (repeat // len(piece) + 1))[:repeat] if repeat > 1 else piece    # long: cut inside a line
    assert reader._first_lines(text, count) == text.splitlines()[:count]


def test_a_long_first_line_is_sampled_whole() -> None:
    text = "x\r\n" * 5 + "y" * 70_000 + "\nz"
    assert reader._first_lines(text, 6) == ["x"] * 5 + ["y" * 70_000]


def test_garbage_collection_is_back_on_after_an_import_even_a_failed_one(district: DataFile, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x01 not a register")
    assert gc.isenabled()
    with pytest.raises(PollDeskError):
        import_register(district.conn, bad)
    assert gc.isenabled()
    good = tmp_path / "good.csv"
    good.write_text(f"姓名,公民身份号码,居民小组,社区\n张三,{ADULT},1,C01\n", encoding="utf-8")
    assert import_register(district.conn, good).imported == 1
    assert gc.isenabled()


def test_a_header_repeated_in_full_width_letters_is_not_a_voter() -> None:
    assert reader._names_columns(["ＮＡＭＥ", "Ｓｅｘ", "1"])
    assert not reader._names_columns(["张三", "男", ADULT, "1960-05-17", "1", "0001", "C01"])


def test_a_total_with_a_colon_in_the_id_column_is_a_remark_not_a_voter(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text(f"姓名,公民身份号码,居民小组\n张三,{ADULT},1\n,Total:1,\n李四,{WOMAN},1\n", encoding="utf-8")
    assert [r.number for r in reader.read_register(path).rows] == [2, 4]
